"""Temporal expressions: find them in an annotated document and normalize them to dates.

Every expression is resolved against the publication date into a :class:`DateValue` whose
``start``/``end`` span its precision (a month gives its first and last day, a decade
2010-01-01..2019-12-31). Our own rules run first because they are exact and fast; ``dateparser``
is the fallback for the spellings the rules do not know, and is never allowed to fill a missing
year from today's date.

Decisions (the design note leaves them to this module):

* **Numeric dates** ``01/02/2021`` are month-first (GTD and US style); day-first only when the
  first number is above 12. Dotted dates ``05.02.2021`` are day-first (European style).
  ``2010-11`` in prose is read as the years 2010–2011, not November 2010.
* **Weekdays** ("Tuesday", "on Tuesday night") are the most recent such day on or before the
  publication date: an article published on a Tuesday that says "on Tuesday" means that day.
  "last Tuesday" is strictly before it.
* **Month names without a year** ("in August") are the most recent such month not after the
  publication month; "last August" is strictly before it. A bare lowercase "may" or "march"
  is a verb or a noun, never a date.
* **Weeks** have no precision in the vocabulary: "last week", "this week", "three weeks ago"
  and "the weekend" give the Monday–Sunday week (Saturday–Sunday for weekends) with precision
  ``unknown``.
* **Hedges** ("mid-2019", "early March", "the late 1990s", "the end of last year") keep the
  precision of what they qualify: "mid-2019" is the year 2019. Guessing months inside it would
  invent precision the text does not give.
* **Ranges** ("between 3 and 5 May 2020", "from March to May 2019", "2014-2015") span both ends
  and take the coarser precision of the two; a missing month or year on the left is taken from
  the right.
* **Not points in time** give ``None``: durations and ages ("40 years", "a 40-year-old man"),
  periods ("the last 40 years", "over the next few years", "recent months", "for years"), "now",
  "currently" and vague anchors ("just days ago", "a few weeks ago"). "less than three weeks
  ago" is bounded on both sides and gives publication date minus three weeks .. publication
  date, precision ``unknown``.
* **Anchored to another event** ("the next day", "two days later", "the following morning",
  "that night", "the day before", "a month later") alone give ``None``; in a document
  (:func:`extract_dates`) they count from the closest date before them in the text, and keep
  the precision the pair allows: a day offset needs a day ("the next day" after "in May 2020"
  stays unknown), a month offset a month, a year offset a year. Weeks give the week around
  the day they lead to (precision ``unknown``, as other weeks).
* **Without a publication date** relative expressions give ``None``; absolute ones still work.
* **Data-set conventions**: GTD's unknown day or month ``02/00/2021`` gives the month (or year);
  ACLED's "(month of)" after a date coarsens it to its month. "(week of)" is left as the day,
  which is what ACLED itself codes.

Rules cost about 0.02 ms per expression and dateparser about 0.5 ms; results are cached per
(expression, publication date).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Any

from sitroom.annotation import AnnotatedDoc
from sitroom.models import DatePrecision, DateValue, Span, TimeExpression
from sitroom.numbers import UNITS
from sitroom.ontology import ontology

__all__ = ["document_date", "extract_dates", "is_anchored", "normalize", "resolve_anchored"]

# (start, end, precision): what every rule resolves to before it becomes a DateValue.
Resolved = tuple[dt.date, dt.date, DatePrecision]

# Dates outside this range are counts or codes, not years in news text.
_MIN_YEAR, _MAX_YEAR = 1800, 2100

# --- vocabulary -----------------------------------------------------------------------------

_MONTH_BY_PREFIX: dict[str, int] = {
    name[:3].lower(): number for number, name in enumerate(calendar.month_name) if name
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Month words that are also ordinary English words; only capitalized are they months.
_AMBIGUOUS_MONTHS = frozenset({"may", "mar", "march"})

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_OPT_WEEKDAY = r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),? )?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"

# Quantities of relative dates ("three weeks ago"): the small numbers, as regex alternatives.
_NUMBER_WORDS: dict[str, int] = {
    **{w: n for w, n in UNITS.items() if 1 <= n <= 12 and w not in ("single", "no")},
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "a couple of": 2,
}
_QUANTITY = r"(?P<n>\d{1,3}|a couple of|" + "|".join(sorted(_NUMBER_WORDS, key=len)[::-1]) + ")"
_UNIT = r"(?P<unit>day|week|month|year)s?"
_ANY_UNIT = r"(?:years?|months?|weeks?|days?|decades?|centur(?:y|ies)|hours?|nights?|minutes?)"

_PERIOD_WORDS = "last|past|next|coming|previous|recent|following|preceding|ensuing|intervening"

# Finest first, then the fallbacks ("unknown", "document"): the ontology's date precisions.
_PRECISION_RANK: dict[str, int] = {
    p: n for n, p in enumerate((*reversed(ontology().date_precisions), *ontology().date_fallbacks))
}

# --- small date arithmetic ------------------------------------------------------------------


def _month_span(year: int, month: int) -> Resolved:
    last_day = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last_day), "month"


def _year_span(year: int) -> Resolved:
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def _decade_span(first_year: int) -> Resolved:
    return dt.date(first_year, 1, 1), dt.date(first_year + 9, 12, 31), "decade"


def _day(day: dt.date) -> Resolved:
    return day, day, "day"


def _week_span(day: dt.date) -> Resolved:
    """The Monday–Sunday week containing ``day``; the vocabulary has no week precision."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6), "unknown"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _weekday_on_or_before(anchor: dt.date, weekday: int, strictly_before: bool) -> dt.date:
    back = (anchor.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return anchor - dt.timedelta(days=back)


def _quantity(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBER_WORDS[text]


def _which(m: re.Match[str]) -> str:
    """The "last"/"this"/"next" word of a match, lowercased; "" when absent."""
    return (m.groupdict().get("which") or "").lower()


def _month_number(word: str) -> int:
    return _MONTH_BY_PREFIX[word.rstrip(".")[:3].lower()]


# --- cleaning -------------------------------------------------------------------------------

_DASHES = re.compile(r"\s*[\u2010-\u2015\u2212]\s*")
_LEADING_PREPOSITIONS = re.compile(
    r"^(?:at least|on|in|at|during|around|about|approximately|roughly|circa|c\.|some ?time(?: in)?|"
    r"since|as of|as early as|as recently as|early on|late on|reportedly(?: on)?|"
    r"until at least)\s+",
    re.IGNORECASE,
)
_CLOCK_TIME = re.compile(
    r",?\s+(?:at\s+)?(?:around\s+)?(?:noon|midnight|\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)|"
    r"\d{1,2}:\d{2})(?:\s*(?:local time|gmt|utc))?$",
    re.IGNORECASE,
)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_HEDGES = re.compile(
    r"^(?:(?:the\s+)?(?:very\s+)?(?:early|earlier|mid|middle|late|later)(?:\s*-\s*|\s+)|"
    r"(?:the\s+)?(?:end|beginning|start|middle|first half|second half|first part|latter part|"
    r"early part|last days|first days) of\s+)",
    re.IGNORECASE,
)
_PART_OF_DAY_PREFIX = re.compile(
    r"^(?:the\s+)?(?:early\s+|late\s+|small\s+)?(?:night|morning|afternoon|evening|hours|"
    r"early hours|small hours)\s+of\s+",
    re.IGNORECASE,
)
_PART_OF_DAY_SUFFIX = re.compile(r"\s+(?:night|morning|afternoon|evening)$", re.IGNORECASE)


def _clean(expression: str) -> str:
    """The expression with typography unified and surrounding punctuation removed."""
    text = expression.replace("\u2019", "'").replace("\u2018", "'")
    text = _DASHES.sub("-", text)
    text = re.sub(r"\s+", " ", text).strip(' \t\n,;:()[]"')
    # A model span cut short at a conjunction ("between Nov. 15 and") still names its start.
    text = re.sub(r"\s+(?:and|to|or|until|-)$", "", text, flags=re.IGNORECASE)
    if not re.search(r"\s(?:and|to)\s|-", text):
        text = re.sub(r"^between\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"(?<=[A-Za-z])'s$", "", text)  # "Tuesday's", but "1990's" stays a decade
    # A clock time adds nothing at our precisions: "5 May 2020 at 10 a.m." is 5 May 2020.
    text = _CLOCK_TIME.sub("", text)
    return text.rstrip(".,;:").strip()


def _strip_repeatedly(text: str, pattern: re.Pattern[str]) -> str:
    while True:
        stripped = pattern.sub("", text, count=1)
        if stripped == text:
            return text
        text = stripped


def _strip_modifiers(text: str) -> str:
    """Remove "the", hedges and parts of the day that do not change which date is meant."""
    previous = None
    while previous != text:
        previous = text
        text = _strip_repeatedly(text, _LEADING_PREPOSITIONS)
        text = _LEADING_THE.sub("", text, count=1)
        text = _PART_OF_DAY_PREFIX.sub("", text, count=1)
        text = _HEDGES.sub("", text, count=1)
    # "Tuesday night" is Tuesday, but "last night" and "this morning" are days of their own.
    without_part = _PART_OF_DAY_SUFFIX.sub("", text)
    if without_part.lower() not in {"last", "this", "that", "the", "same", ""}:
        text = without_part
    return text.strip()


# --- what is never a point in time ----------------------------------------------------------

_NOT_A_POINT = [
    # ages: "a 40-year-old man", "aged 40"
    re.compile(r"\b\d+\s*-?\s*(?:years?|months?|weeks?|days?)\s*-?\s*old\b|\baged?\b"),
    # bare durations: "40 years", "three days", "decades", "a few weeks", "several months"
    re.compile(
        rf"^(?:{_QUANTITY} |few |a few |several |many |some |more than |over |nearly |almost |"
        rf"at least |about |the )*{_ANY_UNIT}(?: long| in a row| straight)?$"
    ),
    # periods: "the last 40 years", "over the next few years", "recent months", "the past week"
    # ("last year" is a date, "the last year" a period.)
    re.compile(
        r"^(?:for |over |throughout |within |in |during |across )?"
        rf"(?:the (?:{_PERIOD_WORDS})\b(?! weekend).*|(?:{_PERIOD_WORDS}) "
        rf"(?:{_QUANTITY}|few|several|many|couple of)\b.*|(?:recent|coming|ensuing) ){_ANY_UNIT}$"
    ),
    re.compile(r"^(?:for|throughout|over the (?!weekend))\b"),
    # no fixed point: "now", "currently", "recently", "these days"
    re.compile(
        r"^(?:now|right now|currently|presently|present|the present|nowadays|recently|lately|"
        r"soon|these days|this time|that time|the time|at the moment|at present|today's|"
        r"earlier|later|previously|once|annually|daily|weekly|monthly|yearly|every \w+|"
        r"each \w+|the future|the past|the moment|the same time)$"
    ),
    # vague relative anchors: "just days ago", "a few weeks ago", "years ago"
    re.compile(
        r"^(?:just |only |mere |a few |few |several |some |many |a matter of |more than \S+ )"
        rf"*{_ANY_UNIT} ago$"
    ),
    # anchored to another event, not to the publication date ("next week" without "the" is
    # relative to publication and handled by the rules)
    re.compile(
        r"^(?:the (?:same|next|following|previous|preceding|prior)|(?:the )?(?:same|following|"
        r"previous|preceding|prior)|that|this same|next) "
        r"(?:day|night|morning|evening|afternoon)$|^(?:the (?:same|next|following|previous|"
        r"preceding|prior)|that) (?:week|month|year)$"
    ),
    re.compile(rf"\b{_ANY_UNIT} (?:later|earlier|before|after|afterwards|prior)$"),
    re.compile(r"^(?:a |the )?(?:day|week|month|year) (?:before|after|earlier|later)$"),
]


def _is_not_a_point(lower: str) -> bool:
    return any(pattern.search(lower) for pattern in _NOT_A_POINT)


# --- rules: each gets the regex match, the case-preserved text and the publication date ------

Rule = Callable[[re.Match[str], str, dt.date | None], Resolved | None]


def _iso(m: re.Match[str], _text: str, _pub: dt.date | None) -> Resolved | None:
    day = _safe_date(int(m["year"]), int(m["m"]), int(m["d"]))
    return _day(day) if day else None


def _slashed(m: re.Match[str], _text: str, _pub: dt.date | None) -> Resolved | None:
    first, second, year = int(m["a"]), int(m["b"]), int(m["year"])
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    # GTD writes an unknown day or month as 00: "02/00/2021" is February 2021.
    if first == 0:
        return _year_span(year)
    if second == 0:
        return _month_span(year, first) if first <= 12 else None
    # Month-first (GTD, US); day-first only when the first number cannot be a month.
    month, day_number = (second, first) if first > 12 else (first, second)
    day = _safe_date(year, month, day_number)
    return _day(day) if day else None


def _dotted(m: re.Match[str], _text: str, _pub: dt.date | None) -> Resolved | None:
    first, second, year = int(m["a"]), int(m["b"]), int(m["year"])
    # European dotted dates are day-first unless the second number cannot be a month.
    day_number, month = (second, first) if second > 12 else (first, second)
    day = _safe_date(year, month, day_number)
    return _day(day) if day else None


def _year(m: re.Match[str], _text: str, _pub: dt.date | None) -> Resolved | None:
    year = int(m["year"])
    return _year_span(year) if _MIN_YEAR <= year <= _MAX_YEAR else None


def _decade(m: re.Match[str], _text: str, pub: dt.date | None) -> Resolved | None:
    digits = m["decade"]
    if len(digits) == 4:
        first_year = int(digits)
        # "the 1800s" is a century; only "the 2000s" is commonly a decade.
        if first_year % 100 == 0 and first_year != 2000:
            return None
    else:
        short = int(digits)
        reference_year = pub.year if pub else 2029
        first_year = 2000 + short if 2000 + short <= reference_year else 1900 + short
    if first_year % 10 or not _MIN_YEAR <= first_year <= _MAX_YEAR:
        return None
    return _decade_span(first_year)


def _month_year(m: re.Match[str], _text: str, _pub: dt.date | None) -> Resolved | None:
    year = int(m["year"])
    return _month_span(year, _month_number(m["month"])) if _MIN_YEAR <= year <= _MAX_YEAR else None


def _day_month_year(m: re.Match[str], _text: str, _pub: dt.date | None) -> Resolved | None:
    day = _safe_date(int(m["year"]), _month_number(m["month"]), int(m["day"]))
    return _day(day) if day else None


def _day_month(m: re.Match[str], _text: str, pub: dt.date | None) -> Resolved | None:
    """Day and month without a year: the most recent such day on or before publication."""
    if pub is None:
        return None
    month, day_number = _month_number(m["month"]), int(m["day"])
    for year in (pub.year, pub.year - 1):
        day = _safe_date(year, month, day_number)
        if day and day <= pub:
            return _day(day)
    return None


def _is_capitalized_month(m: re.Match[str], text: str) -> bool:
    word = text[m.start("month") : m.end("month")]
    return word.lower().rstrip(".") not in _AMBIGUOUS_MONTHS or word[:1].isupper()


def _month_only(m: re.Match[str], text: str, pub: dt.date | None) -> Resolved | None:
    if pub is None or not _is_capitalized_month(m, text):
        return None
    month, which = _month_number(m["month"]), _which(m)
    if which == "next":
        year = pub.year if month > pub.month else pub.year + 1
    elif which == "this":
        year = pub.year
    elif which in ("last", "past"):
        year = pub.year if month < pub.month else pub.year - 1
    else:  # the most recent such month, the publication month included
        year = pub.year if month <= pub.month else pub.year - 1
    return _month_span(year, month)


def _month_relative_year(m: re.Match[str], text: str, pub: dt.date | None) -> Resolved | None:
    if pub is None or not _is_capitalized_month(m, text):
        return None
    offset = {"last": -1, "this": 0, "next": 1}[_which(m)]
    return _month_span(pub.year + offset, _month_number(m["month"]))


def _weekday(m: re.Match[str], _text: str, pub: dt.date | None) -> Resolved | None:
    if pub is None:
        return None
    weekday, which = _WEEKDAYS.index(m["weekday"].lower()), _which(m)
    if which == "next":
        return _day(pub + dt.timedelta(days=(weekday - pub.weekday() - 1) % 7 + 1))
    return _day(_weekday_on_or_before(pub, weekday, strictly_before=which in ("last", "past")))


def _weekend(m: re.Match[str], _text: str, pub: dt.date | None) -> Resolved | None:
    if pub is None:
        return None
    saturday = _weekday_on_or_before(pub, 5, strictly_before=False)
    if _which(m) == "last" and saturday + dt.timedelta(days=1) >= pub:
        saturday -= dt.timedelta(days=7)
    elif _which(m) == "next":
        saturday += dt.timedelta(days=7)
    return saturday, saturday + dt.timedelta(days=1), "unknown"


_RELATIVE_DAYS: dict[str, int] = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "earlier today": 0,
    "yesterday": -1,
    "last night": -1,
    # ("the" is stripped before the rules run)
    "day before yesterday": -2,
    "tomorrow": 1,
    "day after tomorrow": 2,
}


def _relative_day(m: re.Match[str], _text: str, pub: dt.date | None) -> Resolved | None:
    return _day(pub + dt.timedelta(days=_RELATIVE_DAYS[m[0].lower()])) if pub else None


def _relative_period(m: re.Match[str], _text: str, pub: dt.date | None) -> Resolved | None:
    """Last, this or next week, month or year, counted from the publication date."""
    if pub is None:
        return None
    offset = {"last": -1, "this": 0, "next": 1}[_which(m)]
    unit = m["unit"].lower()
    if unit == "week":
        return _week_span(pub + dt.timedelta(weeks=offset))
    if unit == "month":
        return _month_span(*_shift_month(pub.year, pub.month, offset))
    return _year_span(pub.year + offset)


def _ago(m: re.Match[str], _text: str, pub: dt.date | None) -> Resolved | None:
    if pub is None:
        return None
    n, unit = _quantity(m["n"].lower()), m["unit"].lower()
    if unit == "day":
        return _day(pub - dt.timedelta(days=n))
    if unit == "week":
        return _week_span(pub - dt.timedelta(weeks=n))
    if unit == "month":
        return _month_span(*_shift_month(pub.year, pub.month, -n))
    return _year_span(pub.year - n)


def _less_than_ago(m: re.Match[str], _text: str, pub: dt.date | None) -> Resolved | None:
    """Less than N units ago: bounded by that moment and the publication date."""
    if pub is None:
        return None
    n, unit = _quantity(m["n"].lower()), m["unit"].lower()
    days = {"day": 1, "week": 7, "month": 31, "year": 366}[unit] * n
    return pub - dt.timedelta(days=days), pub, "unknown"


def _season_year(m: re.Match[str], _text: str, _pub: dt.date | None) -> Resolved | None:
    # Seasons differ by hemisphere and winter straddles two years: keep only the year.
    year = int(m["year"])
    return _year_span(year) if _MIN_YEAR <= year <= _MAX_YEAR else None


def _rule(pattern: str, handler: Rule) -> tuple[re.Pattern[str], Rule]:
    return re.compile(pattern, re.IGNORECASE), handler


_WHICH = r"(?:(?P<which>last|this|past|next) )?"
_RULES: list[tuple[re.Pattern[str], Rule]] = [
    _rule(r"(?P<year>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})", _iso),
    _rule(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})", _slashed),
    _rule(r"(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.(?P<year>\d{4})", _dotted),
    _rule(rf"(?:the )?(?:year )?{_YEAR}", _year),
    _rule(r"(?:the )?'?(?P<decade>\d{2}|\d{4})'?s", _decade),
    _rule(rf"{_MONTH},? (?:of )?{_YEAR}", _month_year),
    _rule(rf"{_OPT_WEEKDAY}{_DAY} (?:of )?{_MONTH},? {_YEAR}", _day_month_year),
    _rule(rf"{_OPT_WEEKDAY}{_MONTH} {_DAY},? {_YEAR}", _day_month_year),
    _rule(rf"{_OPT_WEEKDAY}(?:the )?{_DAY} (?:of )?{_MONTH}", _day_month),
    _rule(rf"{_OPT_WEEKDAY}{_MONTH} (?:the )?{_DAY}", _day_month),
    _rule(rf"{_WHICH}{_MONTH}", _month_only),
    _rule(rf"{_MONTH},? (?:of )?(?P<which>last|this|next) year", _month_relative_year),
    _rule(rf"{_WHICH}{_WEEKDAY}", _weekday),
    _rule(r"(?:(?P<which>last|this|next|over the|the) )?weekend", _weekend),
    _rule("|".join(re.escape(phrase) for phrase in _RELATIVE_DAYS), _relative_day),
    _rule(
        r"(?:earlier |later )?(?P<which>last|this|next) (?P<unit>week|month|year)", _relative_period
    ),
    _rule(rf"(?:nearly |almost |some |roughly |about |around )?{_QUANTITY} {_UNIT} ago", _ago),
    _rule(rf"(?:less than|under|fewer than|not even) {_QUANTITY} {_UNIT} ago", _less_than_ago),
    _rule(rf"(?:the )?(?:spring|summer|autumn|fall|winter),? (?:of )?{_YEAR}", _season_year),
    _rule(rf"{_YEAR} (?:spring|summer|autumn|fall|winter)", _season_year),
]


def _apply_rules(text: str, pub: dt.date | None) -> tuple[bool, Resolved | None]:
    """(matched, value): a rule that matches decides, even when it decides on None."""
    for pattern, handler in _RULES:
        match = pattern.fullmatch(text)
        if match:
            return True, handler(match, text, pub)
    return False, None


# --- ranges ---------------------------------------------------------------------------------

_RANGES = [
    re.compile(r"^between (?P<left>.+?) and (?P<right>.+)$", re.IGNORECASE),
    re.compile(
        r"^from (?P<left>.+?) (?:to|until|till|through|thru|and|-) (?P<right>.+)$", re.IGNORECASE
    ),
    re.compile(
        r"^(?:between )?(?P<left>.+?) (?:to|until|till|through|thru|and|or) (?P<right>.+)$",
        re.IGNORECASE,
    ),
    re.compile(r"^(?:between |from )?(?P<left>[^-]+?)-(?P<right>[^-]+)$", re.IGNORECASE),
]
_BARE_DAY = re.compile(r"(?:the )?(?P<day>\d{1,2})(?:st|nd|rd|th)?", re.IGNORECASE)
_FOUR_DIGIT_YEAR = re.compile(r"\b(?:1[89]|20|21)\d{2}\b")


def _coarser(a: DatePrecision, b: DatePrecision) -> DatePrecision:
    return a if _PRECISION_RANK[a] >= _PRECISION_RANK[b] else b


def _resolve_left(
    left: str, right_text: str, right: Resolved, pub: dt.date | None
) -> Resolved | None:
    """The left end of a range, borrowing a missing month or year from the right end."""
    bare_day = _BARE_DAY.fullmatch(left)
    if bare_day:
        if right[2] != "day":
            return None
        day = _safe_date(right[0].year, right[0].month, int(bare_day["day"]))
        return _day(day) if day else None
    if re.fullmatch(r"\d{4}", left) or _FOUR_DIGIT_YEAR.search(left):
        return _resolve_single(left, pub)
    year = _FOUR_DIGIT_YEAR.search(right_text)
    if year is None:
        return _resolve_single(left, pub)
    value = _resolve_single(f"{left} {year[0]}", pub)
    if value and value[0] > right[1]:
        # "December to February 2020": the left end is in the year before.
        value = _resolve_single(f"{left} {int(year[0]) - 1}", pub)
    return value


def _resolve_range(text: str, pub: dt.date | None) -> Resolved | None:
    for pattern in _RANGES:
        match = pattern.match(text)
        if not match:
            continue
        left, right_text = match["left"].strip(), match["right"].strip()
        # "2014-15": a two-digit right end shares the century of the left one.
        if re.fullmatch(r"\d{4}", left) and re.fullmatch(r"\d{2}", right_text):
            right_text = left[:2] + right_text
        right = _resolve_single(right_text, pub)
        if right is None:
            continue
        start = _resolve_left(left, right_text, right, pub)
        if start is None or start[0] > right[1]:
            continue
        return start[0], right[1], _coarser(start[2], right[2])
    return None


# --- dateparser fallback --------------------------------------------------------------------

# Used only as RELATIVE_BASE when there is no publication date; results are then accepted only
# when the expression names its year, so nothing is ever filled in from this date.
_NO_BASE = dt.date(2000, 1, 1)
_DATEPARSER_PERIODS = {"day", "month", "year", "week"}
# Periods finer than a day count as a day, but only when the day was written out: dateparser
# also answers "now" and "the 1990s" with a time of the base date.
_SUB_DAY_PERIODS = {"time", "part_of_day"}
# Bare numbers ("18", "the 5th day") are never handed to dateparser: it reads them as days.
_HAS_DATE_WORD = re.compile(
    r"\b(?:1[89]|20|21)\d{2}\b|\d[/.-]\d|\b(?:jan|feb|apr|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*day\b",
    re.IGNORECASE,
)
_CAPITALIZED_AMBIGUOUS_MONTH = re.compile(r"\b(?:May|March|Mar)\b")
_WRITTEN_MONTH = re.compile(
    r"\d[/.-]\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.IGNORECASE
)


@functools.lru_cache(maxsize=64)
def _dateparser_for(base: dt.date) -> Any:
    # Imported lazily: dateparser loads its language data on first use.
    from dateparser.date import DateDataParser

    settings = {
        "RELATIVE_BASE": dt.datetime.combine(base, dt.time()),
        "PREFER_DATES_FROM": "past",
        "RETURN_TIME_AS_PERIOD": True,
    }
    return DateDataParser(languages=["en"], settings=settings)


def _resolve_with_dateparser(text: str, pub: dt.date | None) -> Resolved | None:
    if not (_HAS_DATE_WORD.search(text) or _CAPITALIZED_AMBIGUOUS_MONTH.search(text)):
        return None
    data = _dateparser_for(pub or _NO_BASE).get_date_data(text)
    if data.date_obj is None:
        return None
    parts = data.parts or ()
    period = "day" if data.period in _SUB_DAY_PERIODS and "day" in parts else data.period
    if period not in _DATEPARSER_PERIODS:
        return None
    # dateparser reads stray numbers as years ("17 and 21 June" -> 1921) or months: trust a
    # year or month only when the text spells one out, and never take a year from the base.
    if "year" in parts and not _FOUR_DIGIT_YEAR.search(text):
        return None
    if "month" in parts and not _WRITTEN_MONTH.search(text):
        return None
    if pub is None and "year" not in parts:
        return None
    day: dt.date = data.date_obj.date()
    if not _MIN_YEAR <= day.year <= _MAX_YEAR:
        return None
    if period == "month":
        return _month_span(day.year, day.month)
    if period == "year":
        return _year_span(day.year)
    if period == "week":
        return _week_span(day)
    return _day(day)


# --- normalization --------------------------------------------------------------------------


def _resolve_single(text: str, pub: dt.date | None) -> Resolved | None:
    text = _strip_modifiers(text)
    if not text or _is_not_a_point(text.lower()):
        return None
    matched, value = _apply_rules(text, pub)
    if matched:
        return value
    return _resolve_with_dateparser(text, pub)


@functools.lru_cache(maxsize=8192)
def _resolve(expression: str, pub: dt.date | None) -> Resolved | None:
    text = _strip_repeatedly(_clean(expression), _LEADING_PREPOSITIONS)
    if not text or _is_not_a_point(text.lower()):
        return None
    stripped = _strip_modifiers(text)
    if not stripped or _is_not_a_point(stripped.lower()):
        return None
    matched, value = _apply_rules(stripped, pub)
    if matched:
        return value
    ranged = _resolve_range(stripped, pub)
    if ranged:
        return ranged
    if stripped.lower().startswith("from "):
        return _resolve_single(stripped[5:], pub)
    return _resolve_with_dateparser(stripped, pub)


def _as_date(published: dt.date | None) -> dt.date | None:
    # A datetime is a date too; only its day matters and it must hash like one for the cache.
    return published.date() if isinstance(published, dt.datetime) else published


def normalize(expression: str, published: dt.date | None) -> DateValue | None:
    """Normalize one temporal expression against the publication date.

    Returns ``None`` when the expression is not a point in time (durations, ages, periods,
    "now") or cannot be resolved; relative expressions need ``published``.
    """
    value = _resolve(expression, _as_date(published))
    if value is None:
        return None
    start, end, precision = value
    return DateValue(start=start, end=end, precision=precision, text=expression.strip())


def document_date(published: dt.date | None) -> DateValue:
    """The fallback date of an event the text does not date: the publication date."""
    published = _as_date(published)
    if published is None:
        return DateValue(precision="unknown")
    return DateValue(start=published, end=published, precision="document")


# --- expressions anchored to another event -------------------------------------------------

_ANCHOR_UNITS = {"day": "day", "night": "day", "morning": "day", "evening": "day"}
_ANCHOR_UNITS.update({"afternoon": "day", "week": "week", "month": "month", "year": "year"})
_ANCHOR_WORD = r"(?P<unit>day|night|morning|evening|afternoon|week|month|year)"
# (pattern, direction): +1 after the anchor, -1 before it, 0 the anchor's own day or period.
_ANCHORED: list[tuple[re.Pattern[str], int]] = [
    (
        re.compile(
            rf"^(?:on |in |during |by )?the (?:next|following|ensuing|subsequent) "
            rf"{_ANCHOR_WORD}$",
            re.IGNORECASE,
        ),
        1,
    ),
    (
        re.compile(
            rf"^(?:on |in )?the (?:previous|preceding|prior) {_ANCHOR_WORD}$", re.IGNORECASE
        ),
        -1,
    ),
    (
        re.compile(
            rf"^(?:on |in |during )?(?:later |earlier )?(?:that|the same|this same) "
            rf"{_ANCHOR_WORD}$",
            re.IGNORECASE,
        ),
        0,
    ),
    (
        re.compile(
            rf"^(?:(?:later|earlier) )?(?:on )?the {_ANCHOR_WORD} (?P<side>before|after)"
            rf"(?: that)?$",
            re.IGNORECASE,
        ),
        2,  # direction from the word "before"/"after"
    ),
    (
        re.compile(
            rf"^(?:some |about |nearly |almost )?(?P<n>\d{{1,3}}|an?|{'|'.join(_NUMBER_WORDS)}) "
            rf"{_ANCHOR_WORD}s? (?P<side>later|after|afterwards|earlier|before|prior)"
            rf"(?: that)?$",
            re.IGNORECASE,
        ),
        2,
    ),
]


def _anchored_offset(text: str) -> tuple[str, int] | None:
    """(unit, signed count) of an expression anchored to another event: "two days later" ->
    ("day", 2), "the night before" -> ("day", -1), "that morning" -> ("day", 0)."""
    cleaned = _clean(text)
    for pattern, direction in _ANCHORED:
        m = pattern.match(cleaned)
        if m is None:
            continue
        unit = _ANCHOR_UNITS[m["unit"].lower()]
        if direction != 2:
            return unit, direction
        groups = m.groupdict()
        count = 1
        if groups.get("n"):
            word = groups["n"].lower()
            count = 1 if word in ("a", "an") else _quantity(word)
        later = groups["side"].lower() in ("later", "after", "afterwards")
        return unit, count if later else -count
    return None


def is_anchored(text: str) -> bool:
    """Is ``text`` a date counted from another event ("the next day", "two days later")?"""
    return _anchored_offset(text) is not None


def resolve_anchored(text: str, anchor: DateValue) -> DateValue | None:
    """Resolve an expression anchored to another event against that event's date.

    The result is no more precise than the pair allows: a day offset needs an anchor known to
    the day; a month offset one known to the month; a year offset one known to the year.
    """
    found = _anchored_offset(text)
    if found is None or anchor.start is None:
        return None
    unit, n = found
    rank = _PRECISION_RANK.get(anchor.precision, 99)
    start: dt.date
    if unit == "day" and rank == 0:
        start, end, precision = _day(anchor.start + dt.timedelta(days=n))
    elif unit == "week" and rank == 0:
        start, end, precision = _week_span(anchor.start + dt.timedelta(weeks=n))
    elif unit == "month" and rank <= 1:
        start, end, precision = _month_span(*_shift_month(anchor.start.year, anchor.start.month, n))
    elif unit == "year" and rank <= 2:
        start, end, precision = _year_span(anchor.start.year + n)
    else:
        return None
    return DateValue(start=start, end=end, precision=precision, text=text.strip())


# --- extraction from an annotated document --------------------------------------------------

# Numeric and spelled-out dates the small model tags as CARDINAL or misses, and weekdays.
_TEXT_PATTERNS = [
    re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    re.compile(
        r"\b\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:January|February|March|April|May|June|July|"
        r"August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|"
        r"Dec)\.?,? \d{4}\b"
    ),
    re.compile(
        r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
        r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.? \d{1,2}(?:st|nd|rd|th)?,? "
        r"\d{4}\b"
    ),
    re.compile(
        r"(?<!\b(?:Good|Holy) )(?<!\b(?:Black|every|Every) )(?<!\beach )\b(?:(?:last|this|next) )?"
        r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
        r"(?: (?:morning|afternoon|evening|night))?(?!s)"
    ),
]
# Expressions anchored to another event, which the small model often leaves out or tags TIME.
_ANCHORED_IN_TEXT = re.compile(
    r"\b(?:(?:the )?(?:next|following|previous|preceding) (?:day|night|morning|evening|"
    r"afternoon|week|month|year)|(?:later |earlier )?(?:that|the same) (?:day|night|morning|"
    r"evening|afternoon)|the (?:day|night|week|month|year) (?:before|after)|(?:\d{1,3}|an?|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of) "
    r"(?:days?|weeks?|months?|years?|nights?) (?:later|afterwards|after|earlier|before))\b",
    re.IGNORECASE,
)
# ACLED marks dates it only knows to the month with "(month of)" after them.
_MONTH_OF = re.compile(r"\s*\(month of\)")


# The small model leaves the quantifier out of "less than three weeks ago"; it changes the
# meaning (bounded, unbounded), so the mention is widened to take it in.
_AGO_QUALIFIER = re.compile(
    r"\b(?:less than|fewer than|under|not even|more than|over|nearly|almost|about|around|"
    r"roughly|just|only|some)\s+$",
    re.IGNORECASE,
)


def _with_qualifier(text: str, start: int, end: int) -> tuple[int, int]:
    if not text[start:end].lower().endswith("ago"):
        return start, end
    qualifier = _AGO_QUALIFIER.search(text, max(0, start - 20), start)
    return (qualifier.start(), end) if qualifier else (start, end)


_FORWARD = re.compile(r"(?:before|after)$", re.IGNORECASE)


def _points_forward(text: str, start: int, end: int) -> bool:
    """ "three days after a convoy was ambushed": the anchor is what follows, another event
    the rules do not date; only "three days after." with nothing after it looks back."""
    following = text[end : end + 2].lstrip(" ")[:1]
    return bool(_FORWARD.search(text[start:end].rstrip())) and following.isalnum()


def _candidate_spans(doc: AnnotatedDoc) -> list[tuple[int, int]]:
    spans = [_with_qualifier(doc.text, e.start, e.end) for e in doc.entities if e.label == "DATE"]
    for pattern in [*_TEXT_PATTERNS, _ANCHORED_IN_TEXT]:
        spans.extend(m.span() for m in pattern.finditer(doc.text))
    return spans


def _without_overlaps(
    found: list[tuple[int, int, DateValue]],
) -> list[tuple[int, int, DateValue]]:
    """Keep the longest of overlapping spans (ties: the first found, i.e. the model's)."""
    kept: list[tuple[int, int, DateValue]] = []
    for item in sorted(found, key=lambda f: -(f[1] - f[0])):
        if all(item[1] <= k[0] or item[0] >= k[1] for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f[0])


def _coarsen_if_marked(text: str, end: int, value: DateValue) -> DateValue:
    if value.start is None or value.precision != "day" or not _MONTH_OF.match(text, end):
        return value
    start, last, precision = _month_span(value.start.year, value.start.month)
    return value.model_copy(update={"start": start, "end": last, "precision": precision})


def extract_dates(doc: AnnotatedDoc, published: dt.date | None) -> list[TimeExpression]:
    """All normalizable temporal expressions of ``doc``, in text order, without overlaps.

    Candidates are the model's DATE entities plus a regex pass for numeric dates and weekdays;
    each mention is the span as found (widened only over a quantifier before "... ago"),
    normalized on a cleaned copy of its text.
    """
    published = _as_date(published)
    found: list[tuple[int, int, DateValue]] = []
    anchored: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    for start, end in _candidate_spans(doc):
        if (start, end) in seen:
            continue
        seen.add((start, end))
        value = normalize(doc.text[start:end], published)
        if value is not None:
            found.append((start, end, _coarsen_if_marked(doc.text, end, value)))
        elif is_anchored(doc.text[start:end]) and not _points_forward(doc.text, start, end):
            anchored.append((start, end))
    # Anchored expressions count from the closest date before them, in text order, so that
    # "On 3 May ... The next day ... Two days later ..." chains.
    for start, end in sorted(anchored):
        before = [f for f in _without_overlaps(found) if f[1] <= start]
        if not before:
            continue
        value = resolve_anchored(doc.text[start:end], before[-1][2])
        if value is not None:
            found.append((start, end, value))
    return [
        TimeExpression(value=value, mention=Span(start=start, end=end, text=doc.text[start:end]))
        for start, end, value in _without_overlaps(found)
    ]

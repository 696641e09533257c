"""The date rules: each regular expression, matched against a whole cleaned expression, and
its handler, which gets the match, the case-preserved text and the publication date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from sitroom.time.grammar import DAY, MONTH, OPT_WEEKDAY, QUANTITY, UNIT, WEEKDAY, YEAR
from sitroom.time.spans import (
    MAX_YEAR,
    MIN_YEAR,
    Resolved,
    day_span,
    decade_span,
    month_number,
    month_span,
    quantity,
    safe_date,
    shift_month,
    week_span,
    weekday_on_or_before,
    which_word,
    year_span,
)
from sitroom.time.vocab import VOCAB

Rule = Callable[[re.Match[str], str, dt.date | None], Resolved | None]


def _iso(m: re.Match[str], _text: str, _pub: dt.date | None) -> Resolved | None:
    day = safe_date(int(m["year"]), int(m["m"]), int(m["d"]))
    return day_span(day) if day else None


def _slashed(m: re.Match[str], _text: str, _pub: dt.date | None) -> Resolved | None:
    first, second, year = int(m["a"]), int(m["b"]), int(m["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    # GTD writes an unknown day or month as 00: "02/00/2021" is February 2021.
    if first == 0:
        return year_span(year)
    if second == 0:
        return month_span(year, first) if first <= 12 else None
    # Month-first (GTD, US); day-first only when the first number cannot be a month.
    month, day_number = (second, first) if first > 12 else (first, second)
    day = safe_date(year, month, day_number)
    return day_span(day) if day else None


def _dotted(m: re.Match[str], _text: str, _pub: dt.date | None) -> Resolved | None:
    first, second, year = int(m["a"]), int(m["b"]), int(m["year"])
    # European dotted dates are day-first unless the second number cannot be a month.
    day_number, month = (second, first) if second > 12 else (first, second)
    day = safe_date(year, month, day_number)
    return day_span(day) if day else None


def _year(m: re.Match[str], _text: str, _pub: dt.date | None) -> Resolved | None:
    year = int(m["year"])
    return year_span(year) if MIN_YEAR <= year <= MAX_YEAR else None


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
    if first_year % 10 or not MIN_YEAR <= first_year <= MAX_YEAR:
        return None
    return decade_span(first_year)


def _month_year(m: re.Match[str], _text: str, _pub: dt.date | None) -> Resolved | None:
    year = int(m["year"])
    return month_span(year, month_number(m["month"])) if MIN_YEAR <= year <= MAX_YEAR else None


def _day_month_year(m: re.Match[str], _text: str, _pub: dt.date | None) -> Resolved | None:
    day = safe_date(int(m["year"]), month_number(m["month"]), int(m["day"]))
    return day_span(day) if day else None


def _day_month(m: re.Match[str], _text: str, pub: dt.date | None) -> Resolved | None:
    """Day and month without a year: the most recent such day on or before publication."""
    if pub is None:
        return None
    month, day_number = month_number(m["month"]), int(m["day"])
    for year in (pub.year, pub.year - 1):
        day = safe_date(year, month, day_number)
        if day and day <= pub:
            return day_span(day)
    return None


def _is_capitalized_month(m: re.Match[str], text: str) -> bool:
    word = text[m.start("month") : m.end("month")]
    return word.lower().rstrip(".") not in VOCAB.ambiguous_months or word[:1].isupper()


def _month_only(m: re.Match[str], text: str, pub: dt.date | None) -> Resolved | None:
    if pub is None or not _is_capitalized_month(m, text):
        return None
    month, which = month_number(m["month"]), which_word(m)
    if which == "next":
        year = pub.year if month > pub.month else pub.year + 1
    elif which == "this":
        year = pub.year
    elif which in ("last", "past"):
        year = pub.year if month < pub.month else pub.year - 1
    else:  # the most recent such month, the publication month included
        year = pub.year if month <= pub.month else pub.year - 1
    return month_span(year, month)


def _month_relative_year(m: re.Match[str], text: str, pub: dt.date | None) -> Resolved | None:
    if pub is None or not _is_capitalized_month(m, text):
        return None
    offset = {"last": -1, "this": 0, "next": 1}[which_word(m)]
    return month_span(pub.year + offset, month_number(m["month"]))


def _weekday(m: re.Match[str], _text: str, pub: dt.date | None) -> Resolved | None:
    if pub is None:
        return None
    weekday, which = VOCAB.weekdays.index(m["weekday"].lower()), which_word(m)
    if which == "next":
        return day_span(pub + dt.timedelta(days=(weekday - pub.weekday() - 1) % 7 + 1))
    return day_span(weekday_on_or_before(pub, weekday, strictly_before=which in ("last", "past")))


def _weekend(m: re.Match[str], _text: str, pub: dt.date | None) -> Resolved | None:
    if pub is None:
        return None
    saturday = weekday_on_or_before(pub, 5, strictly_before=False)
    if which_word(m) == "last" and saturday + dt.timedelta(days=1) >= pub:
        saturday -= dt.timedelta(days=7)
    elif which_word(m) == "next":
        saturday += dt.timedelta(days=7)
    return saturday, saturday + dt.timedelta(days=1), "unknown"


def _relative_day(m: re.Match[str], _text: str, pub: dt.date | None) -> Resolved | None:
    return day_span(pub + dt.timedelta(days=VOCAB.relative_days[m[0].lower()])) if pub else None


def _relative_period(m: re.Match[str], _text: str, pub: dt.date | None) -> Resolved | None:
    """Last, this or next week, month or year, counted from the publication date."""
    if pub is None:
        return None
    offset = {"last": -1, "this": 0, "next": 1}[which_word(m)]
    unit = m["unit"].lower()
    if unit == "week":
        return week_span(pub + dt.timedelta(weeks=offset))
    if unit == "month":
        return month_span(*shift_month(pub.year, pub.month, offset))
    return year_span(pub.year + offset)


def _ago(m: re.Match[str], _text: str, pub: dt.date | None) -> Resolved | None:
    if pub is None:
        return None
    n, unit = quantity(m["n"].lower()), m["unit"].lower()
    if unit == "day":
        return day_span(pub - dt.timedelta(days=n))
    if unit == "week":
        return week_span(pub - dt.timedelta(weeks=n))
    if unit == "month":
        return month_span(*shift_month(pub.year, pub.month, -n))
    return year_span(pub.year - n)


def _less_than_ago(m: re.Match[str], _text: str, pub: dt.date | None) -> Resolved | None:
    """Less than N units ago: bounded by that moment and the publication date."""
    if pub is None:
        return None
    n, unit = quantity(m["n"].lower()), m["unit"].lower()
    days = {"day": 1, "week": 7, "month": 31, "year": 366}[unit] * n
    return pub - dt.timedelta(days=days), pub, "unknown"


def _season_year(m: re.Match[str], _text: str, _pub: dt.date | None) -> Resolved | None:
    # Seasons differ by hemisphere and winter straddles two years: keep only the year.
    year = int(m["year"])
    return year_span(year) if MIN_YEAR <= year <= MAX_YEAR else None


def _rule(pattern: str, handler: Rule) -> tuple[re.Pattern[str], Rule]:
    return re.compile(pattern, re.IGNORECASE), handler


_WHICH = r"(?:(?P<which>last|this|past|next) )?"
_RULES: list[tuple[re.Pattern[str], Rule]] = [
    _rule(r"(?P<year>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})", _iso),
    _rule(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})", _slashed),
    _rule(r"(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.(?P<year>\d{4})", _dotted),
    _rule(rf"(?:the )?(?:year )?{YEAR}", _year),
    _rule(r"(?:the )?'?(?P<decade>\d{2}|\d{4})'?s", _decade),
    _rule(rf"{MONTH},? (?:of )?{YEAR}", _month_year),
    _rule(rf"{OPT_WEEKDAY}{DAY} (?:of )?{MONTH},? {YEAR}", _day_month_year),
    _rule(rf"{OPT_WEEKDAY}{MONTH} {DAY},? {YEAR}", _day_month_year),
    _rule(rf"{OPT_WEEKDAY}(?:the )?{DAY} (?:of )?{MONTH}", _day_month),
    _rule(rf"{OPT_WEEKDAY}{MONTH} (?:the )?{DAY}", _day_month),
    _rule(rf"{_WHICH}{MONTH}", _month_only),
    _rule(rf"{MONTH},? (?:of )?(?P<which>last|this|next) year", _month_relative_year),
    _rule(rf"{_WHICH}{WEEKDAY}", _weekday),
    _rule(r"(?:(?P<which>last|this|next|over the|the) )?weekend", _weekend),
    _rule("|".join(re.escape(phrase) for phrase in VOCAB.relative_days), _relative_day),
    _rule(
        r"(?:earlier |later )?(?P<which>last|this|next) (?P<unit>week|month|year)", _relative_period
    ),
    _rule(rf"(?:nearly |almost |some |roughly |about |around )?{QUANTITY} {UNIT} ago", _ago),
    _rule(rf"(?:less than|under|fewer than|not even) {QUANTITY} {UNIT} ago", _less_than_ago),
    _rule(rf"(?:the )?(?:spring|summer|autumn|fall|winter),? (?:of )?{YEAR}", _season_year),
    _rule(rf"{YEAR} (?:spring|summer|autumn|fall|winter)", _season_year),
]


def apply_rules(text: str, pub: dt.date | None) -> tuple[bool, Resolved | None]:
    """(matched, value): a rule that matches decides, even when it decides on None."""
    for pattern, handler in _RULES:
        match = pattern.fullmatch(text)
        if match:
            return True, handler(match, text, pub)
    return False, None

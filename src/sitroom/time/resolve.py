"""Normalization of one expression: the rules, ranges, then dateparser as the fallback."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from sitroom.models import DatePrecision, DateValue
from sitroom.time.clean import (
    LEADING_PREPOSITIONS,
    clean,
    is_not_a_point,
    strip_modifiers,
    strip_repeatedly,
)
from sitroom.time.rules import apply_rules
from sitroom.time.spans import (
    MAX_YEAR,
    MIN_YEAR,
    PRECISION_RANK,
    Resolved,
    day_span,
    month_span,
    safe_date,
    week_span,
    year_span,
)

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
    return a if PRECISION_RANK[a] >= PRECISION_RANK[b] else b


def _resolve_left(
    left: str, right_text: str, right: Resolved, pub: dt.date | None
) -> Resolved | None:
    """The left end of a range, borrowing a missing month or year from the right end."""
    bare_day = _BARE_DAY.fullmatch(left)
    if bare_day:
        if right[2] != "day":
            return None
        day = safe_date(right[0].year, right[0].month, int(bare_day["day"]))
        return day_span(day) if day else None
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
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        return None
    if period == "month":
        return month_span(day.year, day.month)
    if period == "year":
        return year_span(day.year)
    if period == "week":
        return week_span(day)
    return day_span(day)


# --- normalization --------------------------------------------------------------------------


def _resolve_single(text: str, pub: dt.date | None) -> Resolved | None:
    text = strip_modifiers(text)
    if not text or is_not_a_point(text.lower()):
        return None
    matched, value = apply_rules(text, pub)
    if matched:
        return value
    return _resolve_with_dateparser(text, pub)


@functools.lru_cache(maxsize=8192)
def _resolve(expression: str, pub: dt.date | None) -> Resolved | None:
    try:
        return _resolve_unsafe(expression, pub)
    except (OverflowError, ValueError):
        # Date arithmetic past the calendar's ends ("tomorrow" published 9999-12-31, "three
        # years ago" published in year 1): no date, rather than a crash.
        return None


def _resolve_unsafe(expression: str, pub: dt.date | None) -> Resolved | None:
    text = strip_repeatedly(clean(expression), LEADING_PREPOSITIONS)
    if not text or is_not_a_point(text.lower()):
        return None
    stripped = strip_modifiers(text)
    if not stripped or is_not_a_point(stripped.lower()):
        return None
    matched, value = apply_rules(stripped, pub)
    if matched:
        return value
    ranged = _resolve_range(stripped, pub)
    if ranged:
        return ranged
    if stripped.lower().startswith("from "):
        return _resolve_single(stripped[5:], pub)
    return _resolve_with_dateparser(stripped, pub)


def as_date(published: dt.date | None) -> dt.date | None:
    # A datetime is a date too; only its day matters and it must hash like one for the cache.
    return published.date() if isinstance(published, dt.datetime) else published


def normalize(expression: str, published: dt.date | None) -> DateValue | None:
    """Normalize one temporal expression against the publication date.

    Returns ``None`` when the expression is not a point in time (durations, ages, periods,
    "now") or cannot be resolved; relative expressions need ``published``.
    """
    value = _resolve(expression, as_date(published))
    if value is None:
        return None
    start, end, precision = value
    return DateValue(start=start, end=end, precision=precision, text=expression.strip())


def document_date(published: dt.date | None) -> DateValue:
    """The fallback date of an event the text does not date: the publication date."""
    published = as_date(published)
    if published is None:
        return DateValue(precision="unknown")
    return DateValue(start=published, end=published, precision="document")

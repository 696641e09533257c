"""Expressions anchored to another event ("the next day", "two days later")."""

from __future__ import annotations

import datetime as dt
import re

from sitroom.models import DateValue
from sitroom.time.clean import clean
from sitroom.time.spans import (
    PRECISION_RANK,
    Resolved,
    day_span,
    month_span,
    quantity,
    shift_month,
    week_span,
    year_span,
)
from sitroom.time.vocab import VOCAB

_NUMBER_ALTS = "|".join(VOCAB.number_words)
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
            rf"^(?:some |about |nearly |almost )?(?P<n>\d{{1,3}}|an?|{_NUMBER_ALTS}) "
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
    cleaned = clean(text)
    for pattern, direction in _ANCHORED:
        m = pattern.match(cleaned)
        if m is None:
            continue
        unit = VOCAB.anchor_units[m["unit"].lower()]
        if direction != 2:
            return unit, direction
        groups = m.groupdict()
        count = 1
        if groups.get("n"):
            word = groups["n"].lower()
            count = 1 if word in ("a", "an") else quantity(word)
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
    rank = PRECISION_RANK.get(anchor.precision, 99)
    try:
        resolved = _shifted(anchor.start, unit, n, rank)
    except (OverflowError, ValueError):  # past the calendar's ends
        return None
    if resolved is None:
        return None
    start, end, precision = resolved
    return DateValue(start=start, end=end, precision=precision, text=text.strip())


def _shifted(anchor: dt.date, unit: str, n: int, rank: int) -> Resolved | None:
    """``anchor`` moved by ``n`` ``unit``s, when the anchor is known at least to that unit
    (ranks count from the finest precision)."""
    if unit == "day" and rank <= PRECISION_RANK["day"]:
        return day_span(anchor + dt.timedelta(days=n))
    if unit == "week" and rank <= PRECISION_RANK["week"]:
        return week_span(anchor + dt.timedelta(weeks=n))
    if unit == "month" and rank <= PRECISION_RANK["month"]:
        return month_span(*shift_month(anchor.year, anchor.month, n))
    if unit == "year" and rank <= PRECISION_RANK["year"]:
        return year_span(anchor.year + n)
    return None

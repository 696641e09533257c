"""Date spans at a precision, and the small date arithmetic the rules need."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from sitroom.models import DatePrecision
from sitroom.ontology import ontology
from sitroom.time.vocab import VOCAB

# (start, end, precision): what every rule resolves to before it becomes a DateValue.
Resolved = tuple[dt.date, dt.date, DatePrecision]

# Dates outside this range are counts or codes, not years in news text.
MIN_YEAR, MAX_YEAR = 1800, 2100

# Finest first, then the fallbacks ("unknown", "document"): the ontology's date precisions.
PRECISION_RANK: dict[str, int] = {
    p: n for n, p in enumerate((*reversed(ontology().date_precisions), *ontology().date_fallbacks))
}


def month_span(year: int, month: int) -> Resolved:
    last_day = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last_day), "month"


def year_span(year: int) -> Resolved:
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def decade_span(first_year: int) -> Resolved:
    return dt.date(first_year, 1, 1), dt.date(first_year + 9, 12, 31), "decade"


def day_span(day: dt.date) -> Resolved:
    return day, day, "day"


def week_span(day: dt.date) -> Resolved:
    """The Monday–Sunday week containing ``day`` (precision ``week``)."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6), "week"


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def weekday_on_or_before(anchor: dt.date, weekday: int, strictly_before: bool) -> dt.date:
    back = (anchor.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return anchor - dt.timedelta(days=back)


def quantity(text: str) -> int:
    return int(text) if text.isdigit() else VOCAB.number_words[text]


def which_word(m: re.Match[str]) -> str:
    """The "last"/"this"/"next" word of a match, lowercased; "" when absent."""
    return (m.groupdict().get("which") or "").lower()


def month_number(word: str) -> int:
    return VOCAB.month_by_prefix[word.rstrip(".")[:3].lower()]

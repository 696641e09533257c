"""Dates of events that have not happened yet.

A bare weekday or month name is read as the most recent one not after the publication date
("on Tuesday", "in August"): news reports what happened. An event the article announces
("will meet on Tuesday", "plans to vote in August") lies ahead, so for it the same words mean
the next such day or month, the publication day or month included. Expressions that say
which one ("last Tuesday", "next August", "August 2024", "12 May") keep their reading.
"""

from __future__ import annotations

import datetime as dt
import re

from sitroom.models import DateValue
from sitroom.time.grammar import MONTH, WEEKDAY
from sitroom.time.spans import day_span, month_number, month_span
from sitroom.time.vocab import VOCAB

__all__ = ["toward_future"]

# The rules' own weekday and month patterns, alone after an optional preposition.
_LEAD = r"(?:(?:on|in|this\s+coming|by|from|until|till)\s+)?"
_WEEKDAY = re.compile(rf"{_LEAD}{WEEKDAY}\.?", re.I)
_MONTH = re.compile(rf"{_LEAD}{MONTH}", re.I)


def toward_future(value: DateValue, published: dt.date) -> DateValue:
    """``value`` read forward from ``published`` when it is a bare weekday or month name that
    the rules placed before the publication date; otherwise ``value`` unchanged."""
    if value.start is None or value.text is None or value.start >= published:
        return value
    text = " ".join(value.text.split())
    if (m := _WEEKDAY.fullmatch(text)) and value.precision == "day":
        weekday = VOCAB.weekdays.index(m["weekday"].lower())
        start, end, precision = day_span(
            published + dt.timedelta(days=(weekday - published.weekday()) % 7)
        )
    elif (m := _MONTH.fullmatch(text)) and value.precision == "month" and m["month"][:1].isupper():
        month = month_number(m["month"])
        year = published.year if month >= published.month else published.year + 1
        start, end, precision = month_span(year, month)
    else:
        return value
    return DateValue(start=start, end=end, precision=precision, text=value.text)

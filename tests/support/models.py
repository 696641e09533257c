"""Small builders of model values for hand-written analyses (web, API and export tests)."""

from __future__ import annotations

import datetime as dt

from sitroom.models import DateValue, Span


def span(text: str, phrase: str, occurrence: int = 0) -> Span:
    """The span of the ``occurrence``-th (0-based) ``phrase`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return Span(start=start, end=start + len(phrase), text=phrase)


def day(value: str) -> DateValue:
    """A day-precise date from its ISO form, the ISO form as its text."""
    d = dt.date.fromisoformat(value)
    return DateValue(start=d, end=d, precision="day", text=value)

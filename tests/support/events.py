"""The events stage on a hand-built parse: the preamble the tests of ``tests/events`` share."""

from __future__ import annotations

from collections.abc import Mapping

from sitroom.events import EventExtractor
from sitroom.lexicon import default_lexicon
from sitroom.models import Event
from support.docs import conll, linked


def events_of(table: str, types: Mapping[str, str] | None = None) -> list[Event]:
    """The events the extractor finds in a :func:`~support.docs.conll` table, its ``@actor``
    marks linked with the actor types ``types`` gives (others are "other"); no places."""
    doc, marks = conll(table)
    return EventExtractor(default_lexicon()).extract(doc, linked(marks, types), [])

"""Events for tests: the events stage on a hand-built parse (the preamble the tests of
``tests/events`` share), and events placed on a trigger word (``tests/incidents``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sitroom.annotation import AnnotatedDoc
from sitroom.events import EventExtractor
from sitroom.lexicon import default_lexicon
from sitroom.models import Event, Span
from support.docs import conll, linked


def events_of(table: str, types: Mapping[str, str] | None = None) -> list[Event]:
    """The events the extractor finds in a :func:`~support.docs.conll` table, its ``@actor``
    marks linked with the actor types ``types`` gives (others are "other"); no places."""
    doc, marks = conll(table)
    return EventExtractor(default_lexicon()).extract(doc, linked(marks, types), [])


def event_at(
    doc: AnnotatedDoc, eid: str, type_: str, trigger: str, nth: int = 0, **fields: Any
) -> Event:
    """An event on the ``nth`` occurrence of ``trigger`` in ``doc``'s text, with its sentence
    as evidence (for the incidents stage's tests, which judge events already extracted)."""
    k = -1
    for _ in range(nth + 1):
        k = doc.text.index(trigger, k + 1)
    s = doc.sentence_at(k)
    return Event(
        id=eid,
        type=type_,
        evidence=Span(start=s.start, end=s.end, text=doc.text[s.start : s.end]),
        trigger=Span(start=k, end=k + len(trigger), text=trigger),
        **fields,
    )

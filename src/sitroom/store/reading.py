"""Reading one stored document back into the models it was written from.

The column lists come from the schema: a model field kept in a column of the same name is read
by name (``_stored_fields``), and a value kept over several columns (a Location, a DateValue, a
Span, an actor's description) through the column groups of :mod:`sitroom.store.schema`
(``part_columns``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.engine import Connection, RowMapping

from sitroom.models import (
    Act,
    Actor,
    Analysis,
    DateValue,
    Document,
    Event,
    Location,
    Place,
    Relation,
    Span,
    TimeExpression,
)
from sitroom.store.base import StoreBase
from sitroom.store.columns import part_columns
from sitroom.store.schema import (
    actor_alias_lists,
    dates,
    document_actors,
    documents,
    events,
    places,
    relations,
)
from sitroom.store.spans import span_text, unpack_spans
from sitroom.store.sql import _event_roles


def _stored_fields(
    model: type[BaseModel], table: sa.Table, converted: Iterable[str] = ()
) -> tuple[str, ...]:
    """The model's fields kept as is in a column of the same name (``converted``: those that
    need more than the column's value)."""
    skip = set(converted)
    return tuple(f for f in model.model_fields if f in table.c and f not in skip)


def _part(row: RowMapping, columns: Mapping[str, str]) -> dict[str, Any]:
    """``{field: value}`` of one column group (``part_columns``) of a row."""
    return {field: row[column] for field, column in columns.items()}


_DOCUMENT_FIELDS = _stored_fields(Document, documents)
_ACTOR_COLUMNS = part_columns(document_actors, "actor")
_EVENT_FIELDS = _stored_fields(Event, events, converted=("notes", "more_evidence", "act"))
_EVENT_DATE = part_columns(events, "date")
_EVENT_LOCATION = part_columns(events, "location")
_EVENT_EVIDENCE = part_columns(events, "evidence")
_EVENT_TRIGGER = part_columns(events, "trigger")
_RELATION_FIELDS = _stored_fields(Relation, relations, converted=("evidence",))
# Fields the places table has no column for (``kind``) keep their defaults.
_PLACE_FIELDS = _stored_fields(Place, places, converted=("mentions",))
_DATE_VALUE = part_columns(dates, "date")
_DATE_MENTION = part_columns(dates, "mention")


def _span(row: RowMapping, columns: Mapping[str, str], text: str) -> Span:
    """A span kept in columns, its text taken from the document's when stored as ""."""
    part = _part(row, columns)
    return Span(
        start=part["start"],
        end=part["end"],
        text=span_text(part["text"], part["start"], part["end"], text),
    )


def _event_from_row(row: RowMapping, roles: Mapping[str, list[str]], text: str) -> Event:
    # Location None and a Location with every field None are different values of the model.
    location = Location(**_part(row, _EVENT_LOCATION)) if row["has_location"] else None
    trigger = None
    if row[_EVENT_TRIGGER["start"]] is not None:
        trigger = _span(row, _EVENT_TRIGGER, text)
    return Event(
        **{f: row[f] for f in _EVENT_FIELDS},
        id=row["local_id"],
        sources=roles.get("source", []),
        targets=roles.get("target", []),
        claimed_by=roles.get("claimed_by", []),
        date=DateValue(**_part(row, _EVENT_DATE)),
        location=location,
        evidence=Span(**_part(row, _EVENT_EVIDENCE)),
        trigger=trigger,
        more_evidence=unpack_spans(row["more_evidence"], text),
        notes=list(row["notes"]),
        act=Act.model_validate(row["act"]) if row["act"] is not None else None,
    )


class DocumentReader(StoreBase):
    """Store.document: one stored document and its analysis, rebuilt."""

    def document(self, doc_id: str) -> tuple[Document, Analysis] | None:
        """The stored document and its analysis, rebuilt as they were added.

        ``Analysis.text`` is not kept (the returned Document carries the text); the analysis'
        title/url/source/published are the stored document's.
        """
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(documents).where(documents.c.id == doc_id)).mappings()
            doc_row = row.first()
            if doc_row is None:
                return None
            document = Document(**{f: doc_row[f] for f in _DOCUMENT_FIELDS})
            text = document.text
            analysis = Analysis(
                id=document.id,
                title=document.title,
                url=document.url,
                source=document.source,
                published=document.published,
                actors=self._read_actors(conn, doc_id, text),
                events=self._read_events(conn, doc_id, text),
                relations=self._read_relations(conn, doc_id, text),
                places=self._read_places(conn, doc_id, text),
                dates=self._read_dates(conn, doc_id, text),
            )
        return document, analysis

    @staticmethod
    def _read_actors(conn: Connection, doc_id: str, text: str) -> list[Actor]:
        rows = conn.execute(
            sa.select(document_actors, actor_alias_lists.c.aliases.label("reference_aliases"))
            .outerjoin(
                actor_alias_lists, actor_alias_lists.c.actor_id == document_actors.c.actor_id
            )
            .where(document_actors.c.document_id == doc_id)
            .order_by(document_actors.c.position)
        ).mappings()
        return [
            Actor(
                **_part(r, _ACTOR_COLUMNS),
                id=r["actor_id"],
                # None: the actor's reference list (schema 13).
                aliases=list(r["reference_aliases"] if r["aliases"] is None else r["aliases"]),
                mentions=unpack_spans(r["mentions"] or [], text),
            )
            for r in rows
        ]

    @staticmethod
    def _read_events(conn: Connection, doc_id: str, text: str) -> list[Event]:
        rows = (
            conn.execute(
                sa.select(events).where(events.c.document_id == doc_id).order_by(events.c.position)
            )
            .mappings()
            .all()
        )
        roles = _event_roles(conn, [r["pk"] for r in rows])
        return [_event_from_row(r, roles.get(r["pk"], {}), text) for r in rows]

    @staticmethod
    def _read_relations(conn: Connection, doc_id: str, text: str) -> list[Relation]:
        rows = conn.execute(
            sa.select(relations)
            .where(relations.c.document_id == doc_id)
            .order_by(relations.c.position)
        ).mappings()
        return [
            Relation(
                **{f: r[f] for f in _RELATION_FIELDS},
                evidence=unpack_spans(r["evidence"], text),
            )
            for r in rows
        ]

    @staticmethod
    def _read_places(conn: Connection, doc_id: str, text: str) -> list[Place]:
        rows = conn.execute(
            sa.select(places).where(places.c.document_id == doc_id).order_by(places.c.position)
        ).mappings()
        return [
            Place(
                **{f: r[f] for f in _PLACE_FIELDS},
                mentions=unpack_spans(r["mentions"], text),
            )
            for r in rows
        ]

    @staticmethod
    def _read_dates(conn: Connection, doc_id: str, text: str) -> list[TimeExpression]:
        rows = conn.execute(
            sa.select(dates).where(dates.c.document_id == doc_id).order_by(dates.c.position)
        ).mappings()
        return [
            TimeExpression(
                value=DateValue(**_part(r, _DATE_VALUE)),
                mention=_span(r, _DATE_MENTION, text),
            )
            for r in rows
        ]

"""Reading one stored document back into the models it was written from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

import sqlalchemy as sa
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
from sitroom.store.schema import (
    dates,
    document_actors,
    documents,
    events,
    mentions,
    places,
    relations,
)
from sitroom.store.sql import _event_roles


def _span(start: int, end: int, text: str) -> Span:
    return Span(start=start, end=end, text=text)


def _event_from_row(row: RowMapping, roles: Mapping[str, list[str]]) -> Event:
    location = None
    if row["has_location"]:
        location = Location(
            name=row["location_name"],
            country=row["country"],
            admin1=row["admin1"],
            admin2=row["admin2"],
            city=row["city"],
            lat=row["lat"],
            lon=row["lon"],
            precision=row["geo_precision"],
            geonameid=row["geonameid"],
        )
    trigger = None
    if row["trigger_start"] is not None:
        trigger = _span(row["trigger_start"], row["trigger_end"], row["trigger_text"])
    return Event(
        id=row["local_id"],
        type=row["type"],
        mode=row["mode"],
        status=row["status"],
        sources=roles.get("source", []),
        targets=roles.get("target", []),
        claimed_by=roles.get("claimed_by", []),
        date=DateValue(
            start=row["date_start"],
            end=row["date_end"],
            precision=row["date_precision"],
            text=row["date_text"],
        ),
        location=location,
        killed=row["killed"],
        wounded=row["wounded"],
        evidence=_span(row["evidence_start"], row["evidence_end"], row["evidence_text"]),
        trigger=trigger,
        more_evidence=[Span.model_validate(s) for s in row["more_evidence"]],
        target_text=row["target_text"],
        speaker=row["speaker"],
        notes=list(row["notes"]),
        confidence=row["confidence"],
        act=Act.model_validate(row["act"]) if row["act"] is not None else None,
        source_basis=row["source_basis"],
        salience=row["salience"],
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
            document = Document(
                id=doc_row["id"],
                text=doc_row["text"],
                title=doc_row["title"],
                url=doc_row["url"],
                source=doc_row["source"],
                published=doc_row["published"],
                origin=doc_row["origin"],
            )
            analysis = Analysis(
                id=document.id,
                title=document.title,
                url=document.url,
                source=document.source,
                published=document.published,
                actors=self._read_actors(conn, doc_id),
                events=self._read_events(conn, doc_id),
                relations=self._read_relations(conn, doc_id),
                places=self._read_places(conn, doc_id),
                dates=self._read_dates(conn, doc_id),
            )
        return document, analysis

    @staticmethod
    def _read_actors(conn: Connection, doc_id: str) -> list[Actor]:
        spans: dict[str, list[Span]] = defaultdict(list)
        mention_rows = conn.execute(
            sa.select(mentions)
            .where(mentions.c.document_id == doc_id)
            .order_by(mentions.c.actor_id, mentions.c.position)
        ).mappings()
        for m in mention_rows:
            spans[m["actor_id"]].append(_span(m["start"], m["end"], m["text"]))
        rows = conn.execute(
            sa.select(document_actors)
            .where(document_actors.c.document_id == doc_id)
            .order_by(document_actors.c.position)
        ).mappings()
        return [
            Actor(
                id=r["actor_id"],
                name=r["name"],
                type=r["type"],
                country=r["country"],
                parent=r["parent"],
                kb=r["kb"],
                aliases=list(r["aliases"]),
                role=r["role"],
                affiliation=r["affiliation"],
                mentions=spans.get(r["actor_id"], []),
            )
            for r in rows
        ]

    @staticmethod
    def _read_events(conn: Connection, doc_id: str) -> list[Event]:
        rows = (
            conn.execute(
                sa.select(events).where(events.c.document_id == doc_id).order_by(events.c.position)
            )
            .mappings()
            .all()
        )
        roles = _event_roles(conn, [r["pk"] for r in rows])
        return [_event_from_row(r, roles.get(r["pk"], {})) for r in rows]

    @staticmethod
    def _read_relations(conn: Connection, doc_id: str) -> list[Relation]:
        rows = conn.execute(
            sa.select(relations)
            .where(relations.c.document_id == doc_id)
            .order_by(relations.c.position)
        ).mappings()
        return [
            Relation(
                source=r["source"],
                target=r["target"],
                type=r["type"],
                start=r["start"],
                end=r["end"],
                status=r["status"],
                origin=r["origin"],
                evidence=[Span.model_validate(s) for s in r["evidence"]],
            )
            for r in rows
        ]

    @staticmethod
    def _read_places(conn: Connection, doc_id: str) -> list[Place]:
        rows = conn.execute(
            sa.select(places).where(places.c.document_id == doc_id).order_by(places.c.position)
        ).mappings()
        # Fields the places table has no column for (``kind``) keep their defaults.
        fields = (Place.model_fields.keys() - {"mentions"}) & set(places.c.keys())
        return [
            Place(
                **{f: r[f] for f in fields},
                mentions=[Span.model_validate(s) for s in r["mentions"]],
            )
            for r in rows
        ]

    @staticmethod
    def _read_dates(conn: Connection, doc_id: str) -> list[TimeExpression]:
        rows = conn.execute(
            sa.select(dates).where(dates.c.document_id == doc_id).order_by(dates.c.position)
        ).mappings()
        return [
            TimeExpression(
                value=DateValue(
                    start=r["start"], end=r["end"], precision=r["precision"], text=r["text"]
                ),
                mention=_span(r["mention_start"], r["mention_end"], r["mention_text"]),
            )
            for r in rows
        ]

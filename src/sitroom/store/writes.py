"""Writing documents: an analysis turned into rows, a whole batch one statement per table
(PostgreSQL: one COPY per table, :func:`sitroom.store.backends._insert_rows`).

The store uses SQLAlchemy Core, not the ORM: the data already lives in pydantic models, so a
second set of mapped classes would only duplicate them; a few explicit functions turn a model
into rows (and :mod:`sitroom.store.reading` turns them back).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitroom.models import (
    Actor,
    Analysis,
    Document,
    Event,
    Location,
    Place,
    Relation,
    Span,
    TimeExpression,
)
from sitroom.store.aggregates import _interaction_rows
from sitroom.store.backends import (
    _batched,
    _insert_numbered,
    _insert_rows,
    _insert_rows_ignoring_duplicates,
)
from sitroom.store.relation_spans import relation_span
from sitroom.store.schema import (
    EVENT_ROLES,
    _text_hash,
    actor_alias_lists,
    actor_aliases,
    actors,
    alias_key,
    dates,
    document_actors,
    documents,
    event_actors,
    events,
    interactions,
    places,
    relations,
)
from sitroom.store.spans import pack_spans, packed_text


def _check_consistent(document: Document, analysis: Analysis) -> None:
    if analysis.id != document.id:
        raise ValueError(f"analysis id {analysis.id!r} differs from document id {document.id!r}")
    actor_ids = [a.id for a in analysis.actors]
    if len(set(actor_ids)) != len(actor_ids):
        raise ValueError(f"document {document.id!r}: an actor id is listed twice")
    event_ids = [e.id for e in analysis.events]
    if len(set(event_ids)) != len(event_ids):
        raise ValueError(f"document {document.id!r}: an event id is listed twice")
    for event in analysis.events:
        for name in ("killed", "wounded"):
            _check_integer(document.id, f"event {event.id!r} {name}", getattr(event, name))
        if event.location is not None:
            _check_integer(document.id, f"event {event.id!r} geonameid", event.location.geonameid)
    for place in analysis.places:
        _check_integer(document.id, f"place {place.name!r} geonameid", place.geonameid)


# Integer columns are 32-bit on PostgreSQL: a larger count (or a number past 2^63, which
# SQLite cannot hold either) is refused with its reason instead of failing inside the insert.
MAX_STORED_INTEGER = 2**31 - 1


def _check_integer(doc_id: str, what: str, value: int | None) -> None:
    if value is not None and not -MAX_STORED_INTEGER <= value <= MAX_STORED_INTEGER:
        raise ValueError(
            f"document {doc_id!r}: {what} {value} is outside the storable range "
            f"(+-{MAX_STORED_INTEGER})"
        )


def _span_values(span: Span, text: str) -> tuple[int, int, str]:
    """A span's columns: its offsets, and its text unless the document's text holds it."""
    return span.start, span.end, packed_text(span.text, span.start, span.end, text)


def _merged_actor_fields(existing: Mapping[str, Any], incoming: Actor) -> dict[str, Any]:
    """Columns to update when ``incoming`` meets an already stored actor row.

    The stored row wins, except that a KB entry replaces a non-KB row wholesale (the KB is the
    curated description), and gaps in the stored row (unknown country, generic type, a
    placeholder name) are filled from the newcomer. A role and an affiliation are never
    global: they hold for one document at its date (``document_actors``), so no document
    writes them into the actor's row.
    """
    fields = ("name", "type", "country", "parent", "kb")
    if incoming.kb and not existing["kb"]:
        return {f: getattr(incoming, f) for f in fields}
    updates: dict[str, Any] = {}
    for f in ("country", "parent"):
        if existing[f] is None and getattr(incoming, f) is not None:
            updates[f] = getattr(incoming, f)
    if existing["type"] == "other" and incoming.type != "other":
        updates["type"] = incoming.type
    if existing["name"] == existing["id"] and incoming.name != incoming.id:
        updates["name"] = incoming.name
    return updates


def _actor_values(actor: Actor) -> dict[str, Any]:
    return {
        "id": actor.id,
        "name": actor.name,
        "type": actor.type,
        "country": actor.country,
        "parent": actor.parent,
        "kb": actor.kb,
        "role": actor.role,
        "affiliation": actor.affiliation,
    }


def _referenced_actor_ids(analysis: Analysis) -> list[str]:
    ids: list[str] = []
    for event in analysis.events:
        ids.extend([*event.sources, *event.targets, *event.claimed_by])
    for relation in analysis.relations:
        ids.extend([relation.source, relation.target])
    return list(dict.fromkeys(ids))


def _listed_actors(analysis: Analysis) -> dict[str, Actor]:
    listed = {a.id: a for a in analysis.actors}
    # Ids named by events or relations but missing from `actors` break the output contract;
    # a placeholder row keeps the foreign keys satisfied instead of losing the document.
    for actor_id in _referenced_actor_ids(analysis):
        if actor_id not in listed:
            listed[actor_id] = Actor(id=actor_id, name=actor_id)
    return listed


def _write_actors(conn: Connection, analyses: Sequence[Analysis]) -> None:
    """Insert or merge the actors of ``analyses`` as if they were written one after another.

    The stored rows and aliases are read once for the whole batch and merged in memory in
    document order, so a batch costs a few statements instead of a few per document.
    """
    listed_per_doc = [_listed_actors(analysis) for analysis in analyses]
    wanted = list(dict.fromkeys(actor_id for listed in listed_per_doc for actor_id in listed))
    if not wanted:
        return
    stored: dict[str, dict[str, Any]] = {}
    known: set[tuple[str, str]] = set()
    for chunk in _batched(wanted, 500):
        for found in conn.execute(sa.select(actors).where(actors.c.id.in_(chunk))).mappings():
            stored[found["id"]] = dict(found)
        alias_rows = conn.execute(
            sa.select(actor_aliases.c.actor_id, actor_aliases.c.alias).where(
                actor_aliases.c.actor_id.in_(chunk)
            )
        )
        known.update((actor_id, alias) for actor_id, alias in alias_rows)
    new: dict[str, dict[str, Any]] = {}
    changed: dict[str, dict[str, Any]] = {}  # stored id -> columns to update
    for listed in listed_per_doc:
        for actor in listed.values():
            row = new.get(actor.id) or stored.get(actor.id)
            if row is None:
                new[actor.id] = {**_actor_values(actor), "role": None, "affiliation": None}
                continue
            updates = _merged_actor_fields(row, actor)
            if updates:
                row.update(updates)
                if actor.id not in new:
                    changed.setdefault(actor.id, {}).update(updates)
    if new:
        # Another writer may add the same new actor between our read and this insert
        # (PostgreSQL with concurrent ingests): the first row wins, nothing fails.
        _insert_rows_ignoring_duplicates(conn, actors, list(new.values()))
    for actor_id, updates in changed.items():
        conn.execute(actors.update().where(actors.c.id == actor_id).values(updates))
    new_aliases = []
    for analysis in analyses:
        for actor in analysis.actors:  # placeholders have no real names to record
            for alias in dict.fromkeys([actor.name, *actor.aliases]):
                if alias.strip() and (actor.id, alias) not in known:
                    known.add((actor.id, alias))
                    new_aliases.append(
                        {"actor_id": actor.id, "alias": alias, "alias_key": alias_key(alias)}
                    )
    if new_aliases:
        _insert_rows_ignoring_duplicates(conn, actor_aliases, new_aliases)


def _alias_references(
    conn: Connection, batch: Sequence[tuple[str, Analysis, str]]
) -> dict[str, list[str]]:
    """Each actor's reference list of aliases (``actor_alias_lists``): the stored one, or for
    an actor without one the first list of the batch, stored now."""
    ids = list(dict.fromkeys(a.id for _, analysis, _ in batch for a in analysis.actors))
    refs: dict[str, list[str]] = {}
    for chunk in _batched(ids, 500):
        found = conn.execute(
            sa.select(actor_alias_lists).where(actor_alias_lists.c.actor_id.in_(chunk))
        )
        refs.update((actor_id, list(aliases)) for actor_id, aliases in found)
    new = {}
    for _, analysis, _ in batch:
        for actor in analysis.actors:
            if actor.id not in refs:
                refs[actor.id] = new[actor.id] = list(actor.aliases)
    if new:
        _insert_rows(
            conn, actor_alias_lists, [{"actor_id": k, "aliases": v} for k, v in new.items()]
        )
    return refs


def _write_document_actors(conn: Connection, batch: Sequence[tuple[str, Analysis, str]]) -> None:
    refs = _alias_references(conn, batch)
    actor_rows = [
        {
            **{k: v for k, v in _actor_values(actor).items() if k != "id"},
            "document_id": doc_id,
            "actor_id": actor.id,
            "position": i,
            # JSON null: the actor's reference list (read back from actor_alias_lists).
            "aliases": None if list(actor.aliases) == refs[actor.id] else list(actor.aliases),
            "mentions": pack_spans(actor.mentions, text) or None,
        }
        for doc_id, analysis, text in batch
        for i, actor in enumerate(analysis.actors)
    ]
    if actor_rows:
        _insert_rows(conn, document_actors, actor_rows)


def _event_values(doc_id: str, position: int, event: Event, text: str) -> dict[str, Any]:
    loc = event.location or Location()
    trigger = _span_values(event.trigger, text) if event.trigger else (None, None, None)
    return {
        "document_id": doc_id,
        "local_id": event.id,
        "position": position,
        "type": event.type,
        "mode": event.mode,
        "status": event.status,
        "date_start": event.date.start,
        "date_end": event.date.end,
        "date_precision": event.date.precision,
        "date_text": event.date.text,
        "has_location": event.location is not None,
        "location_name": loc.name,
        "country": loc.country,
        "admin1": loc.admin1,
        "admin2": loc.admin2,
        "city": loc.city,
        "lat": loc.lat,
        "lon": loc.lon,
        "geo_precision": loc.precision,
        "geonameid": loc.geonameid,
        "killed": event.killed,
        "wounded": event.wounded,
        "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end,
        "evidence_text": event.evidence.text,
        "trigger_start": trigger[0],
        "trigger_end": trigger[1],
        "trigger_text": trigger[2],
        "confidence": event.confidence,
        "notes": list(event.notes),
        "more_evidence": pack_spans(event.more_evidence, text),
        "target_text": event.target_text,
        "speaker": event.speaker,
        "act": event.act.model_dump(mode="json") if event.act is not None else None,
        "source_basis": event.source_basis,
        "salience": event.salience,
        "target_basis": event.target_basis,
    }


def _write_events(
    conn: Connection, batch: Sequence[tuple[str, Analysis, dt.date | None, str]]
) -> None:
    """Events of ``batch`` (document id, analysis, publication date, text), one statement per
    table."""
    stored = [(doc_id, e, published) for doc_id, a, published, _ in batch for e in a.events]
    if not stored:
        return
    pks = _insert_numbered(
        conn,
        events.c.pk,
        [
            _event_values(doc_id, i, e, text)
            for doc_id, analysis, _, text in batch
            for i, e in enumerate(analysis.events)
        ],
    )
    links = [
        {"event_pk": pk, "role": role, "position": j, "actor_id": actor_id}
        for pk, (_, event, _) in zip(pks, stored, strict=True)
        for role, ids in zip(
            EVENT_ROLES, (event.sources, event.targets, event.claimed_by), strict=True
        )
        for j, actor_id in enumerate(ids)
    ]
    if links:
        _insert_rows(conn, event_actors, links)
    pairs = [
        row
        for pk, (doc_id, e, published) in zip(pks, stored, strict=True)
        for row in _interaction_rows(
            pk, doc_id, e.type, e.status, e.date.start, e.date.end, published, e.sources, e.targets
        )
    ]
    if pairs:
        _insert_rows(conn, interactions, pairs)


def _insert_positioned(
    conn: Connection, table: sa.Table, batch: Sequence[tuple[str, Sequence[dict[str, Any]]]]
) -> None:
    """Insert each document's facts in document order (``position``)."""
    rows = [
        {"document_id": doc_id, "position": i, **row}
        for doc_id, doc_rows in batch
        for i, row in enumerate(doc_rows)
    ]
    if rows:
        _insert_rows(conn, table, rows)


def _place_rows(items: Sequence[Place], text: str) -> list[dict[str, Any]]:
    return [
        {
            **p.model_dump(exclude={"mentions"}),
            "mentions": pack_spans(p.mentions, text),
            "n_mentions": len(p.mentions),
        }
        for p in items
    ]


def _relation_rows(
    items: Sequence[Relation], published: dt.date | None, text: str
) -> list[dict[str, Any]]:
    return [
        {
            **r.model_dump(exclude={"evidence"}),
            "evidence": pack_spans(r.evidence, text),
            **relation_span(r.start, r.end, published),
        }
        for r in items
    ]


def _date_rows(items: Sequence[TimeExpression], text: str) -> list[dict[str, Any]]:
    return [
        {
            "start": d.value.start,
            "end": d.value.end,
            "precision": d.value.precision,
            "text": d.value.text,
            **dict(
                zip(
                    ("mention_start", "mention_end", "mention_text"),
                    _span_values(d.mention, text),
                    strict=True,
                )
            ),
        }
        for d in items
    ]


def _write_places(conn: Connection, batch: Sequence[tuple[str, Analysis, str]]) -> None:
    _insert_positioned(conn, places, [(i, _place_rows(a.places, t)) for i, a, t in batch])


def _write_relations(
    conn: Connection, batch: Sequence[tuple[str, Analysis, dt.date | None, str]]
) -> None:
    _insert_positioned(
        conn, relations, [(i, _relation_rows(a.relations, p, t)) for i, a, p, t in batch]
    )


def _write_dates(conn: Connection, batch: Sequence[tuple[str, Analysis, str]]) -> None:
    _insert_positioned(conn, dates, [(i, _date_rows(a.dates, t)) for i, a, t in batch])


def _published(document: Document, analysis: Analysis) -> dt.date | None:
    return document.published if document.published else analysis.published


def _document_values(document: Document, analysis: Analysis) -> dict[str, Any]:
    return {
        "id": document.id,
        "text": document.text,
        # The document is the record of the article; the analysis may know more (a title
        # found during extraction), so it fills the gaps.
        "title": document.title if document.title is not None else analysis.title,
        "url": document.url if document.url is not None else analysis.url,
        "source": document.source if document.source is not None else analysis.source,
        "published": _published(document, analysis),
        "origin": document.origin,
        "ingested_at": dt.datetime.now(dt.UTC),
        "text_hash": _text_hash(document.text),
    }


def _write_documents(conn: Connection, batch: Sequence[tuple[Document, Analysis]]) -> None:
    """Write new documents and their analyses: one statement per table for the whole batch
    (a statement per table and document cost more than the writing itself), rows in the
    order writing the documents one after another would give."""
    if not batch:
        return
    _insert_rows(conn, documents, [_document_values(d, a) for d, a in batch])
    # Spans are stored as offsets into the text (store.spans): each writer gets the text.
    by_id = [(d.id, a, d.text) for d, a in batch]
    dated = [(d.id, a, _published(d, a), d.text) for d, a in batch]
    _write_actors(conn, [a for _, a in batch])
    _write_document_actors(conn, by_id)
    _write_events(conn, dated)
    _write_places(conn, by_id)
    _write_relations(conn, dated)
    _write_dates(conn, by_id)

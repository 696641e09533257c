"""Versions of a document: replacing a stored document by a new text, deleting one, and the
update feed that lists both (``document_updates``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitroom.store.aggregates import (
    _apply_share,
    _events_of,
    _recompute_relation_totals,
    _relation_keys,
    _share,
)
from sitroom.store.backends import _batched, _insert_ignoring_duplicates
from sitroom.store.base import StoreBase
from sitroom.store.incident_totals import _count_incidents
from sitroom.store.rows import UpdateRow
from sitroom.store.schema import (
    _text_hash,
    actor_activity,
    actor_alias_lists,
    actor_aliases,
    actors,
    document_actors,
    document_updates,
    documents,
    event_actors,
    incident_members,
    incidents,
    meta_table,
    relations,
)
from sitroom.store.sql import _as_utc, _page

UPDATE_KINDS = ("updated", "removed")
GENERATION_KEY = "generation"


def _bump_generation(conn: Connection) -> None:
    """Count one more change of the store's contents (see :meth:`UpdateQueries.data_version`);
    called inside every writing transaction."""
    conn.execute(
        _insert_ignoring_duplicates(conn, meta_table),
        [{"key": GENERATION_KEY, "value": "0"}],
    )
    conn.execute(
        meta_table.update()
        .where(meta_table.c.key == GENERATION_KEY)
        .values(value=sa.cast(sa.cast(meta_table.c.value, sa.Integer) + 1, meta_table.c.value.type))
    )


def _actors_of(conn: Connection, doc_ids: Sequence[str]) -> set[str]:
    """Every actor id the documents name (listed, in events, in relations)."""
    found: set[str] = set()
    for chunk in _batched(doc_ids, 500):
        listed = sa.select(document_actors.c.actor_id).where(
            document_actors.c.document_id.in_(chunk)
        )
        in_events = sa.select(event_actors.c.actor_id).where(
            event_actors.c.event_pk.in_(_events_of(chunk))
        )
        sources = sa.select(relations.c.source).where(relations.c.document_id.in_(chunk))
        targets = sa.select(relations.c.target).where(relations.c.document_id.in_(chunk))
        found.update(conn.execute(sa.union(listed, in_events, sources, targets)).scalars())
    return found


def _drop_unreferenced_actors(conn: Connection, candidates: set[str]) -> None:
    """Delete those of ``candidates`` no stored document names any more (with their aliases)."""
    for chunk in _batched(sorted(candidates), 500):
        used = sa.union(
            sa.select(document_actors.c.actor_id).where(document_actors.c.actor_id.in_(chunk)),
            sa.select(event_actors.c.actor_id).where(event_actors.c.actor_id.in_(chunk)),
            sa.select(relations.c.source).where(relations.c.source.in_(chunk)),
            sa.select(relations.c.target).where(relations.c.target.in_(chunk)),
        )
        orphans = sorted(set(chunk) - set(conn.execute(used).scalars()))
        if not orphans:
            continue
        conn.execute(actor_aliases.delete().where(actor_aliases.c.actor_id.in_(orphans)))
        conn.execute(actor_alias_lists.delete().where(actor_alias_lists.c.actor_id.in_(orphans)))
        conn.execute(actor_activity.delete().where(actor_activity.c.actor_id.in_(orphans)))
        conn.execute(actors.delete().where(actors.c.id.in_(orphans)))


def _delete_documents(conn: Connection, doc_ids: Sequence[str]) -> list[str]:
    """Delete documents, what was extracted from them, the incidents their events belonged to
    (the other reports are merged again by the next merge) and the actors only they named;
    returns the ids that were stored."""
    share = _share(conn, list(doc_ids))
    keys = _relation_keys(share)
    named = _actors_of(conn, doc_ids)
    touched = sa.select(incident_members.c.incident_id).where(
        incident_members.c.event_pk.in_(_events_of(list(doc_ids)))
    )
    dissolved = sorted(set(conn.execute(touched).scalars()))
    _count_incidents(conn, dissolved, -1)
    for chunk in _batched(dissolved, 500):
        conn.execute(incidents.delete().where(incidents.c.id.in_(chunk)))
    stored = list(
        conn.execute(sa.select(documents.c.id).where(documents.c.id.in_(doc_ids))).scalars()
    )
    if not stored:
        return []
    conn.execute(documents.delete().where(documents.c.id.in_(stored)))
    _apply_share(conn, share, -1)
    _recompute_relation_totals(conn, keys)
    _drop_unreferenced_actors(conn, named)
    return stored


def _record_update(
    conn: Connection,
    doc_id: str,
    kind: str,
    previous_hash: str | None,
    text_hash: str | None,
) -> None:
    version = conn.execute(
        sa.select(sa.func.count())
        .select_from(document_updates)
        .where(document_updates.c.document_id == doc_id, document_updates.c.kind == "updated")
    ).scalar_one()
    conn.execute(
        document_updates.insert().values(
            document_id=doc_id,
            kind=kind,
            at=dt.datetime.now(dt.UTC),
            previous_hash=previous_hash,
            text_hash=text_hash,
            version=int(version) + (2 if kind == "updated" else 1),
        )
    )


def _stored_hashes(conn: Connection, doc_ids: Sequence[str]) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for chunk in _batched(list(dict.fromkeys(doc_ids)), 500):
        stmt = sa.select(documents.c.id, documents.c.text_hash).where(documents.c.id.in_(chunk))
        found.update({str(i): h for i, h in conn.execute(stmt)})
    return found


class UpdateQueries(StoreBase):
    """Store's update feed."""

    def stored_text_hashes(self, ids: Iterable[str]) -> dict[str, str | None]:
        """{id: SHA-256 of the stored text} for those of ``ids`` that are stored: an ingest
        compares them with :meth:`text_hash` of the incoming text to skip only unchanged ones."""
        with self._guard(), self._engine.connect() as conn:
            return _stored_hashes(conn, list(ids))

    @staticmethod
    def text_hash(text: str) -> str:
        return _text_hash(text)

    def data_version(self) -> tuple[Any, ...]:
        """A value that changes whenever the store's contents change (a document added,
        replaced or removed, a merge, a rebuild): a key for caching query results. One row
        read by its key, so checking it costs the same at any store size."""
        stmt = sa.select(meta_table.c.value).where(meta_table.c.key == GENERATION_KEY)
        with self._guard(), self._engine.connect() as conn:
            return (conn.execute(stmt).scalar() or "0",)

    def updates(
        self,
        since: dt.datetime | None = None,
        *,
        after: int | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[UpdateRow]:
        """Documents replaced by a new version (``updated``) or deleted (``removed``), oldest
        first: those recorded at or after ``since``, or after the feed position ``after`` (the
        ``seq`` of the last row a reader saw)."""
        _page(limit, offset)
        stmt = sa.select(document_updates).order_by(document_updates.c.seq)
        if since is not None:
            if since.tzinfo is None:
                since = since.replace(tzinfo=dt.UTC)
            stmt = stmt.where(document_updates.c.at >= since)
        if after is not None:
            stmt = stmt.where(document_updates.c.seq > after)
        with self._guard(), self._engine.connect() as conn:
            rows = conn.execute(stmt.limit(limit).offset(offset)).mappings().all()
        return [
            UpdateRow(
                seq=r["seq"],
                document_id=r["document_id"],
                kind=r["kind"],
                at=_as_utc(r["at"]),
                version=r["version"],
                previous_hash=r["previous_hash"],
                text_hash=r["text_hash"],
            )
            for r in rows
        ]

"""Relation queries: stored relations and event interactions aggregated per actor pair.

Without a time window they are read from the ``relation_totals`` aggregate; with one, the stored
relations and the ``interactions`` rows inside the window are aggregated on the fly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitroom.store.base import StoreBase
from sitroom.store.rows import RelationEvidence, RelationFilter, RelationRow
from sitroom.store.schema import (
    SHORT_SPAN_DAYS,
    actors,
    documents,
    events,
    interactions,
    relation_totals,
    relations,
)
from sitroom.store.sql import _actor_names, _page


def _interaction_groups(rows: sa.Subquery | sa.Table) -> sa.Select[Any]:
    """``rows`` of ``interactions`` aggregated into relation rows (origin ``interactions``)."""
    origin: Literal["interactions"] = "interactions"
    return sa.select(
        rows.c.source,
        rows.c.target,
        rows.c.type,
        sa.literal(origin, sa.String).label("origin"),
        # One row per (event, source, target): counting rows counts distinct events.
        sa.func.count().label("weight"),
        sa.func.count(sa.distinct(rows.c.document_id)).label("n_documents"),
        sa.func.min(rows.c.first).label("first"),
        sa.func.max(rows.c.last).label("last"),
    ).group_by(rows.c.source, rows.c.target, rows.c.type)


# Partial ISO dates ("2015", "2015-02") compare as strings against full dates. A '~' (which
# sorts after every digit and '-') appended to the end of a period makes "2015-02~" >=
# "2015-02-17", so a period counts as lasting until its last day.
_PERIOD_END = "~"


def _date_window(
    first: sa.ColumnElement[Any], last: sa.ColumnElement[Any], f: RelationFilter
) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if f.date_to:
        where.append(first <= f.date_to.isoformat())
    if f.date_from:
        where.append(last.op("||")(_PERIOD_END) >= f.date_from.isoformat())
    return where


def _pair_filter(
    source: sa.ColumnElement[Any], target: sa.ColumnElement[Any], ids: list[str] | None
) -> list[sa.ColumnElement[bool]]:
    if ids is None:
        return []
    return [sa.or_(source.in_(ids), target.in_(ids))]


def _stored_relations_select(f: RelationFilter, ids: list[str] | None) -> sa.Select[Any]:
    published = sa.cast(documents.c.published, sa.String)
    first = sa.func.coalesce(relations.c.start, published)
    last = sa.func.coalesce(relations.c.end, relations.c.start, published)
    where = _pair_filter(relations.c.source, relations.c.target, ids)
    where += _date_window(first, last, f)
    if f.type:
        where.append(relations.c.type == f.type.lower())
    if f.origin:
        where.append(relations.c.origin == f.origin)
    if f.statuses:
        where.append(relations.c.status.in_(f.statuses))
    return (
        sa.select(
            relations.c.source,
            relations.c.target,
            relations.c.type,
            relations.c.origin,
            sa.func.count().label("weight"),
            sa.func.count(sa.distinct(relations.c.document_id)).label("n_documents"),
            sa.func.min(first).label("first"),
            sa.func.max(last).label("last"),
        )
        .select_from(relations.join(documents, documents.c.id == relations.c.document_id))
        .where(*where)
        .group_by(relations.c.source, relations.c.target, relations.c.type, relations.c.origin)
    )


def _interactions_in_window(f: RelationFilter, ids: list[str] | None) -> sa.Subquery:
    """The ``interactions`` rows matching ``f``, whose dates overlap its window.

    Overlap is ``first <= date_to`` and ``last >= date_from``. For a short span (at most
    SHORT_SPAN_DAYS), ``last >= date_from`` implies ``first >= date_from - SHORT_SPAN_DAYS``, a
    range the index on (long_span, first) serves; the few long spans are checked one by one.
    """
    i = interactions
    where = _pair_filter(i.c.source, i.c.target, ids)
    if f.type:
        where.append(i.c.type == f.type.upper())
    if f.date_to:
        where.append(i.c.first <= f.date_to.isoformat())
    short = [i.c.long_span == sa.false()]
    if f.date_from:
        where.append(i.c.last >= f.date_from.isoformat())
        reach = dt.timedelta(days=SHORT_SPAN_DAYS)
        earliest = f.date_from - reach if f.date_from - dt.date.min > reach else dt.date.min
        short.append(i.c.first >= earliest.isoformat())
    source: sa.FromClause = i
    if f.statuses:
        # The event's status, by its primary key (faster than an IN over every event).
        source = i.join(events, events.c.pk == i.c.event_pk)
        where.append(events.c.status.in_(f.statuses))
    return sa.union_all(
        sa.select(i).select_from(source).where(*short, *where),
        sa.select(i).select_from(source).where(i.c.long_span == sa.true(), *where),
    ).subquery()


RelationKey = tuple[str, str, str, str]  # source, target, type, origin


def _key_match(columns: Sequence[sa.ColumnElement[Any]], keys: Sequence[tuple[str, ...]]) -> Any:
    """``columns`` equal one of ``keys`` (an OR of ANDs: SQLite serves each from an index)."""
    return sa.or_(
        sa.false(), *(sa.and_(*(c == v for c, v in zip(columns, key, strict=True))) for key in keys)
    )


class RelationQueries(StoreBase):
    """Store's relation queries: aggregated relations and their count."""

    def relations(
        self, f: RelationFilter = RelationFilter(), *, limit: int = 100, offset: int = 0
    ) -> list[RelationRow]:
        """Stored relations and event interactions, aggregated per actor pair, heaviest first."""
        _page(limit, offset)
        with self._guard(), self._engine.connect() as conn:
            groups = self._relation_groups(conn, f)
            if groups is None:
                return []
            stmt = (
                sa.select(groups)
                .order_by(
                    groups.c.weight.desc(),
                    groups.c.source,
                    groups.c.target,
                    groups.c.type,
                    groups.c.origin,
                )
                .limit(limit)
                .offset(offset)
            )
            rows = conn.execute(stmt).mappings().all()
            names = _actor_names(conn, [r[end] for r in rows for end in ("source", "target")])
        return [
            RelationRow.model_validate(
                {
                    **r,
                    "source_name": names.get(r["source"], r["source"]),
                    "target_name": names.get(r["target"], r["target"]),
                }
            )
            for r in rows
        ]

    def relation_statuses(
        self, f: RelationFilter, keys: Sequence[RelationKey]
    ) -> dict[RelationKey, dict[str, int]]:
        """For relation rows of :meth:`relations` (their keys: source, target, type, origin),
        how many of the rows behind each weight have each status under ``f``: a stored
        relation's own status, an interaction's event's."""
        out: dict[RelationKey, dict[str, int]] = {}
        stored_keys = sorted({k for k in keys if k[3] != "interactions"})
        pair_keys = sorted({k[:3] for k in keys if k[3] == "interactions"})
        n = sa.func.count()
        r = relations
        with self._guard(), self._engine.connect() as conn:
            for start in range(0, len(stored_keys), 100):
                chunk = stored_keys[start : start + 100]
                published = sa.cast(documents.c.published, sa.String)
                first = sa.func.coalesce(r.c.start, published)
                last = sa.func.coalesce(r.c.end, r.c.start, published)
                where = _date_window(first, last, f)
                if f.statuses:
                    where.append(r.c.status.in_(f.statuses))
                columns = (r.c.source, r.c.target, r.c.type, r.c.origin)
                stmt = (
                    sa.select(*columns, r.c.status, n)
                    .select_from(r.join(documents, documents.c.id == r.c.document_id))
                    .where(_key_match(columns, chunk), *where)
                    .group_by(*columns, r.c.status)
                )
                for source, target, kind, origin, status, count in conn.execute(stmt):
                    key = (source, target, kind, origin)
                    out.setdefault(key, {})[status] = int(count)
            for start in range(0, len(pair_keys), 100):
                chunk3 = pair_keys[start : start + 100]
                i = interactions
                pair_columns = (i.c.source, i.c.target, i.c.type)
                # The pair index finds the keys' rows; the window is checked on each.
                where = _date_window(i.c.first, i.c.last, f)
                if f.statuses:
                    where.append(events.c.status.in_(f.statuses))
                stmt = (
                    sa.select(*pair_columns, events.c.status, n)
                    .select_from(i.join(events, events.c.pk == i.c.event_pk))
                    .where(_key_match(pair_columns, chunk3), *where)
                    .group_by(*pair_columns, events.c.status)
                )
                for source, target, kind, status, count in conn.execute(stmt):
                    key = (source, target, kind, "interactions")
                    out.setdefault(key, {})[status] = int(count)
        return out

    def count_relations(self, f: RelationFilter = RelationFilter()) -> int:
        """How many rows :meth:`relations` gives for ``f`` without paging."""
        with self._guard(), self._engine.connect() as conn:
            groups = self._relation_groups(conn, f)
            if groups is None:
                return 0
            return int(conn.execute(sa.select(sa.func.count()).select_from(groups)).scalar_one())

    def _relation_groups(self, conn: Connection, f: RelationFilter) -> sa.Subquery | None:
        """Relation rows (without names) matching ``f``; None when none can match.

        Without a time window they are read from ``relation_totals``; with one, the stored
        relations and the ``interactions`` rows inside the window are aggregated.
        """
        ids = self._resolve_actor(conn, f.actor) if f.actor else None
        if ids == [] or f.origin not in (None, "explicit", "events", "interactions"):
            return None
        if f.date_from is None and f.date_to is None and not f.statuses:
            t = relation_totals
            where = _pair_filter(t.c.source, t.c.target, ids)
            if f.type:
                # Stored relation types are lower case, PLOVER event types upper case.
                where.append(
                    sa.or_(
                        sa.and_(t.c.origin == "interactions", t.c.type == f.type.upper()),
                        sa.and_(t.c.origin != "interactions", t.c.type == f.type.lower()),
                    )
                )
            if f.origin:
                where.append(t.c.origin == f.origin)
            return sa.select(t).where(*where).subquery()
        parts = []
        if f.origin in (None, "explicit", "events"):
            parts.append(_stored_relations_select(f, ids))
        if f.origin in (None, "interactions"):
            parts.append(_interaction_groups(_interactions_in_window(f, ids)))
        return sa.union_all(*parts).subquery()

    def relation_evidence(self, actor_id: str, *, limit: int = 200) -> list[RelationEvidence]:
        """Stored relations (one row per document) in which ``actor_id`` is source or target,
        newest documents first, with their evidence spans."""
        _page(limit, 0)
        src, tgt = actors.alias("src"), actors.alias("tgt")
        stmt = (
            sa.select(
                relations.c.document_id,
                documents.c.title,
                documents.c.published,
                relations.c.source,
                src.c.name,
                relations.c.target,
                tgt.c.name,
                relations.c.type,
                relations.c.status,
                relations.c.origin,
                relations.c.start,
                relations.c.end,
                relations.c.evidence,
            )
            .select_from(
                relations.join(documents, documents.c.id == relations.c.document_id)
                .join(src, src.c.id == relations.c.source)
                .join(tgt, tgt.c.id == relations.c.target)
            )
            .where(sa.or_(relations.c.source == actor_id, relations.c.target == actor_id))
            .order_by(
                documents.c.published.is_(None),
                documents.c.published.desc(),
                relations.c.document_id,
                relations.c.position,
            )
            .limit(limit)
        )
        with self._engine.connect() as conn:
            return [RelationEvidence(*tuple(row)) for row in conn.execute(stmt)]

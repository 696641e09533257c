"""Relation queries: stored relations and event interactions aggregated per actor pair.

Without a time window they are read from the ``relation_totals`` aggregate; with one, the stored
relations and the ``interactions`` rows inside the window are aggregated on the fly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitroom.store.base import StoreBase
from sitroom.store.relation_keys import (
    _KEY_COLUMNS,
    RelationKey,
    _date_window,
    _key,
    _statuses_from_totals,
    _window_details,
    _window_statuses,
)
from sitroom.store.relation_spans import relations_in_window
from sitroom.store.rows import RelationEvidence, RelationFilter, RelationRow
from sitroom.store.schema import (
    SHORT_SPAN_DAYS,
    actors,
    documents,
    events,
    interactions,
    relation_status_totals,
    relation_totals,
    relations,
)
from sitroom.store.spans import unpack_spans
from sitroom.store.sql import _actor_names, _page


def _interaction_groups(
    rows: sa.Subquery | sa.Table, *, by_status: bool = False, weight_only: bool = False
) -> sa.Select[Any]:
    """``rows`` of ``interactions`` aggregated into relation rows (origin ``interactions``);
    ``by_status``: one per status too (``rows`` then have the event's ``status``);
    ``weight_only``: the keys and weights alone (see :mod:`sitroom.store.relation_keys`)."""
    origin: Literal["interactions"] = "interactions"
    keys = [rows.c.source, rows.c.target, rows.c.type]
    status = [rows.c.status] if by_status else []
    return sa.select(
        *keys,
        sa.literal(origin, sa.String).label("origin"),
        *status,
        # One row per (event, source, target): counting rows counts distinct events.
        sa.func.count().label("weight"),
        *_details(rows.c.document_id, rows.c.first, rows.c.last, weight_only),
    ).group_by(*keys, *status)


def _details(
    document_id: sa.ColumnElement[Any],
    first: sa.ColumnElement[Any],
    last: sa.ColumnElement[Any],
    weight_only: bool,
) -> list[sa.ColumnElement[Any]]:
    """The aggregated columns of a relation row after its weight (none when ``weight_only``)."""
    if weight_only:
        return []
    return [
        sa.func.count(sa.distinct(document_id)).label("n_documents"),
        sa.func.min(first).label("first"),
        sa.func.max(last).label("last"),
    ]


def _interactions_with_status() -> sa.Select[Any]:
    """``interactions`` rows with their event's status (for :func:`_interaction_groups`)."""
    return sa.select(interactions, events.c.status).join(
        events, events.c.pk == interactions.c.event_pk
    )


def _pair_filter(
    source: sa.ColumnElement[Any], target: sa.ColumnElement[Any], ids: list[str] | None
) -> list[sa.ColumnElement[bool]]:
    if ids is None:
        return []
    return [sa.or_(source.in_(ids), target.in_(ids))]


def _relation_period(
    table: sa.Table | sa.Subquery, published: sa.ColumnElement[Any]
) -> tuple[sa.ColumnElement[Any], sa.ColumnElement[Any]]:
    """A stored relation's first and last date strings (see :mod:`sitroom.store.relation_spans`)."""
    published = sa.cast(published, sa.String)
    first = sa.func.coalesce(table.c.start, published)
    last = sa.func.coalesce(table.c.end, table.c.start, published)
    return first, last


def _stored_relations_select(
    f: RelationFilter, ids: list[str] | None, *, by_status: bool = False, weight_only: bool = False
) -> sa.Select[Any]:
    """Stored relations matching ``f`` aggregated per (source, target, type, origin) and, with
    ``by_status``, their status. With a time window, the relations are found through their
    days (:func:`~sitroom.store.relation_spans.relations_in_window`)."""
    r = relations
    where = _pair_filter(r.c.source, r.c.target, ids)
    if f.type:
        where.append(r.c.type == f.type.lower())
    if f.origin:
        where.append(r.c.origin == f.origin)
    if f.statuses:
        where.append(r.c.status.in_(f.statuses))
    rows: sa.Subquery | sa.Table = r
    source: sa.FromClause = r.join(documents, documents.c.id == r.c.document_id)
    published: sa.ColumnElement[Any] = documents.c.published
    if f.date_from or f.date_to:
        window = _date_window(*_relation_period(r, documents.c.published), f)
        rows = relations_in_window(where, f.date_from, f.date_to, window)
        source, published, where = rows, rows.c.published, []
    first, last = _relation_period(rows, published)
    keys = [rows.c.source, rows.c.target, rows.c.type, rows.c.origin]
    status = [rows.c.status] if by_status else []
    return (
        sa.select(
            *keys,
            *status,
            sa.func.count().label("weight"),
            *_details(rows.c.document_id, first, last, weight_only),
        )
        .select_from(source)
        .where(*where)
        .group_by(*keys, *status)
    )


_WINDOW_COLUMNS = ("source", "target", "type", "document_id", "first", "last")


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
    # The columns ix_interactions_window holds: the index alone answers the window.
    columns = [i.c[name] for name in _WINDOW_COLUMNS]
    return sa.union_all(
        sa.select(*columns).select_from(source).where(*short, *where),
        sa.select(*columns).select_from(source).where(i.c.long_span == sa.true(), *where),
    ).subquery()


def _from_status_totals(f: RelationFilter) -> bool:
    """Whether :meth:`RelationQueries.relations` reads ``f`` from ``relation_status_totals``."""
    return bool(f.statuses) and f.date_from is None and f.date_to is None


def _documents_per_key(
    conn: Connection, f: RelationFilter, keys: Sequence[RelationKey]
) -> dict[RelationKey, int]:
    """How many documents hold each of ``keys`` with one of ``f.statuses`` (read through the
    relations' and interactions' pair indexes: a page of keys, whatever the store's size)."""
    unbounded = dataclasses.replace(f, date_from=None, date_to=None)
    return {key: n for key, (n, _first, _last) in _window_details(conn, unbounded, keys).items()}


def _totals_where(
    t: sa.Table, f: RelationFilter, ids: list[str] | None
) -> list[sa.ColumnElement[bool]]:
    """``f``'s actor, type and origin as conditions on ``relation_totals`` or
    ``relation_status_totals``."""
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
    return where


# Below this many ``relation_status_totals`` rows of the asked statuses, they are aggregated
# directly; above, the ranking walks relation_totals heaviest first (see _top_by_status).
_DIRECT_STATUS_ROWS = 20_000
_RANK_PAGE = 1000


def _top_by_status(
    conn: Connection, f: RelationFilter, ids: list[str] | None, limit: int, offset: int
) -> list[dict[str, Any]]:
    """The rows ``offset`` to ``offset + limit`` of :meth:`RelationQueries.relations` for ``f``
    (statuses, no time window), from the aggregates.

    A key's weight over some statuses is at most its weight over all of them, which
    ``relation_totals`` keeps in an index ordered heaviest first. Walking that index page by
    page and summing each key's status rows, the walk stops once the ``offset + limit``-th
    heaviest found outweighs every key not read yet: for statuses most relations have (the
    default view's), after a page or two whatever the store's size. Statuses few rows have are
    aggregated directly from their rows."""
    st = relation_status_totals
    # Counted up to the bound only: the count of every row of the statuses most relations
    # have read a million rows (0.07 s on PostgreSQL) to compare it with 20,000.
    bounded = (
        sa.select(sa.literal(1))
        .where(st.c.status.in_(f.statuses))
        .limit(_DIRECT_STATUS_ROWS + 1)
        .subquery()
    )
    n_rows = conn.execute(sa.select(sa.func.count()).select_from(bounded)).scalar_one()
    order = ("weight", "source", "target", "type", "origin")
    if n_rows <= _DIRECT_STATUS_ROWS:
        groups = RelationQueries._status_groups(f, ids)
        stmt = sa.select(groups).order_by(groups.c.weight.desc(), *(groups.c[c] for c in order[1:]))
        return [dict(r) for r in conn.execute(stmt.limit(limit).offset(offset)).mappings()]
    t = relation_totals
    wanted = offset + limit
    found: list[dict[str, Any]] = []
    start = 0
    while True:
        page = (
            sa.select(t.c.source, t.c.target, t.c.type, t.c.origin, t.c.weight)
            .where(*_totals_where(t, f, ids))
            .order_by(t.c.weight.desc(), *(t.c[c] for c in order[1:]))
            .limit(_RANK_PAGE)
            .offset(start)
            .subquery()
        )
        # Each key of the page with the sums of its status rows of the statuses asked, found
        # by their primary key (a condition on the status in the join or WHERE would make
        # SQLite read the status index instead).
        asked = st.c.status.in_(f.statuses)
        columns = [page.c[c] for c in _KEY_COLUMNS]
        joined = (
            sa.select(
                *columns,
                page.c.weight,
                sa.func.sum(sa.case((asked, st.c.weight))),
                sa.func.sum(sa.case((asked, st.c.n_documents))),
                sa.func.min(sa.case((asked, st.c.first))),
                sa.func.max(sa.case((asked, st.c.last))),
                sa.func.count(sa.case((asked, 1))),
            )
            .select_from(page.outerjoin(st, sa.and_(*(st.c[c] == page.c[c] for c in _KEY_COLUMNS))))
            .group_by(*columns, page.c.weight)
        )
        rows = conn.execute(joined).all()
        start += len(rows)
        lightest = min((row[4] for row in rows), default=0)
        for source, target, kind, origin, _total, weight, n_docs, first, last, n in rows:
            if n:
                found.append(
                    {
                        "source": source,
                        "target": target,
                        "type": kind,
                        "origin": origin,
                        "weight": int(weight),
                        "n_documents": int(n_docs),
                        "first": first,
                        "last": last,
                        "n_statuses": int(n),
                    }
                )
        found.sort(key=lambda r: (-r["weight"], r["source"], r["target"], r["type"], r["origin"]))
        if len(rows) < _RANK_PAGE:
            break  # every key read
        # Keys not read weigh at most the lightest read, over all statuses and so over some.
        if len(found) >= wanted and found[wanted - 1]["weight"] > lightest:
            break
    return found[offset:wanted]


class RelationQueries(StoreBase):
    """Store's relation queries: aggregated relations and their count."""

    def relations(
        self, f: RelationFilter = RelationFilter(), *, limit: int = 100, offset: int = 0
    ) -> list[RelationRow]:
        """Stored relations and event interactions, aggregated per actor pair, heaviest first."""
        return self._relations(f, limit, offset)[0]

    def relations_page(
        self, f: RelationFilter = RelationFilter(), *, limit: int = 100, offset: int = 0
    ) -> tuple[list[RelationRow], int]:
        """:meth:`relations` and :meth:`count_relations` of ``f``: within a time window, both
        from one aggregation of the window's relations."""
        rows, total = self._relations(f, limit, offset, counted=True)
        return rows, self.count_relations(f) if total is None else total

    def _relations(
        self, f: RelationFilter, limit: int, offset: int, *, counted: bool = False
    ) -> tuple[list[RelationRow], int | None]:
        """The rows of :meth:`relations`, and with ``counted`` how many there are without
        paging when one query told it (a time window's rows, counted as they are ranked)."""
        _page(limit, offset)
        total: int | None = None
        with self._guard(), self._engine.connect() as conn:
            if _from_status_totals(f):
                ids = self._resolve_actor(conn, f.actor) if f.actor else None
                if ids == [] or f.origin not in (None, "explicit", "events", "interactions"):
                    return [], 0
                rows = _top_by_status(conn, f, ids, limit, offset)
            else:
                groups = self._relation_groups(conn, f)
                if groups is None:
                    return [], 0
                windowed = f.date_from is not None or f.date_to is not None
                n_rows = [sa.func.count().over().label("n_rows")] if windowed and counted else []
                stmt = (
                    sa.select(groups, *n_rows)
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
                rows = [dict(r) for r in conn.execute(stmt).mappings()]
                if n_rows and (rows or offset == 0):
                    total = int(rows[0]["n_rows"]) if rows else 0
                for r in rows:
                    r.pop("n_rows", None)
                if windowed:  # ranked by weight alone: the page's other columns
                    details = _window_details(conn, f, [_key(r) for r in rows])
                    for r in rows:
                        r["n_documents"], r["first"], r["last"] = details[_key(r)]
            if _from_status_totals(f):
                # The aggregate's n_documents is per status: a document may hold the key in
                # two of them, so keys of several statuses are recounted.
                several = [_key(r) for r in rows if r.pop("n_statuses") > 1]
                n_documents = _documents_per_key(conn, f, several)
                for r in rows:
                    r["n_documents"] = n_documents.get(_key(r), r["n_documents"])
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
        ], total

    def relation_statuses(
        self, f: RelationFilter, keys: Sequence[RelationKey]
    ) -> dict[RelationKey, dict[str, int]]:
        """For relation rows of :meth:`relations` (their keys: source, target, type, origin),
        how many of the rows behind each weight have each status under ``f``: a stored
        relation's own status, an interaction's event's."""
        with self._guard(), self._engine.connect() as conn:
            if f.date_from is None and f.date_to is None:
                return _statuses_from_totals(conn, f, sorted(set(keys)))
            return _window_statuses(conn, f, keys)

    def count_relations(self, f: RelationFilter = RelationFilter()) -> int:
        """How many rows :meth:`relations` gives for ``f`` without paging."""
        with self._guard(), self._engine.connect() as conn:
            groups = self._relation_groups(conn, f)
            if groups is None:
                return 0
            return int(conn.execute(sa.select(sa.func.count()).select_from(groups)).scalar_one())

    @staticmethod
    def _status_groups(f: RelationFilter, ids: list[str] | None) -> sa.Subquery:
        """``relation_status_totals`` rows of ``f``'s statuses summed per relation key."""
        t = relation_status_totals
        keys = (t.c.source, t.c.target, t.c.type, t.c.origin)
        return (
            sa.select(
                *keys,
                sa.func.sum(t.c.weight).label("weight"),
                # Exact for one status; relations() recounts it for several.
                sa.func.sum(t.c.n_documents).label("n_documents"),
                sa.func.min(t.c.first).label("first"),
                sa.func.max(t.c.last).label("last"),
                sa.func.count().label("n_statuses"),
            )
            .where(*_totals_where(t, f, ids), t.c.status.in_(f.statuses))
            .group_by(*keys)
            .subquery()
        )

    def _relation_groups(self, conn: Connection, f: RelationFilter) -> sa.Subquery | None:
        """Relation rows (without names) matching ``f``; None when none can match.

        Without a time window they are read from ``relation_totals``; with one, the stored
        relations and the ``interactions`` rows inside the window are aggregated into
        their keys and weights alone (see :mod:`sitroom.store.relation_keys`).
        """
        ids = self._resolve_actor(conn, f.actor) if f.actor else None
        if ids == [] or f.origin not in (None, "explicit", "events", "interactions"):
            return None
        if f.date_from is None and f.date_to is None:
            if f.statuses:
                return self._status_groups(f, ids)
            return (
                sa.select(relation_totals).where(*_totals_where(relation_totals, f, ids)).subquery()
            )
        parts = []
        if f.origin in (None, "explicit", "events"):
            parts.append(_stored_relations_select(f, ids, weight_only=True))
        if f.origin in (None, "interactions"):
            parts.append(_interaction_groups(_interactions_in_window(f, ids), weight_only=True))
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
                documents.c.text,
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
            rows = conn.execute(stmt).all()
        found = []
        for row in rows:
            *fields, evidence, text = tuple(row)
            # The spans are offsets into the document's text (store.spans), read beside them.
            spans = [s.model_dump() for s in unpack_spans(evidence, text)]
            found.append(RelationEvidence(*fields[:12], spans))  # type: ignore[call-arg]
        return found

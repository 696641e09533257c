"""Aggregates: materialized relation totals, actor activity and monthly event counts.

The relation totals, actor activity counts and monthly event counts that the query side ranks
and charts are materialized, so a first request does not aggregate every event. Writes add the
new documents' share in the same transaction (``INSERT ... ON CONFLICT DO UPDATE``, additive);
:meth:`Store.remove` subtracts it (and recomputes the relation totals it touched, whose
first/last dates cannot be subtracted); :meth:`Store.rebuild_aggregates` recomputes everything
from the base tables (the v2 -> v3 migration does that once).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitroom.store.backends import _batched, _insert_on_conflict
from sitroom.store.query_relations import (
    _interaction_groups,
    _interactions_with_status,
    _stored_relations_select,
)
from sitroom.store.rows import RelationFilter
from sitroom.store.schema import (
    AGGREGATE_TABLES,
    INCIDENT_SUMS,
    NON_INTERACTION_STATUSES,
    SHORT_SPAN_DAYS,
    actor_activity,
    document_actors,
    documents,
    event_actors,
    event_months,
    events,
    interactions,
    relation_status_totals,
    relation_totals,
    relations,
)
from sitroom.store.sql import _event_roles, _month_counts_select, _month_rows


def _interaction_rows(
    event_pk: int,
    doc_id: str,
    event_type: str,
    status: str,
    date_start: dt.date | None,
    date_end: dt.date | None,
    published: dt.date | None,
    sources: Sequence[str],
    targets: Sequence[str],
) -> list[dict[str, Any]]:
    """The ``interactions`` rows of one event (none when it did not happen)."""
    if status in NON_INTERACTION_STATUSES:
        return []
    # The dates Store.relations has always compared: the event's, else the publication date.
    first = date_start or published
    last = date_end or date_start or published
    # Short spans are found through the index on ``first`` (see _interactions_in_window).
    # Without a last date (hence without a first date too) no window ever matches.
    short = first is not None and last is not None and 0 <= (last - first).days <= SHORT_SPAN_DAYS
    long_span = last is not None and not short
    pairs = dict.fromkeys((s, t) for s in sources for t in targets if s != t)
    return [
        {
            "event_pk": event_pk,
            "source": source,
            "target": target,
            "type": event_type,
            "document_id": doc_id,
            "first": first.isoformat() if first else None,
            "last": last.isoformat() if last else None,
            "long_span": long_span,
        }
        for source, target in pairs
    ]


# The documents an update of the aggregates covers, bound when the statement runs: the
# statements are built once (building them costs more than running them on one document).
_DOC_IDS = "doc_ids"


def _events_of(doc_ids: Sequence[str] | sa.BindParameter[Any]) -> sa.Select[Any]:
    return sa.select(events.c.pk).where(events.c.document_id.in_(doc_ids))


def _in_scope(column: sa.ColumnElement[Any], scoped: bool) -> list[sa.ColumnElement[bool]]:
    return [column.in_(sa.bindparam(_DOC_IDS, expanding=True))] if scoped else []


def _in_scope_events(column: sa.ColumnElement[Any], scoped: bool) -> list[sa.ColumnElement[bool]]:
    return [column.in_(_events_of(sa.bindparam(_DOC_IDS, expanding=True)))] if scoped else []


# The mentions of an actor in a document, counted from their stored list (schema 13; SQLite
# and PostgreSQL both have json_array_length; a null list is no mention).
MENTION_COUNT = sa.func.coalesce(sa.func.json_array_length(document_actors.c.mentions), 0)


@functools.cache
def _share_statements(scoped: bool) -> dict[str, sa.Select[Any]]:
    """The queries counting what documents contribute to each aggregate: the documents bound
    as ``doc_ids`` when ``scoped``, every document otherwise."""
    ends = sa.union_all(
        sa.select(relations.c.source.label("actor_id")).where(
            *_in_scope(relations.c.document_id, scoped)
        ),
        sa.select(relations.c.target.label("actor_id")).where(
            relations.c.target != relations.c.source, *_in_scope(relations.c.document_id, scoped)
        ),
    ).subquery()
    pairs = sa.select(interactions).where(*_in_scope_events(interactions.c.event_pk, scoped))
    status_pairs = _interactions_with_status().where(
        *_in_scope_events(interactions.c.event_pk, scoped)
    )
    return {
        "stored": _stored_relations_select(RelationFilter(), None).where(
            *_in_scope(relations.c.document_id, scoped)
        ),
        "pairs": _interaction_groups(pairs.subquery()),
        "status_stored": _stored_relations_select(RelationFilter(), None, by_status=True).where(
            *_in_scope(relations.c.document_id, scoped)
        ),
        "status_pairs": _interaction_groups(status_pairs.subquery(), by_status=True),
        "n_events": sa.select(
            event_actors.c.actor_id, sa.func.count(sa.distinct(event_actors.c.event_pk))
        )
        .where(*_in_scope_events(event_actors.c.event_pk, scoped))
        .group_by(event_actors.c.actor_id),
        "n_documents": sa.select(document_actors.c.actor_id, sa.func.count())
        .where(*_in_scope(document_actors.c.document_id, scoped))
        .group_by(document_actors.c.actor_id),
        "n_relations": sa.select(ends.c.actor_id, sa.func.count()).group_by(ends.c.actor_id),
        "n_mentions": sa.select(document_actors.c.actor_id, sa.func.sum(MENTION_COUNT))
        .where(*_in_scope(document_actors.c.document_id, scoped))
        .group_by(document_actors.c.actor_id),
        "months": _month_counts_select(_in_scope(events.c.document_id, scoped)),
    }


_ACTIVITY = ("n_events", "n_documents", "n_relations", "n_mentions")


@dataclass
class _Share:
    """What some documents contribute to the aggregates."""

    relation_rows: list[dict[str, Any]]
    status_rows: list[dict[str, Any]]
    activity: list[dict[str, Any]]
    months: list[dict[str, Any]]


def _share(conn: Connection, doc_ids: Sequence[str] | None) -> _Share:
    """What the documents ``doc_ids`` (None: every document) contribute to the aggregates."""
    statements = _share_statements(doc_ids is not None)
    params = {} if doc_ids is None else {_DOC_IDS: list(doc_ids)}

    def run(name: str) -> Any:
        return conn.execute(statements[name], params)

    relation_rows = [dict(r) for name in ("stored", "pairs") for r in run(name).mappings()]
    status_rows = [
        dict(r) for name in ("status_stored", "status_pairs") for r in run(name).mappings()
    ]
    counts: dict[str, dict[str, Any]] = {}
    for column in _ACTIVITY:
        for actor_id, n in run(column):
            row = counts.setdefault(actor_id, {"actor_id": actor_id, **dict.fromkeys(_ACTIVITY, 0)})
            row[column] = int(n)
    return _Share(relation_rows, status_rows, list(counts.values()), _month_rows(run("months")))


# Per aggregate table: the columns an upsert adds up, keeps the lowest of, keeps the highest of.
_ADDING: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "relation_totals": (("weight", "n_documents"), ("first",), ("last",)),
    "relation_status_totals": (("weight", "n_documents"), ("first",), ("last",)),
    "actor_activity": (_ACTIVITY, (), ()),
    "event_months": (("n_events", "n_located"), (), ()),
    "incident_totals": (INCIDENT_SUMS, (), ()),
    "actor_incident_totals": (INCIDENT_SUMS, (), ()),
}


def _adding(table: sa.Table, stmt: Any) -> Any:
    """``stmt`` (the dialect's INSERT into ``table``) with ON CONFLICT DO UPDATE adding a row
    to the stored one (see :data:`_ADDING`)."""
    sums, lows, highs = _ADDING[table.name]
    new = stmt.excluded
    updates: dict[str, Any] = {c: table.c[c] + new[c] for c in sums}
    for c in lows:  # NULL means no date: any date is lower
        lower = sa.or_(table.c[c].is_(None), new[c] < table.c[c])
        updates[c] = sa.case((lower, new[c]), else_=table.c[c])
    for c in highs:
        higher = sa.or_(table.c[c].is_(None), new[c] > table.c[c])
        updates[c] = sa.case((higher, new[c]), else_=table.c[c])
    keys = [c.name for c in table.primary_key.columns]
    return stmt.on_conflict_do_update(index_elements=keys, set_=updates)


def _upsert_adding(conn: Connection, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    """Add ``rows`` to ``table``: insert new keys, add up (or take the min/max of) known ones."""
    if not rows:
        return
    keys = [c.name for c in table.primary_key.columns]
    # One key order for every writer: concurrent PostgreSQL transactions then lock shared rows
    # in the same order and wait for each other instead of deadlocking.
    ordered = sorted(rows, key=lambda row: tuple(row[k] for k in keys))
    for chunk in _batched(ordered, 1000):
        _insert_on_conflict(conn, table, chunk, functools.partial(_adding, table))


def _apply_share(conn: Connection, share: _Share, sign: int) -> None:
    """Add (``sign`` -1: subtract) a share of the additive aggregates, ``actor_activity`` and
    ``event_months``; ``relation_totals`` and ``relation_status_totals`` (also min/max) only
    when adding."""
    activity, months = share.activity, share.months
    if sign < 0:
        sums = _ADDING["actor_activity"][0]
        activity = [{**r, **{c: -r[c] for c in sums}} for r in activity]
        months = [{**r, "n_events": -r["n_events"], "n_located": -r["n_located"]} for r in months]
    else:
        _upsert_adding(conn, relation_totals, share.relation_rows)
        _upsert_adding(conn, relation_status_totals, share.status_rows)
    _upsert_adding(conn, actor_activity, activity)
    _upsert_adding(conn, event_months, months)
    if sign < 0:
        # A rebuild would hold no row for these: keep incremental and rebuilt tables equal.
        conn.execute(event_months.delete().where(event_months.c.n_events <= 0))
        conn.execute(
            actor_activity.delete().where(
                actor_activity.c.n_events <= 0,
                actor_activity.c.n_documents <= 0,
                actor_activity.c.n_relations <= 0,
                actor_activity.c.n_mentions <= 0,
            )
        )


def _aggregate_added(conn: Connection, doc_ids: Sequence[str]) -> None:
    """Add the share of newly written documents to the aggregates (their ``interactions`` rows
    are written with their events)."""
    for chunk in _batched(doc_ids, 500):
        _apply_share(conn, _share(conn, chunk), 1)


RelationKey = tuple[str, str, str, str]  # source, target, type, origin


def _relation_keys(share: _Share) -> list[RelationKey]:
    """The ``relation_totals`` keys a share contributes to (its relation rows' keys; its
    ``relation_status_totals`` rows have the same keys, with a status)."""
    return sorted({(r["source"], r["target"], r["type"], r["origin"]) for r in share.relation_rows})


def _any_key(columns: Sequence[sa.ColumnElement[Any]], keys: Sequence[tuple[str, ...]]) -> Any:
    """``columns`` equal one of ``keys``: an OR of ANDs, which SQLite serves from an index per
    term (a row-value IN list makes it scan the table)."""
    return sa.or_(
        sa.false(), *(sa.and_(*(c == v for c, v in zip(columns, key, strict=True))) for key in keys)
    )


def _recompute_relation_totals(conn: Connection, keys: Sequence[RelationKey]) -> None:
    """Recompute the ``relation_totals`` and ``relation_status_totals`` rows of ``keys`` from
    the relations and interactions stored now (rows left without any disappear)."""
    r, i = relations, interactions
    for chunk in _batched(keys, 100):
        stored_keys = [k for k in chunk if k[3] != "interactions"]
        pair_keys = [k[:3] for k in chunk if k[3] == "interactions"]
        stored_where = _any_key([r.c.source, r.c.target, r.c.type, r.c.origin], stored_keys)
        pairs_where = _any_key([i.c.source, i.c.target, i.c.type], pair_keys)
        for t, by_status in ((relation_totals, False), (relation_status_totals, True)):
            conn.execute(
                t.delete().where(_any_key([t.c.source, t.c.target, t.c.type, t.c.origin], chunk))
            )
            stored = _stored_relations_select(RelationFilter(), None, by_status=by_status)
            pairs = (_interactions_with_status() if by_status else sa.select(i)).where(pairs_where)
            rows = [
                dict(row)
                for part in (
                    stored.where(stored_where),
                    _interaction_groups(pairs.subquery(), by_status=by_status),
                )
                for row in conn.execute(part).mappings()
            ]
            _upsert_adding(conn, t, rows)


def _fill_keyed_aggregates(conn: Connection) -> None:
    """Recompute ``event_months`` and ``relation_status_totals`` from the base tables and
    ``interactions`` (the v5 -> v6 migration: the other aggregates are unchanged)."""
    statements = _share_statements(False)
    for table in (event_months, relation_status_totals):
        conn.execute(table.delete())
    rows = [
        dict(r)
        for name in ("status_stored", "status_pairs")
        for r in conn.execute(statements[name]).mappings()
    ]
    _upsert_adding(conn, relation_status_totals, rows)
    _upsert_adding(conn, event_months, _month_rows(conn.execute(statements["months"])))


def _fill_mention_counts(conn: Connection) -> None:
    """Fill ``actor_activity.n_mentions`` (version 10; one pass over the documents' actor
    rows, whose mentions version 13 keeps)."""
    statements = _share_statements(False)
    counts = [
        {"actor": actor_id, "n": int(n)} for actor_id, n in conn.execute(statements["n_mentions"])
    ]
    conn.execute(actor_activity.update().values(n_mentions=0))
    for chunk in _batched(counts, 1000):
        conn.execute(
            actor_activity.update()
            .where(actor_activity.c.actor_id == sa.bindparam("actor"))
            .values(n_mentions=sa.bindparam("n")),
            chunk,
        )
    # An actor with mentions always has a row (it is listed by its document): none to insert.


def _fill_located_counts(conn: Connection) -> None:
    """Fill ``event_months.n_located`` (version 10): the table recomputed from the events."""
    statements = _share_statements(False)
    conn.execute(event_months.delete())
    _upsert_adding(conn, event_months, _month_rows(conn.execute(statements["months"])))


def _fill_interactions(conn: Connection, batch_size: int = 5000) -> None:
    """Write the ``interactions`` rows of every stored event (the table is empty)."""
    stmt = (
        sa.select(
            events.c.pk,
            events.c.document_id,
            events.c.type,
            events.c.status,
            events.c.date_start,
            events.c.date_end,
            documents.c.published,
        )
        .join(documents, documents.c.id == events.c.document_id)
        .where(events.c.status.not_in(NON_INTERACTION_STATUSES))
        .order_by(events.c.pk)
        .limit(batch_size)
    )
    last_pk = None
    while True:
        page = stmt if last_pk is None else stmt.where(events.c.pk > last_pk)
        rows = conn.execute(page).all()
        if not rows:
            return
        roles = _event_roles(conn, [r[0] for r in rows])
        pairs = [
            pair
            for pk, doc_id, kind, status, start, end, published in rows
            for pair in _interaction_rows(
                pk,
                doc_id,
                kind,
                status,
                start,
                end,
                published,
                roles.get(pk, {}).get("source", []),
                roles.get(pk, {}).get("target", []),
            )
        ]
        for chunk in _batched(pairs, 5000):
            conn.execute(interactions.insert(), chunk)
        last_pk = rows[-1][0]


def _rebuild_aggregates(conn: Connection) -> None:
    """Recompute every aggregate table from the base tables (under the write lock: a writer
    committing meanwhile would have its share counted twice or not at all)."""
    for table in AGGREGATE_TABLES:
        conn.execute(table.delete())
    _fill_interactions(conn)
    _apply_share(conn, _share(conn, None), 1)
    from sitroom.store.incident_totals import _rebuild_actor_totals, _rebuild_incident_totals

    _rebuild_incident_totals(conn)
    _rebuild_actor_totals(conn)

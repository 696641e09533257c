"""Relation keys (source, target, type, origin): lookups of their aggregate rows, and the
details of a time window's heaviest keys.

Within a time window, :meth:`~sitroom.store.Store.relations` ranks the window's keys by weight
alone (a count per key, no distinct documents): at a million events a six-month window holds
some 50,000 interactions and nearly as many keys, and counting the distinct documents of every
key took twice as long as ranking them. The documents, first and last dates are then read for
the page's keys only (:func:`_window_details`, through the pair indexes).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from sitroom.store.rows import RelationFilter
from sitroom.store.schema import documents, events, interactions, relation_status_totals, relations

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


RelationKey = tuple[str, str, str, str]  # source, target, type, origin


def _key_match(columns: Sequence[sa.ColumnElement[Any]], keys: Sequence[tuple[Any, ...]]) -> Any:
    """``columns`` equal one of ``keys`` (an OR of ANDs: SQLite serves each from an index)."""
    return sa.or_(
        sa.false(), *(sa.and_(*(c == v for c, v in zip(columns, key, strict=True))) for key in keys)
    )


def _key(row: Mapping[Any, Any]) -> RelationKey:
    return (row["source"], row["target"], row["type"], row["origin"])


_KEYS_PER_LOOKUP = 100
_KEY_COLUMNS = ("source", "target", "type", "origin")


@functools.cache
def _status_lookup() -> sa.TextualSelect:
    """The ``relation_status_totals`` rows of :data:`_KEYS_PER_LOOKUP` keys bound as ``k{i}_{j}``:
    the keys as a VALUES list joined to the table's primary key. An OR of the keys costs SQLite
    far more per key, and SQLAlchemy compiles a ``values()`` construct again on every call
    (1,600 bound parameters): this text is built once from the schema's names, never from
    input, and takes the keys as bound parameters."""
    t = relation_status_totals
    rows = ", ".join(
        "(" + ", ".join(f":k{i}_{j}" for j in range(len(_KEY_COLUMNS))) + ")"
        for i in range(_KEYS_PER_LOOKUP)
    )
    names = ", ".join(_KEY_COLUMNS)
    on = " AND ".join(f"t.{n} = wanted.{n}" for n in _KEY_COLUMNS)
    # WITH wanted(source, ...) AS (VALUES ...): SQLite takes no column names on a VALUES alias.
    sql = (
        f"WITH wanted({names}) AS (VALUES {rows}) "
        f"SELECT {', '.join(f't.{c.name}' for c in t.c)} "
        f"FROM {t.name} AS t JOIN wanted ON {on}"
    )
    return sa.text(sql).columns(*t.c)


def _status_rows(
    conn: Connection, keys: Sequence[RelationKey]
) -> dict[RelationKey, list[RowMapping]]:
    """The ``relation_status_totals`` rows of ``keys`` (each key once)."""
    out: dict[RelationKey, list[RowMapping]] = {}
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), _KEYS_PER_LOOKUP):
        chunk = unique[start : start + _KEYS_PER_LOOKUP]
        # Padded with a key no row has (an empty source).
        chunk += [("", "", "", "")] * (_KEYS_PER_LOOKUP - len(chunk))
        params = {f"k{i}_{j}": v for i, key in enumerate(chunk) for j, v in enumerate(key)}
        for row in conn.execute(_status_lookup(), params).mappings():
            out.setdefault(_key(row), []).append(row)
    return out


def _statuses_from_totals(
    conn: Connection, f: RelationFilter, keys: Sequence[RelationKey]
) -> dict[RelationKey, dict[str, int]]:
    """:meth:`RelationQueries.relation_statuses` without a time window: the weights of the
    keys' ``relation_status_totals`` rows."""
    out: dict[RelationKey, dict[str, int]] = {}
    for key, rows in _status_rows(conn, keys).items():
        for row in rows:
            if not f.statuses or row["status"] in f.statuses:
                out.setdefault(key, {})[row["status"]] = int(row["weight"])
    return out


# What _window_details reads per key: documents, first date, last date.
KeyDetails = tuple[int, str | None, str | None]
_NO_KEY = ("", "", "", "")  # pads a chunk of keys: no row has an empty source


@functools.cache
def _keyed_select(
    origin: str, grouped: str, date_from: bool, date_to: bool, statuses: bool
) -> sa.Select[Any]:
    """The rows of :data:`_KEYS_PER_LOOKUP` keys (bound as ``k{i}_{j}``) in a time window
    (bound as ``date_from``, ``date_to``, ``statuses``), aggregated per key (``grouped``
    ``details``: documents, first and last date) or per key and status (``statuses``: rows),
    from the stored relations (``origin`` ``stored``) or the interactions (``pairs``).

    Built once per shape: building and compiling an OR of a hundred keys cost more than
    running it (0.3 s for the network's 300 edges)."""
    if origin == "stored":
        r = relations
        published = sa.cast(documents.c.published, sa.String)
        first: sa.ColumnElement[Any] = sa.func.coalesce(r.c.start, published)
        last: sa.ColumnElement[Any] = sa.func.coalesce(r.c.end, r.c.start, published)
        columns: list[Any] = [r.c.source, r.c.target, r.c.type, r.c.origin]
        source: sa.FromClause = r.join(documents, documents.c.id == r.c.document_id)
        status, document_id = r.c.status, r.c.document_id
    else:
        i = interactions
        first, last = i.c.first, i.c.last
        columns = [i.c.source, i.c.target, i.c.type]
        joined = statuses or grouped == "statuses"
        source = i.join(events, events.c.pk == i.c.event_pk) if joined else i
        status, document_id = events.c.status, i.c.document_id
    keys = [
        tuple(sa.bindparam(f"k{n}_{j}", type_=sa.String) for j in range(len(columns)))
        for n in range(_KEYS_PER_LOOKUP)
    ]
    where: list[sa.ColumnElement[bool]] = [_key_match(columns, keys)]
    if date_to:
        where.append(first <= sa.bindparam("date_to", type_=sa.String))
    if date_from:
        where.append(last.op("||")(_PERIOD_END) >= sa.bindparam("date_from", type_=sa.String))
    if statuses:
        where.append(status.in_(sa.bindparam("statuses", expanding=True)))
    if grouped == "statuses":
        return sa.select(*columns, status, sa.func.count()).select_from(source).where(*where)\
            .group_by(*columns, status)  # fmt: skip
    counted = [
        sa.func.count(sa.distinct(document_id)),
        sa.func.min(first),
        sa.func.max(last),
    ]
    return sa.select(*columns, *counted).select_from(source).where(*where).group_by(*columns)


def _keyed_rows(
    conn: Connection, f: RelationFilter, keys: Sequence[RelationKey], grouped: str
) -> list[tuple[RelationKey, tuple[Any, ...]]]:
    """(key, the other columns) for the rows of :func:`_keyed_select` of ``keys`` under ``f``'s
    window and statuses."""
    out: list[tuple[RelationKey, tuple[Any, ...]]] = []
    params: dict[str, Any] = {}
    if f.date_from:
        params["date_from"] = f.date_from.isoformat()
    if f.date_to:
        params["date_to"] = f.date_to.isoformat()
    if f.statuses:
        params["statuses"] = list(f.statuses)
    shape = (f.date_from is not None, f.date_to is not None, bool(f.statuses))
    for origin in ("stored", "pairs"):
        width = 4 if origin == "stored" else 3
        wanted = sorted(
            {k[:width] for k in keys if (k[3] == "interactions") == (origin == "pairs")}
        )
        stmt = _keyed_select(origin, grouped, *shape)
        for start in range(0, len(wanted), _KEYS_PER_LOOKUP):
            chunk = wanted[start : start + _KEYS_PER_LOOKUP]
            chunk += [_NO_KEY[:width]] * (_KEYS_PER_LOOKUP - len(chunk))
            bound = {f"k{n}_{j}": v for n, key in enumerate(chunk) for j, v in enumerate(key)}
            for row in conn.execute(stmt, {**params, **bound}):
                key = tuple(row[:width]) if width == 4 else (*row[:3], "interactions")
                out.append((key, tuple(row[width:])))
    return out


def _window_details(
    conn: Connection, f: RelationFilter, keys: Sequence[RelationKey]
) -> dict[RelationKey, KeyDetails]:
    """For relation keys (a time window's ranking, :meth:`RelationQueries.relations`), the
    distinct documents, first and last dates of their rows inside ``f``'s window (if any) with
    ``f``'s statuses (if any): the values the aggregation over the whole window gives them."""
    return {
        key: (int(n), low, high) for key, (n, low, high) in _keyed_rows(conn, f, keys, "details")
    }


def _window_statuses(
    conn: Connection, f: RelationFilter, keys: Sequence[RelationKey]
) -> dict[RelationKey, dict[str, int]]:
    """For relation keys, their rows inside ``f``'s window with ``f``'s statuses, per status
    (see :meth:`RelationQueries.relation_statuses`)."""
    out: dict[RelationKey, dict[str, int]] = {}
    for key, (status, n) in _keyed_rows(conn, f, keys, "statuses"):
        out.setdefault(key, {})[status] = int(n)
    return out

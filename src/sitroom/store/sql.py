"""Query building blocks shared by the store's query modules (text search, boxes, paging,
actor names and roles of events, monthly counts)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitroom.store.backends import _batched
from sitroom.store.rows import BBox
from sitroom.store.schema import MONTHLY_PRECISIONS, NO_MONTH, actors, event_actors, events


def _words(q: str) -> list[str]:
    return [w.casefold() for w in q.split()]


def _contains_all(column: sa.ColumnElement[Any], q: str) -> list[sa.ColumnElement[bool]]:
    # autoescape keeps % and _ in the user's words literal.
    return [sa.func.lower(column).contains(w, autoescape=True) for w in _words(q)]


def _bbox_clauses(
    lon: sa.ColumnElement[Any], lat: sa.ColumnElement[Any], bbox: BBox
) -> list[sa.ColumnElement[bool]]:
    min_lon, min_lat, max_lon, max_lat = bbox
    lat_clause = lat.between(min_lat, max_lat)
    if min_lon <= max_lon:
        return [lat_clause, lon.between(min_lon, max_lon)]
    # A box crossing the antimeridian: east of min_lon or west of max_lon.
    return [lat_clause, sa.or_(lon >= min_lon, lon <= max_lon)]


MAX_ROWS = 2**63 - 1  # the largest LIMIT/OFFSET SQLite and PostgreSQL take


def _page(limit: int, offset: int) -> None:
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")
    if limit > MAX_ROWS or offset > MAX_ROWS:
        raise ValueError(f"limit and offset must be at most {MAX_ROWS}")


def _as_utc(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; they were written in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _event_roles(conn: Connection, pks: Sequence[int]) -> dict[int, dict[str, list[str]]]:
    roles: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for chunk in _batched(pks, 500):
        rows = conn.execute(
            sa.select(event_actors.c.event_pk, event_actors.c.role, event_actors.c.actor_id)
            .where(event_actors.c.event_pk.in_(chunk))
            .order_by(event_actors.c.event_pk, event_actors.c.role, event_actors.c.position)
        )
        for pk, role, actor_id in rows:
            roles[pk][role].append(actor_id)
    return roles


def _actor_names(conn: Connection, ids: Iterable[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for chunk in _batched(sorted(set(ids)), 500):
        rows = conn.execute(sa.select(actors.c.id, actors.c.name).where(actors.c.id.in_(chunk)))
        names.update({actor_id: name for actor_id, name in rows})
    return names


def _located() -> list[sa.ColumnElement[bool]]:
    """An event with valid coordinates (a map point, counted in ``event_months.n_located``)."""
    return [
        events.c.lat.is_not(None),
        events.c.lon.is_not(None),
        # abs(), not BETWEEN: SQLite would otherwise read every event through the coordinates
        # index instead of the date index in the order the map asks.
        sa.func.abs(events.c.lat) <= 90.0,
        sa.func.abs(events.c.lon) <= 180.0,
    ]


def _month_counts_select(where: Sequence[sa.ColumnElement[bool]]) -> sa.Select[Any]:
    """(type, year, month, precision, status, count, located count) of the events ``where``
    selects, as the ``event_months`` aggregate keeps them: year and month null for an event no
    month can hold (undated, or not dated with a MONTHLY_PRECISIONS precision); precision
    ``range`` for a day-precision span longer than one day."""
    e = events.c
    placed = sa.and_(e.date_start.is_not(None), e.date_precision.in_(MONTHLY_PRECISIONS))
    span = sa.and_(e.date_precision == "day", e.date_end.is_not(None), e.date_end > e.date_start)
    # Keys computed in a subquery and grouped by name: PostgreSQL would not match a GROUP BY
    # expression holding bound parameters to the same expression selected.
    keyed = (
        sa.select(
            e.type.label("kind"),
            sa.case((placed, sa.extract("year", e.date_start)), else_=sa.null()).label("y"),
            sa.case((placed, sa.extract("month", e.date_start)), else_=sa.null()).label("m"),
            sa.case((span, sa.literal("range")), else_=e.date_precision).label("prec"),
            e.status.label("status"),
            sa.case((sa.and_(*_located()), 1), else_=0).label("located"),
        )
        .where(*where)
        .subquery()
    )
    k = keyed.c
    return sa.select(
        k.kind, k.y, k.m, k.prec, k.status, sa.func.count(), sa.func.sum(k.located)
    ).group_by(k.kind, k.y, k.m, k.prec, k.status)


def _month_rows(result: Iterable[Any]) -> list[dict[str, Any]]:
    """``event_months`` rows from the rows of :func:`_month_counts_select`."""
    return [
        {
            "type": kind,
            "month": NO_MONTH if y is None else f"{int(y):04d}-{int(m):02d}",
            "precision": str(precision),
            "status": status,
            "n_events": int(n),
            "n_located": int(located or 0),
        }
        for kind, y, m, precision, status, n, located in result
    ]

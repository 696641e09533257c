"""``incident_totals``: the incidents' counts (how many, their reports, killed and wounded
low / best / high) per status, country, admin1 and month, kept current by every merge and every
deletion of incidents, so the overall fatality totals and those by country, admin1, year and
month are read from a few rows, not summed over every incident; and ``actor_incident_totals``,
the same counts per status and perpetrator, kept alike (the totals by actor)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitroom.store.backends import _batched
from sitroom.store.schema import (
    NO_MONTH,
    actor_incident_totals,
    event_actors,
    incident_members,
    incident_totals,
    incidents,
)

TOTAL_KEYS = tuple(c.name for c in incident_totals.primary_key.columns)
TOTAL_COLUMNS = tuple(c.name for c in incident_totals.c if c.name not in TOTAL_KEYS)
ACTOR_TOTAL_KEYS = tuple(c.name for c in actor_incident_totals.primary_key.columns)
# The roles whose actors are an incident's perpetrators (its fatalities "by actor").
PERPETRATOR_ROLES = ("source", "claimed_by")


def _sums_select(where: Sequence[sa.ColumnElement[bool]] = ()) -> sa.Select[Any]:
    """Sums per (status, country, admin1, year, month of the start) of the incidents ``where``
    selects; keys computed in a subquery and grouped by name (PostgreSQL would not match a GROUP
    BY expression to the same expression selected)."""
    i = incidents.c
    keyed = (
        sa.select(
            i.status,
            i.country,
            i.admin1,
            sa.extract("year", i.date_start).label("y"),
            sa.extract("month", i.date_start).label("m"),
            i.n_reports,
            i.killed_min,
            i.killed,
            i.killed_max,
            i.wounded_min,
            i.wounded,
            i.wounded_max,
        )
        .where(*where)
        .subquery()
    )
    k = keyed.c
    values = {
        "incidents": sa.func.count(),
        "reports": sa.func.sum(k.n_reports),
        "killed_low": sa.func.sum(sa.func.coalesce(k.killed_min, 0)),
        "killed_best": sa.func.sum(sa.func.coalesce(k.killed, 0)),
        "killed_high": sa.func.sum(sa.func.coalesce(k.killed_max, 0)),
        "wounded_low": sa.func.sum(sa.func.coalesce(k.wounded_min, 0)),
        "wounded_best": sa.func.sum(sa.func.coalesce(k.wounded, 0)),
        "wounded_high": sa.func.sum(sa.func.coalesce(k.wounded_max, 0)),
    }
    keys = (k.status, k.country, k.admin1, k.y, k.m)
    return sa.select(*keys, *(v.label(name) for name, v in values.items())).group_by(*keys)


def _key(row: Any) -> tuple[str, str, str, str]:
    month = NO_MONTH if row["y"] is None else f"{int(row['y']):04d}-{int(row['m']):02d}"
    return (row["status"], row["country"] or "", row["admin1"] or "", month)


def _totals_of(conn: Connection, ids: Sequence[int] | None) -> list[dict[str, Any]]:
    """The ``incident_totals`` rows of the incidents ``ids`` (None: of every incident)."""
    chunks = [None] if ids is None else list(_batched(list(ids), 500))
    by_key: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for chunk in chunks:
        where = [] if chunk is None else [incidents.c.id.in_(chunk)]
        for row in conn.execute(_sums_select(where)).mappings():
            key = _key(row)
            into = by_key.setdefault(key, dict(zip(TOTAL_KEYS, key, strict=True)))
            for c in TOTAL_COLUMNS:
                into[c] = into.get(c, 0) + int(row[c] or 0)
    return list(by_key.values())


def _add_totals(conn: Connection, rows: Sequence[dict[str, Any]], sign: int) -> None:
    """Add (``sign`` -1: subtract) ``incident_totals`` rows; keys left with no incident go."""
    from sitroom.store.aggregates import _upsert_adding

    signed = [
        {**{k: r[k] for k in TOTAL_KEYS}, **{c: sign * int(r[c] or 0) for c in TOTAL_COLUMNS}}
        for r in rows
    ]
    _upsert_adding(conn, incident_totals, signed)
    if sign < 0:
        conn.execute(incident_totals.delete().where(incident_totals.c.incidents <= 0))


def _rebuild_incident_totals(conn: Connection) -> None:
    conn.execute(incident_totals.delete())
    _add_totals(conn, _totals_of(conn, None), 1)


def _perpetrators(where: Sequence[sa.ColumnElement[bool]] = ()) -> sa.Subquery:
    """(incident_id, actor_id) once per perpetrator of each incident (``where`` on
    ``incident_members``)."""
    m, ea = incident_members.c, event_actors.c
    return (
        sa.select(m.incident_id, ea.actor_id)
        .join(event_actors, ea.event_pk == m.event_pk)
        .where(ea.role.in_(PERPETRATOR_ROLES), *where)
        .distinct()
        .subquery()
    )


def _actor_sums_select(where: Sequence[sa.ColumnElement[bool]] = ()) -> sa.Select[Any]:
    """Sums per (status, perpetrator) of the incidents ``where`` (on ``incident_members``)
    selects, each incident once per perpetrator."""
    i = incidents.c
    pairs = _perpetrators(where)
    values = {
        "incidents": sa.func.count(),
        "reports": sa.func.sum(i.n_reports),
        "killed_low": sa.func.sum(sa.func.coalesce(i.killed_min, 0)),
        "killed_best": sa.func.sum(sa.func.coalesce(i.killed, 0)),
        "killed_high": sa.func.sum(sa.func.coalesce(i.killed_max, 0)),
        "wounded_low": sa.func.sum(sa.func.coalesce(i.wounded_min, 0)),
        "wounded_best": sa.func.sum(sa.func.coalesce(i.wounded, 0)),
        "wounded_high": sa.func.sum(sa.func.coalesce(i.wounded_max, 0)),
    }
    keys = (i.status, pairs.c.actor_id)
    return (
        sa.select(*keys, *(v.label(name) for name, v in values.items()))
        .select_from(incidents.join(pairs, pairs.c.incident_id == i.id))
        .group_by(*keys)
    )


def _actor_totals_of(conn: Connection, ids: Sequence[int] | None) -> list[dict[str, Any]]:
    """The ``actor_incident_totals`` rows of the incidents ``ids`` (None: of every incident)."""
    chunks = [None] if ids is None else list(_batched(list(ids), 500))
    by_key: dict[tuple[str, str], dict[str, Any]] = {}
    for chunk in chunks:
        where = [] if chunk is None else [incident_members.c.incident_id.in_(chunk)]
        for row in conn.execute(_actor_sums_select(where)).mappings():
            key = (row["status"], row["actor_id"])
            into = by_key.setdefault(key, dict(zip(ACTOR_TOTAL_KEYS, key, strict=True)))
            for c in TOTAL_COLUMNS:
                into[c] = into.get(c, 0) + int(row[c] or 0)
    return list(by_key.values())


def _add_actor_totals(conn: Connection, rows: Sequence[dict[str, Any]], sign: int) -> None:
    """Add (``sign`` -1: subtract) ``actor_incident_totals`` rows; keys left with no incident
    go."""
    from sitroom.store.aggregates import _upsert_adding

    signed = [
        {**{k: r[k] for k in ACTOR_TOTAL_KEYS}, **{c: sign * int(r[c]) for c in TOTAL_COLUMNS}}
        for r in rows
    ]
    _upsert_adding(conn, actor_incident_totals, signed)
    if sign < 0:
        conn.execute(actor_incident_totals.delete().where(actor_incident_totals.c.incidents <= 0))


def _rebuild_actor_totals(conn: Connection) -> None:
    conn.execute(actor_incident_totals.delete())
    _add_actor_totals(conn, _actor_totals_of(conn, None), 1)


def _count_incidents(conn: Connection, ids: Sequence[int], sign: int) -> None:
    """Add (``sign`` -1: take out) the incidents ``ids``, as stored now, to both kept totals:
    called with -1 before incidents change or go, with 1 once they are written."""
    _add_totals(conn, _totals_of(conn, ids), sign)
    _add_actor_totals(conn, _actor_totals_of(conn, ids), sign)

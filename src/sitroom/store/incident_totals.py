"""``incident_totals``: the incidents' counts per status (how many, their reports, killed and
wounded low / best / high), kept current by every merge and every deletion of incidents, so the
overall fatality totals are read, not summed over every incident."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitroom.store.backends import _batched
from sitroom.store.schema import incident_totals, incidents

TOTAL_COLUMNS = tuple(c.name for c in incident_totals.c if c.name != "status")


def _sums_select() -> sa.Select[Any]:
    i = incidents.c
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
    return sa.select(i.status, *(v.label(k) for k, v in values.items())).group_by(i.status)


def _totals_of(conn: Connection, ids: Sequence[int] | None) -> list[dict[str, Any]]:
    """Per status, the counts of the incidents ``ids`` (None: of every incident)."""
    if ids is None:
        return [dict(r) for r in conn.execute(_sums_select()).mappings()]
    by_status: dict[str, dict[str, Any]] = {}
    for chunk in _batched(list(ids), 500):
        for row in conn.execute(_sums_select().where(incidents.c.id.in_(chunk))).mappings():
            into = by_status.setdefault(row["status"], {"status": row["status"]})
            for c in TOTAL_COLUMNS:
                into[c] = into.get(c, 0) + int(row[c] or 0)
    return list(by_status.values())


def _add_totals(conn: Connection, rows: Sequence[dict[str, Any]], sign: int) -> None:
    """Add (``sign`` -1: subtract) per-status counts; statuses left with no incident go."""
    from sitroom.store.aggregates import _upsert_adding

    signed = [
        {"status": r["status"], **{c: sign * int(r[c] or 0) for c in TOTAL_COLUMNS}} for r in rows
    ]
    _upsert_adding(conn, incident_totals, signed)
    if sign < 0:
        conn.execute(incident_totals.delete().where(incident_totals.c.incidents <= 0))


def _rebuild_incident_totals(conn: Connection) -> None:
    conn.execute(incident_totals.delete())
    _add_totals(conn, _totals_of(conn, None), 1)

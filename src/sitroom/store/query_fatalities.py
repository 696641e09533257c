"""Fatality totals: killed and wounded over incidents (each incident once, however many
reports it has), with the low / best / high figures where its reports differ."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitroom.store.incident_totals import PERPETRATOR_ROLES, TOTAL_COLUMNS
from sitroom.store.query_events import EventQueries
from sitroom.store.rows import EventFilter, FatalityRow
from sitroom.store.schema import (
    actor_incident_totals,
    event_actors,
    events,
    incident_members,
    incident_totals,
    incidents,
)
from sitroom.store.sql import _page

FATALITY_GROUPS = ("country", "admin1", "actor", "year", "month")
FATALITY_SORTS = ("killed", "wounded", "incidents", "key")
# Statuses counted when the filter names none: things that happened or were tried.
DEFAULT_FATALITY_STATUSES = ("occurred", "attempted")


def _sums() -> list[sa.Label[Any]]:
    i = incidents.c
    return [
        sa.func.count(sa.distinct(i.id)).label("incidents"),
        sa.func.coalesce(sa.func.sum(i.n_reports), 0).label("reports"),
        sa.func.coalesce(sa.func.sum(i.killed_min), 0).label("killed_low"),
        sa.func.coalesce(sa.func.sum(i.killed), 0).label("killed_best"),
        sa.func.coalesce(sa.func.sum(i.killed_max), 0).label("killed_high"),
        sa.func.coalesce(sa.func.sum(i.wounded_min), 0).label("wounded_low"),
        sa.func.coalesce(sa.func.sum(i.wounded), 0).label("wounded_best"),
        sa.func.coalesce(sa.func.sum(i.wounded_max), 0).label("wounded_high"),
    ]


class FatalityQueries(EventQueries):
    """Store's fatality totals (its event filter is :class:`EventQueries`')."""

    def _overall_totals(self, statuses: tuple[str, ...] | list[str]) -> FatalityRow:
        """The whole store's totals, read from ``incident_totals`` (kept by every merge)."""
        with self._engine.connect() as conn:
            return _overall(conn, statuses)

    def fatality_totals(
        self,
        f: EventFilter = EventFilter(),
        *,
        by: str | None = None,
        sort: str = "killed",
        limit: int = 100,
        offset: int = 0,
    ) -> tuple[list[FatalityRow], tuple[str, ...]]:
        """Killed and wounded per group (``by``: one of :data:`FATALITY_GROUPS`, or None for
        one overall row) over the incidents with at least one event matching ``f``, and the
        statuses counted (``f``'s, else :data:`DEFAULT_FATALITY_STATUSES`).

        ``*_best`` sums each incident's highest compatible report, ``*_low``/``*_high`` the
        lowest and highest report; ``actor`` groups by perpetrator (source or claimant);
        ``year``/``month`` by the incident's start date (undated incidents: key None).
        Events not merged yet belong to no incident and are not counted.
        """
        _page(limit, offset)
        if by is not None and by not in FATALITY_GROUPS:
            raise ValueError(f"by must be one of {', '.join(FATALITY_GROUPS)}")
        if sort not in FATALITY_SORTS:
            raise ValueError(f"sort must be one of {', '.join(FATALITY_SORTS)}")
        statuses = f.any_of("status", "statuses") or DEFAULT_FATALITY_STATUSES
        unfiltered = f == EventFilter(statuses=f.statuses, status=f.status)
        if by is None and unfiltered:
            return [self._overall_totals(statuses)], tuple(statuses)
        if by in _KEPT_GROUPS and unfiltered:
            with self._engine.connect() as conn:
                stmt = _kept_select(by, statuses, sort).limit(limit).offset(offset)
                rows = conn.execute(stmt).mappings().all()
            return [_kept_row(r) for r in rows], tuple(statuses)
        f_all = EventFilter(**{**f.__dict__, "status": None, "statuses": ()})
        i = incidents.c
        with self._engine.connect() as conn:
            where: list[sa.ColumnElement[bool]] = [i.status.in_(statuses)]
            event_where = self._event_where(conn, f_all)
            if event_where:
                matching = (
                    sa.select(incident_members.c.incident_id)
                    .join(events, events.c.pk == incident_members.c.event_pk)
                    .where(*event_where)
                )
                where.append(i.id.in_(matching))
            source: Any = incidents
            key: sa.ColumnElement[Any] | None = None
            country: sa.ColumnElement[Any] = sa.null()
            if by in ("country", "admin1"):
                key = i.country if by == "country" else i.admin1
                country = i.country
            elif by == "year":
                key = sa.extract("year", i.date_start)
            elif by == "month":
                key = sa.extract("year", i.date_start) * 100 + sa.extract("month", i.date_start)
            elif by == "actor":
                pairs = (
                    sa.select(incident_members.c.incident_id, event_actors.c.actor_id)
                    .join(event_actors, event_actors.c.event_pk == incident_members.c.event_pk)
                    .where(event_actors.c.role.in_(PERPETRATOR_ROLES))
                    .distinct()
                    .subquery()
                )
                source = incidents.join(pairs, pairs.c.incident_id == i.id)
                key = pairs.c.actor_id
            columns = [*(() if key is None else [key.label("key")]), country.label("country")]
            stmt = sa.select(*columns, *_sums()).select_from(source).where(*where)
            if key is not None:
                stmt = stmt.group_by(key, *([] if by not in ("admin1",) else [i.country]))
                order = {
                    "killed": sa.literal_column("killed_best").desc(),
                    "wounded": sa.literal_column("wounded_best").desc(),
                    "incidents": sa.literal_column("incidents").desc(),
                    "key": key.asc(),
                }[sort]
                # The group without a value (no country, undated, ...) last on both backends.
                stmt = stmt.order_by(key.is_(None), order, key.asc()).limit(limit).offset(offset)
            rows = conn.execute(stmt).mappings().all()
        return [_fatality_row(r, by) for r in rows], tuple(statuses)


# The groups whose totals are kept (an unfiltered query reads them there): by actor in
# ``actor_incident_totals``, the others in ``incident_totals``.
_KEPT_GROUPS = ("country", "admin1", "year", "month", "actor")


def _kept_select(by: str, statuses: Sequence[str], sort: str) -> sa.Select[Any]:
    """The totals by ``by`` (one of :data:`_KEPT_GROUPS`) of the incidents of ``statuses``,
    summed over ``incident_totals`` (``actor_incident_totals`` by actor): the rows and order of
    the query over every incident. Keys computed in a subquery and grouped by name (see
    :func:`_sums_select`)."""
    t = (actor_incident_totals if by == "actor" else incident_totals).c
    key: sa.ColumnElement[Any] = {
        "country": lambda: t.country,
        "admin1": lambda: t.admin1,
        "year": lambda: sa.func.substr(t.month, 1, 4),
        "month": lambda: t.month,
        "actor": lambda: t.actor_id,
    }[by]()
    country = sa.func.nullif(t.country, "") if by in ("country", "admin1") else sa.null()
    keyed = (
        sa.select(
            sa.func.nullif(key, "").label("key"),
            country.label("country"),
            *(t[c] for c in TOTAL_COLUMNS),
        )
        .where(t.status.in_(list(statuses)))
        .subquery()
    )
    k = keyed.c
    sums = [sa.func.coalesce(sa.func.sum(k[c]), 0).label(c) for c in TOTAL_COLUMNS]
    group = [k.key, k.country] if by in ("country", "admin1") else [k.key]
    order = {
        "killed": sa.literal_column("killed_best").desc(),
        "wounded": sa.literal_column("wounded_best").desc(),
        "incidents": sa.literal_column("incidents").desc(),
        "key": k.key.asc(),
    }[sort]
    outer_country = k.country if by in ("country", "admin1") else sa.null()
    return (
        sa.select(k.key, outer_country.label("country"), *sums)
        .group_by(*group)
        .order_by(k.key.is_(None), order, k.key.asc())
    )


def _kept_row(r: Any) -> FatalityRow:
    return FatalityRow(key=r["key"], country=r["country"], **{c: int(r[c]) for c in TOTAL_COLUMNS})


def _overall(conn: Connection, statuses: tuple[str, ...] | list[str]) -> FatalityRow:
    t = incident_totals.c
    stmt = sa.select(*(sa.func.coalesce(sa.func.sum(t[c]), 0).label(c) for c in TOTAL_COLUMNS))
    row = conn.execute(stmt.where(t.status.in_(list(statuses)))).mappings().one()
    return FatalityRow(key=None, country=None, **{c: int(row[c]) for c in TOTAL_COLUMNS})


def _fatality_row(r: Any, by: str | None) -> FatalityRow:
    key = r.get("key") if by is not None else None
    if key is not None and by in ("year", "month"):
        number = int(key)
        key = f"{number:04d}" if by == "year" else f"{number // 100:04d}-{number % 100:02d}"
    return FatalityRow(
        key=None if key is None else str(key),
        country=r["country"],
        **{name: int(r[name]) for name in FatalityRow.model_fields if name.endswith(
            ("_low", "_best", "_high")) or name in ("incidents", "reports")},
    )  # fmt: skip

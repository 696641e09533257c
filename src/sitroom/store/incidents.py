"""Incidents in the database: unmerged events in, merged incidents out (the matching rules
themselves are :mod:`sitroom.store.merging`, which knows nothing of SQL)."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from sitroom.store import merging
from sitroom.store.backends import _batched, _insert_numbered, _insert_rows, _lock_merging
from sitroom.store.base import StoreBase
from sitroom.store.incident_totals import _count_incidents
from sitroom.store.rows import IncidentFilter, IncidentMemberRow, IncidentRow
from sitroom.store.schema import (
    SHORT_WINDOW_DAYS,
    event_actors,
    events,
    incident_members,
    incident_window_is_long,
    incidents,
)
from sitroom.store.sql import _event_roles, _page
from sitroom.store.versions import _bump_generation

log = logging.getLogger(__name__)

# The event columns a merge reads (see _report): the JSON and text columns cost more to decode
# than the rest of a merge.
_REPORT_COLUMNS = (
    "pk",
    "document_id",
    "type",
    "mode",
    "status",
    "date_start",
    "date_end",
    "date_precision",
    "country",
    "admin1",
    "city",
    "location_name",
    "lat",
    "lon",
    "geo_precision",
    "killed",
    "wounded",
)


def _unmerged_reports(conn: Connection, document_ids: list[str] | None) -> list[merging.Report]:
    stmt = (
        sa.select(*(events.c[name] for name in _REPORT_COLUMNS))
        .select_from(events.outerjoin(incident_members, incident_members.c.event_pk == events.c.pk))
        .where(incident_members.c.event_pk.is_(None))
        .order_by(events.c.pk)
    )
    rows: list[RowMapping] = []
    if document_ids is None:
        rows = list(conn.execute(stmt).mappings())
    else:
        for chunk in _batched(document_ids, 500):
            rows.extend(conn.execute(stmt.where(events.c.document_id.in_(chunk))).mappings())
    roles = _event_roles(conn, [r["pk"] for r in rows])
    return [_report(r, roles.get(r["pk"], {})) for r in rows]


def _report(row: RowMapping, roles: Mapping[str, list[str]]) -> merging.Report:
    sources = list(dict.fromkeys([*roles.get("source", []), *roles.get("claimed_by", [])]))
    return merging.Report(
        key=row["pk"],
        document_id=row["document_id"],
        type=row["type"],
        mode=row["mode"],
        status=row["status"],
        date_start=row["date_start"],
        date_end=row["date_end"],
        date_precision=row["date_precision"],
        country=row["country"],
        admin1=row["admin1"],
        city=row["city"],
        location_name=row["location_name"],
        lat=row["lat"],
        lon=row["lon"],
        geo_precision=row["geo_precision"],
        sources=tuple(sources),
        targets=tuple(roles.get("target", [])),
        killed=row["killed"],
        wounded=row["wounded"],
    )


def _candidate_intervals(
    reports: Sequence[merging.Report],
) -> dict[tuple[str, str], list[tuple[dt.date, dt.date]]]:
    """Per (country, type), the union of the reports' date windows as disjoint intervals: a
    report can only join an incident of its country and type whose window overlaps its own,
    so these bound what a merge loads (not one span from the batch's earliest to its latest
    date, which grows with the store and the batch's spread)."""
    windows: dict[tuple[str, str], list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for r in reports:
        window = merging.date_window(r.date_start, r.date_end, r.date_precision)
        if r.country is None or window is None or not merging.is_mergeable(r):
            continue
        windows[(r.country, r.type)].append(window)
    out: dict[tuple[str, str], list[tuple[dt.date, dt.date]]] = {}
    for key, spans in windows.items():
        merged: list[tuple[dt.date, dt.date]] = []
        for low, high in sorted(spans):
            if merged and low <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], high))
            else:
                merged.append((low, high))
        out[key] = merged
    return out


_INTERVALS_PER_QUERY = 50


def _candidate_select(
    country: str, wanted: Sequence[tuple[str, dt.date, dt.date]]
) -> sa.Select[Any]:
    """The mergeable incidents of ``country`` whose window overlaps one of ``wanted`` (type,
    low, high), read through ``ix_incidents_window``.

    Overlap is ``match_to >= low`` and ``match_from <= high``. A short window (at most
    SHORT_WINDOW_DAYS) that ends at or after ``low`` starts at or after ``low -
    SHORT_WINDOW_DAYS``: a range of the index, so what is read grows with the incidents around
    the reports' dates, not with the store. The few long windows are the index's
    ``long_window`` prefix of the type, checked one by one."""
    reach = dt.timedelta(days=SHORT_WINDOW_DAYS)
    i = incidents.c
    overlaps = []
    for kind, low, high in wanted:
        earliest = low - reach if low - dt.date.min > reach else dt.date.min
        # Each term whole (country and mergeable repeated in it): SQLite then serves the OR
        # as one index range per term instead of reading the whole country.
        term = [i.country == country, i.type == kind, i.mergeable.is_(True)]
        overlap = [i.match_to >= low, i.match_from <= high]
        overlaps.append(
            sa.and_(*term, i.long_window == sa.false(), i.match_from >= earliest, *overlap)
        )
        overlaps.append(sa.and_(*term, i.long_window == sa.true(), *overlap))
    return sa.select(incidents).where(sa.or_(*overlaps))


def _stored_incidents_near(
    conn: Connection, reports: Sequence[merging.Report]
) -> Iterator[merging.Incident]:
    """Stored incidents that a report could join: same country and type, a date window
    overlapping one of the reports' windows."""
    seen: set[int] = set()
    by_country: dict[str, list[tuple[str, dt.date, dt.date]]] = defaultdict(list)
    for (country, kind), intervals in sorted(_candidate_intervals(reports).items()):
        by_country[country].extend((kind, low, high) for low, high in intervals)
    for country, wanted in by_country.items():
        for chunk in _batched(wanted, _INTERVALS_PER_QUERY):
            for row in conn.execute(_candidate_select(country, chunk)).mappings():
                if row["id"] not in seen:
                    seen.add(row["id"])
                    yield _incident(row)


def _incident(row: RowMapping) -> merging.Incident:
    return merging.Incident(
        id=row["id"],
        type=row["type"],
        mode=row["mode"],
        status=row["status"],
        mergeable=row["mergeable"],
        match_from=row["match_from"],
        match_to=row["match_to"],
        date_start=row["date_start"],
        date_end=row["date_end"],
        date_precision=row["date_precision"],
        location_name=row["location_name"],
        country=row["country"],
        admin1=row["admin1"],
        city=row["city"],
        lat=row["lat"],
        lon=row["lon"],
        geo_precision=row["geo_precision"],
        sources=set(row["sources"]),
        targets=set(row["targets"]),
        document_ids=set(row["document_ids"]),
        killed_min=row["killed_min"],
        killed_max=row["killed_max"],
        wounded_min=row["wounded_min"],
        wounded_max=row["wounded_max"],
        n_reports=row["n_reports"],
        dirty=False,
    )


def _incident_values(incident: merging.Incident, now: dt.datetime) -> dict[str, Any]:
    return {
        "type": incident.type,
        "mode": incident.mode,
        "status": incident.status,
        "mergeable": incident.mergeable,
        "match_from": incident.match_from,
        "match_to": incident.match_to,
        "date_start": incident.date_start,
        "date_end": incident.date_end,
        "date_precision": incident.date_precision,
        "location_name": incident.location_name,
        "country": incident.country,
        "admin1": incident.admin1,
        "city": incident.city,
        "lat": incident.lat,
        "lon": incident.lon,
        "geo_precision": incident.geo_precision,
        "sources": sorted(incident.sources),
        "targets": sorted(incident.targets),
        "document_ids": sorted(incident.document_ids),
        "killed": incident.killed,
        "killed_min": incident.killed_min,
        "killed_max": incident.killed_max,
        "wounded": incident.wounded,
        "wounded_min": incident.wounded_min,
        "wounded_max": incident.wounded_max,
        "n_reports": incident.n_reports,
        "n_documents": incident.n_documents,
        "updated_at": now,
        "long_window": incident_window_is_long(incident.match_from, incident.match_to),
    }


def _write_incidents(conn: Connection, items: Sequence[merging.Incident]) -> None:
    now = dt.datetime.now(dt.UTC)
    fresh = [i for i in items if i.id is None]
    changed = [i for i in items if i.id is not None and i.dirty]
    # The kept totals: the changed incidents' stored counts out, their new counts in.
    _count_incidents(conn, [i.id for i in changed if i.id is not None], -1)
    for chunk in _batched(fresh, 1000):
        ids = _insert_numbered(conn, incidents.c.id, [_incident_values(i, now) for i in chunk])
        for incident, new_id in zip(chunk, ids, strict=True):
            incident.id = new_id
    if changed:
        conn.execute(
            incidents.update().where(incidents.c.id == sa.bindparam("incident_pk")),
            [{"incident_pk": i.id, **_incident_values(i, now)} for i in changed],
        )
    links = [
        {"event_pk": m.key, "incident_id": i.id, "score": m.score, "reasons": list(m.reasons)}
        for i in items
        for m in i.new_members
    ]
    for chunk in _batched(links, 5000):
        _insert_rows(conn, incident_members, chunk)
    written = [i.id for i in (*fresh, *changed) if i.id is not None]
    _count_incidents(conn, written, 1)
    for incident in items:
        incident.new_members.clear()
        incident.dirty = False


def _merge(conn: Connection, reports: Sequence[merging.Report]) -> merging.MergeSummary:
    merger = merging.Merger()
    for incident in _stored_incidents_near(conn, reports):
        merger.add_incident(incident)
    loaded = len(merger.incidents)
    merger.add_all(reports)
    _write_incidents(conn, merger.incidents)
    new = len(merger.incidents) - loaded
    return merging.MergeSummary(reports=len(reports), new_incidents=new, merged=len(reports) - new)


def _is_connection_error(exc: BaseException) -> bool:
    return isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError) or (
        isinstance(exc, sa.exc.DBAPIError) and exc.connection_invalidated
    )


def _merge_per_document(
    conn: Connection, reports: Sequence[merging.Report]
) -> merging.MergeSummary:
    """Merge document by document after a failed merge of the whole set: a document whose
    merge fails gets one unmergeable incident per event (with the reason), so it can never
    stop a later merge; the others merge as usual."""
    by_document: dict[str, list[merging.Report]] = defaultdict(list)
    for report in reports:
        by_document[report.document_id].append(report)
    summary = merging.MergeSummary()
    for document_id, own in by_document.items():
        try:
            with conn.begin_nested():
                summary += _merge(conn, own)
        except Exception as exc:
            if _is_connection_error(exc):
                raise
            reason = f"merge failed ({type(exc).__name__}: {str(exc)[:200]})"
            log.warning("merging document %r failed; its events stay apart: %s", document_id, exc)
            _write_incidents(conn, [merging.quarantined(r, reason) for r in own])
            summary += merging.MergeSummary(reports=len(own), new_incidents=len(own))
    return summary


def _incident_members(conn: Connection, ids: Sequence[int]) -> dict[int, list[IncidentMemberRow]]:
    out: dict[int, list[IncidentMemberRow]] = defaultdict(list)
    for chunk in _batched(ids, 500):
        rows = conn.execute(
            sa.select(
                incident_members.c.incident_id,
                incident_members.c.score,
                incident_members.c.reasons,
                events.c.document_id,
                events.c.local_id,
                events.c.killed,
                events.c.wounded,
                events.c.date_start,
                events.c.location_name,
            )
            .join(events, events.c.pk == incident_members.c.event_pk)
            .where(incident_members.c.incident_id.in_(chunk))
            .order_by(incident_members.c.incident_id, events.c.pk)
        ).mappings()
        for r in rows:
            out[r["incident_id"]].append(
                IncidentMemberRow(
                    event_id=f"{r['document_id']}:{r['local_id']}",
                    document_id=r["document_id"],
                    score=r["score"],
                    reasons=list(r["reasons"]),
                    killed=r["killed"],
                    wounded=r["wounded"],
                    date_start=r["date_start"],
                    location_name=r["location_name"],
                )
            )
    return out


def _incident_row(row: RowMapping, members: list[IncidentMemberRow]) -> IncidentRow:
    fields = IncidentRow.model_fields.keys() - {"members"}
    return IncidentRow(**{f: row[f] for f in fields}, members=members)


class IncidentMethods(StoreBase):
    """Store's incident methods: merge new events, list and count incidents."""

    def merge_new(self, document_ids: Iterable[str] | None = None) -> merging.MergeSummary:
        """Merge events that belong to no incident yet (of ``document_ids``, or all of them).

        Runs under the write lock (SQLite) or an advisory lock (PostgreSQL), so concurrent
        writers never merge the same event twice. Safe to call at any time; an interrupted
        merge leaves its events unmerged for the next call.
        """
        wanted = None if document_ids is None else list(dict.fromkeys(document_ids))
        if wanted == []:
            return merging.MergeSummary()
        with self._guard(), self._writer.begin() as conn:
            _lock_merging(conn)
            reports = _unmerged_reports(conn, wanted)
            if not reports:
                return merging.MergeSummary()
            try:
                with conn.begin_nested():
                    summary = _merge(conn, reports)
            except Exception as exc:
                if _is_connection_error(exc):
                    raise
                summary = _merge_per_document(conn, reports)
            _bump_generation(conn)
        self.merge_totals += summary
        return summary

    def incidents(
        self, f: IncidentFilter = IncidentFilter(), *, limit: int = 100, offset: int = 0
    ) -> list[IncidentRow]:
        """Incidents with their reports, chronologically (undated last)."""
        _page(limit, offset)
        with self._guard(), self._engine.connect() as conn:
            stmt = (
                sa.select(incidents)
                .where(*self._incident_where(conn, f))
                .order_by(incidents.c.date_start.is_(None), incidents.c.date_start, incidents.c.id)
                .limit(limit)
                .offset(offset)
            )
            rows = conn.execute(stmt).mappings().all()
            members = _incident_members(conn, [r["id"] for r in rows])
        return [_incident_row(r, members.get(r["id"], [])) for r in rows]

    def count_incidents(self, f: IncidentFilter = IncidentFilter()) -> int:
        with self._guard(), self._engine.connect() as conn:
            stmt = (
                sa.select(sa.func.count())
                .select_from(incidents)
                .where(*self._incident_where(conn, f))
            )
            return int(conn.execute(stmt).scalar_one())

    def _incident_where(self, conn: Connection, f: IncidentFilter) -> list[sa.ColumnElement[bool]]:
        where: list[sa.ColumnElement[bool]] = []
        if f.country:
            where.append(incidents.c.country == f.country.upper())
        if f.type:
            where.append(incidents.c.type == f.type.upper())
        if f.date_from:
            where.append(
                sa.func.coalesce(incidents.c.date_end, incidents.c.date_start) >= f.date_from
            )
        if f.date_to:
            where.append(incidents.c.date_start <= f.date_to)
        if f.min_reports > 1:
            where.append(incidents.c.n_reports >= f.min_reports)
        if f.actor:
            ids = self._resolve_actor(conn, f.actor)
            linked = (
                sa.select(incident_members.c.incident_id)
                .join(event_actors, event_actors.c.event_pk == incident_members.c.event_pk)
                .where(event_actors.c.actor_id.in_(ids))
            )
            where.append(incidents.c.id.in_(linked) if ids else sa.false())
        return where

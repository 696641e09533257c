"""Event queries: filtered, sorted, paged listings, streams, counts and map points."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.sql.util import ClauseAdapter

from sitroom.store.base import StoreBase
from sitroom.store.rows import (
    _EVENT_SORT_COLUMNS,
    EventFilter,
    EventPoint,
    EventRow,
    MonthCount,
    parse_event_sort,
)
from sitroom.store.schema import (
    EVENT_ROLES,
    EVENT_SPAN_DAYS,
    EVENT_SPAN_DAYS_SQLITE,
    NO_MONTH,
    documents,
    event_actors,
    event_months,
    events,
)
from sitroom.store.search import count_event_matches, event_checked, event_matches
from sitroom.store.sql import (
    _actor_names,
    _bbox_clauses,
    _contains_all,
    _event_roles,
    _located,
    _month_counts_select,
    _month_rows,
    _page,
)


def _event_rows(conn: Connection, rows: Sequence[RowMapping]) -> list[EventRow]:
    if not rows:
        return []
    roles = _event_roles(conn, [r["pk"] for r in rows])
    names = _actor_names(
        conn, [a for by_role in roles.values() for ids in by_role.values() for a in ids]
    )
    out = []
    for r in rows:
        by_role = roles.get(r["pk"], {})
        ids = {role: list(by_role.get(role, [])) for role in EVENT_ROLES}
        out.append(
            EventRow(
                id=f"{r['document_id']}:{r['local_id']}",
                document_id=r["document_id"],
                local_id=r["local_id"],
                type=r["type"],
                mode=r["mode"],
                status=r["status"],
                date_start=r["date_start"],
                date_end=r["date_end"],
                date_precision=r["date_precision"],
                date_text=r["date_text"],
                source_ids=ids["source"],
                source_names=[names.get(a, a) for a in ids["source"]],
                target_ids=ids["target"],
                target_names=[names.get(a, a) for a in ids["target"]],
                claimed_by_ids=ids["claimed_by"],
                claimed_by_names=[names.get(a, a) for a in ids["claimed_by"]],
                target_text=r["target_text"],
                location_name=r["location_name"],
                country=r["country"],
                admin1=r["admin1"],
                admin2=r["admin2"],
                city=r["city"],
                lat=r["lat"],
                lon=r["lon"],
                geo_precision=r["geo_precision"],
                geonameid=r["geonameid"],
                killed=r["killed"],
                wounded=r["wounded"],
                evidence_text=r["evidence_text"],
                evidence_start=r["evidence_start"],
                evidence_end=r["evidence_end"],
                confidence=r["confidence"],
                act=r["act"],
                source_basis=r["source_basis"],
                salience=r["salience"],
                target_basis=r["target_basis"],
                document_title=r["document_title"],
                document_url=r["document_url"],
                document_source=r["document_source"],
                document_published=r["document_published"],
            )
        )
    return out


# The EventFilter fields the ``event_months`` aggregate is keyed by: a filter setting no other
# field is answered from it.
_MONTH_KEYS = {"type": None, "types": (), "status": None, "statuses": ()}


def _months_where(f: EventFilter) -> list[sa.ColumnElement[bool]] | None:
    """The ``event_months`` rows the events of ``f`` are counted in, as conditions on the
    aggregate; None when ``f`` filters on something it is not keyed by."""
    if dataclasses.replace(f, **_MONTH_KEYS) != EventFilter():  # type: ignore[arg-type]
        return None
    where: list[sa.ColumnElement[bool]] = []
    for column, values in (
        (event_months.c.type, [v.upper() for v in f.any_of("type", "types")]),
        (event_months.c.status, list(f.any_of("status", "statuses"))),
    ):
        if values:
            where.append(column.in_(values))
    return where


# See _linked_events: above this many links, PostgreSQL keeps its walk down the listing's index.
ACTOR_ARRAY_LINKS = 50_000


def _linked_events(conn: Connection, ids: Sequence[str]) -> sa.ColumnElement[bool]:
    """The events linked to one of the actors ``ids``.

    PostgreSQL, asked ``pk IN (the actor's links)`` for a page in date order, walks the date
    index and probes each event for the actor, expecting the page early; for an actor of a few
    thousand events among a million that is tens of thousands of probes (0.2-0.4 s). Asked as
    ``pk = ANY(ARRAY(the links))``, it reads the links off ix_event_actors_actor first and
    sorts only the actor's events (0.05-0.08 s), a cost bounded by the actor's events: chosen
    unless the actors have more than ACTOR_ARRAY_LINKS links (counted up to that bound), when
    the walk finds its page early. SQLite plans the IN well and keeps it.
    """
    chosen = event_actors.c.actor_id.in_(ids)
    linked = sa.select(event_actors.c.event_pk).where(chosen)
    if conn.dialect.name != "postgresql":
        return events.c.pk.in_(linked)
    bounded = sa.select(sa.literal(1)).where(chosen).limit(ACTOR_ARRAY_LINKS + 1).subquery()
    n_links = conn.execute(sa.select(sa.func.count()).select_from(bounded)).scalar_one()
    if n_links > ACTOR_ARRAY_LINKS:
        return events.c.pk.in_(linked)
    return events.c.pk == sa.any_(sa.func.array(linked.scalar_subquery()))


def _window_start(conn: Connection, date_from: dt.date) -> dt.date | None:
    """The earliest start of an event ending on or after ``date_from``, so a date
    window is a range of the date index: ``date_from`` minus the longest span stored.

    The overlap test, the end (else the start) on or after ``date_from``, bounds no column of
    the date index, so PostgreSQL walked it from the first event, reading every event before
    the window (0.2-0.5 s for a window in 2019 of a million events, 2015-2024). The bound is
    implied by the test for an event with a start, which a window with an end requires (an
    open window also takes events with an end only, so it gets no bound), so the rows are the
    same. SQLite walked the date index from the first event too (schema 12 indexes its
    spans). None when no event has both ends."""
    span = EVENT_SPAN_DAYS if conn.dialect.name == "postgresql" else EVENT_SPAN_DAYS_SQLITE
    longest = conn.execute(sa.select(sa.func.max(span))).scalar()
    if longest is None:
        return None
    try:
        return date_from - dt.timedelta(days=max(0, math.ceil(longest)))
    except OverflowError:  # a span reaching back before year 1: no bound
        return None


# SQLite plans a filtered page by the filter's index and sorts every match, even when the
# matches are so common that walking the sort's index finds the page within a few thousand
# events (a 2-degree box of 55,000 events among a million: 0.4 s, most of it the sort). The
# sort keys whose order an index holds, and the index: the walk reads the first rows of the
# store in that order, and the filter picks the page among them.
_WALK_SORTS = {"date", "-date", "killed", "-killed"}
WALK_MIN_ROWS = 5_000
WALK_MAX_ROWS = 20_000
# Rows walked per matching row wanted: the page must be among them with a margin, as the walk
# assumes matches spread evenly through the sort order.
WALK_MARGIN = 2.0
# A walk checking words asks FTS5 for each walked event (0.1-0.5 ms each): it is tried for
# at most this many events (the page then costs at most 0.1-0.5 s, the list of every match
# 0.3 s for a word each of a million events holds), so only for words most events hold.
WORDS_WALK_MAX_ROWS = 600


def _walk_rows(
    conn: Connection, f: EventFilter, sort: str, wanted: int, matching: int | None, n_events: int
) -> int | None:
    """How many events, in sort order, the bounded walk of :meth:`EventQueries.events` reads
    for the first ``wanted`` matches, or None when it should not try: not SQLite, no count,
    no filter, a sort without its index, filters with plans of their own (an actor's links,
    words, a document) or bounding the sort column itself (a date window sorted by date, a
    fatalities range sorted by fatalities), or matches too rare for a walk of at most
    WALK_MAX_ROWS rows (it would fall back to the planned query after reading them)."""
    if conn.dialect.name != "sqlite" or matching is None or not matching or sort not in _WALK_SORTS:
        return None
    if f == EventFilter() or f.any_of("actor", "actors") or f.document_id:
        return None
    key, _ = parse_event_sort(sort)
    if key == "date" and (f.date_from or f.date_to):
        return None
    if key == "killed" and (f.killed_min is not None or f.killed_max is not None):
        return None
    rows = int(WALK_MARGIN * wanted * n_events / matching)
    if f.q:  # words: each walked event checked on its own (event_checked)
        return max(rows, wanted) if rows <= WORDS_WALK_MAX_ROWS else None
    if rows > WALK_MAX_ROWS:
        return None
    return max(rows, WALK_MIN_ROWS)


def _sort_order(sort: str, table: sa.FromClause = events) -> list[sa.ColumnElement[Any]]:
    """ORDER BY of a listing sorted by ``sort`` (events' columns, or ``table``'s copies)."""
    key, descending = parse_event_sort(sort)
    column = table.c[_EVENT_SORT_COLUMNS[key].name]
    return [
        (column.desc() if descending else column.asc()).nulls_last(),
        table.c.document_id,
        table.c.position,
    ]


def _walked_page(
    conn: Connection,
    where: Sequence[sa.ColumnElement[bool]],
    sort: str,
    n: int,
    *,
    limit: int,
    offset: int,
) -> list[int] | None:
    """The keys of the page (``limit`` rows from ``offset``) of the events matching ``where``
    among the first ``n`` events in ``sort`` order, read off the sort's index; None when fewer
    of those match, so the page may lie beyond them. The matches are filtered from the walked
    rows (a subquery SQLite keeps whole, as it has a LIMIT), never planned through the
    filter's own index."""
    walked = sa.select(events).order_by(*_sort_order(sort)).limit(n).subquery("walked")
    adapt = ClauseAdapter(walked)
    page = (
        sa.select(walked.c.pk)
        .where(*[adapt.traverse(clause) for clause in where])
        .order_by(*_sort_order(sort, walked))
        .limit(limit)
        .offset(offset)
    )
    pks = list(conn.execute(page).scalars())
    return pks if len(pks) == limit else None


class EventQueries(StoreBase):
    """Store's event queries: list, stream, count, count by type and month, map points."""

    def _event_where(self, conn: Connection, f: EventFilter) -> list[sa.ColumnElement[bool]]:
        where: list[sa.ColumnElement[bool]] = []
        names = f.any_of("actor", "actors")
        if names:
            ids = sorted({i for name in names for i in self._resolve_actor(conn, name)})
            where.append(_linked_events(conn, ids) if ids else sa.false())
        for column, values in (
            (events.c.type, [v.upper() for v in f.any_of("type", "types")]),
            (events.c.mode, list(f.any_of("mode", "modes"))),
            (events.c.status, list(f.any_of("status", "statuses"))),
            (events.c.country, [v.upper() for v in f.any_of("country", "countries")]),
            (events.c.salience, [v.lower() for v in f.saliences]),
        ):
            if len(values) == 1:
                where.append(column == values[0])
            elif values:
                where.append(column.in_(values))
        for column, low, high in (
            (events.c.killed, f.killed_min, f.killed_max),
            (events.c.wounded, f.wounded_min, f.wounded_max),
        ):
            if low is not None:
                where.append(column >= low)
            if high is not None:
                where.append(column <= high)
        # Overlap of the event's date span with the asked range; undated events never match.
        if f.date_from:
            where.append(sa.func.coalesce(events.c.date_end, events.c.date_start) >= f.date_from)
            # With an end (date_to) only: an event without a start may match an open window.
            earliest = _window_start(conn, f.date_from) if f.date_to else None
            if earliest is not None:
                where.append(events.c.date_start >= earliest)
        if f.date_to:
            where.append(events.c.date_start <= f.date_to)
        if f.admin1:
            where.append(sa.func.lower(events.c.admin1) == f.admin1.casefold())
        if f.bbox:
            where.extend(_bbox_clauses(events.c.lon, events.c.lat, f.bbox))
        if f.q:
            found = event_matches(conn, f.q)
            if found is not None:
                where.append(found)
            else:  # no full-text index on this backend
                where.extend(_contains_all(events.c.evidence_text, f.q))
        if f.document_id:
            where.append(events.c.document_id == f.document_id)
        return where

    def _event_select(
        self,
        conn: Connection,
        f: EventFilter,
        sort: str = "date",
        *,
        where: Sequence[sa.ColumnElement[bool]] | None = None,
    ) -> sa.Select[Any]:
        """The listing of ``f`` (or of the conditions ``where``, built from it already)."""
        key, descending = parse_event_sort(sort)
        column = _EVENT_SORT_COLUMNS[key]
        return (
            sa.select(
                events,
                documents.c.title.label("document_title"),
                documents.c.url.label("document_url"),
                documents.c.source.label("document_source"),
                documents.c.published.label("document_published"),
            )
            .select_from(events.join(documents, documents.c.id == events.c.document_id))
            .where(*(self._event_where(conn, f) if where is None else where))
            # Unknown values last; document and position make the order total so pages never
            # overlap. NULLS LAST rather than an "IS NULL" sort key, so that SQLite walks the
            # column's index (the first page of a million events by date: 410 ms -> ms).
            .order_by(
                (column.desc() if descending else column.asc()).nulls_last(),
                events.c.document_id,
                events.c.position,
            )
        )

    def events(
        self,
        f: EventFilter = EventFilter(),
        *,
        limit: int = 100,
        offset: int = 0,
        sort: str = "date",
        matching: int | None = None,
    ) -> list[EventRow]:
        """Events matching the filter, chronologically (undated last) or in the order ``sort``
        names: a key of :data:`EVENT_SORT_KEYS`, prefixed with ``-`` for descending.

        ``matching``: how many events match ``f``, when the caller has counted them already
        (a listing's total): a page past the last is answered without a query, and SQLite may
        find a page of common matches by walking the sort's index (:func:`_walk_rows`)."""
        _page(limit, offset)
        if matching is not None and (matching <= offset or limit == 0):
            return []
        with self._engine.connect() as conn:
            where = self._event_where(conn, f)
            walk = _walk_rows(conn, f, sort, limit + offset, matching, self._n_events(conn))
            if walk is not None:
                checked = where
                if f.q:  # the words asked of each walked event, not as the list of matches
                    checked = self._event_where(conn, dataclasses.replace(f, q=None))
                    checked.append(event_checked(conn, f.q, events.c.pk))
                pks = _walked_page(conn, checked, sort, walk, limit=limit, offset=offset)
                if pks is not None:  # the page's rows by key, in the listing's order
                    stmt = self._event_select(conn, EventFilter(), sort).where(events.c.pk.in_(pks))
                    return _event_rows(conn, conn.execute(stmt).mappings().all())
            stmt = self._event_select(conn, f, sort, where=where).limit(limit).offset(offset)
            rows = conn.execute(stmt).mappings().all()
            return _event_rows(conn, rows)

    def _n_events(self, conn: Connection) -> int:
        n = sa.func.coalesce(sa.func.sum(event_months.c.n_events), 0)
        return int(conn.execute(sa.select(n)).scalar_one())

    def iter_events(
        self, f: EventFilter = EventFilter(), *, batch_size: int = 500, sort: str = "date"
    ) -> Iterator[EventRow]:
        """All matching events, streamed from one cursor in batches (for exports)."""
        with self._engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=batch_size).execute(
                self._event_select(conn, f, sort)
            )
            for part in result.mappings().partitions():
                yield from _event_rows(conn, part)

    def count_events(self, f: EventFilter = EventFilter()) -> int:
        return self.count_events_at_most(f, None)[0]

    def count_events_at_most(self, f: EventFilter, at_most: int | None) -> tuple[int, bool]:
        """How many events match ``f``, and whether that count is exact. With ``at_most``, the
        count of a words filter on PostgreSQL, which checks every match in its row, stops
        there: ``(at_most, False)`` says "at least ``at_most``". Every other count is exact
        (the aggregates' and SQLite's full-text index's are cheap)."""
        capped = at_most if f.q and self._engine.dialect.name == "postgresql" else None
        with self._engine.connect() as conn:
            keyed = _months_where(f)
            if keyed is not None:  # the sum of the aggregate's rows: every event has one
                n = sa.func.coalesce(sa.func.sum(event_months.c.n_events), 0)
                return int(conn.execute(sa.select(n).where(*keyed)).scalar_one()), True
            counted: int | None = None
            if f.q and dataclasses.replace(f, q=None) == EventFilter():
                # Words alone: the index's count.
                counted = count_event_matches(conn, f.q, at_most=capped)
            if counted is None:
                where = self._event_where(conn, f)
                stmt = sa.select(sa.func.count()).select_from(events).where(*where)
                if capped is not None:
                    matched = sa.select(sa.literal(1)).select_from(events).where(*where)
                    stmt = sa.select(sa.func.count()).select_from(matched.limit(capped).subquery())
                counted = int(conn.execute(stmt).scalar_one())
            return counted, capped is None or counted < capped

    def count_events_by_type(self, f: EventFilter = EventFilter()) -> list[tuple[str, int]]:
        """(event type, count) of the matching events, most frequent first."""
        n = sa.func.count()
        with self._engine.connect() as conn:
            keyed = _months_where(f)
            if keyed is not None:
                total = sa.func.sum(event_months.c.n_events)
                stmt = (
                    sa.select(event_months.c.type, total)
                    .where(*keyed)
                    .group_by(event_months.c.type)
                    .order_by(total.desc(), event_months.c.type)
                )
                return [(kind, int(count)) for kind, count in conn.execute(stmt)]
            stmt = (
                sa.select(events.c.type, n)
                .where(*self._event_where(conn, f))
                .group_by(events.c.type)
                .order_by(n.desc(), events.c.type)
            )
            return [(kind, int(count)) for kind, count in conn.execute(stmt)]

    def _month_counts(
        self, conn: Connection, f: EventFilter, *, unplaced: bool = False
    ) -> list[MonthCount]:
        """The ``event_months`` rows of the events matching ``f`` that a month holds (with
        ``unplaced``, also those of month NO_MONTH), as :class:`MonthCount`: read from the
        aggregate when it is keyed by every field ``f`` sets (type, status), counted from the
        events otherwise."""
        keyed = _months_where(f)
        if keyed is not None:
            m = event_months.c
            placed = [] if unplaced else [m.month != NO_MONTH]
            stmt = sa.select(m.month, m.type, m.precision, m.status, m.n_events).where(
                *placed, *keyed
            )
            return [MonthCount(*row) for row in conn.execute(stmt)]
        rows = _month_rows(conn.execute(_month_counts_select(self._event_where(conn, f))))
        return [
            MonthCount(r["month"], r["type"], r["precision"], r["status"], r["n_events"])
            for r in rows
            if unplaced or r["month"] != NO_MONTH
        ]

    def count_events_by_month(self, f: EventFilter = EventFilter()) -> dict[tuple[str, str], int]:
        """{(event type, ``YYYY-MM``): count} of the matching events dated precisely enough to
        place in a month (:data:`MONTHLY_PRECISIONS`), by the month of their start."""
        out: dict[tuple[str, str], int] = {}
        with self._engine.connect() as conn:
            for r in self._month_counts(conn, f):
                key = (r.type, r.month)
                out[key] = out.get(key, 0) + int(r.events)
        return out

    def count_events_by_month_detail(
        self, f: EventFilter = EventFilter(), *, unplaced: bool = False
    ) -> list[MonthCount]:
        """The counts of :meth:`count_events_by_month` split by date precision and status:
        one :class:`MonthCount` per (month, type, precision, status) holding events, ordered by
        those keys. A day-precision span longer than one day is precision ``range``.

        ``unplaced``: also the matching events no month holds (undated, or dated to a year or
        more), as rows of month :data:`~sitroom.store.schema.NO_MONTH`, so that the rows count
        every matching event (:meth:`count_events` and :meth:`count_events_by_type` from the
        one grouping a timeline needs anyway)."""
        with self._engine.connect() as conn:
            return sorted(self._month_counts(conn, f, unplaced=unplaced))

    def event_points(self, f: EventFilter, *, limit: int) -> tuple[list[EventPoint], int]:
        """Matching events with valid coordinates, latest first (at most ``limit``), and how
        many there are in all."""
        _page(limit, 0)
        with self._engine.connect() as conn:
            where = [*self._event_where(conn, f), *_located()]
            keyed = _months_where(f)
            if keyed is None:
                total = sa.select(sa.func.count()).select_from(events).where(*where)
            else:  # a filter event_months is keyed by: its located counts summed
                total = sa.select(sa.func.coalesce(sa.func.sum(event_months.c.n_located), 0))
                total = total.where(*keyed)
            n_total = int(conn.execute(total).scalar_one())
            columns = sa.select(
                events.c.document_id,
                events.c.local_id,
                events.c.lat,
                events.c.lon,
                events.c.type,
                events.c.mode,
                events.c.date_start,
                sa.func.coalesce(events.c.location_name, events.c.city, events.c.admin1),
                events.c.killed,
                events.c.status,
                events.c.date_precision,
                events.c.geo_precision,
            ).where(*where)
            # Latest first, then the undated: two queries, so the first reads the date index
            # backwards and stops at ``limit``.
            dated = columns.where(events.c.date_start.is_not(None))
            order = (events.c.date_start.desc(), events.c.pk)
            rows = list(conn.execute(dated.order_by(*order).limit(limit)))
            if len(rows) < limit:
                undated = columns.where(events.c.date_start.is_(None)).order_by(events.c.pk)
                rows.extend(conn.execute(undated.limit(limit - len(rows))))
            points = [
                EventPoint(
                    f"{doc}:{local}", float(lat), float(lon), kind, mode, day, place, n, *rest
                )
                for doc, local, lat, lon, kind, mode, day, place, n, *rest in rows
            ]
        return points, n_total

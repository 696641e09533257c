"""Schema 12: the events' date spans indexed on SQLite too (a date window is a range of the date
index), the places' identity indexed with their documents and mentions (the places listing
grouped off the index); the 11 -> 12 migration."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import sqlalchemy as sa
from store_data import random_document

from sitroom.store import SCHEMA_VERSION, EventFilter, PlaceFilter, Store
from sitroom.store.query_documents import _PLACE_IDENTITY
from sitroom.store.schema import events, places
from sitroom.store.sql import MAX_ROWS

WINDOWS = [
    (dt.date(2022, 3, 1), dt.date(2022, 4, 30)),
    (dt.date(2022, 12, 20), dt.date(2023, 1, 10)),
    (dt.date(2023, 6, 1), dt.date(2023, 6, 1)),
    (dt.date(2021, 1, 1), dt.date(2021, 12, 31)),  # before every event
]


def expected_window(s: Store, date_from: dt.date, date_to: dt.date) -> set[str]:
    """The events whose span overlaps the window, computed from the stored rows: a start on or
    before its end, an end (else the start) on or after its start."""
    with s.engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                events.c.document_id, events.c.local_id, events.c.date_start, events.c.date_end
            )
        ).all()
    return {
        f"{doc}:{local}"
        for doc, local, start, end in rows
        if start is not None and start <= date_to and (end or start) >= date_from
    }


def window_listings(s: Store) -> dict[tuple[dt.date, dt.date], list[str]]:
    return {
        (a, b): [e.id for e in s.events(EventFilter(date_from=a, date_to=b), limit=MAX_ROWS)]
        for a, b in WINDOWS
    }


def index_names(s: Store) -> set[str]:
    with s.engine.connect() as conn:
        if s.engine.dialect.name == "sqlite":
            rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
        else:
            rows = conn.exec_driver_sql("SELECT indexname FROM pg_indexes")
        return {str(name) for (name,) in rows}


def filled(s: Store) -> None:
    rng = random.Random(12)
    s.add_many(random_document(i, rng) for i in range(80))


def test_date_windows_match_the_overlap_test(store: Store) -> None:
    filled(store)
    for (a, b), ids in window_listings(store).items():
        assert set(ids) == expected_window(store, a, b), (a, b)
        assert len(ids) == len(set(ids))
        assert store.count_events(EventFilter(date_from=a, date_to=b)) == len(ids)
    assert any(window_listings(store).values())


def sqlite_plan(s: Store, stmt: sa.Select[Any]) -> str:
    with s.engine.connect() as conn:
        compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
        return "\n".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))


def test_sqlite_reads_a_date_window_as_a_range_and_places_off_their_index(tmp_path: Any) -> None:
    with Store(tmp_path / "plan.db") as s:
        filled(s)
        f = EventFilter(date_from=dt.date(2022, 5, 1), date_to=dt.date(2022, 6, 30))
        with s.engine.connect() as conn:
            stmt = s._event_select(conn, f).limit(100)
        plan = sqlite_plan(s, stmt)
        assert "ix_events_date_salience (date_start>? AND date_start<?)" in plan, plan
        with s.engine.connect() as conn:
            span = conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT max(julianday(date_end) - julianday(date_start)) "
                "FROM events"
            ).all()
        assert "ix_events_span" in str(span)
        counted = (
            sa.func.count(sa.distinct(places.c.document_id)),
            sa.func.sum(places.c.n_mentions),
        )
        grouped = sa.select(*_PLACE_IDENTITY, *counted).group_by(*_PLACE_IDENTITY)
        assert "SCAN places USING COVERING INDEX ix_places_identity" in sqlite_plan(s, grouped)


def test_version_eleven_store_is_upgraded_in_place(store: Store) -> None:
    filled(store)
    before = window_listings(store)
    places_before = store.places_page(PlaceFilter(), limit=MAX_ROWS)
    sqlite = store.engine.dialect.name == "sqlite"
    url = store.url
    store.close()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP INDEX ix_places_identity"))
        if sqlite:  # PostgreSQL has indexed the spans since version 9
            conn.execute(sa.text("DROP INDEX ix_events_span"))
        conn.execute(sa.text("UPDATE meta SET value = '11' WHERE key = 'schema_version'"))
    engine.dispose()

    with Store(url) as s:
        assert s.schema_version() == SCHEMA_VERSION >= 12
        assert {"ix_events_span", "ix_places_identity"} <= index_names(s)
        assert window_listings(s) == before
        assert s.places_page(PlaceFilter(), limit=MAX_ROWS) == places_before
    with Store(url) as s:  # opened again: nothing left to create
        assert s.schema_version() == SCHEMA_VERSION

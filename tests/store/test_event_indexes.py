"""Schema 7: the events listing's indexes for the order by fatalities and the salience filter,
incident_totals keyed by country, admin1 and month (sitroom.store.schema, the v6 -> v7
migration)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from sitroom.models import Analysis, DateValue, Document, Event, Span
from sitroom.store import SCHEMA_VERSION, EventFilter, Store
from sitroom.store.incident_totals import TOTAL_COLUMNS
from sitroom.store.schema import incident_totals
from sitroom.store.sql import MAX_ROWS

SALIENCES = (None, "main", "secondary", "background")


def fatal_document(index: int, rng: random.Random) -> tuple[Document, Analysis]:
    """A document of events with killed counts (often equal, sometimes unknown), saliences
    (sometimes none) and dates (sometimes none)."""
    text = f"Report {index}: an attack in the hills."
    whole = Span(start=0, end=len(text), text=text)
    events = []
    for j in range(rng.randrange(1, 5)):
        day = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(400))
        events.append(
            Event(
                id=f"e{j}",
                type="ASSAULT",
                killed=rng.choice([None, 0, 1, 1, 3, 12]),
                salience=rng.choice(SALIENCES),  # type: ignore[arg-type]
                date=DateValue()
                if rng.random() < 0.2
                else DateValue(start=day, end=day, precision="day"),
                evidence=whole,
            )
        )
    doc = Document(id=f"fatal-{index:03d}", text=text)
    return doc, Analysis(id=doc.id, events=events)


def plan(s: Store, f: EventFilter, sort: str) -> list[str]:
    """SQLite's query plan of the events listing's first page."""
    with s.engine.connect() as conn:
        stmt = s._event_select(conn, f, sort).limit(100)
        compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")
        return [str(row[-1]) for row in rows]


def test_events_by_fatalities_read_the_killed_index(tmp_path: Path) -> None:
    with Store(tmp_path / "plan.db") as s:
        lines = plan(s, EventFilter(), "-killed")
        text = "\n".join(lines)
        assert any(line.startswith("SCAN events USING INDEX ix_events_killed") for line in lines)
        assert "TEMP B-TREE" not in text, text  # no sort of every event
        # Fewest first, unknown last: the ascending index, no sort either.
        lines = plan(s, EventFilter(), "killed")
        text = "\n".join(lines)
        assert any(
            line.startswith("SCAN events USING INDEX ix_events_killed_asc") for line in lines
        )
        assert "TEMP B-TREE" not in text, text
        # A range of counts is a range of the same index, still in the order asked.
        lines = plan(s, EventFilter(killed_min=10), "-killed")
        text = "\n".join(lines)
        assert any("USING INDEX ix_events_killed (killed>?)" in line for line in lines), text
        assert "TEMP B-TREE" not in text, text


def test_salience_filter_walks_the_date_index(tmp_path: Path) -> None:
    """The salience filter keeps to the date index (it stops at the first page when most
    events match, as on real stores) and checks the salience there."""
    with Store(tmp_path / "plan.db") as s:
        for saliences in [("main",), ("main", "secondary")]:
            lines = plan(s, EventFilter(saliences=saliences), "date")
            text = "\n".join(lines)
            assert any(
                line.startswith("SCAN events USING INDEX ix_events_date_salience") for line in lines
            ), text
            assert "USE TEMP B-TREE FOR ORDER BY" not in text, text


def expected_order(rows: list[dict[str, Any]], key: str, descending: bool) -> list[str]:
    known = sorted(
        (r for r in rows if r[key] is not None),
        key=lambda r: (-r[key] if descending else r[key], r["document_id"], r["position"]),
    )
    unknown = sorted(
        (r for r in rows if r[key] is None), key=lambda r: (r["document_id"], r["position"])
    )
    return [f"{r['document_id']}:{r['local_id']}" for r in [*known, *unknown]]


def stored_events(s: Store) -> list[dict[str, Any]]:
    from sitroom.store.schema import events

    with s.engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(events)).mappings()]


def check_listings(s: Store) -> None:
    rows = stored_events(s)
    assert any(r["killed"] is None for r in rows) and any(r["salience"] is None for r in rows)
    for sort in ("-killed", "killed"):
        wanted = expected_order(rows, "killed", sort.startswith("-"))
        assert [e.id for e in s.events(sort=sort, limit=MAX_ROWS)] == wanted
        # Pages walk the same order without overlap or gap.
        paged = [e.id for offset in range(0, len(rows), 7) for e in
                 s.events(sort=sort, limit=7, offset=offset)]  # fmt: skip
        assert paged == wanted
    for saliences in [("main",), ("main", "secondary"), ("background",)]:
        chosen = [r for r in rows if r["salience"] in saliences]
        dated = [{**r, "day": r["date_start"]} for r in chosen]
        wanted = expected_order(dated, "day", False)
        got = [e.id for e in s.events(EventFilter(saliences=saliences), limit=MAX_ROWS)]
        assert got == wanted


def test_listings_in_the_indexes_order(store: Store) -> None:
    rng = random.Random(16)
    store.add_many(fatal_document(i, rng) for i in range(40))
    check_listings(store)


def downgrade_to_v6(url: str) -> None:
    """Lay a current store (SQLite or PostgreSQL) out as version 6 had it."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP INDEX ix_events_killed"))
        conn.execute(sa.text("DROP INDEX ix_events_killed_asc"))
        conn.execute(sa.text("DROP INDEX ix_events_date_salience"))
        conn.execute(sa.text("CREATE INDEX ix_events_date ON events (date_start, date_end)"))
        # incident_totals was keyed by status alone.
        sums = ", ".join(f"SUM({c}) AS {c}" for c in TOTAL_COLUMNS)
        rows = conn.execute(
            sa.text(f"SELECT status, {sums} FROM incident_totals GROUP BY status")
        ).all()
        conn.execute(sa.text("DROP TABLE incident_totals"))
        columns = ", ".join(f"{c} BIGINT NOT NULL" for c in TOTAL_COLUMNS)
        conn.execute(
            sa.text(f"CREATE TABLE incident_totals (status VARCHAR(16) PRIMARY KEY, {columns})")
        )
        names = ", ".join(f":{c}" for c in ("status", *TOTAL_COLUMNS))
        if rows:
            conn.execute(
                sa.text(f"INSERT INTO incident_totals VALUES ({names})"),
                [dict(r._mapping) for r in rows],
            )
        conn.execute(sa.text("UPDATE meta SET value = '6' WHERE key = 'schema_version'"))
    engine.dispose()


def incident_totals_rows(s: Store) -> list[tuple[object, ...]]:
    with s.engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(incident_totals.select()))


def event_indexes(s: Store) -> set[str]:
    with s.engine.connect() as conn:
        if s.engine.dialect.name == "sqlite":  # reflection skips indexes on expressions
            rows = conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'"
            )
            return {str(name) for (name,) in rows}
        return {str(i["name"]) for i in sa.inspect(conn).get_indexes("events")}


def test_version_six_store_is_upgraded_in_place(store: Store) -> None:
    rng = random.Random(61)
    store.add_many(fatal_document(i, rng) for i in range(30))
    totals = incident_totals_rows(store)
    assert len(totals) > 2  # keyed by status and month at least
    by_month = store.fatality_totals(by="month")
    before = {sort: [e.id for e in store.events(sort=sort, limit=MAX_ROWS)]
              for sort in ("-killed", "date")}  # fmt: skip
    store.close()
    downgrade_to_v6(store.url)

    with Store(store.url) as s:
        assert s.schema_version() == SCHEMA_VERSION
        indexes = event_indexes(s)
        assert {"ix_events_killed", "ix_events_killed_asc", "ix_events_date_salience"} <= indexes
        assert "ix_events_date" not in indexes
        if s.engine.dialect.name == "postgresql":  # NULL sorts highest there: said explicitly
            with s.engine.connect() as conn:
                ddl = conn.execute(
                    sa.text("SELECT indexdef FROM pg_indexes WHERE indexname = :n"),
                    {"n": "ix_events_killed"},
                ).scalar_one()
            assert 'killed DESC NULLS LAST, document_id, "position"' in ddl, ddl
        assert incident_totals_rows(s) == totals
        assert s.fatality_totals(by="month") == by_month
        for sort, ids in before.items():
            assert [e.id for e in s.events(sort=sort, limit=MAX_ROWS)] == ids
        s.add_many(fatal_document(i, rng) for i in range(30, 40))
        check_listings(s)

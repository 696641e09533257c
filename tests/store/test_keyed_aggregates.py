"""Schema 6: aggregates keyed by date precision and status, and the merge's bounded candidate
query (sitroom.store.aggregates, sitroom.store.incidents, the v5 -> v6 migration)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
import sqlalchemy as sa
from store_data import aggregate_tables, check_aggregates, doc_a, doc_b, random_document

from sitroom.models import Analysis, DateValue, Document, Event, Location, Span
from sitroom.store import SCHEMA_VERSION, RelationFilter, Store, query_relations
from sitroom.store.incidents import _candidate_select
from sitroom.store.schema import SHORT_WINDOW_DAYS, incident_window_is_long, incidents

COUNTRIES = ("SYR", "YEM", "MLI")
TYPES = ("ASSAULT", "COERCE")


def located_document(index: int, rng: random.Random) -> tuple[Document, Analysis]:
    """A document of events with a country and dates of every precision a merge sees."""
    text = f"Report {index}: fighting was reported in the north."
    whole = Span(start=0, end=len(text), text=text)
    events = []
    for j in range(rng.randrange(1, 4)):
        day = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(900))
        precision = rng.choice(["day", "day", "document", "month", "year"])
        if precision == "month":
            date = DateValue(start=day.replace(day=1), end=day.replace(day=28), precision="month")
        elif precision == "year":
            start, end = day.replace(month=1, day=1), day.replace(month=12, day=31)
            date = DateValue(start=start, end=end, precision="year")
        else:
            date = DateValue(start=day, end=day, precision=precision)  # type: ignore[arg-type]
        country = rng.choice(COUNTRIES)
        events.append(
            Event(
                id=f"e{j}",
                type=rng.choice(TYPES),  # type: ignore[arg-type]
                status=rng.choice(["occurred", "attempted"]),  # type: ignore[arg-type]
                date=date,
                location=Location(name=f"{country} town", country=country, precision="country"),
                evidence=whole,
            )
        )
    doc = Document(id=f"loc-{index:04d}", text=text, published=dt.date(2023, 1, 1))
    return doc, Analysis(id=doc.id, events=events)


def test_candidate_query_reads_the_window_index(tmp_path: Path) -> None:
    low, high = dt.date(2022, 3, 1), dt.date(2022, 3, 9)
    stmt = _candidate_select("SYR", [("ASSAULT", low, high), ("COERCE", low, high)])
    with Store(tmp_path / "plan.db") as s, s.engine.connect() as conn:
        compiled = stmt.compile(dialect=conn.dialect)
        params = [compiled.params[name] for name in compiled.positiontup or []]
        params = [p.isoformat() if isinstance(p, dt.date) else p for p in params]
        plan = [
            row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", tuple(params))
        ]
    text = "\n".join(plan)
    searches = [line for line in plan if line.startswith(("SEARCH", "SCAN"))]
    # One index range per (type, short or long) term: no scan of the table or of a country.
    assert len(searches) == 4, text
    for line in searches:
        assert line.startswith("SEARCH incidents USING INDEX ix_incidents_window"), text
        assert "country=? AND type=? AND long_window=? AND match_from" in line, text
    assert sum("match_from>? AND match_from<?" in line for line in searches) == 2, text


def test_candidate_query_finds_exactly_the_overlapping_incidents(tmp_path: Path) -> None:
    assert SHORT_WINDOW_DAYS > 31  # a month-precision window is a short one
    rng = random.Random(3)
    with Store(tmp_path / "merge.db") as s:
        s.add_many(located_document(i, rng) for i in range(150))
        with s.engine.connect() as conn:
            stored = conn.execute(sa.select(incidents).where(incidents.c.mergeable)).mappings()
            rows = list(stored)
            assert any(r["long_window"] for r in rows) and not all(r["long_window"] for r in rows)
            for r in rows:
                assert r["long_window"] == incident_window_is_long(r["match_from"], r["match_to"])
            for _ in range(40):
                country, kind = rng.choice(COUNTRIES), rng.choice(TYPES)
                low = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(900))
                high = low + dt.timedelta(days=rng.choice([0, 2, 30, 120]))
                wanted = [(kind, low, high)]
                found = {r.id for r in conn.execute(_candidate_select(country, wanted))}
                expected = {
                    r["id"]
                    for r in rows
                    if r["country"] == country
                    and r["type"] == kind
                    and r["match_to"] >= low
                    and r["match_from"] <= high
                }
                assert found == expected


def downgrade_to_v5(url: str) -> None:
    """Lay a current store (SQLite or PostgreSQL) out as version 5 had it."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE relation_status_totals"))
        months = conn.execute(
            sa.text(
                "SELECT type, month, SUM(n_events) AS n FROM event_months WHERE month != '' "
                "GROUP BY type, month"
            )
        ).all()
        conn.execute(sa.text("DROP TABLE event_months"))
        conn.execute(
            sa.text(
                "CREATE TABLE event_months (type VARCHAR(16) NOT NULL, month VARCHAR(7) NOT NULL,"
                " n_events INTEGER NOT NULL, PRIMARY KEY (type, month))"
            )
        )
        if months:
            conn.execute(
                sa.text("INSERT INTO event_months VALUES (:t, :m, :n)"),
                [{"t": t, "m": m, "n": int(n)} for t, m, n in months],
            )
        conn.execute(sa.text("DROP INDEX ix_incidents_window"))
        conn.execute(sa.text("ALTER TABLE incidents DROP COLUMN long_window"))
        conn.execute(
            sa.text(
                "CREATE INDEX ix_incidents_candidates "
                "ON incidents (country, type, match_to, match_from)"
            )
        )
        conn.execute(sa.text("UPDATE meta SET value = '5' WHERE key = 'schema_version'"))
    engine.dispose()


def test_version_five_store_is_upgraded_in_place(store: Store) -> None:
    rng = random.Random(8)
    for doc, _analysis in [doc_a(), doc_b()]:
        store.remove(doc.id)  # the fixture's documents name actors check_aggregates ignores
    pairs = [random_document(i, rng) for i in range(30)]
    located = [located_document(i, rng) for i in range(40)]
    store.add_many([*pairs, *located])
    expected = aggregate_tables(store)
    with store.engine.connect() as conn:
        windows = sorted(conn.execute(sa.select(incidents.c.id, incidents.c.long_window)))
    assert any(long for _id, long in windows)
    store.close()
    downgrade_to_v5(store.url)

    with Store(store.url) as s:
        assert s.schema_version() == SCHEMA_VERSION
        assert aggregate_tables(s) == expected
        check_aggregates(s, [*pairs, *located])
        with s.engine.connect() as conn:
            assert sorted(conn.execute(sa.select(incidents.c.id, incidents.c.long_window))) == (
                windows
            )
            indexes = {i["name"] for i in sa.inspect(conn).get_indexes("incidents")}
        assert "ix_incidents_window" in indexes and "ix_incidents_candidates" not in indexes
        # The upgraded store keeps its aggregates through further writes and removals.
        more = [located_document(i, rng) for i in range(40, 50)]
        s.add_many(more)
        assert s.remove(located[0][0].id)
        check_aggregates(s, [*pairs, *located[1:], *more])
        incremental = aggregate_tables(s)
        s.rebuild_aggregates()
        assert aggregate_tables(s) == incremental


def test_relations_by_status_count_documents_once_over_several_statuses(store: Store) -> None:
    """A document holding a pair in two statuses counts once in n_documents over both."""
    from sitroom.models import Actor

    text = "The Front attacked the Guard; the Front attempted to attack the Guard again."
    whole = Span(start=0, end=len(text), text=text)
    actors = [Actor(id=a, name=a.title(), type="armed_group") for a in ("front", "guard")]
    events = [
        Event(id=f"e{i}", type="ASSAULT", status=status, sources=["front"], targets=["guard"],
              evidence=whole)
        for i, status in enumerate(["occurred", "attempted", "attempted"])
    ]  # fmt: skip
    store.add(Document(id="two", text=text), Analysis(id="two", actors=actors, events=events))
    f = RelationFilter(actor="front", statuses=("occurred", "attempted"))
    (row,) = store.relations(f)
    assert (row.weight, row.n_documents) == (3, 1)
    assert store.count_relations(f) == 1
    key = (row.source, row.target, row.type, row.origin)
    assert store.relation_statuses(f, [key]) == {key: {"occurred": 1, "attempted": 2}}
    (one,) = store.relations(RelationFilter(actor="front", statuses=("attempted",)))
    assert (one.weight, one.n_documents) == (2, 1)


@pytest.mark.parametrize("page", [1, 4, 1000])
def test_ranking_by_status_walks_the_totals_to_the_same_rows(
    store: Store, monkeypatch: pytest.MonkeyPatch, page: int
) -> None:
    """Statuses many rows have are ranked by walking relation_totals heaviest first; the rows
    equal those of aggregating every status row (the path of statuses few rows have)."""
    monkeypatch.setattr(query_relations, "_DIRECT_STATUS_ROWS", 0)
    monkeypatch.setattr(query_relations, "_RANK_PAGE", page)
    rng = random.Random(21)
    for doc, _analysis in [doc_a(), doc_b()]:
        store.remove(doc.id)
    pairs = [random_document(i, rng) for i in range(40)]
    store.add_many(pairs)
    check_aggregates(store, pairs)

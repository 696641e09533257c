"""Schema 9: the listings PostgreSQL sorted in full (documents by publication and by arrival,
events latest first), date windows bounded by the longest stored span, counts by type and
country off one index, the actor filter asked as an array on PostgreSQL, and the upgrade of a
version-8 store in place (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import sqlalchemy as sa
from store_data import SMALL_ACTORS, random_document

from sitroom.models import Analysis, DateValue, Document, Event, Location, Span
from sitroom.store import EventFilter, Store, query_events
from sitroom.store.schema import SCHEMA_VERSION, events
from sitroom.store.sql import MAX_ROWS

# Event date windows, some starting inside the long spans of long_document's events.
WINDOWS = [
    (dt.date(2022, 6, 1), dt.date(2022, 6, 30)),
    (dt.date(2022, 11, 10), dt.date(2023, 2, 14)),
    (dt.date(2023, 5, 1), None),
    (dt.date(2019, 7, 1), dt.date(2019, 7, 31)),
    (dt.date(2030, 1, 1), None),
]
COUNTRIES = ["MLI", "NER", "BFA"]


def long_document(index: int) -> tuple[Document, Analysis]:
    """Events of a year and of a decade, which start long before the windows they overlap,
    with places for the counts by type and country."""
    text = f"Fighting went on for years, report {index}."
    whole = Span(start=0, end=len(text), text=text)
    spans = [
        (dt.date(2019, 1, 1), dt.date(2019, 12, 31), "year"),
        (dt.date(2015, 1, 1), dt.date(2024, 12, 31), "decade"),
        (dt.date(2022, 3, 5), dt.date(2022, 3, 5), "day"),
    ]
    evs = [
        Event(
            id=f"e{j}",
            type=["ASSAULT", "COERCE"][j % 2],
            sources=[SMALL_ACTORS[(index + j) % len(SMALL_ACTORS)]],
            date=DateValue(start=start, end=end, precision=precision),  # type: ignore[arg-type]
            location=Location(country=COUNTRIES[(index + j) % 3], precision="country"),
            evidence=whole,
        )
        for j, (start, end, precision) in enumerate(spans)
    ]
    doc = Document(id=f"long-{index:02d}", text=text, published=dt.date(2022, 4, 1))
    return doc, Analysis(id=doc.id, events=evs)


def fill(s: Store) -> list[tuple[Document, Analysis]]:
    rng = random.Random(90)
    pairs = [random_document(i, rng) for i in range(60)] + [long_document(i) for i in range(3)]
    s.add_many(pairs)
    return pairs


def in_window(e: Event, low: dt.date, high: dt.date | None) -> bool:
    """The store's overlap test: the end (else the start) on or after ``low``, the start on
    or before ``high``; undated never, an end without a start only in an open window."""
    last = e.date.end or e.date.start
    if last is None or last < low:
        return False
    return high is None or (e.date.start is not None and e.date.start <= high)


def test_date_windows_find_events_starting_long_before(store: Store) -> None:
    pairs = fill(store)
    for low, high in WINDOWS:
        f = EventFilter(date_from=low, date_to=high)
        expected = {
            f"{doc.id}:{e.id}" for doc, analysis in pairs for e in analysis.events
            if in_window(e, low, high)
        }  # fmt: skip
        for sort in ("date", "-date", "-killed"):
            assert {r.id for r in store.events(f, limit=MAX_ROWS, sort=sort)} == expected
        assert store.count_events(f) == len(expected)
    decade = EventFilter(date_from=dt.date(2030, 1, 1))
    assert store.count_events(decade) == 0  # the decade ends in 2024
    assert store.count_events(EventFilter(date_from=dt.date(2024, 6, 1))) >= 3


def test_latest_first_is_the_date_order_reversed(store: Store) -> None:
    """sort=-date (PostgreSQL: ix_events_date_desc): latest first, undated last, then the
    document and position order of the chronological listing."""
    fill(store)
    chronological = store.events(limit=MAX_ROWS)
    expected = sorted(
        chronological,
        key=lambda r: (r.date_start is None, -(r.date_start or dt.date.min).toordinal()),
    )
    latest = store.events(limit=MAX_ROWS, sort="-date")
    assert [r.id for r in latest] == [r.id for r in expected]
    pages = [r.id for o in range(0, len(latest), 7) for r in store.events(limit=7, offset=o,
                                                                       sort="-date")]  # fmt: skip
    assert pages == [r.id for r in latest]


def test_documents_listing_counts_the_page(store: Store) -> None:
    pairs = fill(store)
    listed = store.documents(limit=MAX_ROWS)
    stored = {d.id: d for d in listed}
    assert [d.id for d in listed] == sorted(
        stored,
        key=lambda i: (
            stored[i].published is None,
            -(stored[i].published or dt.date.min).toordinal(),
            i,
        ),
    )
    for doc, analysis in pairs:
        row = stored[doc.id]
        assert row.n_events == len(analysis.events)
        assert row.n_actors == len(analysis.actors)
        assert row.n_chars == len(doc.text)
    pages = [d.id for o in range(0, len(listed), 9) for d in store.documents(limit=9, offset=o)]
    assert pages == [d.id for d in listed]
    latest = store.latest_documents(5)
    assert len(latest) == 5


def test_stats_count_the_events(store: Store) -> None:
    fill(store)
    with store.engine.connect() as conn:
        n = conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one()
    assert store.stats()["events"] == n > 0


def test_counts_by_type_and_country(store: Store) -> None:
    filters = [
        EventFilter(types=types, countries=countries)
        for types, countries in [(("ASSAULT",), ("MLI",)), (("ASSAULT", "COERCE"), ("MLI", "BFA"))]
    ]
    already = [store.count_events(f) for f in filters]  # the fixture's two articles
    pairs = fill(store)
    located = [e for _, a in pairs for e in a.events if e.location is not None]
    for f, n in zip(filters, already, strict=True):
        expected = [
            e for e in located
            if e.type in f.types and e.location is not None and e.location.country in f.countries
        ]  # fmt: skip
        assert store.count_events(f) == n + len(expected) > n
        assert len(store.events(f, limit=MAX_ROWS)) == n + len(expected)


@pytest.mark.parametrize("bound", [0, query_events.ACTOR_ARRAY_LINKS])
def test_actor_filter_either_way(store: Store, monkeypatch: pytest.MonkeyPatch, bound: int) -> None:
    """PostgreSQL asks an actor's events as an array of its links up to ACTOR_ARRAY_LINKS of
    them, as IN beyond (bound 0); SQLite always as IN. The same events either way."""
    pairs = fill(store)
    monkeypatch.setattr(query_events, "ACTOR_ARRAY_LINKS", bound)
    for actor in SMALL_ACTORS[:3]:
        expected = {
            f"{doc.id}:{e.id}" for doc, analysis in pairs for e in analysis.events
            if actor in [*e.sources, *e.targets, *e.claimed_by]
        }  # fmt: skip
        f = EventFilter(actor=actor)
        rows = store.events(f, limit=MAX_ROWS)
        assert {r.id for r in rows} == expected
        assert [r.id for r in store.events(f, limit=MAX_ROWS)] == [r.id for r in rows]
        assert store.count_events(f) == len(expected)
        late = EventFilter(actor=actor, date_from=dt.date(2022, 9, 1))
        assert {r.id for r in store.events(late, limit=MAX_ROWS)} == {
            f"{doc.id}:{e.id}" for doc, analysis in pairs for e in analysis.events
            if f"{doc.id}:{e.id}" in expected and in_window(e, dt.date(2022, 9, 1), None)
        }  # fmt: skip


def downgrade_to_v8(url: str) -> None:
    """Lay a current store (SQLite or PostgreSQL) out as version 8 had it."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for name in (
            "ix_documents_listing",
            "ix_documents_ingested",
            "ix_events_date_desc",
            "ix_events_span",
            "ix_events_type_country",
        ):
            conn.execute(sa.text(f"DROP INDEX IF EXISTS {name}"))
        conn.execute(sa.text("CREATE INDEX ix_events_type ON events (type, mode)"))
        conn.execute(sa.text("UPDATE meta SET value = '8' WHERE key = 'schema_version'"))
    engine.dispose()


def index_names(s: Store, table: str) -> set[str]:
    with s.engine.connect() as conn:
        if s.engine.dialect.name == "sqlite":  # reflection skips indexes on expressions
            rows = conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,)
            )
            return {str(name) for (name,) in rows}
        return {str(i["name"]) for i in sa.inspect(conn).get_indexes(table)}


def test_version_eight_store_is_upgraded_in_place(store: Store) -> None:
    fill(store)
    window = EventFilter(date_from=dt.date(2022, 6, 1), date_to=dt.date(2022, 6, 30))
    before = (
        [d.id for d in store.documents(limit=MAX_ROWS)],
        [r.id for r in store.events(limit=MAX_ROWS, sort="-date")],
        [r.id for r in store.events(window, limit=MAX_ROWS)],
        store.stats(),
    )
    store.close()
    downgrade_to_v8(store.url)

    with Store(store.url) as s:
        assert s.schema_version() == SCHEMA_VERSION
        docs, evs = index_names(s, "documents"), index_names(s, "events")
        assert {"ix_documents_listing", "ix_documents_ingested"} <= docs
        assert "ix_events_type_country" in evs and "ix_events_type" not in evs
        assert "ix_events_span" in evs  # PostgreSQL since version 9, SQLite since 12
        if s.engine.dialect.name == "postgresql":
            assert "ix_events_date_desc" in evs
        else:
            assert "ix_events_date_desc" not in evs
        after = (
            [d.id for d in s.documents(limit=MAX_ROWS)],
            [r.id for r in s.events(limit=MAX_ROWS, sort="-date")],
            [r.id for r in s.events(window, limit=MAX_ROWS)],
            s.stats(),
        )
        assert after == before

"""Schema 10: whole-store counts read from the aggregates (the mentions' count from
``actor_activity.n_mentions``, the map's total from ``event_months.n_located``) equal the
direct counts through adds, replacements, removals and rebuilds; the upgrade of a version-9
store fills them (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import random

import sqlalchemy as sa
from store_data import aggregate_tables, doc_a, doc_b, random_document

from sitroom.models import Actor, Analysis, DateValue, Document, Event, Location, Span
from sitroom.store import EventFilter, Store
from sitroom.store.aggregates import MENTION_COUNT
from sitroom.store.schema import SCHEMA_VERSION, events

NAMES = ["Red Brigade", "Blue Front", "Hill Militia"]


def mapped_document(
    index: int, rng: random.Random, *, version: int = 0
) -> tuple[Document, Analysis]:
    """Events some of which have coordinates (a few out of range, which no map shows), and
    actors mentioned a varying number of times; ``version`` changes the text."""
    chosen = rng.sample(NAMES, rng.randrange(1, 4))
    text = (
        " ".join(f"{name} fought." for name in chosen) + f" Report {index}." + " Again." * version
    )
    actors = []
    for name in chosen:
        at = [i for i in range(len(text)) if text.startswith(name, i)]
        spans = [Span(start=i, end=i + len(name), text=name) for i in at]
        actors.append(Actor(id=name.lower().replace(" ", "-"), name=name, mentions=spans))
    whole = Span(start=0, end=len(text), text=text)
    evs = []
    for j in range(rng.randrange(1, 5)):
        kind = rng.random()
        lat, lon = (None, None) if kind < 0.3 else (rng.uniform(-80, 80), rng.uniform(-170, 170))
        if 0.3 <= kind < 0.4:
            lon = 200.0  # out of range: not a map point
        day = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(700))
        evs.append(
            Event(
                id=f"e{j}",
                type=rng.choice(["ASSAULT", "PROTEST", "AID"]),  # type: ignore[arg-type]
                status=rng.choice(["occurred", "attempted", "threatened"]),  # type: ignore[arg-type]
                date=DateValue(start=day, end=day, precision="day")
                if rng.random() < 0.8
                else DateValue(),
                location=Location(name="somewhere", country="MLI", lat=lat, lon=lon),
                evidence=whole,
            )
        )
    doc = Document(id=f"map-{index:03d}", text=text, published=dt.date(2023, 1, 1))
    return doc, Analysis(id=doc.id, actors=actors, events=evs)


def direct_counts(s: Store) -> dict[str, int]:
    with s.engine.connect() as conn:
        return {
            # Version 13 keeps the mentions in their document's actor rows.
            "mentions": conn.execute(sa.select(sa.func.sum(MENTION_COUNT))).scalar_one() or 0,
            "events": conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one(),
        }


def located(pairs: list[tuple[Document, Analysis]], f: EventFilter) -> int:
    """The map's total of ``f`` (types and statuses only) counted from the analyses."""
    return sum(
        1
        for _doc, analysis in pairs
        for e in analysis.events
        if e.location is not None
        and e.location.lat is not None
        and e.location.lon is not None
        and abs(e.location.lat) <= 90
        and abs(e.location.lon) <= 180
        and (not f.types or e.type in f.types)
        and (not f.statuses or e.status in f.statuses)
    )


FILTERS = [
    EventFilter(),
    EventFilter(types=("ASSAULT",)),
    EventFilter(statuses=("occurred", "attempted")),
    EventFilter(types=("PROTEST", "AID"), statuses=("threatened",)),
]


def check_counts(s: Store, pairs: list[tuple[Document, Analysis]]) -> None:
    direct = direct_counts(s)
    stats = s.stats()
    assert (stats["mentions"], stats["events"]) == (direct["mentions"], direct["events"])
    assert stats["mentions"] == sum(
        len(a.mentions) for _doc, analysis in pairs for a in analysis.actors
    )
    for f in FILTERS:
        points, total = s.event_points(f, limit=5)
        assert total == located(pairs, f), f
        assert len(points) == min(5, total)
    # A filter the aggregate is not keyed by is counted from the events: the same total.
    assert s.event_points(EventFilter(country="MLI"), limit=1)[1] == located(pairs, EventFilter())


def test_counts_follow_adds_replacements_and_removals(store: Store) -> None:
    for doc, _analysis in [doc_a(), doc_b()]:
        store.remove(doc.id)
    rng = random.Random(10)
    pairs = [mapped_document(i, rng) for i in range(30)]
    store.batch_size = 8
    store.add_many(pairs)
    check_counts(store, pairs)
    # New versions of some texts replace the old ones (their mentions and events with them).
    for i in (3, 7, 21):
        pairs[i] = mapped_document(i, rng, version=1)
        assert store.put(*pairs[i]) == "updated"
    check_counts(store, pairs)
    for doc, _analysis in pairs[::4]:
        assert store.remove(doc.id)
    kept = [p for i, p in enumerate(pairs) if i % 4]
    check_counts(store, kept)
    incremental = aggregate_tables(store)
    store.rebuild_aggregates()
    assert aggregate_tables(store) == incremental
    check_counts(store, kept)


def downgrade_to_v9(url: str) -> None:
    """Lay a current store out as version 9 had it (no n_mentions, no n_located)."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("ALTER TABLE actor_activity DROP COLUMN n_mentions"))
        conn.execute(sa.text("ALTER TABLE event_months DROP COLUMN n_located"))
        conn.execute(sa.text("UPDATE meta SET value = '9' WHERE key = 'schema_version'"))
    engine.dispose()


def test_version_nine_store_is_upgraded_in_place(store: Store) -> None:
    for doc, _analysis in [doc_a(), doc_b()]:
        store.remove(doc.id)
    rng = random.Random(12)
    pairs = [mapped_document(i, rng) for i in range(20)]
    others = [random_document(i, rng) for i in range(20)]
    store.add_many([*pairs, *others])
    expected = aggregate_tables(store)
    store.close()
    downgrade_to_v9(store.url)

    with Store(store.url) as s:
        assert s.schema_version() == SCHEMA_VERSION
        assert aggregate_tables(s) == expected
        check_counts(s, [*pairs, *others])
        # Further writes keep the filled columns current.
        more = [mapped_document(i, rng) for i in range(20, 26)]
        s.add_many(more)
        check_counts(s, [*pairs, *others, *more])

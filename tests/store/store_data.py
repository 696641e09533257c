"""Invented articles, reference computations and helpers shared by the store tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from sitroom import store as store_module
from sitroom.models import (
    Actor,
    Analysis,
    DateValue,
    Document,
    Event,
    Location,
    Place,
    Relation,
    Span,
    TimeExpression,
)
from sitroom.store import EventFilter, RelationFilter, Store, schema

TEXT_A = (
    "Fighters of the Red Hand Brigade detonated a car bomb at the cattle market in Velmora on "
    "Monday, killing nine people and wounding 14. The RHB later claimed the attack.\n"
    "Police in Velmora said they had arrested two suspects."
)


TEXT_B = (
    "Soldiers of the Malian army clashed with Red Hand militants near Dorsa on 28 April. "
    "The Dorsa Front accused the army of burning homes. "
    "The Brigade of the Red Hand is allied with the Dorsa Front, a local militia."
)


def span(text: str, part: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    return Span(start=start, end=start + len(part), text=part)


def sentence(text: str, index: int) -> Span:
    """The index-th sentence (split on '. ' and newlines), as a span."""
    bounds, start = [], 0
    for i, ch in enumerate(text):
        if ch == "." and (i + 1 == len(text) or text[i + 1] in " \n"):
            bounds.append((start, i + 1))
            start = i + 2
    begin, end = bounds[index]
    return Span(start=begin, end=end, text=text[begin:end])


VELMORA = Location(
    name="Velmora", country="MLI", admin1="Mopti", city="Velmora", lat=14.49, lon=-4.19,
    precision="city", geonameid=9900001,
)  # fmt: skip


DORSA = Location(
    name="Dorsa", country="MLI", admin1="Segou", lat=13.21, lon=-5.92, precision="city"
)


def doc_a() -> tuple[Document, Analysis]:
    published = dt.date(2023, 4, 12)
    document = Document(
        id="doc-a",
        text=TEXT_A,
        title="Car bomb at Velmora market",
        url="https://news.example/velmora",
        source="Northern Courier",
        published=published,
        origin="batch.jsonl:1",
    )
    rhb = Actor(
        id="red-hand-brigade",
        name="Red Hand Brigade",
        type="armed_group",
        aliases=["RHB"],
        mentions=[span(TEXT_A, "Red Hand Brigade"), span(TEXT_A, "RHB")],
    )
    police = Actor(
        id="mali-police",
        name="Malian police",
        type="police",
        country="MLI",
        kb=True,
        mentions=[span(TEXT_A, "Police")],
    )
    civilians = Actor(id="civilians", name="civilians", type="civilians")
    bombing = Event(
        id="e1",
        type="ASSAULT",
        mode="bombing",
        sources=["red-hand-brigade"],
        targets=["civilians"],
        claimed_by=["red-hand-brigade"],
        date=DateValue(
            start=dt.date(2023, 4, 10), end=dt.date(2023, 4, 10), precision="day", text="Monday"
        ),
        location=VELMORA,
        killed=9,
        wounded=14,
        evidence=sentence(TEXT_A, 0),
        trigger=span(TEXT_A, "detonated"),
        more_evidence=[sentence(TEXT_A, 1)],
        target_text="people",
        notes=["claim merged from a later sentence"],
        confidence=0.85,
    )
    arrest = Event(
        id="e2",
        type="COERCE",
        mode="arrest",
        sources=["mali-police"],
        date=DateValue(start=published, end=published, precision="document"),
        location=VELMORA,
        evidence=sentence(TEXT_A, 2),
        target_text="two suspects",
        speaker="mali-police",
        confidence=0.6,
    )
    analysis = Analysis(
        id=document.id,
        title=document.title,
        url=document.url,
        source=document.source,
        published=published,
        actors=[rhb, police, civilians],
        events=[bombing, arrest],
        relations=[
            Relation(
                source="mali-police",
                target="red-hand-brigade",
                type="hostile",
                start="2023-04",
                origin="events",
                evidence=[sentence(TEXT_A, 0)],
            )
        ],
        places=[
            Place(
                **VELMORA.model_dump(),
                feature="P.PPL",
                mentions=[span(TEXT_A, "Velmora"), span(TEXT_A, "Velmora", 1)],
            )
        ],
        dates=[
            TimeExpression(
                value=DateValue(
                    start=dt.date(2023, 4, 10), end=dt.date(2023, 4, 10), precision="day"
                ),
                mention=span(TEXT_A, "Monday"),
            )
        ],
    )
    return document, analysis


def doc_b() -> tuple[Document, Analysis]:
    published = dt.date(2023, 5, 2)
    document = Document(id="doc-b", text=TEXT_B, source="Sahel Wire", published=published)
    army = Actor(
        id="mali-army",
        name="Malian Armed Forces",
        type="military",
        country="MLI",
        kb=True,
        aliases=["FAMa", "Malian army"],
        mentions=[span(TEXT_B, "Malian army"), span(TEXT_B, "army", 1)],
    )
    rhb_kb = Actor(
        id="red-hand-brigade",
        name="Red Hand Brigade",
        type="armed_group",
        country="MLI",
        kb=True,
        aliases=["Brigade of the Red Hand", "RHB"],
        mentions=[span(TEXT_B, "Red Hand"), span(TEXT_B, "Brigade of the Red Hand")],
    )
    front = Actor(
        id="dorsa-front",
        name="Dorsa Front",
        type="armed_group",
        mentions=[span(TEXT_B, "Dorsa Front"), span(TEXT_B, "Dorsa Front", 1)],
    )
    clash = Event(
        id="e1",
        type="ASSAULT",
        mode="armed_clash",
        sources=["mali-army"],
        targets=["red-hand-brigade"],
        date=DateValue(
            start=dt.date(2023, 4, 28), end=dt.date(2023, 4, 28), precision="day", text="28 April"
        ),
        location=DORSA,
        evidence=sentence(TEXT_B, 0),
        confidence=0.7,
    )
    accusation = Event(
        id="e2",
        type="ACCUSE",
        sources=["dorsa-front"],
        targets=["mali-army"],
        evidence=sentence(TEXT_B, 1),
    )
    analysis = Analysis(
        id=document.id,
        source=document.source,
        published=published,
        actors=[army, rhb_kb, front],
        events=[clash, accusation],
        relations=[
            Relation(
                source="red-hand-brigade",
                target="dorsa-front",
                type="ally",
                evidence=[sentence(TEXT_B, 2)],
            )
        ],
        places=[Place(**DORSA.model_dump(), mentions=[span(TEXT_B, "Dorsa")])],
    )
    return document, analysis


# With SITROOM_TEST_PG_URL set (scripts/ci_postgres.sh prints one), every test that uses the
# `store` fixture runs on PostgreSQL too.
PG_URL = os.environ.get("SITROOM_TEST_PG_URL")


BACKENDS = (
    ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)] if PG_URL else ["sqlite"]
)


def empty_postgres_store(url: str, **options: object) -> Store:
    """A store on the test server with every sitroom table dropped first."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        # Version 12's mentions table (gone since 13) refers to actors: dropped first.
        conn.execute(sa.text("DROP TABLE IF EXISTS mentions"))
        schema.metadata.drop_all(conn)
    engine.dispose()
    return Store(url, **options)  # type: ignore[arg-type]


def event_ids(rows: list[store_module.EventRow]) -> list[str]:
    return [r.id for r in rows]


def relation_keys(rows: list[store_module.RelationRow]) -> set[tuple[str, str, str, str]]:
    return {(r.source, r.target, r.type, r.origin) for r in rows}


def downgrade_to_v0(path: Path) -> None:
    """Turn a current database into the unversioned prototype layout (version 0) by hand."""
    db = sqlite3.connect(path)
    db.executescript(
        """
        DROP TABLE meta;
        DROP TABLE dates;
        ALTER TABLE documents DROP COLUMN text_hash;
        ALTER TABLE events DROP COLUMN target_text;
        ALTER TABLE events DROP COLUMN speaker;
        """
    )
    db.close()


SMALL_ACTORS = ["a1", "a2", "a3", "a4", "a5"]


def random_date_value(rng: random.Random) -> DateValue:
    """Dates of every shape the aggregates must handle: none, a day, a month, a year, a range
    longer than SHORT_SPAN_DAYS, an end before the start, an end without a start."""
    day = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(700))
    shape = rng.choice(["none", "day", "day", "month", "year", "range", "reversed", "end_only"])
    if shape == "none":
        return DateValue()
    if shape == "day":
        return DateValue(start=day, end=day, precision="day")
    if shape == "month":
        last = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return DateValue(start=day.replace(day=1), end=last, precision="month")
    if shape == "year":
        return DateValue(start=day.replace(month=1, day=1), end=day.replace(month=12, day=31),
                         precision="year")  # fmt: skip
    if shape == "range":
        return DateValue(start=day, end=day + dt.timedelta(days=rng.randrange(32, 90)))
    if shape == "reversed":
        return DateValue(start=day, end=day - dt.timedelta(days=3), precision="day")
    return DateValue(end=day)


def random_document(index: int, rng: random.Random) -> tuple[Document, Analysis]:
    text = f"Report number {index} on fighting between armed groups in the hills."
    whole = Span(start=0, end=len(text), text=text)
    published = None if rng.random() < 0.2 else dt.date(2022, 3, 1) + dt.timedelta(days=index * 9)
    listed = rng.sample(SMALL_ACTORS, rng.randrange(0, 4))
    events = [
        Event(
            id=f"e{j}",
            type=rng.choice(["ASSAULT", "ACCUSE", "AID", "CONSULT"]),
            status=rng.choice(["occurred", "occurred", "attempted", "negated", "hypothetical"]),
            sources=rng.sample(SMALL_ACTORS, rng.randrange(0, 3)),
            targets=rng.sample(SMALL_ACTORS, rng.randrange(0, 3)),
            claimed_by=rng.sample(SMALL_ACTORS, rng.randrange(0, 2)),
            date=random_date_value(rng),
            evidence=whole,
        )
        for j in range(rng.randrange(0, 5))
    ]
    partial = [None, "2022", "2022-07", "2023-02-14", "2022-11"]
    relations = [
        Relation(
            source=rng.choice(SMALL_ACTORS),
            target=rng.choice(SMALL_ACTORS),
            type=rng.choice(["ally", "hostile"]),
            origin=rng.choice(["explicit", "events"]),
            start=rng.choice(partial),
            end=rng.choice([None, None, "2023-01"]),
        )
        for _ in range(rng.randrange(0, 3))
    ]
    actors_ = [Actor(id=a, name=f"Group {a.upper()}", type="armed_group") for a in listed]
    doc = Document(id=f"rand-{index:03d}", text=text, published=published)
    return doc, Analysis(id=doc.id, actors=actors_, events=events, relations=relations)


def reference_relations(
    pairs: list[tuple[Document, Analysis]], f: RelationFilter
) -> list[tuple[str, str, str, str, int, int, str | None, str | None]]:
    """Store.relations computed in Python from the analyses, in its order."""
    groups: dict[tuple[str, str, str, str], list[tuple[str, str | None, str | None]]] = {}
    low = f.date_from.isoformat() if f.date_from else None
    high = f.date_to.isoformat() if f.date_to else None

    def inside(first: str | None, last: str | None) -> bool:
        if high is not None and (first is None or first > high):
            return False
        return low is None or (last is not None and last + "~" >= low)

    for doc, analysis in pairs:
        published = doc.published.isoformat() if doc.published else None
        for e in analysis.events:
            if e.status in store_module.NON_INTERACTION_STATUSES:
                continue
            if f.statuses and e.status not in f.statuses:
                continue
            start = e.date.start.isoformat() if e.date.start else None
            end = e.date.end.isoformat() if e.date.end else None
            first, last = start or published, end or start or published
            if not inside(first, last):
                continue
            for source, target in {(s, t) for s in e.sources for t in e.targets if s != t}:
                key = (source, target, e.type, "interactions")
                groups.setdefault(key, []).append((doc.id, first, last))
        for r in analysis.relations:
            if f.statuses and r.status not in f.statuses:
                continue
            first, last = r.start or published, r.end or r.start or published
            if inside(first, last):
                groups.setdefault((r.source, r.target, r.type, r.origin), []).append(
                    (doc.id, first, last)
                )
    rows = []
    for (source, target, kind, origin), members in groups.items():
        firsts = [m[1] for m in members if m[1] is not None]
        lasts = [m[2] for m in members if m[2] is not None]
        n_documents = len({m[0] for m in members})
        rows.append(
            (source, target, kind, origin, len(members), n_documents,
             min(firsts) if firsts else None, max(lasts) if lasts else None)
        )  # fmt: skip
    return sorted(rows, key=lambda r: (-r[4], r[0], r[1], r[2], r[3]))


def reference_activity(pairs: list[tuple[Document, Analysis]]) -> dict[str, tuple[int, int, int]]:
    counts = {a: [0, 0, 0] for a in SMALL_ACTORS}
    for _doc, analysis in pairs:
        for e in analysis.events:
            for a in {*e.sources, *e.targets, *e.claimed_by}:
                counts[a][0] += 1
        for actor in analysis.actors:
            counts[actor.id][1] += 1
        for r in analysis.relations:
            counts[r.source][2] += 1
            if r.target != r.source:
                counts[r.target][2] += 1
    return {a: (n[0], n[1], n[2]) for a, n in counts.items() if any(n)}


def reference_months(pairs: list[tuple[Document, Analysis]]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for _doc, analysis in pairs:
        for e in analysis.events:
            if e.date.start is not None and e.date.precision in store_module.MONTHLY_PRECISIONS:
                key = (e.type, e.date.start.isoformat()[:7])
                counts[key] = counts.get(key, 0) + 1
    return counts


WINDOWS = [
    RelationFilter(),
    RelationFilter(date_from=dt.date(2022, 6, 1)),
    RelationFilter(date_to=dt.date(2022, 9, 30)),
    RelationFilter(date_from=dt.date(2022, 7, 1), date_to=dt.date(2022, 7, 31)),
    RelationFilter(date_from=dt.date(2022, 11, 10), date_to=dt.date(2023, 2, 14)),
    RelationFilter(date_from=dt.date(2023, 1, 15), date_to=dt.date(2023, 1, 15)),
]


def check_aggregates(s: Store, pairs: list[tuple[Document, Analysis]]) -> None:
    for window in WINDOWS:
        for f in (
            window,
            dataclasses.replace(window, actor="a2"),
            dataclasses.replace(window, type="assault"),
            dataclasses.replace(window, origin="events"),
            dataclasses.replace(window, statuses=("attempted",)),
            dataclasses.replace(window, statuses=("occurred", "attempted")),
            dataclasses.replace(window, statuses=("occurred", "attempted"), actor="a2"),
        ):
            expected = reference_relations(pairs, f)
            if f.actor:
                expected = [r for r in expected if "a2" in (r[0], r[1])]
            if f.type:
                expected = [r for r in expected if r[2] in ("assault", "ASSAULT")]
            if f.origin:
                expected = [r for r in expected if r[3] == f.origin]
            rows = s.relations(f, limit=1000)
            got = [
                (r.source, r.target, r.type, r.origin, r.weight, r.n_documents, r.first, r.last)
                for r in rows
            ]
            assert got == expected, f
            assert s.count_relations(f) == len(expected), f
            assert [r.source for r in s.relations(f, limit=3, offset=2)] == [
                r[0] for r in expected[2:5]
            ]
            # The page and the count at once (one aggregation within a window), past the end too.
            for offset in (0, 2, len(expected) + 1):
                assert s.relations_page(f, limit=3, offset=offset) == (
                    s.relations(f, limit=3, offset=offset),
                    len(expected),
                ), f
    assert {
        a.id: (a.n_events, a.n_documents, a.n_relations)
        for a in s.actors(limit=100)
        if a.n_events or a.n_documents or a.n_relations
    } == reference_activity(pairs)
    assert s.count_events_by_month() == reference_months(pairs)
    check_month_details(s, pairs)


def reference_month_details(
    pairs: list[tuple[Document, Analysis]], f: EventFilter
) -> list[tuple[str, str, str, str, int]]:
    """Store.count_events_by_month_detail computed in Python (types and statuses of ``f``)."""
    counts: dict[tuple[str, str, str, str], int] = {}
    for _doc, analysis in pairs:
        for e in analysis.events:
            if f.statuses and e.status not in f.statuses:
                continue
            if f.types and e.type not in f.types:
                continue
            start, end = e.date.start, e.date.end
            if start is None or e.date.precision not in store_module.MONTHLY_PRECISIONS:
                continue
            span = e.date.precision == "day" and end is not None and end > start
            key = (start.isoformat()[:7], e.type, "range" if span else e.date.precision, e.status)
            counts[key] = counts.get(key, 0) + 1
    return sorted((*key, n) for key, n in counts.items())


def check_month_details(s: Store, pairs: list[tuple[Document, Analysis]]) -> None:
    """The timeline's counts read from ``event_months`` equal a count of the analyses, and
    so do the counts of the same filters counted from the events (a filter on a field the
    aggregate is not keyed by, which every event passes, makes the store count them)."""
    n_events = sum(len(a.events) for _d, a in pairs)
    for f in (
        EventFilter(),
        EventFilter(statuses=("occurred", "attempted")),
        EventFilter(types=("ASSAULT", "AID"), statuses=("negated",)),
    ):
        expected = reference_month_details(pairs, f)
        for g in (f, dataclasses.replace(f, date_from=dt.date(1, 1, 1))):
            got = [tuple(r) for r in s.count_events_by_month_detail(g)]
            assert got == expected, g
        matching = [
            e.type
            for _d, a in pairs
            for e in a.events
            if (not f.statuses or e.status in f.statuses) and (not f.types or e.type in f.types)
        ]
        assert s.count_events(f) == len(matching)
        per_type = sorted(
            ((t, matching.count(t)) for t in set(matching)), key=lambda r: (-r[1], r[0])
        )
        assert s.count_events_by_type(f) == per_type
    assert s.count_events() == n_events


def aggregate_tables(s: Store) -> dict[str, list[tuple[object, ...]]]:
    with s.engine.connect() as conn:
        return {
            t.name: sorted(tuple(r) for r in conn.execute(sa.select(t)))
            for t in schema.AGGREGATE_TABLES
        }


TIMESTAMPS = {"ingested_at", "updated_at", "started_at", "finished_at", "at"}


def stored_rows(s: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (keys included), without the write timestamps."""
    with s.engine.connect() as conn:
        return {
            table.name: sorted(
                (
                    tuple(r)
                    for r in conn.execute(
                        sa.select(*(c for c in table.c if c.name not in TIMESTAMPS))
                    )
                    # The change counter counts transactions, which batching changes.
                    if table.name != "meta" or r[0] != "generation"
                ),
                key=repr,
            )
            for table in schema.metadata.sorted_tables
        }

"""Tests of the SQLite/SQLAlchemy store, on two invented articles about an invented armed group."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import random
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
from sitroom.store import (
    SCHEMA_VERSION,
    ActorFilter,
    DocumentFilter,
    EventFilter,
    PlaceFilter,
    RelationFilter,
    SchemaVersionError,
    Store,
    StoreError,
    schema,
    writes,
)

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
        schema.metadata.drop_all(conn)
    engine.dispose()
    return Store(url, **options)  # type: ignore[arg-type]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgresql":
        assert PG_URL is not None
        s = empty_postgres_store(PG_URL)
    else:
        s = Store(tmp_path / "sitroom.db")
    s.add(*doc_a())
    s.add(*doc_b())
    yield s
    s.close()


def event_ids(rows: list[store_module.EventRow]) -> list[str]:
    return [r.id for r in rows]


# --- storing and reading back ---------------------------------------------------------------


def test_round_trip_rebuilds_the_analysis(store: Store) -> None:
    for build in (doc_a, doc_b):
        document, analysis = build()
        stored = store.document(document.id)
        assert stored is not None
        assert stored == (document, analysis)


def test_unknown_document_is_none(store: Store) -> None:
    assert store.document("nope") is None
    assert not store.has_document("nope")
    assert store.has_document("doc-a")


def test_re_adding_a_document_is_a_no_op(store: Store) -> None:
    before = store.stats()
    assert store.add(*doc_a()) is False
    assert store.add_many([doc_a(), doc_b()]) == (0, 2)
    assert store.stats() == before


def test_add_many_counts_and_skips_duplicates_within_the_input(tmp_path: Path) -> None:
    s = Store(tmp_path / "many.db", batch_size=1)
    assert s.add_many([doc_a(), doc_b(), doc_a()]) == (2, 1)
    assert s.stats()["documents"] == 2
    assert s.stats()["events"] == 4


def test_failed_document_leaves_no_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = Store(tmp_path / "atomic.db")

    def broken(*_args: object) -> None:
        raise RuntimeError("disk full")

    # Fails after documents, actors and events are already written in the transaction.
    monkeypatch.setattr(writes, "_write_dates", broken)
    with pytest.raises(RuntimeError):
        s.add(*doc_a())
    assert set(s.stats().values()) == {0}


def test_add_many_rejects_an_inconsistent_batch_but_keeps_earlier_batches(tmp_path: Path) -> None:
    s = Store(tmp_path / "batches.db", batch_size=1)
    document, analysis = doc_b()
    mismatched = analysis.model_copy(update={"id": "other"})
    with pytest.raises(ValueError, match="differs"):
        s.add_many([doc_a(), (document, mismatched)])
    assert s.has_document("doc-a")
    assert not s.has_document("doc-b")


def test_savepoints_roll_back_only_the_inner_work(tmp_path: Path) -> None:
    # pysqlite ignores SAVEPOINT unless the engine emits BEGIN itself; the store configures that.
    s = Store(tmp_path / "savepoint.db")
    table = schema.meta_table
    with s.engine.begin() as conn:
        conn.execute(table.insert().values(key="outer", value="1"))
        nested = conn.begin_nested()
        conn.execute(table.insert().values(key="inner", value="1"))
        nested.rollback()
    with s.engine.connect() as conn:
        keys = set(conn.execute(sa.select(table.c.key)).scalars())
    assert "outer" in keys
    assert "inner" not in keys


def test_sqlite_pragmas(store: Store) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_bare_path_and_in_memory_urls(tmp_path: Path) -> None:
    path = tmp_path / "bare.db"
    with Store(str(path)) as s:
        assert s.url == f"sqlite:///{path}"
        s.add(*doc_a())
    assert path.exists()
    with Store("sqlite://") as memory:
        assert memory.add(*doc_b())
        assert memory.count_events() == 2


def test_in_memory_store_is_shared_by_threads_and_nested_calls() -> None:
    with Store("sqlite://") as s:
        s.add_many([doc_a(), doc_b()])
        seen: list[int] = []
        worker = threading.Thread(target=lambda: seen.append(s.count_events()))
        worker.start()
        worker.join()
        assert seen == [4]
        rows = s.iter_events(batch_size=1)
        first = next(rows)
        assert s.count_events(EventFilter(type="ACCUSE")) == 1  # while the cursor is open
        assert [first.id, *(r.id for r in rows)] == event_ids(s.events())


def test_concurrent_writers_wait_for_each_other(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    Store(path).close()
    failures: list[BaseException] = []

    def write(prefix: str) -> None:
        with Store(path) as s:  # its own engine and connections, like another process
            for i in range(25):
                text = f"Raiders struck farm {i}."
                whole = Span(start=0, end=len(text), text=text)
                event = Event(id="e1", type="ASSAULT", sources=["raiders"], evidence=whole)
                raiders = Actor(id="raiders", name="Raiders", aliases=[f"{prefix}{i}"])
                analysis = Analysis(id=f"{prefix}{i}", actors=[raiders], events=[event])
                try:
                    s.add(Document(id=f"{prefix}{i}", text=text), analysis)
                except BaseException as exc:  # collected: a thread's exception is otherwise lost
                    failures.append(exc)

    threads = [threading.Thread(target=write, args=(p,)) for p in ("x", "y", "x")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    with Store(path) as s:
        assert s.stats()["documents"] == 50
        assert s.stats()["aliases"] == 51  # the name plus one alias per distinct document


def test_remove_deletes_the_document_and_its_facts(store: Store) -> None:
    assert store.remove("doc-a") is True
    assert store.remove("doc-a") is False
    assert store.document("doc-a") is None
    assert event_ids(store.events()) == ["doc-b:e1", "doc-b:e2"]
    assert store.resolve_actor("RHB") == ["red-hand-brigade"]  # actors are global


def test_hostile_strings_are_stored_verbatim(tmp_path: Path) -> None:
    hostile = "'; DROP TABLE events; --"
    script = "<script>alert('x')</script>"
    text = f"{hostile} said {script} 100% of_the time."
    document = Document(id=hostile, text=text, title=script, source=hostile)
    actor = Actor(id="x-group", name=hostile, aliases=[script], mentions=[span(text, hostile)])
    event = Event(
        id=script,
        type="THREATEN",
        sources=["x-group"],
        evidence=Span(start=0, end=len(text), text=text),
        notes=[hostile],
    )
    analysis = Analysis(id=hostile, title=script, source=hostile, actors=[actor], events=[event])
    s = Store(tmp_path / "hostile.db")
    assert s.add(document, analysis)
    assert s.document(hostile) == (document, analysis)
    assert s.resolve_actor(hostile.upper()) == ["x-group"]
    assert s.resolve_actor(script) == ["x-group"]
    assert [r.id for r in s.events(EventFilter(q="DROP TABLE"))] == [f"{hostile}:{script}"]
    assert [r.id for r in s.events(EventFilter(actor=script))] == [f"{hostile}:{script}"]
    # LIKE wildcards in the query are literal characters.
    assert s.count_events(EventFilter(q="100%")) == 1
    assert s.count_events(EventFilter(q="0%_")) == 0
    assert s.count_events(EventFilter(q="of_the")) == 1
    assert s.count_events(EventFilter(q="ofXthe")) == 0
    assert s.documents(DocumentFilter(source=hostile))[0].title == script
    assert s.stats()["events"] == 1


# Any Unicode text a page can carry (no lone surrogates: they cannot be encoded).
texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc_id=texts, name=texts, alias=texts, body=texts, note=texts)
def test_any_text_round_trips(doc_id: str, name: str, alias: str, body: str, note: str) -> None:
    text = f"{name} {body}"
    actor = Actor(id="a", name=name, aliases=[alias], mentions=[span(text, name)])
    event = Event(
        id="e1",
        type="ASSAULT",
        sources=["a"],
        evidence=Span(start=0, end=len(text), text=text),
        notes=[note],
    )
    document = Document(id=doc_id, text=text, title=note)
    analysis = Analysis(id=doc_id, title=note, actors=[actor], events=[event])
    with Store("sqlite://") as s:
        assert s.add(document, analysis)
        assert s.document(doc_id) == (document, analysis)
        if alias.strip():
            assert s.resolve_actor(alias) == ["a"]


def test_dangling_actor_ids_get_placeholder_rows(tmp_path: Path) -> None:
    text = "Unknown gunmen fired at a patrol."
    event = Event(
        id="e1",
        type="ASSAULT",
        sources=["unknown-gunmen"],
        evidence=Span(start=0, end=len(text), text=text),
    )
    s = Store(tmp_path / "dangling.db")
    assert s.add(Document(id="d", text=text), Analysis(id="d", events=[event]))
    (row,) = s.events()
    assert row.source_ids == ["unknown-gunmen"]
    assert row.source_names == ["unknown-gunmen"]
    stored = s.document("d")
    assert stored is not None
    assert stored[1].actors == []  # the analysis is rebuilt as given


# --- actor merging ----------------------------------------------------------------------------


def test_kb_entry_overrides_a_non_kb_row_and_aliases_accumulate(store: Store) -> None:
    (rhb,) = store.actors(ActorFilter(q="red hand"))
    assert rhb.kb is True
    assert rhb.country == "MLI"
    assert set(rhb.aliases) == {"RHB", "Brigade of the Red Hand"}
    assert rhb.n_documents == 2
    assert rhb.n_events == 2
    assert rhb.n_relations == 2
    # The per-document snapshot keeps what article A said.
    stored = store.document("doc-a")
    assert stored is not None
    first = stored[1].actor("red-hand-brigade")
    assert first is not None
    assert (first.kb, first.country) == (False, None)


def test_non_kb_newcomer_only_fills_gaps(tmp_path: Path) -> None:
    s = Store(tmp_path / "merge.db")
    s.add(*doc_b())  # KB description first
    text = "Red Hand gunmen, known locally as the Reds, raided a village."
    newcomer = Actor(id="red-hand-brigade", name="Red Hand", type="other", aliases=["the Reds"])
    s.add(Document(id="c", text=text), Analysis(id="c", actors=[newcomer]))
    (row,) = s.actors(ActorFilter(q="reds"))
    assert (row.name, row.type, row.kb) == ("Red Hand Brigade", "armed_group", True)
    assert {"Red Hand", "the Reds", "RHB"} <= set(row.aliases)

    s.add(Document(id="d", text="x"), Analysis(id="d", actors=[Actor(id="lone", name="lone")]))
    s.add(
        Document(id="e", text="y"),
        Analysis(id="e", actors=[Actor(id="lone", name="Lone Wolf", type="person", country="NER")]),
    )
    (lone,) = s.actors(ActorFilter(q="lone"))
    assert (lone.name, lone.type, lone.country) == ("Lone Wolf", "person", "NER")


def test_resolve_actor_by_id_name_or_alias(store: Store) -> None:
    assert store.resolve_actor("rhb") == ["red-hand-brigade"]
    assert store.resolve_actor("  brigade  of the RED hand ") == ["red-hand-brigade"]
    assert store.resolve_actor("MALI-ARMY") == ["mali-army"]
    assert store.resolve_actor("Malian Armed Forces") == ["mali-army"]
    assert store.resolve_actor("Red") == []  # exact names only; substring search is actors(q=)
    assert store.resolve_actor("   ") == []


def test_actor_filters(store: Store) -> None:
    assert [a.id for a in store.actors(ActorFilter(type="military"))] == ["mali-army"]
    assert {a.id for a in store.actors(ActorFilter(country="mli"))} == {
        "mali-army",
        "mali-police",
        "red-hand-brigade",
    }
    assert [a.id for a in store.actors(ActorFilter(q="fama"))] == ["mali-army"]
    ranked = store.actors()
    assert ranked[0].n_events >= ranked[-1].n_events
    assert len(store.actors(limit=2)) == 2
    assert store.actors_by_id(["dorsa-front", "missing"]).keys() == {"dorsa-front"}


# --- event queries --------------------------------------------------------------------------


def test_events_are_chronological_with_undated_last(store: Store) -> None:
    assert event_ids(store.events()) == ["doc-a:e1", "doc-a:e2", "doc-b:e1", "doc-b:e2"]
    first = store.events(limit=1)[0]
    assert first.source_names == ["Red Hand Brigade"]
    assert first.claimed_by_ids == ["red-hand-brigade"]
    assert first.target_names == ["civilians"]
    assert first.document_title == "Car bomb at Velmora market"
    assert first.document_published == dt.date(2023, 4, 12)
    assert (first.killed, first.wounded, first.lat, first.lon) == (9, 14, 14.49, -4.19)


def test_pagination_covers_every_event_once(store: Store) -> None:
    pages = [store.events(limit=3, offset=o) for o in (0, 3, 6)]
    assert [len(p) for p in pages] == [3, 1, 0]
    assert event_ids(pages[0] + pages[1]) == event_ids(store.events())
    assert event_ids(list(store.iter_events(batch_size=1))) == event_ids(store.events())
    with pytest.raises(ValueError):
        store.events(limit=-1)


@pytest.mark.parametrize(
    ("f", "expected"),
    [
        (EventFilter(actor="rhb"), ["doc-a:e1", "doc-b:e1"]),
        (EventFilter(actor="FAMa"), ["doc-b:e1", "doc-b:e2"]),
        (EventFilter(actor="mali-police"), ["doc-a:e2"]),
        (EventFilter(actor="nobody at all"), []),
        (EventFilter(type="assault"), ["doc-a:e1", "doc-b:e1"]),
        (EventFilter(type="ASSAULT", mode="armed_clash"), ["doc-b:e1"]),
        (EventFilter(status="occurred", type="ACCUSE"), ["doc-b:e2"]),
        (EventFilter(date_from=dt.date(2023, 4, 11)), ["doc-a:e2", "doc-b:e1"]),
        (EventFilter(date_to=dt.date(2023, 4, 11)), ["doc-a:e1"]),
        (
            EventFilter(date_from=dt.date(2023, 4, 10), date_to=dt.date(2023, 4, 10)),
            ["doc-a:e1"],
        ),
        (EventFilter(country="mli"), ["doc-a:e1", "doc-a:e2", "doc-b:e1"]),
        (EventFilter(country="NER"), []),
        (EventFilter(admin1="MOPTI"), ["doc-a:e1", "doc-a:e2"]),
        (EventFilter(bbox=(-5.0, 14.0, -4.0, 15.0)), ["doc-a:e1", "doc-a:e2"]),
        (EventFilter(bbox=(-6.0, 13.0, -5.5, 13.5)), ["doc-b:e1"]),
        (EventFilter(bbox=(-5.5, -90.0, -4.5, 90.0)), []),
        # min_lon > max_lon: a box across the antimeridian takes both outer strips.
        (EventFilter(bbox=(-4.5, -90.0, -5.5, 90.0)), ["doc-a:e1", "doc-a:e2", "doc-b:e1"]),
        (EventFilter(q="car BOMB"), ["doc-a:e1"]),
        (EventFilter(q="bomb suspects"), []),
        (EventFilter(document_id="doc-b"), ["doc-b:e1", "doc-b:e2"]),
        (EventFilter(actor="red hand brigade", country="MLI", q="clashed"), ["doc-b:e1"]),
    ],
)
def test_event_filters(store: Store, f: EventFilter, expected: list[str]) -> None:
    assert event_ids(store.events(f)) == expected
    assert store.count_events(f) == len(expected)


def test_bad_bbox_is_refused() -> None:
    with pytest.raises(ValueError):
        EventFilter(bbox=(0.0, 10.0, 1.0, 5.0))
    with pytest.raises(ValueError):
        PlaceFilter(bbox=(0.0, 0.0, 200.0, 1.0))


# --- relations, places, documents -------------------------------------------------------------


def relation_keys(rows: list[store_module.RelationRow]) -> set[tuple[str, str, str, str]]:
    return {(r.source, r.target, r.type, r.origin) for r in rows}


def test_relations_combine_stored_relations_and_event_interactions(store: Store) -> None:
    rows = store.relations()
    assert relation_keys(rows) == {
        ("mali-police", "red-hand-brigade", "hostile", "events"),
        ("red-hand-brigade", "dorsa-front", "ally", "explicit"),
        ("red-hand-brigade", "civilians", "ASSAULT", "interactions"),
        ("mali-army", "red-hand-brigade", "ASSAULT", "interactions"),
        ("dorsa-front", "mali-army", "ACCUSE", "interactions"),
    }
    ally = next(r for r in rows if r.type == "ally")
    # Undated relation: its dates fall back to the publication date.
    assert (ally.first, ally.last, ally.weight) == ("2023-05-02", "2023-05-02", 1)
    assert (ally.source_name, ally.target_name) == ("Red Hand Brigade", "Dorsa Front")


@pytest.mark.parametrize(
    ("f", "count"),
    [
        (RelationFilter(actor="RHB"), 4),
        (RelationFilter(type="ally"), 1),
        (RelationFilter(type="assault"), 2),
        (RelationFilter(origin="interactions"), 3),
        (RelationFilter(origin="explicit"), 1),
        # "2023-04" lasts through April, so it overlaps a window starting on the 20th.
        (RelationFilter(date_from=dt.date(2023, 4, 20)), 4),
        (RelationFilter(date_to=dt.date(2023, 3, 31)), 0),
        (RelationFilter(actor="no such group"), 0),
    ],
)
def test_relation_filters(store: Store, f: RelationFilter, count: int) -> None:
    assert len(store.relations(f)) == count


def test_interactions_skip_negated_events_and_aggregate_pairs(store: Store) -> None:
    text = "The army did not shell Dorsa. The army raided Dorsa Front positions twice."
    whole = Span(start=0, end=len(text), text=text)
    events = [
        Event(id="n", type="ASSAULT", status="negated", sources=["mali-army"],
              targets=["dorsa-front"], evidence=whole),
        Event(id="r1", type="ASSAULT", sources=["mali-army"], targets=["dorsa-front"],
              evidence=whole),
        Event(id="r2", type="ASSAULT", sources=["mali-army"], targets=["dorsa-front"],
              evidence=whole),
    ]  # fmt: skip
    store.add(
        Document(id="doc-c", text=text, published=dt.date(2023, 6, 1)),
        Analysis(id="doc-c", events=events),
    )
    (pair,) = store.relations(RelationFilter(actor="dorsa-front", type="ASSAULT"))
    assert (pair.weight, pair.n_documents, pair.first) == (2, 1, "2023-06-01")


def test_places_aggregate(store: Store) -> None:
    rows = store.places()
    assert [p.name for p in rows] == ["Velmora", "Dorsa"]  # equal documents: more mentions first
    velmora = store.places(PlaceFilter(q="velm"))[0]
    assert (velmora.n_documents, velmora.n_mentions, velmora.admin1) == (1, 2, "Mopti")
    assert [p.name for p in store.places(PlaceFilter(admin1="segou"))] == ["Dorsa"]
    assert [p.name for p in store.places(PlaceFilter(bbox=(-5, 14, -4, 15)))] == ["Velmora"]
    assert store.places(PlaceFilter(country="NER")) == []


def test_documents_listing_and_filters(store: Store) -> None:
    rows = store.documents()
    assert [d.id for d in rows] == ["doc-b", "doc-a"]  # newest first
    a = rows[1]
    assert (a.n_events, a.n_actors, a.n_chars) == (2, 3, len(TEXT_A))
    assert a.text_hash == hashlib.sha256(TEXT_A.encode()).hexdigest()
    assert a.ingested_at.tzinfo is not None
    assert [d.id for d in store.documents(DocumentFilter(q="CATTLE market"))] == ["doc-a"]
    assert [d.id for d in store.documents(DocumentFilter(q="velmora bomb"))] == ["doc-a"]
    assert [d.id for d in store.documents(DocumentFilter(source="sahel wire"))] == ["doc-b"]
    assert [d.id for d in store.documents(DocumentFilter(date_from=dt.date(2023, 5, 1)))] == [
        "doc-b"
    ]
    assert [d.id for d in store.documents(DocumentFilter(date_to=dt.date(2023, 5, 1)))] == ["doc-a"]
    assert [d.id for d in store.documents(limit=1, offset=1)] == ["doc-a"]


def test_stats(store: Store) -> None:
    assert store.stats() == {
        "documents": 2,
        "actors": 5,
        "aliases": 9,
        "mentions": 9,
        "events": 4,
        "relations": 2,
        "places": 2,
        "dates": 1,
    }


# --- schema versions ----------------------------------------------------------------------------


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


def test_version_zero_database_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path) as s:
        s.add(*doc_a())
    downgrade_to_v0(path)

    with Store(path) as s:
        assert s.schema_version() == SCHEMA_VERSION
        stored = s.document("doc-a")
        assert stored is not None
        document, expected = doc_a()
        lost = {"target_text": None, "speaker": None}
        expected = expected.model_copy(
            update={"events": [e.model_copy(update=lost) for e in expected.events], "dates": []}
        )
        assert stored == (document, expected)
        assert s.documents()[0].text_hash == hashlib.sha256(TEXT_A.encode()).hexdigest()
        # The upgraded database takes everything the current layout holds.
        assert s.add(*doc_b())
        assert s.document("doc-b") == doc_b()


def test_newer_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with pytest.raises(SchemaVersionError, match="99"):
        Store(path)


def test_create_false_refuses_an_empty_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no sitroom database"):
        Store(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()
    sqlite3.connect(tmp_path / "empty.db").close()
    with pytest.raises(StoreError, match="no sitroom store"):
        Store(tmp_path / "empty.db", create=False)
    Store(tmp_path / "made.db").close()
    with Store(tmp_path / "made.db", create=False) as s:
        assert s.schema_version() == SCHEMA_VERSION


# --- aggregates ---------------------------------------------------------------------------------

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
            start = e.date.start.isoformat() if e.date.start else None
            end = e.date.end.isoformat() if e.date.end else None
            first, last = start or published, end or start or published
            if not inside(first, last):
                continue
            for source, target in {(s, t) for s in e.sources for t in e.targets if s != t}:
                key = (source, target, e.type, "interactions")
                groups.setdefault(key, []).append((doc.id, first, last))
        for r in analysis.relations:
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
    assert {
        a.id: (a.n_events, a.n_documents, a.n_relations)
        for a in s.actors(limit=100)
        if a.n_events or a.n_documents or a.n_relations
    } == reference_activity(pairs)
    assert s.count_events_by_month() == reference_months(pairs)


def aggregate_tables(s: Store) -> dict[str, list[tuple[object, ...]]]:
    with s.engine.connect() as conn:
        return {
            t.name: sorted(tuple(r) for r in conn.execute(sa.select(t)))
            for t in schema.AGGREGATE_TABLES
        }


def test_aggregates_match_a_recomputation_through_adds_and_removals(store: Store) -> None:
    rng = random.Random(11)
    pairs = [random_document(i, rng) for i in range(40)]
    with Store(store.url) as s:
        for doc, _analysis in [doc_a(), doc_b()]:
            s.remove(doc.id)  # start from the fixture's store, emptied through the store
        s.batch_size = 7
        assert s.add_many(pairs[:30]) == (30, 0)
        for pair in pairs[30:]:
            s.add(*pair)
        check_aggregates(s, pairs)
        for doc, _analysis in pairs[::3]:
            assert s.remove(doc.id)
        kept = [p for i, p in enumerate(pairs) if i % 3]
        check_aggregates(s, kept)
        incremental = aggregate_tables(s)
        s.rebuild_aggregates()
        assert aggregate_tables(s) == incremental
        check_aggregates(s, kept)


def test_version_two_store_gets_its_aggregates(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    rng = random.Random(5)
    pairs = [random_document(i, rng) for i in range(12)]
    with Store(path) as s:
        s.add_many(pairs)
        expected = aggregate_tables(s)
    db = sqlite3.connect(path)
    for table in schema.AGGREGATE_TABLES:
        db.execute(f"DROP TABLE {table.name}")
    db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with Store(path) as s:
        assert s.schema_version() == SCHEMA_VERSION
        assert aggregate_tables(s) == expected
        check_aggregates(s, pairs)


def test_event_points_latest_first_then_undated(store: Store) -> None:
    text = "Shelling was reported in several villages along the northern ridge."
    whole = Span(start=0, end=len(text), text=text)

    def located(event_id: str, day: dt.date | None, lat: float, lon: float) -> Event:
        return Event(
            id=event_id,
            type="ASSAULT",
            date=DateValue(start=day, end=day, precision="day") if day else DateValue(),
            location=Location(name=f"Ridge {event_id}", lat=lat, lon=lon),
            evidence=whole,
        )

    events = [
        located("u2", None, 10.0, 10.0),
        located("d1", dt.date(2021, 3, 1), 11.0, 11.0),
        located("bad", dt.date(2024, 1, 1), 95.0, 11.0),  # not a latitude: never a point
        located("d2", dt.date(2021, 3, 1), -12.0, 179.5),
        located("u1", None, 13.0, -179.0),
        located("d3", dt.date(2022, 8, 9), 14.0, 14.0),
    ]
    store.add(Document(id="doc-ridge", text=text), Analysis(id="doc-ridge", events=events))
    f = EventFilter(document_id="doc-ridge")
    expected = ["d3", "d1", "d2", "u2", "u1"]  # latest first, then undated, in storage order
    for limit in range(1, 7):
        points, total = store.event_points(f, limit=limit)
        assert [p.id.split(":")[1] for p in points] == expected[:limit]
        assert total == 5
    (point,), _ = store.event_points(f, limit=1)
    assert point == store_module.EventPoint(
        "doc-ridge:d3", 14.0, 14.0, "ASSAULT", None, dt.date(2022, 8, 9), "Ridge d3", None
    )


# --- batched writes ---------------------------------------------------------------------------

TIMESTAMPS = {"ingested_at", "updated_at", "started_at", "finished_at"}


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
                ),
                key=repr,
            )
            for table in schema.metadata.sorted_tables
        }


def test_a_batch_stores_what_adding_one_by_one_stores(tmp_path: Path) -> None:
    rng = random.Random(23)
    placeholder_first = Analysis(
        id="p1",
        events=[
            Event(
                id="e1",
                type="ASSAULT",
                sources=["lone"],
                evidence=Span(start=0, end=5, text="Lone."),
            )
        ],
    )
    described_later = Analysis(
        id="p2", actors=[Actor(id="lone", name="Lone Wolf", type="person", country="NER")]
    )
    pairs = [
        doc_a(),
        *(random_document(i, rng) for i in range(12)),
        (Document(id="p1", text="Lone."), placeholder_first),
        doc_b(),  # the KB description of an actor written by doc_a in the same batch
        (Document(id="p2", text="Lone Wolf again."), described_later),
        *(random_document(i, rng) for i in range(12, 20)),
    ]
    with Store(tmp_path / "one.db") as one, Store(tmp_path / "many.db") as many:
        for pair in pairs:
            assert one.add(*pair)
        assert many.add_many(pairs) == (len(pairs), 0)
        assert stored_rows(many) == stored_rows(one)
        # New keys after a removal are the ones a row-by-row insert gets (the highest + 1).
        for s in (one, many):
            assert s.remove("rand-019") and s.remove("doc-b")
        one.add(*doc_b())
        one.add(*pairs[-1])
        assert many.add_many([doc_b(), pairs[-1]]) == (2, 0)
        assert stored_rows(many) == stored_rows(one)
        for document, _ in pairs:
            assert many.document(document.id) == one.document(document.id)


def test_a_batch_that_breaks_a_constraint_is_stored_document_by_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(3)
    pairs = [doc_a(), doc_b(), *(random_document(i, rng) for i in range(3))]
    reference = Store(tmp_path / "reference.db")
    for pair in pairs:
        reference.add(*pair)
    s = Store(tmp_path / "fallback.db")
    s.add(*doc_a())
    # As if another writer stored doc-a between the check and the write: the batch insert
    # fails on the duplicate id, and the batch is written again one document at a time.
    monkeypatch.setattr(Store, "_stored_ids", staticmethod(lambda _conn, _ids: set()))
    assert s.add_many(pairs) == (4, 1)
    assert stored_rows(s) == stored_rows(reference)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_batch_reads_back_as_one_by_one_on_every_backend(backend: str, tmp_path: Path) -> None:
    rng = random.Random(29)
    pairs = [doc_a(), *(random_document(i, rng) for i in range(15)), doc_b()]
    one = Store(tmp_path / "one.db")
    for pair in pairs:
        one.add(*pair)
    many = (
        empty_postgres_store(PG_URL, batch_size=8)
        if backend == "postgresql" and PG_URL
        else Store(tmp_path / "many.db", batch_size=8)
    )
    try:
        assert many.add_many(pairs) == (len(pairs), 0)
        for document, _ in pairs:
            assert many.document(document.id) == one.document(document.id)
        assert many.actors(limit=100) == one.actors(limit=100)
        assert many.events(limit=1000) == one.events(limit=1000)
        assert many.relations(limit=1000) == one.relations(limit=1000)
        assert len(many.incidents(limit=1000)) == len(one.incidents(limit=1000))
    finally:
        many.close()
        one.close()

"""The query API: events, actors, relations, places, documents, stats (sitroom.store.query_*)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sized

import pytest
from store_data import TEXT_A, event_ids, relation_keys

from sitroom import store as store_module
from sitroom.models import Analysis, DateValue, Document, Event, Location, Span
from sitroom.store import (
    ActorFilter,
    DocumentFilter,
    EventFilter,
    PlaceFilter,
    RelationFilter,
    Store,
)


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
        "doc-ridge:d3", 14.0, 14.0, "ASSAULT", None, dt.date(2022, 8, 9), "Ridge d3", None,
        status="occurred", date_precision="day", geo_precision=None,
    )  # fmt: skip


def test_map_points_say_how_precise_they_are(store: Store) -> None:
    """A map must tell a city from a country centroid and a planned attack from one that
    happened: each point carries its status and its date's and place's precision."""
    whole = Span(start=0, end=10, text="0123456789")
    country = Location(name="Somalia", country="SOM", lat=6.0, lon=46.0, precision="country")
    event = Event(
        id="e1",
        type="ASSAULT",
        status="planned",
        date=DateValue(start=dt.date(2023, 3, 1), end=dt.date(2023, 3, 31), precision="month"),
        location=country,
        evidence=whole,
    )
    store.add(Document(id="doc-map", text="0123456789"), Analysis(id="doc-map", events=[event]))
    (point,), _ = store.event_points(EventFilter(document_id="doc-map"), limit=5)
    assert (point.status, point.date_precision, point.geo_precision) == (
        "planned",
        "month",
        "country",
    )


# --- counts, light lookups and the cache key of the query API ---------------------------------


def paged_total(fetch: Callable[[int, int], Sized], page: int = 2) -> int:
    """How many rows ``fetch(limit, offset)`` gives in all, a small page at a time."""
    total = 0
    while batch := fetch(page, total):
        total += len(batch)
    return total


@pytest.mark.parametrize(
    "f", [DocumentFilter(), DocumentFilter(q="velmora"), DocumentFilter(q="no such word")]
)
def test_count_documents_counts_what_paging_lists(store: Store, f: DocumentFilter) -> None:
    expected = paged_total(lambda limit, offset: store.documents(f, limit=limit, offset=offset))
    assert store.count_documents(f) == expected


@pytest.mark.parametrize(
    "f", [ActorFilter(), ActorFilter(q="red hand"), ActorFilter(type="state"), ActorFilter(q="zz")]
)
def test_count_actors_counts_what_paging_lists(store: Store, f: ActorFilter) -> None:
    expected = paged_total(lambda limit, offset: store.actors(f, limit=limit, offset=offset))
    assert store.count_actors(f) == expected


@pytest.mark.parametrize("f", [PlaceFilter(), PlaceFilter(q="velmora"), PlaceFilter(country="XX")])
def test_count_places_counts_what_paging_lists(store: Store, f: PlaceFilter) -> None:
    expected = paged_total(lambda limit, offset: store.places(f, limit=limit, offset=offset))
    assert store.count_places(f) == expected
    # The page and its total from one grouping: the same rows and total, past the end too.
    for limit, offset in ((1, 0), (1, 1), (100, 0), (2, expected), (1, expected + 3)):
        assert store.places_page(f, limit=limit, offset=offset) == (
            store.places(f, limit=limit, offset=offset),
            expected,
        )


def test_actor_types_match_the_actor_rows(store: Store) -> None:
    rows = store.actors(limit=1000)
    ids = [r.id for r in rows]
    assert store.actor_types([*ids, "no-such-actor"]) == {r.id: r.type for r in rows}
    assert store.actor_types([]) == {}


def test_relation_evidence_lists_every_stored_relation_of_the_actor(store: Store) -> None:
    expected = []
    for doc_id in ("doc-a", "doc-b"):
        found = store.document(doc_id)
        assert found is not None
        expected += [
            (doc_id, r.source, r.target, r.type)
            for r in found[1].relations
            if "red-hand-brigade" in (r.source, r.target)
        ]
    rows = store.relation_evidence("red-hand-brigade")
    assert expected, "the invented articles relate the brigade to someone"
    assert sorted((r.document_id, r.source, r.target, r.type) for r in rows) == sorted(expected)
    assert all(r.evidence and r.source_name and r.target_name for r in rows)
    assert store.relation_evidence("red-hand-brigade", limit=1) == rows[:1]
    assert store.relation_evidence("no-such-actor") == []


def test_latest_documents_and_data_version_follow_writes(store: Store) -> None:
    latest = store.latest_documents(10)
    assert {d.id for d in latest} == {"doc-a", "doc-b"}
    assert len(store.latest_documents(1)) == 1
    version = store.data_version()
    assert store.data_version() == version  # reading changes nothing
    assert store.remove("doc-a")
    assert store.data_version() != version
    assert [d.id for d in store.latest_documents(10)] == ["doc-b"]

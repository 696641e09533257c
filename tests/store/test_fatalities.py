"""Fatality totals over incidents (low / best / high), the totals kept by group (schema 7)
and the multi-select event filter."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from store_data import TEXT_A, doc_a, event_ids

from sitroom.models import EVENT_TYPES, Analysis, DateValue, Document, Event, Location, Span
from sitroom.store import EventFilter, Store, query_fatalities


def _second_report(killed: int) -> tuple[Document, Analysis]:
    """Another paper's report of doc-a's bombing, with a higher toll."""
    document, analysis = doc_a()
    bombing = analysis.events[0].model_copy(update={"killed": killed, "wounded": None})
    text = TEXT_A + " "
    return (
        document.model_copy(update={"id": "doc-a2", "text": text}),
        analysis.model_copy(update={"id": "doc-a2", "events": [bombing], "relations": []}),
    )


def test_totals_count_each_incident_once_with_its_range(store: Store) -> None:
    store.add(*_second_report(12))
    (overall,), statuses = store.fatality_totals()
    assert statuses == ("occurred", "attempted")
    # Two reports (9 and 12 killed) of one bombing: one incident, 9..12, best 12.
    assert (overall.killed_low, overall.killed_best, overall.killed_high) == (9, 12, 12)
    assert overall.wounded_best == 14
    rows, _ = store.fatality_totals(by="actor")
    assert rows[0].key == "red-hand-brigade" and rows[0].killed_best == 12
    rows, _ = store.fatality_totals(EventFilter(countries=("MLI",)), by="admin1")
    assert (rows[0].key, rows[0].country, rows[0].killed_best) == ("Mopti", "MLI", 12)
    rows, _ = store.fatality_totals(by="month", sort="key")
    assert rows[0].key == "2023-04"
    with pytest.raises(ValueError, match="by must be"):
        store.fatality_totals(by="planet")


def test_multi_select_filters_match_any_value(store: Store) -> None:
    everything = set(event_ids(store.events()))
    assert set(event_ids(store.events(EventFilter(types=("ASSAULT", "COERCE"))))) <= everything
    assert set(event_ids(store.events(EventFilter(modes=("bombing", "arrest"))))) == {
        "doc-a:e1",
        "doc-a:e2",
    }
    assert event_ids(store.events(EventFilter(killed_min=5, killed_max=9))) == ["doc-a:e1"]
    assert event_ids(store.events(EventFilter(killed_min=10))) == []
    assert set(event_ids(store.events(EventFilter(actors=("RHB", "Malian police"))))) >= {
        "doc-a:e1",
        "doc-a:e2",
    }
    assert store.count_events(EventFilter(countries=("mli", "SOM"))) == store.count_events(
        EventFilter(country="MLI")
    )


def _incident_totals(store: Store) -> list[tuple[object, ...]]:
    from sitroom.store.schema import incident_totals

    with store.engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(incident_totals.select()))


def test_overall_totals_are_kept_by_every_merge_and_deletion(store: Store) -> None:
    def overall() -> tuple[int, int, int]:
        (row,), _ = store.fatality_totals()
        return row.killed_low, row.killed_best, row.killed_high

    assert overall() == (9, 9, 9)
    store.add(*_second_report(12))  # merges into the stored incident: its range grows
    assert overall() == (9, 12, 12)
    store.put(*_second_report(30))  # a new version: incident dissolved, merged again
    kept = _incident_totals(store)
    store.rebuild_aggregates()
    assert _incident_totals(store) == kept  # incremental == recomputed
    # Summed over the incidents (a filter that selects every event) == read from the table.
    (grouped,), _ = store.fatality_totals(EventFilter(types=EVENT_TYPES))
    assert overall() == (grouped.killed_low, grouped.killed_best, grouped.killed_high)
    store.remove("doc-a2")
    assert overall() == (9, 9, 9)
    store.remove("doc-a")
    store.remove("doc-b")
    assert overall() == (0, 0, 0) and _incident_totals(store) == []


def _located_fatal_document(index: int, rng: random.Random) -> tuple[Document, Analysis]:
    """Events with a country (sometimes none), an admin1 (two countries share a name), a date
    (sometimes none) and killed/wounded (sometimes unknown), some reported twice."""
    text = f"Report {index}: an attack was reported in the district."
    whole = Span(start=0, end=len(text), text=text)
    events = []
    for j in range(rng.randrange(1, 4)):
        day = dt.date(2022, 11, 1) + dt.timedelta(days=rng.randrange(120))
        country = rng.choice(["SYR", "MLI", None])
        events.append(
            Event(
                id=f"e{j}",
                type="ASSAULT",
                status=rng.choice(["occurred", "attempted", "negated"]),
                date=rng.choice([DateValue(), DateValue(start=day, end=day, precision="day")]),
                location=Location(
                    name="district",
                    country=country,
                    admin1=None if country is None else rng.choice(["North", "South", None]),
                    precision="admin1",
                ),
                killed=rng.choice([None, 0, 2, 7]),
                wounded=rng.choice([None, 1, 4]),
                evidence=whole,
            )
        )
    doc = Document(id=f"fat-{index:03d}", text=text, published=dt.date(2023, 3, 1))
    return doc, Analysis(id=doc.id, events=events)


def _all_groups(store: Store, **options: object) -> dict[str, object]:
    out: dict[str, object] = {}
    for by in ("country", "admin1", "year", "month"):
        for sort in ("killed", "key"):
            for statuses in [(), ("negated",), ("occurred", "negated")]:
                rows, _ = store.fatality_totals(
                    EventFilter(statuses=statuses), by=by, sort=sort, limit=1000, **options
                )
                # admin1: one name in two countries may tie; their order is not defined.
                key = f"{by} {sort} {statuses}"
                out[key] = sorted(rows, key=repr) if by == "admin1" else rows
    return out


def test_grouped_totals_read_from_incident_totals_equal_the_sums_over_incidents(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(7)
    pairs = [_located_fatal_document(i, rng) for i in range(60)]
    store.add_many(pairs)
    store.add_many(_located_fatal_document(i, rng) for i in range(60, 70))
    store.put(*_located_fatal_document(3, random.Random(99)))  # replaced: dissolved, merged again
    assert store.remove("fat-010")

    kept = _all_groups(store)
    paged, _ = store.fatality_totals(by="month", sort="key", limit=2, offset=1)
    monkeypatch.setattr(query_fatalities, "_KEPT_GROUPS", ())  # summed over the incidents
    summed = _all_groups(store)
    assert kept == summed
    assert paged == store.fatality_totals(by="month", sort="key", limit=2, offset=1)[0]
    monthly, _ = store.fatality_totals(by="month", sort="key")
    assert monthly[-1].key is None and monthly[0].key == "2022-11"  # undated last
    assert [r.key for r in store.fatality_totals(by="year", sort="key")[0]] == [
        "2022", "2023", None
    ]  # fmt: skip
    kept_rows = _incident_totals(store)
    store.rebuild_aggregates()
    assert _incident_totals(store) == kept_rows  # incremental == recomputed

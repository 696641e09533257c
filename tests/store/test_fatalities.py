"""Fatality totals over incidents (low / best / high) and the multi-select event filter."""

from __future__ import annotations

import pytest
from store_data import TEXT_A, doc_a, event_ids

from sitroom.models import Analysis, Document
from sitroom.store import EventFilter, Store


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

"""Faults found by the outside audit (issue 17): a poisoned store, merges that fail."""

from __future__ import annotations

import datetime as dt

import pytest
from store_data import doc_a, doc_b

from sitroom.models import Analysis, DateValue, Document
from sitroom.store import IncidentFilter, Store
from sitroom.store import merging as merge
from sitroom.store.merging import Report, date_window, merge_reports


def _dated(
    pair: tuple[Document, Analysis], doc_id: str, published: dt.date, event_day: dt.date
) -> tuple[Document, Analysis]:
    document, analysis = pair
    first, second = analysis.events
    first = first.model_copy(
        update={"date": DateValue(start=event_day, end=event_day, precision="day")}
    )
    second = second.model_copy(
        update={"date": DateValue(start=published, end=published, precision="document")}
    )
    return (
        document.model_copy(update={"id": doc_id, "published": published}),
        analysis.model_copy(
            update={"id": doc_id, "published": published, "events": [first, second]}
        ),
    )


@pytest.mark.parametrize(
    ("start", "precision"),
    [(dt.date.min, "day"), (dt.date.max, "day"), (dt.date.min, "document")],
)
def test_date_windows_clamp_at_the_calendars_ends(start: dt.date, precision: str) -> None:
    window = date_window(start, start, precision)
    assert window is not None
    assert dt.date.min <= window[0] <= start <= window[1] <= dt.date.max
    reports = [
        Report(key=k, document_id=f"d{k}", type="ASSAULT", date_start=start, date_end=start,
               date_precision=precision, country="KEN")
        for k in (1, 2)
    ]  # fmt: skip
    incidents = merge_reports(reports)
    assert len(incidents) == 1 and incidents[0].n_reports == 2


def test_a_window_wider_than_the_limit_never_merges() -> None:
    wide = Report(key=1, document_id="d1", type="ASSAULT", date_start=dt.date(1, 1, 1),
                  date_end=dt.date(9999, 12, 31), date_precision="day", country="KEN")  # fmt: skip
    (incident,) = merge_reports([wide])
    assert not incident.mergeable
    assert "window over" in incident.new_members[0].reasons[0]


def test_a_document_at_the_calendars_ends_does_not_poison_the_store(store: Store) -> None:
    store.add(*_dated(doc_a(), "ancient", dt.date.min, dt.date.min))
    store.add(*_dated(doc_a(), "far-future", dt.date.max, dt.date.max))
    store.add(*_dated(doc_b(), "later", dt.date(2023, 5, 3), dt.date(2023, 4, 28)))
    assert store.merge_new().reports == 0  # every event found its incident
    members = {
        m.document_id for i in store.incidents(IncidentFilter(), limit=100) for m in i.members
    }
    assert {"ancient", "far-future", "later"} <= members


def test_a_failing_merge_costs_only_its_own_document(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.auto_merge = False
    store.add(*_dated(doc_a(), "bad", dt.date(2023, 4, 12), dt.date(2023, 4, 10)))
    store.add(*_dated(doc_b(), "good", dt.date(2023, 5, 3), dt.date(2023, 4, 28)))
    real_add = merge.Merger.add

    def failing_add(self: merge.Merger, report: Report) -> merge.Incident:
        if report.document_id == "bad":
            raise OverflowError("date value out of range")
        return real_add(self, report)

    monkeypatch.setattr(merge.Merger, "add", failing_add)
    summary = store.merge_new()
    assert summary.reports == 4
    monkeypatch.undo()
    assert store.merge_new().reports == 0  # nothing left to poison the next merge
    by_doc = {}
    for incident in store.incidents(IncidentFilter(), limit=100):
        for member in incident.members:
            by_doc.setdefault(member.document_id, []).append((incident, member))
    bad = by_doc["bad"]
    assert len(bad) == 2
    assert all(i.n_reports == 1 and "merge failed" in m.reasons[0] for i, m in bad)
    assert all("merge failed" not in m.reasons[0] for _, m in by_doc["good"])


def test_merge_candidates_are_bounded_by_country_type_and_window() -> None:
    from sitroom.store.incidents import _candidate_intervals

    def dated(key: int, day: dt.date, kind: str = "ASSAULT", country: str = "KEN") -> Report:
        return Report(key=key, document_id=f"d{key}", type=kind, date_start=day, date_end=day,
                      date_precision="day", country=country)  # fmt: skip

    first, later = dt.date(2020, 1, 10), dt.date(2024, 6, 1)
    reports = [dated(1, first), dated(2, first + dt.timedelta(days=1)), dated(3, later),
               dated(4, later, "PROTEST"), dated(5, later, country="SOM")]  # fmt: skip
    intervals = _candidate_intervals(reports)
    # Two windows four years apart stay two intervals, not one span over the years between.
    assert intervals[("KEN", "ASSAULT")] == [
        (dt.date(2020, 1, 9), dt.date(2020, 1, 12)),
        (dt.date(2024, 5, 31), dt.date(2024, 6, 2)),
    ]
    assert set(intervals) == {("KEN", "ASSAULT"), ("KEN", "PROTEST"), ("SOM", "ASSAULT")}

"""Cross-document merging: the rules one by one, the store hook, and cost at 200,000 reports."""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import replace
from pathlib import Path

import pytest

from sitroom.models import Actor, Analysis, DateValue, Document, Event, Location, Span
from sitroom.store import IncidentFilter, Store
from sitroom.store import merging as merge
from sitroom.store.merging import Merger, Report, compare, merge_reports, open_incident

DAY = dt.timedelta(days=1)
MONDAY = dt.date(2024, 2, 12)
# Two towns 11 km apart in one province, and one 150 km away in another.
NORTH = {"country": "KEN", "admin1": "Turkana", "city": "Kakuma", "lat": 3.72, "lon": 34.86}
NEAR = {"country": "KEN", "admin1": "Turkana", "city": "Kalobeyei", "lat": 3.76, "lon": 34.77}
FAR = {"country": "KEN", "admin1": "Marsabit", "city": "North Horr", "lat": 3.32, "lon": 37.07}


def report(key: int, **fields: object) -> Report:
    base: dict[str, object] = {
        "key": key,
        "document_id": f"doc-{key}",
        "type": "ASSAULT",
        "mode": "bombing",
        "date_start": MONDAY,
        "date_end": MONDAY,
        "date_precision": "day",
        "geo_precision": "city",
        "sources": ("river-front",),
        "targets": ("civilians",),
        "killed": 7,
        **NORTH,
    }
    base.update(fields)
    return Report(**base)  # type: ignore[arg-type]


def merged(a: Report, b: Report) -> bool:
    return compare(open_incident(a), b) is not None


# --- the rules ------------------------------------------------------------------------------


def test_two_reports_of_one_bombing_merge_with_reasons() -> None:
    membership = compare(open_incident(report(1)), report(2, **NEAR, killed=9))
    assert membership is not None
    assert membership.score >= merge.MIN_SCORE
    text = " | ".join(membership.reasons)
    assert "same type ASSAULT/bombing" in text
    assert "km apart" in text
    assert "shared source river-front" in text
    assert "killed 9 fits 7-7" in text


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"date_start": MONDAY + DAY, "date_end": MONDAY + DAY}, True),  # day +-1
        ({"date_start": MONDAY + 3 * DAY, "date_end": MONDAY + 3 * DAY}, False),
        # Publication date used as event date: the incident may lie two days before it.
        ({"date_start": MONDAY + 2 * DAY, "date_end": MONDAY + 2 * DAY, "date_precision": "document"}, True),  # noqa: E501
        ({"date_start": MONDAY - 2 * DAY, "date_end": MONDAY - 2 * DAY, "date_precision": "document"}, False),  # noqa: E501
        ({"date_start": dt.date(2024, 2, 1), "date_end": dt.date(2024, 2, 29), "date_precision": "month"}, True),  # noqa: E501
        ({"date_start": dt.date(2024, 3, 1), "date_end": dt.date(2024, 3, 31), "date_precision": "month"}, False),  # noqa: E501
        ({"date_start": None, "date_end": None, "date_precision": "unknown"}, False),
        ({"date_precision": "decade"}, False),
    ],
)  # fmt: skip
def test_date_windows_depend_on_precision(change: dict[str, object], expected: bool) -> None:
    assert merged(report(1), report(2, **change)) is expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (NEAR, True),  # 11 km
        (FAR, False),  # 250 km, another province
        ({**FAR, "admin1": "Turkana"}, False),  # same province but beyond 25 km
        ({"lat": None, "lon": None, "city": None, "geo_precision": "admin1"}, True),
        ({"admin1": "Marsabit", "lat": None, "lon": None, "geo_precision": "admin1"}, False),
        ({"admin1": None, "lat": None, "lon": None, "geo_precision": "country"}, True),
        ({"country": "UGA"}, False),
        ({"country": None}, False),
    ],
)
def test_place_compatibility_depends_on_precision(
    change: dict[str, object], expected: bool
) -> None:
    assert merged(report(1), report(2, **change)) is expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"sources": ("hill-militia",)}, False),
        ({"sources": ("unidentified-armed-group",)}, True),
        ({"sources": ()}, True),
        ({"sources": ("hill-militia", "river-front")}, True),
        ({"targets": ("kenya-police",)}, False),
        ({"mode": None}, True),
        ({"mode": "air_strike"}, True),  # reporters confuse the two
        ({"mode": "kidnapping"}, False),
        ({"type": "PROTEST"}, False),
        ({"status": "negated"}, False),
        ({"status": "attempted"}, True),
        ({"killed": 30}, True),  # 30 <= 3 * 7 + 10
        ({"killed": 40}, False),
        ({"killed": None}, True),
        ({"document_id": "doc-1"}, False),  # two events of one article stay apart
    ],
)
def test_actor_type_status_count_and_document_rules(
    change: dict[str, object], expected: bool
) -> None:
    assert merged(report(1), report(2, **change)) is expected


def test_coarse_date_and_coarse_place_together_do_not_merge() -> None:
    month = {"date_start": dt.date(2024, 2, 1), "date_end": dt.date(2024, 2, 29)}
    coarse = {**month, "date_precision": "month", "lat": None, "lon": None, "city": None}
    a = report(1, **coarse, geo_precision="admin1")
    b = report(2, **coarse, geo_precision="admin1")
    assert not merged(a, b)
    assert merged(report(1, **month, date_precision="month"), report(2, **month, **NEAR))


def test_the_incident_window_narrows_so_reports_cannot_chain_apart() -> None:
    days = [MONDAY + i * DAY for i in range(4)]
    reports = [report(i, date_start=d, date_end=d) for i, d in enumerate(days)]
    incidents = merge_reports(reports)
    # Monday..Wednesday (within a day of each other via the narrowed window) join; Thursday
    # is three days from Monday and opens a new incident.
    assert [i.n_reports for i in incidents] == [3, 1]
    assert (incidents[0].match_from, incidents[0].match_to) == (MONDAY + DAY, MONDAY + DAY)


def test_counts_keep_the_range_and_the_highest_figure() -> None:
    incidents = merge_reports([report(1, killed=7), report(2, killed=12), report(3, wounded=4)])
    (incident,) = incidents
    assert (incident.killed, incident.killed_min, incident.killed_max) == (12, 7, 12)
    assert (incident.wounded, incident.n_reports, incident.n_documents) == (4, 3, 3)


def test_a_report_joins_the_best_scoring_incident() -> None:
    merger = Merger()
    loose = merger.add(report(1, mode=None, sources=()))
    exact = merger.add(report(2, document_id="doc-1", killed=8))  # same article: kept apart
    assert loose is not exact
    third = merger.add(report(3, killed=8))
    assert third is exact


def test_unidentified_constant_matches_the_actors_stage() -> None:
    from sitroom.actors import UNIDENTIFIED

    assert UNIDENTIFIED in merge.UNIDENTIFIED_ACTORS


# --- scale ----------------------------------------------------------------------------------


def synthetic_stream(n: int, seed: int = 11) -> list[Report]:
    """Fabricated reports, 1-5 per incident, in 40 countries.

    The period grows with ``n`` (one day per 250 reports), as a real stream grows over time:
    the density of reports per country and week stays that of a busy conflict year.
    """
    rng = random.Random(seed)
    span = max(60, n // 250)
    out: list[Report] = []
    incident = 0
    while len(out) < n:
        incident += 1
        country, admin = f"C{rng.randrange(40):02d}", rng.randrange(12)
        lat, lon = rng.uniform(-30, 40), rng.uniform(-10, 60)
        day = dt.date(2022, 1, 1) + rng.randrange(span) * DAY
        for _ in range(min(rng.randint(1, 5), n - len(out))):
            when = day + rng.choice((0, 0, 1, -1)) * DAY
            out.append(
                Report(
                    key=len(out),
                    document_id=f"d{len(out)}",
                    type="ASSAULT",
                    mode=rng.choice(("bombing", "armed_assault", None)),
                    date_start=when,
                    date_end=when,
                    date_precision="day",
                    country=country,
                    admin1=f"{country}-{admin}",
                    lat=lat + rng.uniform(-0.02, 0.02),
                    lon=lon + rng.uniform(-0.02, 0.02),
                    geo_precision="city",
                    sources=(f"g{incident % 97}",),
                    targets=("civilians",),
                    killed=rng.randrange(1, 20),
                )
            )
    return out


def timed_merge(reports: list[Report]) -> tuple[float, Merger]:
    merger = Merger()
    started = time.perf_counter()
    merger.add_all(reports)
    return time.perf_counter() - started, merger


@pytest.mark.slow
def test_two_hundred_thousand_reports_merge_near_linearly() -> None:
    # Speed itself is measured by benchmarks/ (a wall-clock bound here failed on a busy
    # 2-core machine); this test checks the mechanism that keeps the cost linear.
    stream = synthetic_stream(200_000)
    _, small = timed_merge(stream[:50_000])
    _, merger = timed_merge(stream)
    # Linear cost means a bounded number of comparisons per report at every size (blocking
    # keeps the candidates few; pairwise comparison would make it grow with the stream).
    # Counted, not timed, so a busy machine cannot make this flaky.
    assert small.comparisons < 3 * 50_000, small.comparisons
    assert merger.comparisons < 3 * len(stream), merger.comparisons
    assert sum(i.n_reports for i in merger.incidents) == len(stream)
    assert len(merger.incidents) < 0.5 * len(stream)  # most reports found their incident


# --- the store hook -------------------------------------------------------------------------


def stored_report(doc_id: str, text: str, *, killed: int, when: dt.date, place: dict) -> tuple:  # type: ignore[type-arg]
    event = Event(
        id="e1",
        type="ASSAULT",
        mode="bombing",
        sources=["river-front"],
        targets=["civilians"],
        date=DateValue(start=when, end=when, precision="day"),
        location=Location(name=place["city"], precision="city", **place),
        killed=killed,
        evidence=Span(start=0, end=len(text), text=text),
    )
    actor = Actor(id="river-front", name="River Front", type="armed_group")
    document = Document(id=doc_id, text=text, published=when + DAY)
    return document, Analysis(id=doc_id, actors=[actor], events=[event])


def test_store_merges_new_reports_incrementally(tmp_path: Path) -> None:
    store = Store(tmp_path / "incidents.db")
    a = "A car bomb killed seven people at the Kakuma livestock market."
    b = "Nine people died when a bomb went off near Kalobeyei, officials said."
    c = "Gunmen of the River Front bombed a bus station in North Horr."
    store.add(*stored_report("a", a, killed=7, when=MONDAY, place=NORTH))
    store.add_many(
        [
            stored_report("b", b, killed=9, when=MONDAY + DAY, place=NEAR),
            stored_report("c", c, killed=2, when=MONDAY, place=FAR),
        ]
    )
    assert store.count_incidents() == 2
    (pair,) = store.incidents(IncidentFilter(min_reports=2))
    assert [m.event_id for m in pair.members] == ["a:e1", "b:e1"]
    assert (pair.killed, pair.killed_min, pair.killed_max, pair.n_documents) == (9, 7, 9, 2)
    assert pair.members[0].reasons == ["first report"]
    assert any("km apart" in r for r in pair.members[1].reasons)
    assert store.incidents(IncidentFilter(actor="River Front", country="ken"))[0].id == pair.id
    assert store.incidents(IncidentFilter(date_from=MONDAY + 3 * DAY)) == []
    assert store.merge_new().reports == 0  # nothing left to merge

    # Removing a report dissolves its incident and re-merges the remaining reports.
    assert store.remove("a")
    (rest,) = store.incidents(IncidentFilter(min_reports=1, actor="river-front", date_to=MONDAY))
    assert rest.n_reports == 1
    assert store.count_incidents() == 2
    assert (store.incidents()[0].killed_min, store.incidents()[0].killed_max) in {(9, 9), (2, 2)}
    store.close()


def test_bulk_load_without_auto_merge_then_one_merge(tmp_path: Path) -> None:
    with Store(tmp_path / "bulk.db", auto_merge=False) as store:
        for i, place in enumerate((NORTH, NEAR, FAR)):
            text = f"Report {i}: a bomb exploded in {place['city']}."
            store.add(*stored_report(f"r{i}", text, killed=5, when=MONDAY, place=place))
        assert store.count_incidents() == 0
        summary = store.merge_new()
        assert (summary.reports, summary.new_incidents, summary.merged) == (3, 2, 1)


def test_reports_of_the_same_stream_merge_the_same_in_one_go_or_in_pieces() -> None:
    stream = synthetic_stream(3_000, seed=5)
    whole = merge_reports(stream)
    merger = Merger()
    for part in (stream[:1000], stream[1000:]):
        loaded = [replace(i, new_members=[], dirty=False) for i in merger.incidents]
        merger = Merger()
        for incident in loaded:
            merger.add_incident(incident)
        merger.add_all(part)
    assert sorted(i.n_reports for i in merger.incidents) == sorted(i.n_reports for i in whole)

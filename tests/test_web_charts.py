"""The situation room's chart geometry and display vocabularies (no server, no browser)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from sitroom.models import ACTOR_TYPES, EVENT_STATUSES
from sitroom.store import EventRow, MonthCount
from sitroom.web import charts, palette


def row(n: int, start: dt.date | None, **kw: Any) -> EventRow:
    fields: dict[str, Any] = {
        "id": f"d:{n}",
        "document_id": "d",
        "local_id": str(n),
        "type": "ASSAULT",
        "mode": None,
        "status": "occurred",
        "date_start": start,
        "date_end": start,
        "date_precision": "day" if start else "unknown",
        "date_text": None,
        "source_ids": [],
        "source_names": ["Group <b>"],
        "target_ids": [],
        "target_names": [],
        "claimed_by_ids": [],
        "claimed_by_names": [],
        "target_text": None,
        "location_name": None,
        "country": None,
        "admin1": None,
        "admin2": None,
        "city": None,
        "lat": None,
        "lon": None,
        "geo_precision": None,
        "geonameid": None,
        "killed": None,
        "wounded": None,
        "evidence_text": "x",
        "evidence_start": 0,
        "evidence_end": 1,
        "confidence": 0.5,
        "document_title": None,
        "document_url": None,
        "document_source": None,
        "document_published": None,
    }
    fields.update(kw)
    return EventRow(**fields)


def test_dense_window_drops_rare_far_values_only() -> None:
    values = [(v, 1) for v in range(100, 200)] + [(1, 1)]
    assert charts.dense_window(values) == (100, 199)  # the ends are near: kept
    assert charts.dense_window(values, slack=0) == (101, 197)
    # Fewer than 50 values: nothing is rare enough to leave out.
    assert charts.dense_window([(1, 1), (50, 1), (51, 1)]) == (1, 51)
    # Weights count: one heavy month is the whole window.
    assert charts.dense_window([(1, 1), (5, 1000), (9, 1)]) == (5, 5)
    with pytest.raises(ValueError):
        charts.dense_window([])


def test_timeline_axis_ignores_one_ancient_event_and_lists_it() -> None:
    base = dt.date(2022, 1, 1)
    rows = [row(i, base + dt.timedelta(days=i * 3)) for i in range(60)]
    rows.append(row(99, dt.date(1914, 6, 28)))
    hrefs = {r.id: f"/events/{r.id}" for r in rows}
    timeline = charts.event_timeline(rows, hrefs)
    assert timeline is not None and timeline.trimmed
    assert timeline.first >= "2022-01-01"
    assert [o.href for o in timeline.outliers][:1] == ["/events/d:99"]
    assert all(d.href != "/events/d:99" for d in timeline.dots)
    wide = charts.event_timeline(rows, hrefs, full=True)
    assert wide is not None and wide.first == "1914-06-28" and not wide.outliers
    assert len(wide.dots) == 61


def test_timeline_marks_follow_date_precision() -> None:
    day = dt.date(2022, 3, 2)
    rows = [
        row(1, day),
        row(2, day, date_precision="document"),
        row(3, dt.date(2022, 3, 1), date_end=dt.date(2022, 3, 31), date_precision="month"),
        row(4, day, date_end=dt.date(2022, 3, 5)),  # a range of days
        row(5, None),
        row(6, day, status="planned"),
    ]
    timeline = charts.event_timeline(rows, {r.id: r.id for r in rows})
    assert timeline is not None
    by_id = {d.href: d for d in timeline.dots}
    assert by_id["d:1"].mark == "solid" and by_id["d:2"].mark == "hollow"
    assert by_id["d:3"].mark == "band" and by_id["d:3"].x2 > by_id["d:3"].x + 20
    assert by_id["d:4"].mark == "band" and by_id["d:4"].precision == "range"
    assert timeline.undated == 1 and "d:5" not in by_id
    assert not by_id["d:6"].default_status and by_id["d:1"].default_status
    assert timeline.statuses == {"occurred": 4, "planned": 1}
    assert "planned" in by_id["d:6"].label and "publication" in by_id["d:2"].label


def test_month_bars_window_and_outliers() -> None:
    months = charts.months_between("1914-01", "2022-12")
    per_month = [(m, 0) for m in months]
    per_month[0] = ("1914-01", 1)
    for i in range(len(months) - 12, len(months)):
        per_month[i] = (months[i], 10)
    chart = charts.month_bars(per_month)
    assert chart is not None and chart.trimmed
    assert chart.first == "2022-01" and chart.outliers == [("1914-01", 1)]
    assert len(chart.bars) == 12
    full = charts.month_bars(per_month, full=True)
    assert full is not None and full.first == "1914-01" and not full.outliers
    assert charts.month_bars([("2022-01", 0)]) is None


def test_month_bars_stack_by_date_precision() -> None:
    counts = [
        MonthCount("2022-01", "ASSAULT", "day", "occurred", 4),
        MonthCount("2022-01", "ASSAULT", "range", "occurred", 2),
        MonthCount("2022-01", "PROTEST", "document", "occurred", 3),
        MonthCount("2022-03", "AID", "month", "attempted", 1),
        MonthCount("2022-03", "AID", "year", "occurred", 7),  # not placed in a month
    ]
    chart = charts.month_bars_by_precision(counts)
    assert chart is not None and [b.month for b in chart.bars] == ["2022-01", "2022-02", "2022-03"]
    january, february, march = chart.bars
    assert [(s.mark, s.events) for s in january.segments] == [("exact", 6), ("document", 3)]
    assert february.segments == () and [s.mark for s in march.segments] == ["month"]
    # Stacked bottom up, the segments fill the bar: exact at the baseline, heights by count.
    exact, document = january.segments
    assert exact.y + exact.height == chart.baseline
    assert abs(document.y + document.height - exact.y) < 0.02
    assert abs(exact.height / document.height - 2.0) < 0.01
    assert "6 dated to the day in the text" in january.label
    assert "3 dated by the publication" in january.label
    year_only = [MonthCount("2022-01", "AID", "year", "occurred", 1)]
    assert charts.month_bars_by_precision(year_only) is None


def test_aggregated_timeline_lists_months_outside_the_window() -> None:
    counts = [MonthCount(f"2022-{m:02d}", "ASSAULT", "day", "occurred", 50) for m in range(1, 13)]
    counts.append(MonthCount("1990-05", "AID", "day", "occurred", 1))
    hrefs = {(c.type, c.month): f"/events?m={c.month}" for c in counts}
    timeline = charts.aggregated_timeline(counts, hrefs)
    assert timeline is not None and timeline.first == "2022-01"
    assert [o.href for o in timeline.outliers] == ["/events?m=1990-05"]
    assert {lane.label for lane in timeline.lanes} == {"ASSAULT"}


def test_aggregated_timeline_splits_precision_and_counts_chosen_statuses() -> None:
    counts = [
        MonthCount("2022-03", "ASSAULT", "day", "occurred", 9),
        MonthCount("2022-03", "ASSAULT", "document", "occurred", 24),
        MonthCount("2022-03", "ASSAULT", "month", "attempted", 3),
        MonthCount("2022-03", "ASSAULT", "day", "thwarted", 5),
        MonthCount("2022-04", "PROTEST", "range", "planned", 2),
    ]
    hrefs = {(c.type, c.month): "/events" for c in counts}
    default = charts.aggregated_timeline(
        counts, hrefs, statuses=frozenset({"occurred", "attempted"})
    )
    assert default is not None
    (dot,) = default.dots  # April holds only a planned protest: not counted, not drawn
    assert dot.label == (
        "2022-03: 36 ASSAULT events (24 publication date only, 9 dated to the day, "
        "3 month only; 33 occurred, 3 attempted)"
    )
    # The core's area is the exact-day share of the circle's area: 9 of 36.
    assert dot.r_inner == pytest.approx(dot.r * (9 / 36) ** 0.5, abs=0.01)
    assert default.left_out == {"thwarted": 5, "planned": 2}
    assert default.marks == {"day": 9, "document": 24, "month": 3}
    every = charts.aggregated_timeline(counts, hrefs)
    assert every is not None and not every.left_out and len(every.dots) == 2
    april = next(d for d in every.dots if d.type == "PROTEST")
    assert april.r_inner == april.r  # a span of days counts as dated by the text
    assert charts.aggregated_timeline(counts[-1:], hrefs, statuses=frozenset({"occurred"})) is None


@pytest.mark.parametrize(
    ("name", "kind", "generic"),
    [
        ("Civilians", "civilians", True),
        ("Unidentified gunmen", "armed_group", True),
        ("an RPG", "other", True),
        ("APCs", "military", True),
        ("IED", "other", True),
        ("Taliban gunmen", "armed_group", False),
        ("Kenyan police", "police", False),
        ("Valdorian Army", "military", False),
        ("", "other", False),
    ],
)
def test_generic_actors(name: str, kind: str, generic: bool) -> None:
    assert palette.generic_actors().is_generic(name, kind) is generic


def test_generic_actor_vocabulary_is_validated() -> None:
    good = {"types": ["civilians"], "skip": ["the"], "words": ["gunmen"]}
    assert palette.parse_generic_actors(good).words == frozenset({"gunmen"})
    for bad in (
        {"types": ["civilians"], "skip": []},
        {**good, "types": ["aliens"]},
        {**good, "words": ["Two Words"]},
        {**good, "words": "gunmen"},
    ):
        with pytest.raises(ValueError):
            palette.parse_generic_actors(bad)


def test_palettes_cover_every_vocabulary_and_stay_distinct() -> None:
    assert set(palette.ACTOR_TYPE_STYLES) == set(ACTOR_TYPES)
    assert set(palette.STATUS_LABELS) == set(EVENT_STATUSES)
    styles = list(palette.ACTOR_TYPE_STYLES.values())
    assert len(set(styles)) == len(styles)  # colour + shape tell every type apart
    okabe = {c.upper() for c in palette.OKABE_ITO.values()}
    assert {c.upper() for c, _ in styles} <= okabe
    css = palette.palette_css()
    assert ".sw-actor-armed_group" in css and ".fill-type-ASSAULT" in css
    assert palette.date_mark("day", dt.date(2022, 1, 1), dt.date(2022, 1, 3)) == "range"
    assert palette.date_mark("document", dt.date(2022, 1, 1), dt.date(2022, 1, 1)) == "document"
    assert palette.date_mark("weird", None, None) == "unknown"


def test_aggregate_marks_escape_labels_links_and_types() -> None:
    counts = [
        MonthCount("2022-03", "ASSAULT", "day", "occurred", 4),
        MonthCount("2022-03", "ASSAULT", "document", "occurred", 4),
        MonthCount("2022-04", "PROTEST", "document", "occurred", 1),
    ]
    hrefs = {(c.type, c.month): f"/events?type={c.type}&m={c.month}" for c in counts}
    timeline = charts.aggregated_timeline(counts, hrefs)
    assert timeline is not None
    first, second = str(charts.aggregate_marks(timeline.dots)).split("\n  ")
    assert first.startswith('<a href="/events?type=ASSAULT&amp;m=2022-03" class="mark m-aggregate')
    # The exact-day core: half the events of March, none of April's.
    assert first.count("<circle") == 2 and 'class="core"' in first
    assert second.count("<circle") == 1 and "<title>2022-04: 1 PROTEST events" in second
    hostile = '<script>alert("x")</script>'
    dot = replace(timeline.dots[0], label=hostile, href=f'/events?q="{hostile}', type=hostile)
    svg = str(charts.aggregate_marks([dot]))
    assert "<script>" not in svg and svg.count("&lt;script&gt;") == 4  # type, label twice, href
    assert 'href="/events?q=&#34;&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"' in svg

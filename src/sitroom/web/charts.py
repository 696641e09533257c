"""Geometry of the server-rendered SVG charts (events per month, the timeline).

Python computes coordinates; the templates only print numbers and escaped labels into SVG, so
charts need no script and no inline style (the Content-Security-Policy forbids both).

Time axes show the dense window of the data by default: the 2nd to 98th percentile of the
events' dates. One event dated 1914 in a store of 2022 news would otherwise squeeze the rest
into a sliver. What falls outside is listed next to the chart, and ``full=True`` widens the
axis to everything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from markupsafe import Markup, escape

from sitroom.models import EVENT_TYPES
from sitroom.store import EventRow, MonthCount
from sitroom.web.palette import (
    ACTOR_TYPE_COLOURS,
    DATE_MARKS,
    DEFAULT_STATUSES,
    TYPE_COLOURS,
    date_mark,
)

__all__ = ["ACTOR_TYPE_COLOURS", "TYPE_COLOURS"]

WIDTH = 960
LEFT = 96  # room for lane labels / the y axis
RIGHT = 16
LOW, HIGH = 0.02, 0.98  # the dense window's percentiles
SLACK = 0.25  # values this close to the window (as a share of its span) stay in it


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last`` inclusive."""
    year, month = (int(p) for p in first.split("-"))
    out = []
    while (key := month_key(year, month)) <= last:
        out.append(key)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def dense_window(
    values: Sequence[tuple[int, int]], low: float = LOW, high: float = HIGH, slack: float = SLACK
) -> tuple[int, int]:
    """Where ``(value, weight)`` pairs are dense: the ``low`` to ``high`` weighted percentiles
    (nearest rank), widened to the values within ``slack`` times that span of its ends.

    A value is left out only when it is both rare (beyond the percentiles) and far from the
    rest (beyond the slack), so the latest events are never cut just for being the latest.
    With fewer than 1 / ``low`` items the percentiles are the extremes.
    """
    items = sorted((v, w) for v, w in values if w > 0)
    if not items:
        raise ValueError("no values")
    total = sum(w for _, w in items)

    def rank(fraction: float) -> int:
        target = max(1, math.ceil(fraction * total))
        seen = 0
        for value, weight in items:
            seen += weight
            if seen >= target:
                return value
        return items[-1][0]

    p_low, p_high = rank(low), rank(high)
    margin = slack * max(p_high - p_low, 1)
    near = [v for v, _ in items if p_low - margin <= v <= p_high + margin]
    return min(near), max(near)


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


def _ticks(months: list[str], x_of: dict[str, float]) -> list[Tick]:
    """Axis labels: months for spans up to two years, otherwise years (at most ~12 labels)."""
    if len(months) <= 24:
        step = 1 if len(months) <= 12 else 3
        return [Tick(x_of[m], m) for m in months[::step]]
    years = sorted({m[:4] for m in months})
    step = max(1, math.ceil(len(years) / 12))
    return [Tick(x_of.get(f"{y}-01", x_of[months[0]]), y) for y in years][::step]


# --- events per month -----------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """One precision's share of a month's bar (stacked bottom up: exact, publication, month)."""

    y: float
    height: float
    mark: str  # MONTH_SEGMENTS key: exact | document | month
    events: int


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    month: str
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    max_value: int
    baseline: float
    first: str
    last: str
    outliers: list[tuple[str, int]] = field(default_factory=list)  # (month, events) not drawn
    trimmed: bool = False  # the axis is the dense window, not everything


def month_bars(
    per_month: list[tuple[str, int]], *, height: int = 180, full: bool = False
) -> BarChart | None:
    """Bars of events per month (``per_month`` has every month, gaps as 0)."""
    counted = [(i, n) for i, (_, n) in enumerate(per_month) if n > 0]
    if not counted:
        return None
    lo, hi = (counted[0][0], counted[-1][0]) if full else dense_window(counted)
    shown = per_month[lo : hi + 1]
    outliers = [(m, n) for i, (m, n) in enumerate(per_month) if n and not lo <= i <= hi]
    top, bottom = 10.0, 24.0
    plot_h = height - top - bottom
    slot = (WIDTH - LEFT - RIGHT) / len(shown)
    peak = max(n for _, n in shown) or 1
    bars, x_of = [], {}
    for i, (month, n) in enumerate(shown):
        x = LEFT + i * slot
        x_of[month] = x
        h = plot_h * n / peak
        bars.append(
            Bar(
                x=round(x + slot * 0.1, 2),
                y=round(top + plot_h - h, 2),
                width=round(max(slot * 0.8, 0.5), 2),
                height=round(h, 2),
                label=f"{month}: {n} events",
                month=month,
            )
        )
    months = [m for m, _ in shown]
    return BarChart(
        WIDTH,
        height,
        bars,
        _ticks(months, x_of),
        peak,
        top + plot_h,
        months[0],
        months[-1],
        outliers,
        trimmed=bool(outliers),
    )


# A month's events by how well their date is known, bottom up: dated to the day in the text
# (a day or a span of days), dated only by the article's publication, dated to the month.
MONTH_SEGMENTS: dict[str, tuple[str, ...]] = {
    "exact": ("day", "range"),
    "document": ("document",),
    "month": ("week", "month"),
}
MONTH_SEGMENT_LABELS: dict[str, str] = {
    "exact": "dated to the day in the text",
    "document": "dated by the publication only",
    "month": "week or month only",
}


def month_bars_by_precision(
    counts: Sequence[MonthCount], *, height: int = 180, full: bool = False
) -> BarChart | None:
    """Bars of events per month, each stacked by date precision (:data:`MONTH_SEGMENTS`), so
    a month whose events were only dated by their article's publication looks it."""
    segment_of = {p: seg for seg, precisions in MONTH_SEGMENTS.items() for p in precisions}
    by_month: dict[str, dict[str, int]] = {}
    for c in counts:
        seg = segment_of.get(c.precision)
        if seg is None or c.events <= 0:
            continue
        cell = by_month.setdefault(c.month, {})
        cell[seg] = cell.get(seg, 0) + c.events
    if not by_month:
        return None
    months = months_between(min(by_month), max(by_month))
    per_month = [(m, sum(by_month.get(m, {}).values())) for m in months]
    chart = month_bars(per_month, height=height, full=full)
    if chart is None:
        return None
    bars = []
    for bar in chart.bars:
        cell = by_month.get(bar.month, {})
        total = sum(cell.values())
        segments, bottom = [], bar.y + bar.height  # stacked up from the baseline
        for seg in MONTH_SEGMENTS:
            n = cell.get(seg, 0)
            if not n:
                continue
            h = bar.height * n / total
            segments.append(Segment(round(bottom - h, 2), round(h, 2), seg, n))
            bottom -= h
        parts = ", ".join(f"{s.events} {MONTH_SEGMENT_LABELS[s.mark]}" for s in segments)
        label = f"{bar.month}: {total} events ({parts})"
        bars.append(replace(bar, label=label, segments=tuple(segments)))
    return replace(chart, bars=bars)


# --- timeline -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    colour: str
    label: str
    href: str
    type: str = ""
    mark: str = "solid"  # solid | hollow | band (see palette.DATE_MARKS)
    x2: float = 0.0  # a band's right end
    status: str = "occurred"
    precision: str = "day"
    r_inner: float = 0.0  # aggregated circles: the radius of the exact-day core

    @property
    def default_status(self) -> bool:
        return self.status in DEFAULT_STATUSES


@dataclass(frozen=True)
class Lane:
    y: float
    label: str
    colour: str


@dataclass(frozen=True)
class Outlier:
    label: str
    href: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    lanes: list[Lane]
    dots: list[Dot]
    ticks: list[Tick]
    aggregated: bool  # dots are (type, month) counts rather than single events
    first: str = ""  # the axis' first and last day (or month)
    last: str = ""
    outliers: list[Outlier] = field(default_factory=list)  # dated but outside the axis
    undated: int = 0
    trimmed: bool = False
    marks: dict[str, int] = field(default_factory=dict)  # events per DATE_MARKS key
    statuses: dict[str, int] = field(default_factory=dict)  # events per status
    # Aggregated: events of statuses not counted (not drawn), per status.
    left_out: dict[str, int] = field(default_factory=dict)


LANE_HEIGHT = 34
TOP = 8
AXIS = 26


def _lanes(types: set[str]) -> tuple[list[Lane], dict[str, float]]:
    ordered = [t for t in EVENT_TYPES if t in types]
    lanes = [
        Lane(TOP + LANE_HEIGHT * (i + 0.5), t, TYPE_COLOURS.get(t, "#777"))
        for i, t in enumerate(ordered)
    ]
    return lanes, {lane.label: lane.y for lane in lanes}


def _jitter(key: str) -> float:
    """A stable offset in [-0.3, 0.3] lane heights, so same-day events do not hide each other."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return (digest[0] / 255 - 0.5) * 0.6 * LANE_HEIGHT


def _span(row: EventRow) -> tuple[dt.date, dt.date]:
    assert row.date_start is not None
    end = row.date_end if row.date_end and row.date_end >= row.date_start else row.date_start
    return row.date_start, end


def _event_label(row: EventRow, mark: str) -> str:
    start, end = _span(row)
    when = str(start) if end == start else f"{start} to {end}"
    actors = ", ".join(row.source_names) or "?"
    targets = ", ".join(row.target_names)
    what = row.type + (f"/{row.mode}" if row.mode else "")
    return f"{when} ({DATE_MARKS[mark][1]}), {row.status}: {actors} {what}" + (
        f" → {targets}" if targets else ""
    )


def event_timeline(
    rows: list[EventRow], event_href: dict[str, str], *, full: bool = False
) -> Timeline | None:
    """One mark per dated event, in a lane per event type.

    Exact days are solid dots, publication-date fallbacks hollow dots, months, years and
    ranges bands over their span. Events outside the dense window are listed, not drawn.
    """
    dated = [
        r
        for r in rows
        if r.date_start is not None
        and date_mark(r.date_precision, r.date_start, r.date_end) != "unknown"
    ]
    if not dated:
        return None
    mids = [(_span(r)[0].toordinal() + _span(r)[1].toordinal()) // 2 for r in dated]
    if full:
        lo = min(_span(r)[0].toordinal() for r in dated)
        hi = max(_span(r)[1].toordinal() for r in dated)
    else:
        lo, hi = dense_window([(m, 1) for m in mids])
    pad = max(1.0, (hi - lo) * 0.02)
    origin, stop = lo - pad, hi + pad
    per_day = (WIDTH - LEFT - RIGHT) / (stop - origin)

    def x_at(ordinal: float) -> float:
        return LEFT + (min(max(ordinal, origin), stop) - origin) * per_day

    lanes, lane_y = _lanes({r.type for r in dated})
    dots: list[Dot] = []
    outliers: list[Outlier] = []
    marks: dict[str, int] = {}
    statuses: dict[str, int] = {}
    for r in dated:
        mark = date_mark(r.date_precision, r.date_start, r.date_end)
        start, end = _span(r)
        label = _event_label(r, mark)
        if end.toordinal() < lo or start.toordinal() > hi:
            outliers.append(Outlier(label, event_href[r.id]))
            continue
        marks[mark] = marks.get(mark, 0) + 1
        statuses[r.status] = statuses.get(r.status, 0) + 1
        style = DATE_MARKS[mark][0]
        x1 = x_at(start.toordinal())
        x2 = x_at(end.toordinal() + 1) if style == "band" else x1
        dots.append(
            Dot(
                round(x1, 2),
                round(lane_y[r.type] + _jitter(r.id), 2),
                4.5,
                TYPE_COLOURS.get(r.type, "#777"),
                label,
                event_href[r.id],
                type=r.type,
                mark=style,
                x2=round(max(x2, x1 + 3), 2),
                status=r.status,
                precision=mark,
            )
        )
    first, last = dt.date.fromordinal(lo), dt.date.fromordinal(hi)
    months = months_between(first.isoformat()[:7], last.isoformat()[:7])
    x_of = {m: x_at(dt.date.fromisoformat(f"{m}-01").toordinal()) for m in months}
    height = TOP + LANE_HEIGHT * len(lanes) + AXIS
    return Timeline(
        WIDTH,
        height,
        lanes,
        dots,
        _ticks(months, x_of),
        aggregated=False,
        first=first.isoformat(),
        last=last.isoformat(),
        outliers=outliers,
        undated=len(rows) - len(dated),
        trimmed=bool(outliers),
        marks=marks,
        statuses=statuses,
    )


# Date precisions of the aggregated timeline: the filled core counts dates the text gave to
# the day; the ring around it counts the rest (publication dates, months).
EXACT_PRECISIONS = frozenset({"day", "range"})
PRECISION_WORDS = {
    "day": "dated to the day",
    "range": "a span of days",
    "document": "publication date only",
    "month": "month only",
}


@dataclass
class MonthCell:
    """The events of one type in one month that the aggregated timeline counts."""

    total: int = 0
    precisions: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def exact(self) -> int:
        return sum(n for p, n in self.precisions.items() if p in EXACT_PRECISIONS)

    def describe(self, kind: str, month: str) -> str:
        parts = [
            f"{n} {PRECISION_WORDS.get(p, p)}"
            for p, n in sorted(self.precisions.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        states = [f"{n} {s}" for s, n in sorted(self.statuses.items(), key=lambda kv: -kv[1])]
        return f"{month}: {self.total} {kind} events ({', '.join(parts)}; {', '.join(states)})"


def month_cells(
    counts: Sequence[MonthCount], statuses: frozenset[str] | None
) -> tuple[dict[tuple[str, str], MonthCell], dict[str, int]]:
    """Per (type, month), the events whose status is in ``statuses`` (None: every status), by
    precision and status; and the events of the other statuses, per status."""
    cells: dict[tuple[str, str], MonthCell] = {}
    left_out: dict[str, int] = {}
    for c in counts:
        if statuses is not None and c.status not in statuses:
            left_out[c.status] = left_out.get(c.status, 0) + c.events
            continue
        cell = cells.setdefault((c.type, c.month), MonthCell())
        cell.total += c.events
        cell.precisions[c.precision] = cell.precisions.get(c.precision, 0) + c.events
        cell.statuses[c.status] = cell.statuses.get(c.status, 0) + c.events
    return cells, left_out


def aggregated_timeline(
    counts: Sequence[MonthCount],
    month_href: dict[tuple[str, str], str],
    *,
    statuses: frozenset[str] | None = None,
    full: bool = False,
) -> Timeline | None:
    """One circle per (event type, month), its area proportional to the number of events whose
    status is in ``statuses`` (None: all). A filled core, by area, counts the events dated to
    the day by their text; the white ring around it, those dated by their article's
    publication or to a month only. The events of other statuses are counted in
    ``Timeline.left_out``."""
    cells, left_out = month_cells(counts, statuses)
    if not cells:
        return None
    every = months_between(min(m for _, m in cells), max(m for _, m in cells))
    index = {m: i for i, m in enumerate(every)}
    per_month: dict[int, int] = {}
    for (_, month), cell in cells.items():
        per_month[index[month]] = per_month.get(index[month], 0) + cell.total
    lo, hi = (0, len(every) - 1) if full else dense_window(sorted(per_month.items()))
    months = every[lo : hi + 1]
    slot = (WIDTH - LEFT - RIGHT) / len(months)
    x_of = {m: LEFT + (i + 0.5) * slot for i, m in enumerate(months)}
    shown = {k: cell for k, cell in cells.items() if k[1] in x_of}
    lanes, lane_y = _lanes({t for t, _ in shown})
    peak = max(cell.total for cell in shown.values())
    r_max = min(LANE_HEIGHT * 0.45, max(slot * 0.6, 2.0))
    dots = []
    marks: dict[str, int] = {}
    shown_statuses: dict[str, int] = {}
    for (kind, month), cell in sorted(shown.items()):
        r = max(1.2, r_max * math.sqrt(cell.total / peak))
        for p, n in cell.precisions.items():
            marks[p] = marks.get(p, 0) + n
        for st, n in cell.statuses.items():
            shown_statuses[st] = shown_statuses.get(st, 0) + n
        dots.append(
            Dot(
                round(x_of[month], 2),
                round(lane_y[kind], 2),
                round(r, 2),
                TYPE_COLOURS.get(kind, "#777"),
                cell.describe(kind, month),
                month_href[(kind, month)],
                type=kind,
                mark="aggregate",
                status="",
                precision="month",
                r_inner=round(r * math.sqrt(cell.exact / cell.total), 2),
            )
        )
    outliers = [
        Outlier(cell.describe(kind, month), month_href[(kind, month)])
        for (kind, month), cell in sorted(cells.items())
        if month not in x_of
    ]
    height = TOP + LANE_HEIGHT * len(lanes) + AXIS
    return Timeline(
        WIDTH,
        height,
        lanes,
        dots,
        _ticks(months, x_of),
        aggregated=True,
        first=months[0],
        last=months[-1],
        outliers=outliers,
        trimmed=bool(outliers),
        marks=marks,
        statuses=shown_statuses,
        left_out=left_out,
    )


def aggregate_marks(dots: Sequence[Dot]) -> Markup:
    """The aggregated timeline's circles as SVG markup (the template's own form, built here):
    some 2,000 circles at a million events, each label escaped once for its two uses and no
    template lookups per attribute (rendering them took 0.1 s, as long as the chart)."""
    parts = []
    for d in dots:
        label = escape(d.label)
        core = f'<circle class="core" cx="{d.x}" cy="{d.y}" r="{d.r_inner}"/>' if d.r_inner else ""
        parts.append(
            f'<a href="{escape(d.href)}" class="mark m-aggregate fill-type-{escape(d.type)}" '
            f'aria-label="{label}"><circle class="ring" cx="{d.x}" cy="{d.y}" r="{d.r}">'
            f"<title>{label}</title></circle>{core}</a>"
        )
    return Markup("\n  ".join(parts))

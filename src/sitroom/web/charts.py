"""Geometry of the server-rendered SVG charts (events per month, the timeline).

Python computes coordinates; the templates only print numbers and escaped labels into SVG, so
charts need no script and no inline style (the Content-Security-Policy forbids both).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass

from sitroom.models import EVENT_TYPES
from sitroom.ontology import ontology
from sitroom.store import EventRow
from sitroom.web.queries import months_between

# One colour per PLOVER type (cooperation in blues/greens, conflict in oranges/reds) and per
# actor type: the ontology's display colours.
TYPE_COLOURS: dict[str, str] = ontology().type_colours()
ACTOR_TYPE_COLOURS: dict[str, str] = ontology().actor_type_colours()

WIDTH = 960
LEFT = 96  # room for lane labels / the y axis
RIGHT = 16


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    month: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    max_value: int
    baseline: float


def _year_ticks(months: list[str], x_of: dict[str, float]) -> list[Tick]:
    """Axis labels: months for spans up to two years, otherwise years (at most ~12 labels)."""
    if len(months) <= 24:
        step = 1 if len(months) <= 12 else 3
        return [Tick(x_of[m], m) for m in months[::step]]
    years = sorted({m[:4] for m in months})
    step = max(1, math.ceil(len(years) / 12))  # at most ~12 labels
    return [Tick(x_of[f"{y}-01"] if f"{y}-01" in x_of else x_of[months[0]], y) for y in years][
        ::step
    ]


def month_bars(per_month: list[tuple[str, int]], *, height: int = 180) -> BarChart | None:
    """Bars of events per month (``per_month`` has every month, gaps as 0)."""
    if not per_month:
        return None
    top, bottom = 10.0, 24.0
    plot_h = height - top - bottom
    slot = (WIDTH - LEFT - RIGHT) / len(per_month)
    peak = max(n for _, n in per_month) or 1
    bars, x_of = [], {}
    for i, (month, n) in enumerate(per_month):
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
    months = [m for m, _ in per_month]
    return BarChart(WIDTH, height, bars, _year_ticks(months, x_of), peak, top + plot_h)


# --- timeline -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    colour: str
    label: str
    href: str


@dataclass(frozen=True)
class Lane:
    y: float
    label: str
    colour: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    lanes: list[Lane]
    dots: list[Dot]
    ticks: list[Tick]
    aggregated: bool  # dots are (type, month) counts rather than single events


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


def _day_scale(first: dt.date, last: dt.date) -> tuple[float, float]:
    span = max((last - first).days, 1)
    return float(first.toordinal()), (WIDTH - LEFT - RIGHT) / span


def event_timeline(rows: list[EventRow], event_href: dict[str, str]) -> Timeline | None:
    """One dot per dated event, in a lane per event type."""
    dated = [r for r in rows if r.date_start is not None]
    if not dated:
        return None
    days = [r.date_start for r in dated if r.date_start]
    first, last = min(days), max(days)
    origin, per_day = _day_scale(first, last)
    lanes, lane_y = _lanes({r.type for r in dated})
    dots = []
    for r in dated:
        assert r.date_start is not None
        x = LEFT + (r.date_start.toordinal() - origin) * per_day
        actors = ", ".join(r.source_names) or "?"
        targets = ", ".join(r.target_names)
        what = f"{r.type}" + (f"/{r.mode}" if r.mode else "")
        label = f"{r.date_start}: {actors} {what}" + (f" → {targets}" if targets else "")
        dots.append(
            Dot(
                round(x, 2),
                round(lane_y[r.type] + _jitter(r.id), 2),
                4.5,
                TYPE_COLOURS.get(r.type, "#777"),
                label,
                event_href[r.id],
            )
        )
    months = months_between(first.isoformat()[:7], last.isoformat()[:7])
    x_of = {
        m: LEFT + (dt.date.fromisoformat(f"{m}-01").toordinal() - origin) * per_day for m in months
    }
    x_of = {m: max(LEFT, x) for m, x in x_of.items()}
    height = TOP + LANE_HEIGHT * len(lanes) + AXIS
    return Timeline(WIDTH, height, lanes, dots, _year_ticks(months, x_of), aggregated=False)


def aggregated_timeline(
    counts: dict[tuple[str, str], int], month_href: dict[tuple[str, str], str]
) -> Timeline | None:
    """One circle per (event type, month), its area proportional to the number of events."""
    if not counts:
        return None
    months = months_between(min(m for _, m in counts), max(m for _, m in counts))
    slot = (WIDTH - LEFT - RIGHT) / len(months)
    x_of = {m: LEFT + (i + 0.5) * slot for i, m in enumerate(months)}
    lanes, lane_y = _lanes({t for t, _ in counts})
    peak = max(counts.values())
    r_max = min(LANE_HEIGHT * 0.45, max(slot * 0.6, 2.0))
    dots = [
        Dot(
            round(x_of[month], 2),
            round(lane_y[kind], 2),
            round(max(1.2, r_max * math.sqrt(n / peak)), 2),
            TYPE_COLOURS.get(kind, "#777"),
            f"{month}: {n} {kind} events",
            month_href[(kind, month)],
        )
        for (kind, month), n in sorted(counts.items())
    ]
    height = TOP + LANE_HEIGHT * len(lanes) + AXIS
    return Timeline(WIDTH, height, lanes, dots, _year_ticks(months, x_of), aggregated=True)

"""Cross-document event merging: reports of one incident in several articles become one incident.

Each stored event is a *report*. A report joins an existing incident when every rule below
holds; otherwise it opens a new incident. Every report is kept as a member with the score and
the reasons of its match, so a merge can always be checked and undone.

Rules (all must hold):

- **type**: the same PLOVER type; the same mode, a mode on one side only, or two modes that
  reporters confuse (:data:`COMPATIBLE_MODES`, e.g. ``air_strike``/``shelling``).
- **status**: both among occurred/attempted/thwarted. Negated, hypothetical, planned and
  threatened events never merge: they are not occurrences.
- **documents**: the report's document is not already in the incident (two events the events
  stage kept apart in one article stay apart).
- **date**: the windows overlap. A day-precise date matches +-1 day; a ``document`` date (the
  publication day, used when the text gives none) matches the two days before it as well;
  month and year dates match their whole span. Undated and decade-precise events never merge.
  The incident's window is the intersection of its members' windows, so a chain of reports
  cannot drift day by day.
- **place**: the same country; then, by the coarser of the two precisions: city/coordinates
  within 25 km, admin2 within 50 km, admin1 the same first-level division (when both name
  one), country nothing more. Events without a country never merge.
- **window**: a date window wider than :data:`MAX_WINDOW_DAYS` never merges; windows are
  clamped at the calendar's ends (a report dated 0001-01-01 or 9999-12-31 is still placed).
- **not both coarse**: a month/year date *and* a country/admin1 place on the same pair is too
  loose to call the same incident.
- **actors**: when both sides name sources (perpetrators or claimants) they share one; the same
  for targets. An unidentified perpetrator or an empty side is compatible with anything.
- **counts**: two death (or injury) tolls ``a <= b`` are compatible when ``b <= 3 * a + 10``:
  tolls rise as bodies are counted, but not tenfold.

Counts of an incident: ``killed``/``wounded`` are the highest figure among its reports (the
compatibility rule above keeps out figures that cannot be the same toll, and the later, higher
counts are usually the complete ones); ``killed_min``/``killed_max`` keep the reported range.

Cost: candidates are found by blocking, not by comparing every pair. An incident is indexed
under (country, ISO week, admin1) and (country, ISO week, 0.25-degree cell) for every week
its window touches; a report looks only in its own admin1, the 3x3 cells around it, and the
incidents known only to country level; a country-level report looks at the whole country and
week. Each report therefore meets a bounded number of candidates, and the total cost grows
about linearly with the number of reports.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sitroom.ontology import ontology
from sitroom.places.geo import haversine_km

DAY = dt.timedelta(days=1)
# A report whose date window is wider than this never merges: "sometime in these two years" is
# too loose to call the same incident, and blocking by week would index every week of it.
MAX_WINDOW_DAYS = 400
MERGEABLE_STATUSES = frozenset({"occurred", "attempted", "thwarted"})
# The actor the actors stage uses for a perpetrator it could not name (sitroom.actors).
UNIDENTIFIED_ACTORS = frozenset({"unidentified-armed-group"})
# Modes reporters use for one act (the ontology's confusable_modes, in plover.yaml).
COMPATIBLE_MODES: frozenset[frozenset[str]] = ontology().confusable_modes
FINE_DATE_PRECISIONS = frozenset({"day", "document"})
COARSE_DATE_PRECISIONS = frozenset({"month", "year"})
# Geographic precision, finest last (the ontology's ranks); "coordinates" counts as city.
GEO_RANK = {
    p: min(ontology().location_rank(p), ontology().location_rank("city"))
    for p in ontology().location_precisions
}
DISTANCE_LIMIT_KM = {2: 50.0, 3: 25.0}
CELL_DEGREES = 0.25
MIN_SCORE = 0.6


@dataclass(frozen=True, slots=True)
class Report:
    """One stored event as the merger sees it (``key`` is the event's primary key)."""

    key: int
    document_id: str
    type: str
    mode: str | None = None
    status: str = "occurred"
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str = "unknown"
    country: str | None = None
    admin1: str | None = None
    city: str | None = None
    location_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: str | None = None
    sources: tuple[str, ...] = ()  # perpetrators and claimants
    targets: tuple[str, ...] = ()
    killed: int | None = None
    wounded: int | None = None


@dataclass(frozen=True)
class MergeSummary:
    """What one merge did: ``reports`` merged, of which ``merged`` joined an earlier incident
    and the rest opened ``new_incidents``."""

    reports: int = 0
    new_incidents: int = 0
    merged: int = 0

    def __add__(self, other: MergeSummary) -> MergeSummary:
        return MergeSummary(
            self.reports + other.reports,
            self.new_incidents + other.new_incidents,
            self.merged + other.merged,
        )

    def __sub__(self, other: MergeSummary) -> MergeSummary:
        return MergeSummary(
            self.reports - other.reports,
            self.new_incidents - other.new_incidents,
            self.merged - other.merged,
        )


@dataclass(frozen=True, slots=True)
class Membership:
    """Why a report belongs to its incident."""

    key: int
    score: float
    reasons: tuple[str, ...]


@dataclass(slots=True, eq=False)  # identity semantics: two incidents are never "equal"
class Incident:
    """One occurrence and what its reports say together.

    ``id`` is the store's id (None until written); ``new_members`` are the memberships not yet
    written; ``dirty`` marks an incident whose summary changed since it was loaded.
    """

    id: int | None
    type: str
    mode: str | None
    status: str
    mergeable: bool
    match_from: dt.date | None
    match_to: dt.date | None
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str
    location_name: str | None
    country: str | None
    admin1: str | None
    city: str | None
    lat: float | None
    lon: float | None
    geo_precision: str | None
    sources: set[str] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)
    document_ids: set[str] = field(default_factory=set)
    killed_min: int | None = None
    killed_max: int | None = None
    wounded_min: int | None = None
    wounded_max: int | None = None
    n_reports: int = 0
    new_members: list[Membership] = field(default_factory=list)
    dirty: bool = True

    @property
    def killed(self) -> int | None:
        return self.killed_max

    @property
    def wounded(self) -> int | None:
        return self.wounded_max

    @property
    def n_documents(self) -> int:
        return len(self.document_ids)


# --- single rules ---------------------------------------------------------------------------


def date_window(
    start: dt.date | None, end: dt.date | None, precision: str
) -> tuple[dt.date, dt.date] | None:
    """The dates a report of this date may refer to; None when it cannot be placed in time."""
    if start is None:
        return None
    end = end or start
    if precision == "day":
        return _shift(start, -1), _shift(end, 1)
    if precision == "document":
        return _shift(start, -2), end
    if precision in COARSE_DATE_PRECISIONS:
        return start, end
    return None


def _shift(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, clamped at the calendar's ends (0001-01-01, 9999-12-31)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min if days < 0 else dt.date.max


def _window_too_wide(window: tuple[dt.date, dt.date]) -> bool:
    return (window[1] - window[0]).days > MAX_WINDOW_DAYS


def is_mergeable(report: Report) -> bool:
    window = date_window(report.date_start, report.date_end, report.date_precision)
    return (
        report.status in MERGEABLE_STATUSES
        and report.country is not None
        and window is not None
        and not _window_too_wide(window)
    )


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    return haversine_km(lat1, lon1, lat2, lon2)


def _geo_rank(precision: str | None, admin1: str | None) -> int:
    if precision in GEO_RANK:
        return GEO_RANK[precision]
    return 1 if admin1 else 0


def _same_name(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.casefold() == b.casefold()


def counts_compatible(a: int | None, b: int | None) -> bool:
    if a is None or b is None:
        return True
    low, high = min(a, b), max(a, b)
    return high <= 3 * low + 10


def _mode_match(incident: Incident, report: Report) -> tuple[float, str] | None:
    if incident.mode == report.mode:
        return 1.0, f"same type {report.type}" + (f"/{report.mode}" if report.mode else "")
    if incident.mode is None or report.mode is None:
        return 0.7, f"same type {report.type}, mode given once"
    if frozenset((incident.mode, report.mode)) in COMPATIBLE_MODES:
        return 0.5, f"compatible modes {incident.mode}/{report.mode}"
    return None


def _date_match(
    incident: Incident, window: tuple[dt.date, dt.date], report: Report
) -> tuple[float, str] | None:
    assert incident.match_from is not None and incident.match_to is not None
    if window[1] < incident.match_from or window[0] > incident.match_to:
        return None
    if report.date_start == incident.date_start and report.date_precision == "day":
        return 1.0, f"same day {report.date_start}"
    if report.date_precision in FINE_DATE_PRECISIONS:
        return 0.8, f"dates within the window {incident.match_from}..{incident.match_to}"
    return 0.5, f"{report.date_precision} date overlaps {incident.match_from}..{incident.match_to}"


def _place_match(incident: Incident, report: Report) -> tuple[float, str] | None:
    if incident.country != report.country:
        return None
    rank = min(
        _geo_rank(incident.geo_precision, incident.admin1),
        _geo_rank(report.geo_precision, report.admin1),
    )
    if rank >= 2 and None not in (incident.lat, incident.lon, report.lat, report.lon):
        km = distance_km(incident.lat, incident.lon, report.lat, report.lon)  # type: ignore[arg-type]
        limit = DISTANCE_LIMIT_KM[rank]
        if km > limit:
            return None
        return 1.0 - 0.4 * km / limit, f"{km:.1f} km apart (limit {limit:.0f} km)"
    if rank >= 1 and incident.admin1 and report.admin1:
        if not _same_name(incident.admin1, report.admin1):
            return None
        if rank >= 2 and incident.city and report.city:
            if not _same_name(incident.city, report.city):
                return None
            return 0.9, f"same place {report.city}"
        return 0.6, f"same admin1 {report.admin1}"
    return 0.4, f"same country {report.country}"


def _side_match(known: set[str], incoming: tuple[str, ...], side: str) -> tuple[float, str] | None:
    named = {a for a in incoming if a not in UNIDENTIFIED_ACTORS}
    kept = known - UNIDENTIFIED_ACTORS
    if not named or not kept:
        return 0.5, f"{side} unknown on one side"
    shared = sorted(named & kept)
    if not shared:
        return None
    return 1.0, f"shared {side} {', '.join(shared)}"


def _count_match(incident: Incident, report: Report) -> tuple[float, str] | None:
    pairs = (
        ("killed", incident.killed_min, incident.killed_max, report.killed),
        ("wounded", incident.wounded_min, incident.wounded_max, report.wounded),
    )
    scores, reasons = [], []
    for name, low, high, value in pairs:
        if value is None or low is None or high is None:
            continue
        if not (counts_compatible(low, value) and counts_compatible(high, value)):
            return None
        scores.append(1.0 if low == high == value else 0.7)
        reasons.append(f"{name} {value} fits {low}-{high}")
    if not scores:
        return 0.8, "no conflicting counts"
    return sum(scores) / len(scores), "; ".join(reasons)


def compare(incident: Incident, report: Report) -> Membership | None:
    """The membership ``report`` would have in ``incident``; None when a rule says no."""
    window = date_window(report.date_start, report.date_end, report.date_precision)
    if not incident.mergeable or window is None or not is_mergeable(report):
        return None
    if report.type != incident.type or report.document_id in incident.document_ids:
        return None
    if (
        report.date_precision in COARSE_DATE_PRECISIONS
        and incident.date_precision in COARSE_DATE_PRECISIONS
        and min(
            _geo_rank(report.geo_precision, report.admin1),
            _geo_rank(incident.geo_precision, incident.admin1),
        )
        <= 1
    ):
        return None
    parts = (
        _mode_match(incident, report),
        _date_match(incident, window, report),
        _place_match(incident, report),
        _side_match(incident.sources, report.sources, "source"),
        _side_match(incident.targets, report.targets, "target"),
        _count_match(incident, report),
    )
    if any(p is None for p in parts):
        return None
    scores = [p[0] for p in parts if p is not None]
    score = round(sum(scores) / len(scores), 3)
    if score < MIN_SCORE:
        return None
    return Membership(report.key, score, tuple(p[1] for p in parts if p is not None))


# --- incidents ------------------------------------------------------------------------------


def _extend(low: int | None, high: int | None, value: int | None) -> tuple[int | None, int | None]:
    if value is None:
        return low, high
    return (value if low is None else min(low, value)), (
        value if high is None else max(high, value)
    )


def open_incident(report: Report) -> Incident:
    """A new incident whose first (and so far only) report is ``report``."""
    window = date_window(report.date_start, report.date_end, report.date_precision)
    mergeable = is_mergeable(report)
    reason = "first report" if mergeable else "not mergeable: " + _unmergeable_reason(report)
    return Incident(
        id=None,
        type=report.type,
        mode=report.mode,
        status=report.status,
        mergeable=mergeable,
        match_from=window[0] if window else None,
        match_to=window[1] if window else None,
        date_start=report.date_start,
        date_end=report.date_end,
        date_precision=report.date_precision,
        location_name=report.location_name,
        country=report.country,
        admin1=report.admin1,
        city=report.city,
        lat=report.lat,
        lon=report.lon,
        geo_precision=report.geo_precision,
        sources=set(report.sources),
        targets=set(report.targets),
        document_ids={report.document_id},
        killed_min=report.killed,
        killed_max=report.killed,
        wounded_min=report.wounded,
        wounded_max=report.wounded,
        n_reports=1,
        new_members=[Membership(report.key, 1.0, (reason,))],
    )


def quarantined(report: Report, reason: str) -> Incident:
    """An incident of ``report`` alone that never merges: the merge of its document failed
    (``reason``), and one bad report must not stop every later merge."""
    incident = open_incident(report)
    incident.mergeable = False
    incident.new_members = [Membership(report.key, 1.0, (f"not mergeable: {reason}",))]
    return incident


def _unmergeable_reason(report: Report) -> str:
    if report.status not in MERGEABLE_STATUSES:
        return f"status {report.status}"
    if report.country is None:
        return "no country"
    window = date_window(report.date_start, report.date_end, report.date_precision)
    if window is not None and _window_too_wide(window):
        return f"date window over {MAX_WINDOW_DAYS} days"
    return f"date precision {report.date_precision}"


# The ontology's date ranks, except that a publication date ("document") is taken as finer
# than a month: a report dated by its day of publication narrows an incident dated to a month.
_DATE_RANK = {
    "day": ontology().date_rank("day"),
    "document": ontology().date_rank("day") - 0.5,
    "month": ontology().date_rank("month"),
    "year": ontology().date_rank("year"),
}


def absorb(incident: Incident, report: Report, membership: Membership) -> None:
    """Add a matched report to the incident and refine its summary."""
    window = date_window(report.date_start, report.date_end, report.date_precision)
    assert window is not None and incident.match_from and incident.match_to
    incident.match_from = max(incident.match_from, window[0])
    incident.match_to = min(incident.match_to, window[1])
    if _DATE_RANK.get(report.date_precision, -1) > _DATE_RANK.get(incident.date_precision, -1):
        incident.date_start, incident.date_end = report.date_start, report.date_end
        incident.date_precision = report.date_precision
    if _geo_rank(report.geo_precision, report.admin1) > _geo_rank(
        incident.geo_precision, incident.admin1
    ):
        incident.location_name, incident.admin1, incident.city = (
            report.location_name,
            report.admin1,
            report.city,
        )
        incident.lat, incident.lon = report.lat, report.lon
        incident.geo_precision = report.geo_precision
    if incident.mode is None:
        incident.mode = report.mode
    if report.status == "occurred":
        incident.status = "occurred"
    incident.sources.update(report.sources)
    incident.targets.update(report.targets)
    incident.document_ids.add(report.document_id)
    incident.killed_min, incident.killed_max = _extend(
        incident.killed_min, incident.killed_max, report.killed
    )
    incident.wounded_min, incident.wounded_max = _extend(
        incident.wounded_min, incident.wounded_max, report.wounded
    )
    incident.n_reports += 1
    incident.new_members.append(membership)
    incident.dirty = True


# --- blocking -------------------------------------------------------------------------------

# (country, week, place key); a place key is ("a", admin1), ("c", row, col) or a marker.
PlaceKey = tuple[object, ...]
BlockKey = tuple[str, int, PlaceKey]
COUNTRY_LEVEL: PlaceKey = ("*",)  # incidents known only to country level
WHOLE_COUNTRY: PlaceKey = ("**",)  # every incident of the country


def _weeks(start: dt.date, end: dt.date) -> range:
    """Week numbers (days since 0001-01-01 // 7, Monday-aligned) that [start, end] touches."""
    return range(start.toordinal() // 7, end.toordinal() // 7 + 1)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_DEGREES), math.floor(lon / CELL_DEGREES)


def _place_keys(admin1: str | None, lat: float | None, lon: float | None) -> list[PlaceKey]:
    keys: list[PlaceKey] = []
    if admin1:
        keys.append(("a", admin1.casefold()))
    if lat is not None and lon is not None:
        keys.append(("c", *_cell(lat, lon)))
    return keys or [COUNTRY_LEVEL]


def _lookup_keys(report: Report) -> list[PlaceKey]:
    if report.admin1 is None and (report.lat is None or report.lon is None):
        return [WHOLE_COUNTRY]  # a country-level report may match anything in the country
    keys = [COUNTRY_LEVEL]
    if report.admin1:
        keys.append(("a", report.admin1.casefold()))
    if report.lat is not None and report.lon is not None:
        row, col = _cell(report.lat, report.lon)
        keys.extend([("c", r, c) for r in (row - 1, row, row + 1) for c in (col - 1, col, col + 1)])
    return keys


class Merger:
    """Merges a stream of reports into incidents, in memory, with blocking.

    Load the incidents already stored near the new reports with :meth:`add_incident`, then feed
    reports to :meth:`add`; :attr:`incidents` holds every incident, ``dirty`` ones to write.
    """

    def __init__(self) -> None:
        self.incidents: list[Incident] = []
        self._blocks: dict[BlockKey, list[int]] = defaultdict(list)
        self.comparisons = 0

    def add_incident(self, incident: Incident) -> None:
        index = len(self.incidents)
        self.incidents.append(incident)
        self._index(index, incident)

    def _index(self, index: int, incident: Incident) -> None:
        if not incident.mergeable or incident.country is None or incident.match_from is None:
            return
        assert incident.match_to is not None
        keys = _place_keys(incident.admin1, incident.lat, incident.lon)
        for week in _weeks(incident.match_from, incident.match_to):
            for key in [*keys, WHOLE_COUNTRY]:
                bucket = self._blocks[(incident.country, week, key)]
                if not bucket or bucket[-1] != index:
                    bucket.append(index)

    def candidates(self, report: Report) -> Iterator[int]:
        window = date_window(report.date_start, report.date_end, report.date_precision)
        if window is None or report.country is None:
            return
        seen: set[int] = set()
        keys = _lookup_keys(report)
        for week in _weeks(*window):
            for key in keys:
                for index in self._blocks.get((report.country, week, key), ()):
                    if index not in seen:
                        seen.add(index)
                        yield index

    def add(self, report: Report) -> Incident:
        """Merge one report: into the best-matching incident, or into a new one."""
        best: tuple[float, int, Membership] | None = None
        if is_mergeable(report):
            for index in self.candidates(report):
                self.comparisons += 1
                match = compare(self.incidents[index], report)
                if match and (best is None or match.score > best[0]):
                    best = (match.score, index, match)
        if best is None:
            incident = open_incident(report)
            self.add_incident(incident)
            return incident
        _, index, membership = best
        incident = self.incidents[index]
        before = (incident.admin1, incident.lat, incident.lon, incident.match_from)
        absorb(incident, report, membership)
        if (incident.admin1, incident.lat, incident.lon, incident.match_from) != before:
            self._index(index, incident)  # a finer place adds buckets; stale ones stay harmless
        return incident

    def add_all(self, reports: Iterable[Report]) -> None:
        for report in reports:
            self.add(report)


def merge_reports(reports: Iterable[Report]) -> list[Incident]:
    """Merge reports from scratch (no stored incidents) and return every incident."""
    merger = Merger()
    merger.add_all(reports)
    return merger.incidents

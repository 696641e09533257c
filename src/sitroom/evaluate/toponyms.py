"""``sitroom eval --mode places``: score the places of whole articles against toponym gold.

The gold folder is the VOA development set (``../shared/data/voa``): ``stories.jsonl`` (one
story a line: ``id``, ``text``, ``published`` ...) and ``toponyms/<id>.json``, every place-name
mention of the story with its offsets, ``kind`` (literal, metonymic, demonym), feature class,
country (ISO alpha-3), admin1 and approximate coordinates (see ``TOPONYM_GUIDELINES.md`` there).
Each story is analyzed with the full pipeline; the mentions of ``Analysis.places`` (each with its
place's ``kind``) are compared with the gold mentions by span overlap:

* ``literal recall``: gold literal mentions overlapped by a predicted literal mention;
* ``literal precision``: predicted literal mentions that overlap a gold literal mention;
* ``kind``: gold mentions of any kind overlapped by a predicted mention of the same kind;
* ``within 161 km`` / ``within 50 km``, ``country``, ``admin1``: on the literal mentions found
  (those with gold coordinates, a gold admin1), the predicted place against the gold one. A
  gold country or first-order division resolved to that same unit counts as within at any
  distance: the gold gives "its usual centroid" and the gazetteer another one (China's two
  points are 180 km apart, Canada's 900 km); ``within_161km_raw`` is the plain distance;
* ``end to end``: gold literal mentions found *and* within 161 km, over all gold literal mentions;
* ``metonymic as points``: gold metonymic mentions that came out as a literal place with
  coordinates (a government drawn on the map); the goal is none.

The figures are also given for the two halves of the stories (ids sorted; even and odd
positions, as ``--mode document`` splits them), so that a rule developed on one half can be
checked on the other.

Two known differences between the annotators are accepted either way (the gold's README): a
country name right before an institution's name ("U.S. State Department", "Russian Defense
Ministry") may be literal or metonymic, so such a mention counts neither for nor against the
literal figures and either kind is right; and Hong Kong may be coded HKG or CHN.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitroom.evaluate.documents import HALVES, half_of
from sitroom.evaluate.modes import EvalOptions, Mode, register
from sitroom.models import Analysis, Document, Location, Place
from sitroom.places.geo import haversine_km

if TYPE_CHECKING:
    from sitroom.places import Geocoder

FIELDS = (
    "literal_recall",
    "literal_precision",
    "kind",
    "within_161km",
    "within_50km",
    "within_161km_raw",
    "country",
    "admin1",
    "end_to_end",
)
_HONG_KONG = frozenset({"HKG", "CHN"})


@dataclass
class Tally:
    right: int = 0
    n: int = 0

    def add(self, ok: bool) -> None:
        self.n += 1
        self.right += int(ok)

    def score(self) -> float | None:
        return round(self.right / self.n, 3) if self.n else None


@dataclass
class ToponymReport:
    stories: int = 0
    seconds: float = 0.0
    fields: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FIELDS})
    by_feature: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    metonymic_points: int = 0
    metonymic_gold: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    halves: dict[str, ToponymReport] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out = self._figures()
        if self.halves:
            out["halves"] = {name: half._figures() for name, half in self.halves.items()}
        return out

    def _figures(self) -> dict[str, Any]:
        return {
            "stories": self.stories,
            "seconds": round(self.seconds, 1),
            "fields": {
                name: {"score": t.score(), "right": t.right, "n": t.n}
                for name, t in self.fields.items()
            },
            "literal_recall_by_feature": {
                name: {"score": t.score(), "n": t.n} for name, t in sorted(self.by_feature.items())
            },
            "metonymic_as_points": self.metonymic_points,
            "metonymic_gold": self.metonymic_gold,
        }


@dataclass(frozen=True)
class PredictedMention:
    start: int
    end: int
    kind: str
    place: Place


def read_stories(folder: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """The stories of ``folder`` that have toponym gold, each with its ``toponyms`` list."""
    with (folder / "stories.jsonl").open(encoding="utf-8") as fh:
        n = 0
        for line in fh:
            if not line.strip():
                continue
            story = json.loads(line)
            gold = folder / "toponyms" / f"{story['id']}.json"
            if not gold.is_file():
                continue
            if limit is not None and n >= limit:
                return
            story["toponyms"] = json.loads(gold.read_text(encoding="utf-8"))["toponyms"]
            n += 1
            yield story


def predicted_mentions(places: Iterable[Place]) -> list[PredictedMention]:
    found = [
        PredictedMention(m.start, m.end, getattr(place, "kind", None) or "literal", place)
        for place in places
        for m in place.mentions
    ]
    return sorted(found, key=lambda p: (p.start, p.end))


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def either_reading(text: str, gold: dict[str, Any]) -> bool:
    """A country name right before an institution's name ("U.S. State Department", "the
    Russian Defense Ministry"): the annotators coded it literal in some stories and metonymic
    in others."""
    if gold["kind"] not in ("literal", "metonymic") or gold.get("feature") != "country":
        return False
    after = text[gold["end"] : gold["end"] + 40].lstrip(" ")
    if len(after) == len(text[gold["end"] : gold["end"] + 40]):
        return False  # no space: "U.S.-led", "Iran's"
    return after[:1].isupper()


def same_country(gold: dict[str, Any], predicted: str | None) -> bool:
    wanted = gold.get("country")
    if predicted is None or wanted is None:
        return predicted == wanted  # a sea or a region of several countries has none
    hong_kong = wanted == "HKG" or (wanted == "CHN" and gold.get("admin1") == "Hong Kong")
    if hong_kong:
        return predicted in _HONG_KONG
    return predicted == wanted


def same_unit(
    gold: dict[str, Any], place: Place, same_admin1: Callable[[str, Location], bool]
) -> bool:
    """A gold country or admin1 resolved to that very unit (not to a town inside it)."""
    if gold.get("feature") == "country":
        return place.precision == "country" and same_country(gold, place.country)
    if gold.get("feature") == "admin1" and gold.get("admin1"):
        return (
            place.precision == "admin1"
            and same_country(gold, place.country)
            and same_admin1(gold["admin1"], place)
        )
    return False


def score_story(
    story: dict[str, Any],
    places: list[Place],
    report: ToponymReport,
    same_admin1: Callable[[str, Location], bool],
) -> None:
    text = story["text"]
    predicted = predicted_mentions(places)
    golds = story["toponyms"]
    fields = report.fields
    literal_gold = [g for g in golds if g["kind"] == "literal" and not either_reading(text, g)]
    literal_pred = [p for p in predicted if p.kind == "literal"]
    for p in literal_pred:
        hits = [g for g in golds if _overlaps(p.start, p.end, g["start"], g["end"])]
        if any(either_reading(text, g) for g in hits):
            continue
        ok = any(g["kind"] == "literal" for g in hits)
        fields["literal_precision"].add(ok)
        if not ok:
            report.misses.append(_miss(story, "false literal", p, hits[0] if hits else None))
    for g in golds:
        over = [p for p in predicted if _overlaps(p.start, p.end, g["start"], g["end"])]
        if over:
            kind_ok = over[0].kind == g["kind"] or (
                either_reading(text, g) and over[0].kind in ("literal", "metonymic")
            )
            fields["kind"].add(kind_ok)
        if g["kind"] == "metonymic":
            report.metonymic_gold += 1
            if any(p.kind == "literal" and p.place.lat is not None for p in over):
                report.metonymic_points += 1
    for g in literal_gold:
        match = next(
            (p for p in literal_pred if _overlaps(p.start, p.end, g["start"], g["end"])), None
        )
        fields["literal_recall"].add(match is not None)
        report.by_feature[g.get("feature") or "?"].add(match is not None)
        near = False
        if match is not None:
            place = match.place
            if g.get("lat") is not None and g.get("lon") is not None:
                km = haversine_km(g["lat"], g["lon"], place.lat, place.lon)
                fields["within_161km_raw"].add(km <= 161)
                if same_unit(g, place, same_admin1):
                    km = 0.0
                near = km <= 161
                fields["within_161km"].add(near)
                fields["within_50km"].add(km <= 50)
                if not near:
                    report.misses.append(_miss(story, f"far ({km:.0f} km)", match, g))
            else:
                near = same_country(g, place.country)
            fields["country"].add(same_country(g, place.country))
            if g.get("admin1"):
                fields["admin1"].add(same_admin1(g["admin1"], place))
        else:
            miss = _miss(story, "literal not found", None, g)
            miss["cause"] = _cause(g, predicted)
            report.misses.append(miss)
        fields["end_to_end"].add(near)
    report.stories += 1


def _cause(gold: dict[str, Any], predicted: list[PredictedMention]) -> str:
    """Why a gold literal mention was not found (a diagnostic of the misses file only): no
    predicted mention over it, or one of another kind ("metonymic", "demonym")."""
    over = [p for p in predicted if _overlaps(p.start, p.end, gold["start"], gold["end"])]
    if not over:
        return "not recognised"
    return f"read as {over[0].kind}"


def _miss(
    story: dict[str, Any], what: str, p: PredictedMention | None, g: dict[str, Any] | None
) -> dict[str, Any]:
    out: dict[str, Any] = {"story": story["id"], "what": what}
    if g is not None:
        out["gold"] = {k: g.get(k) for k in ("start", "text", "kind", "name", "country")}
    if p is not None:
        out["predicted"] = {
            "start": p.start,
            "text": story["text"][p.start : p.end],
            "kind": p.kind,
            "name": p.place.city or p.place.admin2 or p.place.admin1 or p.place.country,
            "country": p.place.country,
            "precision": p.place.precision,
        }
    return out


def evaluate_toponyms(
    folder: Path,
    *,
    limit: int | None = None,
    n_process: int = 1,
    progress: Callable[[int], None] | None = None,
    analyses: Iterable[tuple[dict[str, Any], Analysis]] | None = None,
    geocoder: Geocoder | None = None,
) -> ToponymReport:
    """Score the pipeline's places on the stories of ``folder``. ``analyses`` (story, analysis)
    replaces running the pipeline, for callers that cache the parses."""
    report = ToponymReport()
    report.halves = {half: ToponymReport() for half in HALVES}
    started = time.perf_counter()
    halves = half_of(str(s["id"]) for s in read_stories(folder))
    if analyses is None:
        from sitroom.ingest import parse_date
        from sitroom.pipeline import default_pipeline

        pipeline = default_pipeline()
        geocoder = pipeline.geocoder
        stories = list(read_stories(folder, limit))
        docs = [
            Document(
                id=str(s["id"]),
                text=s["text"],
                title=s.get("title"),
                published=parse_date(s.get("published")),
            )
            for s in stories
        ]
        results = pipeline.analyze_many(docs, n_process=n_process)
        analyses = ((s, a) for s, (_, a) in zip(stories, results, strict=True))
    if geocoder is None:
        from sitroom.places import default_geocoder

        geocoder = default_geocoder()
    for story, analysis in analyses:
        score_story(story, analysis.places, report, geocoder.same_admin1)
        half = report.halves.get(halves.get(str(story["id"]), ""))
        if half is not None:
            score_story(story, analysis.places, half, geocoder.same_admin1)
        if progress:
            progress(1)
    report.seconds = time.perf_counter() - started
    return report


# --- the ``places`` mode of ``sitroom eval`` ----------------------------------------------------


def _count(path: Path, options: EvalOptions) -> int:
    return sum(1 for _ in read_stories(path, options.limit))


def _run(path: Path, options: EvalOptions) -> dict[str, Any]:
    report = evaluate_toponyms(
        path, limit=options.limit, n_process=options.workers, progress=options.progress
    )
    if options.misses is not None:
        with options.misses.open("w", encoding="utf-8") as fh:
            for m in report.misses:
                fh.write(json.dumps(m, ensure_ascii=False) + "\n")
    return report.as_dict()


def _rows(data: dict[str, Any]) -> tuple[str, list[str], list[list[str]]]:
    title = (
        f"{data['stories']} stories, {data['seconds']} s; metonymic mentions drawn as points: "
        f"{data['metonymic_as_points']} of {data['metonymic_gold']}"
    )
    halves = [h for h, d in data.get("halves", {}).items() if d["stories"]]
    rows = []
    for name, cell in data["fields"].items():
        row = [name, _score(cell), f"{cell['right']}/{cell['n']}"]
        row += [_score(data["halves"][h]["fields"][name]) for h in halves]
        rows.append(row)
    for feature, cell in data["literal_recall_by_feature"].items():
        row = [f"literal_recall ({feature})", _score(cell), str(cell["n"])]
        row += [
            _score(data["halves"][h]["literal_recall_by_feature"].get(feature, {})) for h in halves
        ]
        rows.append(row)
    if halves:
        rows.append(
            ["metonymic as points", str(data["metonymic_as_points"]), str(data["metonymic_gold"])]
            + [str(data["halves"][h]["metonymic_as_points"]) for h in halves]
        )
    return title, ["field", "score", "right/n", *halves], rows


def _score(cell: dict[str, Any]) -> str:
    return "" if cell.get("score") is None else f"{cell['score']:.3f}"


register(
    Mode(
        name="places",
        help="toponym gold (VOA folder with stories.jsonl and toponyms/): places of whole articles",
        count=_count,
        run=_run,
        rows=_rows,
    )
)

"""``sitroom eval --mode document``: full articles against hand-made event gold (the VOA set).

The gold folder holds ``stories.jsonl`` (``id``, ``title``, ``published``, ``text``, ...) and
``gold/<id>.json`` (``conflict_story`` and ``events``, each with the exact sentences of the text
that report it as ``evidence``; see the folder's ``GUIDELINES.md``).

Matching is one-to-one, by evidence: a gold event's evidence sentences are found in the text;
a predicted event *touches* a gold sentence when one of its evidence spans covers at least half
of the shorter of the two. Pairs are then taken greedily, best first: the same type before a
different type, then more shared sentences, then the larger share of the predicted event's
evidence. A predicted event left over is a *duplicate* when it touches a gold event already
matched (the same incident reported twice) and an *invention* otherwise.

Scores on the matched pairs (each over the pairs where the gold states the field):

* ``type`` (PLOVER), ``status`` (the gold's vocabulary: ``attempted`` counts as occurred,
  ``thwarted`` as planned, ``negated`` as denied; the gold's ``ongoing`` as occurred),
  ``salience`` (main, secondary, background);
* ``date_day``: the predicted day equals the gold day (gold precision day or document);
  ``date``: equal at the gold's precision (day, week, month, year); an undated gold event
  (``date: null``) wants no stated date (a ``document`` or ``unknown`` precision);
* ``country`` and ``admin1`` of the event location (admin1 through the gazetteer's names);
* ``source`` and ``target``: right when both sides are empty, or when sitroom names at least
  one actor and every actor it names is one of the gold actors (same knowledge-base id, a close
  normalized name, or a generic actor of the gold's kind and country: "Pakistani military" is
  ``military`` of PAK). Claimants count as sources; "unidentified armed group" as no one;
* ``killed`` and ``wounded``: equal, over the pairs where either side gives a number.

The stories are also scored as two halves (ids sorted; even and odd positions), so that a rule
tuned on one half can be checked on the other.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitroom.evaluate.modes import EvalOptions, Mode, register
from sitroom.evaluate.summaries import ActorMatcher, Tally, same_place
from sitroom.models import Actor, Analysis, Document, Event
from sitroom.ontology import ontology

PAIR_FIELDS = [
    "type",
    "status",
    "salience",
    "date_day",
    "date",
    "country",
    "admin1",
    "source",
    "target",
    "killed",
    "wounded",
]
STATUS_AS_GOLD = {"attempted": "occurred", "thwarted": "planned", "negated": "denied"}
GOLD_STATUS = {"ongoing": "occurred"}
STATE_TYPES = ontology().state_actor_types
# The gold's actor kinds and the sitroom actor types a generic actor of that kind may have.
KIND_TYPES: dict[str, frozenset[str]] = {
    "state": STATE_TYPES,
    "civilians": frozenset({"civilians"}),
    "rebel": frozenset({"armed_group"}),
    "terrorist": frozenset({"armed_group"}),
    "militia": frozenset({"armed_group"}),
}
NOBODY = frozenset({"unidentified-armed-group"})
HALVES = ("even", "odd")


@dataclass
class Story:
    id: str
    title: str | None
    published: dt.date | None
    text: str
    conflict: bool
    events: list[dict[str, Any]]
    # per gold event, the (start, end) offsets of its evidence sentences in ``text``
    spans: list[list[tuple[int, int]]] = field(default_factory=list)


@dataclass
class Counts:
    """The tallies of one group of stories (all, or one half)."""

    stories: int = 0
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    gold_main_secondary: int = 0
    matched_main_secondary: int = 0
    gold_main: int = 0
    matched_main: int = 0
    duplicates: int = 0
    inventions: int = 0
    conflict_free: int = 0
    violent_on_conflict_free: int = 0
    fields: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in PAIR_FIELDS})

    def add(self, other: Counts) -> None:
        for counter in dataclasses.fields(self):
            if counter.type == "int":
                name = counter.name
                setattr(self, name, getattr(self, name) + getattr(other, name))
        for key, t in other.fields.items():
            self.fields[key].right += t.right
            self.fields[key].total += t.total

    def as_dict(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None

        return {
            "stories": self.stories,
            "predicted": self.predicted,
            "gold": self.gold,
            "matched": self.matched,
            "precision": ratio(self.matched, self.predicted),
            "recall": ratio(self.matched, self.gold),
            "recall_main_secondary": ratio(self.matched_main_secondary, self.gold_main_secondary),
            "recall_main": ratio(self.matched_main, self.gold_main),
            "duplicates_per_article": ratio(self.duplicates, self.stories),
            "inventions_per_article": ratio(self.inventions, self.stories),
            "conflict_free_stories": self.conflict_free,
            "violent_on_conflict_free": self.violent_on_conflict_free,
            "fields": {
                f: {"score": None if t.score is None else round(t.score, 3), "n": t.total}
                for f, t in self.fields.items()
            },
        }


# --- reading ----------------------------------------------------------------------------------


def read_stories(folder: Path, limit: int | None = None, half: str | None = None) -> list[Story]:
    """The stories with gold, in ``stories.jsonl`` order; ``half`` keeps the ``even`` or ``odd``
    positions of the sorted ids."""
    if folder.is_file():
        folder = folder.parent
    positions = {}
    records = []
    with (folder / "stories.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                records.append(json.loads(line))
    for k, sid in enumerate(sorted(r["id"] for r in records)):
        positions[sid] = HALVES[k % 2]
    out: list[Story] = []
    for rec in records:
        gold_file = folder / "gold" / f"{rec['id']}.json"
        if not gold_file.is_file() or (half is not None and positions[rec["id"]] != half):
            continue
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        published = rec.get("published") or gold.get("published")
        story = Story(
            id=rec["id"],
            title=rec.get("title"),
            published=dt.date.fromisoformat(published[:10]) if published else None,
            text=rec["text"],
            conflict=bool(gold.get("conflict_story", True)),
            events=list(gold.get("events") or []),
        )
        story.spans = [evidence_spans(story.text, e.get("evidence") or []) for e in story.events]
        out.append(story)
        if limit is not None and len(out) >= limit:
            break
    return out


def half_of(stories_ids: Iterable[str]) -> dict[str, str]:
    return {sid: HALVES[k % 2] for k, sid in enumerate(sorted(stories_ids))}


def evidence_spans(text: str, sentences: Sequence[str]) -> list[tuple[int, int]]:
    """Offsets of each evidence sentence in ``text`` (the first occurrence; missing ones are
    skipped)."""
    spans = []
    for s in sentences:
        k = text.find(s)
        if k >= 0:
            spans.append((k, k + len(s)))
    return spans


# --- matching ---------------------------------------------------------------------------------


def predicted_spans(event: Event) -> list[tuple[int, int]]:
    spans = [(event.evidence.start, event.evidence.end)]
    spans += [(s.start, s.end) for s in event.more_evidence]
    return spans


def touches(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Do two sentence spans overlap by at least half of the shorter one?"""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shared > 0 and shared * 2 >= shorter


def overlap(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> tuple[int, float]:
    """(gold sentences touched, share of the predicted spans that touch the gold)."""
    hit_gold = sum(1 for g in gold if any(touches(p, g) for p in pred))
    hit_pred = sum(1 for p in pred if any(touches(p, g) for g in gold))
    return hit_gold, hit_pred / len(pred) if pred else 0.0


def match(
    events: Sequence[Event], gold: Sequence[dict[str, Any]], spans: Sequence[list[tuple[int, int]]]
) -> tuple[dict[int, int], dict[int, set[int]]]:
    """Greedy best-first one-to-one matching; returns ``{pred: gold}`` and, for every predicted
    event, the gold events it touches."""
    touched: dict[int, set[int]] = {}
    candidates = []
    for i, ev in enumerate(events):
        pred = predicted_spans(ev)
        touched[i] = set()
        for j, g in enumerate(gold):
            n, share = overlap(pred, spans[j])
            if n:
                touched[i].add(j)
                candidates.append((ev.type == g.get("type"), n, share, -i, -j))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, _, _, mi, mj in sorted(candidates, reverse=True):
        i, j = -mi, -mj
        if i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)
    return pairs, touched


# --- field scores -----------------------------------------------------------------------------


def date_right(event: Event, gold: dict[str, Any], *, day_only: bool) -> bool | None:
    """Is the event's date the gold date (None: the gold gives nothing to score here)?"""
    wanted, precision = gold.get("date"), gold.get("date_precision")
    start, got = event.date.start, event.date.precision
    if day_only:
        # a day-exact date only: a week's Monday ("last week") is scored by ``date``
        if not wanted or len(wanted) != 10 or precision == "week":
            return None
        return start is not None and start.isoformat() == wanted and got in ("day", "document")
    if not wanted:
        return start is None or got in ("document", "unknown")
    if start is None or got == "unknown":
        return False
    if precision == "week":
        monday = dt.date.fromisoformat(wanted)
        return got in ("day", "document", "week") and 0 <= (start - monday).days <= 6
    if len(wanted) == 10:
        return start.isoformat() == wanted and got in ("day", "document")
    if len(wanted) == 7:
        return start.isoformat()[:7] == wanted and got in ("day", "document", "month")
    return start.isoformat()[:4] == wanted[:4] and got != "decade"


_PARENS = re.compile(r"\(([^)]*)\)")


def gold_names(name: str) -> list[str]:
    """A gold actor name and its variants: "Lt. Gen. X, ISPR (Pakistani military)" gives the
    name without the brackets, each comma-separated part and the bracketed text."""
    outside = _PARENS.sub(" ", name).strip()
    inside = [p.strip() for m in _PARENS.finditer(name) for p in m.group(1).split(",")]
    parts = [p.strip() for p in outside.split(",")]
    return [n for n in dict.fromkeys([outside, *parts, *inside]) if len(n) > 1]


class SideMatcher:
    """Compares a side of a predicted event (actor ids) with a side of a gold event."""

    def __init__(self, kb: Any) -> None:
        self.names = ActorMatcher(kb)

    def same(self, gold: dict[str, Any], actor: Actor) -> bool:
        names = [actor.name, *actor.aliases]
        if any(self.names.same(n, actor.id, names) for n in gold_names(gold.get("name") or "")):
            return True
        kind, country = gold.get("kind"), gold.get("country")
        generic = not actor.kb or actor.id == "civilians"
        if kind in KIND_TYPES and actor.type in KIND_TYPES[kind] and generic:
            return kind == "civilians" or (country is not None and actor.country == country)
        return False

    def side_right(self, gold: list[dict[str, Any]], actors: list[Actor]) -> bool:
        if not gold or not actors:
            return not gold and not actors
        return all(any(self.same(g, a) for g in gold) for a in actors)


def side_actors(analysis: Analysis, ids: Iterable[str]) -> list[Actor]:
    out = []
    for actor_id in dict.fromkeys(ids):
        actor = analysis.actor(actor_id)
        if actor is not None and actor_id not in NOBODY:
            out.append(actor)
    return out


def score_pair(
    event: Event,
    gold: dict[str, Any],
    analysis: Analysis,
    sides: SideMatcher,
    geocoder: Any,
) -> dict[str, tuple[bool, Any, Any]]:
    """Per field: (right, gold value, predicted value), for the fields the gold scores."""
    out: dict[str, tuple[bool, Any, Any]] = {}
    out["type"] = (event.type == gold.get("type"), gold.get("type"), event.type)
    status = STATUS_AS_GOLD.get(event.status, event.status)
    wanted = GOLD_STATUS.get(gold.get("status") or "occurred", gold.get("status"))
    out["status"] = (status == wanted, gold.get("status"), event.status)
    salience = getattr(event, "salience", None)
    if gold.get("salience"):
        out["salience"] = (salience == gold["salience"], gold["salience"], salience)
    shown = (event.date.start.isoformat() if event.date.start else None, event.date.precision)
    for name, day_only in (("date_day", True), ("date", False)):
        ok = date_right(event, gold, day_only=day_only)
        if ok is not None:
            out[name] = (ok, (gold.get("date"), gold.get("date_precision")), shown)
    place = gold.get("place") or {}
    loc = event.location
    if place.get("country"):
        got = loc.country if loc else None
        out["country"] = (got == place["country"], place["country"], got)
    if place.get("admin1"):
        got = loc.admin1 if loc else None
        ok = bool(
            loc
            and (
                same_place(loc.admin1, place["admin1"])
                or (geocoder is not None and geocoder.same_admin1(place["admin1"], loc))
            )
        )
        out["admin1"] = (ok, place["admin1"], got)
    sources = side_actors(analysis, [*event.sources, *event.claimed_by])
    targets = side_actors(analysis, event.targets)
    for name, gold_side, actors in (
        ("source", gold.get("source") or [], sources),
        ("target", gold.get("target") or [], targets),
    ):
        ok = sides.side_right(gold_side, actors)
        out[name] = (ok, [g.get("name") for g in gold_side], [a.name for a in actors])
    for name in ("killed", "wounded"):
        g, p = gold.get(name), getattr(event, name)
        if g is not None or p is not None:
            out[name] = (g == p, g, p)
    return out


def score_story(
    story: Story, analysis: Analysis, sides: SideMatcher, geocoder: Any
) -> tuple[Counts, dict[str, Any]]:
    """The tallies of one story and its misses (for ``--misses``)."""
    c = Counts(stories=1, predicted=len(analysis.events), gold=len(story.events))
    pairs, touched = match(analysis.events, story.events, story.spans)
    matched_gold = set(pairs.values())
    c.matched = len(pairs)
    for j, g in enumerate(story.events):
        if g.get("salience") in ("main", "secondary"):
            c.gold_main_secondary += 1
            c.matched_main_secondary += j in matched_gold
        if g.get("salience") == "main":
            c.gold_main += 1
            c.matched_main += j in matched_gold
    misses: dict[str, Any] = {"id": story.id, "title": story.title, "missed": [], "extra": []}
    for i, ev in enumerate(analysis.events):
        if i in pairs:
            continue
        duplicate = sorted(story.events[j]["gid"] for j in touched[i] & matched_gold)
        if duplicate:
            c.duplicates += 1
        else:
            c.inventions += 1
        misses["extra"].append(
            {
                "kind": "duplicate" if duplicate else "invention",
                "of": duplicate,
                "id": ev.id,
                "type": ev.type,
                "evidence": ev.evidence.text[:160],
            }
        )
    if not story.conflict:
        c.conflict_free = 1
        c.violent_on_conflict_free = sum(1 for e in analysis.events if e.type == "ASSAULT")
    for j, g in enumerate(story.events):
        if j not in matched_gold:
            first = g.get("evidence") or [""]
            misses["missed"].append(
                {
                    "gid": g["gid"],
                    "type": g.get("type"),
                    "salience": g.get("salience"),
                    "evidence": first[0][:160],
                }
            )
    wrong: list[dict[str, Any]] = []
    for i, j in sorted(pairs.items()):
        for name, (ok, want, got) in score_pair(
            analysis.events[i], story.events[j], analysis, sides, geocoder
        ).items():
            c.fields[name].add(ok)
            if not ok:
                wrong.append(
                    {
                        "gid": story.events[j]["gid"],
                        "event": analysis.events[i].id,
                        "field": name,
                        "gold": want,
                        "got": got,
                    }
                )
    misses["wrong"] = wrong
    return c, misses


# --- running ----------------------------------------------------------------------------------


def evaluate_documents(
    folder: Path,
    *,
    limit: int | None = None,
    half: str | None = None,
    progress: Any = None,
    misses: Path | None = None,
) -> dict[str, Any]:
    from sitroom.pipeline import default_pipeline

    pipeline = default_pipeline()
    sides = SideMatcher(pipeline.kb)
    stories = read_stories(folder, limit=limit, half=half)
    halves = half_of(s.id for s in read_stories(folder))
    by_id = {s.id: s for s in stories}
    totals = {"all": Counts(), "even": Counts(), "odd": Counts()}
    missed: list[dict[str, Any]] = []
    docs = [Document(id=s.id, text=s.text, title=s.title, published=s.published) for s in stories]
    started = time.perf_counter()
    for document, analysis in pipeline.analyze_many(docs):
        story = by_id[document.id]
        counts, story_misses = score_story(story, analysis, sides, pipeline.geocoder)
        totals["all"].add(counts)
        totals[halves[story.id]].add(counts)
        missed.append(story_misses)
        if progress:
            progress(1)
    seconds = time.perf_counter() - started
    if misses is not None:
        with misses.open("w", encoding="utf-8") as fh:
            for m in missed:
                fh.write(json.dumps(m, ensure_ascii=False, default=str) + "\n")
    return {
        "stories": len(stories),
        "seconds": round(seconds, 1),
        **{name: t.as_dict() for name, t in totals.items()},
    }


# --- the ``document`` mode of ``sitroom eval`` --------------------------------------------------


def _half(options: EvalOptions) -> str | None:
    if options.source is None:
        return None
    if options.source not in HALVES:
        raise ValueError(f"--source for document mode is one of {HALVES}, not {options.source!r}")
    return options.source


def _count(path: Path, options: EvalOptions) -> int:
    return len(read_stories(path, limit=options.limit, half=_half(options)))


def _run(path: Path, options: EvalOptions) -> dict[str, Any]:
    return evaluate_documents(
        path,
        limit=options.limit,
        half=_half(options),
        progress=options.progress,
        misses=options.misses,
    )


ROWS = [
    ("precision", "event precision"),
    ("recall", "event recall"),
    ("recall_main_secondary", "recall main+secondary"),
    ("recall_main", "recall main"),
    ("duplicates_per_article", "duplicates / article"),
    ("inventions_per_article", "inventions / article"),
    ("violent_on_conflict_free", "violent events, conflict-free stories"),
]


def _rows(data: dict[str, Any]) -> tuple[str, list[str], list[list[str]]]:
    groups = [g for g in ("all", "even", "odd") if data[g]["stories"]]
    title = f"{data['stories']} stories, {data['seconds']} s"
    rows = [["stories", *(str(data[g]["stories"]) for g in groups)]]
    rows.append(
        ["predicted / gold / matched"]
        + [f"{data[g]['predicted']} / {data[g]['gold']} / {data[g]['matched']}" for g in groups]
    )
    for key, label in ROWS:
        cells = [label]
        for g in groups:
            value = data[g][key]
            cells.append(
                "" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)
            )
        rows.append(cells)
    for name in PAIR_FIELDS:
        cells = [name]
        for g in groups:
            cell = data[g]["fields"][name]
            cells.append("" if cell["score"] is None else f"{cell['score']:.3f} ({cell['n']})")
        rows.append(cells)
    return title, ["measure", *groups], rows


register(
    Mode(
        name="document",
        help="full articles against event gold (VOA folder): one-to-one events by evidence",
        count=_count,
        run=_run,
        rows=_rows,
    )
)

"""``sitroom eval``: score extraction against gold records (GTD, ACLED, UCDP style JSONL).

Each gold line is ``{"id", "source", "text", "gold": {date, country, admin1, city, lat, lon,
event_type, actors, targets, killed, wounded}}``. The text is analyzed with the full pipeline
and the *first violent event* (the first ASSAULT, else the first COERCE) is compared with the
gold fields:

* ``date``: the event date at the gold precision (day, month or year) equals the gold date;
* ``country``/``admin1``: the event location (else the document's first place); admin1 names
  are compared after removing accents, Arabic articles and words like "province", and through
  the gazetteer's alternate names ("Lower Shabelle" is GeoNames' "Shabeellaha Hoose");
* ``coords_50km``: event coordinates within 50 km of the gold point;
* ``event_type``: the event coded as the dataset would code it (:mod:`sitroom.coding`: ACLED's
  event and sub-event type from the mode and the sides, GTD's attack type from the mode), in
  the dev set's normalized labels; GTD "unknown" and UCDP's conflict types are not scored;
* ``perpetrator``: precision and recall of named perpetrator groups (event sources and
  claimants) against the gold actors, matched by knowledge-base id or fuzzy name; a record whose
  gold has no named perpetrator counts as right when sitroom names none either; for ACLED
  battles both sides are compared as one set of participants, since ACLED's actor order
  carries no attacker/defender meaning there;
* ``killed``/``wounded``: exact match where the gold has a value; an unreported toll is
  compared as 0, since GTD and ACLED both code "not reported" as 0.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitroom.coding import actor_types_of, code_event
from sitroom.evaluate.modes import EvalOptions, Mode, register
from sitroom.models import Analysis, Document, Event
from sitroom.ontology import ontology
from sitroom.places.geo import haversine_km

# The dev set's normalized labels (its README) of the datasets' own labels that
# :func:`sitroom.coding.code_event` gives (the ontology's dataset mappings).
_DATASETS = ontology().datasets
ACLED_SUB_EVENT_LABELS: Mapping[str, str] = _DATASETS.acled_sub_event_labels
ACLED_EVENT_LABELS: Mapping[str, str] = _DATASETS.acled_event_labels
GTD_ATTACK_LABELS: Mapping[str, str] = _DATASETS.gtd_labels
UNSCORED_TYPES = _DATASETS.unscored_labels
FIELDS = [
    "date",
    "date_stated",
    "country",
    "admin1",
    "coords_50km",
    "event_type",
    "perpetrator_p",
    "perpetrator_r",
    "perpetrator_f1",
    "killed",
    "wounded",
]


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += int(ok)

    @property
    def score(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class Report:
    by_source: dict[str, dict[str, Tally]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Tally))
    )
    records: int = 0
    seconds: float = 0.0
    misses: list[dict[str, Any]] = field(default_factory=list)

    def overall(self, sources: Iterable[str] | None = None) -> dict[str, Tally]:
        out: dict[str, Tally] = defaultdict(Tally)
        for src, fields in self.by_source.items():
            if sources is not None and src not in sources:
                continue
            for name, t in fields.items():
                out[name].right += t.right
                out[name].total += t.total
        return out

    def as_dict(self) -> dict[str, Any]:
        def table(fields: dict[str, Tally]) -> dict[str, Any]:
            return {
                k: {"score": None if v.score is None else round(v.score, 3), "n": v.total}
                for k, v in sorted(fields.items(), key=lambda kv: FIELDS.index(kv[0]))
            }

        return {
            "records": self.records,
            "seconds": round(self.seconds, 1),
            "docs_per_second": round(self.records / self.seconds, 2) if self.seconds else None,
            "gtd+acled": table(_with_f1(self.overall({"gtd", "acled"}))),
            "by_source": {s: table(_with_f1(f)) for s, f in sorted(self.by_source.items())},
        }


def _with_f1(fields: dict[str, Tally]) -> dict[str, Tally]:
    """Add perpetrator F1 (as a Tally whose score is the F1, n the recall denominator)."""
    out = dict(fields)
    p, r = fields.get("perpetrator_p"), fields.get("perpetrator_r")
    if p and r and p.score is not None and r.score is not None and (p.score + r.score):
        f1 = 2 * p.score * r.score / (p.score + r.score)
        out["perpetrator_f1"] = Tally(right=round(f1 * 1000), total=1000)
    return out


def read_gold(
    path: Path, limit: int | None = None, source: str | None = None
) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        n = 0
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            if source and rec.get("source") != source:
                continue
            yield rec
            n += 1
            if limit is not None and n >= limit:
                return


def first_violent_event(analysis: Analysis) -> Event | None:
    for wanted in ("ASSAULT", "COERCE"):
        for status in (("occurred",), None):
            for ev in analysis.events:
                if ev.type == wanted and (status is None or ev.status in status):
                    return ev
    return None


def dataset_labels(source: str, event: Event | None, analysis: Analysis) -> set[str]:
    """The dev set's labels that agree with ``event`` as ``source`` ("gtd", "acled") codes it."""
    if event is None:
        return set()
    codes = code_event(event, actor_types_of(analysis.actors))
    if source == "gtd":
        label = GTD_ATTACK_LABELS.get(codes.gtd_attack_type or "")
        return {label} if label else set()
    labels = {
        ACLED_SUB_EVENT_LABELS.get(codes.acled_sub_event_type or ""),
        ACLED_EVENT_LABELS.get(codes.acled_event_type or ""),
    }
    return {x for x in labels if x}


def normalize_place(name: str | None) -> str:
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['’`]", "", text)
    text = re.sub(
        r"\b(province|governorate|state|region|district|division|department|"
        r"prefecture|oblast|county|muhafazat|wilayat|territory|city)\b",
        " ",
        text,
    )
    text = re.sub(r"\b(al|el|ad|ar|as|an|at|az|ash|ath)[\s-]+", "", text)
    return re.sub(r"[^a-z0-9]+", "", text)


def same_place(a: str | None, b: str | None) -> bool:
    from rapidfuzz import fuzz

    na, nb = normalize_place(a), normalize_place(b)
    if not na or not nb:
        return False
    return na == nb or fuzz.ratio(na, nb) >= 85 or (len(na) > 4 and (na in nb or nb in na))


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return haversine_km(lat1, lon1, lat2, lon2)


def date_matches(event: Event | None, gold: str | None) -> bool:
    if not gold or event is None or event.date.start is None:
        return False
    if event.date.precision in ("document", "unknown"):
        return False
    iso = event.date.start.isoformat()
    wanted = {10: "day", 7: "month", 4: "year"}.get(len(gold))
    if wanted == "day" and event.date.precision != "day":
        return False
    if wanted == "month" and event.date.precision not in ("day", "month"):
        return False
    return iso.startswith(gold)


def _unattributed(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("unidentified") or lowered in ("unknown", "")


class ActorMatcher:
    """Decides whether a predicted actor is a gold actor: same KB id, or a close name."""

    def __init__(self, kb: Any) -> None:
        self.kb = kb
        self._cache: dict[str, str | None] = {}

    def gold_id(self, name: str) -> str | None:
        if name not in self._cache:
            match = self.kb.best(name) if self.kb is not None else None
            self._cache[name] = match.entry.id if match is not None else None
        return self._cache[name]

    def same(self, gold_name: str, actor_id: str, names: list[str]) -> bool:
        from rapidfuzz import fuzz

        gid = self.gold_id(gold_name)
        if gid is not None and (gid == actor_id or _related(self.kb, gid, actor_id)):
            return True
        g = _words(gold_name)
        return any(fuzz.token_set_ratio(g, _words(n)) >= 88 for n in names if n)


def _words(name: str) -> str:
    """A name as lower-case words; hyphens split ("Omar al-Bashir" has the word "bashir")."""
    return name.lower().replace("-", " ")


def _related(kb: Any, a: str, b: str) -> bool:
    """Two KB entries of one country and the same state-actor type count as one actor for
    scoring (variants of one government or military); a state, its government and its forces
    stay apart."""
    ea, eb = kb.get(a), kb.get(b)
    if ea is None or eb is None:
        return False
    state_types = ontology().state_actor_types
    return bool(
        ea.country
        and ea.country == eb.country
        and ea.type in state_types
        and eb.type in state_types
        and ea.type == eb.type
    )


def score_record(
    rec: dict[str, Any],
    analysis: Analysis,
    report: Report,
    matcher: ActorMatcher,
    country_code: Callable[[str], str | None],
    geocoder: Any = None,
) -> None:
    src = rec.get("source", "other")
    gold = rec["gold"]
    t = report.by_source[src]
    event = first_violent_event(analysis)
    miss: dict[str, Any] = {"id": rec["id"], "source": src}

    if gold.get("date"):
        ok = date_matches(event, gold["date"])
        t["date"].add(ok)
        if analysis.dates:  # the text states some date: the fair test of the time stage
            t["date_stated"].add(ok)
        if not ok:
            miss["date"] = [gold["date"], event.date.model_dump(mode="json") if event else None]

    loc = event.location if event and event.location else None
    if loc is None and analysis.places:
        first = analysis.places[0]
        loc = first
    if gold.get("country"):
        gold_iso = country_code(gold["country"])
        ok = bool(loc and gold_iso and loc.country == gold_iso)
        t["country"].add(ok)
        if not ok:
            miss["country"] = [gold["country"], loc.country if loc else None]
    if gold.get("admin1"):
        ok = bool(
            loc
            and (
                same_place(loc.admin1, gold["admin1"])
                or (geocoder is not None and geocoder.same_admin1(gold["admin1"], loc))
            )
        )
        t["admin1"].add(ok)
        if not ok:
            miss["admin1"] = [gold["admin1"], loc.admin1 if loc else None]
    if gold.get("lat") is not None and gold.get("lon") is not None and src != "ucdp":
        ok = bool(
            loc
            and loc.lat is not None
            and loc.lon is not None
            and km(loc.lat, loc.lon, gold["lat"], gold["lon"]) <= 50
        )
        t["coords_50km"].add(ok)

    label = gold.get("event_type")
    if label and label not in UNSCORED_TYPES and src in ("gtd", "acled"):
        predicted_labels = dataset_labels(src, event, analysis)
        ok = label in predicted_labels
        t["event_type"].add(ok)
        if not ok:
            miss["event_type"] = [label, event.mode if event else None, sorted(predicted_labels)]

    # ACLED's actor order does not mean attacker and defender in battles (its codebook, and the
    # dev set's README): there both sides are scored as one set of participants.
    battle = src == "acled" and gold.get("event_type") == "armed_clash"
    gold_names = (gold.get("actors") or []) + ((gold.get("targets") or []) if battle else [])
    gold_actors = [a for a in gold_names if not _unattributed(a)]
    predicted: list[tuple[str, list[str]]] = []
    if event is not None:
        sides = [*event.sources, *event.claimed_by] + (event.targets if battle else [])
        for actor_id in dict.fromkeys(sides):
            actor = analysis.actor(actor_id)
            if actor is None or actor_id in ("unidentified-armed-group", "civilians"):
                continue
            predicted.append((actor_id, [actor.name, *actor.aliases]))
    if src != "ucdp":
        if not gold_actors:
            t["perpetrator_p"].add(not predicted)
        else:
            for gname in gold_actors:
                t["perpetrator_r"].add(any(matcher.same(gname, i, n) for i, n in predicted))
            for actor_id, names in predicted:
                ok = any(matcher.same(g, actor_id, names) for g in gold_actors)
                t["perpetrator_p"].add(ok)
                if not ok:
                    miss.setdefault("perpetrator", [gold_actors, []])[1].append(actor_id)
            if not predicted:
                miss["perpetrator"] = [gold_actors, []]

    for key in ("killed", "wounded"):
        if gold.get(key) is not None and src != "ucdp":
            value = getattr(event, key) if event else None
            ok = (value or 0) == gold[key]
            t[key].add(ok)
            if not ok:
                miss[key] = [gold[key], value]
    if len(miss) > 2:
        miss["text"] = rec["text"][:300]
        report.misses.append(miss)


def evaluate(
    path: Path,
    *,
    limit: int | None = None,
    source: str | None = None,
    batch_size: int = 32,
    n_process: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Report:
    from sitroom.countries import country_code
    from sitroom.pipeline import default_pipeline

    pipeline = default_pipeline()
    matcher = ActorMatcher(pipeline.kb)
    report = Report()
    records = list(read_gold(path, limit=limit, source=source))
    docs = [Document(id=r["id"], text=r["text"]) for r in records]
    by_id = {r["id"]: r for r in records}
    started = time.perf_counter()
    for document, analysis in pipeline.analyze_many(
        docs, batch_size=batch_size, n_process=n_process
    ):
        score_record(by_id[document.id], analysis, report, matcher, country_code, pipeline.geocoder)
        report.records += 1
        if progress:
            progress(1)
    report.seconds = time.perf_counter() - started
    return report


# --- the ``summary`` mode of ``sitroom eval`` ---------------------------------------------------


def _count(path: Path, options: EvalOptions) -> int:
    return sum(1 for _ in read_gold(path, limit=options.limit, source=options.source))


def _run(path: Path, options: EvalOptions) -> dict[str, Any]:
    report = evaluate(
        path,
        limit=options.limit,
        source=options.source,
        n_process=options.workers,
        progress=options.progress,
    )
    if options.misses is not None:
        with options.misses.open("w", encoding="utf-8") as fh:
            for m in report.misses:
                fh.write(json.dumps(m, ensure_ascii=False, default=str) + "\n")
    return report.as_dict()


def _rows(data: dict[str, Any]) -> tuple[str, list[str], list[list[str]]]:
    title = f"{data['records']} records, {data['seconds']} s, {data['docs_per_second']} docs/s"
    groups = ["gtd+acled", *data["by_source"]]
    rows = []
    for name in FIELDS:
        cells = [name]
        for g in groups:
            block = data[g] if g == "gtd+acled" else data["by_source"][g]
            cell = block.get(name)
            cells.append(
                "" if not cell or cell["score"] is None else f"{cell['score']:.3f} ({cell['n']})"
            )
        rows.append(cells)
    return title, ["field", *groups], rows


register(
    Mode(
        name="summary",
        help="one-incident summaries (GTD/ACLED/UCDP dev JSONL): the first violent event",
        count=_count,
        run=_run,
        rows=_rows,
    )
)

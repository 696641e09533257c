"""``sitroom eval --mode sentences``: PLOVER coding of single sentences.

The gold is JSONL, one sentence per line (``tests/data/plover_sentences.jsonl`` is sitroom's own
set, written for the purpose)::

    {"id": "threaten-01", "text": "Russia threatened to strike Kyiv ...",
     "events": [{"type": "THREATEN", "mode": null, "status": "occurred",
                 "source": ["Russia"], "target": ["Ukraine"], "act": {"type": "ASSAULT"}}]}

``"events": []`` marks a sentence that reports no codable event (an opinion, a forecast, a
question, a metaphor). Scores, over every gold event (a sentence may report two: "Iran
condemned the strike on its consulate" is an ACCUSE and an ASSAULT); each gold event takes the
first predicted event of its type that no earlier gold event of the sentence took. The
pipeline runs with the ``act`` event unit (one event per distinct act of a sentence, as PLOVER
codes sentences; see :mod:`sitroom.events.acts`):

* ``type_among``: the gold type is among the types of the predicted events;
* ``first_type``: the first predicted event has the type of the sentence's first gold event
  (once per sentence);
* ``source`` / ``target``: the predicted event of the gold type (the one matched) names a gold
  source / target (same knowledge-base id, the same state through its forces, or a close name);
  sentences whose gold has none are not counted;
* ``status``, ``act``: the status, and the type of the act spoken of, of that event;
* ``no_event_fp``: over the sentences with no gold event, the share that got an asserted event
  (status ``occurred``): lower is better.

A per-type table gives the same figures for each gold type.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sitroom.evaluate.modes import EvalOptions, Mode, register
from sitroom.evaluate.summaries import ActorMatcher, Tally
from sitroom.models import Analysis, Document
from sitroom.ontology import ontology

FIELDS = ["type_among", "first_type", "source", "target", "status", "act"]


def read_sentences(path: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        n = 0
        for line in fh:
            if not line.strip():
                continue
            yield json.loads(line)
            n += 1
            if limit is not None and n >= limit:
                return


class _Actors:
    """Whether a predicted actor is one of the gold names."""

    def __init__(self, matcher: ActorMatcher, kb: Any) -> None:
        self.matcher = matcher
        self.kb = kb
        self.state_types = ontology().state_actor_types

    def hit(self, gold_names: list[str], ids: list[str], analysis: Analysis) -> bool:
        actors = {a.id: a for a in analysis.actors}
        for name in gold_names:
            gold_entry = self.kb.get(self.matcher.gold_id(name) or "") if self.kb else None
            for actor_id in ids:
                actor = actors.get(actor_id)
                if actor is None:
                    continue
                names = [actor.name, *actor.aliases, *(m.text for m in actor.mentions)]
                if self.matcher.same(name, actor_id, names):
                    return True
                if (
                    gold_entry is not None
                    and gold_entry.type in self.state_types
                    and actor.type in self.state_types
                    and actor.country is not None
                    and actor.country == gold_entry.country
                ):
                    return True  # "Israel" and "the Israeli military" code the same state
        return False


def score(
    rec: dict[str, Any], analysis: Analysis, actors: _Actors, report: dict[str, Any]
) -> dict[str, Any] | None:
    """Score one sentence into ``report``; return a miss record (or None when all is right)."""
    overall: dict[str, Tally] = report["overall"]
    events = analysis.events
    miss: dict[str, Any] = {"id": rec["id"], "text": rec["text"]}
    predicted = [
        {
            "type": e.type,
            "mode": e.mode,
            "status": e.status,
            "act": e.act.model_dump() if e.act else None,
            "sources": e.sources,
            "targets": e.targets,
        }
        for e in events
    ]
    if not rec["events"]:
        asserted = any(e.status == "occurred" for e in events)
        report["no_event"].add(asserted)
        return {**miss, "predicted": predicted} if asserted else None
    wrong: list[dict[str, Any]] = []
    used: set[int] = set()  # predicted events already matched to a gold event
    for n, gold in enumerate(rec["events"]):
        per: dict[str, Tally] = report["by_type"][gold["type"]]
        k = next(
            (i for i, e in enumerate(events) if i not in used and e.type == gold["type"]), None
        )
        found = None if k is None else events[k]
        if k is not None:
            used.add(k)
        checks = {"type_among": found is not None}
        if n == 0:
            checks["first_type"] = bool(events) and events[0].type == gold["type"]
        if gold.get("source"):
            checks["source"] = found is not None and actors.hit(
                gold["source"], found.sources + found.claimed_by, analysis
            )
        if gold.get("target"):
            checks["target"] = found is not None and actors.hit(
                gold["target"], found.targets, analysis
            )
        checks["status"] = found is not None and found.status == gold.get("status", "occurred")
        if gold.get("act"):
            checks["act"] = bool(found and found.act and found.act.type == gold["act"]["type"])
        for name, ok in checks.items():
            overall[name].add(ok)
            per[name].add(ok)
        if not all(checks.values()):
            wrong.append({"gold": gold, "wrong": [k for k, v in checks.items() if not v]})
    if not wrong:
        return None
    return {
        **miss,
        "gold": wrong[0]["gold"],
        "wrong": wrong[0]["wrong"],
        "events_wrong": wrong,
        "predicted": predicted,
    }


def evaluate_sentences(
    path: Path, *, limit: int | None = None, options: EvalOptions | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    from sitroom.pipeline import default_pipeline

    # PLOVER codes sentences one event per act: the ``act`` event unit
    pipeline = default_pipeline().with_settings(event_unit="act")
    actors = _Actors(ActorMatcher(pipeline.kb), pipeline.kb)
    report: dict[str, Any] = {
        "overall": defaultdict(Tally),
        "by_type": defaultdict(lambda: defaultdict(Tally)),
        "no_event": Tally(),
    }
    records = list(read_sentences(path, limit))
    docs = [Document(id=r["id"], text=r["text"]) for r in records]
    by_id = {r["id"]: r for r in records}
    misses: list[dict[str, Any]] = []
    started = time.perf_counter()
    workers = options.workers if options else 1
    for document, analysis in pipeline.analyze_many(docs, n_process=workers):
        miss = score(by_id[document.id], analysis, actors, report)
        if miss is not None:
            misses.append(miss)
        if options and options.progress:
            options.progress(1)

    def table(fields: dict[str, Tally]) -> dict[str, Any]:
        return {k: {"score": v.score, "n": v.total} for k, v in fields.items()}

    data = {
        "records": len(records),
        "seconds": round(time.perf_counter() - started, 1),
        "overall": table(report["overall"]),
        "no_event_fp": {"score": report["no_event"].score, "n": report["no_event"].total},
        "by_type": {
            t: table(report["by_type"][t]) for t in ontology().type_names if t in report["by_type"]
        },
    }
    return data, misses


def _count(path: Path, options: EvalOptions) -> int:
    return sum(1 for _ in read_sentences(path, options.limit))


def _run(path: Path, options: EvalOptions) -> dict[str, Any]:
    data, misses = evaluate_sentences(path, limit=options.limit, options=options)
    if options.misses is not None:
        with options.misses.open("w", encoding="utf-8") as fh:
            for m in misses:
                fh.write(json.dumps(m, ensure_ascii=False, default=str) + "\n")
    return data


def _cell(block: dict[str, Any], name: str) -> str:
    cell = block.get(name)
    if not cell or cell["score"] is None:
        return ""
    return f"{cell['score']:.2f} ({cell['n']})"


def _rows(data: dict[str, Any]) -> tuple[str, list[str], list[list[str]]]:
    fp = data["no_event_fp"]
    fp_text = f"{fp['score']:.2f} of {fp['n']}" if fp["score"] is not None else "n/a"
    title = (
        f"{data['records']} sentences, {data['seconds']} s; "
        f"no-event sentences with an asserted event: {fp_text}"
    )
    rows = [["all", *(_cell(data["overall"], f) for f in FIELDS)]]
    for kind, block in data["by_type"].items():
        rows.append([kind, *(_cell(block, f) for f in FIELDS)])
    return title, ["type", *FIELDS], rows


register(
    Mode(
        name="sentences",
        help="PLOVER sentences (JSONL: text and gold events with type, status, source, target, "
        "act): type among predicted, first type, source, target, no-event false positives",
        count=_count,
        run=_run,
        rows=_rows,
    )
)

"""Benchmark of the places stage: index build time, load time, memory, resolution throughput.

    PYTHONPATH=src python benchmarks/bench_places.py [--texts ../shared/data/dev/gold.jsonl]
        [--rebuild] [--repeat 3]

Build and load are measured in fresh subprocesses (peak RSS of each from ``getrusage``), so a
warm interpreter does not hide their cost. Throughput is toponyms resolved per second by
``Geocoder.resolve`` on documents annotated beforehand (spaCy time excluded).

``--share`` measures what the places stage costs inside whole extraction: the full pipeline
(spaCy included) runs over the texts once to warm up and once timed, and the time spent in
``Geocoder.resolve`` and ``Geocoder.locate`` is reported as a share of the timed run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# Sentences written for this benchmark (no dataset text), cycled to make documents.
SAMPLE_SENTENCES = [
    "Gunmen raided a checkpoint in Qala-i-Naw, Badghis, Afghanistan, killing two guards.",
    "Insurgents overran an outpost in Logar province after a week of fighting.",
    "Bandits abducted twelve farmers near Gusau in Zamfara State on Friday.",
    "A roadside bomb hit an army truck near Tikrit in Salahuddin.",
    "Mortar rounds landed in Khan Sheikhoun and Maarat al-Numan, Idlib.",
    "Militants stormed a police post in Afgooye (Afgooye, Lower Shabelle).",
    "Police were ambushed outside Bannu in KPK while Karachi stayed calm.",
    "Artillery struck Kramatorsk and Sloviansk in the Donetsk region.",
    "Militias burned homes in Geneina, West Darfur, as refugees fled to Chad.",
    "Gunmen killed four people in Culiacan, Sinaloa, and two more in Tijuana.",
]

_CHILD_BUILD = """
import json, resource, time
from sitroom.places.gazetteer import ensure_index
started = time.perf_counter()
path, built = ensure_index()
print(json.dumps({"seconds": time.perf_counter() - started, "built": built,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "size_mb": path.stat().st_size / 1e6}))
"""
_CHILD_LOAD = """
import json, resource, time
started = time.perf_counter()
from sitroom.places.resolver import Geocoder
geocoder = Geocoder.load()
print(json.dumps({"seconds": time.perf_counter() - started,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child(code: str, env: dict[str, str]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def measure_build_and_load(rebuild: bool) -> dict[str, Any]:
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        if rebuild:
            env["SITROOM_CACHE_DIR"] = tmp
        build = _child(_CHILD_BUILD, env)
        loads = [_child(_CHILD_LOAD, env) for _ in range(3)]
    return {
        "build": build,
        "load_seconds": round(min(x["seconds"] for x in loads), 3),
        "load_peak_rss_mb": round(max(x["peak_rss_mb"] for x in loads), 1),
    }


def _texts(path: Path | None) -> list[str]:
    if path is None:
        return [" ".join(SAMPLE_SENTENCES[i:] + SAMPLE_SENTENCES[:i]) for i in range(10)] * 10
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


def measure_throughput(texts: list[str], repeat: int) -> dict[str, Any]:
    from sitroom.nlp import Annotator
    from sitroom.places.resolver import Geocoder

    try:
        annotator = Annotator()
    except Exception:  # knowledge base not available: plain model
        annotator = Annotator(patterns=[])
    docs = list(annotator.annotate_many(texts, batch_size=32))
    geocoder = Geocoder.load()
    # The first pass pays for SQLite page reads and per-country fuzzy tables; later passes
    # show the steady state of a long-running process.
    seconds: list[float] = []
    mentions = 0
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        mentions = sum(len(p.mentions) for d in docs for p in geocoder.resolve(d))
        seconds.append(time.perf_counter() - started)
    return {
        "documents": len(docs),
        "toponyms": mentions,
        "first_pass_toponyms_per_second": round(mentions / seconds[0], 1),
        "warm_toponyms_per_second": round(mentions / min(seconds), 1),
        "warm_documents_per_second": round(len(docs) / min(seconds), 1),
    }


def measure_share(texts: list[str]) -> dict[str, Any]:
    from sitroom.models import Document
    from sitroom.pipeline import Pipeline

    pipeline = Pipeline()
    geocoder = pipeline.geocoder
    spent = [0.0]

    def timed(method: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - started

        return run

    geocoder.resolve = timed(geocoder.resolve)  # type: ignore[method-assign]
    geocoder.locate = timed(geocoder.locate)  # type: ignore[method-assign]
    docs = [Document(id=str(i), text=t) for i, t in enumerate(texts)]
    list(pipeline.analyze_many(docs[:20]))  # warm up: model, index pages, fuzzy tables
    spent[0] = 0.0
    started = time.perf_counter()
    list(pipeline.analyze_many(docs))
    total = time.perf_counter() - started
    return {
        "documents": len(docs),
        "extraction_seconds": round(total, 2),
        "places_seconds": round(spent[0], 2),
        "places_share": round(spent[0] / total, 3),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=Path, default=None, help="JSONL with a 'text' field")
    parser.add_argument("--rebuild", action="store_true", help="time a build in a fresh dir")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--share", action="store_true", help="only the places share of whole extraction"
    )
    args = parser.parse_args(argv)
    if args.share:
        print(json.dumps(measure_share(_texts(args.texts)), indent=2))
        return
    report = measure_build_and_load(args.rebuild)
    report["throughput"] = measure_throughput(_texts(args.texts), args.repeat)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

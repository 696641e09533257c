"""Throughput of extract and ingest against raw spaCy, at 1 and 2 workers.

    PYTHONPATH=src python benchmarks/bench_pipeline.py [--n 200] [--jsonl articles.jsonl]

Texts: ``--n`` articles of 300-700 words recombined from the bundled example article's
sentences (seeded), or the ``text`` fields of a JSONL file. Every configuration runs in its own
process, so peak memory (max RSS of the process and of its largest child) is its own:

- ``spacy``: raw ``nlp.pipe`` of the pipeline's spaCy model (batch 16, n_process 1 or 2);
- ``extract``: documents to analyses, no store, as ``run_ingest`` analyzes them (workers=1 in
  process, workers=2 spaCy on two processes through ``nlp.pipe(n_process=2)`` with the rule
  stages in the parent; the loaded pipeline frozen for the garbage collector);
- ``ingest``: the same plus writing to a fresh SQLite store with merging (sitroom.batch).

Prints articles/s, words/s, the ratio to raw spaCy at the same worker count (goal >= 0.8), and
for extract at 1 worker where the time goes (spaCy, conversion to AnnotatedDoc, each rule
stage).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

CONFIGS = ["spacy:1", "spacy:2", "extract:1", "extract:2", "ingest:1", "ingest:2"]


def make_articles(n: int, seed: int = 3) -> list[str]:
    from sitroom.cli import example_article

    text, _ = example_article()
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 4]
    rng = random.Random(seed)
    articles = []
    for _ in range(n):
        target = rng.randint(300, 700)
        chosen: list[str] = []
        words = 0
        while words < target:
            sentence = rng.choice(sentences)
            chosen.append(sentence)
            words += len(sentence.split())
        paragraphs = [" ".join(chosen[i : i + 4]) for i in range(0, len(chosen), 4)]
        articles.append("\n\n".join(paragraphs))
    return articles


def load_texts(args: argparse.Namespace) -> list[str]:
    if args.jsonl:
        with open(args.jsonl, encoding="utf-8") as f:
            return [json.loads(line)["text"] for line in f if line.strip()][: args.n]
    return make_articles(args.n)


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, child) / 1024, 1)  # ru_maxrss is in KiB on Linux


def timed_stages(pipeline: Any) -> dict[str, float]:
    """Wrap the pipeline's stages with timers; returns the dict they add seconds to."""
    import sitroom.nlp
    import sitroom.time

    spent: dict[str, float] = defaultdict(float)

    def wrap(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - started

        return timed

    sitroom.nlp.to_annotated = wrap("to_annotated", sitroom.nlp.to_annotated)  # type: ignore[assignment]
    sitroom.time.extract_dates = wrap("time", sitroom.time.extract_dates)  # type: ignore[assignment]
    pipeline.linker.link = wrap("actors", pipeline.linker.link)
    pipeline.geocoder.resolve = wrap("places.resolve", pipeline.geocoder.resolve)
    pipeline.geocoder.locate = wrap("places.locate", pipeline.geocoder.locate)
    pipeline.events.extract = wrap("events", pipeline.events.extract)
    pipeline.relations.extract = wrap("relations", pipeline.relations.extract)
    return spent


def run_one(config: str, texts: list[str]) -> dict[str, Any]:
    kind, workers = config.split(":")
    n_workers = int(workers)
    from sitroom.ingest import read_text

    documents = [read_text(t, id=f"bench-{i}") for i, t in enumerate(texts)]
    result: dict[str, Any] = {"config": config, "articles": len(texts)}
    result["words"] = sum(len(t.split()) for t in texts)
    if kind == "spacy":
        from sitroom.nlp import Annotator

        nlp = Annotator().nlp
        started = time.perf_counter()
        kwargs = {"n_process": n_workers} if n_workers > 1 else {}
        for _ in nlp.pipe((d.text for d in documents), batch_size=16, **kwargs):
            pass
        result["seconds"] = time.perf_counter() - started
    elif kind == "extract":
        from sitroom import batch

        work = [batch._Work(i, d) for i, d in enumerate(documents)]
        if n_workers == 1:
            from sitroom.pipeline import Pipeline

            pipeline = Pipeline()
            spent = timed_stages(pipeline)
            started = time.perf_counter()
            with batch._long_lived_objects_frozen():  # as run_ingest does
                done = list(batch.analyze_in_process(pipeline, work, 16))
            result["seconds"] = time.perf_counter() - started
            stages = {k: round(v, 2) for k, v in sorted(spent.items(), key=lambda kv: -kv[1])}
            rules = sum(v for k, v in spent.items() if k != "to_annotated")
            stages["spacy (rest)"] = round(result["seconds"] - rules - spent["to_annotated"], 2)
            result["stages_s"] = stages
        else:
            from sitroom.pipeline import Pipeline

            pipeline = Pipeline()
            started = time.perf_counter()
            with batch._long_lived_objects_frozen():
                done = list(batch.analyze_streaming(pipeline, work, 16, n_workers))
            result["seconds"] = time.perf_counter() - started
        result["events"] = sum(len(d.analysis.events) for d in done if d.analysis)
    else:
        from sitroom.batch import IngestOptions, run_ingest
        from sitroom.store import Store

        folder = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
        batch_file = folder / "articles.jsonl"
        with batch_file.open("w", encoding="utf-8") as f:
            for i, t in enumerate(texts):
                f.write(json.dumps({"id": f"bench-{i}", "text": t}) + "\n")
        from sitroom.pipeline import Pipeline

        pipeline = Pipeline()  # loaded before the clock starts, at every worker count
        with Store(folder / "bench.db") as store:
            started = time.perf_counter()
            report = run_ingest(
                [str(batch_file)], store, IngestOptions(workers=n_workers), pipeline=pipeline
            )
            result["seconds"] = time.perf_counter() - started
            result["added"] = report.added
            result["merged"] = report.merge.merged
    result["seconds"] = round(result["seconds"], 2)
    result["articles_per_s"] = round(len(texts) / result["seconds"], 2)
    result["words_per_s"] = round(result["words"] / result["seconds"])
    result["peak_rss_mb"] = peak_mb()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--jsonl", type=Path)
    parser.add_argument("--configs", nargs="+", default=CONFIGS)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    texts = load_texts(args)
    if args.one:
        print(json.dumps(run_one(args.one, texts)))
        return
    results = {}
    for config in args.configs:
        cmd = [sys.executable, __file__, "--n", str(args.n), "--one", config]
        if args.jsonl:
            cmd += ["--jsonl", str(args.jsonl)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        results[config] = json.loads(out.strip().splitlines()[-1])
        print(json.dumps(results[config]), flush=True)
    for config, r in results.items():
        kind, workers = config.split(":")
        raw = results.get(f"spacy:{workers}")
        if kind != "spacy" and raw:
            ratio = r["articles_per_s"] / raw["articles_per_s"]
            print(f"{config}: {ratio:.2f}x raw spaCy at {workers} worker(s)")


if __name__ == "__main__":
    main()

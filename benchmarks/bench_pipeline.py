"""Extraction throughput on distinct real text, against raw spaCy, at 1 and 2 processes.

    PYTHONPATH=src python benchmarks/bench_pipeline.py [--rounds 3] [--jsonl stories.jsonl]

Every round starts cold for names: the memos of names already looked up (actor KB, gazetteer)
are cleared and the worker pool is new (warmed on other texts before the clock), so a name seen
in an earlier round is not free.

Texts: the 57 Voice of America stories in ``../shared/data/voa/stories.jsonl`` (public domain,
voanews.com / Voice of America), or ``--jsonl`` (``text`` fields), or, when neither exists,
``--generate N`` distinct articles from :mod:`bench_texts` (actors, places and numbers varied,
no text repeated). Every text is distinct, so no memo inside sitroom sees the same name twice by
construction.

In one process, in interleaved rounds (``spacy:1``, ``extract:1``, ``extract:2``, then again),
after a warm-up of each:

- ``spacy:1``: raw ``nlp.pipe`` (batch 16) of spaCy's full shipped pipeline
  (``spacy.load(model)``: tok2vec, tagger, parser, attribute ruler, lemmatizer, ner);
- ``extract:1``: ``Pipeline.analyze_results`` in this process (sitroom's spaCy pipeline with
  its entity rulers, conversion, every rule stage);
- ``extract:2``: the same on two worker processes (:mod:`sitroom.workers`), the pool started
  and warmed once, before the first round; each round clears the same memos in every worker
  as in this process (:func:`forget_names_in_workers`). A new pool per round (as this
  benchmark did until 2026-12-03) charged extract:2 with every other warm-up a long run pays
  once (word tables, lexemes, cached rule keys): the two workers then spent as much CPU
  time on the 57 stories as one cold process (9.3-10.1 s), against 7.3-7.8 s for the warm
  extract:1, about 20% of extract:2's apparent shortfall.

Prints per round and the medians: articles/s, the ratio to the median raw spaCy at 1 process
(targets: extract:1 >= 1.0x, extract:2 >= 1.7x), where the time of extract:1 goes (spaCy
parse and each stage), the peak memory of this process and of the largest worker, and the
machine's load average.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_texts import distinct_articles

VOA = Path(__file__).resolve().parents[2] / "shared" / "data" / "voa" / "stories.jsonl"


def load_texts(args: argparse.Namespace) -> tuple[str, list[str]]:
    path = args.jsonl or (VOA if VOA.is_file() and not args.generate else None)
    if path is not None:
        with open(path, encoding="utf-8") as f:
            texts = [json.loads(line)["text"] for line in f if line.strip()]
        return str(path), texts[: args.limit] if args.limit else texts
    n = args.generate or 60
    return f"{n} generated articles", distinct_articles(n)


def rss_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # KiB on Linux


def timed_stages(pipeline: Any) -> dict[str, float]:
    """Time the spaCy parse and every registered stage of ``pipeline`` (seconds, summed)."""
    spent: dict[str, float] = defaultdict(float)

    def wrap(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - started

        return timed

    annotator = pipeline.annotator
    many = annotator.annotate_many
    annotator.annotate_many = wrap(
        "spacy parse + conversion", lambda *a, **k: iter(list(many(*a, **k)))
    )
    annotator.annotate = wrap("spacy parse + conversion", annotator.annotate)
    pipeline.__dict__["stages"] = [(n, wrap(n, fn)) for n, fn in pipeline.stages]
    return spent


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def forget_names(pipeline: Any) -> None:
    """Clear the memos of names already looked up (actor KB, gazetteer), so that every round
    pays for its names as a first run does; the built indexes stay."""
    memos = [(pipeline.kb, ("_lookups",)), (pipeline.geocoder.fuzzy, ("_memo", "_inside_memo"))]
    for owner, attrs in memos:
        for attr in attrs:
            memo = getattr(owner, attr, None)
            if isinstance(memo, dict):
                memo.clear()


def _forget_in_worker(barrier: Any) -> int:
    """In a worker: load its pipeline if it has not yet, clear its name memos, then wait for
    every other worker (so each worker runs this exactly once)."""
    from sitroom import workers

    workers._analyze([])  # loads the models on a worker's first call
    assert workers._pipeline is not None
    forget_names(workers._pipeline)
    barrier.wait(timeout=120)
    return os.getpid()


def forget_names_in_workers(pool: Any, manager: Any) -> None:
    """Clear the name memos in each of ``pool``'s workers (:func:`forget_names`)."""
    barrier = manager.Barrier(pool.workers)
    executor = pool._pool()
    futures = [executor.submit(_forget_in_worker, barrier) for _ in range(pool.workers)]
    pids = {f.result() for f in futures}
    assert len(pids) == pool.workers, "a worker did not clear its memos"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jsonl", type=Path, help="texts (a 'text' field per line)")
    parser.add_argument("--generate", type=int, help="use N generated distinct articles")
    parser.add_argument("--limit", type=int, help="first N texts of the file")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    import spacy

    from sitroom.ingest import read_text
    from sitroom.pipeline import Pipeline
    from sitroom.settings import get_settings
    from sitroom.workers import WorkerPool

    source, texts = load_texts(args)
    assert len(set(texts)) == len(texts), "texts must be distinct"
    documents = [read_text(t, id=f"bench-{i}") for i, t in enumerate(texts)]
    words = sum(len(t.split()) for t in texts)
    print(f"texts: {len(texts)} from {source}, {words:,} words; load {os.getloadavg()}")

    raw = spacy.load(get_settings().model)
    pipeline = Pipeline().load()
    spent = timed_stages(pipeline)
    # Warm-up on other (generated) texts: models loaded and lazy indexes built, but no name
    # of the measured texts memoized.
    warm = [read_text(t, id=f"warm-{i}") for i, t in enumerate(distinct_articles(4, seed=99))]
    list(raw.pipe(texts[:4]))
    list(pipeline.analyze_results(warm))
    spent.clear()
    # One pool for every round, warmed before the clock as this process is; each round clears
    # the same name memos in its workers as here.
    import multiprocessing

    manager = multiprocessing.get_context("spawn").Manager()
    pool = WorkerPool(args.workers)
    forget_names_in_workers(pool, manager)  # every worker started, its models loaded
    list(pool.analyze(warm * args.workers, batch_size=len(warm) * args.workers))

    def run_spacy() -> None:
        for _ in raw.pipe(texts, batch_size=16):
            pass

    def run_extract_1() -> None:
        for _ in pipeline.analyze_results(documents, batch_size=16):
            pass

    def run_extract_2() -> None:
        assert pool is not None
        for _ in pool.analyze(documents, batch_size=16):
            pass

    runs = {
        "spacy:1": run_spacy,
        "extract:1": run_extract_1,
        f"extract:{args.workers}": run_extract_2,
    }
    seconds: dict[str, list[float]] = defaultdict(list)
    busy: dict[str, list[float]] = defaultdict(list)  # this process's CPU time / wall time
    for r in range(args.rounds):
        forget_names(pipeline)
        forget_names_in_workers(pool, manager)
        for name, run in runs.items():
            cpu = _cpu_seconds()
            started = time.perf_counter()
            run()
            seconds[name].append(time.perf_counter() - started)
            busy[name].append((_cpu_seconds() - cpu) / seconds[name][-1])
        print(
            f"round {r + 1}: "
            + ", ".join(f"{n} {len(texts) / s[-1]:.2f} art/s" for n, s in seconds.items())
            + f"; this process busy {100 * busy[f'extract:{args.workers}'][-1]:.0f}% of "
            + f"extract:{args.workers}; load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
    pool.close()
    manager.shutdown()

    medians = {n: statistics.median(s) for n, s in seconds.items()}
    base = len(texts) / medians["spacy:1"]
    print("\nmedians over", args.rounds, "interleaved rounds:")
    for name, s in medians.items():
        rate = len(texts) / s
        print(
            f"  {name:10s} {rate:6.2f} articles/s {words / s:8.0f} words/s"
            f"  {rate / base:.2f}x raw spaCy:1"
        )
    total = sum(spent.values())
    print(f"\nwhere extract:1 spends its time ({args.rounds} rounds, {total:.1f} s):")
    for name, s in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:26s} {s:7.1f} s  {100 * s / total:5.1f}%")
    print(
        f"\npeak RSS: this process {rss_mb(resource.RUSAGE_SELF)} MB (raw spaCy + sitroom "
        f"pipeline), largest worker {rss_mb(resource.RUSAGE_CHILDREN)} MB"
    )


if __name__ == "__main__":
    main()

"""Time of writing analyses to a fresh SQLite store, without spaCy: what ``ingest`` adds.

    PYTHONPATH=src python benchmarks/bench_store_writes.py [--n 100] [--repeat 5] [--per-call 64]

The ``--n`` articles of ``bench_pipeline.py`` are analyzed once; then ``Store.add_many`` writes
them ``--per-call`` at a time (as ``sitroom.batch`` does, merging included) into a fresh store,
``--repeat`` times. Prints the min and median seconds and checks that writing them again
stores nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from bench_pipeline import make_articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--per-call", type=int, default=64)
    args = parser.parse_args()

    from sitroom.ingest import read_text
    from sitroom.pipeline import Pipeline
    from sitroom.store import Store

    pipeline = Pipeline()
    documents = [read_text(t, id=f"bench-{i}") for i, t in enumerate(make_articles(args.n))]
    items = [(d, pipeline.analyze(d)) for d in documents]
    seconds = []
    for _ in range(args.repeat):
        folder = Path(tempfile.mkdtemp(prefix="bench-store-"))
        with Store(folder / "bench.db") as store:
            started = time.perf_counter()
            for i in range(0, len(items), args.per_call):
                store.add_many(items[i : i + args.per_call])
            seconds.append(time.perf_counter() - started)
            if store.add_many(items) != (0, len(items)):
                raise SystemExit("writing the same documents again stored something")
    print(
        json.dumps(
            {
                "documents": len(items),
                "events": sum(len(a.events) for _, a in items),
                "min_s": round(min(seconds), 3),
                "median_s": round(statistics.median(seconds), 3),
                "runs_s": [round(s, 3) for s in seconds],
            }
        )
    )


if __name__ == "__main__":
    main()

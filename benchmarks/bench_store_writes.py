"""Time of writing analyses to a fresh store, without spaCy: what ``ingest`` adds, on SQLite and
(with ``--pg-url``) PostgreSQL, in interleaved runs.

    PYTHONPATH=src python benchmarks/bench_store_writes.py [--n 100] [--repeat 5] \
        [--per-call 64] [--pg-url postgresql+psycopg://...] [--cache /tmp/analyses.pickle]

The articles are the VOA stories of ``../shared/data/voa`` (when present) topped up with the
distinct generated articles of ``bench_texts.py`` to ``--n``; they are analyzed once (with
``--cache``, once across runs: the pickled analyses are reused). Then ``Store.add_many``
writes them ``--per-call`` at a time (as ``sitroom.batch`` does, merging included) into a fresh
store, ``--repeat`` times per back end, the back ends alternating (and which goes first
alternating too) so that a change in the machine's load hits both. Each run then checks that
writing the same documents again stores nothing. Prints the min and median seconds per back
end, the ratio of the medians and the load average. The PostgreSQL database named by
``--pg-url`` loses every sitroom table at each run.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_texts import distinct_articles

VOA = Path(__file__).resolve().parents[2] / "shared" / "data" / "voa" / "stories.jsonl"


def texts(n: int) -> list[str]:
    found: list[str] = []
    if VOA.is_file():
        with open(VOA, encoding="utf-8") as f:
            found = [json.loads(line)["text"] for line in f if line.strip()][:n]
    return found + distinct_articles(n - len(found))


def analyzed(n: int, cache: Path | None) -> list[Any]:
    if cache is not None and cache.is_file():
        with open(cache, "rb") as f:
            items: list[Any] = pickle.load(f)
        if len(items) == n:
            return items
    from sitroom.ingest import read_text
    from sitroom.pipeline import Pipeline

    pipeline = Pipeline()
    documents = [read_text(t, id=f"bench-{i}") for i, t in enumerate(texts(n))]
    items = [(d, pipeline.analyze(d)) for d in documents]
    if cache is not None:
        with open(cache, "wb") as f:
            pickle.dump(items, f)
    return items


def fresh_store(backend: str, pg_url: str | None) -> Any:
    import sqlalchemy as sa

    from sitroom.store import Store, schema

    if backend == "sqlite":
        return Store(Path(tempfile.mkdtemp(prefix="bench-store-")) / "bench.db")
    assert pg_url is not None
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS mentions"))  # version 12 (refers to actors)
        schema.metadata.drop_all(conn)
    engine.dispose()
    return Store(pg_url)


def timed_run(items: list[Any], backend: str, pg_url: str | None, per_call: int) -> float:
    with fresh_store(backend, pg_url) as store:
        started = time.perf_counter()
        for i in range(0, len(items), per_call):
            store.add_many(items[i : i + per_call])
        seconds = time.perf_counter() - started
        if store.add_many(items) != (0, len(items)):
            raise SystemExit(f"{backend}: writing the same documents again stored something")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--per-call", type=int, default=64)
    parser.add_argument("--pg-url", help="also write to this PostgreSQL database (emptied)")
    parser.add_argument("--cache", type=Path, help="pickle of the analyses, made when missing")
    args = parser.parse_args()

    items = analyzed(args.n, args.cache)
    backends = ["sqlite", "postgresql"] if args.pg_url else ["sqlite"]
    seconds: dict[str, list[float]] = {b: [] for b in backends}
    load = [os.getloadavg()[0]]
    for run in range(args.repeat):
        order = backends if run % 2 == 0 else backends[::-1]
        for backend in order:
            seconds[backend].append(timed_run(items, backend, args.pg_url, args.per_call))
        load.append(os.getloadavg()[0])
    result: dict[str, Any] = {
        "documents": len(items),
        "events": sum(len(a.events) for _, a in items),
        "load_1min": [round(min(load), 2), round(max(load), 2)],
    }
    for backend, runs in seconds.items():
        result[backend] = {
            "min_s": round(min(runs), 3),
            "median_s": round(statistics.median(runs), 3),
            "runs_s": [round(s, 3) for s in runs],
        }
    if args.pg_url:
        result["postgresql_over_sqlite"] = round(
            statistics.median(seconds["postgresql"]) / statistics.median(seconds["sqlite"]), 2
        )
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""Start-up: time to the first result for one article, and a no-op re-ingest.

    PYTHONPATH=src python benchmarks/bench_startup.py [--stored 1000] [--runs 3]

- **first result**: a fresh ``python`` process runs ``sitroom.extract`` on one article (the
  bundled example) and reports the wall time from process start to the analysis, ``--runs``
  times (the first run may build caches: the gazetteer index, the KB index); median of the
  later runs.
- **no-op re-ingest**: ``--stored`` distinct documents are written to a fresh SQLite store
  (through ``Store.add_many``, with empty analyses: only their ids matter here), then the real
  CLI (``python -m sitroom ingest FILE --db DB``) is timed over the same documents, which it
  must recognize as stored without loading any model. Median of ``--runs``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_texts import distinct_articles

FIRST_RESULT = """
import time
started = time.perf_counter()
import sitroom
from sitroom.cli import example_article
text, published = example_article()
analysis = sitroom.extract(text, published=published.isoformat())
print(time.perf_counter() - started, len(analysis.events))
"""


def first_result(runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", FIRST_RESULT], capture_output=True, text=True, check=True
        )
        wall = time.perf_counter() - started
        inner, events = done.stdout.split()
        out.append(wall)
        print(
            f"  first result: {wall:.2f} s wall ({float(inner):.2f} s after start), "
            f"{events} events",
            flush=True,
        )
    return out


def noop_reingest(stored: int, runs: int) -> list[float]:
    from sitroom.ingest import read_text
    from sitroom.models import Analysis
    from sitroom.store import Store

    folder = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    batch = folder / "stored.jsonl"
    texts = distinct_articles(stored)
    with batch.open("w", encoding="utf-8") as f:
        for i, text in enumerate(texts):
            f.write(json.dumps({"id": f"doc-{i}", "text": text, "published": "2024-05-01"}) + "\n")
    db = folder / "store.db"
    with Store(db) as store:
        pairs = [
            (read_text(t, id=f"doc-{i}"), Analysis(id=f"doc-{i}")) for i, t in enumerate(texts)
        ]
        for start in range(0, len(pairs), 200):
            store.add_many(pairs[start : start + 200])
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "sitroom", "ingest", str(batch), "--db", str(db)],
            capture_output=True,
            text=True,
            env=dict(os.environ),
        )
        wall = time.perf_counter() - started
        out.append(wall)
        last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        print(f"  no-op re-ingest of {stored}: {wall:.2f} s ({last})", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stored", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"load {os.getloadavg()}")
    firsts = first_result(args.runs)
    later = firsts[1:] or firsts
    print(f"time to first result: median {statistics.median(later):.2f} s after the first run")
    noops = noop_reingest(args.stored, args.runs)
    print(
        f"no-op re-ingest of {args.stored} stored documents: "
        f"median {statistics.median(noops):.2f} s"
    )
    print(f"load {os.getloadavg()}")


if __name__ == "__main__":
    main()

"""Cross-document merging at scale: a synthetic stream of reports through sitroom.store.merging.

    PYTHONPATH=src python benchmarks/bench_merge.py [--sizes 50000 100000 200000] [--store URL]

The stream is fabricated plain records (no spaCy): true incidents spread over 40 countries x
12 first-level divisions, each reported 1-5 times by different documents with the date moved by
up to a day, the place by a few km and the death toll growing. The period grows with the
stream (one day per 250 reports: 200k reports cover 800 days), so the density per country and
week stays constant, as in a real archive; --density multiplies it. Prints seconds,
reports/s, comparisons per report, and pairwise precision/recall of the merge against the
truth. With --store, the same stream is also written as events to a store (bulk SQL, not
through the pipeline) and merged there with Store.merge_new().
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import time
from collections import defaultdict

from sitroom.store.merging import Merger, Report

MODES = ("bombing", "armed_assault", "shelling", "kidnapping", "air_strike")
ACTORS = [f"group-{i}" for i in range(60)]
TARGETS = ["civilians", "military", "police", *[f"town-{i}" for i in range(20)]]


def synthetic_reports(
    n: int, seed: int = 7, density: float = 1.0
) -> tuple[list[Report], list[int]]:
    """``n`` reports and, for each, the id of the true incident it describes."""
    rng = random.Random(seed)
    span = max(30, int(n / 250 / density))
    base = dt.date(2022, 1, 1)
    reports: list[Report] = []
    truth: list[int] = []
    for incident in itertools.count():
        if len(reports) >= n:
            break
        country = f"C{rng.randrange(40):02d}"
        admin = rng.randrange(12)
        lat = rng.uniform(-30, 40) + admin * 0.6
        lon = rng.uniform(-10, 60) + admin * 0.6
        day = base + dt.timedelta(days=rng.randrange(span))
        mode = rng.choice(MODES)
        source = rng.choice(ACTORS)
        target = rng.choice(TARGETS)
        killed = rng.choice([None, rng.randrange(1, 40)])
        for _ in range(min(rng.randint(1, 5), n - len(reports))):
            shift = dt.timedelta(days=rng.choice((0, 0, 0, 1, -1)))
            precise = rng.random() < 0.8
            reports.append(
                Report(
                    key=len(reports),
                    document_id=f"doc-{len(reports)}",
                    type="ASSAULT",
                    mode=mode if rng.random() < 0.9 else None,
                    date_start=day + shift,
                    date_end=day + shift,
                    date_precision="day" if rng.random() < 0.85 else "document",
                    country=country,
                    admin1=f"{country}-A{admin}",
                    city=f"{country}-town-{incident}" if precise else None,
                    lat=lat + rng.uniform(-0.03, 0.03) if precise else None,
                    lon=lon + rng.uniform(-0.03, 0.03) if precise else None,
                    geo_precision="city" if precise else "admin1",
                    sources=(source,) if rng.random() < 0.7 else (),
                    targets=(target,),
                    killed=None if killed is None else killed + rng.randrange(0, 4),
                )
            )
            truth.append(incident)
    return reports, truth


def pair_scores(assigned: list[int], truth: list[int]) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering against the true one."""

    def pairs(labels: list[int]) -> set[tuple[int, int]]:
        groups: dict[int, list[int]] = defaultdict(list)
        for i, label in enumerate(labels):
            groups[label].append(i)
        return {p for g in groups.values() for p in itertools.combinations(g, 2)}

    found, real = pairs(assigned), pairs(truth)
    hit = len(found & real)
    return hit / max(1, len(found)), hit / max(1, len(real))


def run_memory(n: int, density: float) -> dict[str, float]:
    reports, truth = synthetic_reports(n, density=density)
    merger = Merger()
    started = time.perf_counter()
    assigned = [id(merger.add(r)) for r in reports]
    seconds = time.perf_counter() - started
    precision, recall = pair_scores(assigned, truth)
    return {
        "reports": n,
        "seconds": round(seconds, 2),
        "reports_per_s": round(n / seconds),
        "comparisons_per_report": round(merger.comparisons / n, 2),
        "incidents": len(merger.incidents),
        "true_incidents": len(set(truth)),
        "pair_precision": round(precision, 4),
        "pair_recall": round(recall, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 100_000, 200_000])
    parser.add_argument("--density", type=float, default=1.0)
    args = parser.parse_args()
    results = [run_memory(n, args.density) for n in args.sizes]
    for r in results:
        print(r)
    if len(results) >= 2:
        first, last = results[0], results[-1]
        print(
            f"scaling: {last['reports'] / first['reports']:.1f}x reports took "
            f"{last['seconds'] / first['seconds']:.2f}x the time"
        )


if __name__ == "__main__":
    main()

"""Ingest cost per document as the store grows, without spaCy: merge and write per tranche.

    PYTHONPATH=src python benchmarks/bench_store_tranches.py [--tranches 1000 10000] [--url URL]

Synthetic analyses (a ~4.4 kB text of invented words, 3 events with actors, places, dates and
tolls, 4 actors drawn from a pool of 400, 2 places) are written with ``Store.add_many`` in
batches of 64, merging included, as ``sitroom ingest`` does. The period grows with the store
(one day per 80 documents), so the density of incidents per country and week stays constant,
as in a real archive. At each tranche boundary (the store holding 1k, 10k, ... documents) the
next 500 documents are timed (with ``--spread`` they are published on random days of the
whole period, as in a backfill, so one batch's dates span the archive): milliseconds per
document for the write and for the merge (``Store.merge_new``), and on SQLite the bytes on
disk per document beyond its text.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from sitroom.models import (
    Actor,
    Analysis,
    DateValue,
    Document,
    Event,
    Location,
    Place,
    Span,
)

WORDS = [f"w{i:03d}" for i in range(900)]
TYPES = ("ASSAULT", "COERCE", "PROTEST", "THREATEN")
PROBE = 500


def synthetic(i: int, rng: random.Random, day: int | None = None) -> tuple[Document, Analysis]:
    """Document ``i``, published on day ``day`` of the period (default: ``i // 80``)."""
    text = " ".join(rng.choice(WORDS) for _ in range(880)) + "."
    published = dt.date(2020, 1, 1) + dt.timedelta(days=i // 80 if day is None else day)
    actors = [
        Actor(id=f"actor-{k}", name=f"Actor {k}", type="armed_group")
        for k in rng.sample(range(400), 4)
    ]
    events = []
    places = []
    for e in range(3):
        country = f"C{rng.randrange(40):02d}"
        admin = rng.randrange(12)
        lat, lon = rng.uniform(-30, 40), rng.uniform(-10, 60)
        loc = Location(name=f"Town {admin}", country=country, admin1=f"A{admin}", lat=lat,
                       lon=lon, precision="city")  # fmt: skip
        day = published - dt.timedelta(days=rng.randrange(3))
        precise = rng.random() < 0.8
        start = e * 200
        events.append(
            Event(
                id=f"e{e}",
                type=rng.choice(TYPES),
                sources=[actors[e].id],
                targets=[actors[3].id],
                date=DateValue(start=day, end=day, precision="day" if precise else "document"),
                location=loc,
                killed=rng.choice([None, rng.randrange(1, 40)]),
                evidence=Span(start=start, end=start + 20, text=text[start : start + 20]),
            )
        )
        places.append(Place(**loc.model_dump(), mentions=[]))
    document = Document(id=f"doc-{i}", text=text, published=published, source="bench")
    return document, Analysis(
        id=document.id, published=published, actors=actors, events=events, places=places[:2]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tranches", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--url", help="a store URL (default: a fresh SQLite file)")
    parser.add_argument(
        "--spread",
        action="store_true",
        help="timed documents published on random days of the whole period (a backfill), "
        "not the next days",
    )
    args = parser.parse_args()

    from sitroom.store import Store

    rng = random.Random(5)
    folder = Path(tempfile.mkdtemp(prefix="bench-tranches-"))
    url = args.url or str(folder / "bench.db")
    store = Store(url, auto_merge=False)
    written = 0
    for size in sorted(args.tranches):
        while written < size:  # fill to the tranche, untimed
            n = min(1000, size - written)
            store.add_many(synthetic(written + k, rng) for k in range(n))
            store.merge_new()
            written += n
        write_s = merge_s = 0.0
        for start in range(written, written + PROBE, 64):
            batch = [
                synthetic(k, rng, rng.randrange(written // 80 + 1) if args.spread else None)
                for k in range(start, min(start + 64, written + PROBE))
            ]
            t0 = time.perf_counter()
            store.add_many(batch)
            t1 = time.perf_counter()
            store.merge_new([d.id for d, _ in batch])
            merge_s += time.perf_counter() - t1
            write_s += t1 - t0
        written += PROBE
        line = (
            f"{size:>8} docs: write {1000 * write_s / PROBE:6.2f} ms/doc, "
            f"merge {1000 * merge_s / PROBE:6.2f} ms/doc"
        )
        if not args.url:
            stats = store.stats()
            text_bytes = written * 4400
            on_disk = sum(p.stat().st_size for p in folder.glob("bench.db*"))
            line += (
                f", {(on_disk - text_bytes) / written / 1024:5.1f} kB/doc on disk beyond the"
                f" text ({stats['events']} events)"
            )
        print(line, flush=True)
    store.close()


if __name__ == "__main__":
    main()

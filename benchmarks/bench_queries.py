"""Query latency of the store at 10k / 100k (/ 1M) events, on SQLite and PostgreSQL.

    PYTHONPATH=src python benchmarks/bench_queries.py [--sizes 10000 100000] [--pg URL]

Stores are filled with fabricated rows (5 events per document, 300 actors, 40 countries, two
years) by bulk inserts into the store's own tables, then merged with ``Store.merge_new`` (timed:
that is the cross-document merge over a whole store). The bulk inserts bypass the store's
writers, so the aggregate tables are then computed with ``Store.rebuild_aggregates`` (timed).
Each query runs 5 times; the median is printed in milliseconds. ``--pg`` drops every sitroom
table in that database first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from sitroom.store import (
    ActorFilter,
    DocumentFilter,
    EventFilter,
    IncidentFilter,
    PlaceFilter,
    RelationFilter,
    Store,
)
from sitroom.store import schema as st

EVENTS_PER_DOC = 5
MODES = ("bombing", "armed_assault", "shelling", "armed_clash", None)


def fill(store: Store, n_events: int, seed: int = 1) -> float:
    """Insert ``n_events`` events (and their documents, actors, places); returns seconds."""
    rng = random.Random(seed)
    started = time.perf_counter()
    now = dt.datetime.now(dt.UTC)
    actor_ids = [f"group-{i}" for i in range(300)]
    with store.engine.begin() as conn:
        conn.execute(
            st.actors.insert(),
            [
                {"id": a, "name": a.replace("-", " ").title(), "type": "armed_group", "kb": False}
                for a in actor_ids
            ],
        )
        conn.execute(
            st.actor_aliases.insert(),
            [{"actor_id": a, "alias": a.upper(), "alias_key": a} for a in actor_ids],
        )
    n_docs = n_events // EVENTS_PER_DOC
    for first in range(0, n_docs, 2000):
        docs, events, links, places = [], [], [], []
        for d in range(first, min(n_docs, first + 2000)):
            doc_id = f"doc-{d:07d}"
            published = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(730))
            docs.append(
                {
                    "id": doc_id,
                    "text": f"Article {d} about fighting in province {d % 12}.",
                    "title": f"Report {d}",
                    "source": f"wire-{d % 9}",
                    "published": published,
                    "ingested_at": now,
                }
            )
            country = f"C{rng.randrange(40):02d}"
            lat, lon = rng.uniform(-30, 40), rng.uniform(-10, 60)
            places.append(
                {
                    "document_id": doc_id,
                    "position": 0,
                    "name": f"Town {d % 5000}",
                    "country": country,
                    "lat": lat,
                    "lon": lon,
                    "precision": "city",
                    "mentions": [],
                    "n_mentions": 1,
                }
            )
            for e in range(EVENTS_PER_DOC):
                day = published - dt.timedelta(days=rng.randrange(3))
                evidence = f"Fighters attacked a post near town {d % 5000} (event {e})."
                events.append(
                    {
                        "document_id": doc_id,
                        "local_id": f"e{e + 1}",
                        "position": e,
                        "type": rng.choice(("ASSAULT", "ASSAULT", "COERCE", "PROTEST")),
                        "mode": rng.choice(MODES),
                        "status": "occurred",
                        "date_start": day,
                        "date_end": day,
                        "date_precision": "day",
                        "has_location": True,
                        "location_name": f"Town {d % 5000}",
                        "country": country,
                        "admin1": f"{country}-A{rng.randrange(12)}",
                        "city": f"Town {d % 5000}",
                        "lat": lat + rng.uniform(-0.05, 0.05),
                        "lon": lon + rng.uniform(-0.05, 0.05),
                        "geo_precision": "city",
                        "killed": rng.choice((None, rng.randrange(30))),
                        "evidence_start": 0,
                        "evidence_end": len(evidence),
                        "evidence_text": evidence,
                        "confidence": 0.7,
                        "notes": [],
                        "more_evidence": [],
                    }
                )
                links.append((rng.choice(actor_ids), rng.choice(actor_ids)))
        with store.engine.begin() as conn:
            conn.execute(st.documents.insert(), docs)
            conn.execute(st.places.insert(), places)
            pks = conn.execute(
                st.events.insert().returning(st.events.c.pk, sort_by_parameter_order=True),
                events,
            ).scalars()
            rows = []
            for pk, (source, target) in zip(pks, links, strict=True):
                rows.append({"event_pk": pk, "role": "source", "position": 0, "actor_id": source})
                rows.append({"event_pk": pk, "role": "target", "position": 0, "actor_id": target})
            conn.execute(st.event_actors.insert(), rows)
    return time.perf_counter() - started


QUERIES: dict[str, Callable[[Store], Any]] = {
    "events first page": lambda s: s.events(limit=50),
    "events by actor": lambda s: s.events(EventFilter(actor="GROUP-7"), limit=50),
    "events country+type": lambda s: s.events(EventFilter(country="C07", type="ASSAULT"), limit=50),
    "events one week": lambda s: s.events(
        EventFilter(date_from=dt.date(2023, 3, 1), date_to=dt.date(2023, 3, 7)), limit=50
    ),
    "events bbox": lambda s: s.events(EventFilter(bbox=(10.0, 0.0, 12.0, 2.0)), limit=50),
    "events text q": lambda s: s.events(EventFilter(q="town 4321"), limit=50),
    "count events country": lambda s: s.count_events(EventFilter(country="C07")),
    "actors top 50": lambda s: s.actors(ActorFilter(), limit=50),
    "relations top 50": lambda s: s.relations(RelationFilter(), limit=50),
    "relations of actor": lambda s: s.relations(RelationFilter(actor="group-7"), limit=50),
    "relations one month": lambda s: s.relations(
        RelationFilter(date_from=dt.date(2023, 3, 1), date_to=dt.date(2023, 3, 31)), limit=50
    ),
    "count relations": lambda s: s.count_relations(RelationFilter()),
    "events per month": lambda s: s.count_events_by_month(),
    "places top 50": lambda s: s.places(PlaceFilter(), limit=50),
    "documents latest": lambda s: s.documents(DocumentFilter(), limit=50),
    "incidents multi-report": lambda s: s.incidents(IncidentFilter(min_reports=2), limit=50),
    "incidents country": lambda s: s.incidents(IncidentFilter(country="C07"), limit=50),
}


def measure(store: Store) -> dict[str, float]:
    out = {}
    for name, query in QUERIES.items():
        times = []
        for _ in range(5):
            started = time.perf_counter()
            query(store)
            times.append(time.perf_counter() - started)
        out[name] = round(statistics.median(times) * 1000, 1)
    return out


def open_store(backend: str, n: int, pg_url: str | None) -> Store:
    if backend == "postgresql":
        assert pg_url
        engine = sa.create_engine(pg_url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS mentions"))  # version 12 (refers to actors)
        st.metadata.drop_all(conn)
        engine.dispose()
        return Store(pg_url, auto_merge=False)
    folder = Path(tempfile.mkdtemp(prefix="bench-queries-"))
    return Store(folder / f"q{n}.db", auto_merge=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--pg", help="PostgreSQL URL (its sitroom tables are dropped)")
    args = parser.parse_args()
    backends = ["sqlite"] + (["postgresql"] if args.pg else [])
    for backend in backends:
        for n in args.sizes:
            with open_store(backend, n, args.pg) as store:
                load = fill(store, n)
                started = time.perf_counter()
                store.rebuild_aggregates()
                aggregates_s = time.perf_counter() - started
                started = time.perf_counter()
                summary = store.merge_new()
                merge_s = time.perf_counter() - started
                print(
                    f"{backend} {n} events: load {load:.1f} s, aggregates {aggregates_s:.1f} s, "
                    f"merge {merge_s:.1f} s ({summary.merged} merged, "
                    f"{summary.new_incidents} incidents)"
                )
                for name, ms in measure(store).items():
                    print(f"  {name:26s} {ms:8.1f} ms")


if __name__ == "__main__":
    main()

"""Time the situation room's endpoints on a large synthetic store.

    PYTHONPATH=src python benchmarks/bench_api.py --events 100000

Builds a store of synthetic analyses (``--per-doc`` events per document, written through
``Store.add_many`` like real ones), then requests each main API endpoint and page ``--repeat``
times with FastAPI's TestClient and prints the first (cold-cache) latency and p50/p95 of
the repeats. The target is < 300 ms per page.
``--db PATH`` keeps (or reuses) the generated store (an older schema is migrated on opening);
``--db postgresql+psycopg://user:pw@host/db`` builds it in (or reuses) a PostgreSQL database,
which must exist (an empty one is filled).
``--no-cache`` turns the web layer's result cache off, so the repeats measure the queries too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from fastapi.testclient import TestClient

from sitroom.models import (
    ACTOR_TYPES,
    EVENT_TYPES,
    Actor,
    Analysis,
    DateValue,
    Document,
    Event,
    Location,
    Place,
    Relation,
    Span,
    TimeExpression,
)
from sitroom.store import Store
from sitroom.web import create_app
from sitroom.web.context import ResultCache

TARGET_MS = 300.0
# (country, admin1, centre lat, centre lon): events scatter around these.
REGIONS = [
    ("AFG", "Kandahar", 31.6, 65.7),
    ("SYR", "Aleppo", 36.2, 37.2),
    ("SOM", "Banaadir", 2.05, 45.3),
    ("MLI", "Gao", 16.3, -0.05),
    ("NGA", "Borno", 11.8, 13.2),
    ("YEM", "Taizz", 13.6, 44.0),
    ("UKR", "Donetsk", 48.0, 37.8),
    ("COL", "Cauca", 2.4, -76.6),
]
RELATION_KINDS = ["hostile", "ally", "rival", "supports", "negotiates", "member_of"]
START = dt.date(2015, 1, 1)
DAYS = 3650


def synthetic_actors(n: int, rng: random.Random) -> list[Actor]:
    return [
        Actor(
            id=f"actor-{i}",
            name=f"Actor {i}",
            type=cast(Any, rng.choice(ACTOR_TYPES)),
            country=rng.choice(REGIONS)[0],
            kb=i % 3 == 0,
            aliases=[f"A{i}"],
        )
        for i in range(n)
    ]


def synthetic_document(
    index: int, per_doc: int, pool: list[Actor], rng: random.Random
) -> tuple[Document, Analysis]:
    """One document of ``per_doc`` one-sentence events between actors of ``pool``."""
    published = START + dt.timedelta(days=rng.randrange(DAYS))
    country, admin1, lat0, lon0 = rng.choice(REGIONS)
    chosen = rng.sample(pool, 6)
    sentences: list[str] = []
    offset = 0
    evidence: list[Span] = []
    mentions: dict[str, list[Span]] = {a.id: [] for a in chosen}
    events: list[Event] = []
    for j in range(per_doc):
        source, target = rng.sample(chosen, 2)
        kind = rng.choice(EVENT_TYPES)
        sentence = f"{source.name} acted ({kind.lower()}) against {target.name} in {admin1}."
        span = Span(start=offset, end=offset + len(sentence), text=sentence)
        mentions[source.id].append(
            Span(start=offset, end=offset + len(source.name), text=source.name)
        )
        at = offset + sentence.index(target.name)
        mentions[target.id].append(Span(start=at, end=at + len(target.name), text=target.name))
        day = published - dt.timedelta(days=rng.randrange(30))
        events.append(
            Event(
                id=f"e{j + 1}",
                type=cast(Any, kind),
                mode="bombing" if kind == "ASSAULT" and rng.random() < 0.4 else None,
                status="occurred" if rng.random() < 0.9 else "attempted",
                sources=[source.id],
                targets=[target.id],
                date=DateValue(start=day, end=day, precision="day"),
                location=Location(
                    name=f"{admin1} place {rng.randrange(50)}",
                    country=country,
                    admin1=admin1,
                    lat=round(lat0 + rng.uniform(-1.5, 1.5), 4),
                    lon=round(lon0 + rng.uniform(-1.5, 1.5), 4),
                    precision="city",
                ),
                killed=rng.choice([None, 0, 1, 2, 5, 12]),
                evidence=span,
                confidence=round(rng.random(), 2),
            )
        )
        evidence.append(span)
        sentences.append(sentence)
        offset += len(sentence) + 1
    text = " ".join(sentences)
    doc = Document(id=f"doc-{index:06d}", text=text, title=f"Report {index}", published=published)
    actors = [a.model_copy(update={"mentions": mentions[a.id]}) for a in chosen]
    relations = [
        Relation(
            source=e.sources[0],
            target=e.targets[0],
            type=cast(Any, rng.choice(RELATION_KINDS)),
            start=published.isoformat()[:7],
            evidence=[e.evidence],
        )
        for e in events[:3]
    ]
    at = sentences[0].index(admin1)
    place = Place(
        name=admin1,
        country=country,
        admin1=admin1,
        lat=lat0,
        lon=lon0,
        precision="admin1",
        mentions=[Span(start=at, end=at + len(admin1), text=admin1)],
    )
    dates = [
        TimeExpression(
            value=DateValue(start=published, end=published, precision="day"),
            mention=Span(start=0, end=len(chosen[0].name), text=chosen[0].name),
        )
    ]
    analysis = Analysis(
        id=doc.id,
        title=doc.title,
        published=published,
        actors=actors,
        events=events,
        relations=relations,
        places=[place],
        dates=dates,
    )
    return doc, analysis


def build_store(path: Path | str, n_events: int, per_doc: int, n_actors: int) -> None:
    rng = random.Random(20240611)
    pool = synthetic_actors(n_actors, rng)
    n_docs = max(1, n_events // per_doc)

    def items() -> Iterator[tuple[Document, Analysis]]:
        for i in range(n_docs):
            yield synthetic_document(i, per_doc, pool, rng)

    started = time.perf_counter()
    with Store(path, batch_size=500) as store:
        added, _ = store.add_many(items())
    took = time.perf_counter() - started
    print(f"built {added} documents, {added * per_doc} events in {took:.1f} s", file=sys.stderr)


def endpoints(store: Store) -> list[tuple[str, str]]:
    counts = store.stats()
    # Items from the middle of the store, whatever its size.
    some_doc = store.documents(limit=1, offset=min(17, counts["documents"] - 1))[0].id
    top = store.actors(limit=3)
    busy, other = top[0].id, top[-1].id
    event_id = store.events(limit=1, offset=min(1234, counts["events"] - 1))[0].id
    return [
        ("api events (first page)", "/api/events"),
        ("api events type+country", "/api/events?type=ASSAULT&country=SYR"),
        ("api events actor", f"/api/events?actor={other}"),
        ("api events date window", "/api/events?date_from=2019-03&date_to=2019-05"),
        ("api events bbox", "/api/events?bbox=36,35,38,37"),
        ("api events words", "/api/events?q=against+kandahar&limit=50"),
        ("api events sort -killed, offset", "/api/events?sort=-killed&offset=5000"),
        ("api event detail", f"/api/events/{event_id}"),
        ("api documents", "/api/documents"),
        ("api documents full-text", "/api/documents?q=kandahar+attack"),
        ("api events multi-select", "/api/events?type=ASSAULT,COERCE&country=Syria,AFG"),
        ("api events killed range", "/api/events?killed_min=10&sort=-killed"),
        ("api fatalities", "/api/fatalities"),
        ("api fatalities by country", "/api/fatalities?by=country"),
        ("api fatalities by actor", "/api/fatalities?by=actor"),
        ("api fatalities by month", "/api/fatalities?by=month"),
        ("api updates", "/api/updates"),
        ("api document detail", f"/api/documents/{some_doc}"),
        ("api actors", "/api/actors"),
        ("api actor detail (busiest)", f"/api/actors/{busy}?limit=100"),
        ("api relations", "/api/relations"),
        ("api relations window", "/api/relations?date_from=2020-01&date_to=2020-06"),
        ("api network (300 edges)", "/api/network"),
        ("api network window", "/api/network?date_from=2021-01&date_to=2021-03"),
        ("api timeline (months split)", "/api/timeline"),
        ("api timeline filtered", "/api/timeline?type=ASSAULT&status=occurred,attempted"),
        ("api events salience", "/api/events?salience=main,secondary"),
        ("api network by status", "/api/network?status=occurred,attempted"),
        ("api places", "/api/places"),
        ("api stats", "/api/stats"),
        ("api points (5000)", "/api/points"),
        ("api points (5000, columns)", "/api/points?format=columns"),  # what /map asks for
        ("page /", "/"),
        ("page /events", "/events"),
        ("page /events filtered+sorted", "/events?type=ASSAULT&sort=-killed"),
        ("page /timeline", "/timeline"),
        ("page /timeline actor", f"/timeline?actor={other}"),
        ("page /map", "/map"),
        ("page /network", "/network"),
        ("page /documents/{id}", f"/documents/{some_doc}"),
        ("page /actors/{id}", f"/actors/{busy}"),
        ("page /events/{id}", f"/events/{event_id}"),
        ("page /actors", "/actors"),
        ("page /actors search", "/actors?q=actor+12&type=armed_group"),
        ("page /documents", "/documents"),
        ("page /documents search", "/documents?q=kandahar+attack"),
    ]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def run(
    path: Path | str, repeat: int, *, cache: bool
) -> list[tuple[str, float, float, float, int]]:
    results = []
    with Store(path) as store:
        targets = endpoints(store)
    app = create_app(str(path))
    if not cache:
        ctx = app.state.sitroom
        ctx.cache = ResultCache(ctx.store, max_entries=0)
    with TestClient(app) as client:
        for name, url in targets:
            started = time.perf_counter()
            response = client.get(url)  # the cold request (empty result cache), and a check
            first = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}: {response.text[:200]}")
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            p50, p95 = statistics.median(times), percentile(times, 0.95)
            results.append((name, first, p50, p95, repeat))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--per-doc", type=int, default=20)
    parser.add_argument("--actors", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--db", help="store (a path or a PostgreSQL URL) to create, or reuse when it holds one"
    )
    parser.add_argument("--no-cache", action="store_true", help="no result cache between requests")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path: Path | str = args.db or Path(tmp) / "bench.db"
        if "://" in str(path):  # a server's database: built when it holds no documents yet
            with Store(str(path)) as store:
                empty = store.stats()["documents"] == 0
        else:
            path = Path(path)
            empty = not path.exists()
        if empty:
            build_store(path, args.events, args.per_doc, args.actors)
        started = time.perf_counter()
        with Store(path) as store:
            opened = time.perf_counter() - started
            counts = store.stats()
        if opened > 1:
            print(f"opening the store took {opened:.1f} s (schema migration)", file=sys.stderr)
        print(
            f"store: {counts['documents']:,} documents, {counts['events']:,} events, "
            f"{counts['actors']:,} actors, {counts['relations']:,} relations"
        )
        results = run(path, args.repeat, cache=not args.no_cache)
    width = max(len(name) for name, *_ in results)
    print(f"\n| {'endpoint'.ljust(width)} | first ms | p50 ms | p95 ms | n  |")
    print(f"|{'-' * (width + 2)}|---------:|-------:|-------:|---:|")
    slow = cold = 0
    for name, first, p50, p95, n in results:
        mark = "" if p95 < TARGET_MS else "  (over target)"
        slow += p95 >= TARGET_MS
        cold += first >= TARGET_MS
        print(f"| {name.ljust(width)} | {first:8.1f} | {p50:6.1f} | {p95:6.1f} | {n:>2} |{mark}")
    print(
        f"\n{len(results) - slow} of {len(results)} endpoints under {TARGET_MS:.0f} ms at p95; "
        f"{len(results) - cold} on the first (uncached) request"
    )


if __name__ == "__main__":
    main()

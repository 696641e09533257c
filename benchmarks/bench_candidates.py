"""Time the merge's candidate query (stored incidents a new document's events could join).

    PYTHONPATH=src python benchmarks/bench_candidates.py --db /tmp/bench.db --docs 200

Takes ``--docs`` stored documents spread over the store (a store made by ``bench_api.py
--db``, or any other), rebuilds the merge's reports of their events as a new ingest would
see them, and times ``_stored_incidents_near`` for each document: the query plus reading
the incidents it returns. Prints the mean and p95 per document, the candidates loaded per
document and the incidents the store holds, so runs on stores of different sizes show
whether the cost per document stays flat. Opening a store of an older schema migrates it.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import sqlalchemy as sa

from sitroom.store import Store
from sitroom.store.incidents import _REPORT_COLUMNS, _report, _stored_incidents_near
from sitroom.store.schema import events, incidents
from sitroom.store.sql import _event_roles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--docs", type=int, default=200)
    args = parser.parse_args()
    with Store(args.db) as store, store.engine.connect() as conn:
        n_incidents = conn.execute(sa.select(sa.func.count()).select_from(incidents)).scalar()
        doc_ids = list(conn.execute(sa.select(events.c.document_id).distinct()).scalars())
        step = max(1, len(doc_ids) // args.docs)
        chosen = doc_ids[::step][: args.docs]
        times, loaded = [], []
        for doc_id in chosen:
            rows = list(
                conn.execute(
                    sa.select(*(events.c[c] for c in _REPORT_COLUMNS)).where(
                        events.c.document_id == doc_id
                    )
                ).mappings()
            )
            roles = _event_roles(conn, [r["pk"] for r in rows])
            reports = [_report(r, roles.get(r["pk"], {})) for r in rows]
            started = time.perf_counter()
            found = list(_stored_incidents_near(conn, reports))
            times.append((time.perf_counter() - started) * 1000)
            loaded.append(len(found))
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(
        f"{n_incidents:,} incidents; {len(chosen)} documents: candidate query "
        f"mean {statistics.mean(times):.2f} ms, p95 {p95:.2f} ms per document, "
        f"{statistics.mean(loaded):.1f} incidents loaded per document"
    )


if __name__ == "__main__":
    main()

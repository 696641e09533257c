"""PostgreSQL-only behaviour: NUL in text, concurrent merging, the server going away.

Needs a server: ``url=$(bash scripts/ci_postgres.sh)`` then
``SITROOM_TEST_PG_URL=$url pytest -m postgres``. (The shared store tests in tests/store/ also
run on PostgreSQL when the variable is set.)
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from sitroom.batch import IngestOptions, IngestReport, run_ingest
from sitroom.models import Actor, Analysis, DateValue, Document, Event, Location, Span
from sitroom.store import NUL_REPLACEMENT, Store, StoreUnavailableError

pytestmark = pytest.mark.postgres

PG_URL = os.environ.get("SITROOM_TEST_PG_URL")
SRC = Path(__file__).resolve().parents[2] / "src"
# Nothing listens on port 1: a server that is down.
DOWN_URL = "postgresql+psycopg://sitroom:sitroom@127.0.0.1:1/sitroom_test"


@pytest.fixture
def pg_url() -> str:
    if not PG_URL:
        pytest.skip("set SITROOM_TEST_PG_URL (see scripts/ci_postgres.sh) to run PostgreSQL tests")
    from store_data import empty_postgres_store

    empty_postgres_store(PG_URL).close()
    return PG_URL


def bombing(doc_id: str, text: str, day: dt.date) -> tuple[Document, Analysis]:
    event = Event(
        id="e1",
        type="ASSAULT",
        mode="bombing",
        sources=["lake-army"],
        date=DateValue(start=day, end=day, precision="day"),
        location=Location(name="Tana", country="KEN", admin1="Tana River", lat=-1.5, lon=40.0),
        killed=4,
        evidence=Span(start=0, end=len(text), text=text),
    )
    actor = Actor(id="lake-army", name="Lake Army", type="armed_group")
    return Document(id=doc_id, text=text), Analysis(id=doc_id, actors=[actor], events=[event])


def test_nul_characters_are_replaced_keeping_offsets(pg_url: str) -> None:
    text = "Lake Army\x00 fighters shelled Tana."
    document, analysis = bombing("nul\x00doc", text, dt.date(2024, 5, 1))
    analysis.actors[0].mentions.append(Span(start=0, end=10, text=text[:10]))
    with Store(pg_url) as store:
        assert store.add(document, analysis)
        stored = store.document("nul" + NUL_REPLACEMENT + "doc")
        assert stored is not None
        kept, rebuilt = stored
        assert kept.text == text.replace("\x00", NUL_REPLACEMENT)
        (mention,) = rebuilt.actors[0].mentions
        assert kept.text[mention.start : mention.end] == mention.text == "Lake Army" + "\ufffd"


def test_concurrent_writers_merge_every_event_exactly_once(pg_url: str) -> None:
    failures: list[BaseException] = []

    def write(prefix: str) -> None:
        with Store(pg_url) as store:
            for i in range(15):
                text = f"Report {prefix}{i}: Lake Army bombed Tana."
                try:
                    store.add(*bombing(f"{prefix}{i}", text, dt.date(2024, 5, 1)))
                except BaseException as exc:
                    failures.append(exc)

    threads = [threading.Thread(target=write, args=(p,)) for p in "abc"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    with Store(pg_url) as store, store.engine.connect() as conn:
        members = conn.execute(
            sa.text("SELECT count(*), count(DISTINCT event_pk) FROM incident_members")
        )
        assert tuple(members.one()) == (45, 45)
        assert store.count_incidents() >= 1
        # Same day, place and actor, distinct documents: one incident with every report.
        (incident,) = store.incidents()
        assert incident.n_reports == 45


def test_concurrent_writers_keep_the_aggregates_exact(pg_url: str) -> None:
    """Three writers adding to the same relation totals and actor counts at once: the
    incremental upserts must add up to what a recomputation finds."""
    from store_data import aggregate_tables, random_document

    failures: list[BaseException] = []

    def write(seed: int) -> None:
        rng = random.Random(seed)
        batch = [random_document(seed * 100 + i, rng) for i in range(24)]
        with Store(pg_url, batch_size=4, auto_merge=False) as store:
            try:
                store.add_many(batch[:12])
                for pair in batch[12:]:
                    store.add(*pair)
            except BaseException as exc:
                failures.append(exc)

    threads = [threading.Thread(target=write, args=(seed,)) for seed in (1, 2, 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    with Store(pg_url) as store:
        incremental = aggregate_tables(store)
        assert incremental["relation_totals"]
        store.rebuild_aggregates()
        assert aggregate_tables(store) == incremental


def test_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(StoreUnavailableError, match="unavailable"):
        Store(DOWN_URL)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from sitroom.cli import main; main()",
            "ingest",
            str(SRC),
            "--db",
            DOWN_URL,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 3  # docs/cli.md: the database is unreachable
    assert "unavailable" in done.stderr
    assert "--resume" in done.stderr
    assert "Traceback" not in done.stderr
    assert "sitroom:sitroom@" not in done.stderr  # the password is not printed


def test_server_lost_mid_run_stops_cleanly_and_resumes(
    pg_url: str, pipeline, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from test_batch import write_corpus

    folder = tmp_path / "corpus"
    write_corpus(folder, 12)
    options = IngestOptions(batch_size=2, commit_every=2, published=dt.date(2023, 3, 15))
    killer = sa.create_engine(pg_url)

    def cut_connections(report: IngestReport) -> None:
        # Once a few documents are in, end every other session of this database, as a server
        # restart does; the store's pooled connections are now dead.
        if report.done == 5:
            with killer.connect() as conn:
                conn.execute(
                    sa.text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                )

    with Store(pg_url) as store, pytest.raises(StoreUnavailableError):
        run_ingest([str(folder)], store, options, pipeline=pipeline, on_progress=cut_connections)
    killer.dispose()
    with Store(pg_url) as store:
        (run,) = store.runs()
        assert run.finished_at is None and 0 < run.cursor < 12
        report = run_ingest(
            [str(folder)],
            store,
            IngestOptions(**{**options.__dict__, "resume": True}),
            pipeline=pipeline,
        )
        assert report.resumed_from == run.cursor
        assert store.stats()["documents"] == 12
        with store.engine.connect() as conn:
            n_events = conn.execute(sa.text("SELECT count(*) FROM events")).scalar_one()
            members = conn.execute(sa.text("SELECT count(*) FROM incident_members")).scalar_one()
        assert members == n_events

"""The ingest engine: resumable after kill -9, bad inputs reported, faults isolated, parallel."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from sitroom import batch
from sitroom.batch import IngestOptions, run_ingest
from sitroom.ingest import MAX_BYTES
from sitroom.store import Store

SRC = Path(__file__).resolve().parents[1] / "src"
TOWNS = ("Marsabit", "Wajir", "Garissa", "Mandera", "Lodwar")
ACTS = (
    "Gunmen ambushed a supply convoy near {town} on Sunday, killing {n} drivers.",
    "A roadside bomb struck an army truck outside {town} on Sunday and wounded {n} soldiers.",
    "Police in {town} said they had detained {n} men after a raid on Sunday.",
    "Residents of {town} protested on Sunday after {n} shops were looted overnight.",
)


def article(i: int) -> str:
    """A short, distinct article: two sentences built from the index."""
    town = TOWNS[i % len(TOWNS)]
    first = ACTS[i % len(ACTS)].format(town=town, n=i + 2)
    return f"{first} Local elders in {town} called meeting number {i} to calm tensions."


def write_corpus(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"story-{i:03d}.txt"
        path.write_text(article(i), encoding="utf-8")
        paths.append(path)
    return paths


def stored_counts(db: Path) -> tuple[int, int, int, int]:
    """documents, distinct document ids, events, incident memberships."""
    con = sqlite3.connect(db)
    try:
        docs, distinct = con.execute(
            "SELECT count(*), count(DISTINCT id) FROM documents"
        ).fetchone()
        n_events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        members = con.execute("SELECT count(*) FROM incident_members").fetchone()[0]
    finally:
        con.close()
    return docs, distinct, n_events, members


def document_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(db, timeout=0.2)
        try:
            return int(con.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:  # tables not created yet, or the writer holds the lock
        return 0


def cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from sitroom.cli import main; main()", *args]


def test_killed_ingest_resumes_with_nothing_lost_or_duplicated(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 40)
    db = tmp_path / "kill.db"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    args = ["ingest", str(corpus), "--db", str(db), "--published", "2023-03-15"]
    small = ["--batch-size", "2", "--commit-every", "2"]
    proc = subprocess.Popen(
        cli(*args, *small), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    try:
        while document_count(db) < 6:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "ingest made no progress"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    before = document_count(db)
    assert 0 < before < 40, "the kill must land mid-way"
    with Store(db) as store:
        (run,) = store.runs()
        assert run.finished_at is None
        assert run.cursor <= before  # the journal never runs ahead of what is stored

    resumed = subprocess.run(
        cli(*args, *small, "--resume"), env=env, capture_output=True, text=True, timeout=120
    )
    assert resumed.returncode == 0, resumed.stderr
    assert "resumed after" in resumed.stderr
    docs, distinct, n_events, members = stored_counts(db)
    assert docs == distinct == 40
    assert n_events > 0
    assert members == n_events  # every event merged into exactly one incident
    with Store(db) as store:
        (run,) = store.runs()  # the resumed run continued the same journal entry
        assert run.finished_at is not None
        assert run.cursor == 40
        # Documents stored after the last journal step were found stored, not analyzed again.
        assert run.added + run.skipped == 40


def broken_inputs(folder: Path) -> dict[str, str]:
    """Write one broken file of each kind; returns file name -> a word of the expected reason."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "latin1.txt").write_bytes("Caf\xe9 owners in Wajir closed early.".encode("latin-1"))
    (folder / "huge.txt").write_bytes(b"word " * (MAX_BYTES // 5 + 10))
    (folder / "records.json").write_text('{"text": "unterminated', encoding="utf-8")
    (folder / "rows.csv").write_text("title,body\nno text column,here\n", encoding="utf-8")
    (folder / "page.html").write_bytes(b"<html><body><div><p></div></html>")
    (folder / "lines.jsonl").write_text(
        '{"text": "Gunmen burned a school in Lodwar on Friday."}\n[1, 2]\n{"title": "no text"}\n',
        encoding="utf-8",
    )
    return {
        "empty.txt": "empty",
        "binary.txt": "binary",
        "latin1.txt": "UTF-8",
        "huge.txt": "MB",
        "records.json": "JSON",
        "rows.csv": "text",
        "page.html": "text",
        "lines.jsonl:line 2": "object",
        "lines.jsonl:line 3": "text",
    }


def test_bad_inputs_are_reported_and_good_ones_stored(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "mixed"
    write_corpus(folder, 3)
    expected = broken_inputs(folder)
    with Store(tmp_path / "mixed.db") as store:
        report = run_ingest([str(folder)], store, IngestOptions(), pipeline=pipeline)
        assert report.added == 4  # three stories and the good JSONL line
        assert store.stats()["documents"] == 4
    reasons = {f.origin: f.reason for f in report.failures}
    assert len(reasons) == len(expected), reasons
    for name, word in expected.items():
        (origin,) = [o for o in reasons if o.endswith(name)]
        assert word.casefold() in reasons[origin].casefold(), (origin, reasons[origin])


def test_resume_skips_finished_inputs_without_analyzing_them(
    tmp_path: Path, pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "corpus"
    write_corpus(folder, 6)
    options = IngestOptions(commit_every=2, batch_size=2, published=dt.date(2023, 3, 15))
    with Store(tmp_path / "journal.db") as store:
        run = store.start_run(batch.fingerprint([str(folder)], options), [str(folder)])
        # An earlier attempt got through the first four inputs, then died.
        first = run_ingest([str(folder)], store, options, pipeline=pipeline)
        assert first.added == 6
        store.advance_run(run.id, cursor=4, added=4, skipped=0, failed=0, finished=False)

        analyzed: list[str] = []
        real = batch.analyze_chunk

        def counting(pipe, documents, size):  # type: ignore[no-untyped-def]
            analyzed.extend(d.origin or "" for d in documents)
            return real(pipe, documents, size)

        monkeypatch.setattr(batch, "analyze_chunk", counting)
        resume = replace(options, resume=True)
        second = run_ingest([str(folder)], store, resume, pipeline=pipeline)
        assert second.run_id == run.id
        assert second.resumed_from == 4
        assert (second.done, second.added, second.skipped) == (2, 0, 2)
        assert analyzed == []  # stored documents are recognized before analysis
        (latest, *_) = store.runs()
        assert (latest.cursor, latest.finished_at is not None) == (6, True)

        # A finished run is not resumed: a new run starts and skips everything by id.
        third = run_ingest([str(folder)], store, resume, pipeline=pipeline)
        assert third.run_id != run.id
        assert (third.resumed_from, third.skipped, third.added) == (0, 6, 0)


def test_a_document_the_pipeline_fails_on_costs_only_itself(
    tmp_path: Path, pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "corpus"
    write_corpus(folder, 5)
    real = pipeline.analyze_annotated

    def flaky(document, ann, *rest):  # type: ignore[no-untyped-def]
        if "meeting number 3 " in document.text:
            raise RecursionError("rule stage blew up")
        return real(document, ann, *rest)

    monkeypatch.setattr(pipeline, "analyze_annotated", flaky)
    with Store(tmp_path / "flaky.db") as store:
        report = run_ingest([str(folder)], store, IngestOptions(batch_size=4), pipeline=pipeline)
        assert report.added == 4
        (failure,) = report.failures
        assert failure.origin.endswith("story-003.txt")
        assert "RecursionError" in failure.reason
        assert store.stats()["documents"] == 4


def test_a_batch_the_store_refuses_is_retried_document_by_document(
    tmp_path: Path, pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from sitroom.store import writes as store_module

    folder = tmp_path / "corpus"
    write_corpus(folder, 4)
    real = store_module._write_dates

    def refuse_one(conn, batch):  # type: ignore[no-untyped-def]
        if any(doc_id == target_id for doc_id, *_ in batch):
            raise ValueError("value out of range for the column")
        return real(conn, batch)

    from sitroom.ingest import read_text

    target_id = read_text(article(2)).id
    monkeypatch.setattr(store_module, "_write_dates", refuse_one)
    with Store(tmp_path / "refuse.db") as store:
        report = run_ingest([str(folder)], store, IngestOptions(), pipeline=pipeline)
        assert report.added == 3
        (failure,) = report.failures
        assert "could not be stored" in failure.reason
        assert not store.has_document(target_id)


@pytest.mark.slow
def test_two_workers_give_the_same_store_as_one(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "corpus"
    write_corpus(folder, 12)
    (folder / "broken.json").write_text("[", encoding="utf-8")
    options = IngestOptions(batch_size=3, commit_every=4, published=dt.date(2023, 3, 15))
    with Store(tmp_path / "one.db") as one, Store(tmp_path / "two.db") as two:
        serial = run_ingest([str(folder)], one, options, pipeline=pipeline)
        parallel = run_ingest([str(folder)], two, replace(options, workers=2))
        assert (parallel.added, parallel.failed) == (serial.added, serial.failed) == (12, 1)
        for row in one.documents(limit=20):
            assert two.document(row.id) == one.document(row.id)


@pytest.mark.ray
def test_ray_engine_matches_the_local_engine(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    ray = pytest.importorskip("ray", reason="the ray engine needs 'sitroom[ray]' (ray[data])")
    from sitroom.distributed import ray_ingest

    lines = tmp_path / "batch.jsonl"
    records = [
        {"text": article(i), "published": "2023-03-15", "title": f"t{i}"} for i in range(20, 26)
    ]
    records.append({"title": "no text at all"})
    lines.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    folder = tmp_path / "files"
    write_corpus(folder, 2)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        with Store(tmp_path / "ray.db") as store:
            report = ray_ingest(
                [str(lines), str(folder)],
                store,
                IngestOptions(batch_size=4, published=dt.date(2023, 3, 15)),
                parquet_out=tmp_path / "out",
                actors=1,
            )
            assert (report.added, report.failed) == (8, 1)
            assert "text" in report.failures[0].reason
            for row in store.documents(limit=20):
                stored = store.document(row.id)
                assert stored is not None
                # Same pipeline, same result, whichever engine ran it.
                assert stored[1].events == pipeline.analyze(stored[0]).events
        assert list((tmp_path / "out").glob("*.parquet"))
    finally:
        ray.shutdown()

"""Runtime: lazy start-up, per-document isolation and time budget in every engine, worker
processes that do the whole analysis and die with their parent, a clear Ray error."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitroom import distributed
from sitroom.batch import IngestOptions, run_ingest
from sitroom.budget import AnalysisError, DocumentRejected, TimeBudgetExceeded
from sitroom.models import Analysis, Document
from sitroom.pipeline import Pipeline
from sitroom.settings import Settings
from sitroom.stages import StageContext, register_stage, unregister_stage
from sitroom.store import Store

SRC = Path(__file__).resolve().parents[1] / "src"
GOOD = (
    "Gunmen ambushed a supply convoy near Garissa on Sunday, killing {n} drivers. "
    "Elders in Garissa called meeting number {n} to calm tensions."
)


def bad_and_good() -> list[Document]:
    """Three documents that must each fail alone, between good ones."""
    return [
        Document(id="good-1", text=GOOD.format(n=1), published=dt.date(2023, 3, 15)),
        Document(id="too-long", text="Gunmen attacked. " * 60_000),  # 1,020,000 characters
        Document(
            id="year-9999",
            text="The army said it would strike the rebels tomorrow.",
            published=dt.date(9999, 12, 31),
        ),
        Document(id="surrogate", text="Gunmen attacked a market \ud800 in Garissa."),
        Document(id="good-2", text=GOOD.format(n=2), published=dt.date(2023, 3, 15)),
    ]


def shared_pipeline(pipeline: Pipeline, **kwargs: object) -> Pipeline:
    """A pipeline reusing the session's loaded models, with its own stages or settings."""
    return Pipeline(
        kb=pipeline.kb,
        lexicon=pipeline.lexicon,
        geocoder=pipeline.geocoder,
        annotator=pipeline.annotator,
        **kwargs,  # type: ignore[arg-type]
    )


def test_making_a_pipeline_loads_nothing() -> None:
    fresh = Pipeline()
    assert not any(n in fresh.__dict__ for n in ("kb", "annotator", "geocoder", "lexicon"))


def test_extraction_does_not_import_the_store() -> None:
    """One article's analysis never pays for the store's imports (SQLAlchemy): start-up."""
    code = (
        "import sys, sitroom.pipeline, sitroom.incidents, sitroom.events, sitroom.actors, "
        "sitroom.places; print(sorted(m for m in ('sqlalchemy', 'sitroom.store') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_each_bad_document_is_reported_and_the_rest_analyzed(pipeline: Pipeline) -> None:
    documents = bad_and_good()
    results = dict(zip([d.id for d in documents], pipeline.analyze_batch(documents), strict=True))
    assert isinstance(results["good-1"], Analysis) and isinstance(results["good-2"], Analysis)
    assert results["good-1"].events and results["good-2"].events
    assert isinstance(results["too-long"], DocumentRejected)
    assert "over the limit of 1,000,000" in results["too-long"].reason
    assert isinstance(results["surrogate"], DocumentRejected)
    assert "surrogate" in results["surrogate"].reason
    # Year 9999 plus "tomorrow" is either analyzed or reported: never an exception.
    assert isinstance(results["year-9999"], Analysis | AnalysisError)


def test_analyze_many_skips_and_reports_bad_documents(pipeline: Pipeline) -> None:
    errors: list[tuple[str, str]] = []
    done = [
        d.id
        for d, _ in pipeline.analyze_many(
            bad_and_good(), on_error=lambda d, e: errors.append((d.id, e.reason))
        )
    ]
    assert done[0] == "good-1" and done[-1] == "good-2"
    assert {"too-long", "surrogate"} <= {i for i, _ in errors}
    assert len(done) + len(errors) == 5


@pytest.fixture
def slow_stage() -> Iterator[list[str]]:
    calls: list[str] = []

    def stage(ctx: StageContext) -> StageContext:
        calls.append(ctx.document.id)
        if "slowly" in ctx.document.text:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:  # a stage that would take 30 s
                pass
        return ctx

    register_stage("test_slow", stage, after="relations")
    yield calls
    unregister_stage("test_slow")


def test_a_timeout_is_reported_once_and_not_reanalyzed(
    pipeline: Pipeline, slow_stage: list[str]
) -> None:
    settings = Settings(time_budget=1.0)
    timed = shared_pipeline(pipeline, settings=settings)
    assert timed.stage_names[-1] == "test_slow"
    documents = [
        Document(id="a", text=GOOD.format(n=1)),
        Document(id="slow", text="Rebels shelled the town slowly on Monday."),
        Document(id="b", text=GOOD.format(n=3)),
    ]
    started = time.perf_counter()
    results = timed.analyze_batch(documents)
    assert time.perf_counter() - started < 20
    assert isinstance(results[0], Analysis) and isinstance(results[2], Analysis)
    assert isinstance(results[1], TimeBudgetExceeded)
    assert "stage 'test_slow'" in results[1].reason and "time budget of 1 s" in results[1].reason
    assert slow_stage.count("slow") == 1  # reported, not analyzed again


def test_ingest_reports_bad_documents_and_stores_the_rest(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    lines = tmp_path / "batch.jsonl"
    records = [
        {"id": d.id, "text": d.text, "published": d.published.isoformat() if d.published else None}
        for d in bad_and_good()
        if d.id != "surrogate"
    ]
    text = "\n".join(json.dumps(r) for r in records)
    # A lone surrogate escaped in JSON, as a feed would send it.
    text += '\n{"id": "surrogate", "text": "Gunmen attacked a market \\ud800 in Garissa."}\n'
    lines.write_text(text, encoding="utf-8")
    with Store(tmp_path / "one.db") as store:
        report = run_ingest([str(lines)], store, IngestOptions(), pipeline=pipeline)
        reasons = " | ".join(f.reason for f in report.failures)
        assert report.added >= 2, reasons
        assert store.document("good-1") is not None and store.document("good-2") is not None
        assert "1,000,000" in reasons
        assert report.added + report.failed == 5


def test_the_ray_extractor_isolates_records(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sitroom.pipeline.default_pipeline", lambda: pipeline)
    extractor = distributed.Extractor()
    rows = [
        {"id": d.id, "text": d.text, "published": d.published, "origin": f"batch:{i}"}
        for i, d in enumerate(bad_and_good())
    ]
    out = extractor(Records(rows))
    by_id = dict(
        zip([r["id"] for r in rows], zip(out["analysis"], out["error"], strict=True), strict=True)
    )
    assert by_id["good-1"][0] and by_id["good-2"][0]
    assert "1,000,000" in json.loads(by_id["too-long"][1])[1]
    assert "surrogate" in json.loads(by_id["surrogate"][1])[1]


class Records(list):  # type: ignore[type-arg]
    """What Ray hands an actor (a pandas frame), as far as the extractor reads it."""

    def to_dict(self, orient: str) -> list[dict[str, object]]:
        assert orient == "records"
        return list(self)


def test_ray_missing_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(distributed, "ray_available", lambda: False)
    with pytest.raises(distributed.RayUnavailableError) as info:
        distributed.ray_ingest(["x.jsonl"], None)
    assert "\n" not in str(info.value) and "pip install" in str(info.value)


@pytest.mark.slow
def test_workers_analyze_whole_documents_and_isolate_bad_ones(tmp_path: Path) -> None:
    documents = bad_and_good()
    got = dict(
        (d.id, r) for d, r in Pipeline().analyze_results(documents, batch_size=2, n_process=2)
    )
    assert list(got) == [d.id for d in documents]
    assert isinstance(got["good-1"], Analysis) and isinstance(got["good-2"], Analysis)
    assert isinstance(got["too-long"], DocumentRejected)
    assert isinstance(got["surrogate"], DocumentRejected)


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_workers_die_with_a_killed_ingest(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(40):
        (folder / f"s{i:03d}.txt").write_text(GOOD.format(n=i), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(SRC))
    command = [sys.executable, "-m", "sitroom", "ingest", str(folder), "--workers", "2"]
    proc = subprocess.Popen(
        [*command, "--db", str(tmp_path / "k.db")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and len(workers) < 2:
            # spawn's workers (and its resource tracker) are children of the CLI process
            workers = {
                p
                for p in children_of(proc.pid)
                if b"sitroom" in _cmdline(p) or b"multiprocessing" in _cmdline(p)
            }
            time.sleep(0.5)
        assert len(workers) >= 2, "the workers did not start"
        time.sleep(2)  # let them load models and take batches
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        gone_by = time.monotonic() + 5
        while time.monotonic() < gone_by and any(alive(p) for p in workers):
            time.sleep(0.2)
        assert not [p for p in workers if alive(p)], "orphaned worker processes"
    finally:
        if proc.poll() is None:
            proc.kill()


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_a_noop_reingest_loads_no_model(tmp_path: Path, pipeline: Pipeline) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(3):
        (folder / f"s{i}.txt").write_text(GOOD.format(n=i), encoding="utf-8")
    with Store(tmp_path / "noop.db") as store:
        run_ingest([str(folder)], store, IngestOptions(), pipeline=pipeline)
        fresh = Pipeline()
        report = run_ingest([str(folder)], store, IngestOptions(), pipeline=fresh)
        assert report.skipped == 3
        assert not any(n in fresh.__dict__ for n in ("kb", "annotator", "geocoder", "stages"))


def die_on_poison(ctx: StageContext) -> StageContext:
    """A stage that kills its own process, as an out-of-memory kill would."""
    if "POISON" in ctx.document.text:
        os.kill(os.getpid(), signal.SIGKILL)
    return ctx


def test_a_batch_is_shared_out_among_the_workers() -> None:
    from sitroom.workers import WorkerPool

    documents = [Document(id=str(i), text="x") for i in range(5)]
    parts = WorkerPool(2).parts(documents)
    assert [[d.id for d in p] for p in parts] == [["0", "1"], ["2", "3"], ["4"]]
    assert [len(p) for p in WorkerPool(3).parts(documents[:2])] == [1, 1]
    assert [len(p) for p in WorkerPool(1).parts(documents)] == [3, 2]
    sixteen = [Document(id=str(i), text="x") for i in range(16)]
    assert [len(p) for p in WorkerPool(2).parts(sixteen)] == [4, 4, 4, 4]
    assert WorkerPool(2).parts([]) == []


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_that_kills_its_worker_costs_only_itself(workers: int) -> None:
    from sitroom.workers import WORKER_DIED, WorkerPool

    documents = [
        Document(id="a", text=GOOD.format(n=1)),
        Document(id="poison", text="POISON. Gunmen attacked a market in Garissa."),
        Document(id="b", text=GOOD.format(n=2)),
    ]
    with WorkerPool(workers, stages=["dates", f"{__name__}:die_on_poison"]) as pool:
        got = dict((d.id, r) for d, r in pool.analyze(documents, batch_size=3))
    assert isinstance(got["a"], Analysis) and isinstance(got["b"], Analysis)
    assert isinstance(got["poison"], AnalysisError) and got["poison"].reason == WORKER_DIED


def test_an_empty_path_setting_means_the_default(monkeypatch) -> None:
    from sitroom.cache import cache_dir
    from sitroom.kb.reader import user_actor_file

    monkeypatch.setenv("SITROOM_CACHE_DIR", "")
    monkeypatch.setenv("SITROOM_ACTORS", " ")
    assert cache_dir().name == "sitroom" and str(cache_dir()) != "."
    assert user_actor_file().name == "actors.yaml"
    monkeypatch.setenv("SITROOM_CACHE_DIR", "/tmp/sitroom-cache-test")
    assert str(cache_dir()) == "/tmp/sitroom-cache-test"

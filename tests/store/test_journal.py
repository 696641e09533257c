"""The ingest journal and the one write path every ingest engine shares (sitroom.store.journal).

The Ray engine's writer (``sitroom.distributed._write``) is driven here with a stand-in for a
Ray dataset (anything with ``iter_rows``), so the test needs no Ray.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from store_data import doc_a, doc_b, random_document

from sitroom.batch import IngestReport
from sitroom.models import Analysis, Document
from sitroom.store import IngestRun, RunCounts, Store, write_batch


def latest_run(store: Store) -> IngestRun:
    return store.runs(limit=1)[0]


def inconsistent() -> tuple[Document, Analysis]:
    """A pair the store refuses: the analysis belongs to another document."""
    document, analysis = doc_b()
    return document, analysis.model_copy(update={"id": "someone-else"})


def test_write_batch_stores_then_journals_counts_over_the_run(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        run = store.start_run("fp", ["in"])
        first = write_batch(store, run, [doc_a()], cursor=1)
        assert (first.added, first.skipped, first.refused) == (1, 0, [])
        journal = latest_run(store)
        assert (journal.cursor, journal.added, journal.finished_at) == (1, 1, None)
        # A second batch: one known document, counts carried over from before it.
        second = write_batch(
            store, run, [doc_a(), doc_b()], cursor=3, before=RunCounts(added=1, failed=1)
        )
        assert (second.added, second.skipped) == (1, 1)
        journal = latest_run(store)
        assert (journal.cursor, journal.added, journal.skipped, journal.failed) == (3, 2, 1, 1)
        assert store.stored_ids(["doc-a", "doc-b"]) == {"doc-a", "doc-b"}


def test_a_refused_document_costs_only_itself_and_counts_as_failed(tmp_path: Path) -> None:
    rng = random.Random(5)
    good = [random_document(i, rng) for i in range(3)]
    with Store(tmp_path / "s.db") as store:
        run = store.start_run("fp", ["in"])
        outcome = write_batch(store, run, [good[0], inconsistent(), *good[1:]], cursor=4)
        assert outcome.added == 3
        [(document, reason)] = outcome.refused
        assert document.id == "doc-b"
        assert reason.startswith("could not be stored (ValueError:")
        assert not store.has_document("doc-b")
        journal = latest_run(store)
        assert (journal.cursor, journal.added, journal.failed) == (4, 3, 1)


def test_without_a_cursor_the_journal_waits_for_the_finishing_call(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        run = store.start_run("fp", ["in"])
        outcome = write_batch(store, run, [doc_a()], cursor=None)
        assert outcome.added == 1 and store.has_document("doc-a")
        # Counts describe the inputs before the cursor: none yet.
        assert latest_run(store) == run
        write_batch(store, run, [], cursor=7, before=RunCounts(added=1), finished=True)
        done = latest_run(store)
        assert (done.cursor, done.added, done.finished_at is not None) == (7, 1, True)


class FakeDataset:
    """What the Ray writer reads of a Ray dataset: rows of JSON documents and analyses."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows

    def iter_rows(self) -> Iterator[dict[str, Any]]:
        yield from self.rows


def ray_row(pair: tuple[Document, Analysis]) -> dict[str, Any]:
    document, analysis = pair
    return {
        "document": document.model_dump_json(),
        "analysis": analysis.model_dump_json(),
        "error": None,
    }


def test_the_ray_writer_journals_every_batch_through_the_same_path(tmp_path: Path) -> None:
    from sitroom import distributed

    rng = random.Random(9)
    pairs = [random_document(i, rng) for i in range(5)]
    bad_input = {"document": None, "analysis": None, "error": json.dumps(["x.txt", "empty"])}
    rows = [ray_row(p) for p in pairs[:2]] + [bad_input, ray_row(inconsistent())]
    rows += [ray_row(p) for p in pairs[2:]]
    with Store(tmp_path / "s.db") as store:
        run = store.start_run("fp", ["in"])
        report = IngestReport(run_id=run.id)
        distributed._write(store, run, FakeDataset(rows), report, every=2)
        # A refused document is reported, not fatal; the rest is stored batch by batch.
        assert (report.added, report.done) == (5, 7)
        assert sorted(f.origin for f in report.failures) == ["doc-b", "x.txt"]
        assert store.stored_ids([d.id for d, _ in pairs]) == {d.id for d, _ in pairs}
        # Ray rows do not come in input order: the journal waits for the finishing call, so
        # a killed run resumes from the start (and counts nothing twice).
        assert latest_run(store) == run
        distributed._flush(store, run, [], report, cursor=report.done, finished=True)
        journal = latest_run(store)
        assert (journal.cursor, journal.added, journal.failed) == (7, 5, 2)
        assert journal.finished_at is not None

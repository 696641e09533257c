"""Bulk writes on every back end: PostgreSQL writes a batch with COPY and stages ON CONFLICT
inserts (sitroom.store.backends); the stored rows must be those of SQLite's row-by-row path."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from store_data import BACKENDS, PG_URL, doc_a, doc_b, empty_postgres_store, random_document
from store_data import stored_rows as all_rows

from sitroom.models import Actor, Analysis, Document, Event, Span
from sitroom.store import Store, core
from sitroom.store.aggregates import _upsert_adding
from sitroom.store.backends import _insert_rows, _insert_rows_ignoring_duplicates
from sitroom.store.schema import actors, documents, event_months


def stored_rows(s: Store) -> dict[str, list[tuple[object, ...]]]:
    # The alembic bookkeeping table exists on one back end and not the other.
    return {name: rows for name, rows in all_rows(s).items() if name != "alembic_version"}


@pytest.fixture(params=BACKENDS)
def empty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgresql":
        assert PG_URL is not None
        s = empty_postgres_store(PG_URL, batch_size=16)
    else:
        s = Store(tmp_path / "bulk.db", batch_size=16)
    yield s
    s.close()


def many_pairs() -> list[tuple[Document, Analysis]]:
    rng = random.Random(41)
    # An actor first named by an event (a placeholder row) and described by a later document
    # of the same batch; doc_b describes from the KB an actor doc_a wrote.
    placeholder = Analysis(
        id="p1",
        events=[
            Event(
                id="e1",
                type="ASSAULT",
                sources=["lone"],
                evidence=Span(start=0, end=5, text="Lone."),
            )
        ],
    )
    described = Analysis(
        id="p2", actors=[Actor(id="lone", name="Lone Wolf", type="person", country="NER")]
    )
    return [
        doc_a(),
        *(random_document(i, rng) for i in range(20)),
        (Document(id="p1", text="Lone."), placeholder),
        doc_b(),
        (Document(id="p2", text="Lone Wolf again."), described),
        *(random_document(i, rng) for i in range(20, 40)),
    ]


def test_a_batch_stores_the_rows_sqlite_stores_one_by_one(empty: Store, tmp_path: Path) -> None:
    pairs = many_pairs()
    with Store(tmp_path / "one.db") as one:
        for pair in pairs:
            assert one.add(*pair)
        assert empty.add_many(pairs) == (len(pairs), 0)
        assert stored_rows(empty) == stored_rows(one)
        for document, _ in pairs:
            assert empty.document(document.id) == one.document(document.id)


def test_re_ingesting_a_batch_stores_nothing(empty: Store) -> None:
    pairs = many_pairs()
    assert empty.add_many(pairs) == (len(pairs), 0)
    before = stored_rows(empty)
    assert empty.add_many(pairs) == (0, len(pairs))
    assert stored_rows(empty) == before


def test_a_batch_that_breaks_a_constraint_is_stored_document_by_document(
    empty: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(3)
    pairs = [doc_a(), doc_b(), *(random_document(i, rng) for i in range(12))]
    with Store(tmp_path / "reference.db") as reference:
        for pair in pairs:
            reference.add(*pair)
        empty.add(*doc_a())
        # As if another writer stored doc-a between the check and the write: the batch's
        # documents insert (COPY on PostgreSQL) fails on the duplicate id, the savepoint is
        # rolled back and the batch written again one document at a time.
        monkeypatch.setattr(core, "_stored_hashes", lambda _conn, _ids: {})
        assert empty.add_many(pairs) == (len(pairs) - 1, 1)
        monkeypatch.undo()
        assert stored_rows(empty) == stored_rows(reference)


def test_a_duplicate_key_in_a_bulk_insert_is_an_integrity_error(empty: Store) -> None:
    now = dt.datetime(2031, 5, 1, tzinfo=dt.UTC)
    row = {"id": "d1", "text": "One.", "origin": None, "ingested_at": now, "text_hash": "h"}
    with empty.engine.begin() as conn:
        _insert_rows(conn, documents, [row])
        with pytest.raises(sa.exc.IntegrityError), conn.begin_nested():
            _insert_rows(conn, documents, [{**row, "id": "d2"}, row])
        # The transaction goes on after the savepoint is rolled back.
        _insert_rows(conn, documents, [{**row, "id": "d3"}])
    with empty.engine.connect() as conn:
        assert sorted(conn.execute(sa.select(documents.c.id)).scalars()) == ["d1", "d3"]


def actor_row(actor_id: str, name: str) -> dict[str, object]:
    return {"id": actor_id, "name": name, "type": "armed_group", "country": None,
            "parent": None, "kb": False, "role": None, "affiliation": None}  # fmt: skip


def test_inserting_ignoring_duplicates_keeps_the_stored_rows(empty: Store) -> None:
    with empty.engine.begin() as conn:
        first = [actor_row("g03", "first"), actor_row("g07", "first")]
        _insert_rows_ignoring_duplicates(conn, actors, first)
        # Enough rows for PostgreSQL's staging table, two of them already stored.
        _insert_rows_ignoring_duplicates(
            conn, actors, [actor_row(f"g{i:02d}", "second") for i in range(12)]
        )
        # Rows repeating a key within one call: the first wins, as row by row.
        _insert_rows_ignoring_duplicates(
            conn, actors, [actor_row(f"h{i % 5}", f"third {i}") for i in range(10)]
        )
    with empty.engine.connect() as conn:
        names = {i: n for i, n in conn.execute(sa.select(actors.c.id, actors.c.name))}
    assert names["g03"] == names["g07"] == "first"
    assert names["g00"] == names["g11"] == "second"
    assert {names[f"h{i}"] for i in range(5)} == {f"third {i}" for i in range(5)}
    assert len(names) == 17


def test_adding_aggregate_rows_sums_stored_and_repeated_keys(empty: Store) -> None:
    def month_row(i: int, n: int) -> dict[str, object]:
        return {
            "type": "ASSAULT",
            "month": f"2031-{i:02d}",
            "precision": "day",
            "status": "occurred",
            "n_events": n,
            "n_located": 0,
        }

    with empty.engine.begin() as conn:
        conn.execute(event_months.delete())
        _upsert_adding(conn, event_months, [month_row(1, 5), month_row(2, 7)])
        _upsert_adding(conn, event_months, [month_row(i, 1) for i in range(1, 13)])
        # Twelve rows with repeated keys: every one is added.
        _upsert_adding(conn, event_months, [month_row(1 + i % 3, 10) for i in range(12)])
    with empty.engine.connect() as conn:
        counts = {
            m: n for m, n in conn.execute(sa.select(event_months.c.month, event_months.c.n_events))
        }
    assert counts["2031-01"] == 5 + 1 + 40
    assert counts["2031-02"] == 7 + 1 + 40
    assert counts["2031-03"] == 1 + 40
    assert counts["2031-12"] == 1
    assert len(counts) == 12

"""Schema versions: upgrades in place, refusals (sitroom.store.migrations)."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

import pytest
from store_data import (
    TEXT_A,
    aggregate_tables,
    check_aggregates,
    doc_a,
    doc_b,
    downgrade_to_v0,
    random_document,
)

from sitroom.store import SCHEMA_VERSION, SchemaVersionError, Store, StoreError, schema


def test_version_zero_database_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path) as s:
        s.add(*doc_a())
    downgrade_to_v0(path)

    with Store(path) as s:
        assert s.schema_version() == SCHEMA_VERSION
        stored = s.document("doc-a")
        assert stored is not None
        document, expected = doc_a()
        lost = {"target_text": None, "speaker": None}
        expected = expected.model_copy(
            update={"events": [e.model_copy(update=lost) for e in expected.events], "dates": []}
        )
        assert stored == (document, expected)
        assert s.documents()[0].text_hash == hashlib.sha256(TEXT_A.encode()).hexdigest()
        # The upgraded database takes everything the current layout holds.
        assert s.add(*doc_b())
        assert s.document("doc-b") == doc_b()


def test_newer_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with pytest.raises(SchemaVersionError, match="99"):
        Store(path)


def test_create_false_refuses_an_empty_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no sitroom database"):
        Store(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()
    sqlite3.connect(tmp_path / "empty.db").close()
    with pytest.raises(StoreError, match="no sitroom store"):
        Store(tmp_path / "empty.db", create=False)
    Store(tmp_path / "made.db").close()
    with Store(tmp_path / "made.db", create=False) as s:
        assert s.schema_version() == SCHEMA_VERSION


def test_version_two_store_gets_its_aggregates(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    rng = random.Random(5)
    pairs = [random_document(i, rng) for i in range(12)]
    with Store(path) as s:
        s.add_many(pairs)
        expected = aggregate_tables(s)
    db = sqlite3.connect(path)
    for table in schema.AGGREGATE_TABLES:
        db.execute(f"DROP TABLE {table.name}")
    db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with Store(path) as s:
        assert s.schema_version() == SCHEMA_VERSION
        assert aggregate_tables(s) == expected
        check_aggregates(s, pairs)


def test_version_four_store_gains_the_new_event_fields(tmp_path: Path) -> None:
    """Version 5 stores act, source_basis and salience; a version-4 file is upgraded and then
    keeps them (they were lost on the way through the store before)."""
    from sitroom.models import Act, Analysis, Document, Event, Span

    path = tmp_path / "v4.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("DROP INDEX ix_events_date_salience")  # version 7's, it holds the salience
    for column in ("act", "source_basis", "salience"):
        db.execute(f"ALTER TABLE events DROP COLUMN {column}")
    db.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    text = "Russia threatened to strike Kyiv."
    event = Event(
        id="e1",
        type="THREATEN",
        act=Act(type="ASSAULT"),
        source_basis="stated",
        salience="main",
        evidence=Span(start=0, end=len(text), text=text),
    )
    analysis = Analysis(id="d1", events=[event])
    with Store(path) as s:
        assert s.schema_version() == SCHEMA_VERSION
        s.add(Document(id="d1", text=text), analysis)
        stored = s.document("d1")
    assert stored is not None and stored[1].events == [event]


def test_version_ten_store_gains_the_target_basis(tmp_path: Path) -> None:
    """Version 11 stores how the targets are known; a version-10 file is upgraded, keeps its
    events (no basis: null) and then stores and lists the basis of new ones."""
    from sitroom.models import Analysis, Document, Event, Span
    from sitroom.store import EventFilter

    path = tmp_path / "v10.db"
    text = "The Rapid Support Forces rejected the sanctions."
    old = Event(id="e1", type="REJECT", evidence=Span(start=0, end=len(text), text=text))
    with Store(path) as s:
        s.add(Document(id="d0", text=text), Analysis(id="d0", events=[old]))
    db = sqlite3.connect(path)
    db.execute("ALTER TABLE events DROP COLUMN target_basis")
    db.execute("UPDATE meta SET value = '10' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    event = old.model_copy(update={"target_basis": "inferred"})
    with Store(path) as s:
        assert s.schema_version() == SCHEMA_VERSION
        s.add(Document(id="d1", text=text), Analysis(id="d1", events=[event]))
        stored = s.document("d1")
        rows = {r.document_id: r.target_basis for r in s.events(EventFilter())}
    assert stored is not None and stored[1].events == [event]
    assert rows == {"d0": None, "d1": "inferred"}

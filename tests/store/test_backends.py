"""Engines and transactions: SQLite settings, URLs, savepoints, concurrent writers
(sitroom.store.backends)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from store_data import doc_a, doc_b, event_ids

from sitroom.models import Actor, Analysis, Document, Event, Span
from sitroom.store import EventFilter, Store, schema


def test_savepoints_roll_back_only_the_inner_work(tmp_path: Path) -> None:
    # pysqlite ignores SAVEPOINT unless the engine emits BEGIN itself; the store configures that.
    s = Store(tmp_path / "savepoint.db")
    table = schema.meta_table
    with s.engine.begin() as conn:
        conn.execute(table.insert().values(key="outer", value="1"))
        nested = conn.begin_nested()
        conn.execute(table.insert().values(key="inner", value="1"))
        nested.rollback()
    with s.engine.connect() as conn:
        keys = set(conn.execute(sa.select(table.c.key)).scalars())
    assert "outer" in keys
    assert "inner" not in keys


def test_sqlite_pragmas(store: Store) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_bare_path_and_in_memory_urls(tmp_path: Path) -> None:
    path = tmp_path / "bare.db"
    with Store(str(path)) as s:
        assert s.url == f"sqlite:///{path}"
        s.add(*doc_a())
    assert path.exists()
    with Store("sqlite://") as memory:
        assert memory.add(*doc_b())
        assert memory.count_events() == 2


def test_in_memory_store_is_shared_by_threads_and_nested_calls() -> None:
    with Store("sqlite://") as s:
        s.add_many([doc_a(), doc_b()])
        seen: list[int] = []
        worker = threading.Thread(target=lambda: seen.append(s.count_events()))
        worker.start()
        worker.join()
        assert seen == [4]
        rows = s.iter_events(batch_size=1)
        first = next(rows)
        assert s.count_events(EventFilter(type="ACCUSE")) == 1  # while the cursor is open
        assert [first.id, *(r.id for r in rows)] == event_ids(s.events())


def test_concurrent_writers_wait_for_each_other(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    Store(path).close()
    failures: list[BaseException] = []

    def write(prefix: str) -> None:
        with Store(path) as s:  # its own engine and connections, like another process
            for i in range(25):
                text = f"Raiders struck farm {i}."
                whole = Span(start=0, end=len(text), text=text)
                event = Event(id="e1", type="ASSAULT", sources=["raiders"], evidence=whole)
                raiders = Actor(id="raiders", name="Raiders", aliases=[f"{prefix}{i}"])
                analysis = Analysis(id=f"{prefix}{i}", actors=[raiders], events=[event])
                try:
                    s.add(Document(id=f"{prefix}{i}", text=text), analysis)
                except BaseException as exc:  # collected: a thread's exception is otherwise lost
                    failures.append(exc)

    threads = [threading.Thread(target=write, args=(p,)) for p in ("x", "y", "x")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    with Store(path) as s:
        assert s.stats()["documents"] == 50
        assert s.stats()["aliases"] == 51  # the name plus one alias per distinct document

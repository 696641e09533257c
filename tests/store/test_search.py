"""Full-text search over documents (SQLite FTS5 / PostgreSQL full-text search)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from store_data import doc_a

from sitroom.models import Analysis, Document
from sitroom.store import DocumentFilter, EventFilter, Store


def _doc(doc_id: str, text: str, title: str | None = None) -> tuple[Document, Analysis]:
    published = dt.date(2024, 1, 1)
    return (
        Document(id=doc_id, text=text, title=title, published=published),
        Analysis(id=doc_id, published=published),
    )


def _found(store: Store, q: str) -> list[str]:
    return sorted(d.id for d in store.documents(DocumentFilter(q=q), limit=100))


def test_words_match_as_prefixes_in_title_or_text(store: Store) -> None:
    store.add(*_doc("s1", "Rebels shelled the airport of Goma overnight.", "Goma under fire"))
    store.add(*_doc("s2", "Talks in Nairobi ended without agreement.", "Ceasefire talks"))
    store.add(*_doc("s3", "Café owners in Bogotá reopened.", None))
    assert _found(store, "goma") == ["s1"]
    assert _found(store, "shell airport") == ["s1"]  # prefixes, every word required
    assert _found(store, "ceasefire nairobi") == ["s2"]  # one in the title, one in the text
    assert _found(store, "café bogotá") == ["s3"]
    if store.engine.dialect.name == "sqlite":
        assert _found(store, "cafe bogota") == ["s3"]  # FTS5 folds accents
    assert _found(store, "goma nairobi") == []
    assert store.count_documents(DocumentFilter(q="talks")) == 1
    # Query syntax in the input is only words.
    for hostile in ('"', "NEAR(a b)", "goma OR *", "a:* & !b", "'); DROP TABLE documents; --"):
        store.documents(DocumentFilter(q=hostile))
    assert _found(store, 'goma" OR "nairobi') == []


def test_replaced_and_removed_documents_leave_the_index(store: Store) -> None:
    store.add(*_doc("s1", "Floods in Beira displaced thousands."))
    assert _found(store, "beira") == ["s1"]
    store.put(*_doc("s1", "Floods in Quelimane displaced thousands."))
    assert _found(store, "beira") == [] and _found(store, "quelimane") == ["s1"]
    store.remove("s1")
    assert _found(store, "quelimane") == []


def test_an_older_store_is_indexed_when_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path) as s:
        s.add(*doc_a())
    db = sqlite3.connect(path)
    for name in ("documents_search_insert", "documents_search_delete", "documents_search_update"):
        db.execute(f"DROP TRIGGER {name}")
    db.execute("DROP TABLE documents_fts")
    db.execute("DROP TABLE document_search")
    db.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with Store(path) as s:
        assert _found(s, "velmora market") == ["doc-a"]


def test_a_words_count_stops_at_its_bound_on_postgresql_only(store: Store) -> None:
    pg = store.engine.dialect.name == "postgresql"
    words = EventFilter(q="red hand")  # doc-a:e1 and doc-b:e1
    assert store.count_events(words) == 2
    assert store.count_events_at_most(words, 10) == (2, True)
    # At the bound: "at least 2" on PostgreSQL, which stopped counting there.
    assert store.count_events_at_most(words, 2) == ((2, False) if pg else (2, True))
    assert store.count_events_at_most(words, 1) == ((1, False) if pg else (2, True))
    # With another filter the words are counted the same way.
    both = EventFilter(q="red hand", type="ASSAULT")
    assert store.count_events_at_most(both, 1) == ((1, False) if pg else (2, True))
    assert store.count_events_at_most(EventFilter(q="velmora", type="COERCE"), 5) == (1, True)
    # Counts without words are exact whatever the bound (the aggregates answer them).
    assert store.count_events_at_most(EventFilter(), 1) == (4, True)
    mali = EventFilter(country="MLI")
    assert store.count_events_at_most(mali, 1) == (store.count_events(mali), True)

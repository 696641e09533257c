"""Writing documents: round trips, batches, actor merging, hostile text (sitroom.store.writes)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_data import (
    BACKENDS,
    PG_URL,
    doc_a,
    doc_b,
    empty_postgres_store,
    event_ids,
    random_document,
    span,
    stored_rows,
)

from sitroom.models import Actor, Analysis, Document, Event, Span
from sitroom.store import ActorFilter, DocumentFilter, EventFilter, Store, writes


def test_round_trip_rebuilds_the_analysis(store: Store) -> None:
    for build in (doc_a, doc_b):
        document, analysis = build()
        stored = store.document(document.id)
        assert stored is not None
        assert stored == (document, analysis)


def test_unknown_document_is_none(store: Store) -> None:
    assert store.document("nope") is None
    assert not store.has_document("nope")
    assert store.has_document("doc-a")


def test_re_adding_a_document_is_a_no_op(store: Store) -> None:
    before = store.stats()
    assert store.add(*doc_a()) is False
    assert store.add_many([doc_a(), doc_b()]) == (0, 2)
    assert store.stats() == before


def test_add_many_counts_and_skips_duplicates_within_the_input(tmp_path: Path) -> None:
    s = Store(tmp_path / "many.db", batch_size=1)
    assert s.add_many([doc_a(), doc_b(), doc_a()]) == (2, 1)
    assert s.stats()["documents"] == 2
    assert s.stats()["events"] == 4


def test_failed_document_leaves_no_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = Store(tmp_path / "atomic.db")

    def broken(*_args: object) -> None:
        raise RuntimeError("disk full")

    # Fails after documents, actors and events are already written in the transaction.
    monkeypatch.setattr(writes, "_write_dates", broken)
    with pytest.raises(RuntimeError):
        s.add(*doc_a())
    assert set(s.stats().values()) == {0}


def test_add_many_rejects_an_inconsistent_batch_but_keeps_earlier_batches(tmp_path: Path) -> None:
    s = Store(tmp_path / "batches.db", batch_size=1)
    document, analysis = doc_b()
    mismatched = analysis.model_copy(update={"id": "other"})
    with pytest.raises(ValueError, match="differs"):
        s.add_many([doc_a(), (document, mismatched)])
    assert s.has_document("doc-a")
    assert not s.has_document("doc-b")


def test_remove_deletes_the_document_and_its_facts(store: Store) -> None:
    assert store.remove("doc-a") is True
    assert store.remove("doc-a") is False
    assert store.document("doc-a") is None
    assert event_ids(store.events()) == ["doc-b:e1", "doc-b:e2"]
    assert store.resolve_actor("RHB") == ["red-hand-brigade"]  # actors are global


def test_hostile_strings_are_stored_verbatim(tmp_path: Path) -> None:
    hostile = "'; DROP TABLE events; --"
    script = "<script>alert('x')</script>"
    text = f"{hostile} said {script} 100% of_the time."
    document = Document(id=hostile, text=text, title=script, source=hostile)
    actor = Actor(id="x-group", name=hostile, aliases=[script], mentions=[span(text, hostile)])
    event = Event(
        id=script,
        type="THREATEN",
        sources=["x-group"],
        evidence=Span(start=0, end=len(text), text=text),
        notes=[hostile],
    )
    analysis = Analysis(id=hostile, title=script, source=hostile, actors=[actor], events=[event])
    s = Store(tmp_path / "hostile.db")
    assert s.add(document, analysis)
    assert s.document(hostile) == (document, analysis)
    assert s.resolve_actor(hostile.upper()) == ["x-group"]
    assert s.resolve_actor(script) == ["x-group"]
    assert [r.id for r in s.events(EventFilter(q="DROP TABLE"))] == [f"{hostile}:{script}"]
    assert [r.id for r in s.events(EventFilter(actor=script))] == [f"{hostile}:{script}"]
    # LIKE wildcards in the query are literal characters.
    assert s.count_events(EventFilter(q="100%")) == 1
    assert s.count_events(EventFilter(q="0%_")) == 0
    assert s.count_events(EventFilter(q="of_the")) == 1
    assert s.count_events(EventFilter(q="ofXthe")) == 0
    assert s.documents(DocumentFilter(source=hostile))[0].title == script
    assert s.stats()["events"] == 1


# Any Unicode text a page can carry (no lone surrogates: they cannot be encoded).
texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc_id=texts, name=texts, alias=texts, body=texts, note=texts)
def test_any_text_round_trips(doc_id: str, name: str, alias: str, body: str, note: str) -> None:
    text = f"{name} {body}"
    actor = Actor(id="a", name=name, aliases=[alias], mentions=[span(text, name)])
    event = Event(
        id="e1",
        type="ASSAULT",
        sources=["a"],
        evidence=Span(start=0, end=len(text), text=text),
        notes=[note],
    )
    document = Document(id=doc_id, text=text, title=note)
    analysis = Analysis(id=doc_id, title=note, actors=[actor], events=[event])
    with Store("sqlite://") as s:
        assert s.add(document, analysis)
        assert s.document(doc_id) == (document, analysis)
        if alias.strip():
            assert s.resolve_actor(alias) == ["a"]


def test_dangling_actor_ids_get_placeholder_rows(tmp_path: Path) -> None:
    text = "Unknown gunmen fired at a patrol."
    event = Event(
        id="e1",
        type="ASSAULT",
        sources=["unknown-gunmen"],
        evidence=Span(start=0, end=len(text), text=text),
    )
    s = Store(tmp_path / "dangling.db")
    assert s.add(Document(id="d", text=text), Analysis(id="d", events=[event]))
    (row,) = s.events()
    assert row.source_ids == ["unknown-gunmen"]
    assert row.source_names == ["unknown-gunmen"]
    stored = s.document("d")
    assert stored is not None
    assert stored[1].actors == []  # the analysis is rebuilt as given


def test_kb_entry_overrides_a_non_kb_row_and_aliases_accumulate(store: Store) -> None:
    (rhb,) = store.actors(ActorFilter(q="red hand"))
    assert rhb.kb is True
    assert rhb.country == "MLI"
    assert set(rhb.aliases) == {"RHB", "Brigade of the Red Hand"}
    assert rhb.n_documents == 2
    assert rhb.n_events == 2
    assert rhb.n_relations == 2
    # The per-document snapshot keeps what article A said.
    stored = store.document("doc-a")
    assert stored is not None
    first = stored[1].actor("red-hand-brigade")
    assert first is not None
    assert (first.kb, first.country) == (False, None)


def test_non_kb_newcomer_only_fills_gaps(tmp_path: Path) -> None:
    s = Store(tmp_path / "merge.db")
    s.add(*doc_b())  # KB description first
    text = "Red Hand gunmen, known locally as the Reds, raided a village."
    newcomer = Actor(id="red-hand-brigade", name="Red Hand", type="other", aliases=["the Reds"])
    s.add(Document(id="c", text=text), Analysis(id="c", actors=[newcomer]))
    (row,) = s.actors(ActorFilter(q="reds"))
    assert (row.name, row.type, row.kb) == ("Red Hand Brigade", "armed_group", True)
    assert {"Red Hand", "the Reds", "RHB"} <= set(row.aliases)

    s.add(Document(id="d", text="x"), Analysis(id="d", actors=[Actor(id="lone", name="lone")]))
    s.add(
        Document(id="e", text="y"),
        Analysis(id="e", actors=[Actor(id="lone", name="Lone Wolf", type="person", country="NER")]),
    )
    (lone,) = s.actors(ActorFilter(q="lone"))
    assert (lone.name, lone.type, lone.country) == ("Lone Wolf", "person", "NER")


def test_a_batch_stores_what_adding_one_by_one_stores(tmp_path: Path) -> None:
    rng = random.Random(23)
    placeholder_first = Analysis(
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
    described_later = Analysis(
        id="p2", actors=[Actor(id="lone", name="Lone Wolf", type="person", country="NER")]
    )
    pairs = [
        doc_a(),
        *(random_document(i, rng) for i in range(12)),
        (Document(id="p1", text="Lone."), placeholder_first),
        doc_b(),  # the KB description of an actor written by doc_a in the same batch
        (Document(id="p2", text="Lone Wolf again."), described_later),
        *(random_document(i, rng) for i in range(12, 20)),
    ]
    with Store(tmp_path / "one.db") as one, Store(tmp_path / "many.db") as many:
        for pair in pairs:
            assert one.add(*pair)
        assert many.add_many(pairs) == (len(pairs), 0)
        assert stored_rows(many) == stored_rows(one)
        # New keys after a removal are the ones a row-by-row insert gets (the highest + 1).
        for s in (one, many):
            assert s.remove("rand-019") and s.remove("doc-b")
        one.add(*doc_b())
        one.add(*pairs[-1])
        assert many.add_many([doc_b(), pairs[-1]]) == (2, 0)
        assert stored_rows(many) == stored_rows(one)
        for document, _ in pairs:
            assert many.document(document.id) == one.document(document.id)


def test_a_batch_that_breaks_a_constraint_is_stored_document_by_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(3)
    pairs = [doc_a(), doc_b(), *(random_document(i, rng) for i in range(3))]
    reference = Store(tmp_path / "reference.db")
    for pair in pairs:
        reference.add(*pair)
    s = Store(tmp_path / "fallback.db")
    s.add(*doc_a())
    # As if another writer stored doc-a between the check and the write: the batch insert
    # fails on the duplicate id, and the batch is written again one document at a time.
    monkeypatch.setattr(Store, "_stored_ids", staticmethod(lambda _conn, _ids: set()))
    assert s.add_many(pairs) == (4, 1)
    assert stored_rows(s) == stored_rows(reference)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_batch_reads_back_as_one_by_one_on_every_backend(backend: str, tmp_path: Path) -> None:
    rng = random.Random(29)
    pairs = [doc_a(), *(random_document(i, rng) for i in range(15)), doc_b()]
    one = Store(tmp_path / "one.db")
    for pair in pairs:
        one.add(*pair)
    many = (
        empty_postgres_store(PG_URL, batch_size=8)
        if backend == "postgresql" and PG_URL
        else Store(tmp_path / "many.db", batch_size=8)
    )
    try:
        assert many.add_many(pairs) == (len(pairs), 0)
        for document, _ in pairs:
            assert many.document(document.id) == one.document(document.id)
        assert many.actors(limit=100) == one.actors(limit=100)
        assert many.events(limit=1000) == one.events(limit=1000)
        assert many.relations(limit=1000) == one.relations(limit=1000)
        assert len(many.incidents(limit=1000)) == len(one.incidents(limit=1000))
    finally:
        many.close()
        one.close()

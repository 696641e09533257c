"""Versions (issue 17): a changed text under a stored id replaces the old version and is
listed in the update feed; removal leaves no unreferenced actors; roles are per document."""

from __future__ import annotations

import datetime as dt

from store_data import TEXT_A, doc_a, doc_b

from sitroom.models import Actor, Analysis, Document
from sitroom.store import ActorFilter, EventFilter, IncidentFilter, Store


def _edited() -> tuple[Document, Analysis]:
    document, analysis = doc_a()
    # The same article corrected: the toll rose and the arrest sentence was dropped.
    text = TEXT_A.replace("nine people", "11 people")
    bombing = analysis.events[0].model_copy(update={"killed": 11})
    return document.model_copy(update={"text": text}), analysis.model_copy(
        update={"events": [bombing], "relations": []}
    )


def test_a_changed_text_replaces_the_old_version(store: Store) -> None:
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    assert store.put(*doc_a()) == "unchanged"
    assert store.add(*doc_a()) is False
    assert store.put(*_edited()) == "updated"
    events = store.events(EventFilter(), limit=100)
    mine = [e for e in events if e.document_id == "doc-a"]
    assert [(e.id, e.killed) for e in mine] == [("doc-a:e1", 11)]
    stored = store.document("doc-a")
    assert stored is not None and "11 people" in stored[0].text
    (update,) = store.updates(since=before)
    assert (update.document_id, update.kind, update.version) == ("doc-a", "updated", 2)
    assert update.previous_hash != update.text_hash == store.text_hash(_edited()[0].text)
    # Incidents hold only the new version's events (the old ones were re-merged away).
    members = [m.event_id for i in store.incidents(IncidentFilter(), limit=100) for m in i.members]
    assert "doc-a:e2" not in members and "doc-a:e1" in members
    assert store.updates(after=update.seq) == []


def test_add_many_replaces_changed_texts_and_skips_unchanged(store: Store) -> None:
    added, skipped = store.add_many([doc_b(), _edited()])
    assert (added, skipped) == (1, 1)
    assert store.update_totals == 1
    assert [u.document_id for u in store.updates()] == ["doc-a"]
    assert store.count_events(EventFilter()) == 3


def test_remove_leaves_no_unreferenced_actors_and_is_listed(store: Store) -> None:
    assert store.resolve_actor("Malian police") == ["mali-police"]
    assert store.remove("doc-a") is True
    # Named only by doc-a: gone with it; named by doc-b too: kept.
    assert store.resolve_actor("Malian police") == []
    assert store.actors_by_id(["mali-police", "civilians"]) == {}
    assert store.resolve_actor("RHB") == ["red-hand-brigade"]
    assert store.updates()[-1].kind == "removed"
    assert store.remove("doc-b") is True
    assert store.count_actors(ActorFilter()) == 0


def _with_role(doc_id: str, published: dt.date, affiliation: str) -> tuple[Document, Analysis]:
    text = f"Statement number {doc_id} by the envoy."
    document = Document(id=doc_id, text=text, published=published)
    envoy = Actor(id="envoy", name="The Envoy", type="person", role="envoy",
                  affiliation=affiliation)  # fmt: skip
    return document, Analysis(id=doc_id, published=published, actors=[envoy])


def test_roles_are_per_document_and_dated_never_last_writer(store: Store) -> None:
    store.add(*_with_role("r-new", dt.date(2024, 6, 1), "un"))
    store.add(*_with_role("r-old", dt.date(2019, 1, 1), "mauritius-government"))
    (row,) = store.actors(ActorFilter(q="envoy"))
    # The latest by date, not the last written; every document's value kept.
    assert (row.affiliation, row.role_document, row.role_date) == (
        "un",
        "r-new",
        dt.date(2024, 6, 1),
    )
    roles = store.actor_roles("envoy")
    assert [(r.document_id, r.affiliation) for r in roles] == [
        ("r-new", "un"), ("r-old", "mauritius-government")
    ]  # fmt: skip
    # Without details: the same actor and counts, no aliases, role or affiliation read.
    full = store.actors_by_id(["envoy"])["envoy"]
    bare = store.actors_by_id(["envoy", "nobody"], details=False)
    assert bare.keys() == {"envoy"}
    assert bare["envoy"] == full.model_copy(
        update={"aliases": [], "role": None, "affiliation": None, "role_document": None,
                "role_date": None}
    )  # fmt: skip
    store.remove("r-new")
    assert store.actors_by_id(["envoy"])["envoy"].affiliation == "mauritius-government"


def test_data_version_is_a_change_counter_bumped_by_every_write(store: Store) -> None:
    store.auto_merge = False
    seen = [store.data_version()]
    document, analysis = doc_a()
    store.add(
        document.model_copy(update={"id": "g1", "text": document.text + " "}),
        analysis.model_copy(update={"id": "g1"}),
    )
    seen.append(store.data_version())
    store.merge_new()  # changes the incidents only: cached incident lists must go too
    seen.append(store.data_version())
    store.rebuild_aggregates()
    seen.append(store.data_version())
    store.remove("g1")
    seen.append(store.data_version())
    assert len(set(seen)) == len(seen)
    assert store.data_version() == seen[-1]  # reading changes nothing

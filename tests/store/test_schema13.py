"""Schema 13: spans kept as offsets into the stored text, actor mentions in their document's
actor rows, the documents' word index without positions. A schema-12 store (laid out by hand
from a current one, SQLite and PostgreSQL) is upgraded in place and gives the same documents,
listings, counts, searches and API answers; spans whose text is not the document's characters
at their offsets keep their own text."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient
from store_data import aggregate_tables

from sitroom.models import (
    Actor,
    Analysis,
    DateValue,
    Document,
    Event,
    Location,
    Place,
    Relation,
    Span,
    TimeExpression,
)
from sitroom.store import DocumentFilter, EventFilter, PlaceFilter, Store
from sitroom.store.migrations import LEGACY_MENTIONS
from sitroom.store.schema import (
    SCHEMA_VERSION,
    actor_alias_lists,
    dates,
    document_actors,
    documents,
    events,
)
from sitroom.store.spans import pack_spans, packed_text, span_text, unpack_spans
from sitroom.web import create_app

# Written for this test: accents and a character outside the BMP (offsets count code points,
# as Python, SQLite's and PostgreSQL's substr do).
TEXT = (
    "Les milices de Tombouctou ont attaqué un convoi près de Goundam 🚚 lundi. "
    "Le porte-parole Amadou Touré a dit que l'armée malienne a riposté."
)


def at(part: str, occurrence: int = 0, text: str = TEXT) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    return Span(start=start, end=start + len(part), text=part)


def odd_document() -> tuple[Document, Analysis]:
    """Spans of every kind, some whose text is not the document's at their offsets."""
    militia = Actor(
        id="tombouctou-militia",
        name="Milices de Tombouctou",
        type="armed_group",
        aliases=["Milices", "Tombouctou militia"],
        # The second mention's text differs from the document's characters at its offsets.
        mentions=[at("milices"), Span(start=4, end=11, text="Milices"), at("Tombouctou")],
    )
    army = Actor(id="mali-army", name="Armée malienne", type="military", mentions=[at("armée")])
    spokesman = Actor(id="amadou-toure", name="Amadou Touré", type="person", mentions=[])
    first = Span(start=0, end=TEXT.index("lundi.") + 6, text=TEXT[: TEXT.index("lundi.") + 6])
    second = Span(start=first.end + 1, end=len(TEXT), text=TEXT[first.end + 1 :])
    day = dt.date(2024, 5, 6)
    event = Event(
        id="e1",
        type="ASSAULT",
        sources=["tombouctou-militia"],
        targets=["mali-army"],
        date=DateValue(start=day, end=day, precision="day", text="lundi"),
        location=Location(name="Goundam", country="MLI", lat=16.41, lon=-3.67, precision="city"),
        evidence=first,
        trigger=at("attaqué"),
        # One span past the text's end, one with a text of its own: both kept as written.
        more_evidence=[second, Span(start=900, end=905, text="ghost"), at("🚚")],
    )
    reply = Event(
        id="e2",
        type="ASSAULT",
        sources=["mali-army"],
        targets=["tombouctou-militia"],
        date=DateValue(start=day, end=day, precision="day"),
        evidence=second,
        trigger=Span(start=second.start, end=second.start + 2, text="Il"),  # not the text's
    )
    doc = Document(id="odd-1", text=TEXT, title="Convoi attaqué", published=day)
    return doc, Analysis(
        id=doc.id,
        actors=[militia, army, spokesman],
        events=[event, reply],
        relations=[
            Relation(
                source="tombouctou-militia",
                target="mali-army",
                type="hostile",
                evidence=[first, Span(start=2, end=1, text="reversed")],
            )
        ],
        places=[
            Place(
                name="Goundam",
                country="MLI",
                lat=16.41,
                lon=-3.67,
                precision="city",
                mentions=[at("Goundam")],
            ),
            Place(
                name="Tombouctou",
                country="MLI",
                precision="admin1",
                mentions=[at("Tombouctou"), Span(start=0, end=3, text="Tom")],
            ),
        ],
        dates=[TimeExpression(value=event.date, mention=at("lundi"))],
    )


def second_document() -> tuple[Document, Analysis]:
    """The militia again, with another list of aliases, and the army with the same list."""
    text = "Les milices de Tombouctou ont encore frappé. L'armée malienne enquête."
    militia = Actor(
        id="tombouctou-militia",
        name="Milices de Tombouctou",
        type="armed_group",
        aliases=["Tombouctou militia", "Milices", "Les milices"],
        mentions=[at("milices", text=text)],
    )
    army = Actor(
        id="mali-army", name="Armée malienne", type="military", mentions=[at("armée", text=text)]
    )
    doc = Document(id="odd-2", text=text, published=dt.date(2024, 5, 8))
    return doc, Analysis(id=doc.id, actors=[militia, army])


def test_spans_pack_to_offsets_and_back() -> None:
    doc, analysis = odd_document()
    spans = [*analysis.events[0].more_evidence, *analysis.actors[0].mentions]
    packed = pack_spans(spans, doc.text)
    assert packed[0] == [spans[0].start, spans[0].end]
    assert packed[1] == [900, 905, "ghost"]  # outside the text: kept whole
    assert packed[4] == [4, 11, "Milices"]  # another text than the document's
    assert unpack_spans(packed, doc.text) == spans
    # Lists stored before schema 13 (objects) read as they are.
    assert unpack_spans([s.model_dump() for s in spans], doc.text) == spans
    emoji = at("🚚")
    assert packed_text(emoji.text, emoji.start, emoji.end, doc.text) == ""
    assert span_text("", emoji.start, emoji.end, doc.text) == "🚚"
    assert packed_text("Il", 10, 12, doc.text) == "Il"
    assert span_text("", 5, 5, doc.text) == ""


def _raw(s: Store) -> dict[str, Any]:
    with s.engine.connect() as conn:
        return {
            "trigger": conn.execute(
                sa.select(events.c.local_id, events.c.trigger_text)
                .where(events.c.document_id == "odd-1")
                .order_by(events.c.position)
            ).all(),
            "date": conn.execute(
                sa.select(dates.c.mention_text).where(dates.c.document_id == "odd-1")
            ).scalar_one(),
            "mentions": conn.execute(
                sa.select(document_actors.c.mentions).where(
                    document_actors.c.document_id == "odd-1",
                    document_actors.c.actor_id == "tombouctou-militia",
                )
            ).scalar_one(),
        }


def test_spans_are_stored_as_offsets(store: Store) -> None:
    doc, analysis = odd_document()
    store.add(doc, analysis)
    raw = _raw(store)
    assert raw["trigger"] == [("e1", ""), ("e2", "Il")]
    assert raw["date"] == ""
    militia = analysis.actors[0].mentions
    assert raw["mentions"] == [
        [militia[0].start, militia[0].end],
        [4, 11, "Milices"],
        [militia[2].start, militia[2].end],
    ]
    stored = store.document("odd-1")
    assert stored is not None
    for part in ("actors", "events", "relations", "places", "dates"):
        assert getattr(stored[1], part) == getattr(analysis, part), part
    assert store.stats()["mentions"] == _mentions(store)


def _mentions(s: Store) -> int:
    """Mentions counted from the documents read back (the stats read the aggregates)."""
    ids = [d.id for d in s.documents(DocumentFilter(), limit=1000)]
    return sum(len(a.mentions) for i in ids for a in s.document(i)[1].actors)  # type: ignore[index]


def downgrade_to_v12(s: Store) -> None:
    """Lay a current store out as version 12 had it: a mentions table of one row per mention,
    span texts beside their offsets, span lists as objects, JSON as the default serializer
    writes it, and (SQLite) the documents' word index with positions."""
    url = s.url
    s.close()
    engine = sa.create_engine(url)  # the default JSON serializer, as version 12 wrote
    with engine.begin() as conn:
        texts = dict(conn.execute(sa.select(documents.c.id, documents.c.text)).all())
        LEGACY_MENTIONS.create(conn)
        rows = conn.execute(
            sa.select(
                document_actors.c.document_id,
                document_actors.c.actor_id,
                document_actors.c.mentions,
            )
        ).all()
        legacy = [
            {"document_id": doc, "actor_id": actor, "position": j, **m.model_dump()}
            for doc, actor, packed in rows
            for j, m in enumerate(unpack_spans(packed or [], texts[doc]))
        ]
        if legacy:
            conn.execute(LEGACY_MENTIONS.insert(), legacy)
        conn.execute(sa.text("ALTER TABLE document_actors DROP COLUMN mentions"))
        refs = dict(conn.execute(sa.select(actor_alias_lists)).all())
        for doc, actor, aliases in conn.execute(
            sa.select(
                document_actors.c.document_id,
                document_actors.c.actor_id,
                document_actors.c.aliases,
            )
        ).all():
            if aliases is None:  # the reference list, written out again
                conn.execute(
                    document_actors.update()
                    .where(document_actors.c.document_id == doc)
                    .where(document_actors.c.actor_id == actor)
                    .values(aliases=refs[actor])
                )
        actor_alias_lists.drop(conn)
        for table, prefix in ((dates, "mention_"), (events, "trigger_")):
            start, end, text = (table.c[prefix + n] for n in ("start", "end", "text"))
            found = conn.execute(sa.select(table.c.pk, table.c.document_id, start, end, text))
            for pk, doc, b, e, stored in found.all():
                if stored is not None:
                    conn.execute(
                        table.update()
                        .where(table.c.pk == pk)
                        .values({text: span_text(stored, b, e, texts[doc])})
                    )
        for name, column in (
            ("places", "mentions"),
            ("relations", "evidence"),
            ("events", "more_evidence"),
        ):
            for pk, doc, packed in conn.execute(
                sa.text(f"SELECT pk, document_id, {column} FROM {name}")
            ).all():
                spans = unpack_spans(
                    json.loads(packed) if isinstance(packed, str) else packed, texts[doc]
                )
                conn.execute(
                    sa.text(f"UPDATE {name} SET {column} = :v WHERE pk = :pk"),
                    {"v": json.dumps([x.model_dump() for x in spans]), "pk": pk},
                )
        if conn.dialect.name == "sqlite":
            conn.execute(sa.text("DROP TABLE documents_fts"))
            conn.execute(
                sa.text(
                    "CREATE VIRTUAL TABLE documents_fts USING fts5("
                    " title, text, content='', tokenize='unicode61 remove_diacritics 2')"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO documents_fts(rowid, title, text)"
                    " SELECT s.rowid, coalesce(d.title, ''), d.text"
                    " FROM document_search s JOIN documents d ON d.id = s.document_id"
                )
            )
            for name in ("document_actors", "actor_aliases"):  # with rowids, as before
                ddl = conn.execute(
                    sa.text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": name}
                ).scalar_one()
                assert "WITHOUT ROWID" in ddl
                conn.execute(sa.text(f"ALTER TABLE {name} RENAME TO old_{name}"))
                conn.execute(sa.text(ddl.replace("WITHOUT ROWID", "")))
                conn.execute(sa.text(f"INSERT INTO {name} SELECT * FROM old_{name}"))
                conn.execute(sa.text(f"DROP TABLE old_{name}"))
            conn.execute(sa.text("CREATE INDEX ix_actor_aliases_key ON actor_aliases (alias_key)"))
            conn.execute(
                sa.text("CREATE INDEX ix_document_actors_actor ON document_actors (actor_id)")
            )
        conn.execute(sa.text("UPDATE meta SET value = '12' WHERE key = 'schema_version'"))
    engine.dispose()


API_PATHS = (
    "/api/documents",
    "/api/documents/odd-1",
    "/api/documents/doc-a",
    "/api/documents/doc-b",
    "/api/events",
    "/api/events?q=red",
    "/api/actors",
    "/api/actors/tombouctou-militia",
    "/api/actors/red-hand-brigade",
    "/api/relations",
    "/api/places",
    "/api/stats",
    "/api/network",
    "/api/fatalities",
)


def answers(s: Store) -> dict[str, Any]:
    """What the store and the API answer (the store is closed afterwards: the API opens it)."""
    ids = sorted(d.id for d in s.documents(DocumentFilter(), limit=1000))
    got: dict[str, Any] = {
        "documents": [s.document(i) for i in ids],
        "stats": s.stats(),
        "events": s.events(EventFilter(), limit=1000),
        "search": [
            [d.id for d in s.documents(DocumentFilter(q=q), limit=100)]
            for q in ("tombouctou", "attaq", "red hand", "goundam convoi", "velmora")
        ],
        "event_search": s.count_events(EventFilter(q="riposté")),
        "places": s.places_page(PlaceFilter(), limit=100),
        "evidence": [s.relation_evidence(a) for a in ("tombouctou-militia", "mali-army")],
        "aggregates": aggregate_tables(s),
    }
    url = s.url
    s.close()
    with TestClient(create_app(url)) as client:
        for path in API_PATHS:
            response = client.get(path)
            assert response.status_code == 200, path
            got[path] = response.json()
    return got


def test_version_twelve_store_is_upgraded_in_place(store: Store) -> None:
    store.add(*odd_document())
    store.add(*second_document())
    url = store.url
    before = answers(store)
    assert before["search"][0] == ["odd-2", "odd-1"] and before["event_search"] == 1
    downgrade_to_v12(Store(url))
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert "mentions" in sa.inspect(conn).get_table_names()
        legacy_count = conn.execute(sa.text("SELECT count(*) FROM mentions")).scalar_one()
        assert legacy_count == before["stats"]["mentions"]
        places_json = conn.execute(sa.text("SELECT mentions FROM places")).scalars().all()
        assert all(  # the version-12 form: objects
            isinstance(m, dict)
            for p in places_json
            for m in (json.loads(p) if isinstance(p, str) else p)
        )
    engine.dispose()

    with Store(url) as s:
        assert s.schema_version() == SCHEMA_VERSION == 13
        raw = _raw(s)
        assert raw["trigger"] == [("e1", ""), ("e2", "Il")] and raw["date"] == ""
        doc, analysis = odd_document()
        assert raw["mentions"] == pack_spans(analysis.actors[0].mentions, doc.text)
        # The reference list is the first document's: doc-b's for the army (its aliases).
        assert aliases_kept(s) == {
            ("odd-1", "tombouctou-militia"): None,
            ("odd-1", "mali-army"): [],
            ("odd-1", "amadou-toure"): None,
            ("odd-2", "tombouctou-militia"): ["Tombouctou militia", "Milices", "Les milices"],
            ("odd-2", "mali-army"): [],
        }
        with s.engine.connect() as conn:
            lists = conn.execute(
                sa.text("SELECT mentions FROM places WHERE document_id = 'odd-1' ORDER BY position")
            ).scalars()
            assert [json.loads(x) if isinstance(x, str) else x for x in lists] == [
                pack_spans(p.mentions, doc.text) for p in analysis.places
            ]
        with s.engine.connect() as conn:
            assert "mentions" not in sa.inspect(conn).get_table_names()
            if conn.dialect.name == "sqlite":
                ddl = conn.execute(
                    sa.text("SELECT sql FROM sqlite_master WHERE name = 'documents_fts'")
                ).scalar_one()
                assert "detail=none" in ddl
                for name in ("document_actors", "actor_aliases"):
                    ddl = conn.execute(
                        sa.text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": name}
                    ).scalar_one()
                    assert "WITHOUT ROWID" in ddl
                indexes = conn.execute(
                    sa.text("SELECT name FROM sqlite_master WHERE type = 'index'")
                ).scalars()
                assert {
                    "ix_actor_aliases_key",
                    "ix_document_actors_actor",
                    "ix_document_actors_role",
                } <= set(indexes)
    after = answers(Store(url))
    assert after.keys() == before.keys()
    for key in before:
        assert after[key] == before[key], key
    with Store(url) as s:  # opened again: nothing left to do, and writes go on as before
        assert s.schema_version() == SCHEMA_VERSION
        s.remove("odd-1")
        assert s.document("odd-1") is None
        assert s.stats()["mentions"] == _mentions(s)
        assert [d.id for d in s.documents(DocumentFilter(q="tombouctou"), limit=10)] == ["odd-2"]


def aliases_kept(s: Store) -> dict[tuple[str, str], Any]:
    with s.engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                document_actors.c.document_id, document_actors.c.actor_id, document_actors.c.aliases
            ).where(document_actors.c.document_id.in_(["odd-1", "odd-2"]))
        )
        return {(doc, actor): aliases for doc, actor, aliases in rows}


def test_alias_lists_are_kept_once_per_actor(store: Store) -> None:
    store.add(*odd_document())
    store.add(*second_document())
    assert aliases_kept(store)[("odd-2", "tombouctou-militia")] == [
        "Tombouctou militia",
        "Milices",
        "Les milices",
    ]
    assert aliases_kept(store)[("odd-1", "tombouctou-militia")] is None
    for doc, analysis in (odd_document(), second_document()):
        stored = store.document(doc.id)
        assert stored is not None and stored[1].actors == analysis.actors
    # The reference goes with the actor, once no document names it.
    store.remove("odd-1")
    store.remove("odd-2")
    with store.engine.connect() as conn:
        left = conn.execute(sa.select(actor_alias_lists.c.actor_id)).scalars().all()
    assert "tombouctou-militia" not in left and "amadou-toure" not in left


def test_search_words_are_letters_and_digits(store: Store) -> None:
    """A query's words are its runs of letters and digits (as documented): "red_hand" asks
    for both words, as "red hand" does, on both engines."""
    assert [d.id for d in store.documents(DocumentFilter(q="red_hand"), limit=10)] == [
        d.id for d in store.documents(DocumentFilter(q="red hand"), limit=10)
    ]
    assert store.count_events(EventFilter(q="red_hand")) == store.count_events(
        EventFilter(q="red hand")
    )

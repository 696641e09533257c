"""Schema 8: fatality totals kept per perpetrator (``actor_incident_totals``), the events'
evidence indexed for word search, the days of stored relations indexed for time windows, and
the upgrade of a version-7 store in place (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from store_data import WINDOWS, random_document

from sitroom.models import Analysis, DateValue, Document, Event, Location, Relation, Span
from sitroom.store import EventFilter, Store, query_fatalities
from sitroom.store.incident_totals import _actor_totals_of
from sitroom.store.relation_spans import relation_span
from sitroom.store.schema import SCHEMA_VERSION, actor_incident_totals, relations

ACTORS = ["a1", "a2", "a3", "a4"]
# Invented evidence sentences (word search): hyphens, underscores, digits, upper case.
SENTENCES = [
    "Gunmen of the North Front attacked a convoy near the river crossing.",
    "A car-bomb exploded outside the ministry; 100% of the windows broke.",
    "Troops_of the army shelled positions held by the Hill Militia.",
    "The NORTH FRONT denied attacking anyone and accused the army.",
    "Negotiators met in the capital to discuss a ceasefire.",
]


def perpetrated_document(index: int, rng: random.Random) -> tuple[Document, Analysis]:
    """Events with perpetrators (sources, claimants), tolls, places and days close enough
    for reports in different documents to merge into one incident."""
    sentence = rng.choice(SENTENCES)
    text = f"{sentence} Report {index}."
    whole = Span(start=0, end=len(text), text=text)
    events = []
    for j in range(rng.randrange(1, 4)):
        day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(20))
        events.append(
            Event(
                id=f"e{j}",
                type=rng.choice(["ASSAULT", "COERCE"]),
                status=rng.choice(["occurred", "occurred", "attempted", "negated"]),
                sources=rng.sample(ACTORS, rng.randrange(0, 3)),
                targets=rng.sample(ACTORS, rng.randrange(0, 2)),
                claimed_by=rng.sample(ACTORS, rng.randrange(0, 2)),
                date=DateValue(start=day, end=day, precision="day"),
                location=Location(name="Dorsa", country="MLI", admin1="Mopti", precision="city"),
                killed=rng.choice([None, 0, 3, 8]),
                wounded=rng.choice([None, 2]),
                evidence=whole,
            )
        )
    doc = Document(id=f"perp-{index:03d}", text=text, published=dt.date(2023, 1, 25))
    return doc, Analysis(id=doc.id, events=events)


def kept_actor_totals(s: Store) -> list[tuple[object, ...]]:
    with s.engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(actor_incident_totals.select()))


def recounted_actor_totals(s: Store) -> list[tuple[object, ...]]:
    columns = [c.name for c in actor_incident_totals.c]
    with s.engine.connect() as conn:
        rows = _actor_totals_of(conn, None)
    return sorted(tuple(r[c] for c in columns) for r in rows)


def by_actor(s: Store) -> dict[str, object]:
    out: dict[str, object] = {}
    for sort in ("killed", "wounded", "incidents", "key"):
        for statuses in [(), ("negated",), ("occurred", "negated")]:
            f = EventFilter(statuses=statuses)
            out[f"{sort} {statuses}"] = s.fatality_totals(f, by="actor", sort=sort, limit=1000)
    out["page"] = s.fatality_totals(by="actor", sort="key", limit=2, offset=1)
    return out


def test_actor_totals_are_kept_exact_by_merges_and_deletions(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(8)
    store.add_many(perpetrated_document(i, rng) for i in range(40))
    assert kept_actor_totals(store) == recounted_actor_totals(store)
    assert len(kept_actor_totals(store)) > 4
    store.add_many(perpetrated_document(i, rng) for i in range(40, 55))  # merged into stored
    store.put(*perpetrated_document(3, random.Random(99)))  # a new version: dissolved, merged
    assert store.remove("perp-010") and store.remove("perp-041")
    assert kept_actor_totals(store) == recounted_actor_totals(store)

    kept = by_actor(store)
    monkeypatch.setattr(query_fatalities, "_KEPT_GROUPS", ("country", "admin1", "year", "month"))
    assert by_actor(store) == kept  # summed over the incidents and their perpetrators
    monkeypatch.undo()

    rows = kept_actor_totals(store)
    store.rebuild_aggregates()
    assert kept_actor_totals(store) == rows
    for doc_id in ["doc-a", "doc-b", *(f"perp-{i:03d}" for i in range(55))]:
        store.remove(doc_id)
    assert kept_actor_totals(store) == []  # the fixture's documents' perpetrators gone too


def tokens(text: str) -> list[str]:
    return [w.casefold() for w in re.findall(r"[^\W_]+", text)]


def expected_matches(pairs: dict[str, tuple[Document, Analysis]], q: str) -> set[str]:
    """Events whose evidence has a word starting with each word of ``q``."""
    words = tokens(q)
    out = set()
    for doc, analysis in pairs.values():
        for e in analysis.events:
            held = tokens(e.evidence.text)
            if all(any(t.startswith(w) for t in held) for w in words):
                out.add(f"{doc.id}:{e.id}")
    return out


# "attack" begins "attacked" and "attacking": a prefix; "convoy" begins no longer word.
QUERIES = [
    "north front", "attack", "attacked", "CAR bomb", "car-bomb", "100", "troops_of", "army",
    "convoy", "zz",
]  # fmt: skip


def check_word_search(s: Store, pairs: dict[str, tuple[Document, Analysis]]) -> None:
    for q in QUERIES:
        expected = expected_matches(pairs, q)
        found = {e.id for e in s.events(EventFilter(q=q), limit=1000)}
        assert found == expected, q
        assert s.count_events(EventFilter(q=q)) == len(expected), q
        # With another filter the index is one condition among others.
        f = EventFilter(q=q, status="occurred")
        assert s.count_events(f) == len({e.id for e in s.events(f, limit=1000)}) <= len(expected)


def test_word_search_follows_every_write(store: Store) -> None:
    for doc_id in ("doc-a", "doc-b"):
        store.remove(doc_id)
    rng = random.Random(3)
    pairs = {d.id: (d, a) for d, a in (perpetrated_document(i, rng) for i in range(30))}
    store.add_many(pairs.values())
    check_word_search(store, pairs)
    replaced = perpetrated_document(4, random.Random(5))
    store.put(*replaced)  # the events of the old version leave the index, the new ones enter
    pairs[replaced[0].id] = replaced
    store.remove("perp-007")
    del pairs["perp-007"]
    check_word_search(store, pairs)
    assert store.events(EventFilter(q="_ %"), limit=5) == []  # no word: no event has "_ %"


@pytest.mark.parametrize(
    ("start", "end", "published", "expected"),
    [
        ("2022-07", None, None, ("2022-07-01", "2022-07-31", False)),
        ("2024-02", None, None, ("2024-02-01", "2024-02-29", False)),
        ("2022", None, None, ("2022-01-01", "2022-12-31", True)),
        (None, None, dt.date(2022, 3, 5), ("2022-03-05", "2022-03-05", False)),
        ("2022-11", "2023-01", None, ("2022-11-01", "2023-01-31", True)),
        ("2023-02-14", "2023-01", None, ("2023-02-14", "2023-01-31", True)),  # reversed
        ("2022-13", None, None, (None, None, True)),  # no such month: compared as strings
        ("spring 2022", None, None, (None, None, True)),
        (None, None, None, (None, None, True)),
    ],
)
def test_relation_span(
    start: str | None,
    end: str | None,
    published: dt.date | None,
    expected: tuple[str | None, str | None, bool],
) -> None:
    span = relation_span(start, end, published)
    assert (span["first_day"], span["last_day"], span["long_span"]) == expected


def window_rows(s: Store) -> list[object]:
    return [s.relations_page(f, limit=1000) for f in WINDOWS]


def test_relations_without_days_are_still_found_in_windows(store: Store) -> None:
    """Rows written around the store (bulk SQL) have no days: compared as strings."""
    rng = random.Random(12)
    store.add_many(random_document(i, rng) for i in range(40))
    odd = Relation(source="a1", target="a2", type="ally", start="2022-13", end="late 2023")
    doc = Document(id="odd", text="An odd period.", published=dt.date(2022, 8, 1))
    store.add(doc, Analysis(id="odd", relations=[odd]))
    found = window_rows(store)
    assert any(r.source == "a1" and r.first == "2022-13" for r in found[1][0])
    with store.engine.begin() as conn:
        conn.execute(relations.update().values(first_day=None, last_day=None, long_span=None))
    assert window_rows(store) == found


def downgrade_to_v7(url: str) -> None:
    """Lay a current store (SQLite or PostgreSQL) out as version 7 had it."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE actor_incident_totals"))
        if conn.dialect.name == "sqlite":
            for trigger in ("insert", "delete", "update"):
                conn.execute(sa.text(f"DROP TRIGGER events_search_{trigger}"))
            conn.execute(sa.text("DROP TABLE events_fts_terms"))
            conn.execute(sa.text("DROP TABLE events_fts"))
        else:
            conn.execute(sa.text("DROP INDEX ix_events_search"))
        conn.execute(sa.text("DROP INDEX ix_relations_window"))
        for column in ("first_day", "last_day", "long_span"):
            conn.execute(sa.text(f"ALTER TABLE relations DROP COLUMN {column}"))
        conn.execute(sa.text("DROP INDEX ix_document_actors_role"))
        conn.execute(sa.text("DROP INDEX ix_interactions_window"))
        conn.execute(
            sa.text("CREATE INDEX ix_interactions_window ON interactions (long_span, first)")
        )
        conn.execute(sa.text("UPDATE meta SET value = '7' WHERE key = 'schema_version'"))
    engine.dispose()


def test_version_seven_store_is_upgraded_in_place(store: Store) -> None:
    rng = random.Random(71)
    store.add_many(perpetrated_document(i, rng) for i in range(30))
    store.add_many(random_document(i, rng) for i in range(30))
    totals = kept_actor_totals(store)
    before = (
        by_actor(store),
        window_rows(store),
        {q: [e.id for e in store.events(EventFilter(q=q), limit=1000)] for q in QUERIES},
    )
    store.close()
    downgrade_to_v7(store.url)

    with Store(store.url) as s:
        assert s.schema_version() == SCHEMA_VERSION
        assert kept_actor_totals(s) == totals
        after = (
            by_actor(s),
            window_rows(s),
            {q: [e.id for e in s.events(EventFilter(q=q), limit=1000)] for q in QUERIES},
        )
        assert after == before
        with s.engine.connect() as conn:
            inspector = sa.inspect(conn)
            assert "ix_relations_window" in {i["name"] for i in inspector.get_indexes("relations")}
            (window,) = [
                i for i in inspector.get_indexes("interactions")
                if i["name"] == "ix_interactions_window"
            ]  # fmt: skip
            assert "document_id" in window["column_names"]  # the covering form
        s.add_many(perpetrated_document(i, rng) for i in range(30, 40))
        assert kept_actor_totals(s) == recounted_actor_totals(s)


def test_actor_roles_are_read_from_the_partial_index(tmp_path: Path) -> None:
    """The actors' latest roles come from ix_document_actors_role, which holds only the
    documents that gave a role or an affiliation."""
    s = Store(tmp_path / "roles.db")
    rng = random.Random(4)
    s.add_many(random_document(i, rng) for i in range(10))
    seen: list[tuple[str, object]] = []

    def capture(conn: object, cursor: object, statement: str, params: object, *_: object) -> None:
        if "FROM document_actors" in statement and "IS NOT NULL" in statement:
            seen.append((statement, params))

    sa.event.listen(s.engine, "before_cursor_execute", capture)
    assert s.actors_by_id(["a1", "a2"])
    sa.event.remove(s.engine, "before_cursor_execute", capture)
    ((statement, params),) = seen
    with s.engine.connect() as conn:
        plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params).all()  # type: ignore[arg-type]
    s.close()
    assert "ix_document_actors_role" in str(plan), plan


def test_word_search_folds_diacritics_on_sqlite(tmp_path: Path) -> None:
    text = "Envoys reached Bamakos and Ségou."
    whole = Span(start=0, end=len(text), text=text)
    event = Event(id="e1", type="CONSULT", status="occurred", evidence=whole)
    with Store(tmp_path / "folded.db") as s:
        s.add(Document(id="d", text=text), Analysis(id="d", events=[event]))
        for q in ("bamakó", "BAMAKO", "segou", "ségou", "env reach"):
            assert s.count_events(EventFilter(q=q)) == 1, q
            assert [e.id for e in s.events(EventFilter(q=q))] == ["d:e1"], q
        assert s.count_events(EventFilter(q="bamakos envoy ségoux")) == 0

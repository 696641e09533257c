"""The aggregate tables stay equal to a recomputation (sitroom.store.aggregates)."""

from __future__ import annotations

import random

from store_data import aggregate_tables, check_aggregates, doc_a, doc_b, random_document

from sitroom.store import Store


def test_aggregates_match_a_recomputation_through_adds_and_removals(store: Store) -> None:
    rng = random.Random(11)
    pairs = [random_document(i, rng) for i in range(40)]
    with Store(store.url) as s:
        for doc, _analysis in [doc_a(), doc_b()]:
            s.remove(doc.id)  # start from the fixture's store, emptied through the store
        s.batch_size = 7
        assert s.add_many(pairs[:30]) == (30, 0)
        for pair in pairs[30:]:
            s.add(*pair)
        check_aggregates(s, pairs)
        for doc, _analysis in pairs[::3]:
            assert s.remove(doc.id)
        kept = [p for i, p in enumerate(pairs) if i % 3]
        check_aggregates(s, kept)
        incremental = aggregate_tables(s)
        s.rebuild_aggregates()
        assert aggregate_tables(s) == incremental
        check_aggregates(s, kept)

"""The `store` fixture: a store holding the two invented articles, on SQLite and (with
SITROOM_TEST_PG_URL set) on PostgreSQL too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_data import BACKENDS, PG_URL, doc_a, doc_b, empty_postgres_store

from sitroom.store import Store


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgresql":
        assert PG_URL is not None
        s = empty_postgres_store(PG_URL)
    else:
        s = Store(tmp_path / "sitroom.db")
    s.add(*doc_a())
    s.add(*doc_b())
    yield s
    s.close()

"""The part of :class:`~sitroom.store.Store` every other part uses: its engines, the guard that
turns lost connections into :class:`~sitroom.store.errors.StoreUnavailableError`, actor lookup."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Self

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from sitroom.store import merging
from sitroom.store.errors import StoreUnavailableError, _first_line
from sitroom.store.schema import actor_aliases, actors, alias_key


class StoreBase:
    """What every part of :class:`~sitroom.store.Store` builds on."""

    _engine: Engine
    _writer: Engine
    auto_merge: bool
    merge_totals: merging.MergeSummary

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn "cannot reach the database" into :class:`StoreUnavailableError`."""
        try:
            yield
        except sa.exc.OperationalError as exc:
            if self._engine.dialect.name == "sqlite" and "locked" in str(exc.orig):
                raise
            raise StoreUnavailableError(
                f"database {self._engine.url.render_as_string(hide_password=True)} is "
                f"unavailable: {_first_line(exc.orig)}"
            ) from exc
        except sa.exc.InterfaceError as exc:
            raise StoreUnavailableError(
                f"lost the connection to {self._engine.url.render_as_string(hide_password=True)}"
                f": {_first_line(exc.orig)}"
            ) from exc

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @staticmethod
    def _resolve_actor(conn: Connection, name_or_id: str) -> list[str]:
        key = alias_key(name_or_id)
        if not key:
            return []
        by_id = sa.select(actors.c.id).where(
            sa.or_(actors.c.id == name_or_id.strip(), sa.func.lower(actors.c.id) == key)
        )
        by_alias = sa.select(actor_aliases.c.actor_id).where(actor_aliases.c.alias_key == key)
        ids = conn.execute(sa.union(by_id, by_alias)).scalars().all()
        return sorted(ids)

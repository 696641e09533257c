"""Database back ends: URLs, engines, dialect-specific statements and locks.

SQLite is the default (one file, no set-up); the code uses only SQLAlchemy Core expressions and
portable column types, so a ``postgresql+psycopg://`` URL works with the same code.

Concurrency (SQLite): WAL journaling lets readers run beside a writer, and writing transactions
begin with ``BEGIN IMMEDIATE`` so writers in several processes queue instead of failing.
PostgreSQL writers queue on an advisory lock instead (:func:`_lock_writing`).
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from sitroom.store.errors import StoreError

DEFAULT_URL = "sqlite:///sitroom.db"


def database_url(url: str | Path) -> str:
    """A SQLAlchemy URL; a bare file path means a SQLite file."""
    text = str(url)
    if "://" in text:
        return text
    return f"sqlite:///{text}"


# Execution option marking connections that will write (see _configure_sqlite).
_WRITER_OPTION = "sitroom_writer"


def _is_sqlite_memory(url: str) -> bool:
    parsed = sa.engine.make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def _require_sqlite_file(url: str) -> None:
    """Refuse a missing SQLite file rather than let the driver create an empty one."""
    parsed = sa.engine.make_url(url)
    path = parsed.database
    if parsed.get_backend_name() != "sqlite" or _is_sqlite_memory(url) or not path:
        return
    if not path.startswith("file:") and not Path(path).exists():
        raise StoreError(f"no sitroom database at {path}")


# JSON columns written compact (schema 13): no spaces after separators, and text as UTF-8
# instead of \u escapes (an accented alias took 6 bytes a letter). Readers parse either form.
_compact_json = functools.partial(json.dumps, separators=(",", ":"), ensure_ascii=False)


def _create_engine(url: str) -> Engine:
    if _is_sqlite_memory(url):
        # An in-memory database lives in one connection: share it between threads and calls
        # (the default pool would give each thread its own empty database).
        engine = sa.create_engine(
            url,
            poolclass=sa.pool.StaticPool,
            connect_args={"check_same_thread": False},
            json_serializer=_compact_json,
        )
    else:
        engine = sa.create_engine(url, json_serializer=_compact_json)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling breaks SAVEPOINT; let SQLAlchemy emit BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # With one shared in-memory connection, a call made while another is still reading
        # (an export iterating events) joins the open transaction.
        if conn.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
            return
        # A writer takes the write lock up front: a deferred transaction that reads first and
        # then writes fails at once with "database is locked" when another process wrote in
        # between (WAL snapshots cannot be upgraded), instead of waiting for its turn.
        writer = conn.get_execution_options().get(_WRITER_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")


def _insert_with_conflicts(dialect: str, table: sa.Table) -> Any:
    """The dialect's INSERT that takes ON CONFLICT clauses; None for other dialects."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table)
    return None


def _insert_ignoring_duplicates(conn: Connection, table: sa.Table) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING in the connection's dialect."""
    stmt = _insert_with_conflicts(conn.dialect.name, table)
    return table.insert() if stmt is None else stmt.on_conflict_do_nothing()


def _insert_rows_ignoring_duplicates(
    conn: Connection, table: sa.Table, rows: Sequence[dict[str, Any]]
) -> None:
    """Insert ``rows``, skipping those whose key is stored (INSERT ... ON CONFLICT DO
    NOTHING; on PostgreSQL through :func:`_insert_on_conflict`'s staging table)."""
    _insert_on_conflict(conn, table, rows, lambda stmt: stmt.on_conflict_do_nothing())


def _insert_numbered(
    conn: Connection, key: sa.Column[Any], rows: Sequence[dict[str, Any]]
) -> list[int]:
    """Insert ``rows`` into ``key``'s table; returns their new integer keys in row order.

    SQLite cannot say in which order a multi-row INSERT ... RETURNING returns its keys, so
    SQLAlchemy would insert such rows one statement each. Writers hold the write lock (BEGIN
    IMMEDIATE), so the keys SQLite would assign (the highest stored key + 1, + 2, ...; the
    tables have no AUTOINCREMENT) are assigned here and the rows go in one statement.
    PostgreSQL takes the keys from the column's sequence (ascending, in row order) and the rows
    go in with COPY (:func:`_insert_rows`).
    """
    if not rows:
        return []
    if conn.dialect.name == "sqlite":
        first = (conn.execute(sa.select(sa.func.max(key))).scalar() or 0) + 1
        keys = list(range(first, first + len(rows)))
    elif conn.dialect.name == "postgresql":
        sequence = sa.func.pg_get_serial_sequence(key.table.name, key.name)
        keys = sorted(
            conn.execute(
                sa.select(sa.func.nextval(sequence)).select_from(
                    sa.func.generate_series(1, len(rows))
                )
            ).scalars()
        )
    else:
        inserted = conn.execute(
            key.table.insert().returning(key, sort_by_parameter_order=True), list(rows)
        )
        return list(inserted.scalars())
    _insert_rows(conn, key.table, [{**row, key.name: k} for row, k in zip(rows, keys, strict=True)])
    return keys


def _insert_rows(conn: Connection, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table``.

    PostgreSQL: one COPY. psycopg's ``executemany`` sends one INSERT per row (pipelined, but
    each row still costs a round of parsing, binding and executing on both sides), and the
    multi-row VALUES statements SQLAlchemy builds instead cost more in psycopg's placeholder
    conversion than in the server. Other dialects: ``executemany`` (SQLite's is a loop in C
    over one prepared statement). A constraint broken by a COPY raises IntegrityError, as the
    INSERT would, and leaves the transaction to roll back to its savepoint the same way.
    """
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(table.insert(), list(rows))
        return
    names = list(rows[0])
    columns = [table.c[name] for name in names]
    dialect = conn.dialect
    processors = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
    preparer = dialect.identifier_preparer
    statement = (
        f"COPY {preparer.format_table(table)} "
        f"({', '.join(preparer.format_column(c) for c in columns)}) FROM STDIN"
    )
    dbapi_connection: Any = conn.connection.dbapi_connection
    try:
        with dbapi_connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                # The column types' bind processors, as the INSERT would apply them (JSON
                # serialization; a None in a JSON column is stored as JSON null there too).
                copy.write_row(
                    [
                        row[name] if process is None else process(row[name])
                        for name, process in zip(names, processors, strict=True)
                    ]
                )
    except dialect.loaded_dbapi.Error as exc:
        # The exception SQLAlchemy raises for the same error of a statement it executes
        # (IntegrityError, OperationalError for a lost server, ...).
        raise sa.exc.DBAPIError.instance(
            statement,
            None,
            exc,
            dialect.loaded_dbapi.Error,
            connection_invalidated=dialect.is_disconnect(exc, dbapi_connection, None),
        ) from exc


def _insert_on_conflict(
    conn: Connection,
    table: sa.Table,
    rows: Sequence[dict[str, Any]],
    on_conflict: Callable[[Any], Any],
) -> None:
    """Insert ``rows`` (dicts with the same keys) with an ON CONFLICT clause, which
    ``on_conflict`` adds to the dialect's INSERT (``lambda s: s.on_conflict_do_nothing()``).

    PostgreSQL: the rows go into a temporary staging table with COPY and from there into
    ``table`` with one INSERT ... SELECT (in primary-key order, the order concurrent writers
    lock rows in), instead of one INSERT per row. A DO UPDATE statement may not meet the same
    key twice; rows that repeat a key go in one statement each, as on SQLite.
    """
    if not rows:
        return
    base = _insert_with_conflicts(conn.dialect.name, table)
    if base is None:
        raise StoreError(f"the store needs SQLite or PostgreSQL, not {conn.dialect.name}")
    keys = [c.name for c in table.primary_key.columns]
    if (
        conn.dialect.name != "postgresql"
        or len(rows) < _STAGED_MIN_ROWS
        or len({tuple(row[k] for k in keys) for row in rows}) < len(rows)
    ):
        conn.execute(on_conflict(base), list(rows))
        return
    stage = _staging_table(table)
    conn.execute(sa.text(f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage.name} (LIKE {table.name})"))
    _insert_rows(conn, stage, rows)
    names = list(rows[0])
    selected = sa.select(*[stage.c[n] for n in names]).order_by(*[stage.c[k] for k in keys])
    conn.execute(on_conflict(base.from_select(names, selected)))
    conn.execute(sa.text(f"TRUNCATE {stage.name}"))


# Fewer rows than this go in with executemany: staging costs three more statements.
_STAGED_MIN_ROWS = 8


@functools.cache
def _staging_table(table: sa.Table) -> sa.Table:
    """The description of ``table``'s session-local staging table (see _insert_on_conflict)."""
    return sa.Table(
        f"sitroom_stage_{table.name}",
        sa.MetaData(),
        *[sa.Column(c.name, c.type) for c in table.columns],
    )


# Any fixed number: the PostgreSQL advisory lock that serializes merges across processes.
_MERGE_LOCK_KEY = 0x517200


# Another: the one that serializes transactions writing documents and aggregates.
_WRITE_LOCK_KEY = 0x517201


def _lock_merging(conn: Connection) -> None:
    # SQLite writers already hold the database write lock (BEGIN IMMEDIATE).
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_MERGE_LOCK_KEY)))


def _lock_writing(conn: Connection) -> None:
    """On PostgreSQL, queue writers as SQLite's BEGIN IMMEDIATE does. Concurrent writers
    otherwise deadlock inserting the same new actors in different orders, and every write
    updates shared aggregate rows anyway; analysis, not writing, is what runs in parallel."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_WRITE_LOCK_KEY)))


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch

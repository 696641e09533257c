"""Copy a SQLite store into an empty PostgreSQL database, table by table, for benchmarks.

    PYTHONPATH=src python benchmarks/copy_store_to_pg.py /tmp/api1m.db \\
        postgresql+psycopg://postgres@localhost:5433/bench1m

Building a 1,000,000-event store through ``Store.add_many`` takes about half an hour on
PostgreSQL; copying a SQLite store built by ``bench_api.py`` takes a few minutes. The SQLite
store is opened first (upgraded to the current schema if older: work on a copy), then every
table of the schema's metadata is sent with ``COPY``, the indexes are built after the rows (they
are dropped first), the sequences are moved past the copied keys and the database is vacuumed
and analysed. As a superuser the copy skips the foreign-key triggers
(``session_replication_role``); as another role they check every row (slower).
"""

from __future__ import annotations

import argparse
import sqlite3
import time

import psycopg

from sitroom.store import Store, schema


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sqlite", help="the SQLite store to copy (upgraded in place if older)")
    parser.add_argument("url", help="postgresql+psycopg://... of an empty database")
    args = parser.parse_args()

    with Store(args.sqlite) as store:
        print("source:", store.stats(), flush=True)
    with Store(args.url) as store:  # creates the current schema in the empty database
        if store.stats()["documents"]:
            raise SystemExit("the PostgreSQL database already holds documents")
    dsn = args.url.replace("postgresql+psycopg://", "postgresql://", 1)
    lite = sqlite3.connect(args.sqlite)
    tables = schema.metadata.sorted_tables
    with psycopg.connect(dsn) as pg, pg.cursor() as cur:
        try:
            cur.execute("SAVEPOINT role")
            cur.execute("SET LOCAL session_replication_role = replica")
        except psycopg.errors.InsufficientPrivilege:
            cur.execute("ROLLBACK TO SAVEPOINT role")
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
        indexes = cur.fetchall()
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        for table in tables:
            started = time.perf_counter()
            columns = ", ".join(f'"{c.name}"' for c in table.columns)
            cur.execute(f'DELETE FROM "{table.name}"')  # meta: the source's rows replace them
            n = 0
            with cur.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
                for row in lite.execute(f'SELECT {columns} FROM "{table.name}"'):
                    copy.write_row(row)
                    n += 1
            print(f"{table.name}: {n} rows, {time.perf_counter() - started:.1f} s", flush=True)
        for name, ddl in indexes:
            started = time.perf_counter()
            cur.execute(ddl)
            print(f"{name}: {time.perf_counter() - started:.1f} s", flush=True)
        for table in tables:
            for column in table.primary_key.columns:
                cur.execute("SELECT pg_get_serial_sequence(%s, %s)", (table.name, column.name))
                found = cur.fetchone()
                if found and found[0]:
                    cur.execute(
                        f'SELECT setval(%s, coalesce((SELECT max("{column.name}")'
                        f' FROM "{table.name}"), 0) + 1, false)',
                        (found[0],),
                    )
    with psycopg.connect(dsn, autocommit=True) as pg:
        pg.execute("VACUUM ANALYZE")
    with Store(args.url) as store:
        print("copy:", store.stats())


if __name__ == "__main__":
    main()

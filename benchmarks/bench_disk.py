"""Bytes on disk per stored article beyond its text (SQLite), per table and index.

    PYTHONPATH=src python benchmarks/bench_disk.py [--stories ../shared/data/voa/stories.jsonl ...]
        [--total 100] [--cache /tmp/sitroom-disk-analyses.jsonl] [--keep bench.db]

The stories (default: the 57 VOA stories) are analyzed by the pipeline (the analyses are kept in
``--cache`` and reused by the next run, so only the first run loads spaCy) and written with
``Store.add_many`` into a fresh SQLite store, merging included, as ``sitroom ingest`` does. To
reach ``--total`` documents, copies of the analyses are added under new ids with every date
moved 4, 8, ... years later (so the copies form their own incidents and months). The store is
checkpointed and vacuumed; the figure is the file's size minus the UTF-8 bytes of the stored
texts, per document, and SQLite's ``dbstat`` gives the bytes of each table and index.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import tempfile
from pathlib import Path

from sitroom.ingest import parse_date, read_text
from sitroom.models import Analysis, Document

ROOT = Path(__file__).resolve().parents[1]
STORIES = ROOT.parent / "shared" / "data" / "voa" / "stories.jsonl"
_ISO_YEAR = re.compile(r'"(\d{4})-(\d{2})')


def _documents(path: Path) -> list[Document]:
    with path.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    return [
        read_text(
            r["text"],
            published=parse_date(r.get("published")),
            id=str(r["id"]),
            title=r.get("title"),
            url=r.get("url"),
        )
        for r in records
    ]


def _analyses(docs: list[Document], cache: Path) -> list[Analysis]:
    if cache.is_file():
        cached = [Analysis.model_validate_json(line) for line in cache.read_text().splitlines()]
        if [a.id for a in cached] == [d.id for d in docs]:
            return cached
    from sitroom.pipeline import Pipeline

    analyses = [analysis for _, analysis in Pipeline().analyze_many(docs)]
    cache.write_text("".join(a.model_dump_json() + "\n" for a in analyses), encoding="utf-8")
    return analyses


def _shifted(doc: Document, analysis: Analysis, copy: int) -> tuple[Document, Analysis]:
    """The document and its analysis under a new id, every ISO date ``4 * copy`` years later."""

    def shift(dumped: str) -> str:
        return _ISO_YEAR.sub(lambda m: f'"{int(m[1]) + 4 * copy:04d}-{m[2]}', dumped)

    new_id = f"{doc.id}-copy{copy}"
    document = Document.model_validate_json(shift(doc.model_dump_json())).model_copy(
        update={"id": new_id}
    )
    shifted = Analysis.model_validate_json(shift(analysis.model_dump_json()))
    return document, shifted.model_copy(update={"id": new_id})


def _pairs(docs: list[Document], analyses: list[Analysis], total: int):  # type: ignore[no-untyped-def]
    pairs = list(zip(docs, analyses, strict=True))
    copy = 1
    while len(pairs) < total:
        for doc, analysis in zip(docs, analyses, strict=True):
            if len(pairs) >= total:
                break
            pairs.append(_shifted(doc, analysis, copy))
        copy += 1
    return pairs


def measure(db: Path) -> tuple[int, int, int, list[tuple[str, int]]]:
    """(documents, bytes of their texts, bytes of the file, [(table or index, bytes)])."""
    con = sqlite3.connect(db)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("VACUUM")
        n_docs, text_bytes = con.execute(
            "SELECT count(*), coalesce(sum(length(CAST(text AS BLOB))), 0) FROM documents"
        ).fetchone()
        rows = con.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
        ).fetchall()
    finally:
        con.close()
    return n_docs, text_bytes, db.stat().st_size, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=Path, nargs="+", default=[STORIES])
    parser.add_argument("--total", type=int, default=100)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "sitroom-disk-analyses.jsonl"
    )
    parser.add_argument(
        "--keep", type=Path, help="write the store here (kept) instead of a temp dir"
    )
    args = parser.parse_args()

    from sitroom.store import Store

    docs = [doc for path in args.stories for doc in _documents(path)]
    analyses = _analyses(docs, args.cache)
    pairs = _pairs(docs, analyses, args.total)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "disk.db"
        if db.exists():
            db.unlink()
        with Store(f"sqlite:///{db}") as store:
            store.add_many(pairs)
        n, text_bytes, size, rows = measure(db)
    beyond = (size - text_bytes) / n / 1024
    print(
        f"{n} documents ({len(docs)} analyzed), texts {text_bytes / n / 1024:.1f} kB each, "
        f"file {size / n / 1024:.1f} kB each: {beyond:.1f} kB per document beyond its text"
    )
    print(f"{'table or index':40} {'kB/doc':>8}")
    for name, nbytes in rows:
        print(f"{name:40} {nbytes / n / 1024:8.2f}")


if __name__ == "__main__":
    main()

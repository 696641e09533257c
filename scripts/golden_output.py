"""Golden output: the pipeline's JSON over fixed inputs, to prove a refactor changes nothing.

Writes one line per document (``{"set", "id", "analysis"}``, keys sorted) for the seed article,
the development summaries and the VOA stories in ``../shared`` (each set skipped when absent),
plus the bundled example article. Run it before and after a change and compare::

    python scripts/golden_output.py -o /tmp/before.jsonl
    ...change...
    python scripts/golden_output.py -o /tmp/after.jsonl
    cmp /tmp/before.jsonl /tmp/after.jsonl && echo identical

``--limit N`` takes the first N records of each set (the dev set has 1,500) for a quick check;
the full run takes a few minutes on this machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from sitroom.ingest import parse_date, read_text
from sitroom.models import Document
from sitroom.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _seed() -> Iterator[tuple[str, Document]]:
    for path in sorted((SHARED / "seed").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        yield "seed", read_text(text, published=dt.date(2021, 10, 5), id=path.stem)


def _example() -> Iterator[tuple[str, Document]]:
    from sitroom.cli import example_article

    text, published = example_article()
    yield "example", read_text(text, published=published, id="example")


def _jsonl(path: Path, name: str, limit: int | None) -> Iterator[tuple[str, Document]]:
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                break
            rec = json.loads(line)
            yield (
                name,
                read_text(
                    rec["text"],
                    published=parse_date(rec.get("published")),
                    id=str(rec["id"]),
                    title=rec.get("title"),
                ),
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=None, help="records per set")
    ap.add_argument(
        "--sets", default="example,seed,dev,voa", help="comma-separated: example,seed,dev,voa"
    )
    args = ap.parse_args(argv)
    wanted = set(args.sets.split(","))
    sources: list[Iterator[tuple[str, Document]]] = []
    if "example" in wanted:
        sources.append(_example())
    if "seed" in wanted:
        sources.append(_seed())
    if "dev" in wanted:
        sources.append(_jsonl(SHARED / "data" / "dev" / "gold.jsonl", "dev", args.limit))
    if "voa" in wanted:
        sources.append(_jsonl(SHARED / "data" / "voa" / "stories.jsonl", "voa", args.limit))
    items = [item for source in sources for item in source]
    pipeline = Pipeline()
    n = 0
    with args.output.open("w", encoding="utf-8") as out:
        docs = [doc for _, doc in items]
        for (name, _), (doc, analysis) in zip(items, pipeline.analyze_many(docs), strict=True):
            record = {"set": name, "id": doc.id, "analysis": analysis.model_dump(mode="json")}
            out.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")
            n += 1
    print(f"{n} documents -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

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

A small golden file is checked in: ``tests/data/golden/output.jsonl``, the output over the
bundled example article and the sentences of ``tests/data/golden/inputs.jsonl`` (written for
the test). ``tests/test_golden_output.py`` fails when the output changes. When a change of output
is intended, regenerate it and review the diff::

    python scripts/golden_output.py --update
    git diff tests/data/golden/output.jsonl

``--check`` compares without writing (exit 1 on a difference). Both use the shipped actor
knowledge base only (no user actor file), as the tests do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitroom.ingest import parse_date, read_text
from sitroom.models import Document
from sitroom.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLDEN_DIR = ROOT / "tests" / "data" / "golden"
GOLDEN_INPUTS = GOLDEN_DIR / "inputs.jsonl"
GOLDEN_FILE = GOLDEN_DIR / "output.jsonl"
GOLDEN_SETS = ("example", "sentences")


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


def documents(sets: Iterable[str], limit: int | None = None) -> list[tuple[str, Document]]:
    """(set name, document) of the sets asked for, in a fixed order."""
    wanted = set(sets)
    sources: list[Iterator[tuple[str, Document]]] = []
    if "example" in wanted:
        sources.append(_example())
    if "sentences" in wanted:
        sources.append(_jsonl(GOLDEN_INPUTS, "sentences", limit))
    if "seed" in wanted:
        sources.append(_seed())
    if "dev" in wanted:
        sources.append(_jsonl(SHARED / "data" / "dev" / "gold.jsonl", "dev", limit))
    if "voa" in wanted:
        sources.append(_jsonl(SHARED / "data" / "voa" / "stories.jsonl", "voa", limit))
    return [item for source in sources for item in source]


def golden_lines(pipeline: Pipeline, items: list[tuple[str, Document]]) -> list[str]:
    """One JSON line per document (``{"set", "id", "analysis"}``, keys sorted), no newline."""
    docs = [doc for _, doc in items]
    return [
        json.dumps(
            {"set": name, "id": doc.id, "analysis": analysis.model_dump(mode="json")},
            sort_keys=True,
            ensure_ascii=False,
        )
        for (name, _), (doc, analysis) in zip(items, pipeline.analyze_many(docs), strict=True)
    ]


def golden_diff(expected: list[str], actual: list[str], *, context: int = 3) -> str:
    """A readable diff of two golden outputs: each changed document's analysis, indented."""

    def by_doc(lines: list[str]) -> dict[tuple[str, str], list[str]]:
        out: dict[tuple[str, str], list[str]] = {}
        for line in lines:
            record = json.loads(line)
            pretty = json.dumps(record["analysis"], indent=1, sort_keys=True, ensure_ascii=False)
            out[(record["set"], record["id"])] = pretty.splitlines()
        return out

    old, new = by_doc(expected), by_doc(actual)
    parts: list[str] = []
    for key in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(key, []), new.get(key, [])
        if a != b:
            label = "/".join(key)
            diff = difflib.unified_diff(
                a, b, f"golden {label}", f"now {label}", n=context, lineterm=""
            )
            parts.append("\n".join(diff))
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("-o", "--output", type=Path, help="write the output of --sets here")
    mode.add_argument(
        "--update", action="store_true", help=f"rewrite {GOLDEN_FILE.relative_to(ROOT)}"
    )
    mode.add_argument(
        "--check", action="store_true", help=f"compare with {GOLDEN_FILE.relative_to(ROOT)}"
    )
    ap.add_argument("--limit", type=int, default=None, help="records per set")
    ap.add_argument(
        "--sets",
        default="example,seed,dev,voa",
        help="comma-separated: example,sentences,seed,dev,voa (with -o)",
    )
    args = ap.parse_args(argv)
    if args.output is None:
        # The checked-in file: the shipped knowledge base only, as under pytest (conftest.py).
        os.environ["SITROOM_ACTORS"] = str(Path(tempfile.mkdtemp()) / "actors.yaml")
        items = documents(GOLDEN_SETS)
    else:
        items = documents(args.sets.split(","), args.limit)
    lines = golden_lines(Pipeline(), items)
    if args.check:
        expected = GOLDEN_FILE.read_text(encoding="utf-8").splitlines()
        if expected != lines:
            print(golden_diff(expected, lines), file=sys.stderr)
            return 1
        print(f"{len(lines)} documents as in {GOLDEN_FILE}", file=sys.stderr)
        return 0
    target = GOLDEN_FILE if args.update else args.output
    target.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} documents -> {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

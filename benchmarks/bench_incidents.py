"""Cost of the document-level stages (article anatomy, incidents) against the whole extraction.

    PYTHONPATH=src python benchmarks/bench_incidents.py [--voa ../shared/data/voa] [--limit N]
        [--long 100000]

Runs the full pipeline (spaCy and every rule stage, one process) over the VOA stories and times,
inside it, the anatomy stage (reading the anatomy, filtering places and actors) and the
incidents stage. Prints both times, the extraction time and their ratio (goal: <= 0.10).
``--long N`` also runs one generated article of N words (repeated paragraphs with a dateline,
credits and no punctuation in half of them) through the pipeline and prints its time per word
next to the stories' (linear time: the two are of the same order).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

TIMES: dict[str, float] = defaultdict(float)


def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kw: Any) -> Any:
        started = time.perf_counter()
        try:
            return fn(*args, **kw)
        finally:
            TIMES[name] += time.perf_counter() - started

    return run


def instrument(pipeline: Any) -> None:
    import sitroom.pipeline as module

    for name in ("read_anatomy", "places_outside", "drop_actors"):
        setattr(module, name, timed("anatomy", getattr(module, name)))
    pipeline.incidents.resolve = timed("incidents", pipeline.incidents.resolve)


def long_article(words: int) -> str:
    paragraph = (
        "KABUL, Afghanistan (AP) — Gunmen attacked a police post in Kandahar on Monday, "
        "killing four officers. The Taliban claimed the attack. "
        "Jane Doe contributed to this report.\n"
        "police said the attackers fled toward the border and the army sent troops to the area "
        "where residents said the fighting went on for hours\n"
    )
    n = max(1, words // len(paragraph.split()))
    return paragraph * n


def run(texts: list[tuple[str, str, dt.date | None]]) -> tuple[float, int]:
    from sitroom.models import Document
    from sitroom.pipeline import default_pipeline

    pipeline = default_pipeline()
    docs = [Document(id=i, text=t, published=p) for i, t, p in texts]
    started = time.perf_counter()
    for _ in pipeline.analyze_many(docs):
        pass
    return time.perf_counter() - started, sum(len(t.split()) for _, t, _ in texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voa", type=Path, default=Path("../shared/data/voa"))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--long", type=int, default=0, help="words of a generated long article")
    args = parser.parse_args()

    from sitroom.pipeline import default_pipeline

    instrument(default_pipeline())
    stories = []
    with (args.voa / "stories.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            published = dt.date.fromisoformat(rec["published"][:10])
            stories.append((rec["id"], rec["text"], published))
    stories = stories[: args.limit] if args.limit else stories
    run(stories[:2])  # warm up: models, caches
    TIMES.clear()
    total, words = run(stories)
    own = TIMES["anatomy"] + TIMES["incidents"]
    print(f"{len(stories)} stories, {words} words: extraction {total:.2f} s")
    print(f"  anatomy   {TIMES['anatomy']:.3f} s")
    print(f"  incidents {TIMES['incidents']:.3f} s")
    print(f"  ratio of the two stages to extraction: {own / total:.3f} (goal <= 0.10)")
    if args.long:
        TIMES.clear()
        text = long_article(args.long)
        long_total, long_words = run([("long", text, dt.date(2023, 3, 15))])
        print(f"long article, {long_words} words: extraction {long_total:.1f} s")
        print(f"  anatomy {TIMES['anatomy']:.3f} s, incidents {TIMES['incidents']:.3f} s")
        print(
            f"  ms per 1000 words: long {1000 * long_total / long_words * 1000:.0f}, "
            f"stories {1000 * total / words * 1000:.0f}"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()

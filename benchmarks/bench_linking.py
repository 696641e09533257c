"""Benchmark of fuzzy actor linking: full scan against the trigram candidate index.

    PYTHONPATH=src python benchmarks/bench_linking.py [--stories ../shared/data/voa/stories.jsonl]
        [--names names.txt] [--repeat 3]

The names are the ORG, PERSON and NORP entities that the project's annotator finds in the VOA
stories (public domain, voanews.com / Voice of America), or the lines of ``--names``. Only the
names that reach the fuzzy step are timed (no exact, normalized or convention match). Each is
looked up, unmemoized, the way the linker does (``best``: one result) and the way the CLI does
(five results), with the full scan (``ActorKB._fuzzy(..., exhaustive=True)``, what every miss
cost before the index) and with the index; the answers of the two are compared.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_STORIES = ROOT.parent / "shared" / "data" / "voa" / "stories.jsonl"


def story_names(path: Path) -> list[str]:
    from sitroom.actors import clean_name
    from sitroom.nlp import Annotator

    annotator = Annotator()
    names: dict[str, None] = {}
    with path.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    for doc in annotator.annotate_many(texts):
        for ent in doc.entities:
            if ent.label in ("ORG", "PERSON", "NORP"):
                name = clean_name(ent.text)
                if len(name) >= 2:
                    names.setdefault(name, None)
    return list(names)


def _timed(fn: object, names: list[str], repeat: int) -> tuple[list[float], list[object]]:
    per_name: list[float] = []
    answers: list[object] = []
    for name in names:
        best = float("inf")
        answer: object = None
        for _ in range(repeat):
            started = time.perf_counter()
            answer = fn(name)  # type: ignore[operator]
            best = min(best, time.perf_counter() - started)
        per_name.append(best * 1000)
        answers.append(answer)
    return per_name, answers


LINK_SCORE = 0.88


def _links(matches: object) -> list[tuple[str, float]]:
    return [m for m in matches if m[1] >= LINK_SCORE]  # type: ignore[attr-defined]


def _summary(label: str, ms: list[float]) -> str:
    ordered = sorted(ms)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return (
        f"{label:<28} median {statistics.median(ms):7.3f} ms  mean {statistics.mean(ms):7.3f} ms"
        f"  p95 {p95:7.3f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=Path, default=DEFAULT_STORIES)
    parser.add_argument("--names", type=Path, help="one name per line instead of the stories")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--verbose", action="store_true", help="list every answer that differs")
    parser.add_argument("--save-names", type=Path, help="write the names used, one a line")
    args = parser.parse_args(argv)

    from sitroom.kb import ActorKB

    if args.names:
        names = [n.strip() for n in args.names.read_text(encoding="utf-8").splitlines()]
        names = [n for n in names if n]
    elif args.stories.is_file():
        names = story_names(args.stories)
    else:
        print(f"no names: {args.stories} missing and no --names given", file=sys.stderr)
        return 1

    if args.save_names:
        args.save_names.write_text("".join(f"{n}\n" for n in names), encoding="utf-8")
    started = time.perf_counter()
    kb = ActorKB.load()
    load_s = time.perf_counter() - started
    fuzzy_names = [
        n
        for n in names
        if not kb._direct(" ".join(n.split()), None) and kb._conventions(n, None) is None
    ]
    # Build the exhaustive choice list once, as a long-running process would have it.
    kb._fuzzy_choices(None, False)
    kb._fuzzy_choices(None, True)
    kb._fuzzy_mask(None, True)
    print(f"KB load {load_s:.2f} s; {len(names)} distinct names, {len(fuzzy_names)} reach fuzzy")

    def ident(matches: list[object]) -> list[tuple[str, float]]:
        return [(m.entry.id, m.score) for m in matches]  # type: ignore[attr-defined]

    for limit in (1, 5):
        scan_ms, scan = _timed(
            lambda n, k=limit: ident(kb._fuzzy(n, None, k, exhaustive=True)),
            fuzzy_names,
            args.repeat,
        )
        index_ms, index = _timed(
            lambda n, k=limit: ident(kb._fuzzy(n, None, k)), fuzzy_names, args.repeat
        )
        same = sum(a == b for a, b in zip(scan, index, strict=True))
        print(_summary(f"full scan, limit {limit}", scan_ms))
        print(_summary(f"trigram index, limit {limit}", index_ms))
        print(f"  identical answers: {same}/{len(fuzzy_names)}")
        # What the linker uses: the matches good enough to link (ActorKB.best's 0.88).
        links_differ = [
            (name, _links(a), _links(b))
            for name, a, b in zip(fuzzy_names, scan, index, strict=True)
            if _links(a) != _links(b)
        ]
        print(
            f"  identical links (score >= {LINK_SCORE}): "
            f"{len(fuzzy_names) - len(links_differ)}/{len(fuzzy_names)}"
        )
        for name, a, b in links_differ:
            print(f"  link differs: {name!r}: scan {a} / index {b}")
        if args.verbose:
            for name, a, b in zip(fuzzy_names, scan, index, strict=True):
                if a != b:
                    print(f"  differs: {name!r}: scan {a} / index {b}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Measure the places stage against a gold file (the dev set: ``gold.jsonl``).

For each record: annotate the text, resolve its places, ``locate()`` the first sentence (a
stand-in for the first event), and compare with the gold country, admin1 and coordinates.

    PYTHONPATH=src python benchmarks/eval_places.py ../shared/data/dev/gold.jsonl [--misses N]

Annotated documents are cached in /tmp (keyed by the file's content hash) so reruns are fast.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sitroom.annotation import AnnotatedDoc, Sentence
from sitroom.models import Location
from sitroom.places.geo import haversine_km
from sitroom.places.resolver import Geocoder

TARGET_SOURCES = ("gtd", "acled")


def annotate_all(texts: list[str], cache: Path) -> list[AnnotatedDoc]:
    if cache.exists():
        with cache.open("rb") as handle:
            docs: list[AnnotatedDoc] = pickle.load(handle)
        return docs
    from sitroom.nlp import Annotator

    try:
        annotator = Annotator()
    except Exception:  # the knowledge base may not be there yet: plain model
        annotator = Annotator(patterns=[])
    docs = list(annotator.annotate_many(texts, batch_size=32))
    with cache.open("wb") as handle:
        pickle.dump(docs, handle)
    return docs


def _first_clause(doc: AnnotatedDoc) -> Sentence | None:
    """The first sentence with a verb: GTD summaries open with a bare date ("01/02/2021:") that
    the parser makes a sentence of its own."""
    for sentence in doc.sentences:
        if any(t.pos in ("VERB", "AUX") for t in doc.sentence_tokens(sentence)):
            return sentence
    return doc.sentences[0] if doc.sentences else None


def _same_admin1(gold: str, location: Location, geocoder: Geocoder) -> bool:
    return geocoder.same_admin1(gold, location)


def _gold_country(name: str, geocoder: Geocoder) -> str | None:
    hits = [p for p in geocoder.lookup(name, limit=10) if p.precision == "country"]
    return hits[0].country if hits else None


def evaluate(path: Path, misses: int) -> dict[str, Any]:
    records = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    # The cache is keyed by the gold file and by the code that makes the annotated documents,
    # so a changed AnnotatedDoc never comes back from an old pickle.
    import sitroom.annotation
    import sitroom.nlp

    inputs = hashlib.sha256(path.read_bytes())
    for module in (sitroom.annotation, sitroom.nlp):
        inputs.update(Path(str(module.__file__)).read_bytes())
    digest = inputs.hexdigest()[:12]
    docs = annotate_all([r["text"] for r in records], Path(f"/tmp/sitroom_eval_docs_{digest}.pkl"))
    geocoder = Geocoder.load()
    counts: Counter[str] = Counter()
    miss_kinds: Counter[str] = Counter()
    shown = 0
    started = time.perf_counter()
    for record, doc in zip(records, docs, strict=True):
        gold = record["gold"]
        places = geocoder.resolve(doc)
        first = _first_clause(doc)
        location = geocoder.locate(doc, places, first.start, first.end) if first else None
        group = "target" if record["source"] in TARGET_SOURCES else record["source"]
        for g in (group, "all"):
            counts[f"{g}:n"] += 1
        expected_country = _gold_country(gold["country"], geocoder) if gold["country"] else None
        country_ok = location is not None and location.country == expected_country
        admin1_ok = (
            bool(gold["admin1"])
            and location is not None
            and (_same_admin1(gold["admin1"], location, geocoder))
        )
        near = (
            gold["lat"] is not None
            and location is not None
            and location.lat is not None
            and haversine_km(gold["lat"], gold["lon"], location.lat, location.lon) <= 50
        )
        for g in (group, "all"):
            counts[f"{g}:country"] += country_ok
            counts[f"{g}:admin1_n"] += bool(gold["admin1"])
            counts[f"{g}:admin1"] += admin1_ok
            counts[f"{g}:coords_n"] += gold["lat"] is not None
            counts[f"{g}:coords"] += near
        if not (country_ok and admin1_ok):
            kind = _miss_kind(location, gold, geocoder)
            miss_kinds[kind] += 1
            if shown < misses:
                shown += 1
                got = location.model_dump(exclude_none=True) if location else None
                print(
                    f"[{kind}] {record['id']}: gold={gold['country']}/{gold['admin1']}/"
                    f"{gold['city']} got={got}\n    {record['text'][:220]!r}\n    places="
                    f"{[(p.name, p.precision, p.country, p.admin1) for p in places]}"
                )
    seconds = time.perf_counter() - started
    report: dict[str, Any] = {"records": len(records), "resolve_seconds": round(seconds, 2)}
    for g in ("target", "ucdp", "all"):
        n = counts[f"{g}:n"]
        if not n:
            continue
        report[g] = {
            "n": n,
            "country": round(counts[f"{g}:country"] / n, 3),
            "admin1": round(counts[f"{g}:admin1"] / max(1, counts[f"{g}:admin1_n"]), 3),
            "within_50km": round(counts[f"{g}:coords"] / max(1, counts[f"{g}:coords_n"]), 3),
        }
    report["misses"] = dict(miss_kinds)
    return report


def _miss_kind(location: Location | None, gold: dict[str, Any], geocoder: Geocoder) -> str:
    """not found (no location at all), wrong candidate (the gold city or admin1 is in the
    gazetteer under its gold name), or not in gazetteer."""
    if location is None:
        return "not_found"
    for name in (gold.get("city"), gold.get("admin1")):
        if name and geocoder.lookup(name, limit=1):
            return "wrong_candidate"
    return "not_in_gazetteer"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("gold", type=Path)
    parser.add_argument("--misses", type=int, default=0, help="print this many misses")
    args = parser.parse_args(argv)
    print(json.dumps(evaluate(args.gold, args.misses), indent=2))


if __name__ == "__main__":
    main()

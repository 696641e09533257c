"""Check the held-out toponym gold (toponyms/<id>.json) against stories.jsonl and the VOA
TOPONYM_GUIDELINES.md.

Plain python3, no sitroom import: python3 tests/data/heldout_news/check_toponyms.py
"""

import collections
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
KINDS = {"literal", "metonymic", "demonym"}
FEATURES = {"country", "admin1", "admin2", "city", "feature"}
KEYS = {"start", "end", "text", "kind", "name", "feature", "country", "admin1", "lat", "lon"}


def main():
    stories = {}
    for line in (HERE / "stories.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            stories[d["id"]] = d["text"]
    errors = []
    kinds = collections.Counter()
    features = collections.Counter()
    files = sorted((HERE / "toponyms").glob("*.json"))
    for path in files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        sid = gold.get("id")
        where = path.name
        if sid != path.stem or sid not in stories:
            errors.append(f"{where}: id {sid!r} does not match the file name or a story")
            continue
        text = stories[sid]
        if set(gold) != {"id", "toponyms"}:
            errors.append(f"{where}: top-level keys {sorted(gold)}")
        last_end = -1
        for i, t in enumerate(gold["toponyms"]):
            w = f"{where}[{i}]"
            if set(t) != KEYS:
                errors.append(f"{w}: keys {sorted(t)}")
                continue
            s, e = t["start"], t["end"]
            if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
                errors.append(f"{w}: bad offsets {s}-{e}")
                continue
            if text[s:e] != t["text"]:
                errors.append(f"{w}: text[{s}:{e}]={text[s:e]!r} != {t['text']!r}")
            if s < last_end:
                errors.append(f"{w}: overlaps or is out of order")
            last_end = e
            if (s > 0 and re.match(r"\w", text[s - 1])) or (
                e < len(text) and re.match(r"\w", text[e])
            ):
                errors.append(f"{w}: {t['text']!r} is not on word boundaries")
            if t["kind"] not in KINDS:
                errors.append(f"{w}: kind {t['kind']!r}")
            if t["feature"] not in FEATURES:
                errors.append(f"{w}: feature {t['feature']!r}")
            cc = t["country"]
            if cc is not None and not (isinstance(cc, str) and re.fullmatch(r"[A-Z]{3}", cc)):
                errors.append(f"{w}: country {cc!r} is not ISO3")
            if t["feature"] == "country" and (cc is None or t["admin1"] is not None):
                errors.append(f"{w}: a country needs an ISO3 code and admin1 null")
            if t["feature"] in ("admin1", "admin2", "city") and (cc is None or not t["admin1"]):
                errors.append(f"{w}: {t['feature']} needs country and admin1")
            if not isinstance(t["name"], str) or not t["name"]:
                errors.append(f"{w}: empty name")
            lat, lon = t["lat"], t["lon"]
            if (lat is None) != (lon is None):
                errors.append(f"{w}: lat/lon must both be null or both set")
            elif lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
                errors.append(f"{w}: lat/lon out of range")
            kinds[t["kind"]] += 1
            features[t["feature"]] += 1
    missing = sorted(set(stories) - {p.stem for p in files})
    total = sum(kinds.values())
    print(f"{len(files)} files, {total} toponyms; kinds {dict(kinds)}; features {dict(features)}")
    if missing:
        print("stories without toponym gold:", ", ".join(missing))
    for err in errors:
        print("ERROR", err)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

"""Fit the two small models of the places stage on toponym gold, and report how they do on
stories they were not fitted on: the metonymy model (``src/sitroom/places/metonymy.json``) and
the weights of the candidate evidence used to choose among namesakes
(``src/sitroom/places/resolution.json``).

The gold folder holds ``stories.jsonl`` and ``toponyms/<id>.json`` (the VOA development set).
Stories are sorted by id and split in two halves by position (even: fit, odd: held out). Each
literal or metonymic gold mention gives one example: the syntactic features of
:func:`sitroom.places.kinds.mention_features` and whether it is metonymic. A logistic
regression with an L2 penalty is fitted by gradient descent (numpy), on the fitting half only;
the figures of both halves are printed and stored with the weights.

Resolution: for every gold literal mention that the resolver found with two or more
candidates, one of them right (within 161 km of the gold point; a country for a gold country),
the evidence of each candidate (:func:`sitroom.places.scoring.score_features`) is recorded, and a
conditional logit (softmax over the candidates) is fitted on the fitting half, with an L2
penalty that pulls each weight towards its current value: the development stories hold few
villages and hierarchies, so the evidence they do not exercise keeps its weight.

    python scripts/fit_place_models.py ../shared/data/voa [--write-resolution]

Parses are cached in ``$SITROOM_CACHE_DIR`` (or /tmp), keyed by the texts and the parser code.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import sys
from pathlib import Path
from typing import Any

import numpy as np

from sitroom.annotation import AnnotatedDoc
from sitroom.evaluate.toponyms import either_reading, read_stories
from sitroom.places.kinds import mention_features

ROOT = Path(__file__).resolve().parents[1]


def annotate(stories: list[dict[str, Any]]) -> list[AnnotatedDoc]:
    import sitroom.annotation
    import sitroom.nlp

    digest = hashlib.sha256()
    for story in stories:
        digest.update(story["text"].encode())
    for module in (sitroom.annotation, sitroom.nlp):
        digest.update(Path(str(module.__file__)).read_bytes())
    cache_dir = Path(os.environ.get("SITROOM_CACHE_DIR", "/tmp"))
    cache = cache_dir / f"toponym-parses-{digest.hexdigest()[:12]}.pkl"
    if cache.exists():
        docs: list[AnnotatedDoc] = pickle.loads(cache.read_bytes())
        return docs
    from sitroom.nlp import Annotator

    docs = list(Annotator().annotate_many([s["text"] for s in stories], batch_size=8))
    cache_dir.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(docs))
    return docs


def examples(
    stories: list[dict[str, Any]], docs: list[AnnotatedDoc]
) -> list[tuple[int, list[str], int]]:
    """(story index, features, 1 if metonymic) for every literal or metonymic gold mention."""
    out = []
    for n, (story, doc) in enumerate(zip(stories, docs, strict=True)):
        for gold in story["toponyms"]:
            if gold["kind"] not in ("literal", "metonymic") or either_reading(story["text"], gold):
                continue
            features = mention_features(doc, gold["start"], gold["end"], gold["feature"])
            out.append((n, features, int(gold["kind"] == "metonymic")))
    return out


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 3000) -> tuple[np.ndarray, float]:
    w = np.zeros(x.shape[1])
    b = 0.0
    rate = 0.5
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        grad_w = x.T @ (p - y) / len(y) + l2 * w
        grad_b = float(np.mean(p - y))
        w -= rate * grad_w
        b -= rate * grad_b
    return w, b


def literal_f1(x: np.ndarray, y: np.ndarray, w: np.ndarray, b: float, threshold: float) -> float:
    literal = (1 / (1 + np.exp(-(x @ w + b)))) < threshold
    truth = ~y.astype(bool)
    tp = float(np.sum(literal & truth))
    return 2 * tp / max(1.0, float(np.sum(literal) + np.sum(truth)))


def figures(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, b: float, threshold: float
) -> dict[str, float]:
    predicted = (1 / (1 + np.exp(-(x @ w + b)))) >= threshold
    truth = y.astype(bool)
    tp = int(np.sum(predicted & truth))
    return {
        "n": len(y),
        "accuracy": round(float(np.mean(predicted == truth)), 3),
        "metonymic_precision": round(tp / max(1, int(np.sum(predicted))), 3),
        "metonymic_recall": round(tp / max(1, int(np.sum(truth))), 3),
        "literal_recall": round(int(np.sum(~predicted & ~truth)) / max(1, int(np.sum(~truth))), 3),
    }


def _distance(gold: dict[str, Any], entry: Any) -> float:
    """How far a candidate is from the gold place; a gold country wants that country."""
    from sitroom.places.gazetteer import COUNTRY
    from sitroom.places.geo import haversine_km

    if gold["feature"] == "country":
        right = entry.kind == COUNTRY and entry.country == gold["country"]
        return 0.0 if right else float("inf")
    return haversine_km(gold["lat"], gold["lon"], entry.lat, entry.lon)


def resolution_examples(
    stories: list[dict[str, Any]], docs: list[AnnotatedDoc]
) -> list[tuple[int, list[list[tuple[str, float]]], int]]:
    """(story index, evidence of each candidate, index of the right candidate)."""
    from sitroom.places import default_geocoder

    geocoder = default_geocoder()
    out = []
    for n, (story, doc) in enumerate(zip(stories, docs, strict=True)):
        geocoder.trace = {}
        geocoder.resolve(doc)
        trace, geocoder.trace = geocoder.trace, None
        for gold in story["toponyms"]:
            if gold["kind"] != "literal" or gold.get("lat") is None:
                continue
            key = next((k for k in trace if k[0] < gold["end"] and gold["start"] < k[1]), None)
            if key is None or len(trace[key]) < 2:
                continue
            candidates = trace[key]

            distances = [_distance(gold, entry) for entry, _ in candidates]
            best = min(range(len(candidates)), key=lambda i: distances[i])
            if distances[best] <= 161:
                out.append((n, [features for _, features in candidates], best))
    return out


def fit_resolution(
    rows: list[tuple[int, list[list[tuple[str, float]]], int]],
    names: tuple[str, ...],
    prior: dict[str, float],
    l2: float,
    steps: int = 2000,
) -> np.ndarray:
    index = {f: i for i, f in enumerate(names)}
    mats = []
    for _, candidates, _ in rows:
        m = np.zeros((len(candidates), len(names)))
        for c, features in enumerate(candidates):
            for f, v in features:
                m[c, index[f]] += v
        mats.append(m)
    w0 = np.array([prior[f] for f in names])
    w = w0.copy()
    rate = 0.05
    for _ in range(steps):
        grad = l2 * (w - w0)
        for m, (_, _, right) in zip(mats, rows, strict=True):
            z = m @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            grad -= (m[right] - p @ m) / len(rows)
        w -= rate * grad
    return w


def resolution_accuracy(
    rows: list[tuple[int, list[list[tuple[str, float]]], int]], weights: dict[str, float]
) -> dict[str, float]:
    right = 0
    for _, candidates, best in rows:
        scores = [sum(weights[f] * v for f, v in features) for features in candidates]
        right += int(max(range(len(scores)), key=lambda i: scores[i]) == best)
    return {"n": len(rows), "top1": round(right / max(1, len(rows)), 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path, help="folder with stories.jsonl and toponyms/")
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "src/sitroom/places/metonymy.json")
    ap.add_argument("--l2", type=float, default=0.003)
    ap.add_argument("--resolution-l2", type=float, default=0.05)
    ap.add_argument(
        "--write-resolution",
        action="store_true",
        help="write the fitted resolution weights (else only report them)",
    )
    args = ap.parse_args(argv)
    stories = sorted(read_stories(args.gold), key=lambda s: str(s["id"]))
    docs = annotate(stories)
    rows = examples(stories, docs)
    names = sorted({f for _, features, _ in rows for f in features})
    index = {f: i for i, f in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for r, (_, features, _) in enumerate(rows):
        for f in features:
            x[r, index[f]] = 1.0
    y = np.array([label for _, _, label in rows], dtype=float)
    train = np.array([n % 2 == 0 for n, _, _ in rows])
    w, b = fit(x[train], y[train], args.l2)
    # A literal name read as metonymic is lost from the map, a metonymic one read as literal
    # is a false point: the threshold that balances both (the F1 of the literal class) on the
    # fitting half.
    grid = [round(t, 2) for t in np.arange(0.3, 0.86, 0.05)]
    threshold = max(grid, key=lambda t: literal_f1(x[train], y[train], w, b, t))
    report = {
        "fitted_on": f"{args.gold.name}: {len(stories[::2])} stories (even positions by id)",
        "fit_half": figures(x[train], y[train], w, b, threshold),
        "held_out_half": figures(x[~train], y[~train], w, b, threshold),
    }
    print(json.dumps(report, indent=2))
    model = {
        "about": "Metonymy model of sitroom.places.kinds, fitted by scripts/fit_place_models.py",
        **report,
        "bias": round(b, 4),
        "threshold": threshold,
        "weights": {f: round(float(w[i]), 4) for f, i in index.items() if abs(w[i]) >= 1e-3},
    }
    args.output.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(model['weights'])} weights -> {args.output}", file=sys.stderr)

    from sitroom.places.scoring import RESOLUTION_FEATURES, resolution_weights

    prior = dict(resolution_weights())
    found = resolution_examples(stories, docs)
    fit_rows = [r for r in found if r[0] % 2 == 0]
    held_rows = [r for r in found if r[0] % 2 == 1]
    w = fit_resolution(fit_rows, RESOLUTION_FEATURES, prior, args.resolution_l2)
    fitted = {f: round(float(w[i]), 3) for i, f in enumerate(RESOLUTION_FEATURES)}
    resolution = {
        "about": "Weights of sitroom.places.scoring.score_features, fitted by "
        "scripts/fit_place_models.py (conditional logit, L2 towards the previous weights)",
        "fitted_on": report["fitted_on"],
        "before": {
            "fit_half": resolution_accuracy(fit_rows, prior),
            "held_out_half": resolution_accuracy(held_rows, prior),
        },
        "after": {
            "fit_half": resolution_accuracy(fit_rows, fitted),
            "held_out_half": resolution_accuracy(held_rows, fitted),
        },
        "weights": fitted,
    }
    from sitroom.places.scoring import abstention_rule

    rule = abstention_rule()
    resolution["abstention"] = {
        "min_odds": rule.min_odds,
        "support": sorted(rule.support),
    }  # not fitted here: kept as it is
    print(json.dumps({k: v for k, v in resolution.items() if k != "about"}, indent=1))
    if args.write_resolution:
        path = ROOT / "src/sitroom/places/resolution.json"
        path.write_text(json.dumps(resolution, indent=1) + "\n", encoding="utf-8")
        print(f"resolution weights -> {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

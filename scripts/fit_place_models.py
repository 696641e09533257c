"""Fit the two small models of the places stage on toponym gold, and report how they do on
stories they were not fitted on: the metonymy model (``src/sitroom/places/metonymy.json``) and
the weights of the candidate evidence used to choose among namesakes
(``src/sitroom/places/resolution.json``).

The gold folder holds ``stories.jsonl`` and ``toponyms/<id>.json`` (the VOA development set).
Stories are sorted by id and split in two halves by position (even: fit, odd: held out). Each
literal or metonymic gold mention gives one example: the syntactic features of
:func:`sitroom.places.kinds.mention_features` and whether it is metonymic. The weights decide
only the mentions whose written form leaves the reading open
(:func:`sitroom.places.output.reading_by_form`: "Iran-backed", "Kabul-bound", "in Kharkiv",
"Beijing denied", "Kenya's north" are settled), so they are fitted on those alone. A logistic
regression with an L2 penalty is fitted by gradient descent (numpy), on the fitting half only;
the penalty is chosen by cross-validation over the fitting half's stories (out-of-fold
log-loss), and the threshold is the logistic's own 0.5. The figures of both halves (of the
whole decision, and of the open mentions alone) are printed and stored with the weights.

Resolution: for every gold literal mention that the resolver found with two or more
candidates, one of them right (within 161 km of the gold point; a country for a gold country),
the evidence of each candidate (:func:`sitroom.places.scoring.score_features`) is recorded, and a
conditional logit (softmax over the candidates) is fitted on the fitting half, with an L2
penalty that pulls each weight towards its current value: the development stories hold few
villages and hierarchies, so the evidence they do not exercise keeps its weight.

    python scripts/fit_place_models.py ../shared/data/voa [--write-metonymy] [--write-resolution]

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
) -> list[tuple[int, list[str], int, bool | None]]:
    """(story index, features, 1 if metonymic, the reading the written form settles or None)
    for every literal or metonymic gold mention."""
    from sitroom.places.output import reading_by_form

    out = []
    for n, (story, doc) in enumerate(zip(stories, docs, strict=True)):
        for gold in story["toponyms"]:
            if gold["kind"] not in ("literal", "metonymic") or either_reading(story["text"], gold):
                continue
            start, end = gold["start"], gold["end"]
            features = mention_features(doc, start, end, gold["feature"])
            settled = reading_by_form(doc, start, end, features)
            out.append((n, features, int(gold["kind"] == "metonymic"), settled))
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


def decisions(
    x: np.ndarray, settled: np.ndarray, w: np.ndarray, b: float, threshold: float
) -> np.ndarray:
    """Metonymic or not for each row: the written form where it settles the reading
    (``settled``: 1 metonymic, 0 literal, -1 left to the weights), else the weights."""
    by_weights = (1 / (1 + np.exp(-(x @ w + b)))) >= threshold
    return np.where(settled >= 0, settled == 1, by_weights)


def literal_f1(predicted: np.ndarray, y: np.ndarray) -> float:
    literal, truth = ~predicted, ~y.astype(bool)
    tp = float(np.sum(literal & truth))
    return 2 * tp / max(1.0, float(np.sum(literal) + np.sum(truth)))


def figures(predicted: np.ndarray, y: np.ndarray) -> dict[str, float]:
    truth = y.astype(bool)
    tp = int(np.sum(predicted & truth))
    return {
        "n": len(y),
        "accuracy": round(float(np.mean(predicted == truth)), 3),
        "literal_f1": round(literal_f1(predicted, y), 3),
        "metonymic_precision": round(tp / max(1, int(np.sum(predicted))), 3),
        "metonymic_recall": round(tp / max(1, int(np.sum(truth))), 3),
        "literal_recall": round(int(np.sum(~predicted & ~truth)) / max(1, int(np.sum(~truth))), 3),
    }


L2_GRID = (0.001, 0.003, 0.01, 0.03, 0.1)
FOLDS = 5


def choose_penalty(
    x: np.ndarray, y: np.ndarray, open_rows: np.ndarray, story: np.ndarray
) -> tuple[float, float]:
    """(L2 penalty, out-of-fold log-loss) chosen by cross-validation over the stories of the
    fitting half: each fold's open mentions are predicted by weights fitted on the other
    folds, and the penalty whose probabilities fit the held-out folds best (log-loss, a proper
    score) wins. The threshold is not tuned: a name is metonymic when the weights make that
    the likelier reading (0.5); a threshold chosen on 29 stories does not carry over."""
    ids = sorted(set(story.tolist()))
    fold_of = {s: i % FOLDS for i, s in enumerate(ids)}
    fold = np.array([fold_of[s] for s in story.tolist()])
    best = (L2_GRID[0], float("inf"))
    for l2 in L2_GRID:
        loss = 0.0
        for k in range(FOLDS):
            w, b = fit(x[(fold != k) & open_rows], y[(fold != k) & open_rows], l2)
            test = (fold == k) & open_rows
            p = np.clip(1 / (1 + np.exp(-(x[test] @ w + b))), 1e-6, 1 - 1e-6)
            loss -= float(np.sum(y[test] * np.log(p) + (1 - y[test]) * np.log(1 - p)))
        loss /= max(1, int(np.sum(open_rows)))
        if loss < best[1] - 1e-9:
            best = (l2, loss)
    return best


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
    ap.add_argument(
        "--write-metonymy",
        action="store_true",
        help="write the fitted metonymy model to --output (else only report it)",
    )
    ap.add_argument(
        "--l2", type=float, default=None, help="L2 penalty (default: chosen by cross-validation)"
    )
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
    names = sorted({f for _, features, _, _ in rows for f in features})
    index = {f: i for i, f in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for r, (_, features, _, _) in enumerate(rows):
        for f in features:
            x[r, index[f]] = 1.0
    y = np.array([label for _, _, label, _ in rows], dtype=float)
    settled = np.array([-1 if s is None else int(s) for _, _, _, s in rows])
    story = np.array([n for n, _, _, _ in rows])
    train = story % 2 == 0
    # The weights decide only the names whose written form leaves the reading open
    # (output.reading_by_form): they are fitted on those alone.
    threshold = 0.5
    if args.l2 is None:
        l2, cv_loss = choose_penalty(x[train], y[train], settled[train] < 0, story[train])
    else:
        l2, cv_loss = args.l2, float("nan")
    open_rows = train & (settled < 0)
    w, b = fit(x[open_rows], y[open_rows], l2)
    report = {
        "fitted_on": f"{args.gold.name}: {len(stories[::2])} stories (even positions by id), "
        f"{int(np.sum(open_rows))} mentions whose form leaves the reading open",
        "l2": l2,
        "cross_validated_log_loss": round(cv_loss, 3),
        "fit_half": figures(decisions(x[train], settled[train], w, b, threshold), y[train]),
        "held_out_half": figures(decisions(x[~train], settled[~train], w, b, threshold), y[~train]),
        "held_out_open": figures(
            decisions(x[~train & (settled < 0)], settled[~train & (settled < 0)], w, b, threshold),
            y[~train & (settled < 0)],
        ),
    }
    print(json.dumps(report, indent=2))
    model = {
        "about": "Metonymy model of sitroom.places.kinds, fitted by scripts/fit_place_models.py",
        **report,
        "bias": round(b, 4),
        "threshold": threshold,
        "weights": {f: round(float(w[i]), 4) for f, i in index.items() if abs(w[i]) >= 1e-3},
    }
    if args.write_metonymy:
        text = json.dumps(model, indent=1, sort_keys=True) + "\n"
        args.output.write_text(text, encoding="utf-8")
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

"""Candidate generation for fuzzy name matching: a character-trigram index over a list of keys
(the actor KB's normalized names; the place names of one country).

A full scan scores a name against every key (about 36,000 in the KB, tens of milliseconds).
The index instead counts, with one ``numpy.bincount`` over the posting lists of the name's
trigrams, how many trigrams each key shares with the name, and hands a few dozen keys to
rapidfuzz: those sharing the most trigrams (keys that contain the name, which ``WRatio``
rewards), those with the highest Dice coefficient of the two trigram sets (keys of about the
name's length, which ``ratio`` and ``token_sort_ratio`` reward) and those most contained in
the name (keys inside a longer name, which ``WRatio``'s partial ratios reward).
``tests/test_kb.py``, ``benchmarks/bench_linking.py`` and ``tests/test_places.py`` compare the
answers with the full scan's.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["TrigramIndex", "trigrams"]

# Candidates handed to rapidfuzz per lookup: by shared-trigram count, by Dice coefficient, and
# by the share of the key's own trigrams found in the name (keys inside a longer name).
BY_COUNT = 32
BY_DICE = 24
BY_CONTAINED = 16


def trigrams(key: str) -> set[str]:
    """The character trigrams of a key padded with spaces (word starts and ends count)."""
    padded = f" {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class TrigramIndex:
    """Posting lists of trigrams over a fixed list of keys (positions index ``keys``)."""

    def __init__(self, keys: Sequence[str]) -> None:
        postings: dict[str, list[int]] = {}
        sizes = np.zeros(len(keys), dtype=np.int32)
        for pos, key in enumerate(keys):
            grams = trigrams(key)
            sizes[pos] = len(grams)
            for gram in grams:
                postings.setdefault(gram, []).append(pos)
        self.size = len(keys)
        self.sizes = sizes
        # One flat array and (start, stop) per trigram: a few objects to pickle, not 20,000.
        self.spans: dict[str, tuple[int, int]] = {}
        flat: list[int] = []
        for gram, positions in postings.items():
            self.spans[gram] = (len(flat), len(flat) + len(positions))
            flat.extend(positions)
        self.flat = np.asarray(flat, dtype=np.int32)

    def candidates(
        self,
        key: str,
        allowed: np.ndarray | None = None,
        by_count: int = BY_COUNT,
        by_dice: int = BY_DICE,
        by_contained: int = BY_CONTAINED,
    ) -> list[int]:
        """Positions of the keys most like ``key``, ascending (so ties keep the scan's order).

        ``allowed`` is a boolean mask over the positions (None: all keys)."""
        grams = trigrams(key)
        spans = [self.spans[g] for g in grams if g in self.spans]
        lists = [self.flat[a:b] for a, b in spans]
        if not lists:
            return []
        counts = np.bincount(np.concatenate(lists), minlength=self.size)
        if allowed is not None:
            counts = np.where(allowed, counts, 0)
        hit = np.flatnonzero(counts)
        if hit.size == 0:
            return []
        shared = counts[hit]
        chosen = set(_top(hit, shared, by_count).tolist())
        dice = (2.0 * shared) / (self.sizes[hit] + len(grams))
        chosen.update(_top(hit, dice, by_dice).tolist())
        contained = shared / self.sizes[hit]
        chosen.update(_top(hit, contained, by_contained).tolist())
        return sorted(chosen)


def _top(positions: np.ndarray, scores: np.ndarray, n: int) -> np.ndarray:
    """The ``n`` positions with the highest scores (ties: the lower position first)."""
    if positions.size <= n:
        return positions
    # Scores differ by at least 1/64 (counts by 1, ratios of trigram counts under 64 by
    # more); a position term far below that breaks ties toward the lower position.
    keyed = scores.astype(np.float64) - positions * 1e-10
    return positions[np.argpartition(-keyed, n - 1)[:n]]

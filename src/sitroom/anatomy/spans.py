"""A set of character spans with logarithmic overlap queries (the anatomy's excluded spans)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class SpanSet:
    """Disjoint, sorted intervals ``[start, end)``: overlapping or touching spans are merged."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        merged: list[list[int]] = []
        for s, e in sorted(x for x in spans if x[1] > x[0]):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def __bool__(self) -> bool:
        return bool(self.starts)

    def __len__(self) -> int:
        return len(self.starts)

    def overlaps(self, start: int, end: int) -> bool:
        """Does ``[start, end)`` share a character with a span? (An empty range: is it inside
        one?)"""
        k = bisect.bisect_right(self.ends, start)  # first interval ending after start
        if k >= len(self.starts):
            return False
        return self.starts[k] < max(end, start + 1)

    def covered(self, start: int, end: int) -> int:
        """How many characters of ``[start, end)`` lie in the spans."""
        k = bisect.bisect_right(self.ends, start)
        total = 0
        while k < len(self.starts) and self.starts[k] < end:
            total += min(end, self.ends[k]) - max(start, self.starts[k])
            k += 1
        return total

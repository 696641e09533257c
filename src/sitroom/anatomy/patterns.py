"""The validating loader of ``patterns.yaml`` (the article-anatomy patterns)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sitroom.rules import load_yaml

KINDS = ("dateline", "byline", "credit_sentences", "wire_credits", "captions")
# the named groups a dateline pattern may use (place is required; byline, a reporter's name
# run into the dateline when paragraphs are joined, is kept apart as the byline)
DATELINE_GROUPS = {"place", "region", "wire", "byline"}


@dataclass(frozen=True)
class Patterns:
    dateline: tuple[re.Pattern[str], ...]
    byline: tuple[re.Pattern[str], ...]
    credit_sentences: tuple[re.Pattern[str], ...]
    wire_credits: tuple[re.Pattern[str], ...]
    captions: tuple[re.Pattern[str], ...]


def parse_patterns(data: Any) -> Patterns:
    """Compile the patterns of a loaded YAML mapping; raises ``ValueError`` with the kind and
    pattern at fault."""
    if not isinstance(data, dict):
        raise ValueError("anatomy patterns: a mapping of kind -> list of regular expressions")
    unknown = set(data) - set(KINDS)
    if unknown:
        raise ValueError(f"anatomy patterns: unknown kinds {sorted(unknown)}; known: {KINDS}")
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    for kind in KINDS:
        items = data.get(kind) or []
        if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
            raise ValueError(f"anatomy patterns: {kind} must be a list of strings")
        out = []
        for source in items:
            try:
                pattern = re.compile(source, re.MULTILINE | re.VERBOSE)
            except re.error as exc:
                raise ValueError(f"anatomy patterns: {kind}: {source!r}: {exc}") from exc
            if pattern.match(""):
                raise ValueError(f"anatomy patterns: {kind}: {source!r} matches empty text")
            if kind == "dateline" and (
                "place" not in pattern.groupindex or set(pattern.groupindex) - DATELINE_GROUPS
            ):
                raise ValueError(f"anatomy patterns: dateline needs groups {DATELINE_GROUPS}")
            out.append(pattern)
        compiled[kind] = tuple(out)
    return Patterns(**compiled)


@functools.cache
def default_patterns() -> Patterns:
    text = (resources.files("sitroom.anatomy") / "patterns.yaml").read_text(encoding="utf-8")
    return parse_patterns(load_yaml(text))

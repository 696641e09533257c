"""The registry of ``sitroom eval`` modes: one :class:`Mode` per kind of gold data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class EvalOptions:
    """What the CLI passes to every mode (a mode ignores what does not apply to it)."""

    limit: int | None = None
    source: str | None = None
    workers: int = 1
    misses: Path | None = None
    progress: Callable[[int], None] | None = None


@dataclass(frozen=True)
class Mode:
    """One kind of gold: how to count its items, score them and lay the scores out.

    ``run(gold, options)`` returns the scores as plain JSON-able data; ``rows(data)`` turns that
    data into a table for the terminal: a title, column names and rows of cells.
    """

    name: str
    help: str
    count: Callable[[Path, EvalOptions], int]
    run: Callable[[Path, EvalOptions], dict[str, Any]]
    rows: Callable[[dict[str, Any]], tuple[str, list[str], list[list[str]]]]


MODES: dict[str, Mode] = {}


def register(mode: Mode) -> Mode:
    if mode.name in MODES:
        raise ValueError(f"eval mode {mode.name!r} is registered twice")
    MODES[mode.name] = mode
    return mode

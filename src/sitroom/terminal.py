"""Terminal output for the command line: tables that fit the terminal, formats for scripts,
progress bars with an ETA, and how chatty to be (``--quiet``/``--verbose``).

Tables never wrap a cell letter by letter: each column has a priority and a minimum width,
the columns that fit the terminal are shown (the others are named on standard error), and
long cells end with an ellipsis. ``wide`` shows every column at full length.
"""

from __future__ import annotations

import csv
import json
import logging
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import IO, Any, Literal

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

# What a column costs beyond its cells: one space of padding either side and a separator.
_COLUMN_OVERHEAD = 3


class Verbosity(StrEnum):
    quiet = "quiet"  # errors only: no progress, no summaries
    normal = "normal"
    verbose = "verbose"  # library log messages at INFO; tracebacks of unexpected failures


@dataclass(frozen=True)
class Column:
    """A table column: ``key`` in the record; lower ``priority`` numbers are kept first."""

    key: str
    header: str = ""
    priority: int = 5
    min_width: int = 6
    justify: Literal["left", "right"] = "left"

    @property
    def title(self) -> str:
        return self.header or self.key


def fit_columns(columns: Sequence[Column], width: int) -> list[Column]:
    """The columns to show in ``width`` characters: by priority while their minimum widths fit,
    in their own order. The first priority column is always kept."""
    budget = width
    chosen: set[str] = set()
    for column in sorted(columns, key=lambda c: c.priority):
        cost = column.min_width + _COLUMN_OVERHEAD
        if chosen and cost > budget:
            continue
        chosen.add(column.key)
        budget -= cost
    return [c for c in columns if c.key in chosen]


def column_widths(natural: Sequence[int], minimum: Sequence[int], available: int) -> list[int]:
    """Widths for columns whose content wants ``natural`` characters in ``available`` in all:
    natural widths if they fit, else the widest columns are cut to a common cap (never below
    their ``minimum``), so short columns (dates, counts) stay whole and long names give way."""
    if sum(natural) <= available:
        return list(natural)

    def widths(cap: int) -> list[int]:
        return [min(n, max(cap, m)) for n, m in zip(natural, minimum, strict=True)]

    low, high = 0, max(natural)
    while low < high:  # the largest cap that fits
        cap = (low + high + 1) // 2
        if sum(widths(cap)) <= available:
            low = cap
        else:
            high = cap - 1
    return widths(low)


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def render_table(
    console: Console,
    err: Console,
    records: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    title: str,
    *,
    wide: bool = False,
) -> None:
    """Print ``records`` as a table that fits ``console``'s width (all columns if ``wide``)."""
    shown = list(columns) if wide else fit_columns(columns, console.width)
    rows = [[escape(cell(record.get(c.key))) for c in shown] for record in records]
    natural = [max([len(c.title), *(len(row[i]) for row in rows)]) for i, c in enumerate(shown)]
    available = console.width - _COLUMN_OVERHEAD * len(shown)
    fitted = natural if wide else column_widths(natural, [c.min_width for c in shown], available)
    table = Table(
        title=f"{title} ({len(records)})",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        expand=False,
        pad_edge=False,
        show_edge=False,
    )
    for column, size in zip(shown, fitted, strict=True):
        table.add_column(
            column.title,
            justify=column.justify,
            no_wrap=True,
            overflow="ellipsis",
            width=max(size, 1),
        )
    for row in rows:
        table.add_row(*row)
    if wide:
        # As wide as the longest row: a pager or a wide terminal shows it whole.
        width = max(console.width, _natural_width(console, table))
        Console(
            file=console.file,
            width=width,
            force_terminal=console.is_terminal,
            color_system=console.color_system,  # type: ignore[arg-type]
        ).print(table, crop=False)
    else:
        console.print(table)
    hidden = [c.title for c in columns if c not in shown]
    if hidden:
        console.file.flush()  # the table first, then the note, when both go to one terminal
        err.print(
            f"[dim]{len(hidden)} column(s) hidden to fit {console.width} characters "
            f"({escape(', '.join(hidden))}): --wide shows them, --format csv|json all fields[/dim]"
        )


def _natural_width(console: Console, table: Table) -> int:
    measured = console.measure(table, options=console.options.update(width=10_000))
    return measured.maximum


def write_records(
    records: Sequence[dict[str, Any]], fmt: str, stream: IO[str], fields: Iterable[str]
) -> None:
    """``records`` as JSON (one array), JSON Lines or CSV (lists and objects as JSON)."""
    if fmt == "json":
        stream.write(json.dumps(list(records), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        names = list(records[0]) if records else list(fields)
        writer = csv.DictWriter(stream, fieldnames=names, extrasaction="ignore")
        writer.writeheader()
        for record in records:
            writer.writerow(
                {
                    k: (json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v)
                    for k, v in record.items()
                }
            )
    else:
        raise ValueError(f"unknown format {fmt!r}")


def progress(console: Console, *, quiet: bool = False) -> Progress:
    """A progress bar on ``console`` with counts, elapsed time and an ETA (once a total is
    known). Disabled when ``quiet`` (Rich also stays silent when the console is no terminal)."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
        disable=quiet,
    )


def configure_logging(verbosity: Verbosity) -> None:
    """Library log messages on standard error: warnings by default, INFO with ``--verbose``,
    errors only with ``--quiet``."""
    level = {
        Verbosity.quiet: logging.ERROR,
        Verbosity.normal: logging.WARNING,
        Verbosity.verbose: logging.INFO,
    }[verbosity]
    root = logging.getLogger("sitroom")
    root.setLevel(level)
    if not any(isinstance(h, _StderrHandler) for h in root.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        root.addHandler(handler)


class _StderrHandler(logging.StreamHandler[IO[str]]):
    """Writes to whatever ``sys.stderr`` is when a message comes (test runners swap it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> IO[str]:
        return sys.stderr

    @stream.setter
    def stream(self, value: IO[str]) -> None:
        pass

"""What every command shares: the Typer app, the consoles, date options, exit codes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress

from sitroom import __version__
from sitroom.terminal import (
    Verbosity,
    configure_logging,
    progress,
)

app = typer.Typer(
    help="sitroom: turn conflict reporting into evidence-linked event data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
actors_app = typer.Typer(help="List stored actors, or look names up in the knowledge base.")
app.add_typer(actors_app, name="actors")


class _UI:
    """The consoles and verbosity of the running command (set again by ``main_callback`` for
    each command, so the terminal width and the streams are read when it runs)."""

    def __init__(self) -> None:
        self.out = Console()
        self.err = Console(stderr=True, soft_wrap=True)  # error lines stay whole (grep-able)
        self.verbosity = Verbosity.normal


ui = _UI()

# Exit codes (docs/cli.md): 0 everything done; 1 done, but some inputs were reported and
# skipped; 2 bad usage (an option, an argument, a missing file or database): nothing done;
# 3 an unexpected failure; 130 interrupted (Ctrl-C), what was committed is kept.
EXIT_PARTIAL = 1
EXIT_USAGE = 2
EXIT_FAILED = 3
EXIT_INTERRUPTED = 130

DEFAULT_DB = "sitroom.db"
DbOption = Annotated[
    str, typer.Option("--db", help="Database URL or SQLite file path.", envvar="SITROOM_DB")
]


class OutFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    json = "json"


class ExtractFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"


def _date_value(value: str, name: str) -> Any:
    from sitroom.ingest import parse_date, parse_date_value

    found = parse_date_value(value)
    if found is None and (day := parse_date(value)) is not None:  # "5 March 2021"
        found = parse_date_value(day.isoformat())
    if found is None:
        raise typer.BadParameter(
            f"{value!r} is not a date: use 2021-10-05, 2025-03-14T07:35:22Z, 2015-10 or 2015",
            param_hint=name,
        )
    return found


def _date_from(value: str | None, name: str = "--from") -> dt.date | None:
    """The first day of the period a date option names (``--from 2015`` is 2015-01-01)."""
    return None if value is None else _date_value(value, name).start


def _date_to(value: str | None, name: str = "--to") -> dt.date | None:
    """The last day of the period (``--to 2015-10`` is 2015-10-31): the precision is kept."""
    return None if value is None else _date_value(value, name).end


def _published(value: str | None, name: str = "--published") -> dt.date | None:
    """A publication date. Documents keep theirs to the day, so a month or a year is taken at
    its first day, and the user is told."""
    if value is None:
        return None
    found = _date_value(value, name)
    if found.precision != "day":
        _info(
            f"{name} {escape(value)} names a {found.precision}; relative dates are resolved "
            f"against its first day, {found.start}"
        )
    return found.start


def _info(message: str) -> None:
    """A progress or summary line on stderr, silenced by --quiet."""
    if ui.verbosity is not Verbosity.quiet:
        ui.err.print(message)


def _version(value: bool) -> None:
    if value:
        from sitroom.places import ATTRIBUTION

        ui.out.print(f"sitroom {__version__}")
        ui.out.print(escape(ATTRIBUTION))
        ui.out.print(
            "Actor and verb dictionaries derived from Phoenix/PETRARCH "
            "(Open Event Data Alliance, MIT licence)."
        )
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the version and data attributions.",
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Errors only: no progress bars or summaries.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="More detail: library messages, tracebacks.")
    ] = False,
) -> None:
    """sitroom reads articles and rebuilds the conflict they describe as data."""
    if quiet and verbose:
        raise typer.BadParameter("--quiet and --verbose exclude each other")
    ui.verbosity = Verbosity.quiet if quiet else Verbosity.verbose if verbose else Verbosity.normal
    ui.out = Console()
    ui.err = Console(stderr=True, soft_wrap=True)
    configure_logging(ui.verbosity)


def _progress() -> Progress:
    return progress(ui.err, quiet=ui.verbosity is Verbosity.quiet)


def _skipped(origin: str, reason: str) -> None:
    ui.err.print(f"[red]skipped[/red] {escape(origin)}: {escape(reason)}")


def _documents(paths: list[str], published: dt.date | None, errors: list[Any]) -> Iterator[Any]:
    from sitroom.ingest import IngestError, iter_documents

    for item in iter_documents(paths, published=published):
        if isinstance(item, IngestError):
            errors.append(item)
            _skipped(item.origin, item.reason)
        else:
            yield item


def _pipeline(actor_files: list[Path] | None) -> Any:
    from sitroom.pipeline import Pipeline, default_pipeline

    return Pipeline(actor_files=actor_files) if actor_files else default_pipeline()


ActorsOption = Annotated[
    list[Path] | None,
    typer.Option("--actors", help="Extra actor file (YAML/JSONL) merged over the shipped base."),
]


DateHelp = "2021-10-05, 2025-03-14T07:35:22Z, 2015-10 or 2015"

"""The ``sitroom`` command line: a thin layer over the library (see ``docs/cli.md``)."""

from __future__ import annotations

import sys

from rich.markup import escape

from sitroom.cli import analyze, query  # noqa: F401  (they register their commands)
from sitroom.cli.analyze import example_article
from sitroom.cli.common import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, app, ui
from sitroom.terminal import Verbosity

__all__ = ["app", "example_article", "main"]


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        ui.err.print("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # a clear message instead of a traceback
        from sitroom.store import StoreError

        if isinstance(exc, StoreError | FileNotFoundError | ValueError):
            ui.err.print(f"[red]error:[/red] {escape(str(exc))}")
            sys.exit(EXIT_USAGE)
        if ui.verbosity is Verbosity.verbose:
            ui.err.print_exception()
        ui.err.print(
            f"[red]error:[/red] unexpected failure ({type(exc).__name__}: {escape(str(exc))}); "
            "rerun with --verbose for the traceback"
        )
        sys.exit(EXIT_FAILED)

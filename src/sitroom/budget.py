"""Per-document isolation: limits checked before analysis, and a time budget during it.

A document that cannot be analyzed raises an :class:`AnalysisError` (a reason a person can
read); batch runs report it for that document and go on with the rest. Nothing here retries a
document: a timeout is an answer, not a hint to try again.

- :func:`check_document`: the text fits the limits (``SITROOM_MAX_CHARS``, default spaCy's
  ``nlp.max_length`` of 1,000,000 characters; ``SITROOM_MAX_BYTES``, default 20 MB) and is valid
  Unicode (a lone surrogate such as ``"\\ud800"`` cannot be stored or printed as UTF-8).
- :class:`Deadline`: the per-document time budget (``SITROOM_TIME_BUDGET`` seconds). In the
  main thread of a process it interrupts a stage that overruns (``SIGALRM``); elsewhere (a web
  server's worker thread) it is checked between stages.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType

from sitroom.models import Document


class AnalysisError(Exception):
    """A document was not analyzed; ``reason`` says why (one line, for reports)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


class DocumentRejected(AnalysisError):
    """The document is outside the limits and was not analyzed."""


class TimeBudgetExceeded(AnalysisError):
    """Analysis of the document took longer than its time budget and was stopped."""


def check_document(document: Document, *, max_chars: int, max_bytes: int) -> None:
    """Raise :class:`DocumentRejected` if ``document`` must not be analyzed."""
    text = document.text
    if len(text) > max_chars:
        raise DocumentRejected(
            f"text is {len(text):,} characters, over the limit of {max_chars:,} "
            "(SITROOM_MAX_CHARS; split the document)"
        )
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise DocumentRejected(
            f"text is not valid Unicode: a lone surrogate at character {exc.start}"
        ) from None
    if size > max_bytes:
        raise DocumentRejected(
            f"text is {size:,} bytes, over the limit of {max_bytes:,} (SITROOM_MAX_BYTES)"
        )


class Deadline:
    """The time left for one document. ``seconds <= 0`` means no limit."""

    def __init__(self, seconds: float, *, spent: float = 0.0) -> None:
        self.seconds = seconds
        self.started = time.perf_counter() - spent

    @property
    def limited(self) -> bool:
        return self.seconds > 0

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def remaining(self) -> float:
        return self.seconds - self.elapsed() if self.limited else float("inf")

    def exceeded(self, where: str) -> TimeBudgetExceeded:
        return TimeBudgetExceeded(
            f"analysis stopped after {self.elapsed():.1f} s in {where}: over the time budget "
            f"of {self.seconds:g} s per document (SITROOM_TIME_BUDGET)"
        )

    def check(self, where: str) -> None:
        if self.limited and self.remaining() <= 0:
            raise self.exceeded(where)


class _Alarm(BaseException):
    """Raised by the SIGALRM handler; a BaseException so that no ``except Exception`` inside
    a stage swallows it."""


def _can_interrupt() -> bool:
    return threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")


@contextlib.contextmanager
def interrupt_after(deadline: Deadline, where: str) -> Iterator[None]:
    """Run the block; if the deadline passes meanwhile, stop it with TimeBudgetExceeded.

    Uses a real-time timer in the main thread; elsewhere the block runs to its end and the
    deadline is checked afterwards. An outer timer (someone else's) is left alone: then only
    the check afterwards applies.
    """
    deadline.check(where)
    if not deadline.limited or not _can_interrupt() or signal.getitimer(signal.ITIMER_REAL)[0]:
        yield
        deadline.check(where)
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise _Alarm

    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, max(deadline.remaining(), 0.001))
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Alarm:
        raise deadline.exceeded(where) from None
    finally:
        signal.signal(signal.SIGALRM, previous)

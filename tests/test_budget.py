"""Per-document limits and time budget (no model needed)."""

from __future__ import annotations

import time

import pytest

from sitroom.budget import (
    Deadline,
    DocumentRejected,
    TimeBudgetExceeded,
    check_document,
    interrupt_after,
)
from sitroom.models import Document


def doc(text: str) -> Document:
    return Document(id="d", text=text)


def test_limits() -> None:
    check_document(doc("fine text"), max_chars=100, max_bytes=100)
    with pytest.raises(DocumentRejected, match="101 characters, over the limit of 100"):
        check_document(doc("x" * 101), max_chars=100, max_bytes=1000)
    with pytest.raises(DocumentRejected, match="bytes, over the limit"):
        check_document(doc("é" * 60), max_chars=100, max_bytes=100)
    with pytest.raises(DocumentRejected, match="lone surrogate at character 3"):
        check_document(doc("abc\ud800def"), max_chars=100, max_bytes=100)


def test_a_stage_that_overruns_is_stopped_and_reported() -> None:
    deadline = Deadline(0.2)
    started = time.perf_counter()
    expected = r"in stage 'slow'.*budget of 0\.2 s"
    with (
        pytest.raises(TimeBudgetExceeded, match=expected),
        interrupt_after(deadline, "stage 'slow'"),
    ):
        while True:  # a pure-Python loop that would never end
            pass
    assert time.perf_counter() - started < 2


def test_an_exception_handler_in_the_stage_cannot_swallow_the_timeout() -> None:
    with pytest.raises(TimeBudgetExceeded), interrupt_after(Deadline(0.1), "stage 'greedy'"):
        for _ in range(10_000_000):
            try:  # noqa: SIM105 - a stage's broad handler, written out
                time.sleep(0.01)
            except Exception:
                pass


def test_time_spent_before_counts_and_no_budget_means_no_limit() -> None:
    with pytest.raises(TimeBudgetExceeded), interrupt_after(Deadline(1.0, spent=1.5), "late"):
        pass
    with interrupt_after(Deadline(0), "stage 'free'"):
        time.sleep(0.05)

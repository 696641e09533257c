"""The time stage at the calendar's ends and on long texts."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest

from sitroom.annotation import AnnotatedDoc, Sentence, Token
from sitroom.rules import RuleFile
from sitroom.time import extract_dates, normalize, resolve_anchored
from sitroom.time.vocab import load


@pytest.mark.parametrize(
    ("expression", "published"),
    [
        ("tomorrow", dt.date(9999, 12, 31)),
        ("next week", dt.date(9999, 12, 31)),
        ("next month", dt.date(9999, 12, 31)),
        ("next year", dt.date(9999, 6, 1)),
        ("next Monday", dt.date(9999, 12, 31)),
        ("yesterday", dt.date(1, 1, 1)),
        ("three years ago", dt.date(1, 1, 1)),
        ("last week", dt.date(1, 1, 1)),
        ("less than three weeks ago", dt.date(1, 1, 2)),
    ],
)
def test_relative_dates_past_the_calendars_ends_give_no_date(
    expression: str, published: dt.date
) -> None:
    assert normalize(expression, published) is None


def test_relative_dates_near_the_ends_that_fit_still_resolve() -> None:
    value = normalize("yesterday", dt.date(9999, 12, 31))
    assert value is not None and value.start == dt.date(9999, 12, 30)


def test_anchored_dates_past_the_calendars_end_give_no_date() -> None:
    anchor = normalize("31 December 2099", None)
    assert anchor is not None
    far = anchor.model_copy(update={"start": dt.date(9999, 12, 31), "end": dt.date(9999, 12, 31)})
    assert resolve_anchored("the next day", far) is None
    assert resolve_anchored("a year later", far) is None
    assert resolve_anchored("the day before", far) is not None


def _doc(text: str) -> AnnotatedDoc:
    tokens = [
        Token(i, m.group(), m.start(), m.group().lower(), "X", "X", "dep", 0)
        for i, m in enumerate(re.finditer(r"\w+|[^\w\s]", text))
    ]
    return AnnotatedDoc(
        text=text,
        tokens=tokens,
        sentences=[Sentence(0, 0, len(text), 0, len(tokens))],
        entities=[],
    )


def test_anchored_expressions_chain_on_a_long_text_in_linear_time() -> None:
    unit = (
        "Fighting began on 3 May 2020. The next day the town fell. Two days later it was retaken. "
    )

    def seconds(n: int) -> float:
        doc = _doc(unit * n)
        started = time.perf_counter()
        found = extract_dates(doc, dt.date(2020, 6, 1))
        elapsed = time.perf_counter() - started
        # Every chain resolves against its own start date: 3, 4 and 6 May each time.
        assert [str(t.value.start) for t in found[:3]] == ["2020-05-03", "2020-05-04", "2020-05-06"]
        assert len(found) == 3 * n
        return elapsed

    # The fastest of three runs each, so that other work on the machine does not decide.
    small = min(seconds(100) for _ in range(3))
    large = min(seconds(800) for _ in range(3))
    # Eight times the text may take about eight times as long; quadratic would be ~64x.
    assert large < 24 * small + 1.0


def test_weekdays_must_be_seven() -> None:
    with pytest.raises(ValueError, match="seven days"):
        load(RuleFile("t.yaml", {"weekdays": ["monday"]}))

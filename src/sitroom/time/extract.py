"""Temporal expressions of an annotated document: candidates, normalization, anchoring."""

from __future__ import annotations

import bisect
import datetime as dt
import re

from sitroom.annotation import AnnotatedDoc
from sitroom.models import DateValue, Span, TimeExpression
from sitroom.time.anchored import is_anchored, resolve_anchored
from sitroom.time.future import announced, toward_future
from sitroom.time.resolve import as_date, normalize
from sitroom.time.spans import month_span

# Numeric and spelled-out dates the small model tags as CARDINAL or misses, and weekdays.
_TEXT_PATTERNS = [
    re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    re.compile(
        r"\b\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:January|February|March|April|May|June|July|"
        r"August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|"
        r"Dec)\.?,? \d{4}\b"
    ),
    re.compile(
        r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
        r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.? \d{1,2}(?:st|nd|rd|th)?,? "
        r"\d{4}\b"
    ),
    re.compile(
        r"(?<!\b(?:Good|Holy) )(?<!\b(?:Black|every|Every) )(?<!\beach )\b(?:(?:last|this|next) )?"
        r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
        r"(?: (?:morning|afternoon|evening|night))?(?!s)"
    ),
]
# Expressions anchored to another event, which the small model often leaves out or tags TIME.
_ANCHORED_IN_TEXT = re.compile(
    r"\b(?:(?:the )?(?:next|following|previous|preceding) (?:day|night|morning|evening|"
    r"afternoon|week|month|year)|(?:later |earlier )?(?:that|the same) (?:day|night|morning|"
    r"evening|afternoon)|the (?:day|night|week|month|year) (?:before|after)|(?:\d{1,3}|an?|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of) "
    r"(?:days?|weeks?|months?|years?|nights?) (?:later|afterwards|after|earlier|before))\b",
    re.IGNORECASE,
)
# ACLED marks dates it only knows to the month with "(month of)" after them.
_MONTH_OF = re.compile(r"\s*\(month of\)")


# The small model leaves the quantifier out of "less than three weeks ago"; it changes the
# meaning (bounded, unbounded), so the mention is widened to take it in.
_AGO_QUALIFIER = re.compile(
    r"\b(?:less than|fewer than|under|not even|more than|over|nearly|almost|about|around|"
    r"roughly|just|only|some)\s+$",
    re.IGNORECASE,
)


def _with_qualifier(text: str, start: int, end: int) -> tuple[int, int]:
    if not text[start:end].lower().endswith("ago"):
        return start, end
    qualifier = _AGO_QUALIFIER.search(text, max(0, start - 20), start)
    return (qualifier.start(), end) if qualifier else (start, end)


_FORWARD = re.compile(r"(?:before|after)$", re.IGNORECASE)


def _points_forward(text: str, start: int, end: int) -> bool:
    """ "three days after a convoy was ambushed": the anchor is what follows, another event
    the rules do not date; only "three days after." with nothing after it looks back."""
    following = text[end : end + 2].lstrip(" ")[:1]
    return bool(_FORWARD.search(text[start:end].rstrip())) and following.isalnum()


def _candidate_spans(doc: AnnotatedDoc) -> list[tuple[int, int]]:
    spans = [_with_qualifier(doc.text, e.start, e.end) for e in doc.entities if e.label == "DATE"]
    for pattern in [*_TEXT_PATTERNS, _ANCHORED_IN_TEXT]:
        spans.extend(m.span() for m in pattern.finditer(doc.text))
    return spans


def _without_overlaps(
    found: list[tuple[int, int, DateValue]],
) -> list[tuple[int, int, DateValue]]:
    """Keep the longest of overlapping spans (ties: the first found, i.e. the model's).

    The kept spans never overlap, so sorted by start their ends are sorted too: whether a span
    overlaps one of them is two bisections, not a scan (long texts stay linear).
    """
    kept: list[tuple[int, int, DateValue]] = []
    starts: list[int] = []
    ends: list[int] = []
    for item in sorted(found, key=lambda f: -(f[1] - f[0])):
        if _overlaps_kept(starts, ends, item[0], item[1]):
            continue
        i = bisect.bisect_left(starts, item[0])
        starts.insert(i, item[0])
        ends.insert(i, item[1])
        kept.insert(i, item)
    return kept


def _overlaps_kept(starts: list[int], ends: list[int], start: int, end: int) -> bool:
    """Does [start, end) overlap one of the kept, non-overlapping spans?"""
    i = bisect.bisect_left(starts, end)  # the kept spans that start before this one ends
    return i > 0 and ends[i - 1] > start


def _coarsen_if_marked(text: str, end: int, value: DateValue) -> DateValue:
    if value.start is None or value.precision != "day" or not _MONTH_OF.match(text, end):
        return value
    start, last, precision = month_span(value.start.year, value.start.month)
    return value.model_copy(update={"start": start, "end": last, "precision": precision})


def extract_dates(doc: AnnotatedDoc, published: dt.date | None) -> list[TimeExpression]:
    """All normalizable temporal expressions of ``doc``, in text order, without overlaps.

    Candidates are the model's DATE entities plus a regex pass for numeric dates and weekdays;
    each mention is the span as found (widened only over a quantifier before "... ago"),
    normalized on a cleaned copy of its text.
    """
    published = as_date(published)
    found: list[tuple[int, int, DateValue]] = []
    anchored: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    for start, end in _candidate_spans(doc):
        if (start, end) in seen:
            continue
        seen.add((start, end))
        value = normalize(doc.text[start:end], published)
        if value is not None:
            value = _ahead_if_announced(doc, start, end, value, published)
            found.append((start, end, _coarsen_if_marked(doc.text, end, value)))
        elif is_anchored(doc.text[start:end]) and not _points_forward(doc.text, start, end):
            anchored.append((start, end))
    # Anchored expressions count from the closest date before them, in text order, so that
    # "On 3 May ... The next day ... Two days later ..." chains.
    # The closest kept date before each expression is found by bisection. A resolved one that
    # overlaps no kept date joins them as it is (the greedy choice of _without_overlaps would
    # keep it too); only one that overlaps makes the choice run again.
    kept = _without_overlaps(found)
    starts = [k[0] for k in kept]
    ends = [k[1] for k in kept]
    for start, end in sorted(anchored):
        i = bisect.bisect_right(ends, start)
        if i == 0:
            continue
        value = resolve_anchored(doc.text[start:end], kept[i - 1][2])
        if value is None:
            continue
        found.append((start, end, value))
        if _overlaps_kept(starts, ends, start, end):
            kept = _without_overlaps(found)
            starts = [k[0] for k in kept]
            ends = [k[1] for k in kept]
        else:
            j = bisect.bisect_left(starts, start)
            starts.insert(j, start)
            ends.insert(j, end)
            kept.insert(j, (start, end, value))
    return [
        TimeExpression(value=value, mention=Span(start=start, end=end, text=doc.text[start:end]))
        for start, end, value in kept
    ]


def _ahead_if_announced(
    doc: AnnotatedDoc, start: int, end: int, value: DateValue, published: dt.date | None
) -> DateValue:
    """A bare weekday or month in a clause that announces its act, read forward."""
    if published is None or value.start is None or value.start >= published:
        return value
    ahead = toward_future(value, published)
    if ahead is value or not announced(doc, start, end):
        return value
    return ahead

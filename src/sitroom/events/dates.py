"""Dates of events: their own date expression, a dateline, or the date of the incident they
continue."""

from __future__ import annotations

from sitroom.annotation import AnnotatedDoc, Sentence
from sitroom.events.base import _INHERIT_MARKERS, Draft, LexiconLike
from sitroom.events.incidents import _last_sentence
from sitroom.models import TimeExpression


def _assign_dates(
    lex: LexiconLike, doc: AnnotatedDoc, drafts: list[Draft], times: list[TimeExpression]
) -> None:
    dated_before: list[Draft] = []
    datelines = _datelines(doc, times)
    for d in drafts:
        own = [t for t in times if d.sentence.start <= t.mention.start < d.sentence.end]
        dateline = _dateline_before(datelines, d.sentence)
        if not own and dateline is not None:
            # "03/13/2021: An explosive device detonated ...": the dateline dates its text.
            d.date = dateline
            d.notes.append("date from the dateline")
            dated_before.append(d)
            continue
        if own:
            anchor = doc.tokens[d.triggers[0].anchor].idx
            d.date = min(own, key=lambda t: abs(t.mention.start - anchor))
        elif dated_before and _clearly_continues(lex, doc, d, dated_before[-1]):
            d.date = dated_before[-1].date
            d.date_inherited = True
        if d.date is not None:
            dated_before.append(d)


def _clearly_continues(lex: LexiconLike, doc: AnnotatedDoc, d: Draft, prev: Draft) -> bool:
    """Inherit the previous date only when the text ties the sentences together."""
    if d.sentence.paragraph != prev.sentence.paragraph:
        return False
    if d.sentence.i - _last_sentence(prev) > 2:
        return False
    words = {t.lower for t in doc.sentence_tokens(d.sentence)}
    return d.anaphoric or bool(words & _INHERIT_MARKERS)


def _datelines(doc: AnnotatedDoc, times: list[TimeExpression]) -> list[TimeExpression]:
    """Datelines: a sentence that is nothing but a date ("05/10/2021:"), or one a date opens
    with a colon ("05/10/2021: Assailants ...")."""
    out: list[TimeExpression] = []
    for sentence in doc.sentences:
        inside = [t for t in times if sentence.start <= t.mention.start < sentence.end]
        if len(inside) != 1 or inside[0].value.start is None:
            continue
        rest = doc.text[sentence.start : sentence.end].replace(inside[0].mention.text, "")
        opens = doc.text[inside[0].mention.end : inside[0].mention.end + 2].lstrip(" ")[:1]
        if not rest.strip(" \t\n:-–—,.|") or (
            inside[0].mention.start == sentence.start and opens in (":", "–", "—")
        ):
            out.append(inside[0])
    return out


def _dateline_before(datelines: list[TimeExpression], sentence: Sentence) -> TimeExpression | None:
    """The latest dateline before a sentence dates it, across paragraphs ("07/14/2021:" on a
    line of its own heads the report below it)."""
    before = [t for t in datelines if t.mention.start < sentence.start]
    return before[-1] if before else None

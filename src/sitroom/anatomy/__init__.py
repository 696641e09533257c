"""Article anatomy: the dateline, byline, credits and captions of a news article.

These parts are about the article, not the news: "KABUL, Afghanistan (AP) —" is where the
story was filed (a prior for geocoding, not a fact), "(AP)" is a wire service (not Andhra
Pradesh), "VOA's Mandarin Service contributed to this report" is not an aid event. The stage
finds them with the patterns of ``patterns.yaml`` and keeps them as document metadata; every
later reading of the text skips their spans (:func:`outside`, and the ``drop_*`` filters).

The stage reads only the text (and the sentence offsets, when the NLP stage gave them), so it
runs in time linear in the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sitroom.anatomy.patterns import Patterns, default_patterns, parse_patterns
from sitroom.anatomy.spans import SpanSet
from sitroom.models import Dateline, Place, Span

__all__ = [
    "Anatomy",
    "Patterns",
    "SpanSet",
    "default_patterns",
    "find_datelines",
    "parse_patterns",
    "read_anatomy",
    "simple_sentences",
]

# Datelines and bylines are looked for near the top of the article and of each paragraph only.
_HEAD_CHARS = 200
# A line this short that matches a caption pattern is a caption as a whole.
_CAPTION_LINE = 400
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n|\n")


@dataclass
class Anatomy:
    dateline: Dateline | None = None
    datelines: list[Dateline] = field(default_factory=list)  # one per story on a multi-story page
    byline: Span | None = None
    credits: list[Span] = field(default_factory=list)
    captions: list[Span] = field(default_factory=list)
    # the place the dateline names, as the places stage resolved it (set by the pipeline)
    dateline_place: Place | None = None
    # the places the dateline names, with their mentions, for the article's list of places
    # (never for locating an event; set by the pipeline)
    dateline_toponyms: list[Place] = field(default_factory=list)
    # the places that credits and captions name ("reported from Kabul"), with their mentions
    # there, for the article's list of places only (set by the pipeline)
    credit_toponyms: list[Place] = field(default_factory=list)

    @property
    def dateline_spans(self) -> list[tuple[int, int]]:
        return [(d.start, d.end) for d in self.datelines]

    @property
    def excluded(self) -> SpanSet:
        """Spans no stage may read as a place, an actor or an event."""
        spans = self.dateline_spans + [(c.start, c.end) for c in self.credits + self.captions]
        if self.byline is not None:
            spans.append((self.byline.start, self.byline.end))
        return SpanSet(spans)

    @property
    def credit_spans(self) -> SpanSet:
        """The credits and captions: sentences about the report, whose place names are still
        places the article names (where it was reported from), never where an event is."""
        return SpanSet((c.start, c.end) for c in self.credits + self.captions)

    @property
    def excluded_sentences(self) -> SpanSet:
        """The spans that are whole sentences (credits, captions): events there are dropped."""
        spans = [(c.start, c.end) for c in self.credits + self.captions]
        if self.byline is not None:
            spans.append((self.byline.start, self.byline.end))
        return SpanSet(s for s in spans if s[1] - s[0] > 12)


def simple_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence offsets by punctuation and line breaks (when no NLP sentences are given)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        end = m.start() + 1 if text[m.start()] in ".!?" else m.start()
        if text[start:end].strip():
            out.append((start, end))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def read_anatomy(
    text: str,
    sentences: Sequence[tuple[int, int]] | None = None,
    *,
    patterns: Patterns | None = None,
    country_code: object | None = None,
) -> Anatomy:
    """Find the dateline(s), byline, credits and captions of ``text``. ``sentences`` are the
    NLP stage's sentence offsets (else a simple splitter's); ``country_code`` maps a name to an
    ISO3 code (default :func:`sitroom.countries.country_code`)."""
    pats = patterns or default_patterns()
    if country_code is None:
        from sitroom.countries import country_code as default_country_code

        country_code = default_country_code
    out = Anatomy()
    heads = _line_starts(text)
    for start in heads:
        dateline = _head_dateline(text, start, pats, country_code)
        if dateline is not None:
            out.datelines.append(dateline)
            before = text[start : dateline.start]
            if before.strip() and out.byline is None:  # "By Jane Doe KABUL —"
                s = start + len(before) - len(before.lstrip())
                e = start + len(before.rstrip())
                out.byline = Span(start=s, end=e, text=text[s:e])
            continue
        head = text[start : start + _HEAD_CHARS]
        for p in pats.byline:
            m = p.match(head)
            if m and out.byline is None:
                s, e = start + m.start(), start + m.end()
                out.byline = Span(start=s, end=e, text=text[s:e])
    out.dateline = out.datelines[0] if out.datelines else None
    for s, e in _lines(text):
        if e - s <= _CAPTION_LINE and any(p.search(text, s, e) for p in pats.captions):
            out.captions.append(_trimmed(text, s, e))
    in_caption = SpanSet((c.start, c.end) for c in out.captions)
    for s, e in sentences if sentences is not None else simple_sentences(text):
        if in_caption.overlaps(s, e):
            continue
        sentence = text[s:e]
        if any(p.search(sentence) for p in pats.credit_sentences):
            out.credits.append(_trimmed(text, s, e))
        elif any(p.search(sentence) for p in pats.captions):
            out.captions.append(_trimmed(text, s, e))
    taken = SpanSet([(c.start, c.end) for c in out.credits + out.captions] + out.dateline_spans)
    for p in pats.wire_credits:
        for m in p.finditer(text):
            if not taken.overlaps(m.start(), m.end()):
                out.credits.append(Span(start=m.start(), end=m.end(), text=m.group(0)))
    out.credits.sort(key=lambda c: c.start)
    return out


def find_datelines(
    text: str, *, patterns: Patterns | None = None, country_code: object | None = None
) -> list[Dateline]:
    """The datelines of ``text`` (one per story on a multi-story page), as
    :func:`read_anatomy` finds them: the one dateline detector of sitroom."""
    pats = patterns or default_patterns()
    if country_code is None:
        from sitroom.countries import country_code as default_country_code

        country_code = default_country_code
    found = (_head_dateline(text, start, pats, country_code) for start in _line_starts(text))
    return [d for d in found if d is not None]


def _head_dateline(text: str, start: int, pats: Patterns, country_code: object) -> Dateline | None:
    """The dateline at the line that starts at ``start``, if any."""
    dateline = _dateline(text[start : start + _HEAD_CHARS], start, pats, country_code)
    if dateline is not None and start > 0 and not _has_lowercase(text, dateline.end):
        return None  # all-caps copy: a capitalized line with a dash is no dateline
    return dateline


def outside(spans: SpanSet, start: int, end: int) -> bool:
    """Is ``[start, end)`` clear of every span of ``spans``?"""
    return not spans.overlaps(start, end)


def mostly_inside(spans: SpanSet, start: int, end: int) -> bool:
    """Does at least half of ``[start, end)`` lie in ``spans``?"""
    return end > start and spans.covered(start, end) * 2 >= end - start


def _lines(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"\n", text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts += [m.end() for m in re.finditer(r"\n\s*", text)]
    return [s for s in dict.fromkeys(starts) if s < len(text)]


def _dateline(head: str, offset: int, pats: Patterns, country_code: object) -> Dateline | None:
    for p in pats.dateline:
        m = p.match(head)
        if m is None:
            continue
        place = m.group("place").strip()
        if len(place) < 3 or not any(c.isalpha() for c in place):
            continue  # "A —", "US —": too short to be a dateline city
        groups = m.groupdict()
        region, wire = groups.get("region"), groups.get("wire")
        country = None
        if callable(country_code):
            for name in (region, place.title()):
                if name and country is None:
                    code = country_code(name)
                    country = code if isinstance(code, str) else None
        # a byline run into the dateline is no part of it (read_anatomy keeps it as the byline)
        s = offset + (m.start("place") if groups.get("byline") else m.start())
        e = offset + m.end()
        return Dateline(
            start=s,
            end=e,
            text=head[s - offset : m.end()],
            place=place,
            region=region,
            country=country,
            wire=wire,
        )
    return None


def _has_lowercase(text: str, start: int) -> bool:
    """Does the line from ``start`` hold a lower-case letter (in its first 200 characters)?"""
    end = text.find("\n", start)
    line = text[start : end if end >= 0 else len(text)][:_HEAD_CHARS]
    return any(c.islower() for c in line)


def _trimmed(text: str, s: int, e: int) -> Span:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Span(start=s, end=e, text=text[s:e])

"""Spans stored as offsets into the stored document text (schema 13).

A ``Span`` is a stretch of its document's text (``text == document.text[start:end]``), and the
document's text is stored: keeping each span's text beside its offsets stored most articles'
words a second (and third) time. Since schema 13:

- a list of spans (``places.mentions``, ``relations.evidence``, ``events.more_evidence``) is a
  JSON list of ``[start, end]``, or ``[start, end, text]`` for a span whose text is not the
  document's characters at those offsets (a span written around the pipeline);
- a span kept in columns (``mentions``, ``dates.mention_*``, ``events.trigger_*``) stores
  ``""`` as its text when the text is the document's characters at its offsets.

Readers give the spans back whole (:func:`unpack_spans`, :func:`span_text`). Lists stored
before schema 13 (``{"start", "end", "text"}`` objects) are read as they are, so rows written
around the store in the old form still read correctly. ``""`` is ambiguous only for a span
whose own text is empty but whose offsets are not (no such span is valid); it is read as the
document's characters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sitroom.models import Span

__all__ = ["pack_spans", "packed_text", "span_text", "unpack_spans"]


def _slice(document_text: str, start: int, end: int) -> str | None:
    """The document's characters at [start, end), or None when the offsets are outside it
    (a negative or reversed offset never slices: Python would count from the end)."""
    if 0 <= start <= end <= len(document_text):
        return document_text[start:end]
    return None


def pack_spans(spans: Iterable[Span], document_text: str) -> list[list[Any]]:
    """The stored form of a list of spans: ``[start, end]``, with the text only when it is not
    the document's characters at those offsets."""
    packed: list[list[Any]] = []
    for s in spans:
        if _slice(document_text, s.start, s.end) == s.text:
            packed.append([s.start, s.end])
        else:
            packed.append([s.start, s.end, s.text])
    return packed


def unpack_spans(stored: Sequence[Any], document_text: str) -> list[Span]:
    """The spans of a stored list, packed (schema 13) or as objects (before)."""
    spans: list[Span] = []
    for item in stored:
        if isinstance(item, dict):
            spans.append(Span.model_validate(item))
            continue
        start, end = int(item[0]), int(item[1])
        text = item[2] if len(item) > 2 else document_text[start:end]
        spans.append(Span(start=start, end=end, text=text))
    return spans


def packed_text(text: str, start: int, end: int, document_text: str) -> str:
    """A span column's stored text: ``""`` when the document's characters at the offsets are
    the text."""
    if text and _slice(document_text, start, end) == text:
        return ""
    return text


def span_text(stored: str, start: int, end: int, document_text: str) -> str:
    """A span column's text as written: the document's characters for ``""``."""
    if stored == "" and start != end:
        return _slice(document_text, start, end) or ""
    return stored

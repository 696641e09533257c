"""Batches: JSON Lines, JSON and CSV; one record per line, item or row, each isolated."""

from __future__ import annotations

import codecs
import collections
import datetime as dt
import io
import json
import logging
from collections.abc import Iterator, Mapping
from typing import Any

from sitroom.ingest.core import (
    _SNIFF_BYTES,
    MAX_BYTES,
    IngestError,
    IngestFailure,
    Item,
    _binary_reason,
    _bom_encoding,
    _clean_field,
    _fail,
    _megabytes,
    _utf8_reason,
    parse_date,
    read_text,
    unicode_problem,
)
from sitroom.models import Document

log = logging.getLogger(__name__)

_TOO_DEEP = "not usable JSON (nested too deeply: arrays or objects over ~1,000 levels)"
# Record fields read besides ``text``; each must be a string, a number or null.
_META_FIELDS = ("id", "title", "url", "source", "published")

# --- batches --------------------------------------------------------------------------------


def _read_jsonl(stream: Any, origin: str, published: dt.date | None) -> Iterator[Item]:
    """One record per line; a bad line is reported and the next line is read regardless.

    The file is refused as binary only when its first lines look binary and none of them even
    starts like a record: damaged lines among good ones are each reported, not the file."""
    head: list[bytes] = []
    while sum(map(len, head)) < _SNIFF_BYTES and (line := stream.readline(MAX_BYTES + 1)):
        head.append(line)
        if not line.endswith(b"\n"):  # the end, or an over-long line skipped below
            break
    reason = _binary_reason(b"".join(head)[:_SNIFF_BYTES], records=True)
    if reason and not any(h.lstrip().lstrip(codecs.BOM_UTF8).startswith(b"{") for h in head):
        raise _fail(origin, reason)
    pending = collections.deque(head)
    line = pending.popleft() if pending else b""
    number, records = 1, 0
    while line:
        where = f"{origin}:line {number}"
        if len(line) > MAX_BYTES and not line.endswith(b"\n"):
            _skip_rest_of_line(stream)
            records += 1
            yield IngestError(where, f"line is over the {_megabytes(MAX_BYTES)} limit")
        elif line.strip():
            records += 1
            yield _record_from_jsonl_line(line, where, published, first=number == 1)
        line = pending.popleft() if pending else stream.readline(MAX_BYTES + 1)
        number += 1
    if records == 0:
        raise _fail(origin, "contains no records (only blank lines)")


def _as_utf8(data: bytes) -> io.BytesIO:
    return io.BytesIO(data.decode(_bom_encoding(data) or "utf-8").encode("utf-8"))


def _skip_rest_of_line(stream: Any) -> None:
    while True:
        chunk = stream.readline(1024 * 1024)
        if not chunk or chunk.endswith(b"\n"):
            return


def _record_from_jsonl_line(
    line: bytes, where: str, published: dt.date | None, *, first: bool
) -> Item:
    try:
        text = line.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as error:
        return IngestError(where, _utf8_reason(error))
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        return IngestError(where, f"not valid JSON ({error.msg} at column {error.colno})")
    except RecursionError:
        return IngestError(where, _TOO_DEEP)
    return record_item(record, where, published)


def _read_json(data: bytes, origin: str, published: dt.date | None) -> Iterator[Item]:
    reason = _binary_reason(data[:_SNIFF_BYTES])
    if reason:
        raise _fail(origin, reason)
    encoding = _bom_encoding(data) or "utf-8"
    try:
        content = json.loads(data.decode(encoding))
    except UnicodeDecodeError as error:
        raise _fail(origin, _utf8_reason(error)) from None
    except json.JSONDecodeError as error:
        raise _fail(
            origin, f"not valid JSON ({error.msg} at line {error.lineno} column {error.colno})"
        ) from None
    except RecursionError:
        raise _fail(origin, _TOO_DEEP) from None
    if isinstance(content, dict):
        yield record_item(content, origin, published)
    elif isinstance(content, list):
        if not content:
            raise _fail(origin, "JSON list is empty")
        for number, record in enumerate(content, start=1):
            yield record_item(record, f"{origin}:item {number}", published)
    else:
        raise _fail(origin, "JSON must be an object or a list of objects")


def record_item(record: object, where: str, published: dt.date | None) -> Item:
    try:
        return _record_document(record, where, published)
    except IngestFailure as failure:
        return failure.error


def _record_document(record: object, where: str, published: dt.date | None) -> Document:
    if not isinstance(record, Mapping):
        raise _fail(where, f"expected a JSON object, found {_json_kind(record)}")
    if "text" not in record or record["text"] is None:
        raise _fail(where, "record has no 'text' field")
    text = record["text"]
    if not isinstance(text, str):
        raise _fail(where, f"'text' must be a string, found {_json_kind(text)}")
    if not text.strip():
        raise _fail(where, "'text' is empty")
    for name in _META_FIELDS:
        value = record.get(name)
        if isinstance(value, list | dict):
            raise _fail(where, f"'{name}' must be a string, found {_json_kind(value)}")
        problem = unicode_problem(name, value)
        if problem:
            raise _fail(where, problem)
    return read_text(
        text,
        id=_clean_field(record.get("id")),
        title=_clean_field(record.get("title")),
        url=_clean_field(record.get("url")),
        source=_clean_field(record.get("source")),
        published=_record_published(record.get("published"), where) or published,
        origin=where,
    )


def _record_published(value: object, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    found = parse_date(value if isinstance(value, str) else str(value))
    if found is None:
        # A bad date should not cost the article: fall back to the default, but say so.
        log.warning("%s: could not read published date %r; using the default", where, value)
    return found


def _json_kind(value: object) -> str:
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    for kind, name in kinds.items():
        if isinstance(value, kind):
            return name
    if isinstance(value, int | float):
        return "a number"
    return "null" if value is None else type(value).__name__

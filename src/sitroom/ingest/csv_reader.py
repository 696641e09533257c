"""CSV batches, one record per row, each row isolated from the others.

The file is decoded with ``surrogateescape`` so an invalid byte costs only the row that holds it
(reported with the line it is on), and parsed with the ``csv`` module in strict mode over
numbered physical lines: when a row is malformed (an unclosed or stray quote) it is reported
and the parse restarts on the line after the row's first line, so the rows a runaway quote
would have swallowed are read again as rows of their own.
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from sitroom.ingest.core import (
    _SNIFF_BYTES,
    MAX_BYTES,
    IngestError,
    IngestFailure,
    Item,
    _binary_reason,
    _bom_encoding,
    _fail,
)
from sitroom.ingest.records import record_item

# What ``surrogateescape`` makes of a byte that is not valid in the file's encoding.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


class _Lines:
    """The physical lines of a text stream, numbered, with the lines of the record being parsed
    kept so that a malformed record can be re-read from its second line."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._back: collections.deque[str] = collections.deque()
        self.number = 0  # lines handed out so far
        self.record: list[str] = []  # lines of the record being parsed

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._back:
            line = self._back.popleft()
        else:
            line = self._stream.readline(MAX_BYTES + 1)
            if not line:
                raise StopIteration
        self.number += 1
        self.record.append(line)
        return line

    def start_record(self) -> int:
        """Begin a record; returns the number of its first line."""
        self.record = []
        return self.number + 1

    def reread_after_first_line(self) -> None:
        """Hand out again every line of the current record but its first."""
        again = self.record[1:]
        self._back.extendleft(reversed(again))
        self.number -= len(again)
        self.record = []


def read_csv(path: Path, published: dt.date | None) -> Iterator[Item]:
    """The rows of a CSV file with a header naming at least a ``text`` column."""
    origin = str(path)
    with path.open("rb") as raw:
        head = raw.read(_SNIFF_BYTES)
    # Binary-looking content is refused only if it has no usable header either: damaged rows
    # among good ones are each reported, not the file.
    binary = _binary_reason(head, records=True)
    encoding = _bom_encoding(head) or "utf-8-sig"
    _raise_csv_field_limit()
    with path.open(encoding=encoding, errors="surrogateescape", newline="") as stream:
        lines = _Lines(stream)
        try:
            header = _header(lines, origin)
        except IngestFailure:
            if binary:
                raise _fail(origin, binary) from None
            raise
        items = 0
        for where, row in _rows(lines, origin, len(header)):
            if isinstance(row, IngestError):
                items += 1
                yield row
            elif any(value.strip() for value in row):  # else a blank row
                items += 1
                yield record_item(dict(zip(header, row, strict=False)), where, published)
        if items == 0:
            raise _fail(origin, "CSV has a header row but no records")


def _header(lines: _Lines, origin: str) -> list[str]:
    try:
        first = next(csv.reader(lines, strict=True), None)
    except csv.Error as error:
        raise _fail(f"{origin}:line 1", f"malformed CSV header ({error})") from None
    if first is None:
        raise _fail(origin, "file is empty")
    columns = [name.strip().lower() for name in first]
    bad = next((c for c in columns if _ESCAPED_BYTE.search(c)), None)
    if bad is not None:
        raise _fail(f"{origin}:line 1", f"header {_byte_reason(bad)}")
    if "text" not in columns:
        raise _fail(origin, "CSV has no 'text' column in its header row")
    return columns


def _rows(lines: _Lines, origin: str, width: int) -> Iterator[tuple[str, list[str] | IngestError]]:
    """(origin of the row, its fields or the reason it is skipped), for every non-blank row."""
    reader = csv.reader(lines, strict=True)
    while True:
        start = lines.start_record()
        where = f"{origin}:line {start}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield where, IngestError(where, _malformed_reason(str(error), len(lines.record)))
            lines.reread_after_first_line()
            reader = csv.reader(lines, strict=True)
            continue
        if not row:
            continue
        escaped = next(
            (i for i, value in enumerate(lines.record) if _ESCAPED_BYTE.search(value)), None
        )
        if escaped is not None:
            line = f"{origin}:line {start + escaped}"
            yield line, IngestError(line, _byte_reason(lines.record[escaped]))
            continue
        extra = row[width:]
        if any(value.strip() for value in extra):
            reason = (
                f"row has {len(row)} fields but the header has {width} (an unquoted comma or "
                "quote in a field?)"
            )
            yield where, IngestError(where, reason)
            continue
        yield where, row[:width]


def _malformed_reason(error: str, n_lines: int) -> str:
    if "unexpected end of data" in error or "field larger than field limit" in error:
        what = "a quoted field opened on this line is never closed"
    elif n_lines > 1:
        what = (
            "a quote opened on this line is not closed where a row can end "
            f"(malformed CSV: {error})"
        )
    else:
        return f"malformed CSV ({error})"
    return f"{what}; the {n_lines - 1} line(s) after it are read again as rows of their own"


def _byte_reason(value: str) -> str:
    found = _ESCAPED_BYTE.search(value)
    assert found is not None
    return f"not valid UTF-8 (byte 0x{ord(found.group()) - 0xDC00:02x})"


def _raise_csv_field_limit() -> None:
    # The default of 128 KiB is smaller than a long article.
    if csv.field_size_limit() < MAX_BYTES:
        csv.field_size_limit(MAX_BYTES)

"""Files, folders and stdin to a stream of documents and errors."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from sitroom.ingest.core import (
    _SNIFF_BYTES,
    CSV_SUFFIXES,
    HTML_SUFFIXES,
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    KNOWN_SUFFIXES,
    MAX_BYTES,
    MAX_JSON_BYTES,
    STDIN_ORIGIN,
    TEXT_SUFFIXES,
    IngestError,
    IngestFailure,
    Item,
    _binary_reason,
    _bom_encoding,
    _decode_text,
    _fail,
    _megabytes,
    read_text,
)
from sitroom.ingest.csv_reader import read_csv
from sitroom.ingest.html import read_html
from sitroom.ingest.records import _as_utf8, _read_json, _read_jsonl
from sitroom.models import Document

log = logging.getLogger(__name__)

# --- files ----------------------------------------------------------------------------------


def iter_documents(
    paths: Iterable[str | Path],
    *,
    published: dt.date | None = None,
    recursive: bool = True,
) -> Iterator[Document | IngestError]:
    """Every document under ``paths`` (files, folders, ``"-"`` for stdin), in a stable order.

    ``published`` fills in documents that carry no date of their own. Problems come out as
    :class:`IngestError` items; the iterator itself does not raise on bad input.
    """
    for raw_path in paths:
        if os.fspath(raw_path) == "-":
            yield from _guard(STDIN_ORIGIN, _read_stdin(published))
            continue
        if "\x00" in os.fspath(raw_path):  # the OS refuses such names outright
            yield IngestError(repr(os.fspath(raw_path)), "is not a usable file name")
            continue
        path = Path(raw_path)
        try:
            is_dir = path.is_dir()
        except OSError as error:
            yield IngestError(str(path), _os_reason(error))
            continue
        if is_dir:
            yield from _walk(path, published, recursive, seen=set())
        else:
            yield from _guard(str(path), _read_path(path, published, explicit=True))


def _guard(origin: str, items: Iterator[Item]) -> Iterator[Item]:
    """Turn anything a reader raises into an error item, so a batch never stops."""
    try:
        yield from items
    except IngestFailure as failure:
        yield failure.error
    except OSError as error:
        yield IngestError(origin, _os_reason(error))
    except Exception as error:  # a parser bug must not cost the rest of the batch
        log.exception("unexpected error while reading %s", origin)
        yield IngestError(origin, f"could not be read ({type(error).__name__}: {error})")


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file or directory"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    return f"could not be read ({error.strerror or error})"


def _walk(
    folder: Path, published: dt.date | None, recursive: bool, seen: set[Path]
) -> Iterator[Item]:
    real = folder.resolve()
    if real in seen:  # a symlink loop
        return
    seen.add(real)
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except OSError as error:
        yield IngestError(str(folder), _os_reason(error))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if recursive:
                yield from _walk(entry, published, recursive, seen)
        elif entry.suffix.lower() in KNOWN_SUFFIXES:
            yield from _guard(str(entry), _read_path(entry, published, explicit=False))


def _read_path(path: Path, published: dt.date | None, *, explicit: bool) -> Iterator[Item]:
    origin = str(path)
    suffix = path.suffix.lower()
    size = path.stat().st_size  # raises FileNotFoundError / PermissionError -> _guard
    if size == 0:
        raise _fail(origin, "file is empty")
    if suffix in JSONL_SUFFIXES:
        with path.open("rb") as stream:
            if _bom_encoding(stream.read(4)) in ("utf-16", "utf-32"):
                # Line-by-line UTF-8 reading cannot split UTF-16; such files are rare and small.
                _check_size(size, MAX_JSON_BYTES, origin)
                yield from _read_jsonl(_as_utf8(path.read_bytes()), origin, published)
                return
            stream.seek(0)
            yield from _read_jsonl(stream, origin, published)
    elif suffix in CSV_SUFFIXES:
        yield from read_csv(path, published)
    elif suffix in JSON_SUFFIXES:
        _check_size(size, MAX_JSON_BYTES, origin)
        yield from _read_json(path.read_bytes(), origin, published)
    else:
        _check_size(size, MAX_BYTES, origin)
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)  # the file may have grown since stat
        _check_size(len(data), MAX_BYTES, origin)
        if suffix in HTML_SUFFIXES:
            yield _document_from_html(data, origin, published)
        elif suffix in TEXT_SUFFIXES or not explicit:
            yield _document_from_text(data, origin, published)
        else:
            yield from _read_sniffed(data, origin, published)


def _check_size(size: int, limit: int, origin: str) -> None:
    if size > limit:
        raise _fail(origin, f"file is {_megabytes(size)}, over the {_megabytes(limit)} limit")


def _document_from_text(data: bytes, origin: str, published: dt.date | None) -> Document:
    text = _decode_text(data, origin)
    if not text.strip():
        raise _fail(origin, "file contains only whitespace")
    return read_text(text, published=published, origin=origin)


def _document_from_html(data: bytes, origin: str, published: dt.date | None) -> Document:
    reason = _binary_reason(data[:_SNIFF_BYTES])
    if reason:
        raise _fail(origin, reason)
    if not data.strip():
        raise _fail(origin, "file contains only whitespace")
    return read_html(data, origin=origin, published=published)


def _read_sniffed(data: bytes, origin: str, published: dt.date | None) -> Iterator[Item]:
    """Content of unknown type: JSONL if it opens with an object, HTML with a tag, else text."""
    head = data[:_SNIFF_BYTES]
    reason = _binary_reason(head)
    if reason:
        raise _fail(origin, reason)
    encoding = _bom_encoding(head)
    first = head.decode(encoding, "ignore") if encoding else head.decode("utf-8", "ignore")
    first = first.lstrip()
    if first.startswith("{") and encoding in (None, "utf-8-sig"):
        yield from _read_jsonl(io.BytesIO(data), origin, published)
    elif first.startswith("<"):
        yield _document_from_html(data, origin, published)
    else:
        yield _document_from_text(data, origin, published)


def _read_stdin(published: dt.date | None) -> Iterator[Item]:
    stream: IO[bytes] | None = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text-only stand-in (tests, embedding): re-encode what it holds
        stream = io.BytesIO(sys.stdin.read().encode("utf-8"))
    # Skip leading blank lines to see how the content starts, without reading all of it: a
    # JSONL batch on stdin may be far larger than one document.
    leading = b""
    while not leading.strip():
        line = stream.readline(MAX_BYTES + 1)
        if not line:
            raise _fail(STDIN_ORIGIN, "no input on stdin")
        leading += line
    if leading.lstrip().lstrip(codecs.BOM_UTF8).startswith(b"{"):
        yield from _read_jsonl(_Prepended(leading, stream), STDIN_ORIGIN, published)
        return
    data = leading + stream.read(max(0, MAX_BYTES + 1 - len(leading)))
    if len(data) > MAX_BYTES:
        raise _fail(STDIN_ORIGIN, f"input on stdin is over the {_megabytes(MAX_BYTES)} limit")
    yield from _read_sniffed(data, STDIN_ORIGIN, published)


class _Prepended:
    """A binary line reader that first replays bytes already consumed while sniffing."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = io.BytesIO(head)
        self._rest = rest

    def readline(self, limit: int = -1) -> bytes:
        line = self._head.readline(limit)
        if line.endswith(b"\n") or (limit >= 0 and len(line) >= limit):
            return line
        more = self._rest.readline(-1 if limit < 0 else limit - len(line))
        return line + more


def estimate_inputs(paths: Iterable[str | Path]) -> int | None:
    """About how many items :func:`iter_documents` will give for ``paths``, cheaply (files are
    counted, lines of JSONL and CSV batches too, without parsing): a total for a progress bar's
    ETA. None for stdin or when a path cannot be read."""
    total = 0
    for raw_path in paths:
        if os.fspath(raw_path) == "-":
            return None
        path = Path(raw_path)
        try:
            files = _known_files(path) if path.is_dir() else [path]
            total += sum(_estimate_file(f) for f in files)
        except (OSError, ValueError):
            return None
    return total


def _known_files(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(
            Path(root) / n
            for n in names
            if not n.startswith(".") and Path(n).suffix.lower() in KNOWN_SUFFIXES
        )
    return found


def _estimate_file(path: Path) -> int:
    suffix = path.suffix.lower()
    if suffix not in JSONL_SUFFIXES | CSV_SUFFIXES:
        return 1
    lines, last = 0, b"\n"
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    lines += last != b"\n"
    return max(1, lines - (1 if suffix in CSV_SUFFIXES else 0))

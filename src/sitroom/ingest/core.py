"""Errors, size limits, text normalization, ids, publication dates, plain-text documents and
byte decoding: what every reader shares."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from sitroom.models import DateValue, Document

MAX_BYTES: int = 20 * 1024 * 1024
"""Largest text or HTML document (and per JSONL line / CSV field) accepted, in bytes."""

MAX_JSON_BYTES: int = 512 * 1024 * 1024
"""A ``.json`` batch is parsed whole, so it gets its own, larger cap (JSONL and CSV stream)."""

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
JSON_SUFFIXES = frozenset({".json"})
CSV_SUFFIXES = frozenset({".csv"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES | CSV_SUFFIXES

STDIN_ORIGIN = "<stdin>"
_SNIFF_BYTES = 8192
# Share of control bytes above which undecodable content is called binary rather than text.
_BINARY_CONTROL_SHARE = 0.10
_TEXT_CONTROL_BYTES = frozenset(b"\t\n\r\f\b\x1b")
_MAX_DATE_CHARS = 100


# --- errors ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IngestError:
    """A bad input, reported in the document stream and skipped."""

    origin: str  # file path, "path:line N" for a batch line, or "<stdin>"
    reason: str  # one clear human sentence

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


class IngestFailure(ValueError):
    """Raised by the single-document readers; carries the :class:`IngestError` to report."""

    def __init__(self, error: IngestError) -> None:
        super().__init__(str(error))
        self.error = error


Item = Document | IngestError


def _fail(origin: str | None, reason: str) -> IngestFailure:
    return IngestFailure(IngestError(origin or "<input>", reason))


# --- text, ids, dates -----------------------------------------------------------------------

_LINE_BREAKS = str.maketrans(
    {"\r": "\n", "\v": "\n", "\f": "\n\n", "\u2028": "\n", "\u2029": "\n\n"}
)
# C0/C1 controls other than tab and newline, plus BOM and soft hyphen: invisible noise that
# would otherwise split tokens.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u00ad]")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+\n")
_EXTRA_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """The text as stored in ``Document.text``; every offset downstream points into it.

    NFC, any line-break convention to ``\\n``, invisible control characters dropped, trailing
    spaces removed, runs of blank lines reduced to one; paragraph breaks are kept.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").translate(_LINE_BREAKS)
    text = _INVISIBLE.sub("", text)
    text = _TRAILING_SPACE.sub("\n", text + "\n")
    text = _EXTRA_BLANK_LINES.sub("\n\n", text)
    return text.strip()


def document_id(text: str) -> str:
    """Stable id of a text: the same article gives the same id whatever its layout."""
    key = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


_DATEPARSER_SETTINGS: dict[str, Any] = {
    "PREFER_DAY_OF_MONTH": "first",
    # A publication date must name a day; "May 2021" alone would get today's day invented.
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    # Relative expressions ("yesterday") would be relative to *now*, not to the article.
    "PARSERS": ["custom-formats", "absolute-time"],
}


_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?")


def parse_date_value(value: str) -> DateValue | None:
    """A date as a user types it, with its precision: ``2015`` (the year), ``2015-10`` (the
    month), an ISO day, or a timestamp with or without a zone (``2025-03-14T07:35:22Z``, taken
    as the calendar day written, like :func:`parse_date`). ``start``/``end`` span the period;
    None when it is none of these.
    """
    text = value.strip()
    match = _PARTIAL_DATE.fullmatch(text)
    if match:
        year, month = int(match.group(1)), match.group(2)
        try:
            if month is None:
                return DateValue(
                    start=dt.date(year, 1, 1),
                    end=dt.date(year, 12, 31),
                    precision="year",
                    text=text,
                )
            start = dt.date(year, int(month), 1)
        except ValueError:
            return None
        end = (
            dt.date(year, 12, 31)
            if start.month == 12
            else (dt.date(year, start.month + 1, 1) - dt.timedelta(days=1))
        )
        return DateValue(start=start, end=end, precision="month", text=text)
    day = _parse_iso(text) if len(text) <= _MAX_DATE_CHARS else None
    if day is None:
        return None
    return DateValue(start=day, end=day, precision="day", text=text)


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """A publication date from ISO dates/datetimes or common written formats; None if unclear.

    The calendar date is taken as written (no timezone conversion): it is the publisher's date.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text or len(text) > _MAX_DATE_CHARS:
        return None
    iso = _parse_iso(text)
    if iso is not None:
        return iso
    import dateparser  # lazy: its import costs ~0.3 s and most inputs are ISO

    parsed = dateparser.parse(text, settings=_DATEPARSER_SETTINGS)
    return parsed.date() if parsed is not None else None


def _parse_iso(text: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    # Dates followed by anything else ("2021-05-06 (updated)") still start with the ISO day.
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})(?!\d)", text)
    if match:
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            return None
    return None


def _hostname(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url if "//" in url else f"//{url}").hostname
    if not host:
        return None
    return host.removeprefix("www.")


# --- single documents -----------------------------------------------------------------------


def read_text(
    text: str,
    *,
    id: str | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    published: dt.date | None = None,
    origin: str | None = None,
) -> Document:
    """A document from plain text. Raises :class:`IngestFailure` when there is no text, or
    when a field is not valid Unicode (a lone surrogate such as ``"\\ud800"`` from JSON)."""
    fields = {"id": id, "text": text, "title": title, "url": url, "source": source}
    for name, value in fields.items():
        problem = unicode_problem(name, value)
        if problem:
            raise _fail(origin, problem)
    if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8")) > MAX_BYTES:
        raise _fail(origin, f"text is larger than the {_megabytes(MAX_BYTES)} limit")
    normalized = normalize_text(text)
    if not normalized:
        raise _fail(origin, "text is empty")
    return Document(
        id=str(id) if id not in (None, "") else document_id(normalized),
        text=normalized,
        title=_clean_field(title),
        url=_clean_field(url),
        source=_clean_field(source),
        published=published,
        origin=origin,
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def unicode_problem(name: str, value: object) -> str | None:
    """Why a string field cannot be stored (a lone surrogate: JSON's ``"\\ud800"`` decodes to
    one, but no UTF-8 text can hold it), or None."""
    if not isinstance(value, str):
        return None
    found = _SURROGATE.search(value)
    if found is None:
        return None
    return (
        f"'{name}' is not valid Unicode (a lone surrogate \\u{ord(found.group()):04x} "
        f"at character {found.start()})"
    )


def _clean_field(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


# --- bytes to text --------------------------------------------------------------------------


def _bom_encoding(data: bytes) -> str | None:
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return None


def _binary_reason(sample: bytes, *, records: bool = False) -> str | None:
    """Why a byte sample is not text, or None if it looks like text.

    For a batch of ``records`` (CSV, JSON Lines) one NUL byte is a fault of one record, reported
    there, not a reason to refuse the file: NUL then counts like any other control byte.
    """
    if _bom_encoding(sample) in ("utf-16", "utf-32"):
        return None
    if b"\x00" in sample and not records:
        return "looks like a binary file (it contains NUL bytes), not text"
    if not sample:
        return None
    controls = sum(1 for byte in sample if (byte < 32 or byte == 127))
    controls -= sum(1 for byte in sample if byte in _TEXT_CONTROL_BYTES)
    if controls / len(sample) > _BINARY_CONTROL_SHARE:
        return "looks like a binary file (mostly non-text bytes), not text"
    return None


def _utf8_reason(error: UnicodeDecodeError, base: int = 0) -> str:
    bad = error.object[error.start : error.start + 1]
    return f"not valid UTF-8 (byte 0x{bad.hex()} at offset {base + error.start})"


def _decode_text(data: bytes, origin: str) -> str:
    """Decode a whole text file; UTF-16/32 only with a BOM, never a silent Latin-1 guess."""
    reason = _binary_reason(data[:_SNIFF_BYTES])
    if reason:
        raise _fail(origin, reason)
    encoding = _bom_encoding(data) or "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding == "utf-8":
            raise _fail(origin, _utf8_reason(error)) from None
        raise _fail(origin, f"not valid {encoding.upper()} despite its byte-order mark") from None


def _megabytes(size: int) -> str:
    """A size as people write it: "50 MB", "20.5 MB", "12 KB", "500 bytes"."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{size} bytes"

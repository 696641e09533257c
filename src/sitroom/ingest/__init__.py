"""Read articles from files, folders, batches and stdin into :class:`~sitroom.models.Document`.

Bad input never raises out of :func:`iter_documents`: each problem becomes an :class:`IngestError`
in the stream, so one broken file or line does not cost the rest of a batch.

Formats, by extension: ``.txt``/``.text``/``.md`` plain text, ``.html``/``.htm`` web pages (main
text via trafilatura), ``.jsonl``/``.ndjson`` one record per line, ``.json`` one record or a list,
``.csv`` one record per row. A record has ``text`` and optionally ``id``, ``title``, ``url``,
``published`` and ``source``. ``"-"`` reads stdin and sniffs its format from the content.
"""

from __future__ import annotations

from sitroom.ingest.core import (
    MAX_BYTES,
    MAX_JSON_BYTES,
    IngestError,
    IngestFailure,
    document_id,
    normalize_text,
    parse_date,
    parse_date_value,
    read_text,
)
from sitroom.ingest.files import estimate_inputs, iter_documents
from sitroom.ingest.html import read_html

__all__ = [
    "MAX_BYTES",
    "MAX_JSON_BYTES",
    "IngestError",
    "IngestFailure",
    "document_id",
    "estimate_inputs",
    "iter_documents",
    "normalize_text",
    "parse_date",
    "parse_date_value",
    "read_html",
    "read_text",
]

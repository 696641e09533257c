"""Web pages: main text via trafilatura, title, publication date and site name."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sitroom.models import Document

if TYPE_CHECKING:
    from lxml.html import HtmlElement

from sitroom.ingest.core import (
    _bom_encoding,
    _clean_field,
    _fail,
    _hostname,
    _utf8_reason,
    parse_date,
    read_text,
)

# Meta tags that state a publication date outright (Open Graph, schema.org, Dublin Core, and
# the conventions of the big publishing systems). Guesses from body text are not trusted.
_PUBLISHED_META_KEYS = frozenset(
    {
        "article:published_time",
        "og:published_time",
        "og:article:published_time",
        "article.published",
        "datepublished",
        "pubdate",
        "publishdate",
        "publish-date",
        "publish_date",
        "publication_date",
        "date",
        "dc.date",
        "dc.date.issued",
        "dcterms.issued",
        "dcterms.created",
        "citation_publication_date",
        "parsely-pub-date",
        "sailthru.date",
    }
)
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{4,64})"')
_CHARSET_DECLARATION = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_BLOCK_TAGS = (
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
    "article", "section", "blockquote", "pre", "table", "ul", "ol", "header", "footer",
)  # fmt: skip


def read_html(
    html: str | bytes,
    *,
    origin: str | None = None,
    url: str | None = None,
    published: dt.date | None = None,
) -> Document:
    """A document from a web page: main text, title, date and site name.

    ``published`` is a default: a date the page states in its metadata wins. Raises
    :class:`IngestFailure` when neither trafilatura nor the ``<body>`` yields any text.
    """
    markup = html if isinstance(html, str) else _decode_html(html, origin)
    tree = _parse_html(markup)
    extracted = _trafilatura_extract(markup, url) or {}
    # Metadata first: the body fallback below strips <script>, which holds JSON-LD dates.
    page_date = _explicit_published(tree) if tree is not None else None
    if page_date is None:
        # trafilatura without extensive search only reports metadata and URL dates.
        page_date = parse_date(extracted.get("date"))
    title = extracted.get("title") or (_page_title(tree) if tree is not None else None)
    body = extracted.get("text") or ""
    if not body.strip() and tree is not None:
        body = _body_text(tree)
    if not body.strip():
        raise _fail(origin, "HTML has no body text")

    page_url = url or extracted.get("url") or None
    site = extracted.get("sitename") or _hostname(page_url)
    return read_text(
        _paragraphs(body),
        title=title,
        url=page_url,
        source=site,
        published=page_date or published,
        origin=origin,
    )


def _paragraphs(body: str) -> str:
    # trafilatura ends every block with one newline; a blank line between blocks makes HTML
    # articles look like plain-text ones, where a blank line marks a paragraph.
    return "\n\n".join(line for line in body.splitlines() if line.strip())


def _trafilatura_extract(markup: str, url: str | None) -> dict[str, Any] | None:
    import trafilatura  # lazy: a slow import that text-only runs never need

    result = trafilatura.bare_extraction(
        markup,
        url=url,
        with_metadata=True,
        include_comments=False,
        # Extensive search guesses dates from copyright footers and body text: too unreliable
        # for an anchor date. Explicit metadata and URL dates remain.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if result is None:
        return None
    as_dict = result.as_dict() if hasattr(result, "as_dict") else result
    return dict(as_dict) if isinstance(as_dict, Mapping) else None


def _parse_html(markup: str) -> HtmlElement | None:
    from lxml import etree
    from lxml import html as lxml_html

    # Parsing bytes sidesteps lxml's refusal of str input carrying an encoding declaration.
    parser = lxml_html.HTMLParser(encoding="utf-8")
    try:
        return lxml_html.document_fromstring(markup.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _body_text(tree: HtmlElement) -> str:
    from lxml import etree

    body = tree.find("body")
    if body is None:
        return ""
    etree.strip_elements(body, "script", "style", "noscript", "template", with_tail=False)
    for element in body.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in body.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _page_title(tree: HtmlElement) -> str | None:
    title = tree.findtext(".//title")
    return _clean_field(title)


def _explicit_published(tree: HtmlElement) -> dt.date | None:
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        if key.strip().lower() in _PUBLISHED_META_KEYS:
            found = parse_date(meta.get("content"))
            if found is not None:
                return found
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            match = _JSONLD_DATE.search(script.text)
            if match and (found := parse_date(match.group(1))) is not None:
                return found
    # <time datetime> marked as the publication date first, then the first one on the page.
    times = [t for t in tree.iter("time") if t.get("datetime")]
    marked = [t for t in times if t.get("pubdate") is not None or t.get("itemprop")]
    for element in marked + times:
        found = parse_date(element.get("datetime"))
        if found is not None:
            return found
    return None


def _decode_html(data: bytes, origin: str | None) -> str:
    """HTML bytes to text: BOM, then UTF-8, then the charset the page itself declares."""
    bom_encoding = _bom_encoding(data)
    if bom_encoding:
        return data.decode(bom_encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        declared = _CHARSET_DECLARATION.search(data[:4096])
        if declared:
            name = declared.group(1).decode("ascii", "ignore")
            try:
                codecs.lookup(name)
                return data.decode(name)
            except (LookupError, UnicodeDecodeError):
                pass
        reason = _utf8_reason(error) + " and the page declares no usable charset"
        raise _fail(origin, reason) from None

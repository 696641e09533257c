"""Tests of the ingest stage: formats, folders, stdin, dates, ids and every kind of bad input."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest

from sitroom import ingest
from sitroom.ingest import (
    IngestError,
    IngestFailure,
    document_id,
    iter_documents,
    normalize_text,
    parse_date,
    read_html,
    read_text,
)
from sitroom.models import Document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

# Invented example articles (not from the seed article or the dev set).
RAID = (
    "Militia fighters raided a police post near the salt lake on Sunday, officials said.\n\n"
    "Three officers were wounded and the attackers withdrew toward the hills."
)
TRUCE = "Elders from both valleys agreed to a ten-day truce after talks in the market town."
PARAGRAPH = (
    "<p>Gunmen stormed a checkpoint outside the river town before dawn on Friday, "
    "killing two guards, a regional police spokesman said.</p>"
    "<p>The attackers fled on motorcycles; no group has claimed the assault so far.</p>"
)


def page(head: str = "", body: str = PARAGRAPH, footer: str = "") -> str:
    return (
        f"<html><head>{head}</head><body><nav>Home | World | Sport</nav>"
        f"<article>{body}</article><footer>{footer}</footer></body></html>"
    )


def collect(paths: list[str | Path], **kwargs: object) -> tuple[list[Document], list[IngestError]]:
    items = list(iter_documents(paths, **kwargs))  # type: ignore[arg-type]
    documents = [item for item in items if isinstance(item, Document)]
    errors = [item for item in items if isinstance(item, IngestError)]
    assert len(documents) + len(errors) == len(items)
    return documents, errors


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- text, ids, dates -----------------------------------------------------------------------


def test_normalize_text_unifies_layout_but_keeps_paragraphs() -> None:
    raw = "Cafe\u0301 shelled.  \r\nSecond line\r\n\r\n\r\n\r\n\rNew paragraph\u00ad here.\x07 "
    assert normalize_text(raw) == "Café shelled.\nSecond line\n\nNew paragraph here."


def test_normalize_text_is_idempotent() -> None:
    once = normalize_text(" A\r\n\n\n\nB \t\n")
    assert normalize_text(once) == once == "A\n\nB"


def test_document_id_is_stable_across_layouts_and_distinguishes_texts() -> None:
    first = document_id(RAID)
    assert len(first) == 16 and int(first, 16) >= 0
    assert document_id("  " + RAID.replace("\n\n", "\r\n   \r\n") + "\n") == first
    assert document_id(RAID.replace("Sunday", "Monday")) != first
    # NFC: a precomposed and a decomposed accent are the same text.
    assert document_id("Caf\u00e9 attack") == document_id("Cafe\u0301 attack")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-02-14", dt.date(2023, 2, 14)),
        ("2023-02-14T23:30:00-05:00", dt.date(2023, 2, 14)),  # publisher's date, no TZ shift
        ("2023-02-14T08:00:00Z", dt.date(2023, 2, 14)),
        ("2023-02-14 (updated)", dt.date(2023, 2, 14)),
        ("14 February 2023", dt.date(2023, 2, 14)),
        ("Feb 14, 2023", dt.date(2023, 2, 14)),
        ("Tuesday, February 14, 2023 10:15 AM", dt.date(2023, 2, 14)),
        (dt.date(2020, 1, 2), dt.date(2020, 1, 2)),
        ("February 2023", None),  # no day: a publication date must not be invented
        ("yesterday", None),  # relative to now, not to the article
        ("not a date at all", None),
        ("2023-02-30", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: str | dt.date | None, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


# --- single documents -----------------------------------------------------------------------


def test_read_text_keeps_metadata_and_explicit_id() -> None:
    doc = read_text(RAID + "\r\n", id="wire-17", title=" Raid  on post ", url="https://x.example/a")
    assert doc.id == "wire-17"
    assert doc.text == RAID
    assert doc.title == "Raid on post"
    assert doc.url == "https://x.example/a"
    assert read_text(RAID).id == document_id(RAID)


def test_read_text_rejects_empty_text() -> None:
    with pytest.raises(IngestFailure) as caught:
        read_text(" \n\t ", origin="memo")
    assert caught.value.error == IngestError("memo", "text is empty")


def test_read_html_uses_explicit_metadata() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2023-02-14T08:00:00+03:00"}</script>'
        '<meta property="og:site_name" content="Valley Post"><title>Checkpoint attack</title>'
    )
    doc = read_html(page(head, footer="(c) 2019 Valley Post"), published=dt.date(2000, 1, 1))
    assert doc.published == dt.date(2023, 2, 14)  # the page's own date beats the default
    assert doc.source == "Valley Post"
    assert doc.title == "Checkpoint attack"
    assert "Gunmen stormed a checkpoint" in doc.text
    assert "Home | World" not in doc.text  # navigation is boilerplate
    assert "\n\n" in doc.text  # paragraphs stay apart


def test_read_html_time_element_and_meta_tag() -> None:
    with_time = page(body='<time datetime="2022-03-04T10:00:00Z">4 March</time>' + PARAGRAPH)
    assert read_html(with_time).published == dt.date(2022, 3, 4)
    with_meta = page('<meta property="article:published_time" content="2020-05-06T12:00:00">')
    assert read_html(with_meta).published == dt.date(2020, 5, 6)


def test_read_html_ignores_copyright_year_and_falls_back_to_hostname() -> None:
    html = page("<title>Checkpoint attack</title>", footer="Copyright 2019 Valley Post")
    default = dt.date(2024, 6, 1)
    doc = read_html(html, url="https://www.valleypost.example/news/item", published=default)
    assert doc.published == default
    assert doc.source == "valleypost.example"
    assert doc.url == "https://www.valleypost.example/news/item"


def test_read_html_falls_back_to_body_text() -> None:
    # trafilatura discards <aside> content as boilerplate; the body is all there is.
    html = "<html><body><aside><p>Convoy ambushed at the pass.</p><p>Five dead.</p></aside>"
    html += "<script>var tracking = 1;</script></body></html>"
    doc = read_html(html)
    assert doc.text == "Convoy ambushed at the pass.\n\nFive dead."


def test_read_html_without_body_text_fails() -> None:
    html = "<html><head><style>p {}</style></head><body><script>var x = 1;</script></body></html>"
    with pytest.raises(IngestFailure) as caught:
        read_html(html, origin="empty.html")
    assert caught.value.error == IngestError("empty.html", "HTML has no body text")


def test_read_html_honours_a_declared_charset_but_not_a_guess() -> None:
    body = "<p>Caf\u00e9 bombing \u2013 many were hurt in the old quarter, witnesses said.</p>"
    declared = page('<meta charset="windows-1252">', body).encode("cp1252")
    assert "Café bombing – many" in read_html(declared).text
    undeclared = page("", body).encode("cp1252")
    with pytest.raises(IngestFailure, match=r"not valid UTF-8 \(byte 0xe9 at offset \d+\)"):
        read_html(undeclared)


# --- formats --------------------------------------------------------------------------------


def test_plain_text_and_markdown_files(tmp_path: Path) -> None:
    txt = write(tmp_path / "raid.txt", RAID)
    md = write(tmp_path / "truce.md", "# Truce\n\n" + TRUCE)
    docs, errors = collect([txt, md])
    assert errors == []
    assert [d.text for d in docs] == [RAID, "# Truce\n\n" + TRUCE]
    assert docs[0].origin == str(txt)
    assert docs[0].id == document_id(RAID)


def test_html_file(tmp_path: Path) -> None:
    path = write(tmp_path / "story.HTM", page("<title>Checkpoint attack</title>"))
    docs, errors = collect([path])
    assert errors == []
    assert docs[0].title == "Checkpoint attack"
    assert docs[0].origin == str(path)


def test_jsonl_bad_lines_are_reported_and_the_rest_still_yields(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": 42, "text": RAID, "title": "Raid", "published": "2021-03-09"}),
        "{not json",
        "",
        json.dumps({"id": "no-text", "title": "Missing"}),
        json.dumps({"text": "   "}),
        json.dumps(["a", "list"]),
        json.dumps({"text": 7}),
        json.dumps({"text": TRUCE, "source": "Radio Hills", "extra": {"ignored": True}}),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    items = list(iter_documents([path]))
    assert [type(item).__name__ for item in items] == [
        "Document",
        "IngestError",
        "IngestError",
        "IngestError",
        "IngestError",
        "IngestError",
        "Document",
    ]
    first, last = items[0], items[-1]
    assert isinstance(first, Document) and isinstance(last, Document)
    assert first.id == "42" and first.published == dt.date(2021, 3, 9)
    assert first.origin == f"{path}:line 1"
    assert last.source == "Radio Hills" and last.id == document_id(TRUCE)
    errors = {item.origin: item.reason for item in items if isinstance(item, IngestError)}
    assert errors[f"{path}:line 2"].startswith("not valid JSON")
    assert errors[f"{path}:line 4"] == "record has no 'text' field"
    assert errors[f"{path}:line 5"] == "'text' is empty"
    assert errors[f"{path}:line 6"] == "expected a JSON object, found a list"
    assert errors[f"{path}:line 7"] == "'text' must be a string, found a number"


def test_jsonl_invalid_utf8_line_and_overlong_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest.records, "MAX_BYTES", 500)
    good = json.dumps({"text": TRUCE}).encode()
    long_line = json.dumps({"text": "x" * 2000}).encode()
    bad_bytes = b'{"text": "caf\xe9"}'
    path = write(tmp_path / "b.ndjson", b"\n".join([bad_bytes, long_line, good]) + b"\n")
    items = list(iter_documents([path]))
    assert items[0] == IngestError(f"{path}:line 1", "not valid UTF-8 (byte 0xe9 at offset 13)")
    assert items[1] == IngestError(f"{path}:line 2", "line is over the 500 bytes limit")
    assert isinstance(items[2], Document) and items[2].origin == f"{path}:line 3"


def test_json_list_and_single_object(tmp_path: Path) -> None:
    many = write(tmp_path / "many.json", json.dumps([{"text": RAID}, {"title": "x"}, TRUCE]))
    one = write(tmp_path / "one.json", json.dumps({"id": "o-1", "text": TRUCE}))
    items = list(iter_documents([many, one]))
    assert isinstance(items[0], Document) and items[0].origin == f"{many}:item 1"
    assert items[1] == IngestError(f"{many}:item 2", "record has no 'text' field")
    assert items[2] == IngestError(f"{many}:item 3", "expected a JSON object, found a string")
    assert isinstance(items[3], Document) and items[3].id == "o-1"


def test_csv_with_bom_quoted_newlines_and_a_large_field(tmp_path: Path) -> None:
    long_text = "Shelling continued through the night in the eastern districts. " * 4000
    assert len(long_text) > 131072  # the csv module's default field limit
    rows = [
        "id,Title,text,published,url",
        f'c1,Raid,"{RAID}",09/03/2021 ,https://x.example/raid',
        'c2,Empty,"",,',
        "",
        f"c3,Long,{long_text},,",
    ]
    path = write(tmp_path / "batch.csv", codecs.BOM_UTF8 + "\r\n".join(rows).encode())
    items = list(iter_documents([path]))
    assert len(items) == 3
    first, empty, long_doc = items
    assert isinstance(first, Document) and first.id == "c1" and first.title == "Raid"
    assert first.text == RAID  # the quoted field keeps its paragraph break
    assert first.published == dt.date(2021, 9, 3)
    assert first.url == "https://x.example/raid"
    assert first.origin == f"{path}:line 2"
    assert isinstance(empty, IngestError) and empty.reason == "'text' is empty"
    assert isinstance(long_doc, Document) and long_doc.text == long_text.strip()


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = write(tmp_path / "wrong.csv", "id,body\n1,Something happened\n")
    assert collect([path])[1] == [
        IngestError(str(path), "CSV has no 'text' column in its header row")
    ]


# --- folders and stdin ----------------------------------------------------------------------


def test_folder_recursion_is_sorted_and_skips_hidden_and_unknown(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", TRUCE)
    write(tmp_path / "a" / "z.md", RAID)
    write(tmp_path / "a" / "deeper" / "y.html", page())
    write(tmp_path / ".hidden.txt", "Secret note about a raid.")
    write(tmp_path / ".cache" / "c.txt", "Cached article about shelling.")
    write(tmp_path / "image.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(tmp_path / "notes.docx", b"PK\x03\x04")
    docs, errors = collect([tmp_path])
    assert errors == []
    assert [Path(d.origin or "").relative_to(tmp_path).as_posix() for d in docs] == [
        "a/deeper/y.html",
        "a/z.md",
        "b.txt",
    ]
    flat, _ = collect([tmp_path], recursive=False)
    assert [Path(d.origin or "").name for d in flat] == ["b.txt"]


def test_explicit_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    text = write(tmp_path / "dispatch.log", RAID)
    html = write(tmp_path / "saved.php", page())
    lines = write(tmp_path / "export.dat", json.dumps({"text": TRUCE}) + "\n")
    docs, errors = collect([text, html, lines])
    assert errors == []
    assert docs[0].text == RAID
    assert "Gunmen stormed" in docs[1].text
    assert docs[2].text == TRUCE and docs[2].origin == f"{lines}:line 1"


def test_stdin_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n\n" + RAID))
    docs, errors = collect(["-"], published=dt.date(2021, 3, 9))
    assert errors == []
    assert docs[0].text == RAID and docs[0].origin == "<stdin>"
    assert docs[0].published == dt.date(2021, 3, 9)


def test_stdin_jsonl_streams_records(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [json.dumps({"text": RAID}), "", "oops", json.dumps({"text": TRUCE})]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n" + "\n".join(lines)))
    items = list(iter_documents(["-"]))
    assert [getattr(item, "origin", None) for item in items] == [
        "<stdin>:line 2",
        "<stdin>:line 4",
        "<stdin>:line 5",
    ]
    assert isinstance(items[1], IngestError) and items[1].reason.startswith("not valid JSON")


def test_stdin_html_from_a_binary_buffer(monkeypatch: pytest.MonkeyPatch) -> None:
    wrapper = io.TextIOWrapper(io.BytesIO(page("<title>Checkpoint attack</title>").encode()))
    monkeypatch.setattr(sys, "stdin", wrapper)
    docs, errors = collect(["-"])
    assert errors == [] and docs[0].title == "Checkpoint attack"


def test_empty_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("  \n\n"))
    assert list(iter_documents(["-"])) == [IngestError("<stdin>", "no input on stdin")]


# --- published defaults ---------------------------------------------------------------------


def test_per_document_published_overrides_the_default(tmp_path: Path) -> None:
    default = dt.date(2024, 1, 1)
    lines = [
        json.dumps({"text": RAID, "published": "5 March 2022"}),
        json.dumps({"text": TRUCE}),
        json.dumps({"text": TRUCE + " Again.", "published": "sometime soon"}),
    ]
    batch = write(tmp_path / "b.jsonl", "\n".join(lines))
    html = write(tmp_path / "p.html", page('<meta name="date" content="2019-12-31">'))
    docs, errors = collect([batch, html], published=default)
    assert errors == []
    assert [d.published for d in docs] == [
        dt.date(2022, 3, 5),
        default,
        default,
        dt.date(2019, 12, 31),
    ]


# --- bad input ------------------------------------------------------------------------------


def test_missing_empty_and_whitespace_files(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    empty = write(tmp_path / "empty.txt", b"")
    blank = write(tmp_path / "blank.html", " \n\t\n")
    blank_lines = write(tmp_path / "blank.jsonl", "\n\n")
    _, errors = collect([missing, empty, blank, blank_lines, "bad\x00name.txt"])
    assert errors[-1].reason == "is not a usable file name"
    assert errors[:-1] == [
        IngestError(str(missing), "no such file or directory"),
        IngestError(str(empty), "file is empty"),
        IngestError(str(blank), "file contains only whitespace"),
        IngestError(str(blank_lines), "contains no records (only blank lines)"),
    ]


def test_binary_files_are_rejected(tmp_path: Path) -> None:
    with_nul = write(tmp_path / "scan.txt", b"%PDF-1.4\n\x00\x01\x02binary")
    controls = write(tmp_path / "noise.txt", bytes(range(1, 32)) * 20 + b"some words")
    _, errors = collect([with_nul, controls])
    assert [e.origin for e in errors] == [str(with_nul), str(controls)]
    assert "NUL bytes" in errors[0].reason
    assert "mostly non-text bytes" in errors[1].reason


def test_huge_file_is_rejected_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no disk used

    def refuse_open(self: Path, *args: object, **kwargs: object) -> object:
        raise AssertionError(f"{self} was opened")

    monkeypatch.setattr(Path, "open", refuse_open)
    monkeypatch.setattr(Path, "read_bytes", refuse_open)
    assert list(iter_documents([huge])) == [
        IngestError(str(huge), "file is 50 MB, over the 20 MB limit")
    ]


def test_invalid_utf8_is_reported_not_guessed(tmp_path: Path) -> None:
    latin1 = write(tmp_path / "latin.txt", "Attaque \u00e0 Bamako".encode("latin-1"))
    assert collect([latin1])[1] == [
        IngestError(str(latin1), "not valid UTF-8 (byte 0xe0 at offset 8)")
    ]


def test_utf16_and_utf8_bom_files_are_decoded(tmp_path: Path) -> None:
    utf16 = write(tmp_path / "wide.txt", RAID.encode("utf-16"))  # writes a BOM
    utf8_bom = write(tmp_path / "bom.txt", codecs.BOM_UTF8 + TRUCE.encode())
    utf16_lines = write(
        tmp_path / "wide.jsonl", (json.dumps({"text": TRUCE}) + "\n").encode("utf-16")
    )
    docs, errors = collect([utf16, utf8_bom, utf16_lines])
    assert errors == []
    assert [d.text for d in docs] == [RAID, TRUCE, TRUCE]


def test_html_file_with_no_body(tmp_path: Path) -> None:
    path = write(tmp_path / "shell.html", "<html><body><script>app()</script></body></html>")
    assert collect([path])[1] == [IngestError(str(path), "HTML has no body text")]


def test_permission_denied_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = write(tmp_path / "locked.txt", RAID)
    original_open = Path.open

    def deny(self: Path, *args: object, **kwargs: object) -> object:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return original_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", deny)
    assert collect([locked])[1] == [IngestError(str(locked), "permission denied")]


def test_a_batch_with_bad_files_in_the_middle_keeps_the_good_ones(tmp_path: Path) -> None:
    good_first = write(tmp_path / "1.txt", RAID)
    binary = write(tmp_path / "2.txt", b"\x00\x00\x00")
    broken = write(tmp_path / "3.json", "[{")
    good_last = write(tmp_path / "4.html", page())
    items = list(iter_documents([good_first, binary, tmp_path / "gone.md", broken, good_last]))
    assert [type(item).__name__ for item in items] == [
        "Document",
        "IngestError",
        "IngestError",
        "IngestError",
        "Document",
    ]
    assert str(items[3]).startswith(f"{broken}: not valid JSON")


def test_same_text_gets_the_same_id_in_every_format(tmp_path: Path) -> None:
    txt = write(tmp_path / "a.txt", RAID.replace("\n", "\r\n") + "\n\n\n")
    jsonl = write(tmp_path / "b.jsonl", json.dumps({"text": RAID}) + "\n")
    csv_file = write(tmp_path / "c.csv", f'text\n"{RAID}"\n')
    docs, errors = collect([txt, jsonl, csv_file, txt])
    assert errors == []
    assert len({d.id for d in docs}) == 1
    assert docs[0].id == document_id(RAID)


@pytest.mark.shared
def test_dev_gold_set_ingests_cleanly() -> None:
    gold = SHARED / "data" / "dev" / "gold.jsonl"
    if not gold.is_file():
        pytest.skip("../shared is absent: no dev gold set to read")
    docs, errors = collect([gold])
    assert errors == []
    assert len(docs) >= 1000
    assert len({d.id for d in docs}) == len(docs)  # ids are kept as given and unique


# --- per-record isolation (issue 17: good rows lost to one bad record) ------------------------


def _csv_rows(n: int) -> list[str]:
    return [f'r{i},"Row {i}: elders in the valley met to discuss the harvest."' for i in range(n)]


def test_csv_invalid_byte_costs_only_its_row_and_names_its_line(tmp_path: Path) -> None:
    rows = _csv_rows(200)
    lines = [b"id,text", *(row.encode() for row in rows)]
    lines[80] = b'r79,"Row 79 has a bad byte \xff here."'  # line 81 of the file
    path = write(tmp_path / "bad_byte.csv", b"\n".join(lines) + b"\n")
    documents, errors = collect([path])
    assert errors == [IngestError(f"{path}:line 81", "not valid UTF-8 (byte 0xff)")]
    assert len(documents) == 199
    assert documents[79].id == "r80" and documents[79].origin == f"{path}:line 82"


def test_csv_unclosed_quote_is_reported_and_the_next_rows_kept(tmp_path: Path) -> None:
    rows = ["id,text", 'a,"A quote that never closes.', *_csv_rows(3)]
    path = write(tmp_path / "quote.csv", "\n".join(rows) + "\n")
    documents, errors = collect([path])
    assert [d.id for d in documents] == ["r0", "r1", "r2"]
    assert [d.origin for d in documents] == [f"{path}:line {n}" for n in (3, 4, 5)]
    assert len(errors) == 1 and errors[0].origin == f"{path}:line 2"
    assert "not closed" in errors[0].reason or "never closed" in errors[0].reason


def test_csv_stray_quote_in_the_middle_does_not_swallow_the_next_row(tmp_path: Path) -> None:
    rows = ["id,text", 'a,"Opened here, and', 'b,"Closed by this row" then text', *_csv_rows(2)]
    path = write(tmp_path / "stray.csv", "\n".join(rows) + "\n")
    documents, errors = collect([path])
    assert [d.id for d in documents] == ["r0", "r1"]
    assert [e.origin for e in errors] == [f"{path}:line 2", f"{path}:line 3"]
    assert all("malformed CSV" in e.reason for e in errors)


def test_csv_quote_open_at_the_end_of_the_file(tmp_path: Path) -> None:
    rows = ["id,text", *_csv_rows(2), 'z,"Never closed, and then', "more text"]
    path = write(tmp_path / "end.csv", "\n".join(rows) + "\n")
    documents, errors = collect([path])
    assert [d.id for d in documents] == ["r0", "r1"]
    assert errors[0].origin == f"{path}:line 4" and "never closed" in errors[0].reason
    assert "more text" not in errors[0].reason


def test_csv_with_a_nul_byte_keeps_every_row(tmp_path: Path) -> None:
    lines = [b"id,text", *(row.encode() for row in _csv_rows(5))]
    lines[2] = b'r1,"Row 1 carries a NUL \x00 byte."'
    path = write(tmp_path / "nul.csv", b"\n".join(lines) + b"\n")
    documents, errors = collect([path])
    assert errors == []
    assert [d.id for d in documents] == [f"r{i}" for i in range(5)]
    assert "\x00" not in documents[1].text


def test_csv_row_with_extra_fields_is_reported(tmp_path: Path) -> None:
    rows = ["id,text", "a,Police said, without quotes, that it rained", *_csv_rows(1)]
    path = write(tmp_path / "wide.csv", "\n".join(rows) + "\n")
    documents, errors = collect([path])
    assert [d.id for d in documents] == ["r0"]
    assert errors[0].origin == f"{path}:line 2" and "4 fields" in errors[0].reason


def test_jsonl_nested_1000_deep_loses_only_that_line(tmp_path: Path) -> None:
    deep = '{"text": ' + "[" * 1000 + "]" * 1000 + "}"
    lines = [json.dumps({"id": "a", "text": RAID}), deep, json.dumps({"id": "b", "text": TRUCE})]
    path = write(tmp_path / "deep.jsonl", "\n".join(lines) + "\n")
    documents, errors = collect([path])
    assert [d.id for d in documents] == ["a", "b"]
    assert errors[0].origin == f"{path}:line 2" and "nested too deeply" in errors[0].reason


def test_json_file_nested_too_deeply_is_a_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path / "deep.json", "[" * 5000 + "]" * 5000)
    documents, errors = collect([path])
    assert documents == [] and "nested too deeply" in errors[0].reason


@pytest.mark.parametrize("field", ["id", "text", "title"])
def test_lone_surrogate_is_reported_for_that_record_only(tmp_path: Path, field: str) -> None:
    bad = {"id": "bad", "text": RAID, "title": "t"}
    raw = json.dumps(bad).replace(json.dumps(bad[field]), '"x\\ud800"')
    lines = [json.dumps({"id": "a", "text": RAID}), raw, json.dumps({"id": "b", "text": TRUCE})]
    path = write(tmp_path / "surrogate.jsonl", "\n".join(lines) + "\n")
    documents, errors = collect([path])
    assert [d.id for d in documents] == ["a", "b"]
    assert errors == [
        IngestError(
            f"{path}:line 2",
            f"'{field}' is not valid Unicode (a lone surrogate \\ud800 at character 1)",
        )
    ]


def test_non_scalar_metadata_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "meta.jsonl", json.dumps({"text": RAID, "title": {"a": 1}}) + "\n")
    assert collect([path])[1] == [
        IngestError(f"{path}:line 1", "'title' must be a string, found an object")
    ]


def test_read_text_refuses_a_lone_surrogate() -> None:
    with pytest.raises(IngestFailure, match="lone surrogate"):
        read_text("Police said \ud800 it rained.")


@pytest.mark.parametrize(
    "value",
    ["2025-03-14T07:35:22Z", "2025-03-14T07:35:22+05:30", "2025-03-14 07:35", "2025-03-14"],
)
def test_iso_timestamps_for_published(tmp_path: Path, value: str) -> None:
    path = write(tmp_path / "ts.jsonl", json.dumps({"text": RAID, "published": value}) + "\n")
    documents, _ = collect([path])
    assert documents[0].published == dt.date(2025, 3, 14)


def test_jsonl_whose_first_line_is_a_nul_byte_keeps_the_rest(tmp_path: Path) -> None:
    # Found by tests/test_fuzz.py: the binary check saw only the first line.
    path = write(tmp_path / "nul-first.jsonl", b"\x00\n" + json.dumps({"text": RAID}).encode())
    documents, errors = collect([path])
    assert [d.text for d in documents] == [RAID]
    assert [e.origin for e in errors] == [f"{path}:line 1"]

"""Write a corpus of malformed input files, each with the good records it must keep.

Every file mixes good records (ids ``<case>-good-N``) with one kind of damage: invalid bytes,
NUL bytes, unclosed and stray quotes, deep nesting, lone surrogates, wrong types, odd encodings
and line endings, truncation. ``.manifest.json`` (hidden, so readers skip it) lists, for each
file, the ids a reader must keep and the lines it must report. ``tests/test_fuzz.py`` runs
every reader (and the CLI) over it; nothing is committed but this generator.

    python scripts/malformed_corpus.py OUT_DIR
"""

from __future__ import annotations

import argparse
import codecs
import json
from dataclasses import dataclass, field
from pathlib import Path

# Short sentences written for the corpus: analysis is quick, and there is something to find.
SENTENCES = [
    "Gunmen attacked a police post near the river on Sunday, killing two officers.",
    "Elders from both valleys agreed to a ten-day truce after talks in the market town.",
    "Protesters marched to the governor's office on Monday to demand the release of a teacher.",
]


@dataclass
class Case:
    """One malformed file: its name, bytes, the ids it must keep and the lines to report."""

    name: str
    data: bytes
    keep: list[str] = field(default_factory=list)
    bad_lines: list[int] = field(default_factory=list)  # lines (or items) reported, in order
    whole_file_error: bool = False  # the file as a whole is refused (a single document)


def good(case: str, n: int) -> dict[str, str]:
    return {"id": f"{case}-good-{n}", "text": SENTENCES[n % len(SENTENCES)]}


def jsonl(records: list[str | bytes]) -> bytes:
    return b"\n".join(r if isinstance(r, bytes) else r.encode("utf-8") for r in records) + b"\n"


def _jsonl_cases() -> list[Case]:
    cases = []

    def case(name: str, bad: bytes | str, *, keep_bad: bool = False) -> None:
        g = [json.dumps(good(name, i)) for i in range(3)]
        lines: list[str | bytes] = [g[0], bad, g[1], g[2]]
        keep = [good(name, i)["id"] for i in range(3)]
        cases.append(Case(f"{name}.jsonl", jsonl(lines), keep, [] if keep_bad else [2]))

    case("jsonl-invalid-byte", b'{"id": "x", "text": "caf\xe9 bombing"}')
    case("jsonl-nul-byte", b'{"id": "x", "text": "a \x00 b"}')
    case("jsonl-not-json", "{this is not json")
    case("jsonl-truncated", '{"id": "x", "text": "cut off')
    case("jsonl-deep-nesting", '{"text": ' + "[" * 1000 + "]" * 1000 + "}")
    case("jsonl-deeper-nesting", "[" * 100_000)
    case("jsonl-surrogate-id", '{"id": "\\ud800", "text": "The army said so."}')
    case("jsonl-surrogate-text", '{"id": "x", "text": "The army \\udfff said so."}')
    case("jsonl-surrogate-title", '{"text": "The army said so.", "title": "\\ud83d"}')
    case("jsonl-list-line", '["text", "a list"]')
    case("jsonl-number-line", "12345")
    case("jsonl-text-number", '{"id": "x", "text": 42}')
    case("jsonl-text-empty", '{"id": "x", "text": "   "}')
    case("jsonl-no-text", '{"id": "x", "body": "elsewhere"}')
    case("jsonl-title-object", '{"text": "The army said so.", "title": {"a": [1, 2]}}')
    case("jsonl-huge-number-id", '{"id": 1e400, "text": "The army said so."}', keep_bad=True)
    case(
        "jsonl-bad-published",
        '{"text": "The army said so.", "published": "0000-00-00"}',
        keep_bad=True,
    )
    # crlf line endings, a BOM on the first line, no newline at the end
    g = [json.dumps(good("jsonl-crlf-bom", i)) for i in range(3)]
    cases.append(
        Case(
            "jsonl-crlf-bom.jsonl",
            codecs.BOM_UTF8 + "\r\n".join(g).encode("utf-8"),
            [good("jsonl-crlf-bom", i)["id"] for i in range(3)],
        )
    )
    # blank lines between records are not records
    g = [json.dumps(good("jsonl-blank-lines", i)) for i in range(2)]
    cases.append(
        Case(
            "jsonl-blank-lines.jsonl",
            jsonl([g[0], "", "   ", g[1]]),
            [good("jsonl-blank-lines", i)["id"] for i in range(2)],
        )
    )
    return cases


def csv_row(record: dict[str, str]) -> str:
    return f'{record["id"]},"{record["text"]}"'


def _csv_cases() -> list[Case]:
    cases = []

    def case(name: str, bad: bytes | str, *, bad_lines: tuple[int, ...] = (3,)) -> None:
        rows: list[str | bytes] = ["id,text"]
        rows += [csv_row(good(name, 0)), bad, csv_row(good(name, 1)), csv_row(good(name, 2))]
        keep = [good(name, i)["id"] for i in range(3)]
        cases.append(Case(f"{name}.csv", jsonl(rows), keep, list(bad_lines)))

    case("csv-invalid-byte", b'x,"one bad \xff byte"')
    case("csv-invalid-byte-unquoted", b"x,one bad \xc3\x28 byte")
    case("csv-nul-byte", b'x,"a NUL \x00 inside"', bad_lines=())
    case("csv-unclosed-quote", 'x,"never closed')
    case("csv-stray-quote", 'x,"closed" and more')
    case("csv-extra-fields", "x,unquoted, with commas, everywhere")
    case("csv-empty-text", 'x,""')
    case("csv-only-id", "x")
    case("csv-multiline-field", 'x,"first line\n\nsecond paragraph"', bad_lines=())
    # the unclosed quote in the last row runs to the end of the file
    rows = ["id,text", csv_row(good("csv-quote-at-end", 0)), csv_row(good("csv-quote-at-end", 1))]
    cases.append(
        Case(
            "csv-quote-at-end.csv",
            jsonl([*rows, 'x,"the end never comes', "more text"]),
            [good("csv-quote-at-end", i)["id"] for i in range(2)],
            [4, 5],
        )
    )
    # UTF-16 with a BOM, CRLF line endings
    rows = ["id,text", *(csv_row(good("csv-utf16", i)) for i in range(2))]
    cases.append(
        Case(
            "csv-utf16.csv",
            "\r\n".join(rows).encode("utf-16"),
            [good("csv-utf16", i)["id"] for i in range(2)],
        )
    )
    cases.append(Case("csv-header-only.csv", b"id,text\n", whole_file_error=True))
    cases.append(Case("csv-no-text-column.csv", b"id,body\n1,x\n", whole_file_error=True))
    return cases


def _json_cases() -> list[Case]:
    g = [good("json-list", i) for i in range(3)]
    items = [g[0], {"title": "no text"}, "a string", g[1], {"text": 5}, g[2]]
    return [
        Case(
            "json-list.json",
            json.dumps(items).encode(),
            [r["id"] for r in g],
            [2, 3, 5],
        ),
        Case(
            "json-surrogate.json",
            ("[" + json.dumps(g[0]) + ', {"id": "\\udc00", "text": "x"}]').encode(),
            [g[0]["id"]],
            [2],
        ),
        Case("json-deep.json", b"[" * 5000 + b"]" * 5000, whole_file_error=True),
        Case("json-scalar.json", b"42", whole_file_error=True),
        Case("json-empty-list.json", b"[]", whole_file_error=True),
        Case("json-truncated.json", b'[{"text": "cut', whole_file_error=True),
    ]


def _single_document_cases() -> list[Case]:
    return [
        Case("text-invalid-byte.txt", b"The army \xff said so.", whole_file_error=True),
        Case("text-nul.txt", b"\x00\x00binary\x00", whole_file_error=True),
        Case("text-whitespace.txt", b"  \n\t\n", whole_file_error=True),
        Case("text-empty.txt", b"", whole_file_error=True),
        Case(
            "html-no-body.html",
            b"<html><body><script>x()</script></body></html>",
            whole_file_error=True,
        ),
        Case(
            "html-bad-charset.html",
            b'<html><head><meta charset="no-such-charset"></head><body>\xff\xfe</body></html>',
            whole_file_error=True,
        ),
    ]


def cases() -> list[Case]:
    return [*_jsonl_cases(), *_csv_cases(), *_json_cases(), *_single_document_cases()]


def write(folder: Path) -> list[Case]:
    """Write every case into ``folder`` with its ``.manifest.json``; returns the cases."""
    folder.mkdir(parents=True, exist_ok=True)
    made = cases()
    manifest = {}
    for case in made:
        (folder / case.name).write_bytes(case.data)
        manifest[case.name] = {
            "keep": case.keep,
            "bad_lines": case.bad_lines,
            "whole_file_error": case.whole_file_error,
        }
    (folder / ".manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the corpus into")
    made = write(parser.parse_args().out)
    print(f"wrote {len(made)} malformed files and .manifest.json")


if __name__ == "__main__":
    main()

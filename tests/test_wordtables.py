"""The validating word-table loader and the actor word tables kept as data files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitroom.wordtables import TableError, load_tables


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "words.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_loads_and_records_reads(tmp_path: Path) -> None:
    path = _write(tmp_path, "a: [x, y]\nb: {k: v}\nc: [[p, q]]\n")
    tables = load_tables(path, {"a": "words", "b": "map", "c": "pairs"})
    assert tables.words("a") == {"x", "y"}
    assert tables.unread() == {"b", "c"}
    assert tables.mapping("b") == {"k": "v"}
    assert tables.pairs("c") == [("p", "q")]
    assert tables.unread() == set()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [x]\nz: [y]\n", "unknown keys"),
        ("{}\n", "missing keys"),
        ("a: [x]\na: [y]\n", "duplicate key"),
        ("a: [x, x]\n", "repeated words"),
        ("a: {k: v}\n", "list of words"),
    ],
)
def test_malformed_files_are_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(TableError, match=message):
        load_tables(_write(tmp_path, text), {"a": "words"})


def test_lists_and_numbers_tables(tmp_path: Path) -> None:
    path = _write(tmp_path, "a: {nation: [state, government]}\nb: {both: 2}\n")
    tables = load_tables(path, {"a": "lists", "b": "numbers"})
    assert tables.lists("a") == {"nation": ("state", "government")}
    assert tables.numbers("b") == {"both": 2}
    for text, kind in (
        ("a: {nation: []}\n", "lists"),
        ("a: {nation: state}\n", "lists"),
        ("a: {both: two}\n", "numbers"),
        ("a: {both: true}\n", "numbers"),
    ):
        with pytest.raises(TableError, match="expected a mapping"):
            load_tables(_write(tmp_path, text), {"a": kind})  # type: ignore[dict-item]


def test_a_table_read_as_the_wrong_kind_is_an_error(tmp_path: Path) -> None:
    tables = load_tables(_write(tmp_path, "a: [x]\n"), {"a": "words"})
    with pytest.raises(TableError):
        tables.mapping("a")


def test_every_key_of_the_actor_word_tables_is_read() -> None:
    # Importing the packages builds their constants from the tables: a key no code reads
    # would stay unread here.
    from sitroom.actors.words import WORDS as LINKING
    from sitroom.kb.names import WORDS as KB_WORDS

    assert KB_WORDS.unread() == set()
    assert LINKING.unread() == set()
    # ... and the constant each key fills is used by the code, not only defined.
    root = Path(__file__).resolve().parents[1] / "src" / "sitroom"
    constants = {
        "kb": {"function_words": "_FUNCTION_WORDS", "org_hints": "_ORG_HINTS",
               "group_words": "GROUP_WORDS", "person_name_openers": "PERSON_NAME",
               "non_agent_heads": "NON_AGENT_HEADS"},
        "actors": {key: key.upper() for key in LINKING.names()},
    }  # fmt: skip
    assert set(constants["kb"]) == KB_WORDS.names()
    for package, names in constants.items():
        source = "\n".join(p.read_text() for p in (root / package).glob("*.py"))
        for key, constant in names.items():
            uses = re.findall(rf"(?<![\w.]){constant}\b", source)
            assert len(uses) >= 2, f"{package}: table {key!r} ({constant}) is never used"


def test_the_kb_cache_honours_sitroom_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitroom.kb.cache import cache_path
    from sitroom.kb.reader import shipped_files

    monkeypatch.setenv("SITROOM_CACHE_DIR", str(tmp_path))
    path = cache_path(shipped_files())
    assert path is not None and path.parent == tmp_path


def test_one_acronym_test() -> None:
    from sitroom.text import is_acronym

    assert is_acronym("IS") and is_acronym("IS-K") and is_acronym("U.N.") and is_acronym("M23")
    assert not is_acronym("Taliban") and not is_acronym("Islamic State")
    assert is_acronym("ZLF", token=True) and not is_acronym("U.S.", token=True)
    assert not is_acronym("23A", token=True) and not is_acronym("A", token=True)

"""A validating loader for word tables kept as YAML data files beside the code.

A table file is a YAML mapping from table names to a list of words, a mapping of words to
labels, a mapping of words to lists of labels, a mapping of words to whole numbers, or a list
of ``[pattern, label]`` pairs. The module that uses a file declares its
schema (name -> kind); loading fails on a key the schema does not declare, a declared key the
file lacks, a key written twice, a repeated word, or a value of the wrong shape. Each table
is read through an accessor that records the read, so a test can check that every key of the
file is used by some code (:meth:`WordTables.unread`).
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from sitroom.rules import RuleError, load_yaml

__all__ = ["TableError", "WordTables", "load_tables"]

Kind = Literal["words", "map", "lists", "numbers", "pairs"]


class TableError(RuleError):
    """A word-table file does not match its schema."""


class WordTables:
    """The validated tables of one file; each accessor marks its key as read."""

    def __init__(self, name: str, data: Mapping[str, Any], schema: Mapping[str, Kind]) -> None:
        self.name = name
        unknown = sorted(set(data) - set(schema))
        missing = sorted(set(schema) - set(data))
        if unknown:
            raise TableError(f"{name}: unknown keys {unknown}")
        if missing:
            raise TableError(f"{name}: missing keys {missing}")
        self._data = dict(data)
        self._schema = dict(schema)
        self._read: set[str] = set()
        for key, kind in schema.items():
            _check(name, key, kind, data[key])

    def words(self, key: str) -> frozenset[str]:
        return frozenset(self._take(key, "words"))

    def word_list(self, key: str) -> tuple[str, ...]:
        """The words in file order (for tables whose order matters)."""
        return tuple(self._take(key, "words"))

    def mapping(self, key: str) -> dict[str, str]:
        return dict(self._take(key, "map"))

    def lists(self, key: str) -> dict[str, tuple[str, ...]]:
        """A mapping of words to non-empty lists of labels ("nation: [state, government]")."""
        return {str(k): tuple(v) for k, v in self._take(key, "lists").items()}

    def numbers(self, key: str) -> dict[str, int]:
        """A mapping of words to whole numbers ("both: 2")."""
        return {str(k): int(v) for k, v in self._take(key, "numbers").items()}

    def pairs(self, key: str) -> list[tuple[str, str]]:
        return [(str(a), str(b)) for a, b in self._take(key, "pairs")]

    def names(self) -> frozenset[str]:
        return frozenset(self._data)

    def unread(self) -> set[str]:
        """Keys of the file that no accessor has read."""
        return set(self._data) - self._read

    def _take(self, key: str, kind: Kind) -> Any:
        declared = self._schema.get(key)
        if declared is None:
            raise TableError(f"{self.name}: no table {key!r}")
        if declared != kind:
            raise TableError(f"{self.name}: {key!r} is a {declared} table, read as {kind}")
        self._read.add(key)
        return self._data[key]


def _check(name: str, key: str, kind: Kind, value: Any) -> None:
    where = f"{name}: {key}"
    if kind == "words":
        if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
            raise TableError(f"{where}: expected a list of words")
        repeated = sorted({w for w in value if value.count(w) > 1})
        if repeated:
            raise TableError(f"{where}: repeated words {repeated}")
    elif kind == "map":
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise TableError(f"{where}: expected a mapping of words to labels")
    elif kind == "lists":
        if not isinstance(value, dict) or not all(
            isinstance(k, str)
            and isinstance(v, list)
            and v
            and all(isinstance(x, str) and x for x in v)
            for k, v in value.items()
        ):
            raise TableError(f"{where}: expected a mapping of words to non-empty lists of labels")
    elif kind == "numbers":
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
            for k, v in value.items()
        ):
            raise TableError(f"{where}: expected a mapping of words to whole numbers")
    elif kind == "pairs":
        if not isinstance(value, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
            for p in value
        ):
            raise TableError(f"{where}: expected a list of [pattern, label] pairs")
    else:  # pragma: no cover - guarded by the Kind type
        raise TableError(f"{where}: unknown kind {kind!r}")


def load_tables(path: str | Path, schema: Mapping[str, Kind]) -> WordTables:
    """Load and validate a table file; a relative ``path`` is under ``sitroom/data/``."""
    file = Path(path)
    if not file.is_absolute():
        file = Path(str(resources.files("sitroom") / "data")) / file
    text = file.read_text(encoding="utf-8")
    try:
        data = load_yaml(text, name=file.name)
    except RuleError as exc:  # a key written twice: the strict loader of sitroom.rules
        raise TableError(str(exc)) from None
    if not isinstance(data, dict):
        raise TableError(f"{file.name}: expected a mapping of tables")
    return WordTables(file.name, data, schema)

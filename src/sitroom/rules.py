"""Rule files: the word tables of the extraction stages, kept as data.

Each stage keeps its cue words, stop lists and small mappings in a YAML file under
``sitroom/data/rules/`` and reads it through :func:`rules`. The loader is strict: a duplicate
key (at any depth) or a duplicate word in a list is an error, and every key must be read by the
code (:meth:`RuleFile.unread` lists those that were not; a test checks that none is left once
the stages are imported), so a table cannot drift away from the code that uses it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from typing import Any

import yaml


class RuleError(ValueError):
    """A rule file is malformed: duplicate key, duplicate entry, wrong shape, unknown key."""


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe YAML loader that refuses duplicate mapping keys."""


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise RuleError(f"duplicate key {key!r} (line {key_node.start_mark.line + 1})")
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load_yaml(text: str, *, name: str = "<yaml>") -> Any:
    """Parse YAML, refusing duplicate keys."""
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except RuleError as exc:
        raise RuleError(f"{name}: {exc}") from None


def _check_unique(name: str, key: str, items: list[Any]) -> None:
    seen: set[Any] = set()
    for item in items:
        if isinstance(item, str | int | float) and item in seen:
            raise RuleError(f"{name}: {key}: {item!r} is listed twice")
        seen.add(item)


class RuleFile:
    """One rule file's top-level keys, each read once by a typed accessor."""

    def __init__(self, name: str, data: Mapping[str, Any]) -> None:
        if not isinstance(data, Mapping):
            raise RuleError(f"{name}: the top level must be a mapping")
        self.name = name
        self._data = dict(data)
        self._read: set[str] = set()

    def _get(self, key: str) -> Any:
        if key not in self._data:
            raise RuleError(f"{self.name}: no key {key!r}")
        self._read.add(key)
        return self._data[key]

    def words(self, key: str) -> frozenset[str]:
        """A list of words (lowercase lemmas or phrases) as a set."""
        return frozenset(self.ordered(key))

    def ordered(self, key: str) -> list[str]:
        """A list of words whose order matters (priorities), no duplicates."""
        value = self._get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RuleError(f"{self.name}: {key} must be a list of strings")
        _check_unique(self.name, key, value)
        return list(value)

    def table(self, key: str) -> dict[str, Any]:
        """A mapping of words to values (strings, numbers or lists)."""
        value = self._get(key)
        if not isinstance(value, Mapping):
            raise RuleError(f"{self.name}: {key} must be a mapping")
        for k, v in value.items():
            if isinstance(v, list):
                _check_unique(self.name, f"{key}.{k}", v)
        return dict(value)

    def raw(self, key: str) -> Any:
        return self._get(key)

    def keys(self) -> frozenset[str]:
        return frozenset(self._data)

    def unread(self) -> list[str]:
        """Keys no code has read (a test checks none is left)."""
        return sorted(set(self._data) - self._read)


@functools.cache
def rules(name: str) -> RuleFile:
    """The rule file ``sitroom/data/rules/<name>.yaml``, loaded once per process."""
    path = resources.files("sitroom") / "data" / "rules" / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    return RuleFile(f"{name}.yaml", load_yaml(text, name=f"{name}.yaml"))


RULE_FILES = ("events", "eventness", "casualties", "coding", "relations", "numbers", "time", "nlp")

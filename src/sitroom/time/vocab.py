"""The time stage's word tables, read once from ``data/time/words.yaml``.

The loader is strict: an unknown or duplicate key, or a missing one, is an error, so the file and
the code cannot drift apart (``tests/time/test_vocab.py`` checks that every key is read).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from sitroom.numbers import UNITS

KEYS = (
    "weekdays",
    "ambiguous_months",
    "extra_quantities",
    "period_words",
    "relative_days",
    "no_fixed_point",
    "anchor_units",
    "precision_rank",
)


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise ValueError(f"duplicate key {key!r} in the time word tables")
        seen.add(key)
    return dict(loader.construct_mapping(node))


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def parse(text: str) -> dict[str, Any]:
    """The word tables of a YAML text, validated: exactly the keys of :data:`KEYS`."""
    data = yaml.load(text, Loader=_UniqueKeyLoader)
    if not isinstance(data, dict):
        raise ValueError("the time word tables must be a mapping")
    unknown = sorted(set(data) - set(KEYS))
    missing = sorted(set(KEYS) - set(data))
    if unknown or missing:
        raise ValueError(f"time word tables: unknown keys {unknown}, missing keys {missing}")
    if len(data["weekdays"]) != 7:
        raise ValueError("time word tables: weekdays must list seven days, Monday first")
    return data


@dataclass(frozen=True)
class Vocabulary:
    month_by_prefix: dict[str, int]
    weekdays: tuple[str, ...]
    ambiguous_months: frozenset[str]
    number_words: dict[str, int]
    period_words: tuple[str, ...]
    relative_days: dict[str, int]
    no_fixed_point: tuple[str, ...]
    anchor_units: dict[str, str]
    precision_rank: dict[str, int]


def load(text: str | None = None) -> Vocabulary:
    if text is None:
        text = (resources.files("sitroom") / "data" / "time" / "words.yaml").read_text("utf-8")
    data = parse(text)
    return Vocabulary(
        month_by_prefix={
            name[:3].lower(): number for number, name in enumerate(calendar.month_name) if name
        },
        weekdays=tuple(data["weekdays"]),
        ambiguous_months=frozenset(data["ambiguous_months"]),
        # The small numbers of sitroom.numbers ("three weeks ago"), then the extra ones.
        number_words={
            **{w: n for w, n in UNITS.items() if 1 <= n <= 12 and w not in ("single", "no")},
            **{str(w): int(n) for w, n in data["extra_quantities"].items()},
        },
        period_words=tuple(data["period_words"]),
        relative_days={str(k): int(v) for k, v in data["relative_days"].items()},
        no_fixed_point=tuple(data["no_fixed_point"]),
        anchor_units={str(k): str(v) for k, v in data["anchor_units"].items()},
        precision_rank={str(k): int(v) for k, v in data["precision_rank"].items()},
    )


VOCAB = load()

"""The time stage's word tables, read once from ``data/rules/time.yaml``.

Loaded through :mod:`sitroom.rules`, which refuses duplicate keys and words; every key is read
here, and ``tests/test_rules.py`` checks that none is left unread.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

from sitroom.numbers import UNITS
from sitroom.rules import RuleFile, rules


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
    future_auxiliaries: frozenset[str]
    announcing_words: frozenset[str]
    announcing_for: frozenset[str]


def load(file: RuleFile) -> Vocabulary:
    weekdays = tuple(file.ordered("weekdays"))
    if len(weekdays) != 7:
        raise ValueError(f"{file.name}: weekdays must list seven days, Monday first")
    return Vocabulary(
        month_by_prefix={
            name[:3].lower(): number for number, name in enumerate(calendar.month_name) if name
        },
        weekdays=weekdays,
        ambiguous_months=file.words("ambiguous_months"),
        # The small numbers of sitroom.numbers ("three weeks ago"), then the extra ones.
        number_words={
            **{w: n for w, n in UNITS.items() if 1 <= n <= 12 and w not in ("single", "no")},
            **{str(w): int(n) for w, n in file.table("extra_quantities").items()},
        },
        period_words=tuple(file.ordered("period_words")),
        relative_days={str(k): int(v) for k, v in file.table("relative_days").items()},
        no_fixed_point=tuple(file.ordered("no_fixed_point")),
        anchor_units={str(k): str(v) for k, v in file.table("anchor_units").items()},
        future_auxiliaries=file.words("future_auxiliaries"),
        announcing_words=file.words("announcing_words"),
        announcing_for=file.words("announcing_for"),
    )


VOCAB = load(rules("time"))

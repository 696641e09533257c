"""The phrase alternation of the violence signals: one look-behind per run of phrases gives the
matches of one guarded alternative per phrase (written for the test)."""

from __future__ import annotations

import re

from sitroom.incidents.signals import _alternation
from sitroom.incidents.vocabulary import default_vocabulary


def _one_per_phrase(items: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for w in sorted(items, key=len, reverse=True):
        before = r"(?<!\w)" if w[0].isalnum() else ""
        after = r"(?!\w)" if w[-1].isalnum() else ""
        parts.append(before + re.escape(w) + after)
    return re.compile("|".join(parts))


TEXTS = [
    "a trade war and a price war, then the trade-war talk; warfare is not war.",
    "the relegation battle went on; embattled? no. 'battle' -- a battle-hardened unit",
    "#fight night (fight) -fight- and #fightback at fight club, x-fight",
    "they opened fire, an air strike hit; airstrikes and air striker",
    "",
]


def test_grouped_alternation_matches_one_alternative_per_phrase() -> None:
    vocab = default_vocabulary()
    phrase_sets = [
        vocab.metaphor_frames,
        vocab.violence_phrases,
        # phrases with and without word characters at their ends, mixed lengths
        ("war", "trade war", "#fight", "fight)", "-fight-", "x", "battle", "(fight)"),
    ]
    for items in phrase_sets:
        grouped = _alternation(items)
        assert grouped is not None
        plain = _one_per_phrase(items)
        assert grouped.pattern != plain.pattern
        for text in TEXTS:
            assert [m.span() for m in grouped.finditer(text)] == [
                m.span() for m in plain.finditer(text)
            ]
    assert _alternation(()) is None

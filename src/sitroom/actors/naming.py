"""Names of actors the knowledge base does not know: their id, cleaned text and guessed type."""

from __future__ import annotations

import re

from sitroom.actors.words import TYPE_CUES
from sitroom.kb.names import slugify

__all__ = ["clean_name", "guess_type", "slugify", "strip_article"]


def guess_type(name: str) -> str:
    lowered = name.lower()
    for pattern, kind in TYPE_CUES:
        if re.search(pattern, lowered):
            return kind
    return "other"


def strip_article(text: str) -> str:
    """Entity text without a leading "the"."""
    return re.sub(r"^(the|The)\s+", "", text.strip())


def clean_name(text: str) -> str:
    """Entity text without a leading article or a trailing possessive."""
    text = re.sub(r"^(the|The)\s+", "", text.strip())
    text = re.sub(r"(['’]s|['’])$", "", text)
    return text.strip(' \t\n,.;:"“”')

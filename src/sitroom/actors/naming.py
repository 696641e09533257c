"""Names of actors the knowledge base does not know: their id, cleaned text and guessed type."""

from __future__ import annotations

import re
import unicodedata

from sitroom.actors.words import TYPE_CUES

__all__ = ["clean_name", "guess_type", "slugify", "strip_article"]


def slugify(name: str) -> str:
    """A stable id for an actor the knowledge base does not know."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"['’`]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "actor"


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

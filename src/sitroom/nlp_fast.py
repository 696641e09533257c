"""spaCy's attribute ruler and lemmatizer made faster, with identical output.

**Attribute ruler**: its matches by table lookups.

The English pipeline's ``attribute_ruler`` maps fine-grained tags to coarse ones and fixes
morphology and lemmas of a few hundred words. It holds about 180 patterns, almost all of one
token with plain equality tests (``{"TAG": "VBD"}``, ``{"LOWER": "ca", "TAG": "MD"}``), and
runs spaCy's general :class:`~spacy.matcher.Matcher` over every token for them: about 15% of
the pipeline's time. Here those one-token patterns are looked up in dictionaries keyed by the
token's attribute values (read for the whole document in one ``Doc.to_array`` call), once per
distinct combination of the values they test (a memo: most tokens repeat one). The dozen others
(several tokens; ``IN``, ``NOT_IN`` and ``REGEX`` tests) are tested on the whole document's
columns at once with numpy; only patterns with operators (``"OP"``) or other attributes would
still go through a Matcher.

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
import re
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
# A test on one token's column: (position in INDEXED_ATTRS, "==", "IN", "NOT_IN" or "REGEX",
# the value: a hash, an array of hashes or a compiled regex).
_Test = tuple[int, str, Any]
# Distinct value combinations remembered by the indexed lookups (cleared when full).
_MEMO_LIMIT = 200_000


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
        # (pattern id, its tests token by token), in pattern order
        self._sequences: list[tuple[int, list[list[_Test]]]] = []
        self._indexed = self._tested = self._left = 0
        for pattern_id, entry in enumerate(ruler.patterns):
            self._match_ids.append(strings.add(str(pattern_id)))
            left: list[list[dict[str, Any]]] = []
            for alternative in entry["patterns"]:
                keys = _lookup_keys(alternative, strings)
                if keys is None:
                    tests = _sequence_tests(alternative, strings)
                    if tests is None:
                        self._left += 1
                        left.append(alternative)
                    else:
                        self._tested += 1
                        self._sequences.append((pattern_id, tests))
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
        # The columns the tables read: a token's lookups depend on these values alone.
        used = sorted({k for signature in tables for k in signature})
        self._key: Callable[[list[int]], Any] = _getter(tuple(used)) if used else lambda _: ()
        self._memo: dict[Any, list[int]] = {}  # those values -> the pattern ids they match
        self._regex_memo: dict[re.Pattern[str], dict[int, bool]] = {}  # value hash -> found
        self._rest = rest if len(rest) else None

    def __call__(self, doc: Doc) -> list[Match]:
        """The matches of every pattern, as ``AttributeRuler.match`` returns them."""
        found: list[Match] = []
        if len(doc):
            array = doc.to_array(self._attr_ids)
            match_ids = self._match_ids
            memo, key_of = self._memo, self._key
            if len(memo) > _MEMO_LIMIT:
                memo.clear()
            for i, row in enumerate(array.tolist()):
                key = key_of(row)
                ids = memo.get(key)
                if ids is None:
                    ids = memo[key] = self._lookup(row)
                if ids:
                    found.extend((p, match_ids[p], i, i + 1) for p in ids)
            for pattern_id, tests in self._sequences:
                size = len(tests)
                match_id = match_ids[pattern_id]
                for start in self._starts(array, tests, doc).tolist():
                    found.append((pattern_id, match_id, start, start + size))
        if self._rest is not None:
            strings = self._strings
            for match_id, start, end in self._rest(doc, allow_missing=True, as_spans=False):
                found.append((int(strings[match_id]), match_id, start, end))
        # The Matcher reports a pattern once per span, however many of its alternatives match.
        return sorted(set(found))

    def _lookup(self, row: list[int]) -> list[int]:
        """The ids of the one-token patterns a token with these values matches, ascending."""
        ids: set[int] = set()
        for _, get, table in self._tables:
            ids.update(table.get(get(row), ()))
        return sorted(ids)

    def _starts(self, array: Any, tests: list[list[_Test]], doc: Doc) -> Any:
        """The token positions where a sequence of token tests matches (the Matcher's starts
        for a pattern without operators)."""
        n, size = len(array), len(tests)
        if n < size:
            return numpy.empty(0, dtype="int64")
        ok = numpy.ones(n - size + 1, dtype=bool)
        for k, token_tests in enumerate(tests):
            window = array[k : n - size + 1 + k]
            for column, kind, value in token_tests:
                values = window[:, column]
                if kind == "==":
                    ok &= values == value
                elif kind == "IN":
                    ok &= numpy.isin(values, value)
                elif kind == "NOT_IN":
                    ok &= ~numpy.isin(values, value)
                else:  # REGEX: searched in the value's string, once per distinct value
                    at = numpy.flatnonzero(ok)
                    if at.size:
                        distinct, inverse = numpy.unique(values[at], return_inverse=True)
                        memo = self._regex_memo.setdefault(value, {})
                        if len(memo) > _MEMO_LIMIT:
                            memo.clear()
                        hits = [self._search(value, memo, v) for v in distinct.tolist()]
                        ok[at] = numpy.asarray(hits, dtype=bool)[inverse]
        return numpy.flatnonzero(ok)

    def _search(self, regex: re.Pattern[str], memo: dict[int, bool], value: int) -> bool:
        found = memo.get(value)
        if found is None:
            found = memo[value] = bool(regex.search(self._strings[value]))
        return found

    @property
    def indexed_share(self) -> float:
        """The share of pattern alternatives answered without the Matcher (by lookups, or by
        column tests)."""
        done = self._indexed + self._tested
        return done / (done + self._left) if done + self._left else 1.0


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


def _sequence_tests(
    alternative: Sequence[dict[str, Any]], strings: Any
) -> list[list[_Test]] | None:
    """A pattern of one or more tokens whose every test is an equality, ``IN``, ``NOT_IN`` (on
    string values) or ``REGEX`` on :data:`INDEXED_ATTRS`, as column tests; None for any other
    (an operator, another attribute or predicate)."""
    if not alternative:
        return None
    tests: list[list[_Test]] = []
    for spec in alternative:
        if not spec or any(name not in INDEXED_ATTRS for name in spec):
            return None
        token_tests: list[_Test] = []
        for name, value in spec.items():
            column = INDEXED_ATTRS.index(name)
            boolean = name in _BOOLEAN_ATTRS
            if isinstance(value, dict):
                if len(value) != 1 or boolean:
                    return None
                ((kind, option),) = value.items()
                if (
                    kind in ("IN", "NOT_IN")
                    and isinstance(option, list)
                    and all(isinstance(v, str) for v in option)
                ):
                    hashes = numpy.asarray([strings.add(v) for v in option], dtype="uint64")
                    token_tests.append((column, kind, hashes))
                elif kind == "REGEX" and isinstance(option, str):
                    token_tests.append((column, kind, re.compile(option)))
                else:
                    return None
            elif boolean and isinstance(value, bool):
                token_tests.append((column, "==", numpy.uint64(int(value))))
            elif not boolean and isinstance(value, str):
                token_tests.append((column, "==", numpy.uint64(strings.add(value))))
            else:
                return None
        # the cheap tests first; a regex only where the others hold
        token_tests.sort(key=lambda test: test[1] == "REGEX")
        tests.append(token_tests)
    return tests


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

"""The annotated document: spaCy's analysis copied into plain, slotted Python objects.

:mod:`sitroom.nlp` owns spaCy and produces an :class:`AnnotatedDoc`; every later stage
(actors, places, time, events, relations) reads only these types, so each can be tested
without a model and no spaCy object crosses a module boundary.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(slots=True)
class Token:
    i: int  # index in the document
    text: str
    idx: int  # character offset of the token's start
    lemma: str
    pos: str  # universal POS (NOUN, VERB, PROPN, ...)
    tag: str  # fine-grained PTB tag (VBD, NNS, ...)
    dep: str  # dependency label (nsubj, dobj, ...)
    head: int  # index of the syntactic head (itself for the root)
    ent_type: str = ""  # entity label of the span this token is in, "" if none
    ent_iob: str = "O"  # "B", "I" or "O"
    like_num: bool = False
    ws: str = ""  # trailing whitespace
    sent: int = 0  # index of the sentence the token is in
    # the text in lower case, kept: the rule stages read it hundreds of thousands of times
    lower: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.lower = self.text.lower()

    @property
    def end(self) -> int:
        return self.idx + len(self.text)


@dataclass(slots=True)
class Sentence:
    i: int
    start: int  # character offsets
    end: int
    token_start: int  # token range [token_start, token_end)
    token_end: int
    paragraph: int = 0  # index of the paragraph (blank line / newline separated block)


@dataclass(slots=True)
class EntitySpan:
    label: str  # spaCy label: ORG, PERSON, GPE, LOC, NORP, FAC, DATE, CARDINAL, ...
    start: int  # character offsets
    end: int
    token_start: int
    token_end: int
    text: str
    kb_id: str = ""  # actor id when the entity ruler matched a knowledge-base alias


@dataclass
class AnnotatedDoc:
    text: str
    tokens: list[Token]
    sentences: list[Sentence]
    entities: list[EntitySpan]
    noun_chunks: list[tuple[int, int]] = field(default_factory=list)  # token ranges
    _children: list[list[int]] = field(default_factory=list, repr=False, compare=False)
    _starts: list[int] = field(default_factory=list, repr=False, compare=False)
    _ends: list[int] = field(default_factory=list, repr=False, compare=False)
    # built on first use: entity index of each token (-1: none), sentence starts
    _entity_of: list[int] | None = field(default=None, repr=False, compare=False)
    _sentence_starts: list[int] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._children = [[] for _ in self.tokens]
        for t in self.tokens:
            if t.head != t.i:
                self._children[t.head].append(t.i)
        self._starts = [t.idx for t in self.tokens]
        self._ends = [t.idx + len(t.text) for t in self.tokens]

    def token_range(self, start: int, end: int) -> range:
        """Indexes of the tokens that overlap the characters ``[start, end)``."""
        first = bisect.bisect_right(self._ends, start)
        last = bisect.bisect_left(self._starts, end) - 1
        return range(first, last + 1)

    # -- navigation helpers used by the rule stages ------------------------------------------

    def children(self, i: int) -> list[Token]:
        return [self.tokens[j] for j in self._children[i]]

    def prep_objects(self, i: int, *preps: str) -> list[Token]:
        """Objects of token ``i``'s prepositions ``preps``: "the bodies of seven men" -> men."""
        return [
            o
            for p in self.children(i)
            if p.dep == "prep" and p.lower in preps
            for o in self.children(p.i)
            if o.dep == "pobj"
        ]

    def subtree(self, i: int) -> list[Token]:
        """Token ``i`` and all its descendants, in text order."""
        out: list[int] = []
        stack = [i]
        while stack:
            j = stack.pop()
            out.append(j)
            stack.extend(self._children[j])
        return [self.tokens[j] for j in sorted(out)]

    def ancestors(self, i: int) -> Iterator[Token]:
        steps = 0
        while self.tokens[i].head != i and steps < len(self.tokens):
            i = self.tokens[i].head
            steps += 1
            yield self.tokens[i]

    def sentence_of(self, token_i: int) -> Sentence:
        return self.sentences[self.tokens[token_i].sent]

    def sentence_at(self, char: int) -> Sentence | None:
        if self._sentence_starts is None:
            self._sentence_starts = [s.start for s in self.sentences]
        k = bisect.bisect_right(self._sentence_starts, char) - 1
        if k >= 0 and char < self.sentences[k].end:
            return self.sentences[k]
        return None

    def token_at_or_after(self, char: int) -> Token | None:
        """The first token that starts at or after the character offset ``char``."""
        k = bisect.bisect_left(self._starts, char)
        return self.tokens[k] if k < len(self.tokens) else None

    def span_head(self, start: int, end: int) -> Token | None:
        """The syntactic head of the characters ``[start, end)``: the first token wholly
        inside them whose head lies outside (or the root), else the last such token; None
        when no token lies wholly inside."""
        tokens = [self.tokens[i] for i in self.token_range(start, end)]
        tokens = [t for t in tokens if t.idx >= start and t.end <= end]
        if not tokens:
            return None
        inside = {t.i for t in tokens}
        return next((t for t in tokens if t.head not in inside or t.head == t.i), tokens[-1])

    def sentence_tokens(self, s: Sentence) -> list[Token]:
        return self.tokens[s.token_start : s.token_end]

    def entity_at_token(self, i: int) -> EntitySpan | None:
        if self._entity_of is None:
            index = [-1] * len(self.tokens)
            for k in reversed(range(len(self.entities))):  # the first entity wins an overlap
                e = self.entities[k]
                for j in range(max(e.token_start, 0), min(e.token_end, len(self.tokens))):
                    index[j] = k
            self._entity_of = index
        if not 0 <= i < len(self._entity_of):
            return None
        k = self._entity_of[i]
        return self.entities[k] if k >= 0 else None

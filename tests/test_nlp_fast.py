"""The indexed attribute ruler gives spaCy's Matcher's matches, and the same tokens.

Model-free tests build the ruler and the ``Doc``s by hand (tags, dependencies, spaces); the
model tests compare the shipped English ruler on sentences written for the test.
"""

from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from sitroom.nlp_fast import (
    LEMMA_FIXES,
    IndexedAttributeMatch,
    MemoLemmatizer,
    index_attribute_ruler,
    memoize_lemmatizer,
)

WORDS = ["They", "ca", "n't", "go", " ", "gon", "na", "The", "cat", "sat", "."]
TAGS = ["PRP", "MD", "RB", "VB", "_SP", "VBG", "TO", "DT", "NN", "VBD", "."]
DEPS = ["nsubj", "aux", "neg", "ROOT", "dep", "aux", "aux", "det", "nsubj", "ROOT", "punct"]
HEADS = [3, 3, 3, 3, 3, 3, 5, 8, 9, 9, 9]
SPACES = [True, False, True, False, False, False, True, True, True, False, False]


def _ruler(nlp: English) -> AttributeRuler:
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add_patterns(
        [
            {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
            {"patterns": [[{"TAG": {"IN": ["VB", "VBD"]}}]], "attrs": {"POS": "VERB"}},
            # two alternatives that both match "cat": the Matcher reports it once
            {"patterns": [[{"TAG": "NN"}], [{"LOWER": "cat"}]], "attrs": {"LEMMA": "cat"}},
            {"patterns": [[{"LOWER": "ca", "TAG": "MD"}]], "attrs": {"LEMMA": "can"}},
            {"patterns": [[{"DEP": "neg", "LOWER": "n't"}]], "attrs": {"LEMMA": "not"}},
            {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE"}},
            # several tokens, regexes and NOT_IN: tested on the document's columns
            {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}},
            {
                "patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]],
                "attrs": {"LEMMA": "to"},
                "index": 1,
            },
            {"patterns": [[{"LOWER": {"REGEX": "^s.t$"}}]], "attrs": {"LEMMA": "sit"}},
            {
                "patterns": [[{"TAG": {"NOT_IN": ["VB", ""]}, "DEP": {"IN": ["aux", "neg"]}}]],
                "attrs": {"POS": "AUX"},
            },
            {
                "patterns": [[{"DEP": "det"}, {"LOWER": {"REGEX": "^c"}, "TAG": "NN"}]],
                "attrs": {"LEMMA": "kitty"},
                "index": -1,
            },
            {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"DEP": "dep"}},
            # an operator: left to the Matcher
            {"patterns": [[{"TAG": "DT"}, {"TAG": "NN", "OP": "+"}]], "attrs": {"MORPH": "X=1"}},
            # a later pattern on the same token wins, as in the ruler
            {"patterns": [[{"TAG": "VBD"}]], "attrs": {"POS": "AUX"}},
        ]
    )
    return ruler


def _doc(nlp: English) -> Doc:
    return Doc(nlp.vocab, words=WORDS, spaces=SPACES, tags=TAGS, deps=DEPS, heads=HEADS)


def test_indexed_matches_equal_the_matcher_on_a_hand_built_doc() -> None:
    nlp = English()
    ruler = _ruler(nlp)
    doc = _doc(nlp)
    indexed = IndexedAttributeMatch(ruler)
    expected = AttributeRuler.match(ruler, doc)
    assert indexed(doc) == expected
    # only the pattern with an operator is left to the Matcher
    assert 0.8 < indexed.indexed_share < 1.0
    assert indexed(doc) == expected  # again, from the memos
    # "cat" matched once by the pattern with two alternatives
    cat = WORDS.index("cat")
    assert sum(1 for m in expected if m[0] == 2 and m[2] == cat) == 1


def test_indexed_ruler_sets_the_same_attributes() -> None:
    nlp = English()
    _ruler(nlp)
    plain = nlp.get_pipe("attribute_ruler")(_doc(nlp))
    assert index_attribute_ruler(nlp)
    indexed = nlp.get_pipe("attribute_ruler")(_doc(nlp))
    got = [(t.pos_, t.lemma_, str(t.morph)) for t in indexed]
    assert got == [(t.pos_, t.lemma_, str(t.morph)) for t in plain]
    assert indexed[WORDS.index("sat")].pos_ == "AUX"  # the later pattern won
    assert indexed[WORDS.index("na")].lemma_ == "to"  # index 1 of the two-token pattern
    assert indexed[WORDS.index(" ")].pos_ == "SPACE"
    assert indexed[WORDS.index("cat")].lemma_ == "kitty"  # index -1 of a regex sequence
    assert indexed[WORDS.index("ca")].pos_ == "AUX"  # NOT_IN and IN
    assert str(indexed[WORDS.index("The")].morph) == "X=1"  # the Matcher's pattern


def test_empty_doc_and_pipeline_without_a_ruler() -> None:
    nlp = English()
    ruler = _ruler(nlp)
    assert IndexedAttributeMatch(ruler)(Doc(nlp.vocab, words=[])) == []
    assert not index_attribute_ruler(English())


SENTENCES = [
    "Rebels ain't gonna leave the town, the commander said, and they can't be forced out.",
    "She'd have wanted the talks to go on; he won't sign unless the army withdraws.",
    "Gunmen killed 12 villagers on Tuesday.\n\nPolice in the capital arrested two suspects.",
    "THE MINISTRY SAID IT WOULD NOT COMMENT ON THE STRIKES ON 3 MAY 2024 AT 14:00.",
    "“We’re ready,” said Lt. Col. Amina Yusuf, whose unit’s convoy was hit near the   bridge.",
]


@pytest.mark.model
def test_shipped_ruler_gives_identical_tokens() -> None:
    import spacy

    from sitroom.settings import get_settings

    plain = spacy.load(get_settings().model)
    indexed = spacy.load(get_settings().model)
    assert index_attribute_ruler(indexed)
    ruler = indexed.get_pipe("attribute_ruler")
    assert IndexedAttributeMatch(ruler).indexed_share > 0.9
    for a, b in zip(plain.pipe(SENTENCES), indexed.pipe(SENTENCES), strict=True):
        assert [(t.tag_, t.pos_, t.lemma_, str(t.morph)) for t in a] == [
            (t.tag_, t.pos_, t.lemma_, str(t.morph)) for t in b
        ]


@pytest.mark.model
def test_memoized_lemmatizer_gives_identical_lemmas() -> None:
    import spacy

    from sitroom.settings import get_settings

    plain = spacy.load(get_settings().model)
    memo = spacy.load(get_settings().model)
    assert memoize_lemmatizer(memo)
    assert memo.pipe_names == plain.pipe_names
    lemmatizer = memo.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, MemoLemmatizer)
    # twice: the second pass answers from the memo alone
    for _ in range(2):
        for a, b in zip(plain.pipe(SENTENCES), memo.pipe(SENTENCES), strict=True):
            assert _fixed_lemmas(a) == [t.lemma_ for t in b]
        for text in SENTENCES:  # one document at a time (``nlp(text)``), too
            assert _fixed_lemmas(plain(text)) == [t.lemma_ for t in memo(text)]
    assert lemmatizer.memo
    assert memo("").text == ""
    # the attribute ruler's lemmas are kept: "ca" of "can't" is "can", not "ca"
    assert [t.lemma_ for t in memo("They can't.")][1] == "can"


def fixed_lemma(lower: str, pos: str, lemma: str) -> str:
    """``lemma``, or sitroom's fix (``LEMMA_FIXES``) for the word ``lower`` with tag ``pos``:
    what the memoized lemmatizer should give."""
    return LEMMA_FIXES.get(pos, {}).get(lower, lemma)


def _fixed_lemmas(doc: Doc) -> list[str]:
    """spaCy's lemmas with sitroom's fixes applied, as the memoized lemmatizer gives them."""
    return [fixed_lemma(t.lower_, t.pos_, t.lemma_) for t in doc]


def test_lemma_fixes_by_word_and_coarse_tag() -> None:
    assert fixed_lemma("staged", "VERB", "stag") == "stage"
    assert fixed_lemma("bases", "NOUN", "basis") == "base"
    assert fixed_lemma("bases", "VERB", "base") == "base"  # no fix for this tag: kept
    assert fixed_lemma("staged", "ADJ", "staged") == "staged"


@pytest.mark.model
def test_memoized_lemmatizer_applies_the_lemma_fixes(annotator) -> None:
    ann = annotator.annotate("Gunmen staged raids on two army bases. Staging it took weeks.")
    lemmas = {t.text: t.lemma for t in ann.tokens}
    assert lemmas["staged"] == "stage"
    assert lemmas["bases"] == "base"
    assert lemmas["Staging"] == "stage"
    # the memo keeps the fixed lemma for the next document
    again = annotator.annotate("Militants staged an attack.")
    assert [t.lemma for t in again.tokens if t.text == "staged"] == ["stage"]


def test_no_rule_lemmatizer_no_memo() -> None:
    assert not memoize_lemmatizer(English())


@pytest.mark.model
def test_sitroom_pipeline_uses_the_indexed_ruler(annotator) -> None:
    ruler = annotator.nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler.match, IndexedAttributeMatch)
    assert isinstance(annotator.nlp.get_pipe("lemmatizer"), MemoLemmatizer)


@pytest.mark.slow
@pytest.mark.model
def test_identical_matches_on_the_voa_stories(shared_dir) -> None:
    """Every VOA story (public domain, Voice of America): the same matches, token for token."""
    import json

    import spacy

    from sitroom.settings import get_settings

    nlp = spacy.load(get_settings().model)
    ruler = nlp.get_pipe("attribute_ruler")
    indexed = IndexedAttributeMatch(ruler)
    path = shared_dir / "data" / "voa" / "stories.jsonl"
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        for doc in nlp.pipe(texts):
            assert indexed(doc) == AttributeRuler.match(ruler, doc)
    fast = spacy.load(get_settings().model)
    index_attribute_ruler(fast)
    memoize_lemmatizer(fast)
    for a, b in zip(nlp.pipe(texts), fast.pipe(texts), strict=True):
        assert [(t.pos_, str(t.morph)) for t in a] == [(t.pos_, str(t.morph)) for t in b]
        assert _fixed_lemmas(a) == [t.lemma_ for t in b]


def _reference_annotation(doc: Doc) -> tuple[list[tuple[object, ...]], list[tuple[int, ...]]]:
    """Tokens, sentences and noun chunks read one spaCy object at a time (the slow way)."""
    tokens = [
        (
            t.i,
            t.text,
            t.idx,
            t.lemma_,
            t.pos_,
            t.tag_,
            t.dep_,
            t.head.i,
            t.ent_type_,
            t.ent_iob_ or "O",
            t.like_num,
            t.whitespace_,
            t.sent.start,
        )
        for t in doc
    ]
    spans = [(s.start_char, s.start, s.end) for s in doc.sents]
    spans += [(c.start, c.end) for c in doc.noun_chunks]
    return tokens, spans


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        *SENTENCES,
        "",
        "  Leading spaces.\n\n\nThree breaks; and the rebels, police and soldiers, and they.",
        "Troops of the 5th brigade and their allies seized 3,000 rifles from Boko Haram.",
    ],
)
def test_conversion_reads_what_spacy_tokens_say(annotator, text: str) -> None:
    from sitroom.nlp import to_annotated

    doc = annotator.nlp(text)
    ann = to_annotated(doc)
    assert ann.text == text == doc.text
    tokens, spans = _reference_annotation(doc)
    starts = [s.token_start for s in ann.sentences]
    got = [
        (
            t.i,
            t.text,
            t.idx,
            t.lemma,
            t.pos,
            t.tag,
            t.dep,
            t.head,
            t.ent_type,
            t.ent_iob,
            t.like_num,
            t.ws,
            starts[t.sent],
        )
        for t in ann.tokens
    ]
    assert got == tokens
    got_spans = [(s.start, s.token_start, s.token_end) for s in ann.sentences]
    assert got_spans + list(ann.noun_chunks) == spans
    assert [(e.text, e.start, e.end, e.label) for e in ann.entities] == [
        (e.text, e.start_char, e.end_char, e.label_) for e in doc.ents
    ]

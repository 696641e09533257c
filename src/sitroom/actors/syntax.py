"""Syntactic tests on an annotated document used by the actor linker."""

from __future__ import annotations

from sitroom.actors.model import AgentLike, KnowledgeBase
from sitroom.actors.words import (
    ACTOR_DEPS,
    ACTOR_HEAD_NOUNS,
    ACTOR_PREPOSITIONS,
    CAPITAL_ARRIVAL_VERBS,
    CAPITAL_DESTINATION_PREPOSITIONS,
    CAPITAL_OBJECT_VERBS,
    CAPITAL_PREPOSITIONS,
    GROUP_ANAPHORS,
    PLACE_PREPOSITIONS,
    ROLE_NOUNS,
)
from sitroom.annotation import AnnotatedDoc, Token


def agent_sense(doc: AnnotatedDoc, noun: Token, kb: KnowledgeBase) -> AgentLike | None:
    """The agent sense of a noun, trying its modifiers first: "service members", "aid workers",
    "armed men" (armed men are an armed group, men alone civilians)."""
    mods = [c for c in doc.children(noun.i) if c.dep in ("compound", "amod") and c.i < noun.i]
    for mod in mods:  # longest phrase first; names ("US" service members) are not part of it
        if mod.ent_type or (mod.pos == "PROPN" and not starts_sentence(doc, mod.i)):
            continue  # a capital at the start of a sentence is no name ("Prison guards")
        phrase = " ".join(t.text.lower() for t in doc.tokens[mod.i : noun.i + 1])
        sense = kb.agent(phrase)
        if sense is not None:
            return sense
    return kb.agent(noun.lemma.lower()) or kb.agent(noun.text.lower())


def starts_sentence(doc: AnnotatedDoc, i: int) -> bool:
    return doc.sentence_of(i).token_start == i


def role_before_comma(doc: AnnotatedDoc, start: int) -> list[Token]:
    """ "the Taliban's leader at the time, X,": an apposition the parser attached elsewhere.

    Looks back from the comma before a name, within its sentence and at most eight tokens,
    for a role noun with no verb or other comma in between.
    """
    if start == 0 or doc.tokens[start - 1].text != ",":
        return []
    sent_start = doc.sentence_of(start).token_start
    for tok in reversed(doc.tokens[max(sent_start, start - 9) : start - 1]):
        if tok.pos in ("VERB", "AUX") or tok.text in (",", ";", ":"):
            return []
        if tok.lemma.lower() in ROLE_NOUNS and tok.pos == "NOUN":
            return [tok]
    return []


def main_subject(doc: AnnotatedDoc, i: int) -> bool:
    """Is token ``i`` (or the phrase it heads) the subject of its sentence's main verb?"""
    tok = doc.tokens[i]
    steps = 0
    while tok.dep in ("compound", "conj", "appos", "amod") and steps < 4:
        tok = doc.tokens[tok.head]
        steps += 1
    return tok.dep in ("nsubj", "nsubjpass") and doc.tokens[tok.head].dep == "ROOT"


def span_head(doc: AnnotatedDoc, start: int, end: int) -> int:
    for i in range(start, end):
        h = doc.tokens[i].head
        if h < start or h >= end or h == i:
            return i
    return end - 1


def acts(doc: AnnotatedDoc, head: int, kb: KnowledgeBase) -> bool:
    """Is a country name used as an actor rather than as a place?"""
    tok = doc.tokens[head]
    seen = 0
    # "Russia, Iran, and China": follow the first conjunct; "in Gwoza, Borno, Nigeria": the
    # country in apposition to a place is a place too.
    while tok.dep in ("conj", "appos") and seen < 5:
        tok = doc.tokens[tok.head]
        seen += 1
    if tok.ent_type in ("GPE", "LOC", "FAC") and tok.i != head and tok.dep == "pobj":
        prep = doc.tokens[tok.head]
        if prep.lower in PLACE_PREPOSITIONS:
            return False
    if tok.dep in ACTOR_DEPS:
        return True
    if tok.dep in ("compound", "amod", "nmod"):
        return modifies_agent_or_org(doc, tok.i, kb)
    if tok.dep == "pobj":
        prep = doc.tokens[tok.head]
        if prep.lower in PLACE_PREPOSITIONS:
            return False
        return prep.lower in ACTOR_PREPOSITIONS and prep.lower != "from"
    return False


def capital_acts(doc: AnnotatedDoc, head: int) -> bool:
    """Is a capital's name used for its government ("Beijing protested", "sanctioned by
    Moscow", "urged Tehran") rather than as a place ("in Beijing", "visited Moscow")?"""
    tok = doc.tokens[head]
    seen = 0
    while tok.dep in ("conj", "appos") and seen < 5:  # "Washington and Beijing agreed"
        tok = doc.tokens[tok.head]
        seen += 1
    if tok.dep == "nsubj":  # not "Kyiv was shelled", "Kabul's airport": places
        return True
    gov = doc.tokens[tok.head]
    if tok.dep == "pobj":
        return gov.lower in CAPITAL_PREPOSITIONS
    if tok.dep in ("dobj", "obj"):
        return gov.lemma.lower() in CAPITAL_OBJECT_VERBS
    return False


def capital_aimed_at(doc: AnnotatedDoc, head: int) -> bool:
    """Is a capital's name, used as a place, what an act may be aimed at: its owner ("Manila's
    claim"), the object of a verb ("visited Cairo"), where one goes, leaves or acts for ("a trip
    to Moscow", "withdrew from Kabul"), not where something happens ("in Moscow", "outside
    Nairobi")?"""
    tok = doc.tokens[head]
    if tok.dep in ("poss", "dobj", "obj"):
        return True
    if tok.dep != "pobj":
        return False
    prep = doc.tokens[tok.head]
    gov = doc.tokens[prep.head]
    kids = doc.children(gov.i)
    if any(c.dep in ("auxpass", "nsubjpass") for c in kids) or (
        gov.tag == "VBN" and not any(c.dep == "aux" for c in kids)
    ):
        # "the soldiers were flown to Juba", "handed over and flown to Juba": where they
        # were taken, a place
        return False
    if prep.lower == "in":  # "arrived in Tehran"
        return gov.lemma.lower() in CAPITAL_ARRIVAL_VERBS
    return prep.lower in CAPITAL_DESTINATION_PREPOSITIONS


def modifies_agent_or_org(doc: AnnotatedDoc, head: int, kb: KnowledgeBase) -> bool:
    tok = doc.tokens[head]
    noun = doc.tokens[tok.head]
    steps = 0
    while noun.dep in ("conj", "amod", "compound") and noun.pos in ("ADJ", "PROPN") and steps < 4:
        noun = doc.tokens[noun.head]
        steps += 1
    if noun.i == tok.i:
        return False
    if agent_sense(doc, noun, kb) is not None:
        return True
    return noun.lemma.lower() in ACTOR_HEAD_NOUNS or (noun.ent_type == "ORG")


def is_acting(doc: AnnotatedDoc, head: int) -> bool:
    return doc.tokens[head].dep in ACTOR_DEPS


def is_definite_anaphor(doc: AnnotatedDoc, tok: Token) -> bool:
    if tok.lower not in GROUP_ANAPHORS or tok.ent_type:
        return False
    dets = [c for c in doc.children(tok.i) if c.dep == "det"]
    if not dets or dets[0].lower != "the":
        return False
    # "the group's leader" is still the group; but "the militant group X" names X itself.
    return not any(c.dep in ("compound", "appos") and c.ent_type for c in doc.children(tok.i))


def in_place_phrase(doc: AnnotatedDoc, i: int) -> bool:
    """Is token ``i`` inside a phrase of place ("in Nahiyat Yathrib", "at the residence of X",
    "the area of Y"), as the object of a place preposition or of an "of" under one?"""
    tok = doc.tokens[i]
    for _ in range(6):
        while tok.dep in ("compound", "appos", "conj", "flat") and tok.head != tok.i:
            tok = doc.tokens[tok.head]
        if tok.dep != "pobj":
            return False
        prep = doc.tokens[tok.head]
        if prep.lower in PLACE_PREPOSITIONS:
            return True
        if prep.lower != "of" or prep.head == prep.i:
            return False
        tok = doc.tokens[prep.head]
    return False


def in_quotation(doc: AnnotatedDoc, i: int) -> bool:
    """Is token ``i`` inside quoted words of its sentence (an opening mark before it and not
    closed, or a closing mark after it with none opened)? In a quote, "he" is the speaker's."""
    tok = doc.tokens[i]
    sentence = doc.sentences[tok.sent]
    opened = 0
    straight = 0
    for t in doc.tokens[sentence.token_start : i]:
        if t.text in ("“", "‘‘", "``"):
            opened += 1
        elif t.text in ("”", "’’", "''"):
            opened = max(0, opened - 1)
        elif t.text == '"':
            straight += 1
    if opened or straight % 2:
        return True
    for t in doc.tokens[i + 1 : sentence.token_end]:
        if t.text in ("“", "‘‘", "``"):
            return False
        if t.text in ("”", "’’", "''"):
            return True
    return False


def in_same_phrase(doc: AnnotatedDoc, a: int, b: int) -> bool:
    return doc.tokens[a].head == b or doc.tokens[b].head == a

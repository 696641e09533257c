"""Killed and wounded counts from casualty statements in a parsed sentence.

A *casualty statement* is a predicate of death or injury ("were killed", "killing", "died",
"left five dead", "wounded", "deaths") with the noun phrase of its victims. The count is read
from that phrase: numerals and number words ("Thirty-two", "at least 13", "1,200"), coordinated
parts summed ("three soldiers and two civilians"), a singular victim counted as one ("a soldier
was shot"), and "no one"/"no casualties" as zero. Vague quantities ("dozens", "scores",
"an unknown number") give no count and a note. Numbers that are years or ages, or that sit in an
"including ..." phrase (a part already counted), are never taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitroom.annotation import AnnotatedDoc, Token
from sitroom.numbers import parse_number
from sitroom.rules import rules

_RULES = rules("casualties")
# Predicates that report an outcome, someone dead or hurt, without saying how ("were killed",
# "died", "five dead", "injured"). The events stage reads a sentence made only of these as the
# toll of an incident reported before it.
KILLED_OUTCOME_LEMMAS = _RULES.words("killed_outcome_lemmas")
WOUNDED_OUTCOME_LEMMAS = _RULES.words("wounded_outcome_lemmas")
TOLL_LEMMAS = frozenset(KILLED_OUTCOME_LEMMAS | WOUNDED_OUTCOME_LEMMAS)
# Predicates that also name the act ("beheaded", "assassinated").
KILL_LEMMAS = KILLED_OUTCOME_LEMMAS | _RULES.words("killing_lemmas")
WOUND_LEMMAS = WOUNDED_OUTCOME_LEMMAS | _RULES.words("wounding_lemmas")
BOTH_LEMMAS = _RULES.words("killed_or_wounded_lemmas")
_DEATH_NOUNS = _RULES.words("death_nouns")
VAGUE = _RULES.words("vague_quantities")
_COUNT_HEDGES = _RULES.words("count_hedges")
_AGE_UNITS = _RULES.words("age_units")
_PART_PREPOSITIONS = _RULES.words("part_prepositions")
_NEGATIVE_PRONOUNS = _RULES.words("negative_pronouns")
_BODY_NOUNS = _RULES.words("body_nouns")
_FINDING_VERBS = _RULES.words("finding_verbs")
_PERSON_PLURAL_WITHOUT_NUMBER = "unspecified number"


@dataclass(frozen=True, slots=True)
class CasualtyStatement:
    kind: str  # "killed" or "wounded"
    count: int | None
    token: int  # the predicate token
    note: str | None = None
    victims: tuple[int, ...] = ()  # heads of the victim phrases
    coded: bool = False  # the toll a dataset's own note says it coded


def _is_year_or_age(doc: AnnotatedDoc, tok: Token) -> bool:
    if tok.ent_type in ("DATE", "TIME", "MONEY", "PERCENT"):
        return True
    nxt = doc.tokens[tok.i + 1 : tok.i + 4]
    return any(t.lower in _AGE_UNITS for t in nxt[:2]) and any(t.lower == "old" for t in nxt)


def _number_of(doc: AnnotatedDoc, head: Token) -> tuple[int | None, str | None]:
    """Count of one victim noun phrase head: (count, note)."""
    kids = doc.children(head.i)
    if (
        any(c.dep == "det" and c.lower == "no" for c in kids)
        or (head.lower in ("one", "body") and any(c.lower == "no" for c in kids))
        or head.lower in _NEGATIVE_PRONOUNS
    ):
        return 0, None
    nums = [c for c in kids if c.dep in ("nummod", "quantmod") and c.like_num]
    if head.like_num and head.pos == "NUM":
        nums.append(head)
    for num in nums:
        if _is_year_or_age(doc, num):
            continue
        words = [t.text for t in doc.subtree(num.i) if t.dep != "advmod" and t.pos != "ADV"]
        words = [w for w in words if w.lower() not in _COUNT_HEDGES]
        while words and words[0].lower() == "to":  # "up to 10"
            words = words[1:]
        value = parse_number(words)
        if value is not None:
            return value, None
    seen = {c.lower for c in kids} | {head.lower}
    if seen & VAGUE:
        return None, f"vague count: {' '.join(t.text for t in doc.subtree(head.i))}"
    if head.tag in ("NN", "NNP") and head.lower not in ("number", "people"):
        # A singular victim: "a soldier was shot", "the commander was killed".
        return 1, None
    if any(c.dep == "det" and c.lower in ("a", "an") for c in kids):
        # "a Doctors Without Borders worker", "a Border Guards member": a plural-looking name
        # inside one person's description
        return 1, None
    if head.pos == "PROPN" and any(c.dep == "compound" and c.pos == "PROPN" for c in kids):
        # a person's full name whose last word looks plural to the tagger ("Juan Reyes")
        return 1, None
    if head.tag in ("NNS", "NNPS") or head.lower == "people":
        earlier = _earlier_count(doc, head)
        if earlier is not None:
            return earlier, "count from an earlier mention"
        return None, _PERSON_PLURAL_WITHOUT_NUMBER
    return None, None


def _earlier_count(doc: AnnotatedDoc, head: Token) -> int | None:
    """ "abducted 11 coal miners ... The coal miners were shot": a definite plural takes the
    number of the closest earlier phrase with the same noun, within three sentences."""
    dets = [c for c in doc.children(head.i) if c.dep == "det"]
    if not dets or dets[0].lower not in ("the", "these", "those"):
        return None
    first = doc.sentences[max(0, head.sent - 3)].token_start
    for tok in reversed(doc.tokens[first : head.i]):
        if tok.lemma == head.lemma and tok.i != head.i:
            nums = [c for c in doc.children(tok.i) if c.dep == "nummod" and c.like_num]
            if nums and not _is_year_or_age(doc, nums[0]):
                return parse_number([t.text for t in doc.subtree(nums[0].i) if t.pos == "NUM"])
    return None


def _victim_count(doc: AnnotatedDoc, heads: list[Token]) -> tuple[int | None, str | None]:
    """Sum the parts of a coordinated victim phrase: "three soldiers and two civilians"."""
    parts: list[Token] = []
    for h in heads:
        parts.append(h)
        stack = [h]
        while stack:
            cur = stack.pop()
            for c in doc.children(cur.i):
                if c.dep == "conj" and c.pos in ("NOUN", "PROPN", "NUM", "PRON"):
                    parts.append(c)
                    stack.append(c)
    total = 0
    note = None
    for k, part in enumerate(parts):
        n, part_note = _number_of(doc, part)
        if n is None and k > 0 and total and _describes_the_count(doc, parts, k):
            # "Fifteen people, soldiers and civilians, were killed": the bare plurals after a
            # counted head say who they were, they are not more victims
            break
        if n is None:
            return None, part_note
        total += n
        note = note or part_note  # e.g. "count from an earlier mention"
    return total, note


def _describes_the_count(doc: AnnotatedDoc, parts: list[Token], k: int) -> bool:
    """Part ``k`` opens, after a comma, a list of bare nouns none of which has a number."""
    opens_after_comma = parts[k].i > 0 and doc.tokens[parts[k].i - 1].text == ","
    rest_bare = all(
        not any(c.dep == "nummod" for c in doc.children(p.i)) and not p.like_num for p in parts[k:]
    )
    return opens_after_comma and rest_bare


def _is_passive(doc: AnnotatedDoc, tok: Token) -> bool:
    return any(c.dep in ("auxpass", "nsubjpass") for c in doc.children(tok.i)) or (
        tok.tag == "VBN" and tok.dep in ("acl", "amod", "conj")
    )


def _victims(doc: AnnotatedDoc, pred: Token) -> list[Token]:
    kids = doc.children(pred.i)
    if pred.pos == "VERB" and pred.lemma not in ("die", "perish"):
        if _is_passive(doc, pred):
            subj = [c for c in kids if c.dep in ("nsubjpass", "nsubj")]
            if subj:
                return subj
            # "a soldier was shot and killed": the conjunct shares the subject.
            if pred.dep == "conj":
                return _victims(doc, doc.tokens[pred.head])
            if pred.dep in ("acl", "amod"):  # "two people killed in the blast"
                return [doc.tokens[pred.head]]
            return []
        objs = [c for c in kids if c.dep in ("dobj", "obj")]
        if objs:
            return objs
        # "...and injured 14": a number standing alone as the object
        return [c for c in kids if c.dep in ("npadvmod", "attr") and c.like_num]
    if pred.lemma in ("die", "perish"):
        subj = [c for c in kids if c.dep == "nsubj"]
        if not subj and pred.dep == "conj":
            return _victims(doc, doc.tokens[pred.head])
        return subj
    # Adjectives and nouns: "five dead", "left 12 injured", "32 deaths", "no casualties".
    if pred.pos == "NOUN" and pred.lemma in _DEATH_NOUNS:
        # "died of their injuries" restates a casualty, it does not count one
        if any(c.dep == "poss" for c in kids):
            return []
        # "the death penalty", "death threats", "the death overs", "injury time": a noun that
        # only modifies another noun names a kind of thing, no one who died or was hurt
        if pred.dep == "compound" and pred.head != pred.i:
            return []
        return doc.prep_objects(pred.i, "of") or [pred]  # "the death of at least 23 people"
    own = [c for c in kids if c.like_num or (c.dep == "det" and c.lower == "no")]
    if own:
        return [pred]
    if pred.dep in ("amod",) and doc.tokens[pred.head].pos in ("NOUN", "PROPN"):
        return [doc.tokens[pred.head]]
    if pred.pos == "ADJ" and pred.dep in ("oprd", "acomp", "xcomp"):
        # "were shot dead", "were found dead", "left two wounded": the verb's object or subject
        verb = doc.children(pred.head)
        return [c for c in verb if c.dep in ("dobj", "nsubjpass")] or [
            c for c in verb if c.dep == "nsubj"
        ]
    subj = [c for c in kids if c.dep in ("nsubj", "nsubjpass")]
    return subj


def _bodies_found(doc: AnnotatedDoc, tok: Token) -> list[Token]:
    """ "the bodies of seven men were found", "police recovered 12 bodies": the dead."""
    if tok.lemma.lower() not in _BODY_NOUNS or tok.head == tok.i:
        return []
    if doc.tokens[tok.head].lemma.lower() not in _FINDING_VERBS:
        return []
    return doc.prep_objects(tok.i, "of") or [tok]


def _inside_including(doc: AnnotatedDoc, tok: Token) -> bool:
    for anc in doc.ancestors(tok.i):
        if anc.dep == "prep" and anc.lower in _PART_PREPOSITIONS:
            return True
    return False


# ACLED's notes state the toll they coded when it differs from the reports: "Fatalities coded
# as 0 (VoJ reported 3)", "13 fatalities split across 3 events coded as 4", "Fatalities are
# split across 2 events (6)". That number is the toll of the event the note describes.
_CODED_TOLL = re.compile(
    r"\bfatalit(?:y|ies)\b(?:(?![.;]).)*?\b(?:coded (?:as|to)|split across \d+ events \()\s*"
    r"(?P<n>\d+)\b",
    re.IGNORECASE,
)


def _coded_toll(doc: AnnotatedDoc, token_start: int, token_end: int) -> CasualtyStatement | None:
    if token_start >= token_end:
        return None
    start = doc.tokens[token_start].idx
    match = _CODED_TOLL.search(doc.text, start, doc.tokens[token_end - 1].end)
    if match is None:
        return None
    noun = next(t for t in doc.tokens[token_start:token_end] if t.idx >= match.start())
    return CasualtyStatement(
        "killed", int(match["n"]), noun.i, "toll as coded in the dataset's note", coded=True
    )


def casualty_statements(
    doc: AnnotatedDoc, token_start: int, token_end: int
) -> list[CasualtyStatement]:
    """All casualty statements among tokens ``[token_start, token_end)``."""
    coded = _coded_toll(doc, token_start, token_end)
    out: list[CasualtyStatement] = [coded] if coded else []
    for tok in doc.tokens[token_start:token_end]:
        if coded is not None and tok.i == coded.token:
            continue
        lemma = tok.lemma.lower()
        bodies = _bodies_found(doc, tok)
        if bodies:
            count, note = _victim_count(doc, bodies)
            out.append(CasualtyStatement("killed", count, tok.i, note, tuple(b.i for b in bodies)))
            continue
        if lemma in BOTH_LEMMAS:
            kinds = ["killed", "wounded"]
        elif lemma in KILL_LEMMAS or tok.lower in ("dead",):
            kinds = ["killed"]
        elif lemma in WOUND_LEMMAS or tok.lower in ("wounded", "injured"):
            kinds = ["wounded"]
        else:
            continue
        if tok.pos not in ("VERB", "NOUN", "ADJ") or _inside_including(doc, tok):
            continue
        if any(c.dep == "neg" for c in doc.children(tok.i)):
            # "no one was killed" is a zero; "did not kill" is not a statement of victims.
            continue
        victims: list[Token] = []
        if lemma in BOTH_LEMMAS:
            count, note = _number_of(doc, tok)
            if count != 0:
                continue  # "casualties" mixes killed and wounded: only "no casualties" is usable
        else:
            victims = _victims(doc, tok)
            if not victims:
                continue
            victims = [v for v in victims if not _inside_including(doc, v)]
            count, note = _victim_count(doc, victims)
        for kind in kinds:
            out.append(CasualtyStatement(kind, count, tok.i, note, tuple(v.i for v in victims)))
    return out


def summarize(statements: list[CasualtyStatement]) -> tuple[int | None, int | None, list[str]]:
    """Killed and wounded for one incident: the largest count of each kind.

    Separate statements about one incident usually restate the toll ("32 killed ... the dead
    included 12 children"), so they are not added up; parts of one statement are (see above).
    """
    coded = [s.count for s in statements if s.coded and s.count is not None]
    killed = [s.count for s in statements if s.kind == "killed" and s.count is not None]
    wounded = [s.count for s in statements if s.kind == "wounded" and s.count is not None]
    notes = sorted({s.note for s in statements if s.note})
    if coded:  # the dataset's own coded toll overrides the reports it summarizes
        return coded[-1], max(wounded) if wounded else None, notes
    return (max(killed) if killed else None, max(wounded) if wounded else None, notes)

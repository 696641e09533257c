"""Dates of events: their own date expression, a dateline, or the date of the incident they
continue."""

from __future__ import annotations

from itertools import pairwise

from sitroom.actors.words import GROUP_PRONOUNS, PERSON_PRONOUNS, SPEECH_VERBS
from sitroom.annotation import AnnotatedDoc, Sentence, Token
from sitroom.events.base import _INHERIT_MARKERS, RULES, Draft, LexiconLike
from sitroom.events.eventness import clause_verb
from sitroom.events.incidents import _last_sentence
from sitroom.models import TimeExpression
from sitroom.ontology import ontology

# Who speaks again in the next sentence: a person or a group by pronoun (the actors' lists).
_SPEAKER_PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS
_QUOTED_DEPS = frozenset({"ccomp", "parataxis", "xcomp", "advcl"})  # the reported clause
_DATE_BARRIERS = RULES.words("date_clause_barriers")
_TRIGGER_CLAUSES = RULES.words("trigger_modifier_clauses")
_SPEECH_BARRIERS = RULES.words("speech_act_date_barriers")
_DEADLINE_PREPS = RULES.words("deadline_preps")
_BEFORE = RULES.words("before_words")
_FRAME_VERBS = RULES.words("date_frame_verbs")
_PRESENT_TAGS = RULES.words("present_tense_tags")
_ANNOUNCED = frozenset({"planned", "hypothetical"})
_FRAME_POS = frozenset({"ADP", "ADV", "SCONJ"})  # "On", "Around", "As (reported) on"


def _assign_dates(
    lex: LexiconLike, doc: AnnotatedDoc, drafts: list[Draft], times: list[TimeExpression]
) -> None:
    dated_before: list[Draft] = []
    datelines = _datelines(doc, times)
    for d in drafts:
        own = [
            t
            for t in times
            if d.sentence.start <= t.mention.start < d.sentence.end and _dates_event(doc, t, d)
        ]
        dateline = _dateline_before(datelines, d.sentence)
        if not own and dateline is not None:
            # "03/13/2021: An explosive device detonated ...": the dateline dates its text.
            d.date = dateline
            d.notes.append("date from the dateline")
            dated_before.append(d)
            continue
        if own:
            anchor = doc.tokens[d.triggers[0].anchor].idx
            d.date = min(own, key=lambda t: abs(t.mention.start - anchor))
        elif dated_before and _clearly_continues(lex, doc, d, dated_before[-1]):
            d.date = dated_before[-1].date
            d.date_inherited = True
        elif (said := _date_of_next_attribution(doc, d, times)) is not None:
            d.date = said
            d.date_inherited = True
            d.notes.append("date of the statement's attribution in the next sentence")
        if d.date is not None:
            dated_before.append(d)


def _dates_event(doc: AnnotatedDoc, time: TimeExpression, d: Draft) -> bool:
    """Can a date of the event's sentence be the event's date? Not when it lies in a clause of
    its own that the trigger is not part of (see ``date_clause_barriers``), not when the event
    comes before it ("ahead of Monday's vote"), and not, for an act that happened, when it is a
    deadline ("until April 2"). A date that opens the sentence
    ("On 3 May, ...", "As reported on 3 May, ...") frames all of it."""
    head = doc.span_head(time.mention.start, time.mention.end)
    if head is None or _frames_sentence(doc, time, d.sentence):
        return True
    barriers = _DATE_BARRIERS
    if d.type in ontology().speech_act_types:
        barriers = barriers | _SPEECH_BARRIERS
    anchors = [t.anchor for t in d.triggers if doc.tokens[t.anchor].sent == head.sent]
    if anchors and not any(_reaches(doc, head, a, barriers) for a in anchors):
        return False
    if _something_before(doc, head):
        return False
    if d.status not in _ANNOUNCED and head.dep == "pobj" and head.head != head.i:
        prep = doc.tokens[head.head]
        if prep.lower in _DEADLINE_PREPS and prep.idx < time.mention.start:
            return False
    return True


def _reaches(doc: AnnotatedDoc, head: Token, anchor: int, barriers: frozenset[str]) -> bool:
    """Does the date's head climb to the trigger or one of its governors without leaving a
    clause of its own?"""
    above_anchor = {anchor, *(t.i for t in doc.ancestors(anchor))}
    tok = head
    while tok.i not in above_anchor:
        if tok.head == tok.i:
            return True  # the root of a fragment the trigger is not in: nothing to judge
        if tok.dep in barriers and not (tok.head == anchor and tok.dep in _TRIGGER_CLAUSES):
            return False
        tok = doc.tokens[tok.head]
    return True


def _something_before(doc: AnnotatedDoc, head: Token) -> bool:
    """Is the date, or the noun it dates, the object of "before", "ahead of", "prior to"
    ("speaking ahead of Wednesday's hearing")? ("before dawn on Sunday" is dated Sunday.)"""
    tok = doc.tokens[head.head] if head.dep == "poss" else head
    if tok.dep != "pobj" or tok.head == tok.i:
        return False
    prep = doc.tokens[tok.head]
    if prep.lower in _BEFORE:
        return True
    return prep.head != prep.i and doc.tokens[prep.head].lower in _BEFORE


def _frames_sentence(doc: AnnotatedDoc, time: TimeExpression, sentence: Sentence) -> bool:
    """Does the date open its sentence, after at most a few function words ("On", "Around",
    "As reported on") and before any clause of its own?"""
    before = [
        t for t in doc.sentence_tokens(sentence) if t.idx < time.mention.start and t.pos != "PUNCT"
    ]
    return len(before) <= 3 and all(
        (t.pos in _FRAME_POS or t.lemma in _FRAME_VERBS) and t.lower not in _BEFORE for t in before
    )


def _clearly_continues(lex: LexiconLike, doc: AnnotatedDoc, d: Draft, prev: Draft) -> bool:
    """Inherit the previous date only when the text ties the sentences together."""
    if d.sentence.paragraph != prev.sentence.paragraph:
        return False
    if d.sentence.i - _last_sentence(prev) > 2:
        return False
    if _present(doc, d):
        return False
    words = {t.lower for t in doc.sentence_tokens(d.sentence)}
    return d.anaphoric or bool(words & _INHERIT_MARKERS)


def _present(doc: AnnotatedDoc, d: Draft) -> bool:
    """Is the event told in the simple present ("Three of his deputies *are* also in jail";
    "she *says* the ban will stay")? Such a sentence tells the state at the time of the
    report, not the time of the act before it (see ``present_tense_tags``)."""
    verb = clause_verb(doc, doc.tokens[d.triggers[0].anchor])
    # a participle without an auxiliary has the tense of the verb it hangs on ("are in jail,
    # *facing* charges")
    for _ in range(4):
        if (
            verb is None
            or verb.tag not in ("VBG", "VBN")
            or verb.dep not in ("advcl", "conj", "xcomp")
            or any(c.dep in ("aux", "auxpass") for c in doc.children(verb.i))
        ):
            break
        verb = doc.tokens[verb.head]
    return verb is not None and verb.tag in _PRESENT_TAGS


def _datelines(doc: AnnotatedDoc, times: list[TimeExpression]) -> list[TimeExpression]:
    """Datelines: a sentence that is nothing but a date ("05/10/2021:"), or one a date opens
    with a colon ("05/10/2021: Assailants ...")."""
    out: list[TimeExpression] = []
    for sentence in doc.sentences:
        inside = [t for t in times if sentence.start <= t.mention.start < sentence.end]
        if len(inside) != 1 or inside[0].value.start is None:
            continue
        rest = doc.text[sentence.start : sentence.end].replace(inside[0].mention.text, "")
        opens = doc.text[inside[0].mention.end : inside[0].mention.end + 2].lstrip(" ")[:1]
        if not rest.strip(" \t\n:-–—,.|") or (
            inside[0].mention.start == sentence.start and opens in (":", "–", "—")
        ):
            out.append(inside[0])
    return out


def _dateline_before(datelines: list[TimeExpression], sentence: Sentence) -> TimeExpression | None:
    """The latest dateline before a sentence dates it, across paragraphs ("07/14/2021:" on a
    line of its own heads the report below it)."""
    before = [t for t in datelines if t.mention.start < sentence.start]
    return before[-1] if before else None


def _date_of_next_attribution(
    doc: AnnotatedDoc, d: Draft, times: list[TimeExpression]
) -> TimeExpression | None:
    """A statement (a speech act) whose sentence gives no date, followed by a sentence that
    attributes more of it to the same speaker with a day ('"...," he said Wednesday.'; '...,
    the spokesperson added in a statement on Wednesday.'): that day. The next sentence's
    reporting verb must have a personal pronoun for subject, or a subject word that the
    statement's own sentence has too; the date must lie in the reporting verb's clause."""
    if d.type not in ontology().speech_act_types or d.sentence.i + 1 >= len(doc.sentences):
        return None
    nxt = doc.sentences[d.sentence.i + 1]
    days = [
        t for t in times if nxt.start <= t.mention.start < nxt.end and t.value.precision == "day"
    ]
    if not days:
        return None
    own_words = {t.lower for t in doc.sentence_tokens(d.sentence)}
    for verb in doc.sentence_tokens(nxt):
        if verb.pos != "VERB" or verb.lemma not in SPEECH_VERBS:
            continue
        if not any(_same_speaker(s, own_words) for s in doc.children(verb.i) if s.dep == "nsubj"):
            continue
        inside = [t for t in days if _in_reporting_clause(doc, t, verb)]
        if len(inside) == 1:
            return inside[0]
    return None


def _in_reporting_clause(doc: AnnotatedDoc, time: TimeExpression, verb: Token) -> bool:
    """The date hangs from the reporting verb itself, not from the quote it reports
    ('"We struck on Monday," he said' dates the strike, not the saying)."""
    token = doc.token_at_or_after(time.mention.start)
    if token is None or token.sent != verb.sent:
        return False
    if token.i == verb.i:
        return False
    path = [token, *doc.ancestors(token.i)]
    for step, up in pairwise(path):
        if step.dep in _QUOTED_DEPS:
            return False
        if up.i == verb.i:
            return True
    return False


def _same_speaker(subject: Token, own_words: set[str]) -> bool:
    if subject.lower in _SPEAKER_PRONOUNS:
        return True
    return subject.pos in ("NOUN", "PROPN") and subject.lower in own_words

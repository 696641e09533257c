"""Triggers: the words that denote an event (verbs, event nouns, light-verb constructions)."""

from __future__ import annotations

from sitroom.annotation import AnnotatedDoc, Sentence, Token
from sitroom.casualties import CasualtyStatement
from sitroom.events.base import (
    _ADVERB_PARTICLE_VERBS,
    _CONTACT_VERBS,
    _ECONOMIC_NOUNS,
    _FIGHTING_WORDS,
    _FORCE_NOUNS,
    _JOINT_MARKERS,
    _NONVIOLENT_MODIFIERS,
    _NONVIOLENT_OBJECTS,
    _PARTICLE_ADVERBS,
    _PASSIVE_LIGHT_TYPES,
    _QUANTITY_NOUNS,
    _REPORT_NOUNS,
    _SECOND_OBJECT_PREPS,
    LexiconLike,
    Trigger,
)
from sitroom.events.political import addressed_warning, counted_noun, political_triggers
from sitroom.events.tree import _noun_key, _temporal_prep


def triggers(lex: LexiconLike, doc: AnnotatedDoc, sentence: Sentence) -> list[Trigger]:
    found: list[Trigger] = []
    consumed: set[int] = set()
    context = [t.lemma.lower() for t in doc.sentence_tokens(sentence)]
    for tok in doc.sentence_tokens(sentence):
        if tok.i in consumed:
            continue
        lemma = tok.lemma.lower()
        if tok.pos == "VERB" and tok.dep not in ("aux", "auxpass", "amod"):
            kids = doc.children(tok.i)
            if tok.tag == "VBN" and any(c.dep == "det" for c in kids):
                continue  # "receiving the injured", "the detained": people, not an act
            particle = next((c.lower for c in kids if c.dep == "prt"), None)
            # "pulled back from X", "called home its ambassador": an adverb read as the
            # particle in light-verb uses and for the verbs that take it
            adverb = next(
                (c.lower for c in kids if c.dep == "advmod" and c.lower in _PARTICLE_ADVERBS),
                None,
            )
            if particle is None and lemma in _ADVERB_PARTICLE_VERBS:
                particle = adverb
            # The complement that decides the verb's sense: a preposition its patterns
            # know ("fired with rifles on the positions" -> on), else the first one after
            # the verb. A fronted phrase ("In response, ...") is read last, a time ("for
            # three hours", "On 1 May") not at all.
            known = lex.pattern_preps(lemma)
            preps = sorted(
                (c for c in kids if c.dep == "prep" and not _temporal_prep(doc, c)),
                key=lambda c: (c.lower not in known, c.i < tok.i, c.i),
            )
            prep = preps[0].lower if preps else None
            if prep is None:
                prep = _complement_mark(doc, tok, known)
            obj = next((c for c in kids if c.dep in ("dobj", "obj")), None) or next(
                (c for c in kids if c.dep == "oprd" and c.pos in ("NOUN", "PROPN")), None
            )
            passive = next((c for c in kids if c.dep == "nsubjpass"), None)
            if passive is not None and passive.lemma.lower() in _QUANTITY_NOUNS:
                passive = next(iter(doc.prep_objects(passive.i, "of")), passive)
            if obj is not None and obj.lemma.lower() in _QUANTITY_NOUNS:
                # "sent dozens of warplanes": the noun counted is the object
                obj = next(iter(doc.prep_objects(obj.i, "of")), obj)
            # the noun of a light verb: its object, else the object of its preposition
            # ("went on strike", "set on fire"); a sum is read through what it is in ("sent
            # $2 billion in military aid"), and an object who receives through the "with" of
            # what is given ("provided Ukraine with weapons")
            nouns = [(counted_noun(doc, obj), particle)] if obj is not None else []
            if obj is not None and nouns[0][0] is not obj:
                # "handed over 40 prisoners of war": the object itself when what it counts
                # is no light-verb noun
                nouns.append((obj, particle))
            nouns += [
                (counted_noun(doc, o), particle if obj is not None else p.lower)
                for p in preps
                if obj is None or p.lower in _SECOND_OBJECT_PREPS
                for o in doc.children(p.i)
                if o.dep == "pobj"
            ][:1]
            passive_noun = None
            if obj is None and passive is not None:
                # "troops were rushed to Ladakh", "sanctions were imposed on X"
                passive_noun = counted_noun(doc, passive)
                nouns.append((passive_noun, particle))
            light_found = False
            for noun, part in nouns:
                parts = [part] if part is not None or adverb is None else [adverb, None]
                light = next(
                    (
                        sense
                        for p in parts
                        for key in (_noun_key(doc, noun), noun.lemma.lower())
                        if (sense := lex.light_verb(lemma, key, particle=p)) is not None
                    ),
                    None,
                )
                if (
                    light is not None
                    and noun is passive_noun
                    and light.type not in _PASSIVE_LIGHT_TYPES
                ):
                    continue
                if light is not None:
                    consumed.add(noun.i)
                    if not _not_an_event(doc, noun, light.type):
                        found.append(Trigger(noun.i, light.type, light.mode, verb=tok.i))
                    light_found = True
                    break
            if light_found:
                continue
            if lex.is_claim_verb(lemma):
                continue  # claims are attached to the event they claim, not events
            pobj = next(
                (o.lemma.lower() for c in preps[:1] for o in doc.children(c.i) if o.dep == "pobj"),
                None,
            )
            subj_tok = next((c for c in kids if c.dep == "nsubj"), None)
            subj = subj_tok.lemma.lower() if subj_tok is not None else None
            counted_subj = (
                next(iter(doc.prep_objects(subj_tok.i, "of")), None)
                if subj_tok is not None and subj in _QUANTITY_NOUNS
                else None
            )
            if subj is None and tok.dep == "xcomp" and tok.head != tok.i:
                # the controller's subject: "the population continues to decline"
                subj = next(
                    (c.lemma.lower() for c in doc.children(tok.head) if c.dep == "nsubj"), None
                )
            # the object a pattern knows; a passive's subject is its object ("detainees were
            # flown to X" as "flew detainees to X")
            patient = obj if obj is not None else passive
            sense = lex.verb(
                lemma,
                particle=particle,
                prep=prep,
                subj=subj,
                obj=patient.lemma.lower() if patient else None,
                pobj=pobj,
                obj_mods=[
                    m.lemma.lower()
                    for m in (doc.children(obj.i) if obj is not None else [])
                    if m.dep in ("compound", "amod")
                ],
            )
            if counted_subj is not None:
                # "hundreds of demonstrators gathered", "hundreds of drivers blocked the road":
                # the noun counted decides where a pattern of subjects knows it ("the number of
                # refugees declined" keeps its own subject)
                by_counted = lex.verb(
                    lemma,
                    particle=particle,
                    prep=prep,
                    subj=counted_subj.lemma.lower(),
                    obj=patient.lemma.lower() if patient else None,
                    pobj=pobj,
                )
                if by_counted is not None and by_counted != lex.verb(lemma):
                    sense = by_counted
            if sense is not None and sense.mode == "establish" and not _founds_a_force(doc, tok):
                continue
            if sense is None and addressed_warning(doc, tok, obj):
                found.append(Trigger(tok.i, "THREATEN", None))
                continue
            if sense is None or _is_mere_status_verb(lex, doc, tok):
                continue
            if (
                sense.mode == "visit"
                and obj is None
                and preps
                and not _named_destination(doc, preps[0])
            ):
                continue  # "came to power", "went to the polls", "came to their unit"
            if _not_an_event(doc, tok, sense.type):
                continue
            found.append(Trigger(tok.i, sense.type, sense.mode))
        elif tok.pos in ("NOUN", "PROPN") and tok.dep != "compound":
            sense = lex.noun_in_context(_noun_key(doc, tok), context) or (
                lex.noun_in_context(lemma, context)
            )
            if (
                sense is not None
                and tok.ent_type not in ("PERSON", "GPE", "DATE")
                and not _not_an_event(doc, tok, sense.type)
            ):
                found.append(Trigger(tok.i, sense.type, sense.mode))
    return political_triggers(doc, doc.sentence_tokens(sentence), _joint_cooperation(doc, found))


def _joint_cooperation(doc: AnnotatedDoc, found: list[Trigger]) -> list[Trigger]:
    """ "joint exercises", "a joint operation against X", "agreed to jointly produce": the
    parties cooperate. A non-violent reading becomes COOPERATE; a violent one (a joint raid)
    stays and gains a COOPERATE event of its parties."""
    out: list[Trigger] = []
    for trig in found:
        heads = {trig.token, trig.anchor}
        joint = trig.type != "COOPERATE" and any(
            c.lower in _JOINT_MARKERS and c.dep in ("amod", "advmod", "compound")
            for h in heads
            for c in doc.children(h)
        )
        if joint and trig.type == "ASSAULT":
            out.append(Trigger(trig.token, "COOPERATE", None, verb=trig.verb))
            out.append(trig)
        elif joint:
            out.append(Trigger(trig.token, "COOPERATE", None, verb=trig.verb))
        else:
            out.append(trig)
    return out


def _not_an_event(doc: AnnotatedDoc, tok: Token, kind: str) -> bool:
    """A word of an event used for something else: a metaphor of violence ("price war",
    "relegation battle", "fight against corruption", "battling an outbreak"), violence done to
    the economy ("markets were hit"), or a credit ("contributed to this report")."""
    kids = doc.children(tok.i)
    objects = [c for c in kids if c.dep in ("dobj", "obj", "nsubjpass")]
    objects += [o for c in kids if c.dep == "prep" for o in doc.children(c.i) if o.dep == "pobj"]
    if any(o.lemma.lower() in _REPORT_NOUNS and tok.pos == "VERB" for o in objects):
        return True
    if (  # "the report released by the ministry", "a report issued on Monday"
        tok.pos == "VERB"
        and tok.dep in ("acl", "relcl")
        and doc.tokens[tok.head].lemma.lower() in _REPORT_NOUNS
    ):
        return True
    if kind != "ASSAULT":
        return False
    if tok.lemma.lower() in _CONTACT_VERBS and not any(
        o.lemma.lower() in _FIGHTING_WORDS
        or (
            (o.pos == "PRON" or o.ent_type in ("ORG", "NORP", "GPE", "PERSON"))
            and (o.dep in ("dobj", "obj") or _fighters_engage(doc, tok))
        )
        for o in objects
    ):
        # "engaged in business", "engaged with the internet"; a country "engaged with the
        # U.S." talks to it (the engaged party is fought only as an object, or by fighters)
        return True
    if tok.pos in ("NOUN", "PROPN") and any(
        c.dep in ("compound", "amod", "nmod") and c.lemma.lower() in _NONVIOLENT_MODIFIERS
        for c in kids
    ):
        return True
    if any(o.lemma.lower() in _NONVIOLENT_OBJECTS for o in objects):
        return True
    if any(  # "fought a price war", "waged a legal battle"
        c.dep in ("compound", "amod") and c.lemma.lower() in _NONVIOLENT_MODIFIERS
        for o in objects
        for c in doc.children(o.i)
    ):
        return True
    if any(o.ent_type in ("MONEY", "PERCENT", "QUANTITY") for o in objects):
        return True  # "trade hit $1.1 billion"
    subjects = [c for c in kids if c.dep in ("nsubj", "nsubjpass")]
    if tok.dep in ("acl", "relcl") and tok.head != tok.i:
        subjects.append(doc.tokens[tok.head])  # "tariffs targeting Canada"
    if any(c.lemma.lower() in _NONVIOLENT_OBJECTS for c in subjects):
        return True  # "bushfires continue to burn", "the blaze destroyed homes"
    return any(c.lemma.lower() in _ECONOMIC_NOUNS for c in subjects + objects)


def _fighters_engage(doc: AnnotatedDoc, verb: Token) -> bool:
    """ "Troops engaged with al-Shabab": the one who engages is a fighting force."""
    return any(
        c.dep == "nsubj" and c.lemma.lower() in _FIGHTING_WORDS for c in doc.children(verb.i)
    )


_DESTINATION_ENTITIES = frozenset({"GPE", "LOC", "FAC", "ORG", "NORP", "PERSON"})


def _complement_mark(doc: AnnotatedDoc, verb: Token, known: frozenset[str]) -> str | None:
    """ "called *for* the Taliban to lift the ban", "pressed *for* them to leave": the parser
    makes the preposition the mark of an infinitive clause with its own subject; it is the
    preposition the verb's patterns read ("call for" is a demand). Only a mark of ``known``
    (a preposition of the verb's patterns) that follows the verb, on a clause under it."""
    for c in doc.children(verb.i):
        if c.dep not in ("advcl", "ccomp", "xcomp") or c.i < verb.i:
            continue
        for m in doc.children(c.i):
            if m.dep == "mark" and m.lower in known and verb.i < m.i < c.i:
                return m.lower
    return None


def _named_destination(doc: AnnotatedDoc, prep: Token) -> bool:
    """ "came to Nairobi", "went to the White House", "headed for Moscow": a visit made with a
    verb of motion goes to a named place or a named host, not to a state or an abstraction."""
    return any(
        o.dep == "pobj" and (o.ent_type in _DESTINATION_ENTITIES or o.pos == "PROPN")
        for o in doc.children(prep.i)
    )


def _is_mere_status_verb(lex: LexiconLike, doc: AnnotatedDoc, tok: Token) -> bool:
    """ "planned to attack", "threatened to strike": the embedded event is the event."""
    if lex.status_cue(tok.lemma.lower()) is None:
        return False
    return any(c.dep in ("xcomp", "ccomp") and c.pos == "VERB" for c in doc.children(tok.i))


def _deaths_by_violence(
    lex: LexiconLike, doc: AnnotatedDoc, sentence: Sentence, statements: list[CasualtyStatement]
) -> list[Trigger]:
    """ "The bodies of two men with gunshot wounds were found", "a man was found shot
    dead": a death the sentence shows to be violent is an attack even without a verb of
    attacking. A death without such a cue ("was found dead") may be anything."""
    deaths = [st for st in statements if st.kind == "killed" and st.count != 0]
    if not deaths:
        return []
    mode = lex.mode_from_cues(t.lemma.lower() for t in doc.sentence_tokens(sentence))
    if mode is None:
        return []
    return [Trigger(deaths[0].token, "ASSAULT", mode)]


def _founds_a_force(doc: AnnotatedDoc, verb: Token) -> bool:
    """ "IS-K was established in Nangarhar", "set up a base": founding an armed presence. A
    named organization counts when it is a known actor (the knowledge base's entity ruler
    named it) or its name holds a force noun ("the Popular Mobilization Forces"); founding a
    newspaper, a company, a party or a forum ("Zamora founded elPeriodico", "X founded Beru
    Corporation") mobilizes no force."""
    for c in doc.children(verb.i):
        if c.dep not in ("dobj", "nsubjpass", "obj"):
            continue
        if c.lemma.lower() in _FORCE_NOUNS:
            return True
        ent = doc.entity_at_token(c.i) if c.ent_type in ("ORG", "NORP") else None
        if ent is not None and (
            ent.kb_id
            or any(
                t.lemma.lower() in _FORCE_NOUNS for t in doc.tokens[ent.token_start : ent.token_end]
            )
        ):
            return True
    return False

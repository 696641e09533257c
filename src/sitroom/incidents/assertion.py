"""Is an event asserted by the article, or only commented on, feared or wished for?

An event coder logs what happened between actors, not the opinions around it (the VOA
guidelines: "Not: opinions of analysts"). Two kinds of mention are dropped:

- *commentary*: the trigger's clause, or a clause that governs it, has a commentator as its
  subject ("Security analyst X welcomed the move", "analysts say Japan wants to ...", "Japan
  will ..., analysts said") or is "according to" one. A commentator is a speaker whose noun
  phrase is headed or titled by a word of ``commentator_nouns``, or a named person whom the
  article describes anywhere by a word of ``commentator_titles`` ("X, a senior fellow at
  ...") or of ``research_bodies`` ("Y of the Foreign Policy Institute"): then "Still, X
  cautions, ..." is commentary too; an expert body named as an organization ("U.N. experts")
  is no commentator: its findings are reports;
- *attitudes*: the trigger lies in the complement of a noun or verb of attitude ("there are
  concerns that the constitution *grants* ...", "fears of a *war*", "he hopes a *ceasefire*
  could take place", "Kenya wants to *close* the camps").

- *generic or habitual statements*: the trigger's clause is modified by an adverb of habit
  (``habitual_adverbs``: "China always says ...", "X has long railed against ..."), or the
  act itself is the subject of its clause ("Negotiating with armed groups is a crime") or the
  complement of an adjective ("responsible for scrutinizing the government"), or an
  infinitive judged by "it is" ("It was a mistake to support the rebels"); and a threat
  posed or perceived (``assessed_nouns`` as the object of ``assessment_verbs``: "the
  partnership poses a threat to U.S. interests") is an assessment, not a threat made; an act
  named with "a" as the subject or predicate of a present "is" is a definition ("an attack
  on one is an attack on all"); asking with no one asked to act and nothing asked for
  (``question_verbs``: "'Who is dead?' he asked") is a question, not a request; an act
  whose active subject is no one ("No country has recognized ...", ``negative_subjects``)
  did not happen; an event noun that completes an adjective of disposition ("open to
  dialogue", ``disposition_adjectives``) is what someone is disposed to.

All are read from the dependency parse, climbing from the trigger to the root of its sentence.
"""

from __future__ import annotations

from sitroom.annotation import AnnotatedDoc, Token
from sitroom.incidents.vocabulary import Vocabulary
from sitroom.numbers import parse_number

# how far up the parse a trigger looks for the commentator or the attitude that governs it
MAX_DEPTH = 12
# the doer; a passive subject ("a scholar was killed") is the victim
SUBJECTS = frozenset({"nsubj"})
# the arcs by which a clause or a phrase is the complement of an attitude word
NOUN_COMPLEMENTS = frozenset({"acl", "ccomp", "prep"})
VERB_COMPLEMENTS = frozenset({"ccomp", "xcomp"})
# answers per (question, token) for one document: a clause with many triggers is read once
Memo = dict[tuple[str, int], bool]


def commentary(
    doc: AnnotatedDoc, trigger: Token, vocab: Vocabulary, memo: Memo | None = None
) -> bool:
    """Is the trigger an act or a statement of a commentator (see the module docstring)?
    ``memo`` (one per document) keeps the answer per clause: each is read once."""
    memo = {} if memo is None else memo
    for node in _path(doc, trigger):
        key = ("commentary", node.i)
        if key not in memo:
            memo[key] = _comments(doc, node, vocab)
        if memo[key]:
            return True
    return False


def _comments(doc: AnnotatedDoc, node: Token, vocab: Vocabulary) -> bool:
    """Has this clause a commentator as its subject, its reporter or its "according to"?"""
    for c in doc.children(node.i):
        if c.dep in SUBJECTS and _commentator(doc, c, vocab):
            return True
        if c.dep == "parataxis" and any(  # "Japan will ..., analysts said."
            g.dep in SUBJECTS and _commentator(doc, g, vocab) for g in doc.children(c.i)
        ):
            return True
        if c.dep == "prep" and c.lower == "according":
            objects = [o for p in doc.children(c.i) for o in doc.children(p.i)]
            objects += [o for o in doc.children(c.i) if o.dep == "pobj"]
            if any(o.dep == "pobj" and _commentator(doc, o, vocab) for o in objects):
                return True
    return False


def attitude(doc: AnnotatedDoc, trigger: Token, vocab: Vocabulary) -> bool:
    """Does the trigger lie in the complement of a noun or verb of attitude?"""
    below = trigger
    for up in _path(doc, trigger)[1:]:
        forms = _forms(up)
        if up.pos == "NOUN" and forms & vocab.attitude_nouns and below.dep in NOUN_COMPLEMENTS:
            return True
        if up.pos == "VERB" and forms & vocab.attitude_verbs and below.dep in VERB_COMPLEMENTS:
            return True
        if (
            below.dep == "prep"
            and up.pos in ("VERB", "AUX")
            and below.lower not in vocab.goal_prepositions
        ):
            return False  # a circumstance of the hoped act ("hopes to resolve it during talks")
        below = up
    return False


# the arcs by which an event noun is what its verb acts on: "secure *the release*", "push *for*"
OBJECT_ARCS = frozenset({"dobj", "obj", "pobj", "prep"})


def sought(doc: AnnotatedDoc, trigger: Token, vocab: Vocabulary) -> Token | None:
    """Is the act a purpose or a goal rather than an act done? "signed pacts *to boost
    cooperation*" (an infinitive of purpose), "the campaign *to secure* his release" (an
    infinitive that completes a noun of striving, ``striving_nouns``), "sought *to finalize*
    the agreement", "pushed *to loosen* the rules", "help *push for* his release" (the
    complement of a verb or adjective of striving, ``striving_verbs``, or an event noun it
    takes: "pushed *for* his release"). Read from the trigger
    up through the verbs it is the object of and the infinitives above them; a verb with a
    subject of its own tells its act. Returns the word the goal hangs on (the striving, or the
    act it is the purpose of), or None."""
    node = trigger
    for _ in range(MAX_DEPTH):
        if node.head == node.i:
            return None
        head = doc.tokens[node.head]
        if node.pos in ("NOUN", "PROPN", "ADP") and node.dep in OBJECT_ARCS:
            if head.pos == "VERB" and _forms(head) & vocab.striving_verbs:
                return head  # "pushed for his release", "seeks the release"
            node = head  # the event noun's verb (or preposition)
            continue
        if node.pos not in ("VERB", "AUX"):
            return None
        kids = doc.children(node.i)
        if any(c.dep in SUBJECTS or c.dep == "nsubjpass" for c in kids):
            return None
        infinitive = any(c.dep == "aux" and c.lower == "to" for c in kids)
        if infinitive and node.dep == "advcl":
            return head  # "to boost cooperation": a purpose
        if infinitive and node.dep == "acl" and head.lemma.lower() in vocab.striving_nouns:
            return head
        if node.dep in ("xcomp", "ccomp", "acomp") and _forms(head) & vocab.striving_verbs:
            return head
        if node.dep == "xcomp" and head.pos == "ADJ" and head.lemma.lower() in vocab.striving_verbs:
            return head
        if not (node.dep in ("xcomp", "conj") and (infinitive or node.tag == "VB")):
            return None
        node = head  # "help push for", "to participate and visit": the infinitive above
    return None


def generic(doc: AnnotatedDoc, trigger: Token, vocab: Vocabulary, memo: Memo | None = None) -> bool:
    """Is the trigger a habit or an act in general rather than an event?"""
    memo = {} if memo is None else memo
    clause = _clause(doc, trigger)
    key = ("habit", clause.i)
    if key not in memo:
        memo[key] = any(
            c.dep == "advmod" and c.lower in vocab.habitual_adverbs for c in doc.children(clause.i)
        ) or _extraposed(doc, clause)
    if memo[key]:
        return True
    if (
        _counted(doc, trigger, vocab)
        or _affiliation(trigger, vocab)
        or _course_of_a_conflict(doc, trigger, vocab)
        or _going_on(doc, trigger, vocab)
    ):
        return True
    if (
        _assessed(doc, trigger, vocab)
        or _defined(doc, trigger)
        or _question(doc, trigger, vocab)
        or _asked_whether(doc, trigger, vocab)
        or _disposed(doc, trigger, vocab)
        or (trigger.pos == "VERB" and _done_by_no_one(doc, trigger, vocab))
        or _means_denied(doc, trigger, vocab)
    ):
        return True
    if (
        trigger.dep in ("csubj", "csubjpass")
        and not any(c.dep in SUBJECTS for c in doc.children(trigger.i))
        and not (
            trigger.head != trigger.i
            and doc.tokens[trigger.head].lemma.lower() in vocab.outcome_verbs
        )
    ):
        # the act itself is the subject ("Negotiating with armed groups is a crime"), unless
        # what it is the subject of is its outcome ("Fighting over the town killed dozens")
        return True
    if clause.dep == "pcomp" and clause.head != clause.i:
        prep = doc.tokens[clause.head]
        return prep.head != prep.i and doc.tokens[prep.head].pos == "ADJ"
    return False


PRESENT = frozenset({"VBZ", "VBP"})
# pronouns that stand for a kind of party: "those who kill our soldiers"
KIND_PRONOUNS = frozenset({"those", "anyone", "anybody", "whoever"})
# a count of acts at least this large is a statistic, not a list of incidents told
STATISTIC = 10


def _counted(doc: AnnotatedDoc, trigger: Token, vocab: Vocabulary) -> bool:
    """ "launched 504 attacks in 2024", "recorded more than 300 attacks": acts counted in the
    tens or more are a statistic; "attacks have surged", "kidnappings rose", "the group has
    stepped up attacks": acts as the plural subject or object of a verb of trend
    (``trend_verbs``) are a trend. Neither tells an event.
    Only nouns of acts (``incident_nouns``): "sent 10,000 troops" counts people."""
    if trigger.pos != "NOUN" or trigger.tag != "NNS":
        return False
    if trigger.lemma.lower() not in vocab.incident_nouns:
        return False
    kids = doc.children(trigger.i)
    for c in kids:
        if c.dep == "nummod":
            words = [t.text for t in doc.subtree(c.i) if t.dep != "advmod" and t.i != c.i]
            value = parse_number([*words, c.text]) if words else parse_number([c.text])
            if value is not None and value >= STATISTIC:
                return True
    if trigger.dep not in ("nsubj", "nsubjpass", "dobj") or trigger.head == trigger.i:
        return False
    if any(c.dep == "det" or c.dep == "poss" for c in kids):
        return False  # "the attacks rose to five": these attacks, told
    verb = doc.tokens[trigger.head]
    forms = _forms(verb)
    forms |= {f"{f} {c.lower}" for f in forms for c in doc.children(verb.i) if c.dep == "prt"}
    return bool(forms & vocab.trend_verbs)


def _course_of_a_conflict(doc: AnnotatedDoc, trigger: Token, vocab: Vocabulary) -> bool:
    """ "The war has killed tens of thousands", "the insurgency has displaced 2 million since
    2009": a perfect whose subject is a whole conflict (``conflict_nouns``) sums up its course.
    "The fighting has killed 30" (a noun of an incident) is the toll of an event."""
    if trigger.pos != "VERB":
        return False
    kids = doc.children(trigger.i)
    if not any(c.dep == "aux" and c.lemma.lower() == "have" for c in kids):
        return False
    return any(c.dep in SUBJECTS and c.lemma.lower() in vocab.conflict_nouns for c in kids)


def _going_on(doc: AnnotatedDoc, trigger: Token, vocab: Vocabulary) -> bool:
    """ "Fighting has continued in the province", "clashes have persisted for weeks": an act
    noun with no determiner as the subject of a perfect of ``continuation_verbs`` tells a state
    that lasts. "The fighting continued on Tuesday" tells the day's fighting."""
    if trigger.pos != "NOUN" or trigger.dep != "nsubj" or trigger.head == trigger.i:
        return False
    if any(c.dep in ("det", "poss", "nummod") for c in doc.children(trigger.i)):
        return False
    verb = doc.tokens[trigger.head]
    if verb.lemma.lower() not in vocab.continuation_verbs:
        return False
    return any(c.dep == "aux" and c.lemma.lower() == "have" for c in doc.children(verb.i))


def _affiliation(trigger: Token, vocab: Vocabulary) -> bool:
    """ "militias *allied* with the army", "a faction *linked* to al-Qaida": a participle that
    describes a party by its allegiance (``affiliation_participles``) tells a relation, not an
    act."""
    return (
        trigger.tag == "VBN"
        and trigger.dep in ("acl", "amod")
        and trigger.lower in vocab.affiliation_participles
    )


def described(doc: AnnotatedDoc, trigger: Token) -> bool:
    """ "bloggers *who praise* China", "laws *that restrict* women's work", "countries *that are
    hosting* refugees": a relative clause in the simple or progressive present on a common
    noun tells what a kind of party is or does, a description rather than an act reported.
    Only the clause's own verb, and not on a name: "Mhlanga, who *faces* two charges, ..."
    tells charges brought against a named person; "those *who kill* our soldiers" is a kind
    of party too. The incidents stage asks it of attacks only when they tell no toll: "gangs
    *that attack* its soldiers" describes them, but the sentence's toll is often read onto
    that verb."""
    clause = trigger
    if clause.pos != "VERB" or clause.dep != "relcl" or clause.head == clause.i:
        return False
    head = doc.tokens[clause.head]
    if head.pos != "NOUN" and head.lower not in KIND_PRONOUNS:
        return False
    if clause.tag in PRESENT:
        return not any(c.dep in ("aux", "auxpass") for c in doc.children(clause.i))
    return clause.tag == "VBG" and any(
        c.dep == "aux" and c.tag in PRESENT for c in doc.children(clause.i)
    )


def _assessed(doc: AnnotatedDoc, trigger: Token, vocab: Vocabulary) -> bool:
    """ "poses a threat to", "perceive a growing threat from", "see China as a threat": a
    danger judged, not a threat made."""
    if trigger.lemma.lower() not in vocab.assessed_nouns or trigger.head == trigger.i:
        return False
    head = doc.tokens[trigger.head]
    if trigger.dep == "pobj" and head.lower == "as" and head.head != head.i:
        trigger, head = head, doc.tokens[head.head]  # "see China as a threat"
    return (
        trigger.dep in ("dobj", "obj", "prep")
        and head.pos in ("VERB", "AUX")
        and _forms(head) & vocab.assessment_verbs != set()
    )


def _done_by_no_one(doc: AnnotatedDoc, verb: Token, vocab: Vocabulary) -> bool:
    """ "No country has recognized the Taliban", "nobody negotiated": an active verb whose
    subject is no one tells an act that did not happen. Only the verb's own act: in "No group
    has claimed the attack" the attack happened."""
    for c in doc.children(verb.i):
        if c.dep not in SUBJECTS:
            continue
        if c.lower in vocab.negative_subjects:
            return True
        if any(d.dep == "det" and d.lower in vocab.negative_subjects for d in doc.children(c.i)):
            return True
    return False


def _means_denied(doc: AnnotatedDoc, trigger: Token, vocab: Vocabulary) -> bool:
    """ "It has no power to enforce its rulings", "no right to arrest": an act that completes
    a noun with the determiner "no" is one that cannot be done."""
    if trigger.dep != "acl" or trigger.head == trigger.i:
        return False
    noun = doc.tokens[trigger.head]
    return any(d.dep == "det" and d.lower in vocab.negative_subjects for d in doc.children(noun.i))


def _disposed(doc: AnnotatedDoc, trigger: Token, vocab: Vocabulary) -> bool:
    """ "open to dialogue", "happy with this alliance": an event noun as the complement of an
    adjective of disposition is what someone is disposed to."""
    if trigger.pos != "NOUN" or trigger.dep != "pobj" or trigger.head == trigger.i:
        return False
    prep = doc.tokens[trigger.head]
    if prep.head == prep.i:
        return False
    adj = doc.tokens[prep.head]
    return adj.pos == "ADJ" and adj.lemma.lower() in vocab.disposition_adjectives


# what makes "ask" a request: someone asked, asked to act, for something, or that something be
REQUESTED = frozenset({"dobj", "obj", "xcomp", "dative"})


def _question(doc: AnnotatedDoc, trigger: Token, vocab: Vocabulary) -> bool:
    """ "'Who is dead?' he asked", "Bugajski asked.", "when asked by reporters": asking with
    no one asked to act and nothing asked for is a question, not a request."""
    if trigger.pos != "VERB" or _forms(trigger).isdisjoint(vocab.question_verbs):
        return False
    for c in doc.children(trigger.i):
        if c.dep in REQUESTED or (c.dep == "prep" and c.lower == "for"):
            return False
        if c.dep == "ccomp" and any(
            g.dep == "mark" and g.lower == "that" for g in doc.children(c.i)
        ):
            return False
    return True


# the words that open an indirect question: "asked him *whether* he agreed"
QUESTION_MARKS = frozenset({"if", "whether"})


def _asked_whether(doc: AnnotatedDoc, trigger: Token, vocab: Vocabulary) -> bool:
    """ "asked the defendant *if* he agreed with the charges": asking whether something is so,
    with no one asked to act, is a question, not a request."""
    if trigger.pos != "VERB" or _forms(trigger).isdisjoint(vocab.question_verbs):
        return False
    kids = doc.children(trigger.i)
    if any(c.dep == "xcomp" or (c.dep == "prep" and c.lower == "for") for c in kids):
        return False
    return any(
        c.dep in ("ccomp", "advcl")
        and any(g.dep == "mark" and g.lower in QUESTION_MARKS for g in doc.children(c.i))
        for c in kids
    )


def _defined(doc: AnnotatedDoc, trigger: Token) -> bool:
    """ "An attack on one is an attack on all", "a strike on a hospital is a war crime": an
    act named with "a" as the subject or the predicate of a present-tense "is" is a
    definition, not an event."""
    if trigger.pos != "NOUN" or trigger.dep not in ("nsubj", "attr") or trigger.head == trigger.i:
        return False
    if not any(c.dep == "det" and c.lower in ("a", "an") for c in doc.children(trigger.i)):
        return False
    head = doc.tokens[trigger.head]
    return head.lemma.lower() == "be" and head.tag in ("VBZ", "VBP")


def _extraposed(doc: AnnotatedDoc, verb: Token) -> bool:
    """ "It was a mistake to support X", "it is in its interest to work with Y": an infinitive
    judged by a copula whose subject is "it" is an act in general."""
    if verb.dep not in ("xcomp", "ccomp") or verb.head == verb.i:
        return False
    if not any(c.dep == "aux" and c.lower == "to" for c in doc.children(verb.i)):
        return False
    head = doc.tokens[verb.head]
    return head.lemma.lower() == "be" and any(
        c.dep in ("nsubj", "expl") and c.lower == "it" for c in doc.children(head.i)
    )


def _clause(doc: AnnotatedDoc, trigger: Token) -> Token:
    """The verb of the trigger's clause: the trigger itself, or the verb above a noun."""
    for node in _path(doc, trigger):
        if node.pos in ("VERB", "AUX"):
            return node
    return trigger


def _forms(tok: Token) -> set[str]:
    """The lemma and the base forms of a regular inflection: the lemmatizer sometimes errs
    ("hopes" -> "hop")."""
    w = tok.lower
    out = {tok.lemma.lower(), w}
    if w.endswith("s"):
        out.add(w[:-1])
    if w.endswith("ed"):
        out.update((w[:-1], w[:-2]))
    if w.endswith("ing"):
        out.update((w[:-3], w[:-3] + "e"))
    return out


def _path(doc: AnnotatedDoc, trigger: Token) -> list[Token]:
    """The trigger and the clauses that govern it in its sentence (a bounded number): not
    beyond an adverbial clause ("as governments continue talks, experts say ..."), a relative
    clause (a fact told of a place or a party: "analysts said the deal would be tested in
    Arauca, where the ELN is fighting ...") or a coordinated clause with a subject of its own
    ("X welcomed it, and the army attacked")."""
    out = [trigger]
    below = trigger
    for steps, up in enumerate(doc.ancestors(trigger.i)):
        if up.sent != trigger.sent or steps >= MAX_DEPTH or below.dep in ("advcl", "relcl"):
            break
        if below.dep == "conj" and any(c.dep in SUBJECTS for c in doc.children(below.i)):
            break
        out.append(up)
        below = up
    return out


def _commentator(doc: AnnotatedDoc, head: Token, vocab: Vocabulary) -> bool:
    """ "analysts", "a security expert", "Security analyst Kabiru Adamu", "X, a regional
    analyst"; not "U.N. experts" (a body named as an organization reports findings)."""
    words = [head]
    for c in doc.children(head.i):
        if c.dep in ("compound", "appos", "amod"):
            words.append(c)
            words += [g for g in doc.children(c.i) if g.dep == "compound"]
        elif c.dep == "relcl":  # "X, who is now a regional analyst"
            words += [g for g in doc.children(c.i) if g.dep == "attr"]
    if not any(w.lemma.lower() in vocab.commentator_nouns for w in words):
        return _named_commentator(doc, head, vocab)
    return not any(
        (ent := doc.entity_at_token(t.i)) is not None and ent.label == "ORG" for t in words
    )


# how many tokens of a person's description are read for a research body
MAX_DESCRIPTION = 40


def _named_commentator(doc: AnnotatedDoc, head: Token, vocab: Vocabulary) -> bool:
    """A named person the article describes somewhere as a commentator: "Still, Hecker
    cautions, ..." after "Charles Hecker, an expert on Western-Russian economic ties". The
    name is read from the parse (its last proper noun), not from the entity recognizer,
    which often takes a lone surname for a place or an organization. A surname that two
    people of the article share ("President Lee", "Professor Lee Min-ho") is no evidence:
    only the same full name is."""
    if head.pos != "PROPN" or not vocab.commentator_titles:
        return False
    namesakes = _proper_nouns(doc).get(head.lower, [])
    full = _full_name(doc, head)
    names = {_full_name(doc, t) for t in namesakes} - {head.lower}
    if len(names) > 1:  # two people of that surname: only the same full name counts
        namesakes = [t for t in namesakes if _full_name(doc, t) == full]
    return any(_described_as_commentator(doc, t, vocab) for t in namesakes)


# The proper-noun heads of the last document read, by lower-cased text: one pass over its
# tokens however many clauses ask (one slot: a document is read by one call of the stage; a
# concurrent reader of another document finds the slot taken and builds its own).
_PROPER_NOUNS: tuple[AnnotatedDoc, dict[str, list[Token]]] | None = None


def _proper_nouns(doc: AnnotatedDoc) -> dict[str, list[Token]]:
    """The document's proper nouns that head a name (not a compound part), by lower case."""
    global _PROPER_NOUNS
    cached = _PROPER_NOUNS
    if cached is not None and cached[0] is doc:
        return cached[1]
    index: dict[str, list[Token]] = {}
    for t in doc.tokens:
        if t.pos == "PROPN" and t.dep != "compound":
            index.setdefault(t.lower, []).append(t)
    _PROPER_NOUNS = (doc, index)
    return index


def _full_name(doc: AnnotatedDoc, head: Token) -> str:
    """ "Charles Hecker" for the head "Hecker": its proper-noun compounds and itself."""
    parts = [c for c in doc.children(head.i) if c.dep == "compound" and c.pos == "PROPN"]
    return " ".join(t.lower for t in sorted([*parts, head], key=lambda t: t.i))


def _described_as_commentator(doc: AnnotatedDoc, root: Token, vocab: Vocabulary) -> bool:
    """Is this mention of a person described, in its own sentence, by a commentator's title
    in apposition ("X, a senior fellow at ...", "X, associate professor") or as a member of a
    research body ("X of the Y Institute", "X, director of Z University's ...")?"""
    described = [c for c in doc.children(root.i) if c.dep in ("appos", "prep")]
    if root.dep == "appos" and root.head != root.i:  # "One of the report's authors, X, ..."
        described.append(doc.tokens[root.head])
    titles = [d for d in described if d.dep != "prep"]
    titles += [c for d in titles for c in doc.children(d.i) if c.dep == "conj"]
    if any(t.lemma.lower() in vocab.commentator_titles for t in titles):
        return True
    words: list[str] = []
    for d in described:
        if d.i != root.head:
            words += [t.lower for t in doc.subtree(d.i)[:MAX_DESCRIPTION]]
    text = " " + " ".join(words) + " "
    return any(f" {body} " in text for body in vocab.research_bodies)

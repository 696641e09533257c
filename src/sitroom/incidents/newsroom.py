"""The reporting of a story is no event of the story.

Articles tell how they were reported: "did not respond to VOA's request for comment", "declined
to comment", "spoke with VOA", "when contacted by Reuters". The events stage reads some of these
as verbal acts (REQUEST, REJECT, CONSULT); an event coder logs none of them. An event is the
newsroom's own when its trigger

* is a reporting verb (``newsroom_verbs``: contact, respond, request, speak, tell ...) that
  governs a reporting noun ("request for comment", "declined to comment") or has a news
  organisation (an actor of type ``media``) among its participants or its words ("spoke with
  VOA", "when contacted by Reuters"), or
* is a reporting noun (``newsroom_nouns``: comment, inquiry ...) of a news organisation ("did
  not respond to a VOA inquiry"). An inquiry that is not a newsroom's stays an event, or
* is a reporting verb whose complement is a source's terms with the reporter
  (``anonymity_words``): "asked not to be named", "asking that her name not be used",
  "requested anonymity". "Asked the court to name the suspects" (no negation) stays an event.
"""

from __future__ import annotations

from collections.abc import Mapping

from sitroom.annotation import AnnotatedDoc, Token
from sitroom.incidents.vocabulary import Vocabulary
from sitroom.models import Actor, Event


def newsroom_event(
    doc: AnnotatedDoc, event: Event, actors: Mapping[str, Actor], vocab: Vocabulary
) -> bool:
    if event.trigger is None or event.type == "ASSAULT":
        return False
    trig = doc.token_at_or_after(event.trigger.start)
    if trig is None:
        return False
    lemma = trig.lemma.lower()
    near = _near(doc, trig)
    media = any(
        a in actors and actors[a].type == "media" for a in [*event.sources, *event.targets]
    ) or any(t.ent_type == "ORG" and _media_word(t, actors) for t in near)
    if lemma in vocab.newsroom_verbs:
        return (
            media
            or any(t.lemma.lower() in vocab.newsroom_nouns for t in near)
            or _anonymity(doc, near, vocab)
        )
    return lemma in vocab.newsroom_nouns and media


def _anonymity(doc: AnnotatedDoc, near: list[Token], vocab: Vocabulary) -> bool:
    """ "requested anonymity" (a word of ``anonymity_words``), "not to be named", "that her
    name not be used" (a negated verb that is, or has as a dependent, a word of
    ``naming_words``)."""
    for t in near:
        lemma = t.lemma.lower()
        if lemma in vocab.anonymity_words:
            return True
        kids = doc.children(t.i)
        if any(c.dep == "neg" for c in kids) and (
            lemma in vocab.naming_words or any(c.lemma.lower() in vocab.naming_words for c in kids)
        ):
            return True
    return False


def _near(doc: AnnotatedDoc, trig: Token) -> list[Token]:
    """The trigger's dependents and theirs (two levels): its objects and their modifiers."""
    out: list[Token] = []
    for child in doc.children(trig.i):
        out.append(child)
        out.extend(doc.children(child.i))
    return out


def _media_word(token: Token, actors: Mapping[str, Actor]) -> bool:
    """Is the token part of the name of a media actor of the document?"""
    word = token.text.lower()
    return any(a.type == "media" and word in a.name.lower().split() for a in actors.values())

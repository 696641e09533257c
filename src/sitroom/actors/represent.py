"""People who act for a person: "Zamora's legal team rejected the accusations", "Dodik's
lawyer, Anto Nobilo, said ...", "the president's spokesman said ...". The person named as the
possessor does not act in the clause: a representative named in apposition does, else the
phrase is the document's own actor ("Zamora's legal team"). The nouns are data
(``representative_nouns`` in ``data/actors/linking_words.yaml``)."""

from __future__ import annotations

from sitroom.actors.base import LinkerBase, drop_mentions
from sitroom.actors.model import LinkedActors
from sitroom.actors.naming import slugify
from sitroom.actors.words import REPRESENTATIVE_NOUNS
from sitroom.annotation import AnnotatedDoc, Token
from sitroom.models import Actor, ActorLink


class RepresentMixin(LinkerBase):
    def _link_representatives(self, doc: AnnotatedDoc, out: LinkedActors) -> None:
        for tok in doc.tokens:
            if tok.pos != "NOUN" or tok.lemma.lower() not in REPRESENTATIVE_NOUNS:
                continue
            if tok.i in out.by_token:
                continue
            owner = next((c for c in doc.children(tok.i) if c.dep == "poss"), None)
            if owner is None:
                continue
            # a person, or a name the tagger took for an organisation ("Zamora's"); not a
            # state or an organisation, which its spokesman or lawyers speak for
            persons = [a for a in out.at(owner.i) if out.actors[a].type in ("person", "other")]
            if len(persons) != 1:
                continue
            person_id = persons[0]
            named = [
                a
                for c in doc.children(tok.i)
                if c.dep == "appos"
                for a in out.at(c.i)
                if out.actors[a].type == "person" and a != person_id
            ]
            _forget_possessor(doc, out, person_id, owner)
            if named:
                continue  # "Dodik's lawyer, Anto Nobilo": the lawyer named acts
            first = min(t.i for t in doc.subtree(owner.i))
            start, end = doc.tokens[first].idx, tok.end
            if doc.tokens[first].lower == "the":
                start = doc.tokens[first + 1].idx
            name = doc.text[start:end]
            actor = out.actors.setdefault(
                slugify(name),
                Actor(
                    id=slugify(name),
                    name=name,
                    type="other",
                    link=ActorLink(how="local", surface=name),
                ),
            )
            self._add_mention(out, actor, doc, first, tok.i + 1, tok.i, "agent")


def _forget_possessor(doc: AnnotatedDoc, out: LinkedActors, person_id: str, owner: Token) -> None:
    """The possessor's name is no mention of the person acting."""
    span = sorted(t.i for t in doc.subtree(owner.i))
    drop_mentions(out, doc, person_id, range(span[0], span[-1] + 1))

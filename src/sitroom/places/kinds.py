"""Literal or metonymic: is a place name used as a location ("fighting in Kharkiv") or for its
government or people ("Washington said", "Beijing denied", "Moscow's decision")?

The decision is a logistic model over the name's syntax (its dependency role, the word that
governs it, the preposition before it, a possessive, the feature class). The weights are not
written by hand: ``scripts/fit_place_models.py`` fits them on half of an annotated corpus and
reports the other half; they live in ``metonymy.json`` beside this module."""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sitroom.annotation import AnnotatedDoc, Token
from sitroom.places.words import words

_WORDS = words()
# Governors whose subject is an actor ("Beijing denied"), and nouns that a place name owns or
# modifies as an actor ("Moscow's decision", "the Kabul government").
_SPEECH_LEMMAS = _WORDS["speech_lemmas"]
_ACTOR_HEADS = _WORDS["actor_heads"]
_ACTOR_PARTICIPLES = _WORDS["actor_participles"]
# Word classes that generalise the lexical features: what a possessive name owns as a place
# ("Kenya's north"), and prepositions whose object is a location or a party to a relation.
_PLACE_PARTS = _WORDS["place_part_nouns"]
_LOCATIVE_ONLY = _WORDS["locative_only_preps"]
_RELATIONAL = _WORDS["relational_preps"]
_RELATION_NOUNS = _WORDS["relation_nouns"]
_ACT_NOUNS = _WORDS["act_nouns"]
_SETTING_SUBJECT_LEMMAS = _WORDS["setting_subject_lemmas"]
_OWNERSHIP_LEMMAS = _WORDS["ownership_lemmas"]
_CONTROL_LEMMAS = _WORDS["control_lemmas"]
_ACTOR_OBJECT_LEMMAS = _WORDS["actor_object_lemmas"]
_TRAVEL_NOUNS = _WORDS["travel_nouns"]
# prepositions that join a place part to the place it is part of or borders ("the coast of
# Somalia", "Mexico's border with the U.S.")
_PLACE_PART_PREPS = frozenset({"of", "with", "along"})
# how far a name of a list or an apposition climbs to the list's first name, whose role the
# list shares ("including Chile, Peru, Spain, Japan and Thailand": every name is an example)
_LIST_STEPS = 12


@dataclass(frozen=True)
class MetonymyModel:
    weights: dict[str, float]
    bias: float
    threshold: float = 0.5

    def probability(self, features: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def metonymic(self, features: list[str]) -> bool:
        """The reading of a name with these features: the syntax where it settles it
        (:func:`syntax_decides`), else the fitted weights."""
        decided = syntax_decides(features)
        if decided is not None:
            return decided
        return self.probability(features) >= self.threshold


# Forms of a location: the object of a locative preposition, a possessive or a modifier of a
# place part or a journey ("Kenya's north", "the U.S. mainland", "my U.S. flight"), the place
# a place part belongs to or borders ("the coast of Somalia", "its border with the U.S.").
_LITERAL_FORMS = (
    "prep_class=locative",
    "possessive_place_part",
    "modifies_place_part",
    "object_of_place_part",
    "example_of_origin",
    "subject_of_setting",
)


def syntax_decides(features: list[str]) -> bool | None:
    """Forms whose reading the syntax settles, whatever the words around them (True:
    metonymic). The subject of a speech verb is an actor ("Beijing denied", "Kenya said");
    the object of a purely locative preposition ("fighting in Ukraine", "near Gao") and a
    possessive that owns a place ("Kenya's north", "Rome's airport") are locations. On the
    VOA toponym gold these forms are 98%, 97% and 100% of one reading (51, 321 and 19
    mentions), which a weighted sum of sparse lexical features does not always reproduce.
    A country or town that is the party to a relation noun ("aid to Ukraine", "ties with
    Egypt", "pressure from Beijing", ``relation_nouns`` in ``words.yaml``) is a state, not a
    location (a sea or a region is left to the weights: "a commitment to an open Indian
    Ocean"). A name that modifies a place part or a journey ("the U.S. mainland", "my U.S.
    flight") or is the object of "of"/"with"/"along" after a place part ("the coast of
    Somalia", "the border with the U.S.") is a location too, and so is an example of a place
    of origin ("from 30 countries, including Chile"); a country or town that is the
    direct object of a verb whose object acts or feels (``actor_object_lemmas``: "praise
    China", "bullying Taiwan", "credited Britain") stands for its state or people."""
    if "subject_of_speech" in features:
        return True
    if any(f in features for f in _LITERAL_FORMS):
        return False
    if "object_of_actor_verb" in features and "class=feature" not in features:
        return True
    if "party_to_relation" in features and "class=feature" not in features:
        return True
    if "possessive_act" in features and "class=feature" not in features:
        return True
    return None


def parse_model(data: Any) -> MetonymyModel:
    """Check and build a model from its JSON form ``{"bias", "threshold", "weights"}``."""
    if not isinstance(data, dict) or not isinstance(data.get("weights"), dict):
        raise ValueError("metonymy model: a mapping with a 'weights' mapping is expected")
    weights = data["weights"]
    if not all(isinstance(k, str) and isinstance(v, int | float) for k, v in weights.items()):
        raise ValueError("metonymy model: weights map feature names to numbers")
    bias, threshold = data.get("bias"), data.get("threshold", 0.5)
    if not isinstance(bias, int | float) or not isinstance(threshold, int | float):
        raise ValueError("metonymy model: bias and threshold must be numbers")
    if not 0.0 < threshold < 1.0:
        raise ValueError("metonymy model: threshold must lie between 0 and 1")
    return MetonymyModel({k: float(v) for k, v in weights.items()}, float(bias), float(threshold))


@functools.cache
def default_model() -> MetonymyModel:
    text = resources.files("sitroom.places").joinpath("metonymy.json").read_text("utf-8")
    return parse_model(json.loads(text))


def mention_features(doc: AnnotatedDoc, start: int, end: int, feature: str) -> list[str]:
    """The syntactic context of the name ``text[start:end]`` resolved to a place of class
    ``feature`` (country, admin1, admin2, city, feature), as feature names."""
    out = [f"class={feature}"]
    head = doc.span_head(start, end)
    if head is None:
        return out
    tokens = doc.tokens
    dep = head.dep
    # "in Gwoza, Borno": later names of a hierarchy hang off the first one
    steps = 0
    while dep in ("appos", "conj") and head.head != head.i and steps < _LIST_STEPS:
        head = tokens[head.head]
        dep = head.dep
        steps += 1
    governor = tokens[head.head] if head.head != head.i else head
    out.append(f"dep={dep}")
    out.append(f"dep={dep}|class={feature}")
    # the governing word itself ("war" of "Russia's war", "defend" of "defend Taiwan"):
    # lexical weights, learned like the others
    out.append(f"gov={governor.lemma.lower()}")
    possessive = head.i + 1 < len(tokens) and tokens[head.i + 1].text in ("'s", "’s", "'", "’")
    if possessive or dep == "poss":
        out.append("possessive")
        if governor.lower in _ACTOR_HEADS:
            out.append("possessive_actor_head")
        elif governor.lower in _PLACE_PARTS:
            out.append("possessive_place_part")
        elif governor.pos == "NOUN" and (
            governor.lemma.lower() in _RELATION_NOUNS or governor.lemma.lower() in _ACT_NOUNS
        ):
            out.append("possessive_act")  # "Kenya's announcement", "China's ties"
    if dep in ("nsubj", "nsubjpass", "csubj", "agent"):
        out.append(f"subject_of={governor.pos}")
        if governor.lemma.lower() in _SPEECH_LEMMAS:
            out.append("subject_of_speech")
        elif dep == "nsubj" and governor.lemma.lower() in _SETTING_SUBJECT_LEMMAS:
            out.append("subject_of_setting")  # "Pakistan experienced a rise in attacks"
    if dep in ("compound", "amod", "nmod") and governor.lower in _ACTOR_HEADS:
        out.append("modifies_actor_noun")
    if dep in ("compound", "nmod") and (
        governor.lower in _PLACE_PARTS or governor.lower in _TRAVEL_NOUNS
    ):
        out.append("modifies_place_part")  # "the U.S. mainland", "my U.S. flight"
    if dep == "compound" and governor.pos == "PROPN":
        out.append("modifies_name")  # "U.S. State Department"
    if dep == "pobj":
        prep = governor.lower
        out.append(f"prep={prep}")
        group = _preposition_class(prep)
        out.append(f"prep_class={group}")
        out.append(f"prep_class={group}|class={feature}")
        grand = tokens[governor.head] if governor.head != governor.i else governor
        if grand.lower in _ACTOR_HEADS:
            out.append("object_of_actor_noun")  # "the government of China"
        if group == "relational" and _relation_noun(doc, grand, governor):
            out.append("party_to_relation")  # "aid to Ukraine", "ties with Egypt"
        elif prep in ("to", "from") and _hands_over(tokens, grand):
            out.append("party_to_relation")  # "donated vaccines to Kenya"
        out.append(f"prep_gov={grand.lemma.lower()}|{prep}")
        if prep == "including" and _origin_before(tokens, governor.i):
            out.append("example_of_origin")  # "from 30 countries, including Chile"
        if prep in _PLACE_PART_PREPS and grand.lower in _PLACE_PARTS and grand.i < head.i:
            out.append("object_of_place_part")  # "the coast of Somalia", "border with the U.S."
    if dep in ("dobj", "dative"):
        out.append(f"object_of={governor.pos}")
        if governor.pos == "VERB" and governor.lemma.lower() in _ACTOR_OBJECT_LEMMAS:
            out.append("object_of_actor_verb")  # "praise China", "bullying Taiwan"
        elif governor.pos == "VERB" and _object_acts(doc, governor, head):
            out.append("object_of_actor_verb")  # "leading South Korea to call for ..."
    before = tokens[head.i - 1].lower if head.i > 0 else ""
    if before == "the":
        out.append("after_the")
    sentence = doc.sentences[head.sent]
    if head.i == sentence.token_start:
        out.append("sentence_start")
    return out


def _origin_before(tokens: list[Token], including: int) -> bool:
    """Does "including" follow a place of origin ("from over 30 countries, including X",
    "arrived from overseas, including X")? Its examples are then where people or things come
    from: locations."""
    k = including - 1
    if k >= 0 and tokens[k].text == ",":
        k -= 1
    if k < 0 or tokens[k].dep not in ("pobj", "pcomp") or tokens[k].head == k:
        return False
    return tokens[tokens[k].head].lower == "from"


def _relation_noun(doc: AnnotatedDoc, head: Token, prep: Token) -> bool:
    """Does the preposition ``prep`` complete a relation noun: the noun it hangs on ("ties
    with Egypt"), or the object of the verb it hangs on, when the parser attached it to the
    verb ("approved new aid to Moldova", "feared pressure from Ankara")?"""
    if head.pos == "NOUN":
        return head.lemma.lower() in _RELATION_NOUNS
    if head.pos != "VERB":
        return False
    return any(
        c.dep == "dobj" and c.i < prep.i and c.lemma.lower() in _RELATION_NOUNS
        for c in doc.children(head.i)
    )


def _object_acts(doc: AnnotatedDoc, verb: Token, obj: Token) -> bool:
    """Is the object of ``verb`` the subject of a to-infinitive after it ("leading South Korea
    to call for weapons", "forcing Chad to close its border", ``control_lemmas``)? It then
    acts: a state."""
    if verb.lemma.lower() not in _CONTROL_LEMMAS:
        return False
    return any(
        c.dep == "xcomp"
        and c.pos in ("VERB", "AUX")
        and c.i > obj.i
        and any(a.dep == "aux" and a.lower == "to" for a in doc.children(c.i))
        for c in doc.children(verb.i)
    )


def _hands_over(tokens: list[Token], head: Token) -> bool:
    """Is ``head``, which a "to"/"from" phrase hangs on, a verb that hands over ownership
    (``ownership_lemmas``: "donated tents to Malawi"), or the object of one when the parser
    hangs the phrase on the object ("annexed the peninsula from Ukraine")?"""
    if head.pos != "VERB" and head.dep == "dobj" and head.head != head.i:
        head = tokens[head.head]
    return head.pos == "VERB" and head.lemma.lower() in _OWNERSHIP_LEMMAS


def _preposition_class(prep: str) -> str:
    if prep in _LOCATIVE_ONLY:
        return "locative"
    return "relational" if prep in _RELATIONAL else "other"


_GLUED_WORD = re.compile(r"-(\w+)")
_GLUED_LOWER_WORD = re.compile(r"-[a-z]{3,}\b")


def backs_an_actor(doc: AnnotatedDoc, end: int) -> bool:
    """Is the name glued by a hyphen to a participle of backing or leading ("Iran-backed
    militias", "U.S.-led coalition", whether the parser splits the hyphen off or not)? It
    then stands for its government."""
    glued = _GLUED_WORD.match(doc.text, end)
    return glued is not None and glued.group(1).lower() in _ACTOR_PARTICIPLES


_STANCE_PREFIXES = _WORDS["stance_prefixes"]
_PREFIX_BEFORE = re.compile(r"(\w+)-$")


def after_a_stance_prefix(doc: AnnotatedDoc, start: int) -> bool:
    """Is the name glued after "pro-" or "anti-" ("pro-Iran militias")? It then stands for
    its state: a side taken, not a location."""
    before = _PREFIX_BEFORE.search(doc.text, max(0, start - 8), start)
    return before is not None and before.group(1).lower() in _STANCE_PREFIXES


def glued_to_a_word(doc: AnnotatedDoc, end: int) -> bool:
    """Is the name glued by a hyphen to a lower-case word ("U.S.-based", "Kabul-bound",
    "U.S.-produced goods")? Unless the word is a participle of backing or leading
    (:func:`backs_an_actor`), the name then says where something is, comes from or goes."""
    return _GLUED_LOWER_WORD.match(doc.text, end) is not None

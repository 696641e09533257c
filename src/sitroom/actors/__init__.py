"""The ``actors`` stage: find who is acting in a document and link them to the knowledge base.

Three kinds of mention become actors:

* named entities (ORG, PERSON, GPE/NORP used as actors) linked to a knowledge-base entry, or kept
  as new actors of the document when the base does not know them;
* generic agents ("Afghan soldiers", "German authorities", "gunmen", "civilians"), resolved to
  the state force of the country the text names, or left unidentified — never guessed;
* group nouns and possessives ("the group", "its fighters") resolved to the closest preceding
  compatible actor.

Persons keep the role and affiliation that the text gives them ("Taliban spokesman X",
"X, the chairman of Y").

API: :class:`ActorLinker` (``link(doc) -> LinkedActors``), the ids ``UNIDENTIFIED`` and
``CIVILIANS``, and the name helpers ``slugify`` (the id rule, from ``sitroom.kb.names``),
``clean_name``, ``guess_type``. Modules:
``model`` (data and the knowledge-base protocol), ``words`` (word tables, from
``data/actors/linking_words.yaml``), ``naming``, ``syntax``, ``base``, ``linker`` (named
entities), ``agents`` (generic agents), ``coref`` (coreference and person roles).
"""

from sitroom.actors.linker import ActorLinker
from sitroom.actors.model import (
    CIVILIANS,
    UNIDENTIFIED,
    ActorMention,
    KnowledgeBase,
    LinkedActors,
)
from sitroom.actors.naming import clean_name, guess_type, slugify
from sitroom.actors.syntax import agent_sense
from sitroom.actors.words import GROUP_ANAPHORS, ROLE_NOUNS

__all__ = [
    "CIVILIANS",
    "GROUP_ANAPHORS",
    "ROLE_NOUNS",
    "UNIDENTIFIED",
    "ActorLinker",
    "ActorMention",
    "KnowledgeBase",
    "LinkedActors",
    "agent_sense",
    "clean_name",
    "guess_type",
    "slugify",
]

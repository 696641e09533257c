"""The word tables of the actors stage, loaded from ``data/actors/linking_words.yaml``."""

from __future__ import annotations

from sitroom.wordtables import load_tables

WORDS = load_tables(
    "actors/linking_words.yaml",
    {
        "role_nouns": "map",
        "group_anaphors": "words",
        "armed_anaphors": "words",
        "installations": "words",
        "weapon_platforms": "words",
        "state_means": "words",
        "strike_nouns": "words",
        "aerial_words": "words",
        "unspecific_modifiers": "words",
        "actor_prepositions": "words",
        "place_prepositions": "words",
        "actor_head_nouns": "words",
        "type_cues": "pairs",
        "reporting_verbs": "words",
        "metonymic_capitals": "map",
        "capital_prepositions": "words",
        "capital_object_verbs": "words",
        "capital_destination_prepositions": "words",
        "capital_arrival_verbs": "words",
        "person_pronouns": "words",
        "person_object_pronouns": "words",
        "state_institutions": "map",
        "institution_names": "map",
        "institution_aliases": "map",
        "opposition_modifiers": "words",
        "collective_nouns": "map",
        "collective_types": "map",
        "collective_member_heads": "words",
        "union_modifiers": "words",
        "collective_not_before": "words",
        "speech_verbs": "words",
        "group_pronouns": "words",
        "ngo_heads": "words",
        "ngo_modifiers": "words",
        "phrase_quantifiers": "words",
        "representative_nouns": "words",
        "office_nouns": "words",
        "office_other_words": "words",
    },
)

# Role nouns that tie a person to an organization, and the relation each implies.
ROLE_NOUNS: dict[str, str] = WORDS.mapping("role_nouns")
# Definite group nouns that refer back to an organization named earlier.
GROUP_ANAPHORS = WORDS.words("group_anaphors")
ARMED_ANAPHORS = WORDS.words("armed_anaphors")
# Installations and equipment of a force ("military positions", "a Turkish helicopter").
INSTALLATIONS = WORDS.words("installations")
# A government's or regime's weapons platforms are its military's ("regime helicopters").
WEAPON_PLATFORMS = WORDS.words("weapon_platforms")
# Means of attack that only state forces use: a nationality on them names the force.
STATE_MEANS = WORDS.words("state_means")
STRIKE_NOUNS = WORDS.words("strike_nouns")
AERIAL_WORDS = WORDS.words("aerial_words")
UNSPECIFIC_MODIFIERS = WORDS.words("unspecific_modifiers")
ACTOR_PREPOSITIONS = WORDS.words("actor_prepositions")
PLACE_PREPOSITIONS = WORDS.words("place_prepositions")
ACTOR_HEAD_NOUNS = WORDS.words("actor_head_nouns")
# Word cues for the type of an organization the knowledge base does not know, in order.
TYPE_CUES: list[tuple[str, str]] = WORDS.pairs("type_cues")

# Verbs (lemmas) whose object or subject is a news organisation in a credit ("told AFP").
REPORTING_VERBS = WORDS.words("reporting_verbs")

# Capitals that stand for their state when they act, and where they act: as subject or
# possessor, as the object of these prepositions or of these verbs.
METONYMIC_CAPITALS: dict[str, str] = WORDS.mapping("metonymic_capitals")
CAPITAL_PREPOSITIONS = WORDS.words("capital_prepositions")
CAPITAL_OBJECT_VERBS = WORDS.words("capital_object_verbs")
CAPITAL_DESTINATION_PREPOSITIONS = WORDS.words("capital_destination_prepositions")
CAPITAL_ARRIVAL_VERBS = WORDS.words("capital_arrival_verbs")

# Subject pronouns that refer back to a person ("he", "she").
PERSON_PRONOUNS = WORDS.words("person_pronouns")
PERSON_OBJECT_PRONOUNS = WORDS.words("person_object_pronouns")

# Institutions of a state that act apart from its government (agent noun -> institution), the
# display name of each ("Judiciary of {country}"), and the modifiers that make members the
# political opposition ("opposition lawmakers").
STATE_INSTITUTIONS: dict[str, str] = WORDS.mapping("state_institutions")
INSTITUTION_NAMES: dict[str, str] = WORDS.mapping("institution_names")
INSTITUTION_ALIASES: dict[str, str] = WORDS.mapping("institution_aliases")
OPPOSITION_MODIFIERS = WORDS.words("opposition_modifiers")
# Collective actors named by a common noun ("the opposition", "the unions"), their actor types,
# the member nouns they modify, the modifiers that make "union" a labour union, and the
# prepositions that make the noun an attitude ("opposition to").
COLLECTIVE_NOUNS: dict[str, str] = WORDS.mapping("collective_nouns")
COLLECTIVE_TYPES: dict[str, str] = WORDS.mapping("collective_types")
COLLECTIVE_MEMBER_HEADS = WORDS.words("collective_member_heads")
UNION_MODIFIERS = WORDS.words("union_modifiers")
COLLECTIVE_NOT_BEFORE = WORDS.words("collective_not_before")

# Verbs of saying, and the pronouns that, as the subject of what a group says, are that group.
SPEECH_VERBS = WORDS.words("speech_verbs")
GROUP_PRONOUNS = WORDS.words("group_pronouns")

# Civil-society groups named by what they stand for ("rights groups"): heads, modifiers, and the
# quantifiers left out of their names.
NGO_HEADS = WORDS.words("ngo_heads")
NGO_MODIFIERS = WORDS.words("ngo_modifiers")
PHRASE_QUANTIFIERS = WORDS.words("phrase_quantifiers")

# People who act for a person ("Zamora's legal team", "Dodik's lawyer, X").
REPRESENTATIVE_NOUNS = WORDS.words("representative_nouns")

# Parser labels and actor types (vocabularies of the models, not words of the text).
ACTOR_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "iobj", "poss", "agent", "appos", "attr", "dative"}
)
ORG_TYPES = frozenset({"armed_group", "party", "igo", "ngo", "other"})
# Offices a definite noun phrase names to point back at the person named just before with
# that title ("President X ... the president"), and the words that make it someone else.
OFFICE_NOUNS = WORDS.words("office_nouns")
OFFICE_OTHER_WORDS = WORDS.words("office_other_words")

"""Finding place mentions in an annotated document: the model's place entities, names it cut
apart, capitalized runs that the gazetteer may know, their kind words ("Logar province") and the
written hierarchies between them ("Town, Province, Country")."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from sitroom.annotation import AnnotatedDoc, Token
from sitroom.places.features import entity_as_feature, name_bounds, site_feature
from sitroom.places.gazetteer import ADMIN2, CITY, Entry, NameHit
from sitroom.places.names import ARTICLES, name_key
from sitroom.places.words import words

_WORDS = words()
# Words around a name that say what kind of unit it is ("Logar province", "the city of Gao").
AFFIX_KIND: dict[str, int] = _WORDS.affix_kind
_ACTOR_NOUNS = _WORDS["actor_nouns"]
_CONNECTORS = _WORDS["connectors"]
_ENGLISH_PARTICLES = _WORDS["english_particles"]
COMMON_WORDS = _WORDS["common_words"]
_PLACE_PREPOSITIONS = _WORDS["place_prepositions"]
_CALENDAR_WORDS = _WORDS["calendar_words"]
DIRECTION_WORDS = _WORDS["direction_words"]
_PLACE_NOUNS = _WORDS["place_nouns"]
_NAME_MODIFIERS = _WORDS["name_modifiers"]
NAME_MODIFIERS = _NAME_MODIFIERS
_LOCATIVE_BEFORE_ACTOR_NAME = _WORDS["locative_before_actor_name"]
_STANCE_PREFIXES = _WORDS["stance_prefixes"]
_LOCAL_GOVERNMENT_AREA = re.compile(r"\s+(?:East|West|North|South)?\s*Local Government Area$")
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Entity labels whose tokens are never places (dates, numbers, nationalities/groups).
# (NORP is not among them: the small model often tags "Kharian" or "Punjab" as NORP; demonyms
# are filtered by the gazetteer's demonym table instead.)
_NEVER_PLACE_LABELS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT", "LAW"}
)
_MAX_NGRAM = 5
# What may stand between a name and the unit containing it: a comma, an opening parenthesis,
# "of", or skipped unknown units ("Mokha, Mamund tehsil, Bajaur district").
_CHAIN_GAP = re.compile(
    r"^\s*\d*(?:\s*,\s*[A-Z][\w'-]*(?:\s+[\w'-]+){0,3})*"
    # "Gara (Chiya-e Gara) region of Dahuk": an alias and a kind word may come first (or,
    # from the alias, the end of its parenthesis)
    r"(?:\s*\([^()]{1,40}\)|\))?(?:\s+(?:" + "|".join(sorted(AFFIX_KIND)) + r"))?"
    r"\s*(?:,|\(|,\s*\(|\s+of(?:\s+the)?)\s*$"
)
# "Mansura city in Ar-Raqqa countryside", "Olan in the countryside of Al Bab": usually a
# hierarchy too, but not always ("families from Aibak in Sheberghan"), so a soft link: it
# ranks the candidates like a chain, and a misfit of the container town's country is kept.
_SOFT_CHAIN_GAP = re.compile(
    r"^\s+in\s+(?:the\s+)?(?:(?:countryside|outskirts|suburbs|vicinity|area|region)\s+of\s+"
    r"(?:the\s+)?)?$"
)

_COORDINATION = re.compile(r"^\s*(?:,|and|or|,\s*and)\s*$")


@dataclass(slots=True)
class _Mention:
    start: int  # span of the mention as written (with affix words)
    end: int
    core: str  # the name to look up
    full: str  # the name as written, in case a kind word is part of it ("District of Columbia")
    hint: int | None  # kind suggested by an affix word
    from_ner: bool
    sent: int
    label: str  # entity label of the tokens, "" if none
    place_syntax: bool = False  # after "in", "near", "city of" ..., or with a kind word
    entity: bool = False  # exactly a place entity of the model
    unit_word: bool = False  # written with a kind word ("Logar province", "Hama countryside")
    name_end: int = 0  # end of the name without a kind word after it
    hits: list[NameHit] = field(default_factory=list)
    chosen: Entry | None = None
    score: float = 0.0
    container: _Mention | None = None  # the next element of a "Town, Province, Country" chain
    comma_link: bool = False  # linked to its container by a bare comma (could be a list)
    soft_link: bool = False  # linked by "in" ("X in Y"): see _SOFT_CHAIN_GAP
    listed: bool = False  # in a run of names that ends in "and"/"or": "Kabul, Herat and Kandahar"
    abstained: bool = False  # a weak guess replaced by the country its namesakes share
    initial: bool = False  # the first word of its sentence (after quotes): capitals say nothing
    in_longer_name: bool = False  # a capitalized word runs on: "Dayton Accords", "Quad Summit"
    before_place_noun: bool = False  # "the Austin outskirts", "Herat city center"
    hyphen_part: bool = False  # a name of "U.S.-China": see _hyphen_pair_parts


def _strip_affixes(text: str) -> tuple[str, int | None]:
    """("the Logar province" -> "Logar", ADMIN1); the first kind word found wins."""
    text = _LOCAL_GOVERNMENT_AREA.sub(" LGA", text.strip())
    words = text.split()
    hint: int | None = None
    while words and words[0].lower() in ("the", "of"):
        words = words[1:]
    # "city of Gao", "province of Helmand"
    if len(words) > 2 and words[0].lower() in AFFIX_KIND and words[1].lower() == "of":
        hint = AFFIX_KIND[words[0].lower()]
        words = words[2:]
    while len(words) > 1 and words[-1].lower().rstrip(".,") in AFFIX_KIND:
        kind = AFFIX_KIND[words[-1].lower().rstrip(".,")]
        hint = hint if hint is not None else kind
        words = words[:-1]
    core = " ".join(words)
    return core, (hint if hint is not None and hint >= 0 else None)


def _token_range(doc: AnnotatedDoc, start: int, end: int) -> range:
    return doc.token_range(start, end)


def _ner_mentions(doc: AnnotatedDoc) -> list[_Mention]:
    mentions = []
    for ent in doc.entities:
        if ent.label not in _PLACE_LABELS:
            feature = entity_as_feature(doc, ent.token_start, ent.token_end)
            if feature is not None:
                mentions.append(_mention(doc, *feature, from_ner=True, label=ent.label))
            elif ent.label not in _NEVER_PLACE_LABELS and site_feature(ent.text, ent.label):
                # "Scarborough Shoal", which the model may call an organization
                mentions.append(_mention(doc, ent.start, ent.end, from_ner=True, label=ent.label))
            continue
        # spaCy sometimes joins "Karachi, Sindh" into one entity: each part is a name.
        offset = ent.start
        for part in ent.text.split(","):
            start = offset + len(part) - len(part.lstrip())
            end = offset + len(part.rstrip())
            offset += len(part) + 1
            if part.rstrip().endswith(_POSSESSIVE):  # "Southeast Asia’s": the name only
                end -= 2
            if end > start:
                mention = _mention(doc, start, end, from_ner=True, label=ent.label)
                mention.entity = True
                mentions.append(mention)
    return [m for m in mentions if m.core]


_POSSESSIVE = ("'s", "’s")


_OF_GAP = re.compile(r"^\s+(?:of\s+)?(?:the\s+)?$")


def _joined_entities(doc: AnnotatedDoc, mentions: list[_Mention]) -> list[_Mention]:
    """The model cuts "Democratic Republic of the Congo" into "Democratic Republic" and
    "Congo" (or "Democratic Republic of" and "the Congo"): the joined name is a candidate too
    (kept only if the gazetteer knows it, and then it wins as the longer mention)."""
    joined = []
    for left, right in itertools.pairwise(mentions):
        if left.end != left.name_end:
            continue  # "the U.S. state of Alaska": a unit word before "of" makes a hierarchy
        if left.sent == right.sent and _OF_GAP.match(doc.text[left.end : right.start]):
            joined.append(_mention(doc, left.start, right.end, from_ner=True, label=left.label))
    return joined


def _mention(doc: AnnotatedDoc, start: int, end: int, *, from_ner: bool, label: str) -> _Mention:
    text = doc.text[start:end]
    name_end = end
    core, hint = _strip_affixes(text)
    unit_word = name_key(core) != name_key(_display_name(text))
    # A kind word right after the name ("Kachi district") belongs to the mention.
    following = _next_token(doc, end)
    if following is not None and following.lower in AFFIX_KIND and following.idx - end <= 1:
        if hint is None and AFFIX_KIND[following.lower] >= 0:
            hint = AFFIX_KIND[following.lower]
        end = following.end
        unit_word = True
    if text.lower().startswith("the "):
        start += 4
    token_i = _token_range(doc, start, end).start
    sent = doc.tokens[token_i].sent if token_i < len(doc.tokens) else 0
    before = _words_before(doc, token_i)
    syntax = hint is not None
    if _source_phrase(before) or _modifies_a_thing(doc, token_i, end):
        before = []  # "according to Rosser": a source; "in the Xinhua report": a report
    if before and before[-1].lower in _PLACE_PREPOSITIONS and before[-1].sent == sent:
        syntax = True
        # "the city of Damaturu", "Helmand province of ..."
        if len(before) == 2 and before[-1].lower == "of" and before[0].lower in AFFIX_KIND:
            kind = AFFIX_KIND[before[0].lower]
            hint = kind if hint is None and kind >= 0 else hint
            unit_word = True
    full = _display_name(text)
    mention = _Mention(start, end, core, full, hint, from_ner, sent, label, place_syntax=syntax)
    mention.unit_word = unit_word
    mention.name_end = name_end
    mention.initial = _sentence_initial(doc, token_i)
    mention.in_longer_name = not unit_word and _runs_on(doc, token_i, end)
    if not unit_word and _before_place_noun(doc, end):
        mention.before_place_noun = mention.place_syntax = True
    return mention


def _before_place_noun(doc: AnnotatedDoc, end: int) -> bool:
    """Does a lower-case place noun follow the name ("the Austin outskirts", "Kabul city
    center")? The name is then written as a place."""
    after = doc.token_at_or_after(end)
    if after is None or after.i == 0 or after.idx - end > 1:
        return False
    name = doc.tokens[after.i - 1]
    if after.lower in ("and", "or") and after.i + 2 < len(doc.tokens):
        # "Dadaab and Kakuma camps": the noun after the second name is also the first's
        second, noun = doc.tokens[after.i + 1], doc.tokens[after.i + 2]
        return (
            _capitalized_word(second)
            and noun.text.islower()
            and noun.sent == name.sent
            and noun.lower in _PLACE_NOUNS
            and noun.lower.endswith("s")
        )
    return (
        after.text.islower()
        and after.sent == name.sent
        and after.lower in _PLACE_NOUNS
        and name.head == after.i
    )


def _source_phrase(before: list[Token]) -> bool:
    return [t.lower for t in before] == ["according", "to"]


def _modifies_a_thing(doc: AnnotatedDoc, token_i: int, end: int) -> bool:
    """Does a one-word name after an article modify the lower-case noun after it, one that is
    no place ("the Xinhua report", "the Schengen system"; not "the Kabul outskirts")? A
    preposition before it then governs the noun, not the name."""
    tokens = doc.tokens
    if token_i + 1 >= len(tokens) or tokens[token_i].end != end:
        return False
    name, noun = tokens[token_i], tokens[token_i + 1]
    if name.dep not in ("compound", "amod", "nmod") or name.head != noun.i:
        return False
    if token_i == 0 or tokens[token_i - 1].lower not in ("the", "a", "an"):
        return False  # "in Matana commune": a unit word the tables lack
    word = noun.lower
    return (
        noun.text.isalpha()
        and noun.text.islower()
        and noun.pos == "NOUN"
        and word not in _PLACE_NOUNS
        and word not in AFFIX_KIND
        and word.removesuffix("s") not in _PLACE_NOUNS
    )


def _sentence_initial(doc: AnnotatedDoc, token_i: int) -> bool:
    """Is the token the first word of its sentence, after any quotes or brackets?"""
    if token_i >= len(doc.tokens):
        return False
    sentence = doc.sentences[doc.tokens[token_i].sent]
    return all(not t.text[:1].isalnum() for t in doc.tokens[sentence.token_start : token_i])


def _runs_on(doc: AnnotatedDoc, token_i: int, end: int) -> bool:
    """Does a capitalized word follow the name (after a space, in its sentence) or precede it,
    so that the name is only part of a longer one ("Dayton Accords", "Copenhagen Charter",
    "Democracy Summit")? Kind and direction words do not count ("Kabul Province")."""
    tokens = doc.tokens
    if token_i >= len(tokens):
        return False
    sent = tokens[token_i].sent
    after = doc.token_at_or_after(end)
    if after is not None and after.idx > end and after.sent == sent:
        last = tokens[after.i - 1]
        if last.ws and _capitalized_word(after):
            return True
    k = token_i - 1
    while k >= 0 and tokens[k].sent == sent and tokens[k].ws and _capitalized_word(tokens[k]):
        k -= 1
    if k == token_i - 1 or _sentence_initial(doc, k + 1):
        return False
    # "in Old Aleppo": the longer name is written as a place
    return not (k >= 0 and tokens[k].lower in _PLACE_PREPOSITIONS)


def _capitalized_word(token: Token) -> bool:
    word = token.lower
    return (
        token.text[:1].isupper()
        and token.text.isalpha()
        and word not in AFFIX_KIND
        and word not in DIRECTION_WORDS
        and word not in _NAME_MODIFIERS
    )


def _words_before(doc: AnnotatedDoc, token_i: int) -> list[Token]:
    """The two tokens before a name, skipping "central", "northern", "the" ... so that "in
    central Thessaloniki" reads as "in Thessaloniki"."""
    i = token_i - 1
    while i >= 0 and token_i - i <= 3 and doc.tokens[i].lower in _NAME_MODIFIERS:
        i -= 1
    return doc.tokens[max(0, i - 1) : i + 1]


def _next_token(doc: AnnotatedDoc, char: int) -> Token | None:
    return doc.token_at_or_after(char)


# "CEOs", "NGOs", "MPs": the plural of an acronym is a class of people or things, never a name
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")


def _is_name_token(doc: AnnotatedDoc, token: Token) -> bool:
    """Capitalized and either tagged a proper noun or inside a sentence (where English
    capitalizes only names; the small model tags "Aleppo" in "Aleppo city" as an adjective).
    Sentence-initial common words ("Police", "Shells") stay out."""
    if not token.text[:1].isupper() or _PLURAL_ACRONYM.fullmatch(token.text):
        return False
    if token.pos == "PROPN":
        return True
    sentence = doc.sentences[token.sent]
    return token.i > sentence.token_start and token.pos in ("ADJ", "NOUN", "VERB", "X")


def _inside_larger_entity(doc: AnnotatedDoc, first: int, last: int) -> bool:
    """Part of a longer person or organization name ("Essa Khan", "Islamic State of Iraq")."""
    entity = doc.entity_at_token(first)
    # The model sometimes runs an entity across a list ("Cerete (Bolivar"): no single name.
    if entity is None or entity.label in _PLACE_LABELS or any(c in entity.text for c in ",()"):
        return False
    if _names_settlements(doc, entity.token_start, entity.token_end):
        return False  # "Somdal Village of Ukhrul District": places, whatever the model says
    if _glued_to_participle(doc, last) or _after_stance_prefix(doc, first):
        return False  # "Iran-backed militias", "pro-Iran": the name modifies, it is no part
    start, end = name_bounds(doc, after_prepositions(doc, entity.token_start), entity.token_end)
    return start < first or end > last + 1


def after_prepositions(doc: AnnotatedDoc, start: int) -> int:
    """The first token of an entity after the prepositions that the model took into it at
    the start of a sentence, where they are capitalized ("Beyond Ukraine", "Inside Gaza",
    tagged as persons): the parser still reads them as prepositions."""
    tokens = doc.tokens
    k = start
    while k < len(tokens) - 1 and tokens[k].pos == "ADP" and tokens[k].dep == "prep":
        k += 1
    return k if k > start and _sentence_initial(doc, start) else start


def _glued_to_participle(doc: AnnotatedDoc, last: int) -> bool:
    """Is the name glued by a hyphen to a lower-case English verb or adjective after it
    ("Iran-backed", "Saudi-led"; not the particle "ul" of "Zia-ul Haq")?"""
    tokens = doc.tokens
    if last + 2 >= len(tokens) or tokens[last].ws or tokens[last + 1].ws:
        return False
    word = tokens[last + 2]
    return (
        tokens[last + 1].text == "-"
        and word.text.isalpha()
        and word.text.islower()
        and len(word.text) > 2
        and word.pos in ("VERB", "ADJ")
    )


def _names_settlements(doc: AnnotatedDoc, start: int, end: int) -> bool:
    """Does an entity read "<Name> Village of <Name> District": a name with a town or district
    word, then "of" and a name?"""
    tokens = doc.tokens[start:end]
    for k in range(1, len(tokens) - 2):
        word = tokens[k].lower
        if (
            AFFIX_KIND.get(word) in (ADMIN2, CITY)
            and tokens[k + 1].lower == "of"
            and tokens[k - 1].text[:1].isupper()
            and tokens[k + 2].text[:1].isupper()
        ):
            return True
    return False


def _actor_modifier(doc: AnnotatedDoc, token: Token) -> bool:
    if token.dep not in ("compound", "amod", "nmod") or token.head == token.i:
        return False
    return doc.tokens[token.head].lower in _ACTOR_NOUNS


def _ngram_mentions(doc: AnnotatedDoc, ner_ranges: list[range]) -> list[_Mention]:
    """Capitalized token sequences: the gazetteer decides if they are names. They may extend an
    entity the model cut short ("Khyber" + "Pakhtunkhwa Province") but never cut one."""
    mentions = []
    tokens = doc.tokens
    inside_ner = {i for r in ner_ranges for i in r}
    for i, token in enumerate(tokens):
        if _NAME_AND_WORD.match(token.text):
            mentions += _hyphen_pair_parts(doc, token)
            continue
        if token.ent_type in _NEVER_PLACE_LABELS and not _misread_as_date(doc, i):
            continue
        if not (_is_name_token(doc, token) or _glued_article(doc, i)):
            continue
        for n in range(_MAX_NGRAM, 0, -1):
            j = i + n
            if j > len(tokens) or not _usable_run(doc, i, j, ner_ranges, inside_ner):
                continue
            run = tokens[i:j]
            if n == 1 and token.lower in COMMON_WORDS:
                continue
            if _names_an_actor(doc, i, j):
                continue
            # A run that contains a place entity counts as found by the model.
            ner = any(k in inside_ner for k in range(i, j))
            mentions.append(
                _mention(doc, run[0].idx, run[-1].end, from_ner=ner, label=token.ent_type)
            )
        mentions += _hyphen_pair_parts(doc, token)
    return mentions


# "U.S.-China", "Kano-Katsina": capitalized names joined by hyphens in one token
_HYPHEN_PAIR = re.compile(r"[A-Z][\w.']*(?:-[A-Z][\w.']*)+")
_HYPHEN_PART = re.compile(r"[A-Z][\w.']*")
_NAME_AND_WORD = re.compile(r"[A-Z][\w.']*(?=-[a-z]{3,}$)")


def _hyphen_pair_parts(doc: AnnotatedDoc, token: Token) -> list[_Mention]:
    """The names of a token that joins them by hyphens ("the U.S.-China talks"): each part is
    a candidate too; the whole token, if the gazetteer knows it ("Guinea-Bissau"), wins as the
    longer mention."""
    glued = _NAME_AND_WORD.match(token.text)
    if glued is not None:
        # "U.S.-based", "U.S.-led": one token for a name and a lower-case word; the name is
        # a candidate (even inside an entity: "the U.S.-led coalition")
        found = [glued]
    elif _HYPHEN_PAIR.fullmatch(token.text) and not _inside_larger_entity(doc, token.i, token.i):
        found = list(_HYPHEN_PART.finditer(token.text))
    else:
        return []
    parts = []
    for part in found:
        start, end = token.idx + part.start(), token.idx + part.end()
        mention = _mention(doc, start, end, from_ner=False, label="")
        mention.hyphen_part = True
        parts.append(mention)
    return parts


def _names_an_actor(doc: AnnotatedDoc, i: int, j: int) -> bool:
    """A run that is exactly a knowledge-base actor's name ("the BRA": the Baloch Republican
    Army, not Brazil), unless written where a place goes ("fighting in CAR"), or the acronym of
    an organization just named ("Lashkar-e-Islam (LI)": not Limburg)."""
    tokens = doc.tokens
    entity = doc.entity_at_token(i)
    if entity is not None and entity.kb_id and (entity.token_start, entity.token_end) == (i, j):
        before = tokens[i - 1].lower if i > 0 else ""
        if before == "the" and i > 1:
            before = tokens[i - 2].lower
        return before not in _LOCATIVE_BEFORE_ACTOR_NAME
    text = doc.text[tokens[i].idx : tokens[j - 1].end]
    if not (text.isupper() and len(text) <= 5 and i > 1 and j < len(tokens)):
        return False
    if tokens[i - 1].text != "(" or tokens[j].text != ")":
        return False
    named = doc.entity_at_token(i - 2)
    return named is not None and (bool(named.kb_id) or named.label in ("ORG", "NORP", "PERSON"))


def _misread_as_date(doc: AnnotatedDoc, i: int) -> bool:
    """The small model sometimes tags a lone name as a date ("in Dahuk, Northern Iraq"): a
    DATE/TIME entity made only of capitalized proper nouns that are not calendar words."""
    entity = doc.entity_at_token(i)
    if entity is None or entity.label not in ("DATE", "TIME"):
        return False
    tokens = doc.tokens[entity.token_start : entity.token_end]
    return all(
        t.pos == "PROPN" and t.text[:1].isupper() and t.text.isalpha()
        and t.lower.rstrip(".") not in _CALENDAR_WORDS
        for t in tokens
    )  # fmt: skip


def _usable_run(
    doc: AnnotatedDoc, i: int, j: int, ner_ranges: list[range], inside_ner: set[int]
) -> bool:
    run = doc.tokens[i:j]
    if not _is_name_token(doc, run[-1]) or any(t.sent != run[0].sent for t in run):
        return False
    if not (_is_name_token(doc, run[0]) or _glued_article(doc, i)):
        return False
    if not all(_is_name_token(doc, t) or _connector(doc, k) for k, t in enumerate(run, i)):
        return False
    if any(k in inside_ner for k in range(i, j)):
        # Only runs that strictly contain whole place entities.
        touched = [r for r in ner_ranges if r.start < j and r.stop > i]
        if any(r.start < i or r.stop > j for r in touched):
            return False
        if any(r.start == i and r.stop == j for r in touched):
            return False
    if _inside_larger_entity(doc, i, j - 1) or _cuts_hyphen_compound(doc, i, j):
        return False
    # "Kokang rebels" names a group, but "pro-Iran militias" a state that a group sides with
    return not _actor_modifier(doc, run[-1]) or _after_stance_prefix(doc, i)


def _after_stance_prefix(doc: AnnotatedDoc, i: int) -> bool:
    tokens = doc.tokens
    return (
        i >= 2
        and tokens[i - 1].text == "-"
        and not tokens[i - 1].ws
        and not tokens[i - 2].ws
        and tokens[i - 2].lower in _STANCE_PREFIXES
    )


def _connector(doc: AnnotatedDoc, k: int) -> bool:
    """A particle inside a name: "ez" of "Deir ez-Zor", "del" of "Surigao del Sur". Particles
    that are also English words ("as", "at", "an", "i") count only when glued by a hyphen."""
    tokens = doc.tokens
    word = tokens[k].lower
    if word not in _CONNECTORS:
        return False
    if word == "-" or word not in _ENGLISH_PARTICLES:
        return True
    glued_left = k > 0 and tokens[k - 1].text == "-" and not tokens[k - 1].ws
    glued_right = k + 1 < len(tokens) and tokens[k + 1].text == "-" and not tokens[k].ws
    return glued_left or glued_right


def _glued_article(doc: AnnotatedDoc, i: int) -> bool:
    """ "al-" of "al-Hasakah" (lower case, so not a name token, but part of the name)."""
    tokens = doc.tokens
    return (
        tokens[i].lower in ARTICLES
        and i + 2 < len(tokens)
        and tokens[i + 1].text == "-"
        and not tokens[i].ws
        and not tokens[i + 1].ws
    )


def _cuts_hyphen_compound(doc: AnnotatedDoc, i: int, j: int) -> bool:
    """ "Qala" out of "Qala-e-Wazir": a name glued by a hyphen to a particle is not whole (but
    "Kano-Katsina road" names two places)."""
    tokens = doc.tokens

    def glued_particle(hyphen: int, other: int) -> bool:
        if not (1 <= other < len(tokens) and 1 <= hyphen < len(tokens)):
            return False
        if tokens[hyphen].text != "-":
            return False
        first, last = min(hyphen, other), max(hyphen, other)
        joined = all(not t.ws for t in tokens[first - 1 : last])
        word = tokens[other].text
        if other < hyphen and word.lower() in _STANCE_PREFIXES:
            return False  # "pro-Iran", "anti-Russia": the name is whole
        return joined and (word.lower() in _CONNECTORS or word[:1].islower())

    # "Iran-backed", "Saudi-led": an English word, unless more name follows ("Qala-e-Wazir")
    more_name = j + 2 < len(tokens) and tokens[j + 2].text == "-" and not tokens[j + 1].ws
    if (
        _glued_to_participle(doc, j - 1)
        and tokens[j + 1].lower not in _CONNECTORS
        and not more_name
    ):
        return glued_particle(i - 1, i - 2)
    return glued_particle(j, j + 1) or glued_particle(i - 1, i - 2)


def _drop_overlaps(mentions: list[_Mention]) -> list[_Mention]:
    """n-gram candidates overlap each other: keep the longest (then NER) at each place."""
    ordered = sorted(mentions, key=lambda m: (-(m.end - m.start), not m.from_ner, m.start))
    kept: list[_Mention] = []
    for m in ordered:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


# --- scoring --------------------------------------------------------------------------------


def _display_name(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text

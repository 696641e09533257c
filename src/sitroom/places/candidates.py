"""Candidate generation: the place mentions of a document (model entities, joined entities and
capitalized n-grams), each with the gazetteer entries its name may denote, and the mentions
that name a sea, a region or a continent instead."""

from __future__ import annotations

import re

from sitroom.annotation import AnnotatedDoc, Token
from sitroom.places.features import Feature, find_feature, site_feature
from sitroom.places.fuzzy import FuzzyNames
from sitroom.places.gazetteer import ADMIN1, CITY, COUNTRY, Entry, Gazetteer
from sitroom.places.mentions import (
    _NEVER_PLACE_LABELS,
    _WORDS,
    DIRECTION_WORDS,
    NAME_MODIFIERS,
    _joined_entities,
    _Mention,
    _mention,
    _ner_mentions,
    _ngram_mentions,
    _token_range,
)
from sitroom.places.names import is_world_region
from sitroom.places.persons import without_person_names
from sitroom.places.scoring import BIG_PLACE, _Context


def candidate_mentions(
    gazetteer: Gazetteer, doc: AnnotatedDoc, skipped: list[tuple[int, int]]
) -> tuple[list[_Mention], list[tuple[_Mention, Feature]]]:
    """The possible place mentions of ``doc`` outside the ``skipped`` spans, each with its
    gazetteer hits (maybe none yet), and the mentions of named features (seas, regions)."""
    mentions = _ner_mentions(doc)
    # the names only: a run may join "Shirin" + "Tagab district" into one name
    entity_ranges = [_token_range(doc, m.start, m.name_end) for m in mentions]
    mentions += _joined_entities(doc, mentions)
    mentions += _ngram_mentions(doc, entity_ranges)
    mentions += site_word_mentions(doc)
    # text read otherwise (coordinates: "34.5N 69.2E" holds no "E" place), quoted titles
    skipped = [*skipped, *quoted_titles(doc.text)]
    if skipped:
        mentions = [m for m in mentions if not any(m.start < e and m.end > s for s, e in skipped)]
    found = gazetteer.find([m.core for m in mentions] + [m.full for m in mentions])
    countries = {
        name
        for name, hits in found.items()
        if any(h.entry.kind == COUNTRY and not h.loose for h in hits)
    }
    mentions = without_person_names(doc, mentions, countries)
    for m in mentions:
        hits = found.get(m.full, []) if m.full != m.core else []
        if hits:
            m.core, m.hint = m.full, None
        else:
            hits = found.get(m.core, [])
        # a demonym ("Afghan") names no place: its hits go, whatever they are
        m.hits = list(hits) if gazetteer.demonym_country(m.core) is None else []
        if m.hyphen_part:  # "U.S.-Korea": only units and big towns, no hamlet "Korea"
            m.hits = [h for h in m.hits if not h.loose and _well_known(h.entry)]
    features = _feature_mentions(doc.text, mentions)
    features += _site_mentions(mentions, features)
    if features:
        taken = [(m.start, m.end) for m, _ in features]
        mentions = [m for m in mentions if not any(m.start < e and m.end > s for s, e in taken)]
    mentions = [m for m in mentions if not (is_world_region(m.core) or is_world_region(m.full))]
    _without_direction_word(gazetteer, doc.text, mentions)
    return mentions, features


def _well_known(entry: Entry) -> bool:
    return entry.kind in (COUNTRY, ADMIN1) or (entry.kind == CITY and entry.population >= BIG_PLACE)


def _without_direction_word(gazetteer: Gazetteer, text: str, mentions: list[_Mention]) -> None:
    """ "Northern Iraq", "South-East Nigeria", "Old Homs": a direction word or a modifier
    before a name that is not part of it ("North Kivu" is found whole first) names a part of
    the place."""
    bare: dict[int, str] = {}
    for i, m in enumerate(mentions):
        words = m.core.replace("-", " ").split()
        if m.hits or len(words) < 2:
            continue
        if words[0].lower() not in DIRECTION_WORDS and words[0].lower() not in NAME_MODIFIERS:
            continue
        rest = words[1:]
        if rest[0].lower() in DIRECTION_WORDS and len(rest) > 1:  # "South East Asia"
            rest = rest[1:]
        bare[i] = " ".join(rest)
    if not bare:
        return
    found = gazetteer.find(bare.values())
    for i, name in bare.items():
        hits = found.get(name, [])
        if hits and gazetteer.demonym_country(name) is None:
            m = mentions[i]
            m.core, m.hits = name, hits
            first = m.full.split()[0].lower()
            at = text.find(name, m.start, m.end)
            if first not in DIRECTION_WORDS and at > m.start:
                m.start = at  # "in Old Aleppo": the mention is the name, "Aleppo"


def fuzzy_unmatched(fuzzy: FuzzyNames, mentions: list[_Mention], context: _Context) -> None:
    """Names the spaCy model calls places but the index does not hold exactly: fuzzy match
    within the countries the document is about (spelling variants of small towns)."""
    countries = context.doc_countries | context.demonym_countries
    for m in mentions:
        if not m.hits and m.from_ner and countries:
            m.hits = fuzzy.in_countries(m.core, countries)


_IN_HIERARCHY_AFTER = re.compile(r"\s*,\s*[A-Z]")
_IN_HIERARCHY_BEFORE = re.compile(r"[A-Z][\w'-]*\s*,\s*$")


def _feature_mentions(text: str, mentions: list[_Mention]) -> list[tuple[_Mention, Feature]]:
    """Mentions that name a sea, a region or a continent ("the Indian Ocean", "Mideast"), the
    longest first; not one written with a unit word whose name the gazetteer knows ("Sahel
    region" is Burkina Faso's; "the Indo-Pacific region" is the feature)."""
    found: list[tuple[_Mention, Feature]] = []
    for m in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        if any(m.start < o.end and o.start < m.end for o, _ in found):
            continue
        if m.unit_word and any(not h.loose for h in m.hits):
            continue  # "Sahel region": Burkina Faso's; but "the Indo-Pacific region" is none
        if m.hyphen_part:
            continue  # "the U.S.-Korea institute": a pair of states, not the peninsula
        if _in_longer_known_name(m, mentions):
            continue  # "Rio Grande" of "Rio Grande do Sul": the longer name wins
        after = _IN_HIERARCHY_AFTER.match(text, m.end)
        before = _IN_HIERARCHY_BEFORE.search(text, max(0, m.start - 60), m.start)
        if (after and not _feature_at(mentions, after.end() - 1, start=True)) or (
            before and not _feature_at(mentions, before.start(), start=False)
        ):
            continue  # "Tao, Sahel, Burkina Faso": a unit of a written hierarchy
            # (but "in Latin America, Africa and Asia" is a list of regions)
        feature = find_feature(m.full) or find_feature(m.core)
        if feature is not None:
            found.append((m, feature))
    return sorted(found, key=lambda mf: mf[0].start)


def _site_mentions(
    mentions: list[_Mention], taken: list[tuple[_Mention, Feature]]
) -> list[tuple[_Mention, Feature]]:
    """Model entities that name a site or a natural feature by a unit word ("Kuje Prison",
    "Liuheng Island": ``features.site_feature``) which the gazetteer does not know, the
    longest first; not one holding a name that the gazetteer knows ("Kabul International
    Airport": the town gives the point)."""
    found: list[tuple[_Mention, Feature]] = []
    for m in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        if not m.from_ner or any(not h.loose for h in m.hits):
            continue
        if any(m.start < o.end and o.start < m.end for o, _ in [*taken, *found]):
            continue
        feature = site_feature(m.full, m.label)
        if feature is None:
            continue
        # the table's point when it knows the name ("Scarborough Shoal, the ...": a feature
        # that a comma after it kept from being read as one, for a possible hierarchy)
        feature = find_feature(m.full) or feature
        if any(
            o is not m
            and m.start <= o.start
            and o.end <= m.end
            and any(not h.loose for h in o.hits)
            for o in mentions
        ):
            continue
        found.append((m, feature))
    return found


def _in_longer_known_name(m: _Mention, mentions: list[_Mention]) -> bool:
    """Is the mention part of a longer one that the gazetteer knows exactly?"""
    return any(
        o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start
        and any(not h.loose for h in o.hits)
        for o in mentions
    )  # fmt: skip


def _feature_at(mentions: list[_Mention], char: int, *, start: bool) -> bool:
    """Whether a mention that names a feature starts (or ends, for ``start=False``, at the
    end of the word at ``char``) there: the comma joins two regions of a list."""
    for o in mentions:
        at = o.start == char if start else o.start <= char < o.end
        if at and (find_feature(o.full) or find_feature(o.core)) is not None:
            return True
    return False


_SITE_OR_NATURAL_WORDS = _WORDS["site_words"] | _WORDS["natural_words"]


def site_word_mentions(doc: AnnotatedDoc) -> list[_Mention]:
    """Sites named with a lower-case word after the name ("JFK airport", "Mariscal Zavala
    prison"): candidates of a named site, kept only where the gazetteer does not know the
    name itself (``candidates._site_mentions``). Not after a nationality ("the Iranian
    port") or an actor the knowledge base knows ("the U.S. military base")."""
    mentions = []
    for ent in doc.entities:
        if ent.label in _NEVER_PLACE_LABELS or ent.label == "NORP" or ent.kb_id:
            continue
        site = _site_word_after(doc, ent.token_end)
        if site is not None:
            mentions.append(_mention(doc, ent.start, site.end, from_ner=True, label="FAC"))
    return mentions


def _site_word_after(doc: AnnotatedDoc, token_end: int) -> Token | None:
    """The lower-case site or natural word right after an entity ("JFK airport"), if it
    ends the noun phrase (not "the Kabul airport road")."""
    tokens = doc.tokens
    if token_end >= len(tokens) or not tokens[token_end - 1].ws:
        return None
    word = tokens[token_end]
    if word.text not in _SITE_OR_NATURAL_WORDS or word.sent != tokens[token_end - 1].sent:
        return None
    after = tokens[token_end + 1] if token_end + 1 < len(tokens) else None
    if after is not None and after.pos in ("NOUN", "PROPN") and after.dep == "compound":
        return None
    return word


# A quoted span of three to fourteen words: a title of a work when every word but the small
# ones is capitalized and a small one is there ("The Gees in Houston, Texas", "A Week in
# Kabul"); quoted speech has lower-case words ("we stayed in Kabul").
_QUOTED = re.compile(r"[\"“]([A-Z][^\"“”\n]{4,120}?)[\"”]")
_TITLE_SMALL_WORDS = _WORDS["title_small_words"]


def quoted_titles(text: str) -> list[tuple[int, int]]:
    """Spans of quoted titles of works ("The Gees in Houston, Texas", "I am Malala: The
    Story of the Girl Who Stood Up for Education"): the names inside are no places the text
    speaks of."""
    out = []
    for m in _QUOTED.finditer(text):
        words = re.findall(r"[A-Za-z][\w'’-]*", m.group(1))
        small = [w for w in words if w.lower() in _TITLE_SMALL_WORDS and w[0].islower()]
        if not 3 <= len(words) <= 14 or not small:
            continue
        if all(w[0].isupper() or w.lower() in _TITLE_SMALL_WORDS for w in words):
            out.append((m.start(1), m.end(1)))
    return out

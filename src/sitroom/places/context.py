"""Document context: what a text says about where it is (the countries it names, its
demonyms, the country of its dateline, the countries its trusted places are in, its focus),
the evidence that makes the choices among namesakes coherent across the document."""

from __future__ import annotations

from collections import Counter

from sitroom.annotation import AnnotatedDoc
from sitroom.models import Place
from sitroom.places.gazetteer import ADMIN1, ADMIN2, COUNTRY, Gazetteer
from sitroom.places.mentions import _Mention
from sitroom.places.names import name_key
from sitroom.places.scoring import _Context, _trusted


def find_demonyms(gazetteer: Gazetteer, doc: AnnotatedDoc) -> list[tuple[int, str]]:
    """(token index, country) of the demonyms of ``doc``; two-word demonyms first, so
    "South Sudanese" is South Sudan and "Sri Lankan" Sri Lanka."""
    found: list[tuple[int, str]] = []
    tokens = doc.tokens
    skip = -1
    for i, token in enumerate(tokens):
        if i <= skip or not token.text[:1].isupper():
            continue
        if i + 1 < len(tokens) and tokens[i + 1].text[:1].isupper() and token.ws:
            country = gazetteer.demonym_country(f"{token.text} {tokens[i + 1].text}")
            if country:
                found.append((i, country))
                skip = i + 1
                continue
        country = gazetteer.demonym_country(token.text)
        if country:
            found.append((i, country))
    return found


def demonym_country(gazetteer: Gazetteer, doc: AnnotatedDoc) -> str | None:
    """Last resort for a text without any place name: "Lao authorities imposed a curfew"
    is most likely about Laos. Demonyms never become places, they only point here."""
    counts = Counter(country for _, country in find_demonyms(gazetteer, doc))
    return counts.most_common(1)[0][0] if counts else None


def dateline_country(gazetteer: Gazetteer, written: str) -> str | None:
    """The country of a dateline's place ("KABUL, Afghanistan" -> AFG): its last part if
    that is a country, else the most populous place of its first part."""
    parts = [p.strip() for p in written.split(",") if p.strip()]
    names = [p.title() if p.isupper() else p for p in parts]
    found = gazetteer.find(names)
    for name in reversed(names):
        hits = found.get(name, [])
        countries = [h.entry for h in hits if h.entry.kind == COUNTRY and not h.loose]
        if countries:
            return countries[0].country
    hits = [h for h in found.get(names[0], []) if not h.loose] if names else []
    if not hits:
        return None
    # a place of that very name before one it was once called ("ISLAMABAD": not Chattogram,
    # once Islamabad, though more populous)
    key = name_key(names[0])
    return max(
        hits, key=lambda h: (name_key(h.entry.name) == key, h.entry.population)
    ).entry.country


def document_context(
    gazetteer: Gazetteer, capitals: frozenset[int], doc: AnnotatedDoc, mentions: list[_Mention]
) -> _Context:
    """The countries ``doc`` names (by sentence and in all) and the countries of its
    demonyms; ``capitals`` are the entry ids of the national capitals."""
    context = _Context(capitals=capitals)
    for m in mentions:
        countries = [h.entry for h in m.hits if h.entry.kind == COUNTRY and not h.loose]
        # "the U.S.-China talks": a pair of governments, not where the text is
        if countries and (m.from_ner or m.label not in ("PERSON", "ORG")) and not m.hyphen_part:
            context.sentence_countries[m.sent].add(countries[0].country)
            context.doc_countries.add(countries[0].country)
    for i, country in find_demonyms(gazetteer, doc):
        context.demonym_countries.add(country)
        # "the Philippine government ... in Manila": the sentence says which country
        context.sentence_countries[doc.tokens[i].sent].add(country)
    return context


def note_first_choices(context: _Context, mentions: list[_Mention]) -> None:
    """After the first pass: the divisions of each sentence and the countries of the trusted
    choices, the evidence of the second pass."""
    for m in mentions:
        if m.chosen is None or not _trusted(m) or m.hyphen_part:
            continue
        if m.chosen.kind in (ADMIN1, ADMIN2):
            context.sentence_divisions[m.sent].append((m.start, m.chosen.id))
        context.place_countries[m.chosen.country].add(m.start)
        if m.from_ner:
            context.ner_countries[m.chosen.country].add(m.start)


def recount_place_countries(context: _Context, mentions: list[_Mention]) -> None:
    """The countries of the trusted places by the final choices (a namesake abroad that its
    stated container has since ruled out no longer counts)."""
    context.place_countries.clear()
    context.ner_countries.clear()
    for m in mentions:
        if m.chosen is not None and _trusted(m) and not m.hyphen_part:
            context.place_countries[m.chosen.country].add(m.start)
            if m.from_ner:
                context.ner_countries[m.chosen.country].add(m.start)


def focus_country(places: list[Place]) -> str | None:
    """The country the places of a document are most in (the first named on a tie)."""
    weight: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for place in places:
        if place.country is None or place.kind == "demonym":
            continue
        weight[place.country] += len(place.mentions) or 1
        first = min((m.start for m in place.mentions), default=0)
        first_seen[place.country] = min(first_seen.get(place.country, first), first)
    if not weight:
        return None
    return max(weight, key=lambda c: (weight[c], -first_seen.get(c, 0)))

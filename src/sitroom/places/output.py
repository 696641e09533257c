"""Output: the places of a document from its decided mentions (literal or metonymic), from
written coordinates, named features and demonyms, as :class:`sitroom.models.Place`."""

from __future__ import annotations

import re

from sitroom.annotation import AnnotatedDoc
from sitroom.models import Place, Span
from sitroom.places.context import find_demonyms
from sitroom.places.coordinates import WrittenCoordinates
from sitroom.places.features import Feature
from sitroom.places.gazetteer import ADMIN1, ADMIN2, CITY, KIND_NAMES, Entry, Gazetteer
from sitroom.places.geo import haversine_km
from sitroom.places.kinds import (
    MetonymyModel,
    after_a_stance_prefix,
    backs_an_actor,
    default_model,
    glued_to_a_word,
    mention_features,
    syntax_decides,
)
from sitroom.places.mentions import AFFIX_KIND, _display_name, _Mention
from sitroom.places.words import words

_TOWN_AT_POINT_KM = 10.0  # a written position this close to a town is in it

ATTACK_LEMMAS = words()["attack_lemmas"]
# Nouns that a place name before them makes a place: "Ghoryan district center".
_PLACE_NOUNS = words()["place_nouns"]
# "in Dasht, Mastung": a name after a comma that follows a located name (which the gazetteer
# may not know) is the unit holding it.
_AFTER_LOCATED_NAME = re.compile(
    r"\b(?:in|at|near|outside|from)\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3},\s*$"
)


def place_of(gazetteer: Gazetteer, entry: Entry, name: str | None = None) -> Place:
    """The place of a gazetteer entry, with the names of its divisions."""
    admin1 = gazetteer.entry(entry.admin1_id) if entry.admin1_id else None
    admin2 = gazetteer.entry(entry.admin2_id) if entry.admin2_id else None
    if entry.kind == ADMIN1:
        admin1 = entry
    elif entry.kind == ADMIN2:
        admin2 = entry
    return Place(
        name=name or entry.name,
        country=entry.country,
        admin1=admin1.name if admin1 else None,
        admin2=admin2.name if admin2 else None,
        city=entry.name if entry.kind == CITY else None,
        lat=entry.lat,
        lon=entry.lon,
        precision=KIND_NAMES[entry.kind],  # type: ignore[arg-type]
        geonameid=entry.geonameid,
        feature=KIND_NAMES[entry.kind],
    )


def mention_places(
    gazetteer: Gazetteer, doc: AnnotatedDoc, mentions: list[_Mention]
) -> list[Place]:
    """One place per entry and kind: "in Kabul" and "Kabul said" are two places, the
    second without a point (a government is no location)."""
    model = default_model()
    by_entry: dict[tuple[int, str], Place] = {}
    for m in mentions:
        assert m.chosen is not None
        span = Span(start=m.start, end=m.end, text=doc.text[m.start : m.end])
        features = mention_features(doc, m.start, m.end, KIND_NAMES[m.chosen.kind])
        metonymic = _metonymic(doc, m, mentions, features, model)
        kind = "metonymic" if metonymic else "literal"
        place = by_entry.get((m.chosen.id, kind))
        if place is None:
            place = place_of(gazetteer, m.chosen, name=_display_name(span.text))
            if metonymic:
                place.kind, place.lat, place.lon = "metonymic", None, None
            by_entry[(m.chosen.id, kind)] = place
        place.mentions.append(span)
    return list(by_entry.values())


def _metonymic(
    doc: AnnotatedDoc,
    m: _Mention,
    mentions: list[_Mention],
    features: list[str],
    model: MetonymyModel,
) -> bool:
    if backs_an_actor(doc, m.end) or after_a_stance_prefix(doc, m.start):
        return True
    if _written_as_location(m, mentions):
        return False
    settled = reading_by_form(doc, m.start, m.end, features)
    return settled if settled is not None else model.metonymic(features)


def reading_by_form(doc: AnnotatedDoc, start: int, end: int, features: list[str]) -> bool | None:
    """The reading (True: metonymic) of the name ``text[start:end]`` when its written form
    settles it, whatever the fitted weights say; None when it is left to them. A name glued
    to a participle of backing ("Iran-backed") or after a stance prefix ("pro-Iran") stands
    for its state; a name glued to another lower-case word ("Kabul-bound") or written where a
    location goes (:func:`location_syntax`) is literal; then :func:`kinds.syntax_decides`.
    ``scripts/fit_place_models.py`` fits the weights only on the names left to them."""
    if backs_an_actor(doc, end) or after_a_stance_prefix(doc, start):
        return True
    if glued_to_a_word(doc, end) or location_syntax(doc, start, end):
        return False
    return syntax_decides(features)


def _written_as_location(m: _Mention, mentions: list[_Mention]) -> bool:
    """A name with a unit word ("Zabul province", "Dekoa village") or in a written hierarchy
    ("Gusau, Zamfara") names a location, whatever the verb."""
    if m.unit_word or m.hint is not None:
        return True
    return m.container is not None or any(o.container is m for o in mentions)


def location_syntax(doc: AnnotatedDoc, start: int, end: int) -> bool:
    """Forms that name a location, whatever the verb: a name after a located name and a comma
    ("in Dasht, Mastung"), after a named place noun and a comma ("Bab Amr neighborhood,
    Homs"), in a list in parentheses after a name ("Kaya (Sanmatenga, Centre-Nord)"), a name
    that modifies a place noun ("Kandahar and Zabul provinces", "the Kabul outskirts"), the
    object of a locative preposition, the target of violence."""
    before = doc.text[max(0, start - 80) : start]
    if _AFTER_LOCATED_NAME.search(before):
        return True
    in_parentheses = _IN_PARENTHESES.search(before)
    if in_parentheses is not None and (
        "," in in_parentheses.group(0) or doc.text[end : end + 1] == ","
    ):
        return True  # a list of units, not an alias: "PRC (People's Republic of China)"
    after_noun = _AFTER_NAMED_PLACE_NOUN.search(before)
    if after_noun is not None and (
        after_noun.group(1).lower() in _PLACE_NOUNS or after_noun.group(1).lower() in AFFIX_KIND
    ):
        return True  # "in Bab Amr neighborhood, Homs", "Tarin Kot district, Uruzgan"
    tokens = [doc.tokens[i] for i in doc.token_range(start, end)]
    inside = {t.i for t in tokens}
    head = next((t for t in tokens if t.head not in inside or t.head == t.i), None)
    if head is None or head.head == head.i:
        return False
    governor = doc.tokens[head.head]
    if head.dep == "conj" and governor.head != governor.i:  # "Kandahar and Zabul provinces"
        head, governor = governor, doc.tokens[governor.head]
    word = governor.lower
    singular = {word, word.removesuffix("s"), word.removesuffix("ies") + "y"}  # "counties"
    place_noun = any(w in _PLACE_NOUNS or w in AFFIX_KIND for w in singular)
    violence = singular & ATTACK_LEMMAS or governor.lemma.lower() in ATTACK_LEMMAS
    if head.dep in ("compound", "amod", "nmod") and (place_noun or violence):
        return True  # "Kandahar and Zabul provinces", "Aleppo shells"
    if head.dep == "pobj" and governor.head != governor.i:
        # "in Aleppo"; "neighborhoods of Aleppo"; "shelling on Manbij" (with an act of
        # violence in the sentence, since "pressure on Beijing" is a government)
        prep, grand = governor.lower, doc.tokens[governor.head]
        grand_words = {grand.lower, grand.lower.removesuffix("s"), grand.lemma.lower()}
        if prep in ("in", "at", "near", "inside", "outside", "around", "across", "into"):
            return True
        if prep == "of" and grand_words & _PLACE_NOUNS:
            return True
        sentence = doc.sentences[head.sent]
        if prep in ("on", "of") and any(
            t.lemma.lower() in ATTACK_LEMMAS for t in doc.sentence_tokens(sentence)
        ):
            return True
    # "shells target Aleppo", "jets struck Kramatorsk"
    return head.dep == "dobj" and governor.lemma.lower() in ATTACK_LEMMAS


# "Bab Amr neighborhood, Homs": a name after a comma that follows a named place noun holds it
_AFTER_NAMED_PLACE_NOUN = re.compile(r"\b[A-Z][\w'-]*(?:[ -][\w'-]+){0,3}\s+([a-z]+),\s*$")
# "Kaya (Sanmatenga, Centre-Nord)": names in parentheses after a name are its units
_IN_PARENTHESES = re.compile(r"\b[A-Z][\w'-]*\s*\((?:\s*[A-Z][\w' -]*,)*\s*$")


def coordinate_place(gazetteer: Gazetteer, doc: AnnotatedDoc, written: WrittenCoordinates) -> Place:
    """A position written in the text: its divisions (and town, if one is within
    _TOWN_AT_POINT_KM) are those of the nearest populated place."""
    nearest = gazetteer.nearest_place(written.lat, written.lon)
    if nearest is None:  # open country: look wider for the divisions at least
        nearest = gazetteer.nearest_place(written.lat, written.lon, radius_deg=2.0)
    text = doc.text[written.start : written.end]
    span = Span(start=written.start, end=written.end, text=text)
    place = Place(
        name=text,
        lat=written.lat,
        lon=written.lon,
        precision="coordinates",
        feature="coordinates",
        mentions=[span],
    )
    if nearest is not None:
        near = place_of(gazetteer, nearest)
        place.country, place.admin1, place.admin2 = near.country, near.admin1, near.admin2
        distance = haversine_km(written.lat, written.lon, nearest.lat, nearest.lon)
        if distance <= _TOWN_AT_POINT_KM:
            place.city = nearest.name
    return place


# The feature code of a named site that no table places (features.site_feature): its country
# is only the document's, so it says nothing of where an event is (locating.LocateIndex).
SITE = "site"


def feature_place(
    doc: AnnotatedDoc, m: _Mention, feature: Feature, country: str | None = None
) -> Place:
    """A named feature (a sea, a region, a continent, a named site); metonymic, without a
    point, when it stands for its people or states ("Europe needs to fortify its defenses").
    ``country`` is that of a site the table does not place (the document's)."""
    span = Span(start=m.start, end=m.end, text=doc.text[m.start : m.end])
    metonymic = _metonymic(
        doc, m, [], mention_features(doc, m.start, m.end, "feature"), default_model()
    )
    return Place(
        name=_display_name(span.text),
        country=feature.country or country,
        lat=None if metonymic else feature.lat,
        lon=None if metonymic else feature.lon,
        precision=None,
        feature=SITE if feature.site else "feature",
        mentions=[span],
        kind="metonymic" if metonymic else "literal",
    )


# "Hotel X in Kabul", "X Prison, outside Lima", "X Park in San Francisco Bay": what follows a
# site and says where it lies
_SETTING_GAP = re.compile(
    r"^\s*(?:,\s*)?(?:(?:in|at|near|outside|on)\s+)?(?:the\s+)?(?:city\s+of\s+)?$"
)


def set_sites(text: str, places: list[Place]) -> None:
    """A named site without a point that the text places right after its name ("Mariscal
    Zavala prison in Guatemala City", "Angel Island State Park in San Francisco Bay",
    "the Lasalle Detention Facility in Louisiana") lies there: it takes that place's country
    instead of the document's, and the point of a town or a feature (a province or a
    country is too wide to stand for a site's position)."""
    literal = [
        (m.start, p)
        for p in places
        if p.kind == "literal" and p.feature != SITE
        for m in p.mentions
    ]
    for site in places:
        if site.feature != SITE or site.kind != "literal" or site.lat is not None:
            continue
        for mention in site.mentions:
            after = [
                (start, p)
                for start, p in literal
                if start >= mention.end and _SETTING_GAP.match(text[mention.end : start])
            ]
            if not after:
                continue
            _, setting = min(after, key=lambda sp: sp[0])
            site.country = setting.country or site.country
            if setting.lat is not None and setting.precision in ("city", None):
                site.lat, site.lon = setting.lat, setting.lon
            break


def demonym_places(
    gazetteer: Gazetteer, doc: AnnotatedDoc, taken: list[tuple[int, int]]
) -> list[Place]:
    """Nationality words ("Somali forces", "Iraqis") as places of kind ``demonym``: the
    sovereign state, without a point (``locate`` uses them only as a last resort)."""
    by_country: dict[str, Place] = {}
    tokens = doc.tokens
    for i, country in find_demonyms(gazetteer, doc):
        end_token = i + 1
        if (
            i + 1 < len(tokens)
            and tokens[i].ws
            and gazetteer.demonym_country(f"{tokens[i].text} {tokens[i + 1].text}")
        ):
            end_token = i + 2
        start, end = tokens[i].idx, tokens[end_token - 1].end
        if any(start < e and end > s for s, e in taken):
            continue
        entry = gazetteer.countries.get(country)
        place = by_country.get(country)
        if place is None:
            place = Place(
                name=entry.name if entry is not None else country,
                country=country,
                precision="country",
                feature="country",
                kind="demonym",
                geonameid=entry.geonameid if entry is not None else None,
            )
            by_country[country] = place
        place.mentions.append(Span(start=start, end=end, text=doc.text[start:end]))
    return list(by_country.values())

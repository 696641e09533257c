"""Country names, ISO 3166-1 alpha-3 codes, short names and demonyms.

Built once from ``countryinfo`` (names, alternate spellings, demonyms) and corrected with the
forms news and conflict datasets actually use ("U.S.", "DRC", "Ivory Coast", "Filipino",
plurals such as "Afghans"). Lookups are dictionary hits on a normalized key; the short
all-caps codes ("US", "UK", "CAR") match only in capitals because their lowercase forms are
ordinary words.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "CountryIndex",
    "all_countries",
    "country_code",
    "country_name",
    "country_names",
    "demonyms",
    "is_demonym",
    "normalize_country_key",
]

# Preferred English names where countryinfo's choice is dated or unusual.
_PREFERRED_NAMES: dict[str, str] = {
    "BHS": "Bahamas",
    "GMB": "Gambia",
    "MKD": "North Macedonia",
    "SWZ": "Eswatini",
    "MMR": "Myanmar",
    "TLS": "Timor-Leste",
    "CZE": "Czechia",
    "VAT": "Vatican City",
    "PSE": "Palestine",
    "CPV": "Cape Verde",
    "FSM": "Micronesia",
    "COG": "Republic of the Congo",
    "COD": "Democratic Republic of the Congo",
    "CIV": "Côte d'Ivoire",
    "XKX": "Kosovo",
}

# Extra names and short forms (case-insensitive unless all capitals, see _CASED_ONLY).
_EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "USA": ("US", "U.S.", "U.S.A.", "USA", "America", "United States of America", "the States"),
    "GBR": (
        "UK",
        "U.K.",
        "Britain",
        "Great Britain",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
    ),
    "COD": (
        "DRC",
        "DR Congo",
        "D.R. Congo",
        "Congo-Kinshasa",
        "Democratic Republic of Congo",
        "Zaire",
    ),
    "COG": ("Congo-Brazzaville", "Republic of Congo", "Congo Republic", "Congo"),
    "CIV": ("Ivory Coast", "Cote d'Ivoire", "Côte d’Ivoire"),
    "ARE": ("UAE", "U.A.E.", "Emirates"),
    "CAF": ("CAR", "Centrafrique"),
    "MMR": ("Burma",),
    "SWZ": ("Swaziland",),
    "MKD": ("Macedonia",),
    "TUR": ("Türkiye", "Turkiye"),
    "CZE": ("Czech Republic",),
    "TLS": ("East Timor",),
    "CPV": ("Cabo Verde",),
    "PSE": (
        "Palestinian Territories",
        "Occupied Palestinian Territories",
        "Gaza Strip",
        "West Bank",
        "Gaza",
    ),
    "XKX": ("Kosovo", "Republic of Kosovo"),
    "RUS": ("Russian Federation",),
    "SYR": ("Syrian Arab Republic",),
    "LAO": ("Lao PDR", "Lao People's Democratic Republic"),
    "VNM": ("Viet Nam",),
    "KOR": ("Korea",),
    "IRN": ("Persia",),
    "SOM": ("Somaliland", "Puntland", "Jubaland"),
    "AZE": ("Nagorno-Karabakh", "Artsakh"),
    "SDN": ("Darfur",),
    "BOL": ("Plurinational State of Bolivia",),
    "VEN": ("Bolivarian Republic of Venezuela",),
    "TZA": ("United Republic of Tanzania",),
    "NLD": ("Holland", "The Netherlands"),
    "VAT": ("Holy See", "Vatican"),
}

# Demonyms and adjectives countryinfo lacks or gets wrong; plurals are generated below.
_EXTRA_DEMONYMS: dict[str, tuple[str, ...]] = {
    "USA": ("American", "US", "U.S."),
    "GBR": ("British", "Briton", "English", "Scottish", "Scots", "Welsh", "UK"),
    "PHL": ("Filipino", "Philippine", "Pinoy"),
    "SOM": ("Somali", "Somalian", "Somalilander"),
    "NER": ("Nigerien",),
    "NGA": ("Nigerian",),
    "COD": ("Congolese",),
    "BFA": ("Burkinabe", "Burkinabè", "Burkinese"),
    "ARE": ("Emirati",),
    "SAU": ("Saudi", "Saudi Arabian"),
    "KGZ": ("Kyrgyz", "Kyrgyzstani"),
    "TJK": ("Tajik", "Tajikistani"),
    "UZB": ("Uzbek",),
    "KAZ": ("Kazakh",),
    "AZE": ("Azeri", "Azerbaijani"),
    "TUR": ("Turk", "Turkish"),
    "NPL": ("Nepali", "Nepalese"),
    "LAO": ("Lao", "Laotian"),
    "MMR": ("Burmese", "Myanmar"),
    "ARG": ("Argentine", "Argentinian"),
    "ECU": ("Ecuadorian",),
    "SRB": ("Serb",),
    "HRV": ("Croat",),
    "BIH": ("Bosnian", "Bosniak"),
    "XKX": ("Kosovar", "Kosovan"),
    "CIV": ("Ivorian",),
    "CAF": ("Central African",),
    "ISR": ("Israeli",),
    "PSE": ("Palestinian",),
    "YEM": ("Yemeni", "Yemenite"),
    "CPV": ("Cape Verdean",),
    "MDV": ("Maldivian",),
    "CHN": ("Chinese",),
    "IND": ("Indian",),
    "FRA": ("French",),
    "NOR": ("Norwegian",),
    "DOM": ("Dominican",),
    "NLD": ("Dutch",),
    "SWZ": ("Swazi", "Emaswati"),
    "SLV": ("Salvadoran", "Salvadorean"),
    "COL": ("Colombian",),
    "GNB": ("Bissau-Guinean",),
    "LKA": ("Sri Lankan",),
    "TLS": ("Timorese",),
    "MKD": ("Macedonian",),
    "CHE": ("Swiss",),
}

# countryinfo demonyms shared by a territory and its state, or just wrong: drop them.
_BAD_DEMONYMS = frozenset(
    {"channel islander", "christmas island", "gibraltar", "djibouti", "kirghiz", "tadzhik"}
)

# Names that are not countries today (or duplicates) in countryinfo's list.
_SKIP_CODES = frozenset({"ANT", "SCG", "UMI", "ATA", "BVT", "HMD", "SGS", "IOT", "ATF"})

# Upper-case-only keys: their lowercase forms are English words ("us", "car").
_CASED_ONLY = frozenset({"US", "UK", "CAR", "UAE", "DRC", "USA", "U.S.", "U.K."})

_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u02bb`\u00b4\u2032]")
_SPACES = re.compile(r"\s+")


def normalize_country_key(text: str) -> str:
    """Lowercase, strip accents, unify apostrophes and spaces, drop a leading "the"."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    key = _APOSTROPHES.sub("'", ascii_text).lower().replace("_", " ")
    key = _SPACES.sub(" ", key).strip(" .,;:")
    if key.startswith("the "):
        key = key[4:]
    return key


# Adjective-only forms: "Philippines" and "Myanmars" are not demonyms.
_NO_PLURAL = frozenset({"Philippine", "Myanmar", "Burkinabè", "Burkinabe", "Lao", "Thai", "Swiss"})


def _plural(word: str) -> str:
    """English plural of a demonym: Afghans, Iraqis; -ese/-ish/-ch forms do not inflect."""
    if word in _NO_PLURAL or word.endswith(("ese", "ish", "ch", "ss")) or word.isupper():
        return word
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy")):
        return word[:-1] + "ies"
    return word + "s"


@dataclass(slots=True)
class CountryIndex:
    """Name and demonym tables; build once with :func:`_build_index`."""

    names: dict[str, str] = field(default_factory=dict)  # iso3 -> preferred name
    by_key: dict[str, str] = field(default_factory=dict)  # normalized name -> iso3
    cased: dict[str, str] = field(default_factory=dict)  # exact-case short code -> iso3
    demonym_keys: dict[str, str] = field(default_factory=dict)  # normalized demonym -> iso3
    demonym_forms: dict[str, list[str]] = field(default_factory=dict)  # iso3 -> surface forms
    name_forms: dict[str, list[str]] = field(default_factory=dict)  # iso3 -> surface names

    def add_name(self, iso3: str, name: str, *, overwrite: bool = False) -> None:
        if not name:
            return
        forms = self.name_forms.setdefault(iso3, [])
        if name not in forms:
            forms.append(name)
        if name in _CASED_ONLY or (name.isupper() and len(name.replace(".", "")) <= 3):
            # Codes and short forms ("AFG", "US", "CAR") match in capitals only.
            if overwrite or name not in self.cased:
                self.cased[name] = iso3
            return
        key = normalize_country_key(name)
        if len(key) < 3:
            return
        if overwrite or key not in self.by_key:
            self.by_key[key] = iso3

    def add_demonym(self, iso3: str, form: str, *, overwrite: bool = False) -> None:
        form = form.strip()
        key = normalize_country_key(form)
        if not key or key in _BAD_DEMONYMS:
            return
        if form in _CASED_ONLY:
            self.cased.setdefault(form, iso3)
            return
        forms = self.demonym_forms.setdefault(iso3, [])
        for surface in (form, _plural(form)):
            skey = normalize_country_key(surface)
            if overwrite or skey not in self.demonym_keys:
                self.demonym_keys[skey] = iso3
            if surface not in forms:
                forms.append(surface)


def _countryinfo_rows() -> list[tuple[str, str, str | None, list[str]]]:
    """(iso3, name, demonym, alternate spellings) for every countryinfo entry with a code."""
    from countryinfo import all_countries as ci_all  # local: only needed while building

    rows: list[tuple[str, str, str | None, list[str]]] = []
    for country in ci_all():
        info = country.info()
        iso3 = (info.get("ISO") or {}).get("alpha3")
        if not iso3 or iso3 in _SKIP_CODES:
            continue
        rows.append(
            (iso3, info.get("name") or "", info.get("demonym"), info.get("altSpellings") or [])
        )
    return rows


@functools.cache
def _build_index() -> CountryIndex:
    index = CountryIndex()
    for iso3, name, demonym, alt_spellings in _countryinfo_rows():
        index.names.setdefault(iso3, _PREFERRED_NAMES.get(iso3, name))
        index.add_name(iso3, name)
        index.add_name(iso3, iso3)
        for alt in alt_spellings:
            # Two-letter alpha-2 codes ("IN", "IT", "NO") are words in running text: skip.
            if len(alt) > 2:
                index.add_name(iso3, alt)
        for form in (demonym or "").split(","):
            if form.strip():
                index.add_demonym(iso3, form)
    for iso3, preferred in _PREFERRED_NAMES.items():
        index.names[iso3] = preferred
        index.add_name(iso3, preferred, overwrite=True)
    for iso3, extras in _EXTRA_NAMES.items():
        for extra in extras:
            index.add_name(iso3, extra, overwrite=True)
    for iso3, forms in _EXTRA_DEMONYMS.items():
        for form in forms:
            index.add_demonym(iso3, form, overwrite=True)
    # A sovereign state's own name always wins over a territory sharing it.
    for iso3, preferred in index.names.items():
        index.by_key.setdefault(normalize_country_key(preferred), iso3)
    return index


def country_code(word: str) -> str | None:
    """ISO 3166-1 alpha-3 code for a country name, short name, ISO code or demonym.

    >>> country_code("Afghan"), country_code("U.S."), country_code("Ivory Coast")
    ('AFG', 'USA', 'CIV')
    """
    if not word or not word.strip():
        return None
    index = _build_index()
    stripped = word.strip()
    if stripped in index.cased:
        return index.cased[stripped]
    key = normalize_country_key(stripped)
    return index.by_key.get(key) or index.demonym_keys.get(key)


def country_name(iso3: str) -> str | None:
    """Preferred English short name for an alpha-3 code ("COD" -> "Democratic Republic of...")."""
    return _build_index().names.get(iso3.upper()) if iso3 else None


def is_demonym(word: str) -> bool:
    """True for nationality adjectives and nouns: "Afghan", "Iraqis", "Somali", "American"."""
    if not word:
        return False
    index = _build_index()
    stripped = word.strip()
    return normalize_country_key(stripped) in index.demonym_keys or (
        stripped in index.cased and stripped in {"US", "U.S.", "UK"}
    )


def demonyms(iso3: str) -> list[str]:
    """Surface forms of a country's demonyms, singular and plural ("Afghan", "Afghans").

    A form that stands for another country is not this one's: countryinfo gives "French" to
    Mayotte, Martinique and Réunion too, and "French officials" is France's government."""
    index = _build_index()
    code = iso3.upper()
    return [
        f
        for f in index.demonym_forms.get(code, [])
        if index.demonym_keys.get(normalize_country_key(f), code) == code
    ]


def all_countries() -> list[tuple[str, str]]:
    """(iso3, preferred name) for every country and territory known, sorted by code."""
    return sorted(_build_index().names.items())


def country_names(iso3: str) -> list[str]:
    """Every known name of a country: preferred name first, then codes and alternates."""
    index = _build_index()
    code = iso3.upper()
    preferred = index.names.get(code)
    forms = index.name_forms.get(code, [])
    return ([preferred] if preferred else []) + [f for f in forms if f != preferred]

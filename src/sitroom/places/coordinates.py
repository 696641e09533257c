"""Coordinates written in a text: "34.52N 69.17E", "34°31'12"N, 69°10'48"E", "lat/long
12.3, 45.6", "latitude 12.3, longitude 45.6".

Only pairs that say which number is the latitude (a hemisphere letter or a lat/long word) are
read, so that "12.5, 45.2" in a table of figures never becomes a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One coordinate: degrees, optionally minutes and seconds (ASCII or typographic marks).
_COMPONENT = (
    r"(\d{1,3}(?:\.\d+)?)\s*(?:°|º|˚|deg(?:rees)?\.?)?\s*"
    r"(?:(\d{1,2}(?:\.\d+)?)\s*['′’]\s*)?"
    r"(?:(\d{1,2}(?:\.\d+)?)\s*(?:\"|″|''|”)\s*)?"
)
_HEMISPHERE_PAIR = re.compile(
    _COMPONENT
    + r"([NS])(?:orth|outh)?\b\.?\s*[,;/]?\s*(?:and\s+)?"
    + _COMPONENT
    + r"([EW])(?:ast|est)?\b"
)
_LABELLED_PAIR = re.compile(
    r"\b(?:lat(?:itude)?s?\s*(?:/|and|,)?\s*long?(?:itude)?s?|coordinates?|gps|geo-?location)"
    r"\s*(?:of|at|:|=)?\s*\(?\s*(-?\d{1,2}\.\d+)\s*°?\s*[,;/]?\s*(-?\d{1,3}\.\d+)\s*°?",
    re.IGNORECASE,
)
_NAMED_PAIR = re.compile(
    r"\blat(?:itude)?\.?\s*[:=]?\s*(-?\d{1,2}\.\d+)\s*°?\s*(?:[,;]|and)?\s*"
    r"(?:long?(?:itude)?|lng)\.?\s*[:=]?\s*(-?\d{1,3}\.\d+)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class WrittenCoordinates:
    start: int
    end: int
    lat: float
    lon: float


def _degrees(degrees: str, minutes: str | None, seconds: str | None) -> float | None:
    value = float(degrees)
    if minutes is not None:
        if "." in degrees or float(minutes) >= 60:
            return None
        value += float(minutes) / 60
    if seconds is not None:
        if minutes is None or float(seconds) >= 60:
            return None
        value += float(seconds) / 3600
    return value


def _valid(lat: float, lon: float) -> bool:
    return -90 <= lat <= 90 and -180 <= lon <= 180


def find_coordinates(text: str) -> list[WrittenCoordinates]:
    """Every latitude/longitude pair written in ``text``, in text order."""
    found: list[WrittenCoordinates] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, lat: float | None, lon: float | None) -> None:
        if lat is None or lon is None or not _valid(lat, lon):
            return
        if any(start < e and end > s for s, e in taken):
            return
        taken.append((start, end))
        found.append(WrittenCoordinates(start, end, round(lat, 6), round(lon, 6)))

    for match in _HEMISPHERE_PAIR.finditer(text):
        lat_d, lat_m, lat_s, ns, lon_d, lon_m, lon_s, ew = match.groups()
        marked = any(c in match.group(0) for c in "°º˚'′’") or "deg" in match.group(0)
        if not marked and not ("." in lat_d and "." in lon_d):
            continue  # "Route 5 N and 3 E" is no position; "34.5N 69.2E" is
        lat = _degrees(lat_d, lat_m, lat_s)
        lon = _degrees(lon_d, lon_m, lon_s)
        if lat is not None and ns == "S":
            lat = -lat
        if lon is not None and ew == "W":
            lon = -lon
        add(match.start(), match.end(), lat, lon)
    for pattern in (_LABELLED_PAIR, _NAMED_PAIR):
        for match in pattern.finditer(text):
            end = match.end(2)
            add(match.start(), end, float(match.group(1)), float(match.group(2)))
    return sorted(found, key=lambda c: c.start)

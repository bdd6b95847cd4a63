"""Distances on the Earth's surface, for choosing the nearest place."""

from __future__ import annotations

from math import asin, cos, radians, sin, sqrt

from aftersales.kernel.i18n import N_

EARTH_RADIUS_KM = 6371.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle (haversine) distance between two points in kilometres."""
    p1, p2 = radians(lat1), radians(lat2)
    dp, dl = p2 - p1, radians(lon2 - lon1)
    h = sin(dp / 2) ** 2 + cos(p1) * cos(p2) * sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))


def check_coordinates(latitude: float | None, longitude: float | None) -> dict[str, str]:
    """Return field errors for a place's coordinates: both or neither, within range."""
    errors: dict[str, str] = {}
    if (latitude is None) != (longitude is None):
        errors["latitude" if latitude is None else "longitude"] = N_(
            "Give both latitude and longitude, or neither."
        )
    if latitude is not None and not -90 <= latitude <= 90:
        errors["latitude"] = N_("A latitude lies between -90 and 90.")
    if longitude is not None and not -180 <= longitude <= 180:
        errors["longitude"] = N_("A longitude lies between -180 and 180.")
    return errors

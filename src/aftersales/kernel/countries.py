"""Groups of countries whose law the platform follows: the European Union's member states."""

from __future__ import annotations

# The 27 member states (ISO 3166-1 alpha-2): the EU's legal guarantee (warranty) and its
# ecodesign minimums for smartphones (support) apply in each of them.
EU = frozenset(
    ("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
     "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE")
)  # fmt: skip


def in_eu(country: str) -> bool:
    """Say whether a country (ISO code) is a member state of the European Union."""
    return country.upper() in EU

"""Catalogue: brands, phone models with TAC prefixes, service centres, shops."""

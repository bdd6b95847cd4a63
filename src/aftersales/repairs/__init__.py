"""Repairs: repair orders, their life cycle, events, quotes, contacts, expected dates."""

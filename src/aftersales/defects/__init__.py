"""Emerging defects: rises in repair rates, after releases and in owners' words, as alerts."""

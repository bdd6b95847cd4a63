"""Emerging defects: rises in repair rates, after software releases and in owners' words."""

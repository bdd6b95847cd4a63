"""Warranty: policies per brand and country, coverage, decisions."""

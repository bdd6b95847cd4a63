"""Insights: the figures brands and centres read, kept as rollups by the worker."""

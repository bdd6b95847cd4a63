"""Insights: the figures a brand and a centre read, kept as rollups by the worker, with charts and a weekly digest."""

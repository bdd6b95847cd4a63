"""Insights: the figures brands and centres read, as worker rollups, charts and a digest."""

"""Satisfaction: the survey after each repair, imported answers and the reports on them."""

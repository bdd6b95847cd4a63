"""The web edge: JSON API, pages, error mapping."""

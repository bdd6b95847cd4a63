"""Idempotency keys on API requests that create something."""

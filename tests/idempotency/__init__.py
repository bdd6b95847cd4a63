"""Tests of idempotent requests."""

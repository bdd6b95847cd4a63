"""Fixtures of the insights tests: the worker's real SMTP server and worker (the digest)."""

from tests.worker.conftest import clock, smtp, worker, worker_settings  # noqa: F401

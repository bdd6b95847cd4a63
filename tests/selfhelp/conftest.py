"""The knowledge tests: the self-help indexes start empty in every test (ids repeat)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from aftersales.selfhelp.sources import INDEXES


@pytest.fixture(autouse=True)
def _fresh_indexes() -> Iterator[None]:
    INDEXES.clear()
    yield
    INDEXES.clear()

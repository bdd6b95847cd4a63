"""Fixtures of the HTTP tests."""

from __future__ import annotations

import time

import pytest


@pytest.fixture(autouse=True)
def clear_of_a_window_edge(request: pytest.FixtureRequest) -> None:
    """Start each test at least 2 s (12 s if it counts tries to a limit) before a minute's edge.

    Rate limits count in windows aligned on the minute; right after an edge the last window's
    weighted count rounds down, letting one try more through. Tests that count tries to the
    limit then answer differently, so none starts where its tries could straddle an edge; on a
    busy machine twenty sign-ins can take several seconds, hence the wider margin for them.
    """
    margin = 12 if request.node.get_closest_marker("counts_tries") else 2
    left = 60 - time.time() % 60
    if left < margin:
        time.sleep(left + 0.05)

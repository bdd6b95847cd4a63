"""What the charts build from figures that change seldom, kept by what they are made of.

Building a chart spec with altair costs 15-25 ms of CPU and drawing it as SVG 50-80 ms; the
figures change when the nightly job runs. So each is kept under a key naming everything it is
made from (the figures, the language, the locale), least recently used first out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
SIZE = 512
_kept: OrderedDict[str, object] = OrderedDict()
_lock = threading.Lock()


def kept(key: str, build: Callable[[], T]) -> T:
    """Return what was built under `key`, else build it and keep it (treat it as read only)."""
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]  # type: ignore[return-value]
    made = build()
    with _lock:
        _kept[key] = made
        while len(_kept) > SIZE:
            _kept.popitem(last=False)
    return made

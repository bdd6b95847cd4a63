"""Tests of the care area's forecast: phones in use, parts, the nightly job."""

from __future__ import annotations

import numpy as np

from aftersales.care.lifetime import Groups


def groups(rows: list[tuple[int, int, int, bool, int]]) -> Groups:
    """Return groups from (entry, last, now, seen, count) rows, in months."""
    a = np.array([(e, la, no, int(s), c) for e, la, no, s, c in rows], dtype=np.int64)
    return Groups(a[:, 0], a[:, 1], a[:, 2], a[:, 3].astype(bool), a[:, 4] * 1.0)


def simulated(
    median: float, shape: float, phones: int, gap: float, seed: int = 7
) -> tuple[Groups, int]:
    """Return phones bought over the last six years, seen at random (`gap` months apart on
    average) while in use, grouped; and how many are truly in use today."""
    rng = np.random.default_rng(seed)
    scale = median / np.log(2) ** (1 / shape)
    life = scale * rng.weibull(shape, phones)
    now = rng.integers(0, 72, phones)
    end = np.minimum(life, now)
    # The last of a Poisson stream of sightings before `end` lies an exponential time back.
    back = rng.exponential(gap, phones)
    seen = back < end
    last = np.where(seen, np.floor(end - back), 0).astype(np.int64)
    rows: dict[tuple[int, int, int, bool], int] = {}
    for la, no, se in zip(last, now, seen, strict=True):
        key = (0, int(la), int(no), bool(se))
        rows[key] = rows.get(key, 0) + 1
    return groups([(*k, c) for k, c in rows.items()]), int((life > now).sum())

"""What a detector found: the one shape every detector returns and the alerts store.

Three detectors feed the alerts (decisions 270-289): a model's repair rate for a fault,
adjusted for the phones' age (`defects.rates`); a software version's fault rate after its
release (`defects.releases`); and a cluster of similar complaints in the owners' own words
(`defects.clusters`). Each is a pure function of what it reads; the alerts job stores a
finding once per `key` and tells the brand's admins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Kind = Literal["rate", "release", "cluster"]


@dataclass(frozen=True)
class Week:
    """One week of a finding's series: repairs seen against those expected."""

    start: date  # a Monday
    observed: int
    expected: float


@dataclass(frozen=True)
class Finding:
    """A rise a detector found, with its size, uncertainty, start and the evidence behind it."""

    kind: Kind
    key: str  # stable identity of the episode: one alert per key (e.g. "rate:12:display")
    brand_id: int
    model_id: int | None  # None when a cluster spans models
    fault_category: str | None
    software_version: str | None  # the release behind a "release" finding
    started_on: date  # the Monday of the first week of the rise
    observed: int  # repairs (or complaints) in the rise
    expected: float  # what the background rate predicts for the same phones and weeks
    ratio: float  # observed / expected: the size of the rise
    low: float  # 95% interval of the ratio
    high: float
    method: str  # how it was found, stated for the reader (e.g. "poisson_fdr", "cusum")
    p_value: float | None = None
    repair_ids: tuple[int, ...] = ()  # the repairs behind it, newest first, at most 200
    question_ids: tuple[int, ...] = ()  # community questions behind a cluster
    words: tuple[str, ...] = ()  # a cluster's most telling words
    weeks: tuple[Week, ...] = field(default=())  # the series the chart draws

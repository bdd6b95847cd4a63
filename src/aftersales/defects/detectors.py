"""The detectors the alerts job runs, each `(session, brand_id, today) -> list[Finding]`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session

from aftersales.defects.clusters import complaint_clusters
from aftersales.defects.findings import Finding
from aftersales.defects.rates import rate_rises
from aftersales.defects.releases import release_rises

Detector = Callable[[Session, int, date], list[Finding]]

DETECTORS: tuple[Detector, ...] = (rate_rises, release_rises, complaint_clusters)

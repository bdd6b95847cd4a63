"""The alerts job: run every detector for every brand, keep what they found, tell the admins.

It runs at night after care's forecast (whose fitted lives the rate detector reads). The
detectors read complete weeks only and an alert is kept once per key, so running it twice
in a day, or every day of a week, finds and tells nothing new (idempotent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.catalog.models import Brand
from aftersales.defects.detectors import DETECTORS, Detector
from aftersales.defects.service import store

AT = time(2, 0)  # UTC: an hour after care's forecast (worker.schedule.NIGHTLY_AT)


@dataclass(frozen=True)
class Summary:
    """What a run found and told."""

    brands: int
    findings: int
    told: int

    def __str__(self) -> str:
        return f"{self.brands} brands, {self.findings} findings, {self.told} alerts told"


def defect_alerts(
    session: Session, now: datetime, detectors: tuple[Detector, ...] = DETECTORS
) -> Summary:
    """Run the detectors over every brand and keep their findings as alerts."""
    brands = list(session.scalars(select(Brand.id).order_by(Brand.id)))
    findings = told = 0
    for brand_id in brands:
        for detect in detectors:
            for finding in detect(session, brand_id, now.date()):
                findings += 1
                told += store(session, finding, now)[1]
    return Summary(len(brands), findings, told)

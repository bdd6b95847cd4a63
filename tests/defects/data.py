"""A brand's two years of phones and repairs, written in bulk, with a rise injected at will.

Two models sold over two years; each phone fails with a display, battery or charging fault
at a known rate per week that depends on its age (more in the first months), so the
background is what the detector should expect. `rise` multiplies one model's display
repairs from a week on.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import numpy as np
from sqlalchemy import insert
from sqlalchemy.orm import Session

from aftersales.catalog.models import Brand, PhoneModel, ServiceCentre
from aftersales.devices.models import Phone
from aftersales.repairs.models import RepairOrder
from tests.factories import make_account, make_brand, make_centre, make_imei, make_model, n

FAULTS = {"display": 0.0006, "battery": 0.0004, "charging": 0.0003}  # per phone-week
TODAY = date(2026, 3, 10)  # a Tuesday: the weeks read end on Sunday 8 March
WEEKS = 110  # of repairs before TODAY's week


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


class Background:
    """A brand with two models, their phones and their repairs up to TODAY's week."""

    def __init__(self, session: Session, seed: int = 1, rise: float = 1.0,
                 rise_weeks: int = 8, phones: int = 3000) -> None:  # fmt: skip
        self.s, self.rng = session, np.random.default_rng(seed)
        self.brand: Brand = make_brand(session)
        self.models: list[PhoneModel] = [make_model(session, self.brand) for _ in range(2)]
        self.centre: ServiceCentre = make_centre(session, [self.brand])
        self.admins = [make_account(session, "brand_admin", brand_id=self.brand.id)
                       for _ in range(2)]  # fmt: skip
        self.monday = _monday(TODAY)
        self.first = self.monday - timedelta(weeks=WEEKS)
        self.rise_start = self.monday - timedelta(weeks=rise_weeks)
        self.repairs = 0
        for model in self.models:
            bought = self._phones(model, phones)
            boost = rise if model is self.models[0] else 1.0
            self._repairs(model, bought, boost)
        session.flush()

    def _phones(self, model: PhoneModel, count: int) -> list[tuple[int, date, date]]:
        """Write phones sold evenly over the two years before the first week; return them."""
        start = self.first - timedelta(weeks=60)
        span = (self.monday - start).days
        days = np.sort(self.rng.integers(0, span, count))
        tac = model.tacs[0].tac
        rows = []
        for d in days:
            imei = make_imei(tac, n())
            rows.append({"imei": imei, "imei_reversed": imei[::-1], "model_id": model.id,
                         "purchase_date": start + timedelta(days=int(d)), "country": "IT",
                         "created_at": datetime(2024, 1, 1, tzinfo=UTC)})  # fmt: skip
        ids = self.s.execute(insert(Phone).returning(Phone.id, Phone.purchase_date), rows).all()
        # Each phone retires at an age drawn from care's default life (Weibull, median 36
        # months, shape 2), as the detector assumes: no repairs after it.
        scale = 36 * 30.4375 / np.log(2) ** 0.5
        lives = scale * self.rng.weibull(2.0, len(ids))
        return [(i, p, p + timedelta(days=float(life))) for (i, p), life in
                zip(ids, lives, strict=True)]  # fmt: skip

    def _repairs(
        self, model: PhoneModel, bought: list[tuple[int, date, date]], boost: float
    ) -> None:
        """Write each week's repairs: each phone in use fails at its fault's rate by age."""
        rows = []
        for week in range(WEEKS):
            monday = self.first + timedelta(weeks=week)
            alive = [(i, p) for i, p, end in bought if p < monday < end]
            if not alive:
                continue
            ages = np.array([(monday - p).days / 7 for _, p in alive])
            early = 1 + 2 * np.exp(-ages / 10)  # the first months fail more
            for fault, rate in FAULTS.items():
                k = boost if fault == "display" and monday >= self.rise_start else 1.0
                hits = self.rng.poisson(rate * early * k)
                for idx in np.flatnonzero(hits):
                    phone_id = alive[idx][0]
                    at = datetime.combine(monday + timedelta(days=int(self.rng.integers(0, 7))),
                                          time(10), UTC)  # fmt: skip
                    rows.append(self._row(model, phone_id, fault, at))
        if rows:
            self.s.execute(insert(RepairOrder), rows)
            self.repairs += len(rows)

    def _row(self, model: PhoneModel, phone_id: int, fault: str, at: datetime) -> dict[str, object]:
        day = at.date()
        return {
            "code": f"D{n():09d}", "phone_id": phone_id, "brand_id": self.brand.id,
            "model_id": model.id, "channel": "walk_in", "centre_id": self.centre.id,
            "country": "IT", "fault_category": fault, "problem": "It broke.",
            "status": "closed", "outcome": "repaired", "received_at": at,
            "closed_at": at + timedelta(days=3), "expected_date": day,
            "expected_low_date": day, "expected_high_date": day, "expected_basis": "test",
            "last_public_event_at": at, "created_at": at, "updated_at": at,
        }  # fmt: skip

"""A hand-made brand for the commitment dashboard's tests, whose every figure is known."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from aftersales.care.models import CareInUse, CareInUsePoint, CarePartOutlook
from aftersales.inventory.locations import centre_location
from aftersales.inventory.supply import order_parts
from aftersales.kernel.actors import SYSTEM
from aftersales.repairs.intake import Intake, open_repair
from aftersales.repairs.models import RepairOrder, RepairPart
from aftersales.software.models import Source
from aftersales.software.versions import record_sighting
from tests.factories import make_account, make_brand, make_centre, make_model, make_phone, make_shop
from tests.factories.software import make_release
from tests.inventory import make_part


def at(day: str, hour: int = 10) -> datetime:
    """Return 10:00 UTC of an ISO day (11:00 in Naples, 17:00 in Hanoi: the same day)."""
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


class Brand:
    """A brand serving Italy and Vietnam with two models, "Alpha" and "Beta".

    Alpha: 12 phones (2 bought in Q1 2025, 9 in Q2 of which the 8 phones of its repairs, all
    bought on 1 June 2025, and 1 on a day not known), 3 of known version (2 on V3, the latest;
    1 on V1); releases V1 (security, patch 2025-05-01), V2 (OS upgrade,
    patch 2025-11-01, on 2025-12-01: the last security update) and V3 (a fix on the same
    patch level, 2026-02-01: the latest). Beta: 1 phone, a security release on 2026-02-20.
    Repairs of Alpha closed: 2 in Q4 2025, 1 in Q1 2026 (and one cancelled, not served).
    Parts waits of Alpha in Italy (limit 5 working days): 4 (Mon 2 Feb to Fri 6 Feb), 6 (to
    Tue 10 Feb) and 6 still waiting (from Mon 2 Mar to Tue 10 Mar, "now"); in Vietnam (no
    limit) a wait of 20 working days.
    """

    def __init__(self, session: Session, now: datetime) -> None:
        self.s, self.now = session, now
        self.brand = make_brand(session, name="Care Test")
        self.alpha = make_model(session, self.brand, name="Alpha", release_date=date(2024, 1, 1))
        self.beta = make_model(session, self.brand, name="Beta", release_date=date(2025, 1, 1))
        self.it = make_centre(session, [self.brand])
        self.vn = make_centre(session, [self.brand], country="VN", city="Hà Nội")
        self.shops = {
            "IT": make_shop(session),
            "VN": make_shop(session, country="VN", city="Hà Nội"),
        }
        self.clerks = {c: make_account(session, "shop_staff", shop_id=s.id) for c, s in
                       self.shops.items()}  # fmt: skip
        self.admin = make_account(session, "brand_admin", brand_id=self.brand.id)
        v1 = make_release(session, self.alpha, version="V1", release_date=date(2025, 6, 1),
                          security_patch_date=date(2025, 5, 1))  # fmt: skip
        make_release(session, self.alpha, version="V2", release_date=date(2025, 12, 1),
                     security_patch_date=date(2025, 11, 1), kind="os_upgrade")  # fmt: skip
        v3 = make_release(session, self.alpha, version="V3", release_date=date(2026, 2, 1),
                          security_patch_date=date(2025, 11, 1), kind="fix")  # fmt: skip
        make_release(session, self.beta, version="B1", release_date=date(2026, 2, 20))
        self.phones = [
            make_phone(session, self.alpha, purchase_date=date(2025, 1, 10)),
            make_phone(session, self.alpha, purchase_date=date(2025, 2, 20)),
            make_phone(session, self.alpha, purchase_date=date(2025, 5, 5)),
            make_phone(session, self.alpha, purchase_date=None),
        ]
        make_phone(session, self.beta, purchase_date=date(2025, 3, 1))
        for phone, release in zip(self.phones, (v3, v3, v1), strict=False):
            record_sighting(session, SYSTEM, phone, release.version, date(2026, 2, 5),
                            Source.intake, now)  # fmt: skip
        self.display = make_part(session, [self.alpha], now)
        self.closed = [self.repair("IT", closed=at(d)) for d in
                       ("2025-10-02", "2025-11-20", "2026-01-15")]  # fmt: skip
        self.repair("IT", closed=at("2026-01-20"), status="cancelled")
        self.waits = {
            "on_time": self.wait("IT", at("2026-02-02"), at("2026-02-06")),
            "late": self.wait("IT", at("2026-02-02"), at("2026-02-10")),
            "waiting": self.wait("IT", at("2026-03-02"), None),
            "vietnam": self.wait("VN", at("2026-01-05"), at("2026-02-06")),
        }
        session.flush()

    def repair(self, country: str, **kw: Any) -> RepairOrder:
        """Open a repair of a new Alpha phone at the country's shop; closed or cancelled if told."""
        phone = make_phone(self.s, self.alpha, country=country, shop_id=self.shops[country].id)
        centre = self.it if country == "IT" else self.vn
        intake = Intake(phone.imei, "display", "Spots on the display", centre_id=centre.id)
        repair = open_repair(self.s, self.clerks[country], intake, self.now)
        if "closed" in kw:  # its history does not matter here: only its end
            repair.status, repair.closed_at = kw.get("status", "closed"), kw["closed"]
        return repair

    def wait(self, country: str, asked: datetime, filled: datetime | None) -> RepairPart:
        """Give a new repair a display back-ordered on a supply order, asked and filled then."""
        repair = self.repair(country)
        place = centre_location(self.s, self.it if country == "IT" else self.vn)
        order = order_parts(self.s, SYSTEM, place.id, {self.display.id: 1}, asked.date(), asked)
        row = RepairPart(repair_id=repair.id, part_id=self.display.id, location_id=place.id,
                         quantity=1, state="reserved" if filled else "back_ordered",
                         supply_line_id=order.lines[0].id, requested_at=asked,
                         filled_at=filled)  # fmt: skip
        self.s.add(row)
        return row

    def forecast(self, runway: float | None, models: tuple[str, ...] = ("Alpha", "Beta")) -> None:
        """Store a forecast as the nightly job would: phones in use of the named models (Alpha:
        10, 8 to 13; Beta: 1), Alpha's curve of two months, and its display's outlook lasting
        `runway` months (None: past the horizon), computed today."""
        day = self.now.date()
        ids = {"Alpha": self.alpha.id, "Beta": self.beta.id}
        for name in models:
            expected, low, high = (10, 8, 13) if name == "Alpha" else (1, 1, 1)
            self.s.add(CareInUse(model_id=ids[name], computed_on=day, expected=expected, low=low,
                                 high=high, method="fitted_brand", phones_seen=12, events=3,
                                 median_months=40.0, shape=1.5, computed_at=self.now))  # fmt: skip
        if "Alpha" in models:
            for month, e in ((date(2026, 3, 1), 10), (date(2026, 4, 1), 9)):
                self.s.add(CareInUsePoint(model_id=self.alpha.id, day=month, expected=e,
                                          low=e - 2, high=e + 3))  # fmt: skip
            self.s.add(CarePartOutlook(
                model_id=self.alpha.id, part_id=self.display.id, computed_on=day,
                horizon_end=date(2033, 3, 10), horizon_basis="open", expected=6, upper80=8,
                upper95=10, part_upper95=10, available=2, on_order=1, runway_months=runway,
                last_batch=None, last_batch_reason=None, uses_seen=3.0, phone_years=9.0,
            ))  # fmt: skip
        self.s.flush()

"""A small repair history written by hand, row by row, for the insights tests.

Italy, Monday to Friday, February and March 2026 (no public holiday in either). Brand A has
models M1 and M2 at centres C1 and C2; brand B has M3 at C1. Every event is at 09:00 UTC
(10:00 in Rome, the same day). The expected figures are worked out by hand in the tests.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from aftersales.care.models import CareInUse, CareInUsePoint
from aftersales.repairs.models import Contact, Loaner, RepairEvent, RepairOrder
from aftersales.surveys.models import SurveyAnswer
from tests.factories import make_brand, make_centre, make_model, make_phone, n


def at(day: str, hour: int = 9) -> datetime:
    """Return the moment `day` (ISO) at `hour` UTC."""
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


class History:
    """The hand-written history: R1..R8 as the test module's docstring tells."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.a, self.b = make_brand(session), make_brand(session)
        self.c1 = make_centre(session, [self.a, self.b])
        self.c2 = make_centre(session, [self.a])
        self.m1, self.m2 = make_model(session, self.a), make_model(session, self.a)
        self.m3 = make_model(session, self.b)
        p = {k: make_phone(session, m) for k, m in
             (("P1", self.m1), ("P2", self.m1), ("P3", self.m2), ("P4", self.m1),
              ("P5", self.m2), ("P6", self.m1), ("P7", self.m3))}  # fmt: skip
        self.phones = p
        self.r1 = self.repair(
            p["P1"], self.c1, "display",
            [("2026-02-02", "registered"), ("2026-02-02", "received"),
             ("2026-02-03", "in_transit_to_centre"), ("2026-02-05", "at_centre"),
             ("2026-02-06", "diagnosing"), ("2026-02-09", "awaiting_approval"),
             ("2026-02-11", "repairing"), ("2026-02-12", "testing"), ("2026-02-13", "ready"),
             ("2026-02-16", "closed")],
            outcome="repaired", tat=7, sla="met", expected="2026-02-12",
        )  # fmt: skip
        self.contacts(self.r1, "2026-02-05", "2026-02-10")
        self.survey(self.r1, 5)
        self.r2 = self.repair(
            p["P2"], self.c1, "display",
            [("2026-02-02", "registered"), ("2026-02-02", "received"),
             ("2026-02-03", "diagnosing"), ("2026-02-04", "awaiting_parts"),
             ("2026-02-10", "repairing"), ("2026-02-11", "ready"), ("2026-02-11", "closed")],
            outcome="replaced", tat=7, sla="met", expected=None,
        )  # fmt: skip
        self.moved(self.r2, "2026-02-04", "2026-02-09", "2026-02-10")
        self.moved(self.r2, "2026-02-06", "2026-02-10", "2026-02-11")
        session.add(Loaner(repair_id=self.r2.id, label="L1", given_at=at("2026-02-04"),
                           returned_at=at("2026-02-11")))  # fmt: skip
        self.survey(self.r2, 3)
        self.r3 = self.repair(
            p["P3"], self.c1, "battery",
            [("2026-02-03", "registered"), ("2026-02-03", "received"),
             ("2026-02-03", "diagnosing"), ("2026-02-04", "ready"), ("2026-02-05", "closed")],
            outcome="repaired", tat=1, sla="met", expected="2026-02-06",
        )  # fmt: skip
        self.contacts(self.r3, "2026-02-04")
        self.r4 = self.repair(
            p["P3"], self.c1, "battery",
            [("2026-03-02", "registered"), ("2026-03-02", "received"),
             ("2026-03-02", "diagnosing")],
            expected="2026-03-06",
        )  # fmt: skip
        self.r5 = self.repair(
            p["P4"], self.c2, "battery",
            [("2026-02-09", "registered"), ("2026-02-09", "received"),
             ("2026-02-10", "diagnosing"), ("2026-02-27", "ready"), ("2026-03-02", "closed")],
            outcome="returned_unrepaired", tat=14, sla="breached", expected="2026-02-20",
        )  # fmt: skip
        self.contacts(self.r5, "2026-02-12", "2026-02-18", "2026-02-25")
        self.survey(self.r5, 4)
        self.r6 = self.repair(
            p["P5"], self.c1, "display",
            [("2026-02-20", "registered"), ("2026-02-21", "cancelled")],
            expected="2026-03-05",
        )  # fmt: skip
        self.r7 = self.repair(
            p["P6"], self.c2, "display", [("2026-03-09", "registered")], expected="2026-03-20"
        )
        self.r8 = self.repair(
            p["P7"], self.c1, "display",
            [("2026-02-10", "registered"), ("2026-02-10", "received"),
             ("2026-02-11", "diagnosing"), ("2026-02-12", "ready"), ("2026-02-12", "closed")],
            outcome="repaired", tat=2, sla="met", expected="2026-02-13",
        )  # fmt: skip
        session.add_all(
            [
                CareInUsePoint(model_id=self.m1.id, day=date(2026, 2, 1), expected=1000,
                               low=900, high=1100),
                CareInUsePoint(model_id=self.m1.id, day=date(2026, 3, 1), expected=3000,
                               low=2900, high=3100),
                CareInUsePoint(model_id=self.m1.id, day=date(2025, 1, 1), expected=99999,
                               low=1, high=999999),
                CareInUse(model_id=self.m2.id, computed_on=date(2026, 3, 1), expected=500,
                          low=400, high=600, method="default", phones_seen=10, events=0,
                          median_months=30.0, shape=1.5, computed_at=at("2026-03-01")),
            ]
        )  # fmt: skip
        session.flush()

    def repair(
        self,
        phone: Any,
        centre: Any,
        fault: str,
        steps: list[tuple[str, str]],
        *,
        outcome: str | None = None,
        tat: int | None = None,
        sla: str = "on_track",
        expected: str | None,
    ) -> RepairOrder:
        """Write one repair and its status events."""
        moments = {status: at(day) for day, status in steps}
        first, last = at(steps[0][0]), at(steps[-1][0])
        status = steps[-1][1]
        entered = moments.get("received") or moments.get("at_centre")
        ready = moments.get("ready") or moments.get("ready_for_pickup")
        r = RepairOrder(
            code=f"INS{n():011d}"[:14], phone_id=phone.id, brand_id=phone.model.brand_id,
            model_id=phone.model_id, channel="shop", centre_id=centre.id, country="IT",
            fault_category=fault, problem="a problem", status=status, outcome=outcome,
            received_at=entered, ready_at=ready,
            closed_at=moments.get("closed") or moments.get("cancelled"), tat_workdays=tat,
            sla_state=sla, expected_date=date(2026, 4, 1), expected_low_date=date(2026, 4, 1),
            expected_high_date=date(2026, 4, 1), expected_basis="test",
            last_public_event_at=last, created_at=first, updated_at=last,
        )  # fmt: skip
        self.session.add(r)
        self.session.flush()
        previous = None
        for day, st in steps:
            self.session.add(
                RepairEvent(
                    repair_id=r.id,
                    type="created" if previous is None else "status_changed",
                    from_status=previous,
                    to_status=st,
                    actor_role="technician",
                    at=at(day),
                    public=True,
                    data={"expected": expected} if previous is None and expected else {},
                )
            )
            previous = st
        self.session.flush()
        return r

    def contacts(self, repair: RepairOrder, *days: str) -> None:
        """Log contacts about a repair, with their events."""
        for day in days:
            self.session.add(Contact(repair_id=repair.id, channel="phone", who="owner", at=at(day)))
            self.event(repair, "contact", day, {"channel": "phone", "who": "owner"})

    def moved(self, repair: RepairOrder, day: str, old: str, new: str) -> None:
        """Record that the expected date moved later."""
        self.event(repair, "expected_date_changed", day, {"old": old, "new": new})

    def event(self, repair: RepairOrder, kind: str, day: str, data: dict[str, Any]) -> None:
        """Write an event that is not a move."""
        self.session.add(RepairEvent(repair_id=repair.id, type=kind, actor_role="technician",
                                     at=at(day, 12), public=False, data=data))  # fmt: skip
        self.session.flush()

    def survey(self, repair: RepairOrder, overall: int) -> None:
        """Write the owner's answer about a repair."""
        when = (repair.closed_at or at("2026-03-01")).replace(hour=15)
        self.session.add(
            SurveyAnswer(
                brand_id=repair.brand_id,
                repair_id=repair.id,
                source="survey",
                channel="shop",
                country="IT",
                centre_id=repair.centre_id,
                model_id=repair.model_id,
                answered_at=when,
                answered_on=when.date(),
                overall=overall,
                created_at=when,
            )
        )
        self.session.flush()

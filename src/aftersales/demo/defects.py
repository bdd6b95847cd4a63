"""The demo's emerging defect: the Mi 8's displays start failing in numbers, and the alert
fires before the owners' complaints peak.

A new lot of Mi 8s goes on sale in Italy about seven months before the demo's day (old
stock with displays from a new panel supplier). From about four months before the day
their displays fail in growing numbers, a few months after each phone's sale; the owners
complain in the community weeks later, most in the last weeks. The nightly alerts job then
runs once, as the worker would: it finds the rise, dated when it began, before the
complaints peak. Its own random stream (a copy of the generator's state).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.catalog.models import PhoneModel, ServiceCentre
from aftersales.community import service as community
from aftersales.defects.jobs import defect_alerts
from aftersales.devices.models import Phone
from aftersales.kernel.imei import make_imei
from aftersales.notifications.outbox import MUTED
from aftersales.repairs.intake import Intake, open_repair
from aftersales.repairs.service import transition

LOT, LOT_WEEKS = 160, 30  # phones of the new lot, sold over these last weeks
RISE_WEEKS = 16  # the displays fail in numbers from this many weeks before the day
FAILS = (1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 4, 4)  # display repairs per week of the rise
COMPLAINTS = (0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 2, 2, 3, 3, 2)  # questions per week, last last
PROBLEMS = (
    "Righe verticali sul display",
    "Il display si spegne a tratti",
    "Macchie verdi sullo schermo",
    "Il touch non risponde in basso",
)
TITLES = (
    ("Display Mi 8 con righe verticali dopo pochi mesi",
     "Comprato in primavera, dopo tre mesi compaiono righe verticali sul display. Nessuna caduta."),
    ("Schermo del Mi 8 che si spegne da solo",
     "Il display del mio Mi 8 nuovo si spegne a tratti e poi torna. Capita anche ad altri?"),
    ("Macchie verdi sul display del Mi 8",
     "Da qualche settimana vedo macchie verdi sullo schermo, il telefono ha quattro mesi."),
)  # fmt: skip


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(8 + rng.randrange(8), rng.randrange(60)), UTC)


def load_defects(session: Session, rng: random.Random, now: datetime, domain: str) -> str:
    """Add the Mi 8's failing lot, its repairs and the complaints (demo.generate runs the job)."""
    model = session.scalars(select(PhoneModel).where(PhoneModel.name == "Mi 8")).one()
    clerk = session.scalars(select(Account).where(Account.email == f"shop.portici@{domain}")).one()
    centre = session.scalars(select(ServiceCentre).where(ServiceCentre.city == "Napoli")).first()
    assert centre is not None and clerk.shop_id is not None
    techs = select(Account).where(Account.centre_id == centre.id, Account.role == "technician")
    tech = session.scalars(techs).first()
    assert tech is not None
    today = now.date()
    tac = model.tacs[0].tac
    lot = []
    for i in range(LOT):
        sold = today - timedelta(days=7 * LOT_WEEKS * (i + 0.5) / LOT)
        imei = make_imei(tac, 900_000 + i)
        phone = Phone(imei=imei, model_id=model.id, country="IT", shop_id=clerk.shop_id,
                      purchase_date=sold, created_at=_at(sold, rng))  # fmt: skip
        session.add(phone)
        lot.append(phone)
    session.flush()
    monday = today - timedelta(days=today.weekday())
    for week, count in enumerate(FAILS):
        start = monday - timedelta(weeks=RISE_WEEKS - week)
        # The phones that fail are those sold two to five months before.
        fit = [p for p in lot if p.purchase_date and 60 <= (start - p.purchase_date).days <= 150]
        for phone in rng.sample(fit, min(count, len(fit))):
            lot.remove(phone)
            when = _at(start + timedelta(days=rng.randrange(5)), rng)
            intake = Intake(phone.imei, "display", rng.choice(PROBLEMS), centre_id=centre.id)
            repair = open_repair(session, clerk, intake, when)
            if when + timedelta(days=5) < now:  # the older ones are back with their owners
                transition(session, tech, repair, "diagnosing", when + timedelta(days=1))
                transition(session, tech, repair, "ready", when + timedelta(days=3))
                transition(session, tech, repair, "closed", when + timedelta(days=4),
                           outcome="repaired")  # fmt: skip
    owners = list(session.scalars(select(Account).where(Account.role == "owner",
                                                          Account.country == "IT")))  # fmt: skip
    for week, count in enumerate(COMPLAINTS):
        start = monday - timedelta(weeks=RISE_WEEKS - week)
        for _ in range(count):
            title, body = rng.choice(TITLES)
            community.ask(session, rng.choice(owners), model_id=model.id,
                          fault_category="display", title=title, body=body, language="it",
                          now=_at(start + timedelta(days=rng.randrange(7)), rng))  # fmt: skip
    return model.name


def raise_alerts(session: Session, now: datetime) -> str:
    """Run the alerts job once over the whole demo, as the worker does each night."""
    # An alert is news, not replayed history: its message goes to the brand's admins.
    muted = session.info.pop(MUTED, None)
    try:
        return str(defect_alerts(session, now))
    finally:
        if muted is not None:
            session.info[MUTED] = muted

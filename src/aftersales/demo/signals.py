"""The demo's emerging defect: a Vsmart Joy 3 update that drains batteries.

Five weeks before the demo's day Vsmart ships "VOS 3.0.6" for the Joy 3; most Joy 3 phones
in use take it within two weeks. Since then their battery repairs run at several times the
usual rate, and owners ask about it in the community, in Vietnamese, English and Italian:
the release detector and the complaint clusters (`aftersales.defects`) both find it.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, Role
from aftersales.catalog.models import PhoneModel
from aftersales.community import service as community
from aftersales.demo.data import DOMAIN
from aftersales.devices.models import Phone
from aftersales.kernel.actors import SYSTEM
from aftersales.repairs.intake import Intake, open_repair
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.service import transition
from aftersales.repairs.states import OPEN
from aftersales.software.models import Source
from aftersales.software.releases import ReleaseFields, add_release
from aftersales.software.versions import apply_sighting, releases_of, seen_already

MODEL, VERSION, DAYS_AGO = "Joy 3", "VOS 3.0.6", 35
NOTES = (
    "Performance improvements and a smoother interface.",
    "Miglioramenti delle prestazioni e un'interfaccia più fluida.",
    "Cải thiện hiệu năng và giao diện mượt mà hơn.",
)
TAKE_UP = 0.7  # share of the model's phones in use that update
PROBLEMS = (
    "Sau khi cập nhật VOS 3.0.6 pin tụt rất nhanh, chỉ dùng được nửa ngày",
    "Pin hao nhanh từ khi cập nhật phần mềm, máy nóng khi sạc",
    "Cập nhật xong thì pin tụt nhanh quá, từ 100% còn 20% sau vài giờ",
    "Máy cập nhật phần mềm mới, pin tụt nhanh bất thường",
    "Pin tụt nhanh sau bản cập nhật, máy hơi nóng",
    "Battery drains fast since the last update",
    "After the software update the battery drains in a few hours",
    "Dopo l'aggiornamento la batteria si scarica in poche ore",
    "La batteria si scarica velocissima dall'ultimo aggiornamento",
    "Pin tụt nhanh sau khi cập nhật, sạc đầy mà chiều đã hết",
    "Battery drain after updating to VOS 3.0.6, the phone gets warm",
    "Từ khi cập nhật pin hao rất nhanh dù không dùng nhiều",
)
# Battery repairs of the months before, on the versions then: the usual wear of a phone.
BEFORE = (
    "Pin chai, dùng nửa ngày đã hết",
    "Battery worn out, lasts less than a day",
    "Pin bị phồng nhẹ, nắp lưng bị hở",
    "Pin báo sai phần trăm, đang 30% thì tắt",
)
QUESTIONS = (
    ("Pin tụt nhanh sau khi cập nhật VOS 3.0.6",
     "Máy Joy 3 của mình cập nhật VOS 3.0.6 xong thì pin tụt rất nhanh. Có ai bị không?", "vi"),
    ("Joy 3 battery drains after the update",
     "Since the last update my Joy 3 battery drains in a few hours. Any fix?", "en"),
    ("Batteria Joy 3 si scarica dopo l'aggiornamento",
     "Dopo l'aggiornamento la batteria si scarica in mezza giornata. Succede anche a voi?", "it"),
    ("Cập nhật phần mềm xong pin hao nhanh",
     "Sau bản cập nhật mới pin hao nhanh và máy nóng. Nên quay lại bản cũ không?", "vi"),
    ("Battery drain on VOS 3.0.6",
     "My phone updated itself to VOS 3.0.6 and the battery drains before lunch.", "en"),
    ("Joy 3 pin tụt sau khi cập nhật",
     "Pin tụt từ 100% xuống 30% trong buổi sáng sau khi cập nhật phần mềm.", "vi"),
)  # fmt: skip
STEPS = ("diagnosing", "repairing", "testing", "ready", "closed")


def load_signals(session: Session, rng: random.Random, now: datetime) -> None:
    """Ship the release, update the phones, then add the repairs and questions it causes."""
    today = now.date()
    # The detectors read complete weeks: what they should see happened before this Monday.
    week = today - timedelta(days=today.weekday())
    model = session.scalars(select(PhoneModel).where(PhoneModel.name == MODEL)).one()
    released = today - timedelta(days=DAYS_AGO)
    fields = ReleaseFields(VERSION, released, released.replace(day=1), "fix", *NOTES)
    add_release(session, SYSTEM, model.id, fields, now=now)
    # The phones in use: seen on some version in the half year before the release.
    in_use = session.scalars(
        select(Phone)
        .where(
            Phone.model_id == model.id,
            Phone.software_seen_date >= released - timedelta(days=150),
        )
        .order_by(Phone.id)
    ).all()
    known = releases_of(session, [model.id])
    seen = seen_already(session, [p.id for p in in_use])
    updated = []
    for phone in in_use:
        if rng.random() < TAKE_UP:
            day = released + timedelta(days=rng.randint(1, 14))
            apply_sighting(session, SYSTEM, phone, VERSION, day, Source.import_, now, known, seen)
            updated.append((phone, day))
    session.flush()
    tech = session.scalars(select(Account).where(Account.email == f"tech1.hanoi@{DOMAIN}")).one()
    assert tech.centre_id is not None
    moved = {phone.id for phone, _ in updated}
    stayed = [p for p in in_use if p.id not in moved and not _open(session, p)]
    for phone, problem in zip(stayed, BEFORE, strict=False):
        day = released - timedelta(days=rng.randint(20, 150))
        _repair(session, tech, phone, day, problem, phone.software_version)
    free = [(p, d) for p, d in updated if not _open(session, p)]
    rng.shuffle(free)
    for (phone, day), problem in zip(free, PROBLEMS, strict=False):
        # A week or more of use before the owner gives up: the last three weeks, most of them.
        start = max(day + timedelta(days=7), week - timedelta(days=21))
        _repair(
            session,
            tech,
            phone,
            start + timedelta(days=rng.randrange(max((week - start).days, 1))),
            problem,
            VERSION,
        )
    owners = session.scalars(
        select(Account)
        .where(Account.role == Role.owner, Account.country == "VN")
        .order_by(Account.id)
        .limit(len(QUESTIONS))
    ).all()
    for i, (title, body, language) in enumerate(QUESTIONS):
        asked = datetime.combine(week - timedelta(days=2 + 3 * i), time(3 + i), tzinfo=UTC)
        community.ask(
            session,
            owners[i % len(owners)],
            model_id=model.id,
            fault_category="battery",
            title=title,
            body=body,
            language=language,
            now=asked,
            country="VN",
        )
    session.flush()


def _repair(
    session: Session, tech: Account, phone: Phone, day: date, problem: str, version: str | None
) -> None:
    """Take a battery repair in at the centre, the version typed, and see it through."""
    at = datetime.combine(day, time(2), tzinfo=UTC)
    intake = Intake(
        imei=phone.imei,
        fault_category="battery",
        problem=problem,
        centre_id=tech.centre_id,
        software_version=version,
    )
    repair = open_repair(session, tech, intake, at)
    for hours, step in enumerate(STEPS, start=1):
        outcome = "repaired" if step == "closed" else None
        transition(session, tech, repair, step, at + timedelta(hours=4 * hours), outcome=outcome)


def _open(session: Session, phone: Phone) -> bool:
    """Tell whether the phone has an open repair (one at a time)."""
    found = session.scalar(
        select(RepairOrder.id)
        .where(RepairOrder.phone_id == phone.id, RepairOrder.status.in_(sorted(OPEN)))
        .limit(1)
    )
    return found is not None

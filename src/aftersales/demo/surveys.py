"""The demo's satisfaction answers: 18 months of them, telling what turnaround does.

The demo's closed repairs are invited (an invitation each, a reminder for some) and about
four in ten owners answer (source "survey", with the repair's turnaround and contacts); the
rest are a market study's answers imported per brand (source "import"). Ratings follow each
brand's standing (top-2-box overall near OPPO 93%, vivo 85%, Xiaomi 81%, Samsung 81%, as an
industry study found) and the wait: a longer turnaround lowers the turnaround rating and,
through it, the overall one. Vsmart, a maker that left the market, keeps owners waiting for
parts: its long waits give it the lowest figures. Rows go in bulk; the stream of random
numbers is the caller's copy, so the rest of the demo stays as it was.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.catalog.models import Brand, PhoneModel, ServiceCentre
from aftersales.demo import data as d
from aftersales.kernel.clock import local_date
from aftersales.repairs.models import Contact, RepairOrder
from aftersales.surveys.models import ATTRIBUTES, SurveyAnswer, SurveyInvitation

MONTHS = 18
# A brand's top-2-box share when the wait was fine, and its typical wait in working days
# (the market study's answers; the demo's own repairs bring their real turnaround).
STANDING = {"oppo": (0.98, 3.0), "vivo": (0.91, 4.0), "xiaomi": (0.89, 5.0),
            "samsung": (0.88, 4.5), "vsmart": (0.86, 12.0)}  # fmt: skip
STUDY = {"oppo": 1100, "vivo": 900, "xiaomi": 1300, "samsung": 1300, "vsmart": 700}
ANSWERED = 0.4  # of the invited owners
# How often an attribute is rated top-2 when the overall rating is, and when it is not:
# the solution and the staff's manner go with the overall rating; the cost much less.
GOES_WITH = {"explanation": (0.92, 0.45), "solution": (0.95, 0.3), "knowledge": (0.93, 0.5),
             "soft_skills": (0.95, 0.6), "cost": (0.8, 0.6)}  # fmt: skip
NOT_APPLICABLE = {"explanation": 0.03, "solution": 0.02, "knowledge": 0.02, "soft_skills": 0.02,
                  "turnaround": 0.01, "cost": 0.3}  # fmt: skip
CHANNELS = (("shop", 55), ("walk_in", 25), ("online", 15), ("other", 5))
COMMENTS = {
    "it": (("Riparazione veloce, personale gentile.", "Tutto perfetto, grazie."),
           ("Ho aspettato troppo i ricambi.", "Nessuno mi ha avvisato dei ritardi.")),
    "vi": (("Sửa nhanh, nhân viên nhiệt tình.", "Rất hài lòng, cảm ơn."),
           ("Chờ linh kiện quá lâu.", "Không ai báo cho tôi khi bị chậm.")),
    "en": (("Quick repair, friendly staff.", "All good, thank you."),
           ("I waited far too long for parts.", "Nobody told me about the delay.")),
}  # fmt: skip


def load_surveys(
    session: Session, rng: random.Random, now: datetime, brands: dict[str, Brand]
) -> int:
    """Invite the demo's closed repairs, answer some, import the study; return the answers."""
    slug_of = {b.id: slug for slug, b in brands.items()}
    since = now - timedelta(days=MONTHS * 30)
    invitations, answers = _invited(session, rng, now, since, slug_of)
    answers += _study(session, rng, now, since, brands)
    for start in range(0, len(invitations), 1000):
        session.execute(insert(SurveyInvitation), invitations[start : start + 1000])
    for start in range(0, len(answers), 1000):
        session.execute(insert(SurveyAnswer), answers[start : start + 1000])
    return len(answers)


def _invited(
    session: Session, rng: random.Random, now: datetime, since: datetime, slug_of: dict[int, str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the invitations of the closed repairs, and the answers of those who answered."""
    zones = {c.id: (c.country, c.timezone) for c in session.scalars(select(ServiceCentre))}
    contacts = dict(
        session.execute(select(Contact.repair_id, func.count()).group_by(Contact.repair_id))
        .tuples()
        .all()
    )
    rows = session.execute(
        select(RepairOrder, Account.language)
        .join(Account, Account.id == RepairOrder.owner_id)
        .where(RepairOrder.status == "closed", RepairOrder.closed_at >= since)
        .order_by(RepairOrder.closed_at, RepairOrder.id)
    ).all()
    invitations, answers = [], []
    for repair, language in rows:
        assert repair.closed_at is not None
        sent = repair.closed_at + timedelta(hours=1)
        if sent > now:
            continue  # the job invites it soon
        answered = (
            sent + timedelta(hours=rng.uniform(2, 24 * 9)) if rng.random() < ANSWERED else None
        )
        if answered is not None and answered > now:
            answered = None
        reminded = sent + timedelta(days=7)
        waited = answered is None or answered > reminded
        invitations.append({
            "repair_id": repair.id, "brand_id": repair.brand_id, "channel": "email",
            "language": language, "sent_at": sent, "expires_at": sent + timedelta(days=30),
            "reminded_at": reminded if waited and reminded <= now else None,
            "answered_at": answered,
        })  # fmt: skip
        if answered is None:
            continue
        country, zone = zones[repair.centre_id]
        wait = repair.tat_workdays if repair.tat_workdays is not None else 5
        answers.append(
            _ratings(rng, slug_of[repair.brand_id], wait, language) | {
                "brand_id": repair.brand_id, "repair_id": repair.id, "source": "survey",
                "channel": repair.channel, "country": country, "centre_id": repair.centre_id,
                "shop_id": repair.shop_id, "model_id": repair.model_id, "answered_at": answered,
                "answered_on": local_date(answered, zone), "language": language,
                "turnaround_days": repair.tat_workdays, "contacts": contacts.get(repair.id, 0),
                "created_at": answered,
            }
        )  # fmt: skip
    return invitations, answers


def _study(
    session: Session, rng: random.Random, now: datetime, since: datetime, brands: dict[str, Brand]
) -> list[dict[str, Any]]:
    """Return a market study's answers per brand: countries it sells in, its models, no repair."""
    models = {slug: [m.name for m in d.MODELS if m.brand == slug] for slug in brands}
    ids = dict(session.execute(select(Brand.slug, Brand.id)).tuples().all())
    model_ids = {
        (b, name): i
        for i, b, name in session.execute(
            select(PhoneModel.id, PhoneModel.brand_id, PhoneModel.name)
        )
    }
    days = (now.date() - since.date()).days
    answers = []
    for slug, count in STUDY.items():
        countries = [c for c, share in d.BRAND_SHARE.items() if slug in share]
        for _ in range(count):
            day = since.date() + timedelta(days=rng.randrange(days))
            country = rng.choice(countries)
            language = "en" if rng.random() < 0.1 else ("it" if country == "IT" else "vi")
            wait = rng.gammavariate(3.0, STANDING[slug][1] / 3.0)
            name = rng.choice(models[slug]) if rng.random() < 0.8 else None
            answers.append(
                _ratings(rng, slug, wait, language) | {
                    "brand_id": ids[slug], "repair_id": None, "source": "import",
                    "channel": _pick(rng, CHANNELS), "country": country, "centre_id": None,
                    "shop_id": None, "answered_on": day, "language": language,
                    "model_id": model_ids[(ids[slug], name)] if name else None,
                    "answered_at": datetime.combine(day, time(12, 0), tzinfo=UTC),
                    "turnaround_days": None, "contacts": None, "created_at": now,
                }
            )  # fmt: skip
    return answers


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def _scale(rng: random.Random, top: bool) -> int:
    """Return a rating on the scale: 4 or 5 when top-2, else mostly 3, sometimes lower."""
    if top:
        return 5 if rng.random() < 0.5 else 4
    return rng.choices((3, 2, 1), (55, 30, 15))[0]


def _ratings(rng: random.Random, slug: str, wait: float, language: str) -> dict[str, Any]:
    """Return one owner's ratings and comment after a wait of so many working days."""
    turnaround_top = rng.random() < 1 / (1 + math.exp(-(1.75 - 0.3 * (wait - 5))))
    fine = STANDING[slug][0]
    overall_top = rng.random() < (fine if turnaround_top else fine * 0.5)
    out: dict[str, Any] = {"overall": _scale(rng, overall_top)}
    for name in ATTRIBUTES:
        if rng.random() < NOT_APPLICABLE[name]:
            out[name] = None
        elif name == "turnaround":
            out[name] = _scale(rng, turnaround_top)
        else:
            out[name] = _scale(rng, rng.random() < GOES_WITH[name][0 if overall_top else 1])
    said = COMMENTS[language][0 if overall_top else 1]
    out["comment"] = rng.choice(said) if rng.random() < 0.25 else None
    return out


def top2(values: list[int]) -> float:
    """Return the share of ratings that are very good or excellent (for the demo's checks)."""
    return sum(v >= 4 for v in values) / len(values) if values else 0.0

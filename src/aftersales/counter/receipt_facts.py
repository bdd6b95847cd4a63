"""What a printed receipt or box label says about a repair, in the owner's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.counter.checklist import checklist_of
from aftersales.counter.models import RepairPhoto
from aftersales.counter.storage import PhotoStore
from aftersales.counter.words import ACCESSORY_WORDS, LOCK_WORDS
from aftersales.kernel.errors import NotFound
from aftersales.kernel.i18n import N_
from aftersales.kernel.language import LANGUAGES, Formats, translate
from aftersales.repairs.access import acts_as_staff
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.words import FAULTS

TERMS = (
    N_("Keep this receipt: you need the tracking code and the last 4 digits of the IMEI."),
    N_("Back up your data before a repair; a repair may erase the phone."),
    N_("Work outside the warranty is done only after you approve its price."),
    N_("Phones not collected within 90 days of being ready may be disposed of as the law allows."),
)


@dataclass
class ReceiptFacts:
    """Everything printed on a receipt or label, already in the owner's language."""

    lang: str
    brand: str
    code: str
    track_url: str
    model: str
    imei: str
    imei_last4: str
    shop: str
    shop_address: str
    centre: str
    taken_in: str
    expected: str
    owner: str
    fault: str
    problem: str
    condition: str
    accessories: str
    sim: str
    lock: str
    terms: list[str]
    signature: bytes | None
    words: dict[str, str]

    def t(self, message: str) -> str:
        """Translate a message into the owner's language."""
        return translate(self.lang, message)


def receipt_language(session: Session, repair: RepairOrder) -> str:
    """The owner's language: their account's choice, else the country's usual one."""
    owner = session.get(Account, repair.owner_id) if repair.owner_id else None
    if owner is not None and owner.language in LANGUAGES:
        return owner.language
    return {"IT": "it", "VN": "vi"}.get(repair.country, "en")


def gather(
    session: Session,
    store: PhotoStore,
    actor: Account,
    repair: RepairOrder,
    public_url: str,
    lang: str | None = None,
) -> ReceiptFacts:
    """Collect a repair's receipt for its staff (anyone else learns nothing of it)."""
    if not acts_as_staff(actor, repair):
        raise NotFound(N_("No repair with this code is yours to see."))
    lang = lang if lang in LANGUAGES else receipt_language(session, repair)
    assert lang is not None
    t, fmt = (lambda m: translate(lang, m)), Formats(lang)
    c = checklist_of(session, repair)
    shop = repair.shop
    taken = repair.received_at or repair.created_at
    yes_no = {True: t(N_("removed")), False: t(N_("left in the phone"))}
    return ReceiptFacts(
        lang=lang,
        brand=repair.model.brand.name,
        code=repair.code,
        track_url=f"{public_url.rstrip('/')}/track?code={repair.code}",
        model=repair.model.name,
        imei=repair.phone.imei,
        imei_last4=repair.phone.imei[-4:],
        shop=shop.name if shop else repair.centre.name,
        shop_address=", ".join(
            x for x in ((shop or repair.centre).address, (shop or repair.centre).city) if x
        ),
        centre=f"{repair.centre.name}, {repair.centre.city}",
        taken_in=fmt.day(taken.date() if isinstance(taken, datetime) else taken),
        expected=fmt.day(repair.expected_date),
        owner=" · ".join(
            x for x in (repair.contact_name, repair.contact_phone, repair.contact_email) if x
        ),
        fault=t(FAULTS.get(repair.fault_category, repair.fault_category)),
        problem=repair.problem,
        condition=repair.condition_notes or "—",
        accessories=", ".join(
            [t(ACCESSORY_WORDS[a]) for a in (c.accessories if c else []) if a in ACCESSORY_WORDS]
            + ([c.accessories_note] if c and c.accessories_note else [])
        )
        or t(N_("none")),
        sim=(
            f"{t(N_('SIM card'))}: {yes_no[c.sim_removed]} · "
            f"{t(N_('memory card'))}: {yes_no[c.memory_card_removed]}"
            if c
            else "—"
        ),
        lock=t(LOCK_WORDS[c.screen_lock]) if c else "—",
        terms=[t(x) for x in TERMS],
        signature=_signature(session, store, repair),
        words={k: t(v) for k, v in WORDS.items()},
    )


def _signature(session: Session, store: PhotoStore, repair: RepairOrder) -> bytes | None:
    key = session.scalar(
        select(RepairPhoto.storage_key)
        .where(RepairPhoto.repair_id == repair.id, RepairPhoto.kind == "signature")
        .order_by(RepairPhoto.id.desc())
        .limit(1)
    )
    return store.get(key) if key else None


# The headings printed on receipts and labels.
WORDS = {
    "receipt": N_("Repair receipt"),
    "label": N_("Repair label"),
    "code": N_("Tracking code"),
    "scan": N_("Scan to follow the repair"),
    "phone": N_("Phone"),
    "imei": N_("IMEI"),
    "shop": N_("Handed in at"),
    "centre": N_("Service centre"),
    "taken_in": N_("Date"),
    "expected": N_("Expected ready"),
    "owner": N_("Owner"),
    "fault": N_("What is wrong"),
    "problem": N_("In the owner's words"),
    "condition": N_("Condition"),
    "accessories": N_("Left with the phone"),
    "sim": N_("Cards"),
    "lock": N_("Screen lock"),
    "terms": N_("Terms"),
    "signature": N_("Owner's signature"),
}

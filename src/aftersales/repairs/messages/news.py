"""Words of a repair's public news, per audience: the owner, and the shop that handles it.

Owners read about their phone ("your quote"), shops about the owner's ("the owner's quote");
both in their own language, from the facts the change stored.
"""

from __future__ import annotations

from aftersales.kernel.i18n import N_
from aftersales.notifications.kinds import Words
from aftersales.notifications.links import Links
from aftersales.notifications.render import Tongue
from aftersales.repairs.messages.common import (
    OWNER_WHY,
    STAFF_WHY,
    decision,
    earlier,
    expected,
    later,
    note,
    repair_link,
    status,
    status_line,
    track_link,
)
from aftersales.repairs.messages.props import (
    ExpectedLater,
    News,
    QuoteWaiting,
    QuoteWithdrawn,
    WarrantyDecided,
)
from aftersales.repairs.quote_links import quote_token
from aftersales.repairs.states import OPEN, READY_STATES, Status, next_step
from aftersales.repairs.words import WARRANTY

SURVEY_FOLLOWS = N_("A short survey follows soon: tell us how it went.")

# --- the owner ---------------------------------------------------------------------------


def _owner(
    p: News, t: Tongue, links: Links, subject: str, parts: list[str], sms: str, link: str = ""
) -> Words:
    """Return the owner's words, with the earlier news this message folded in."""
    return Words(subject, parts + earlier(p, t), link or track_link(p, links), sms, OWNER_WHY)


def owner_status_changed(p: News, t: Tongue, links: Links) -> Words:
    """Tell the owner the repair's new status, what happens next and when it is expected."""
    now = status(p, t, staff=False)
    parts = [
        status_line(p, t, staff=False),
        *note(p, t),
        # The end: the survey job (surveys.invites) asks every closed repair's owner.
        t._(SURVEY_FOLLOWS if p.status == Status.closed else next_step(p.status, staff=False)),
        *later(p, t),
        *expected(p, t, staff=False),
    ]
    sms = t._("{code}: {status}. Expected {date}.").format(
        code=p.code, status=now, date=t.day(p.expected)
    )
    if p.status not in OPEN or p.status in READY_STATES:  # no date to expect any more
        sms = t._("{code}: {status}.").format(code=p.code, status=now)
    subject = t._("Repair {code}: {status}").format(code=p.code, status=now)
    return _owner(p, t, links, subject, parts, sms)


def owner_quote_waiting(p: QuoteWaiting, t: Tongue, links: Links) -> Words:
    """Ask the owner to approve or decline the quote."""
    amount = t.money(p.amount_minor, p.currency)
    parts = [
        t._("The service centre quotes {amount} for your {model}: {description}").format(
            amount=amount, model=p.model, description=p.description
        ),
        t._("The repair waits for your answer: approve or decline the quote when you sign in."),
        *later(p, t),
    ]
    sms = t._("{code}: a quote of {amount} waits for your approval.").format(
        code=p.code, amount=amount
    )
    subject = t._("Your approval is needed for repair {code}").format(code=p.code)
    if p.quote_id is None:  # queued before answer links existed
        return _owner(p, t, links, subject, parts, sms)
    answer = links.page(f"quote/{quote_token(links.secret, p.quote_id, p.code)}")
    parts[1] = t._("Approve or decline it here, no password needed: {link}").format(link=answer)
    return _owner(p, t, links, subject, parts, sms, answer)


def owner_ready(p: News, t: Tongue, links: Links) -> Words:
    """Tell the owner where to collect the phone."""
    parts = [
        status_line(p, t, staff=False),
        t._("Collect it at {place}. Bring your tracking code {code}.").format(
            place=p.place, code=p.code
        ),
    ]
    sms = t._("{code}: ready for pickup at {place}.").format(code=p.code, place=p.place)
    subject = t._("Your {model} is ready for pickup").format(model=p.model)
    return _owner(p, t, links, subject, parts, sms)


def owner_expected_later(p: ExpectedLater, t: Tongue, links: Links) -> Words:
    """Tell the owner the new expected ready date and why it moved."""
    parts = [status_line(p, t, staff=False), *later(p, t), *expected(p, t, staff=False)]
    sms = t._("{code}: now expected on {date}.").format(code=p.code, date=t.day(p.expected))
    subject = t._("New expected ready date for repair {code}").format(code=p.code)
    return _owner(p, t, links, subject, parts, sms)


def owner_warranty_decided(p: WarrantyDecided, t: Tongue, links: Links) -> Words:
    """Tell the owner whether the warranty covers the repair, and why."""
    covered = t._(WARRANTY[p.decision])
    parts = [status_line(p, t, staff=False), decision(p, t), *later(p, t)]
    parts += expected(p, t, staff=False)
    sms = t._("{code}: {decision}.").format(code=p.code, decision=covered)
    subject = t._("Repair {code}: {decision}").format(code=p.code, decision=covered)
    return _owner(p, t, links, subject, parts, sms)


def owner_quote_withdrawn(p: QuoteWithdrawn, t: Tongue, links: Links) -> Words:
    """Tell the owner the quote no longer waits for them, and why."""
    amount = t.money(p.amount_minor, p.currency)
    parts = [
        t._(
            "The service centre withdrew its quote of {amount} for your {model}. Why: {reason}"
        ).format(amount=amount, model=p.model, reason=t.known(p.note)),
        t._("You need not answer it. The technician checks the phone again."),
        *later(p, t),
        *expected(p, t, staff=False),
    ]
    sms = t._("{code}: the quote of {amount} was withdrawn; no answer is needed.").format(
        code=p.code, amount=amount
    )
    subject = t._("Repair {code}: the quote was withdrawn").format(code=p.code)
    return _owner(p, t, links, subject, parts, sms)


def owner_no_silence(p: News, t: Tongue, links: Links) -> Words:
    """Tell the owner where a quiet repair stands."""
    parts = [
        t._("No news for a few days, so here is where the repair stands."),
        status_line(p, t, staff=False),
        *expected(p, t, staff=False),
    ]
    sms = t._("{code}: still {status}. Expected {date}.").format(
        code=p.code, status=status(p, t, staff=False), date=t.day(p.expected)
    )
    subject = t._("Where repair {code} stands").format(code=p.code)
    return _owner(p, t, links, subject, parts, sms)


# --- the shop ----------------------------------------------------------------------------


def _shop(p: News, links: Links, subject: str, parts: list[str]) -> Words:
    return Words(subject, parts, repair_link(p, links), "", STAFF_WHY)


def shop_status_changed(p: News, t: Tongue, links: Links) -> Words:
    """Tell the shop the repair's new status and what happens next."""
    parts = [
        status_line(p, t, staff=True),
        *note(p, t),
        t._(next_step(p.status, staff=True)),
        *later(p, t),
        *expected(p, t, staff=True),
    ]
    subject = t._("Repair {code}: {status}").format(code=p.code, status=status(p, t, staff=True))
    return _shop(p, links, subject, parts)


def shop_quote_waiting(p: QuoteWaiting, t: Tongue, links: Links) -> Words:
    """Tell the shop that the owner's quote waits for their answer."""
    amount = t.money(p.amount_minor, p.currency)
    parts = [
        status_line(p, t, staff=True),
        t._("The service centre quotes {amount} for the owner's {model}: {description}").format(
            amount=amount, model=p.model, description=p.description
        ),
        t._(
            "The owner's quote is waiting for their answer: the repair and its SLA clock wait "
            "until they approve or decline it."
        ),
        *later(p, t),
    ]
    subject = t._("Repair {code}: the owner's quote is waiting for their answer").format(
        code=p.code
    )
    return _shop(p, links, subject, parts)


def shop_ready(p: News, t: Tongue, links: Links) -> Words:
    """Tell the shop that the owner's phone is ready for pickup at the shop."""
    if p.contact:
        ready = t._("The phone of {contact} ({model}) is ready for pickup at your shop.").format(
            contact=p.contact, model=p.model
        )
    else:
        ready = t._("The {model} of repair {code} is ready for pickup at your shop.").format(
            model=p.model, code=p.code
        )
    parts = [
        ready,
        t._("Hand it back when the owner shows the tracking code {code}.").format(code=p.code),
    ]
    subject = t._("Repair {code}: ready for pickup at your shop").format(code=p.code)
    return _shop(p, links, subject, parts)


def shop_expected_later(p: ExpectedLater, t: Tongue, links: Links) -> Words:
    """Tell the shop the new expected ready date and why it moved."""
    parts = [status_line(p, t, staff=True), *later(p, t), *expected(p, t, staff=True)]
    subject = t._("New expected ready date for repair {code}").format(code=p.code)
    return _shop(p, links, subject, parts)


def shop_quote_withdrawn(p: QuoteWithdrawn, t: Tongue, links: Links) -> Words:
    """Tell the shop that the centre withdrew the owner's quote, and why."""
    parts = [
        status_line(p, t, staff=True),
        t._("The service centre withdrew the owner's quote of {amount}. Why: {reason}").format(
            amount=t.money(p.amount_minor, p.currency), reason=t.known(p.note)
        ),
        *later(p, t),
        *expected(p, t, staff=True),
    ]
    subject = t._("Repair {code}: the owner's quote was withdrawn").format(code=p.code)
    return _shop(p, links, subject, parts)


def shop_no_silence(p: News, t: Tongue, links: Links) -> Words:
    """Tell the shop where a quiet repair stands."""
    parts = [
        t._("No public news on this repair for a few days, so here is where it stands."),
        status_line(p, t, staff=True),
        *expected(p, t, staff=True),
    ]
    subject = t._("Where repair {code} stands").format(code=p.code)
    return _shop(p, links, subject, parts)

"""The invitation job: after a repair closes, its owner is asked once, and reminded once.

Every closed repair gets an invitation whatever its outcome (repaired, replaced, returned
unrepaired, refunded: a phone given back unrepaired is an experience to measure too); a
cancelled repair gets none (decision 205). The job runs every few minutes; each run invites
the repairs closed at least `delay` ago and within `WINDOW`, whose owner is reachable (an
active account taking e-mail or SMS) and which have no invitation yet, so running it twice
invites nobody twice (the invitation's unique repair and the message key both say so).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session, joinedload

from aftersales.accounts.models import Account
from aftersales.catalog.look import look_of
from aftersales.catalog.models import PhoneModel
from aftersales.notifications.outbox import Draft, enqueue
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.states import Status
from aftersales.surveys.messages import SURVEY_INVITATION, SURVEY_REMINDER
from aftersales.surveys.models import SurveyInvitation

# Repairs closed longer ago than this are left alone: an upgrade or a stopped worker does not
# ask every owner of the past at once.
WINDOW = timedelta(days=14)
BATCH = 500
# A reminder goes only while the link still works for at least this long.
REMINDER_MARGIN = timedelta(days=2)
# What a message names: the model and its brand (the look), the centre (time zone).
_LOADS = (
    joinedload(RepairOrder.model).joinedload(PhoneModel.brand),
    joinedload(RepairOrder.centre),
)


@dataclass(frozen=True)
class Timing:
    """When to invite, how long a link works and when its reminder goes (from the settings)."""

    delay: timedelta = timedelta(hours=1)
    valid: timedelta = timedelta(days=30)
    remind_after: timedelta = timedelta(days=7)


def _reachable() -> object:
    """Return the rule of an owner the survey can reach: active, e-mail or SMS allowed."""
    return and_(
        Account.is_active.is_(True),
        or_(
            and_(Account.notify_email.is_(True), Account.email.is_not(None)),
            and_(Account.notify_sms.is_(True), Account.phone_number.is_not(None)),
        ),
    )


def channel_of(owner: Account) -> tuple[str, str] | None:
    """Return the channel and address an owner hears on: e-mail first, else SMS, else None."""
    if not owner.is_active:
        return None
    if owner.notify_email and owner.email:
        return "email", owner.email
    if owner.notify_sms and owner.phone_number:
        return "sms", owner.phone_number
    return None


def invite_closed(session: Session, now: datetime, timing: Timing = Timing()) -> int:
    """Invite the owners of repairs closed lately who have no invitation yet (a job)."""
    invited = exists().where(SurveyInvitation.repair_id == RepairOrder.id)
    rows = session.execute(
        select(RepairOrder, Account)
        .join(Account, Account.id == RepairOrder.owner_id)
        .options(*_LOADS)
        .where(
            RepairOrder.status == Status.closed,
            RepairOrder.closed_at >= now - WINDOW,
            RepairOrder.closed_at <= now - timing.delay,
            RepairOrder.import_source.is_(None),  # an imported repair's owner is not asked
            _reachable(),  # type: ignore[arg-type]
            ~invited,
        )
        .order_by(RepairOrder.closed_at, RepairOrder.id)
        .limit(BATCH)
    ).all()
    made = []
    for repair, owner in rows:
        reach = channel_of(owner)
        assert reach is not None  # the query asked for it
        invitation = SurveyInvitation(
            repair_id=repair.id,
            brand_id=repair.brand_id,
            channel=reach[0],
            language=owner.language,
            sent_at=now,
            expires_at=now + timing.valid,
        )
        made.append((invitation, repair, owner, reach))
    session.add_all([m[0] for m in made])
    session.flush()  # the invitations' ids, which their links sign
    drafts = [_draft(i, r, o, SURVEY_INVITATION.name, reach) for i, r, o, reach in made]
    return enqueue(session, drafts, now)


def remind(session: Session, now: datetime, timing: Timing = Timing()) -> int:
    """Remind once the owners who have not answered after `remind_after` (a job).

    An invitation is marked reminded whether or not the owner can still be reached, so one
    who stopped all messages is not looked at again.
    """
    waiting = session.execute(
        select(SurveyInvitation, RepairOrder, Account)
        .join(RepairOrder, RepairOrder.id == SurveyInvitation.repair_id)
        .outerjoin(Account, Account.id == RepairOrder.owner_id)
        .options(*_LOADS)
        .where(
            SurveyInvitation.answered_at.is_(None),
            SurveyInvitation.reminded_at.is_(None),
            SurveyInvitation.sent_at <= now - timing.remind_after,
            SurveyInvitation.expires_at > now + REMINDER_MARGIN,
        )
        .order_by(SurveyInvitation.sent_at, SurveyInvitation.id)
        .limit(BATCH)
    ).all()
    drafts = []
    for invitation, repair, owner in waiting:
        invitation.reminded_at = now
        reach = channel_of(owner) if owner is not None else None
        if reach is not None:
            drafts.append(_draft(invitation, repair, owner, SURVEY_REMINDER.name, reach))
    session.flush()
    return enqueue(session, drafts, now)


def _draft(
    invitation: SurveyInvitation,
    repair: RepairOrder,
    owner: Account,
    kind: str,
    reach: tuple[str, str],
) -> Draft:
    """Address an invitation's message to the owner, in their language, in the brand's look."""
    shown = look_of(repair.model.brand)
    look = {"name": shown.name, "colour": shown.colour, "logo": shown.logo_url} if shown else None
    props = {
        "invitation_id": invitation.id,
        "code": repair.code,
        "model": repair.model.name,
        "expires": invitation.expires_at.date(),
    }
    return Draft(
        f"{kind}.i{invitation.id}.{reach[0]}", kind, reach[0], reach[1], props, "owner",
        invitation.language, name=owner.name, account_id=owner.id, about_id=invitation.id,
        timezone=repair.centre.timezone, country=repair.country, look=look,
    )  # fmt: skip

"""The owner's answer to the survey: check the form, write one answer per repair.

The owner's answer writes no audit row: it is data the owner gives once, kept whole with the
time it was given, not a change of anyone's settings (decision 206).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, Role
from aftersales.kernel.clock import local_date
from aftersales.kernel.errors import Conflict, ValidationFailed
from aftersales.kernel.i18n import N_, Msg
from aftersales.repairs.models import Contact, RepairOrder
from aftersales.surveys.models import ATTRIBUTES, SurveyAnswer, SurveyInvitation
from aftersales.surveys.words import NotARating, read_rating

COMMENT_MAX = 2000
RATED = ("overall", *ATTRIBUTES)
ALREADY = N_("Thank you: this survey was already answered. One answer per repair is kept.")
EXPIRED = N_("This survey link has expired: the survey could be answered until %(day)s.")


class State(StrEnum):
    """Where an invitation's survey stands for its link."""

    open = "open"
    answered = "answered"
    expired = "expired"


def state_of(invitation: SurveyInvitation, now: datetime) -> State:
    """Say whether the survey may be answered, was answered, or expired unanswered."""
    if invitation.answered_at is not None:
        return State.answered
    if invitation.expires_at <= now:
        return State.expired
    return State.open


@dataclass(frozen=True)
class Ratings:
    """A checked answer: overall 1..5, each attribute 1..5 or None, and a comment."""

    overall: int
    attributes: dict[str, int | None]
    comment: str | None


def check_answer(form: dict[str, str]) -> Ratings:
    """Return the ratings of a survey form, or ValidationFailed naming each wrong field."""
    problems: dict[str, str] = {}
    values: dict[str, int | None] = {}
    for name in RATED:
        try:
            values[name] = read_rating(form.get(name, ""))
        except NotARating:
            problems[name] = N_("Choose one of the five answers.")
    if "overall" not in problems and values.get("overall") is None:
        problems["overall"] = N_("Rate your overall experience: it is the one answer needed.")
    comment = (form.get("comment") or "").strip()
    if len(comment) > COMMENT_MAX:
        problems["comment"] = Msg(
            "Keep the comment to %(max)s characters (it has %(n)s).",
            max=COMMENT_MAX,
            n=len(comment),
        )
    elif "\x00" in comment:
        problems["comment"] = N_("The comment holds a character that cannot be kept.")
    if problems:
        raise ValidationFailed(N_("Check the answers marked below."), problems)
    overall = values["overall"]
    assert overall is not None
    return Ratings(overall, {a: values[a] for a in ATTRIBUTES}, comment or None)


def answer(
    session: Session,
    invitation: SurveyInvitation,
    repair: RepairOrder,
    ratings: Ratings,
    language: str,
    now: datetime,
) -> SurveyAnswer:
    """Write the owner's one answer and mark the invitation answered.

    Conflict if it was answered already or expired. Two submissions at once give one answer:
    the conditional update lets one through, and the unique repair of an answer stops any other.
    """
    state = state_of(invitation, now)
    if state == State.answered:
        raise Conflict(ALREADY)
    if state == State.expired:
        raise Conflict(Msg(EXPIRED, day=invitation.expires_at.date().isoformat()))
    marked = session.execute(
        update(SurveyInvitation)
        .where(SurveyInvitation.id == invitation.id, SurveyInvitation.answered_at.is_(None))
        .values(answered_at=now)
        .execution_options(synchronize_session=False)
    )
    if marked.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(ALREADY)
    centre = repair.centre
    row = SurveyAnswer(
        brand_id=repair.brand_id,
        repair_id=repair.id,
        source="survey",
        channel=repair.channel,
        country=centre.country,
        centre_id=centre.id,
        shop_id=repair.shop_id,
        model_id=repair.model_id,
        answered_at=now,
        answered_on=local_date(now, centre.timezone),
        overall=ratings.overall,
        **ratings.attributes,
        comment=ratings.comment,
        language=language,
        turnaround_days=repair.tat_workdays,  # working days from service to ready (repairs)
        contacts=session.scalar(
            select(func.count()).select_from(Contact).where(Contact.repair_id == repair.id)
        ),
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise Conflict(ALREADY) from None
    session.refresh(invitation)
    return row


def answer_of(session: Session, repair_id: int) -> SurveyAnswer | None:
    """Return a repair's answer, if its owner gave one."""
    return session.scalar(select(SurveyAnswer).where(SurveyAnswer.repair_id == repair_id))


def invitation_of(session: Session, repair_id: int) -> SurveyInvitation | None:
    """Return a repair's invitation, if one was sent."""
    return session.scalar(select(SurveyInvitation).where(SurveyInvitation.repair_id == repair_id))


def owners_open_invitation(
    session: Session, owner: Account, code: str, now: datetime
) -> tuple[SurveyInvitation, RepairOrder] | None:
    """Return the owner's repair of this code and its invitation, if its survey is open."""
    repair = session.scalar(select(RepairOrder).where(RepairOrder.code == code))
    if repair is None or owner.role != Role.owner or repair.owner_id != owner.id:
        return None
    invitation = invitation_of(session, repair.id)
    if invitation is None or state_of(invitation, now) != State.open:
        return None
    return invitation, repair

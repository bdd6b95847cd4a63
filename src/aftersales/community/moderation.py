"""Moderation by the brand's admins: hide with a reason, show again, lock, resolve reports.

Each action writes an audit row naming the moderator, what changed and the reason.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from aftersales.audit.service import Action, record
from aftersales.community.access import may_moderate, moderated_report
from aftersales.community.models import CommunityAnswer, CommunityQuestion, CommunityReport
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import NotFound, StaleVersion, ValidationFailed
from aftersales.kernel.i18n import N_

ACTIONS = ("hide", "unhide", "lock", "unlock")
REASON_LENGTH = (5, 300)


def _reason(action: str, reason: str) -> str | None:
    """Return the reason to keep, or raise: hiding needs one, the others may give one."""
    text = reason.strip()
    low, high = REASON_LENGTH
    if action == "hide" and len(text) < low:
        raise ValidationFailed(
            N_("Say why it is hidden."), {"reason": N_("Say why it is hidden, in a few words.")}
        )
    if len(text) > high or "\x00" in text:
        raise ValidationFailed(
            N_("The reason is too long."), {"reason": N_("Use at most 300 characters.")}
        )
    return text or None


def moderate(
    session: Session,
    actor: Acting,
    question: CommunityQuestion,
    action: str,
    now: datetime,
    *,
    reason: str = "",
    answer_id: int | None = None,
    version: int | None = None,
) -> None:
    """Hide or show a question or an answer, or lock or unlock a question."""
    if not may_moderate(actor, question.brand_id):
        raise NotFound("No such question.")
    if action not in ACTIONS or (answer_id is not None and action in ("lock", "unlock")):
        raise ValidationFailed(N_("Choose what to do."), {"action": N_("Choose what to do.")})
    why = _reason(action, reason)
    if version is not None and version != question.version:
        raise StaleVersion(N_("Someone changed this question meanwhile. Reload it and try again."))
    if answer_id is not None:
        _answer(session, actor, question, answer_id, action == "hide", why, now)
        return
    old = {"hidden": question.hidden, "locked": question.locked, "reason": question.hidden_reason}
    if action in ("hide", "unhide"):
        question.hidden = action == "hide"
        question.hidden_reason = why if action == "hide" else None
    else:
        question.locked = action == "lock"
    session.flush()  # the mapper's version check catches a change made at the same time
    new = {"hidden": question.hidden, "locked": question.locked, "reason": why}
    record(
        session,
        actor,
        Action.updated,
        "community_question",
        question.id,
        now,
        old=old,
        new=new,
        brand_id=question.brand_id,
    )


def _answer(
    session: Session,
    actor: Acting,
    question: CommunityQuestion,
    answer_id: int,
    hide: bool,
    why: str | None,
    now: datetime,
) -> None:
    """Hide or show one answer; the question's count of visible answers follows."""
    found = session.get(CommunityAnswer, answer_id)
    if found is None or found.question_id != question.id:
        raise NotFound("No such answer.")
    if found.hidden == hide:
        return
    old = {"hidden": found.hidden, "reason": found.hidden_reason}
    found.hidden, found.hidden_reason = hide, why if hide else None
    q = CommunityQuestion
    values: dict[str, object] = {"answers_count": q.answers_count + (-1 if hide else 1)}
    if hide and question.accepted_answer_id == found.id:  # a hidden answer solves nothing
        values |= {"accepted_answer_id": None, "status": "answered", "version": q.version + 1}
    session.execute(update(q).where(q.id == question.id).values(values))
    session.flush()
    session.expire(question)
    record(
        session,
        actor,
        Action.updated,
        "community_answer",
        found.id,
        now,
        old=old,
        new={"hidden": hide, "reason": why},
        brand_id=question.brand_id,
    )


def resolve(session: Session, actor: Acting, report_id: int, now: datetime) -> CommunityReport:
    """Mark a report as dealt with (whatever the moderator did about it)."""
    report = moderated_report(session, actor, report_id)
    if report.resolved_at is None:
        report.resolved_at, report.resolved_by = now, actor.id
        session.flush()
        record(
            session,
            actor,
            Action.updated,
            "community_report",
            report.id,
            now,
            old={"resolved": False},
            new={"resolved": True},
            brand_id=report.brand_id,
        )
    return report

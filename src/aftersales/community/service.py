"""Asking, answering, voting, accepting and reporting: every write checks who may make it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from aftersales.audit.service import Action, record
from aftersales.catalog.models import PhoneModel
from aftersales.community import access
from aftersales.community.hours import country_of, working_hours
from aftersales.community.models import (
    ANSWER_LENGTH,
    BODY_LENGTH,
    REPORT_REASONS,
    TITLE_LENGTH,
    CommunityAnswer,
    CommunityQuestion,
    CommunityReport,
    CommunityVote,
)
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import Conflict, Forbidden, StaleVersion, ValidationFailed
from aftersales.kernel.i18n import N_, Msg
from aftersales.kernel.text import NUL, text_problem
from aftersales.repairs.models import FAULT_CATEGORIES

LANGUAGES = ("en", "it", "vi")
LOCKED = N_("This question is locked; it takes no more answers.")


def _length(errors: dict[str, str], name: str, value: str, bounds: tuple[int, int]) -> None:
    """Add a message when a text is too short or too long for its field."""
    low, high = bounds
    if "\x00" in value:
        errors[name] = NUL
    elif len(value.strip()) < low:
        errors[name] = Msg("Write at least %(count)s characters.", count=low)
    elif len(value.strip()) > high:
        errors[name] = text_problem(value) or Msg("Use at most %(count)s characters.", count=high)


def ask(
    session: Session,
    actor: Acting,
    *,
    model_id: int | None,
    fault_category: str,
    title: str,
    body: str,
    language: str,
    now: datetime,
    brand_id: int | None = None,
    country: str | None = None,
) -> CommunityQuestion:
    """Ask a question about a model and a fault; every wrong field is said at once."""
    access.require_owner(actor)
    errors: dict[str, str] = {}
    model = session.get(PhoneModel, model_id) if model_id else None
    if model is None or model.retired_at is not None:
        errors["model_id"] = N_("Choose a phone model from the list.")
    elif brand_id is not None and model.brand_id != brand_id:
        errors["model_id"] = N_("Choose a model of this brand.")
    if fault_category not in FAULT_CATEGORIES:
        errors["fault_category"] = N_("Choose what is wrong.")
    _length(errors, "title", title, TITLE_LENGTH)
    _length(errors, "body", body, BODY_LENGTH)
    if errors:
        raise ValidationFailed(N_("Some fields are missing or wrong; see errors."), errors)
    assert model is not None
    question = CommunityQuestion(
        brand_id=model.brand_id,
        model_id=model.id,
        fault_category=fault_category,
        author_id=actor.id,
        title=title.strip(),
        body=body.strip(),
        language=language if language in LANGUAGES else "en",
        country=country_of(country, language),
        status="open",
        locked=False,
        hidden=False,
        answers_count=0,
        votes=0,
        views=0,
        created_at=now,
        last_activity_at=now,
    )
    session.add(question)
    session.flush()
    record(
        session,
        actor,
        Action.created,
        "community_question",
        question.id,
        now,
        new={"model_id": model.id, "fault_category": fault_category},
        brand_id=model.brand_id,
    )
    return question


def answer(
    session: Session, actor: Acting, question: CommunityQuestion, body: str, now: datetime
) -> CommunityAnswer:
    """Answer a question; the maker's engineers' answers carry the badge."""
    access.require_may_answer(session, actor, question.brand_id)
    errors: dict[str, str] = {}
    _length(errors, "body", body, ANSWER_LENGTH)
    if errors:
        raise ValidationFailed(N_("Some fields are missing or wrong; see errors."), errors)
    staff = access.is_engineer(session, actor, question.brand_id)
    q = CommunityQuestion
    values: dict[str, object] = {
        "answers_count": q.answers_count + 1,
        "status": case((q.status == "open", "answered"), else_=q.status),
        "first_answer_at": func.coalesce(q.first_answer_at, now),
        "last_activity_at": now,
        "version": q.version + 1,
    }
    if staff:
        hours = working_hours(question.created_at, now, question.country)
        values["first_staff_answer_at"] = func.coalesce(q.first_staff_answer_at, now)
        values["staff_hours"] = case(
            (q.first_staff_answer_at.is_(None), hours), else_=q.staff_hours
        )
    # One conditional statement: a lock that lands first refuses this answer (decision 233).
    done = session.execute(update(q).where(q.id == question.id, q.locked.is_(False)).values(values))
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(LOCKED)
    session.expire(question)
    row = CommunityAnswer(
        question_id=question.id,
        author_id=actor.id,
        body=body.strip(),
        is_staff=staff,
        hidden=False,
        score=0,
        created_at=now,
    )
    session.add(row)
    session.flush()
    record(
        session,
        actor,
        Action.created,
        "community_answer",
        row.id,
        now,
        new={"question_id": question.id, "is_staff": staff},
        brand_id=question.brand_id,
    )
    return row


def vote(session: Session, actor: Acting, answer: CommunityAnswer, now: datetime) -> bool:
    """Give an answer one vote; False if this owner had voted for it already."""
    access.require_owner(actor)
    if answer.author_id == actor.id:
        raise Forbidden(N_("You cannot vote for your own answer."))
    already = select(CommunityVote.id).where(
        CommunityVote.account_id == actor.id, CommunityVote.answer_id == answer.id
    )
    if session.scalar(already) is not None:
        return False
    try:  # two clicks at once: the unique constraint keeps one
        with session.begin_nested():
            session.add(
                CommunityVote(account_id=actor.id, answer_id=answer.id, value=1, created_at=now)
            )
    except IntegrityError:
        return False
    a, q = CommunityAnswer, CommunityQuestion
    session.execute(update(a).where(a.id == answer.id).values(score=a.score + 1))
    session.execute(
        update(q)
        .where(q.id == answer.question_id)
        .values(votes=q.votes + 1)
        .execution_options(synchronize_session=False)
    )
    session.expire(answer)
    return True


def _check_version(question: CommunityQuestion, version: int | None) -> None:
    """Refuse a change made on an older view of the question."""
    if version is not None and version != question.version:
        raise StaleVersion(N_("Someone changed this question meanwhile. Reload it and try again."))


def accept(
    session: Session,
    actor: Acting,
    question: CommunityQuestion,
    answer_id: int,
    now: datetime,
    version: int | None = None,
) -> CommunityQuestion:
    """Mark an answer as the solution: the asker, or a moderator of the brand."""
    if not access.may_accept(actor, question):
        raise Forbidden(N_("Only the asker or a moderator accepts an answer."))
    _check_version(question, version)
    found = session.get(CommunityAnswer, answer_id)
    if found is None or found.question_id != question.id or found.hidden:
        raise ValidationFailed(
            N_("Choose an answer of this question."),
            {"answer_id": N_("Choose an answer of this question.")},
        )
    old = {"accepted_answer_id": question.accepted_answer_id, "status": question.status}
    question.accepted_answer_id, question.status = found.id, "solved"
    question.last_activity_at = now
    session.flush()  # the mapper's version check catches a change made at the same time
    record(
        session,
        actor,
        Action.updated,
        "community_question",
        question.id,
        now,
        old=old,
        new={"accepted_answer_id": found.id, "status": "solved"},
        brand_id=question.brand_id,
    )
    return question


def report(
    session: Session,
    actor: Acting,
    question: CommunityQuestion,
    reason: str,
    now: datetime,
    answer_id: int | None = None,
    note: str = "",
) -> CommunityReport:
    """Report a question or one of its answers to the brand's moderators."""
    access.require_owner(actor)
    errors: dict[str, str] = {}
    if reason not in REPORT_REASONS:
        errors["reason"] = N_("Choose why you report it.")
    if note and (problem := text_problem(note, 500)):
        errors["note"] = (
            problem if problem == NUL else Msg("Use at most %(count)s characters.", count=500)
        )
    if answer_id is not None:
        found = session.get(CommunityAnswer, answer_id)
        if found is None or found.question_id != question.id or found.hidden:
            errors["answer_id"] = N_("Choose an answer of this question.")
    if errors:
        raise ValidationFailed(N_("Some fields are missing or wrong; see errors."), errors)
    row = CommunityReport(
        brand_id=question.brand_id,
        account_id=actor.id,
        question_id=question.id,
        answer_id=answer_id,
        reason=reason,
        note=note.strip() or None,
        created_at=now,
    )
    session.add(row)
    session.flush()
    record(
        session,
        actor,
        Action.created,
        "community_report",
        row.id,
        now,
        new={"question_id": question.id, "answer_id": answer_id, "reason": reason},
        brand_id=question.brand_id,
    )
    return row


def count_view(session: Session, question_id: int) -> None:
    """Count one reading of a question (one statement; the version is left alone)."""
    q = CommunityQuestion
    session.execute(
        update(q)
        .where(q.id == question_id)
        .values(views=q.views + 1)
        .execution_options(synchronize_session=False)
    )

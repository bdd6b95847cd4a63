"""Reading the community: the list of questions, one thread, and the moderators' queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, false, func, select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.catalog.models import Brand, PhoneModel
from aftersales.community.access import may_moderate
from aftersales.community.models import (
    CommunityAnswer,
    CommunityQuestion,
    CommunityReport,
    CommunityVote,
)
from aftersales.kernel.actors import Acting, is_platform
from aftersales.kernel.paging import COUNT_CAP


@dataclass(frozen=True)
class Listed:
    """A question as the list shows it, with its model's and brand's names."""

    question: CommunityQuestion
    model_name: str
    brand_name: str


@dataclass(frozen=True)
class Filters:
    """What the list is narrowed to."""

    brand_id: int | None = None
    model_id: int | None = None
    fault_category: str | None = None
    unanswered: bool = False


def _shows_hidden(actor: Acting | None, filters: Filters) -> bool:
    """Hidden questions are listed (marked) only to those who moderate them all."""
    if actor is None:
        return False
    if filters.brand_id is not None:
        return may_moderate(actor, filters.brand_id)
    return is_platform(actor)


def _listing(actor: Acting | None, filters: Filters) -> Select[tuple[int]]:
    q = CommunityQuestion
    ids = select(q.id)
    if not _shows_hidden(actor, filters):
        ids = ids.where(q.hidden == false())
    if filters.brand_id is not None:
        ids = ids.where(q.brand_id == filters.brand_id)
    if filters.model_id is not None:
        ids = ids.where(q.model_id == filters.model_id)
    if filters.fault_category:
        ids = ids.where(q.fault_category == filters.fault_category)
    if filters.unanswered:
        ids = ids.where(q.answers_count == 0)
    return ids


def questions(
    session: Session, actor: Acting | None, filters: Filters, limit: int, offset: int
) -> tuple[list[Listed], int]:
    """Return a page of questions, newest first, and how many there are (at most COUNT_CAP)."""
    q = CommunityQuestion
    ids = _listing(actor, filters)
    total = session.scalar(select(func.count()).select_from(ids.limit(COUNT_CAP).subquery())) or 0
    rows = session.execute(
        select(q, PhoneModel.name, Brand.name)
        .join(PhoneModel, PhoneModel.id == q.model_id)
        .join(Brand, Brand.id == q.brand_id)
        .where(q.id.in_(ids.order_by(q.created_at.desc(), q.id.desc()).limit(limit).offset(offset)))
        .order_by(q.created_at.desc(), q.id.desc())
    ).all()
    return [Listed(question, model, brand) for question, model, brand in rows], total


@dataclass(frozen=True)
class ThreadAnswer:
    """An answer as a thread shows it, with its author's role and name (for the badge)."""

    answer: CommunityAnswer
    author_name: str | None
    voted: bool
    family_first: bool  # the author's name gives the family name first (Vietnamese)


@dataclass(frozen=True)
class Thread:
    """A question with its model's and brand's names, its author, and its answers."""

    question: CommunityQuestion
    model_name: str
    brand_name: str
    answers: list[ThreadAnswer]


def thread(session: Session, actor: Acting | None, question: CommunityQuestion) -> Thread:
    """Return a question's thread: the accepted answer first, then oldest first."""
    a = CommunityAnswer
    voted = and_(
        CommunityVote.answer_id == a.id, CommunityVote.account_id == (actor.id if actor else None)
    )
    answers = (
        select(a, Account.name, Account.language, CommunityVote.id)
        .outerjoin(Account, Account.id == a.author_id)
        .outerjoin(CommunityVote, voted)
        .where(a.question_id == question.id)
    )
    if not may_moderate(actor, question.brand_id):
        answers = answers.where(a.hidden == false())
    accepted = a.id == (question.accepted_answer_id or 0)
    rows = session.execute(answers.order_by(accepted.desc(), a.created_at, a.id)).all()
    names = session.execute(
        select(PhoneModel.name, Brand.name)
        .join(Brand, Brand.id == PhoneModel.brand_id)
        .where(PhoneModel.id == question.model_id)
    ).one()
    shown = [
        ThreadAnswer(row, name if row.is_staff else None, vote is not None, language == "vi")
        for row, name, language, vote in rows
    ]
    return Thread(question, names[0], names[1], shown)


@dataclass(frozen=True)
class OpenReport:
    """A report waiting for a moderator, with the question's title."""

    report: CommunityReport
    title: str


def open_reports(
    session: Session, brand_id: int, limit: int, offset: int
) -> tuple[list[OpenReport], int]:
    """Return a page of a brand's unresolved reports, oldest first, and how many there are."""
    r = CommunityReport
    where = (r.brand_id == brand_id, r.resolved_at.is_(None))
    counted = select(r.id).where(*where).limit(COUNT_CAP).subquery()
    total = session.scalar(select(func.count()).select_from(counted)) or 0
    rows = session.execute(
        select(r, CommunityQuestion.title)
        .join(CommunityQuestion, CommunityQuestion.id == r.question_id)
        .where(*where)
        .order_by(r.created_at, r.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return [OpenReport(report, title) for report, title in rows], total


def waiting(session: Session, brand_id: int, since: datetime, limit: int) -> list[Listed]:
    """Return the brand's oldest questions still waiting for an engineer's answer."""
    q = CommunityQuestion
    rows = session.execute(
        select(q, PhoneModel.name, Brand.name)
        .join(PhoneModel, PhoneModel.id == q.model_id)
        .join(Brand, Brand.id == q.brand_id)
        .where(
            q.brand_id == brand_id,
            q.hidden == false(),
            q.locked == false(),
            q.first_staff_answer_at.is_(None),
            q.created_at >= since,
        )
        .order_by(q.created_at)
        .limit(limit)
    ).all()
    return [Listed(question, model, brand) for question, model, brand in rows]


def brands(session: Session) -> list[tuple[int, str]]:
    """Return every brand's id and name, by name (the list's filter)."""
    return [
        (i, name) for i, name in session.execute(select(Brand.id, Brand.name).order_by(Brand.name))
    ]


def models(session: Session, brand_id: int | None) -> list[tuple[int, str, str]]:
    """Return the models still sold or served (id, brand's name, name), of one brand or all."""
    found = (
        select(PhoneModel.id, Brand.name, PhoneModel.name)
        .join(Brand, Brand.id == PhoneModel.brand_id)
        .where(PhoneModel.retired_at.is_(None))
        .order_by(Brand.name, PhoneModel.name)
    )
    if brand_id is not None:
        found = found.where(PhoneModel.brand_id == brand_id)
    return [(i, b, m) for i, b, m in session.execute(found)]

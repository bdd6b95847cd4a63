"""Rows shaped into the API's answers, with authors named as threads name them."""

from __future__ import annotations

from aftersales.community.figures import BrandFigures, Figures
from aftersales.community.models import CommunityQuestion
from aftersales.community.names import Author, author
from aftersales.community.queries import Listed, OpenReport, Thread
from aftersales.community.schemas import (
    AnswerRead,
    AuthorRead,
    BrandFiguresRead,
    FiguresRead,
    QuestionDetail,
    QuestionRead,
    ReportRead,
    ThreadRead,
)
from aftersales.community.search import question_url
from aftersales.kernel.i18n import N_
from aftersales.kernel.language import translate
from aftersales.kernel.markdown import render

OWNER = N_("Owner")  # before an owner's pseudonym


def _author(found: Author, lang: str) -> AuthorRead:
    name = f"{translate(lang, OWNER)} {found.name}" if found.pseudonym else found.name
    return AuthorRead(name=name, engineer=found.engineer)


def _question(
    q: CommunityQuestion, model: str, brand: str, secret: str, lang: str
) -> dict[str, object]:
    return {
        "id": q.id,
        "brand_id": q.brand_id,
        "brand": brand,
        "model_id": q.model_id,
        "model": model,
        "fault_category": q.fault_category,
        "language": q.language,
        "title": q.title,
        "author": _author(author(secret, q.author_id, None, False), lang),
        "status": q.status,
        "locked": q.locked,
        "hidden": q.hidden,
        "hidden_reason": q.hidden_reason,
        "accepted_answer_id": q.accepted_answer_id,
        "answers_count": q.answers_count,
        "votes": q.votes,
        "views": q.views,
        "created_at": q.created_at,
        "last_activity_at": q.last_activity_at,
        "version": q.version,
        "url": question_url(q.id),
    }


def question_read(row: Listed, secret: str, lang: str) -> QuestionRead:
    """Return a listed question."""
    return QuestionRead.model_validate(
        _question(row.question, row.model_name, row.brand_name, secret, lang)
    )


def thread_read(found: Thread, secret: str, lang: str) -> ThreadRead:
    """Return a thread: the question with its body, and its answers."""
    q = found.question
    detail = QuestionDetail.model_validate(
        _question(q, found.model_name, found.brand_name, secret, lang)
        | {"body": q.body, "body_html": render(q.body)}
    )
    answers = [
        AnswerRead(
            id=t.answer.id,
            author=_author(
                author(
                    secret, t.answer.author_id, t.author_name, t.answer.is_staff, t.family_first
                ),
                lang,
            ),
            body=t.answer.body,
            body_html=render(t.answer.body),
            score=t.answer.score,
            accepted=t.answer.id == q.accepted_answer_id,
            hidden=t.answer.hidden,
            hidden_reason=t.answer.hidden_reason,
            voted=t.voted,
            created_at=t.answer.created_at,
        )
        for t in found.answers
    ]
    return ThreadRead(question=detail, answers=answers)


def report_read(row: OpenReport) -> ReportRead:
    """Return a report for moderators (who reported it is not said)."""
    r = row.report
    return ReportRead(
        id=r.id,
        question_id=r.question_id,
        question_title=row.title,
        answer_id=r.answer_id,
        reason=r.reason,
        note=r.note,
        created_at=r.created_at,
        resolved_at=r.resolved_at,
    )


def figures_read(f: Figures) -> FiguresRead:
    """Return one group's figures."""
    return FiguresRead(
        model_id=f.model_id,
        model=f.model_name,
        fault_category=f.fault_category,
        asked=f.asked,
        answered=f.answered,
        solved=f.solved,
        staff_answered=f.staff_answered,
        staff_share=None if f.staff_share is None else round(f.staff_share, 4),
        median_staff_hours=f.median_staff_hours,
        waiting=f.waiting,
        views=f.views,
        votes=f.votes,
    )


def brand_figures_read(found: BrandFigures, secret: str, lang: str) -> BrandFiguresRead:
    """Return a brand's figures."""
    return BrandFiguresRead(
        brand_id=found.brand.id,
        since=found.since,
        total=figures_read(found.total),
        groups=[figures_read(g) for g in found.groups],
        most_viewed=[question_read(r, secret, lang) for r in found.most_viewed],
        most_voted=[question_read(r, secret, lang) for r in found.most_voted],
    )

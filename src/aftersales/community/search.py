"""What the self-help search reads from the community: accepted answers of visible threads."""

from __future__ import annotations

from sqlalchemy import false, func, select
from sqlalchemy.orm import Session

from aftersales.community.models import CommunityAnswer, CommunityQuestion


def question_url(question_id: int) -> str:
    """Return the address of a question's page."""
    return f"/community/questions/{question_id}"


def accepted_answers(
    session: Session, brand_id: int
) -> list[tuple[int, int | None, str | None, str, str, str, str]]:
    """Return (answer id, model, fault, language, title, answer's Markdown, question's address).

    One statement, served by the partial index of accepted answers of visible questions.
    """
    q, a = CommunityQuestion, CommunityAnswer
    rows = session.execute(
        select(a.id, q.model_id, q.fault_category, q.language, q.title, a.body, q.id)
        .join(a, a.id == q.accepted_answer_id)
        .where(
            q.brand_id == brand_id,
            q.hidden == false(),
            q.accepted_answer_id.is_not(None),
            a.hidden == false(),
        )
        .order_by(q.id)
    ).all()
    return [
        (i, m, f, lang, title, body, question_url(qid)) for i, m, f, lang, title, body, qid in rows
    ]


def accepted_stamp(session: Session, brand_id: int) -> tuple[int, int | None]:
    """Return how many of the brand's visible questions have an accepted answer, and the last.

    One read of the partial index of accepted answers: an answer accepted, or a question
    hidden or shown again, changes it; a question that swaps its accepted answer does not,
    and the search picks that up at its next refresh (selfhelp.search.REFRESH_SECONDS).
    """
    q = CommunityQuestion
    count, last = session.execute(
        select(func.count(), func.max(q.id)).where(
            q.brand_id == brand_id, q.hidden == false(), q.accepted_answer_id.is_not(None)
        )
    ).one()
    return int(count), last

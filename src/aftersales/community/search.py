"""What the self-help search reads from the community: accepted answers of visible threads."""

from __future__ import annotations

from sqlalchemy import false, select
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

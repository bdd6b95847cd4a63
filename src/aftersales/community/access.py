"""Who may do what in the community: the area's one policy (decision 231).

Anyone, signed in or not, reads the visible threads. Owners ask, answer, vote and report.
The maker's engineers answer with a badge: the brand's admins and the technicians and
managers of the centres that repair the brand. Moderation (hide, show again, lock, accept,
resolve reports) is the brand's admins' within their brand, and platform admins' anywhere.
A hidden question or answer is seen only by those who moderate it; to everyone else it does
not exist (404), as does a moderation action on another brand's thread.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from aftersales.catalog.access import get_brand_for, may_change_brand
from aftersales.catalog.models import Brand, centre_brand
from aftersales.community.models import CommunityAnswer, CommunityQuestion, CommunityReport
from aftersales.kernel.actors import Acting, Role, is_platform
from aftersales.kernel.errors import Forbidden, NotFound

NO_QUESTION = "No such question."


def is_owner(actor: Acting | None) -> bool:
    """Say whether the actor is a phone owner (who asks, votes and reports)."""
    return actor is not None and actor.role == Role.owner


def may_moderate(actor: Acting | None, brand_id: int) -> bool:
    """Say whether the actor moderates this brand's threads: its admins, the platform."""
    return actor is not None and may_change_brand(actor, brand_id)


def is_engineer(session: Session, actor: Acting | None, brand_id: int) -> bool:
    """Say whether the actor answers for the maker: the brand's admins and serving centres."""
    if actor is None:
        return False
    if actor.role == Role.brand_admin:
        return actor.brand_id == brand_id
    if actor.role in (Role.technician, Role.centre_manager) and actor.centre_id is not None:
        serves = exists().where(
            centre_brand.c.centre_id == actor.centre_id, centre_brand.c.brand_id == brand_id
        )
        return bool(session.scalar(select(serves)))
    return False


def may_answer(session: Session, actor: Acting | None, brand_id: int) -> bool:
    """Say whether the actor may answer a question of this brand."""
    return (
        is_owner(actor)
        or is_engineer(session, actor, brand_id)
        or (actor is not None and is_platform(actor))
    )


def require_owner(actor: Acting) -> None:
    """Refuse anyone but an owner (asking, voting, reporting)."""
    if not is_owner(actor):
        raise Forbidden("Only phone owners ask, vote and report in the community.")


def require_may_answer(session: Session, actor: Acting, brand_id: int) -> None:
    """Refuse those who may not answer this brand's questions."""
    if not may_answer(session, actor, brand_id):
        raise Forbidden("Owners and the brand's engineers answer its questions.")


def get_question_for(session: Session, actor: Acting | None, question_id: int) -> CommunityQuestion:
    """Return a question the actor may read, or the same NotFound as a missing one."""
    question = session.get(CommunityQuestion, question_id)
    if question is None or (question.hidden and not may_moderate(actor, question.brand_id)):
        raise NotFound(NO_QUESTION)
    return question


def get_answer_for(session: Session, actor: Acting | None, answer_id: int) -> CommunityAnswer:
    """Return an answer the actor may read (its question too), or NotFound."""
    answer = session.get(CommunityAnswer, answer_id)
    if answer is None:
        raise NotFound("No such answer.")
    question = get_question_for(session, actor, answer.question_id)
    if answer.hidden and not may_moderate(actor, question.brand_id):
        raise NotFound("No such answer.")
    return answer


def moderated_question(session: Session, actor: Acting, question_id: int) -> CommunityQuestion:
    """Return a question the actor moderates; NotFound for everyone else (never 403)."""
    question = session.get(CommunityQuestion, question_id)
    if question is None or not may_moderate(actor, question.brand_id):
        raise NotFound(NO_QUESTION)
    return question


def moderated_report(session: Session, actor: Acting, report_id: int) -> CommunityReport:
    """Return a report the actor may resolve; NotFound for everyone else."""
    report = session.get(CommunityReport, report_id)
    if report is None or not may_moderate(actor, report.brand_id):
        raise NotFound("No such report.")
    return report


def may_accept(actor: Acting | None, question: CommunityQuestion) -> bool:
    """Say whether the actor may accept an answer: the asker, or a moderator."""
    if actor is None:
        return False
    asker = actor.role == Role.owner and actor.id == question.author_id
    return asker or may_moderate(actor, question.brand_id)


def figures_brand(session: Session, actor: Acting, brand_id: int) -> Brand:
    """Return a brand whose community figures the actor reads (its admins, the platform)."""
    return get_brand_for(session, actor, brand_id)

"""Tables of the owners' community: questions, answers, votes and reports.

A question keeps what its lists and figures read (brand, model, fault category, counts, the
first answer's and first staff answer's times and the working hours to it), so the lists and
the brand's figures read this table alone (decision 230).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base
from aftersales.kernel.clock import utcnow
from aftersales.kernel.text import LONG

STATUSES = ("open", "answered", "solved")
REPORT_REASONS = ("spam", "rude", "personal_data", "wrong", "other")
TITLE_LENGTH = (10, 140)
BODY_LENGTH = (20, LONG)
ANSWER_LENGTH = (5, LONG)


def _where(rule: str) -> dict[str, Any]:
    """A partial index's condition, the same on both databases."""
    return {"postgresql_where": text(rule), "sqlite_where": text(rule)}


_SHOWN = "hidden = false"
_WAITING = "hidden = false AND locked = false AND first_staff_answer_at IS NULL"
_ACCEPTED = "hidden = false AND accepted_answer_id IS NOT NULL"
_OPEN_REPORTS = "resolved_at IS NULL"


class CommunityQuestion(Base):
    """An owner's question about a model and a fault category, with its thread's state."""

    __tablename__ = "community_question"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'answered', 'solved')", name="status_known"),
        # The public list, newest first: all brands, one brand, one model and fault.
        Index("ix_community_question_shown", "created_at", "id", **_where(_SHOWN)),
        Index("ix_community_question_brand", "brand_id", "hidden", "created_at", "id"),
        Index("ix_community_question_model", "model_id", "fault_category", "hidden", "created_at"),
        # "Unanswered": no visible answer yet.
        Index(
            "ix_community_question_unanswered",
            "brand_id",
            "created_at",
            **_where("hidden = false AND answers_count = 0"),
        ),
        # Waiting for an engineer: the brand's figures and its list of questions to answer.
        Index("ix_community_question_waiting", "brand_id", "created_at", **_where(_WAITING)),
        # The self-help search reads the accepted answers of a brand.
        Index("ix_community_question_accepted", "brand_id", "id", **_where(_ACCEPTED)),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"))
    model_id: Mapped[int] = mapped_column(ForeignKey("phone_model.id"))
    fault_category: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(140))
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5))
    # Whose working days count the wait for an engineer: the asker's country (decision 234).
    country: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(8), default="open")
    locked: Mapped[bool] = mapped_column(default=False)
    hidden: Mapped[bool] = mapped_column(default=False)
    hidden_reason: Mapped[str | None] = mapped_column(String(300))
    # No foreign key: the two tables would point at each other; the service checks it.
    accepted_answer_id: Mapped[int | None]
    answers_count: Mapped[int] = mapped_column(default=0)
    votes: Mapped[int] = mapped_column(default=0)  # the votes of its answers
    views: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    first_answer_at: Mapped[datetime | None]
    first_staff_answer_at: Mapped[datetime | None]
    staff_hours: Mapped[float | None] = mapped_column(Float)  # working hours to it
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class CommunityAnswer(Base):
    """One answer in a thread; `is_staff` is the engineer badge, fixed when it is written."""

    __tablename__ = "community_answer"
    __table_args__ = (Index("ix_community_answer_question", "question_id", "created_at", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("community_question.id", ondelete="CASCADE")
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    is_staff: Mapped[bool] = mapped_column(default=False)
    hidden: Mapped[bool] = mapped_column(default=False)
    hidden_reason: Mapped[str | None] = mapped_column(String(300))
    score: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CommunityVote(Base):
    """One owner's +1 for an answer: one per account and answer."""

    __tablename__ = "community_vote"
    __table_args__ = (
        UniqueConstraint("account_id", "answer_id", name="uq_community_vote_once"),
        CheckConstraint("value = 1", name="value_up"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("community_answer.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[int] = mapped_column(SmallInteger, default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CommunityReport(Base):
    """An owner's report of a question or one of its answers, until a moderator resolves it."""

    __tablename__ = "community_report"
    __table_args__ = (
        Index("ix_community_report_open", "brand_id", "created_at", **_where(_OPEN_REPORTS)),
        Index("ix_community_report_question", "question_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    question_id: Mapped[int] = mapped_column(
        ForeignKey("community_question.id", ondelete="CASCADE")
    )
    answer_id: Mapped[int | None] = mapped_column(
        ForeignKey("community_answer.id", ondelete="CASCADE")
    )
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))

"""Tables of survey invitations and answers.

An answer keeps the facts its reports group by (brand, centre, shop, channel, model, country,
day) and the repair's turnaround and contacts as they were when it was answered, so the
reports read this table alone, never the repairs behind it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, SmallInteger, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base
from aftersales.kernel.clock import utcnow

# The rated attributes, in the survey's order; overall is asked first and always.
ATTRIBUTES = ("explanation", "solution", "knowledge", "soft_skills", "turnaround", "cost")
# The five-point scale, 1..5; top-2-box is 4 (very good) or 5 (excellent).
SCALE = ("poor", "fair", "good", "very_good", "excellent")
TOP_2 = 4
SOURCES = ("survey", "import")
# Where the owner met the service: a repair's channel, or "other" for an imported study.
ANSWER_CHANNELS = ("shop", "walk_in", "online", "other")
INVITE_CHANNELS = ("email", "sms")

_UNANSWERED = text("answered_at IS NULL AND reminded_at IS NULL")


def _rating(name: str, *, required: bool = False) -> CheckConstraint:
    """Keep a rating on the scale (an attribute may be null: does not apply)."""
    rule = f"{name} BETWEEN 1 AND 5"
    return CheckConstraint(rule if required else f"{name} IS NULL OR {rule}", name=f"{name}_scale")


class SurveyInvitation(Base):
    """The one invitation a closed repair's owner gets, with its reminder and its answer."""

    __tablename__ = "survey_invitation"
    __table_args__ = (
        # The reminder job reads the invitations still waiting, oldest first.
        Index(
            "ix_survey_invitation_waiting",
            "sent_at",
            postgresql_where=_UNANSWERED,
            sqlite_where=_UNANSWERED,
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    repair_id: Mapped[int] = mapped_column(
        ForeignKey("repair_order.id", ondelete="CASCADE"), unique=True
    )
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"), index=True)
    channel: Mapped[str] = mapped_column(String(8))  # email | sms
    language: Mapped[str] = mapped_column(String(5))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    reminded_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]


class SurveyAnswer(Base):
    """One owner's ratings of one repair (or one imported answer), 1..5, with a comment."""

    __tablename__ = "survey_answer"
    __table_args__ = (
        _rating("overall", required=True),
        *(_rating(name) for name in ATTRIBUTES),
        Index("ix_survey_answer_brand_day", "brand_id", "answered_on"),
        Index("ix_survey_answer_centre_day", "centre_id", "answered_on"),
        Index("ix_survey_answer_shop_day", "shop_id", "answered_on"),
        Index("ix_survey_answer_model_day", "model_id", "answered_on"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"))
    # One answer per repair; imported answers have none.
    repair_id: Mapped[int | None] = mapped_column(
        ForeignKey("repair_order.id", ondelete="SET NULL"), unique=True
    )
    source: Mapped[str] = mapped_column(String(8))  # survey | import
    channel: Mapped[str] = mapped_column(String(8))  # ANSWER_CHANNELS
    country: Mapped[str] = mapped_column(String(2))
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("service_centre.id"))
    shop_id: Mapped[int | None] = mapped_column(ForeignKey("shop.id"))
    model_id: Mapped[int | None] = mapped_column(ForeignKey("phone_model.id"))
    answered_at: Mapped[datetime]
    answered_on: Mapped[date]  # the day in the country's time: reports group by it
    overall: Mapped[int] = mapped_column(SmallInteger)
    explanation: Mapped[int | None] = mapped_column(SmallInteger)
    solution: Mapped[int | None] = mapped_column(SmallInteger)
    knowledge: Mapped[int | None] = mapped_column(SmallInteger)
    soft_skills: Mapped[int | None] = mapped_column(SmallInteger)
    turnaround: Mapped[int | None] = mapped_column(SmallInteger)
    cost: Mapped[int | None] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(5))  # the comment's language
    # The repair's turnaround in working days and the owner's and shop's contacts when it
    # was answered: what waiting and having to ask cost (decision 203).
    turnaround_days: Mapped[int | None]
    contacts: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

"""Tables of support: a model's commitments per country (versioned by day) and brands' exits."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base
from aftersales.kernel.clock import utcnow


class SupportCommitment(Base):
    """What a brand promises for a model in a country, from a day on (a change adds a version).

    Each of warranty, repair, parts and updates is a day (`<kind>_until_date`), "until no
    longer in use" (`<kind>_in_use`), or neither: then the EU's minimum applies in EU
    countries (support.regulation) and nothing is stated elsewhere.
    """

    __tablename__ = "support_commitment"
    # Its unique key serves the look-ups by model (its first column).
    __table_args__ = (UniqueConstraint("model_id", "country", "effective_from_date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("phone_model.id", ondelete="CASCADE"))
    country: Mapped[str] = mapped_column(String(2))
    effective_from_date: Mapped[date]
    # When the maker stopped selling the model in this country (none: the model's own date).
    end_of_sale_date: Mapped[date | None]
    warranty_until_date: Mapped[date | None]
    warranty_in_use: Mapped[bool] = mapped_column(default=False, server_default=false())
    repair_until_date: Mapped[date | None]
    repair_in_use: Mapped[bool] = mapped_column(default=False, server_default=false())
    parts_until_date: Mapped[date | None]
    parts_in_use: Mapped[bool] = mapped_column(default=False, server_default=false())
    updates_until_date: Mapped[date | None]
    updates_in_use: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The longest a repairer waits for a part, in working days (none: the EU's in the EU).
    parts_delivery_days: Mapped[int | None]
    # Days between security updates at most, while updates are promised (none: the default,
    # support.commitments.DEFAULT_CADENCE_DAYS); the dashboard flags a longer silence.
    security_cadence_days: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))


class BrandExit(Base):
    """A brand's statement that it leaves (or left) the phone market, in its own words.

    The words are the brand's, in the languages it wrote them; owners read their language's,
    else the English, else another one on file.
    """

    __tablename__ = "brand_exit"
    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"), unique=True)
    exit_date: Mapped[date]
    statement_en: Mapped[str | None] = mapped_column(String(2000))
    statement_it: Mapped[str | None] = mapped_column(String(2000))
    statement_vi: Mapped[str | None] = mapped_column(String(2000))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))

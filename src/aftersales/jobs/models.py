"""The table of job leases: one row per scheduled job."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base


class JobRun(Base):
    """When a scheduled job may next run: a lease that one worker takes at a time."""

    __tablename__ = "job_run"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    next_run_at: Mapped[datetime]
    last_started_at: Mapped[datetime | None]
    last_finished_at: Mapped[datetime | None]
    last_result: Mapped[str] = mapped_column(Text, default="")

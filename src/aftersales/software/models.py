"""Tables of software: a model's releases and every sighting of the version a phone runs."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base
from aftersales.kernel.clock import utcnow


class ReleaseKind(StrEnum):
    """What a release brings."""

    security = "security"
    os_upgrade = "os_upgrade"
    fix = "fix"


class Source(StrEnum):
    """Where a sighting of a phone's version comes from."""

    intake = "intake"  # typed at a counter when the phone was handed in
    import_ = "import"  # a line of `aftersales import versions`


class SoftwareRelease(Base):
    """A release of a model's software; the latest is the one of the newest date.

    Version strings are the maker's own ("V12.5.3.0.QEAMIXM", "VOS 3.0.2") and are never
    parsed or compared as numbers: the release date orders them (decision 151).
    """

    __tablename__ = "software_release"
    __table_args__ = (
        UniqueConstraint("model_id", "version"),
        # The latest release of a model: the first row of this index backwards.
        Index("ix_software_release_model_date", "model_id", "release_date", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("phone_model.id"))
    version: Mapped[str] = mapped_column(String(40))
    release_date: Mapped[date]
    # The Android security patch level, a day (ro.build.version.security_patch: 2021-05-01).
    security_patch_date: Mapped[date]
    kind: Mapped[str] = mapped_column(String(12))
    # Notes in English (required) and the other languages owners read (else the English).
    notes_en: Mapped[str] = mapped_column(String(2000))
    notes_it: Mapped[str | None] = mapped_column(String(2000))
    notes_vi: Mapped[str | None] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    # An edit made on an older version of the row is refused (optimistic concurrency).
    row_version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": row_version}


class SoftwareSighting(Base):
    """One report of the version a phone ran on a day: the history behind its current version.

    `release_id` is None when the version was not a release of the model on file when it
    was seen: recorded all the same, and flagged.
    """

    __tablename__ = "software_sighting"
    # One row per phone, day and version: importing a file twice records nothing new.
    __table_args__ = (UniqueConstraint("phone_id", "seen_date", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    phone_id: Mapped[int] = mapped_column(ForeignKey("phone.id", ondelete="CASCADE"))
    version: Mapped[str] = mapped_column(String(40))
    seen_date: Mapped[date]
    source: Mapped[str] = mapped_column(String(12))
    release_id: Mapped[int | None] = mapped_column(
        ForeignKey("software_release.id", ondelete="SET NULL"), index=True
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))

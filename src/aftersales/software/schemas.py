"""Software in and out of the API."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from aftersales.software.models import ReleaseKind


class ReleaseNotes(BaseModel):
    """A release's notes: English required; Italian and Vietnamese fall back to it."""

    en: str = Field(min_length=1, max_length=2000)
    it: str | None = Field(default=None, max_length=2000)
    vi: str | None = Field(default=None, max_length=2000)


class ReleaseCreate(BaseModel):
    """A release of a model's software."""

    version: str = Field(
        min_length=1, max_length=40, examples=["V12.5.3.0.QEAMIXM"],
        description="As the phone shows it; never parsed: the release date orders releases.",
    )  # fmt: skip
    release_date: date
    security_patch_date: date = Field(
        description="The Android security patch level, a day (e.g. 2021-05-01)."
    )
    kind: ReleaseKind
    notes: ReleaseNotes


class ReleaseUpdate(ReleaseCreate):
    """A corrected release: every field again, with the version of the row it corrects."""

    row_version: int = Field(description="The release's row_version as read (409 if stale).")


class ReleaseRead(BaseModel):
    """A release of a model's software."""

    id: int
    model_id: int
    version: str
    release_date: date
    security_patch_date: date
    kind: ReleaseKind
    notes: ReleaseNotes
    row_version: int


class SoftwareShareRead(BaseModel):
    """How many of a model's phones run its latest release."""

    model_id: int
    latest: ReleaseRead | None = Field(description="The release of the newest date, if any.")
    phones: int = Field(description="Phones of the model registered.")
    known: int = Field(description="Phones whose version is known: the share's denominator.")
    unknown: int = Field(description="Phones whose version nobody reported.")
    on_latest: int = Field(description="Phones known to run the latest release.")
    unlisted: int = Field(description="Phones running a version that is not a release on file.")
    share: float | None = Field(description="on_latest / known; null without a release or data.")

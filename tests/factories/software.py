"""Make software releases for tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from aftersales.catalog.models import PhoneModel
from aftersales.kernel.actors import SYSTEM
from aftersales.software.models import SoftwareRelease
from aftersales.software.releases import ReleaseFields, add_release
from tests.factories import n


def make_release(session: Session, model: PhoneModel, **kw: Any) -> SoftwareRelease:
    """Add a release to this model (by the platform), dated 2026-01-15 unless told."""
    day = kw.pop("release_date", date(2026, 1, 15))
    fields = ReleaseFields(
        version=kw.pop("version", f"V{n()}"),
        release_date=day,
        security_patch_date=kw.pop("security_patch_date", day.replace(day=1)),
        kind=kw.pop("kind", "security"),
        notes_en=kw.pop("notes_en", "Security fixes."),
        **kw,
    )
    return add_release(session, SYSTEM, model.id, fields, now=datetime(2026, 3, 1, tzinfo=UTC))

"""Use cases of releases: add and correct a model's releases, list them, find the latest."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from aftersales.audit.service import Action, record, snapshot
from aftersales.catalog.models import PhoneModel
from aftersales.catalog.places import check_version
from aftersales.catalog.service import get_model
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import Conflict, NotFound, ValidationFailed
from aftersales.kernel.i18n import N_, Msg
from aftersales.kernel.text import MEDIUM, check_texts
from aftersales.software.access import require_may_manage_releases
from aftersales.software.models import ReleaseKind, SoftwareRelease
from aftersales.software.versions import normal_version, version_problem

RELEASE_FIELDS = (
    "version", "release_date", "security_patch_date", "kind", "notes_en", "notes_it", "notes_vi",
)  # fmt: skip
KINDS = tuple(k.value for k in ReleaseKind)


@dataclass
class ReleaseFields:
    """What a brand admin enters for a release; notes in Italian and Vietnamese are optional."""

    version: str
    release_date: date | None
    security_patch_date: date | None
    kind: str
    notes_en: str
    notes_it: str | None = None
    notes_vi: str | None = None


def _checked(fields: ReleaseFields, today: date | None) -> dict[str, Any]:
    """Check every field at once and return the values to store."""
    errors: dict[str, str] = {}
    version = normal_version(fields.version)
    problem = version_problem(version)
    if problem:
        errors["version"] = problem
    if fields.release_date is None:
        errors["release_date"] = N_("Enter the day the release came out, e.g. 2021-05-20.")
    elif today is not None and fields.release_date > today:
        errors["release_date"] = N_("Enter a release once it is out: this day is in the future.")
    if fields.security_patch_date is None:
        errors["security_patch_date"] = N_(
            "Enter the security patch level as the phone shows it, e.g. 2021-05-01."
        )
    if fields.kind not in KINDS:
        errors["kind"] = N_("Choose what the release brings.")
    notes = {f"notes_{lang}": (getattr(fields, f"notes_{lang}") or "").strip() for lang in
             ("en", "it", "vi")}  # fmt: skip
    if not notes["notes_en"]:
        errors["notes_en"] = N_("Write the notes in English; the other languages are optional.")
    check_texts(errors, MEDIUM, **notes)
    if errors:
        raise ValidationFailed(N_("The release cannot be saved."), errors)
    return {
        "version": version,
        "release_date": fields.release_date,
        "security_patch_date": fields.security_patch_date,
        "kind": fields.kind,
        "notes_en": notes["notes_en"],
        "notes_it": notes["notes_it"] or None,
        "notes_vi": notes["notes_vi"] or None,
    }


def _refuse_duplicate(
    session: Session, model: PhoneModel, version: str, release_id: int | None = None
) -> None:
    clash = select(SoftwareRelease.id).where(
        SoftwareRelease.model_id == model.id, SoftwareRelease.version == version
    )
    if release_id is not None:
        clash = clash.where(SoftwareRelease.id != release_id)
    if session.scalar(clash) is not None:
        raise Conflict(
            Msg("%(model)s already has a release %(version)s.", model=model.name, version=version)
        )


def add_release(
    session: Session,
    actor: Acting,
    model_id: int,
    fields: ReleaseFields,
    *,
    now: datetime,
) -> SoftwareRelease:
    """Add a release to a model (its brand's admins, platform admins); audited."""
    model = get_model(session, model_id)
    require_may_manage_releases(actor, model.brand_id)
    values = _checked(fields, now.date())
    _refuse_duplicate(session, model, values["version"])
    release = SoftwareRelease(model_id=model.id, created_by=actor.id, created_at=now, **values)
    session.add(release)
    session.flush()
    record(session, actor, Action.created, "software_release", release.id, now,
           new=snapshot(release, RELEASE_FIELDS), brand_id=model.brand_id)  # fmt: skip
    return release


def update_release(
    session: Session,
    actor: Acting,
    release: SoftwareRelease,
    row_version: int | None,
    fields: ReleaseFields,
    *,
    now: datetime,
) -> SoftwareRelease:
    """Correct a release (all its fields at once); the old and new values are audited."""
    model = get_model(session, release.model_id)
    require_may_manage_releases(actor, model.brand_id)
    check_version(release.row_version, row_version)
    values = _checked(fields, now.date())
    _refuse_duplicate(session, model, values["version"], release.id)
    old = snapshot(release, RELEASE_FIELDS)
    for key, value in values.items():
        setattr(release, key, value)
    session.flush()
    record(session, actor, Action.updated, "software_release", release.id, now, old=old,
           new=snapshot(release, RELEASE_FIELDS), brand_id=model.brand_id)  # fmt: skip
    return release


def get_release(session: Session, model_id: int, release_id: int) -> SoftwareRelease:
    """Return a model's release, or NotFound."""
    release = session.get(SoftwareRelease, release_id)
    if release is None or release.model_id != model_id:
        raise NotFound("No such release.")
    return release


def _newest_first() -> tuple[Any, Any]:
    return SoftwareRelease.release_date.desc(), SoftwareRelease.id.desc()


def list_releases(
    session: Session, model_id: int, limit: int, before: int | None = None
) -> list[SoftwareRelease]:
    """Return a model's releases, newest first, a page at a time (after release `before`)."""
    stmt = select(SoftwareRelease).where(SoftwareRelease.model_id == model_id)
    if before is not None:
        last = session.get(SoftwareRelease, before)
        if last is not None:
            stmt = stmt.where(
                or_(
                    SoftwareRelease.release_date < last.release_date,
                    and_(
                        SoftwareRelease.release_date == last.release_date,
                        SoftwareRelease.id < last.id,
                    ),
                )
            )
    return list(session.scalars(stmt.order_by(*_newest_first()).limit(limit)))


def latest_releases(session: Session, model_ids: Iterable[int]) -> dict[int, SoftwareRelease]:
    """Return each model's latest release (newest date; of one day, the one entered last)."""
    ids = sorted(set(model_ids))
    if not ids:
        return {}
    newer = aliased(SoftwareRelease)
    top = (
        select(newer.id)
        .where(newer.model_id == SoftwareRelease.model_id)
        .order_by(newer.release_date.desc(), newer.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    rows = session.scalars(
        select(SoftwareRelease).where(SoftwareRelease.model_id.in_(ids), SoftwareRelease.id == top)
    )
    return {r.model_id: r for r in rows}


def notes_in(release: SoftwareRelease, lang: str) -> str:
    """Return the release's notes in a language, else in English."""
    return {"it": release.notes_it, "vi": release.notes_vi}.get(lang) or release.notes_en

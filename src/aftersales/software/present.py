"""Turn releases and shares into response shapes."""

from __future__ import annotations

from aftersales.software.models import ReleaseKind, SoftwareRelease
from aftersales.software.queries import ModelShare
from aftersales.software.releases import ReleaseFields
from aftersales.software.schemas import (
    ReleaseCreate,
    ReleaseNotes,
    ReleaseRead,
    SoftwareShareRead,
)


def release_read(r: SoftwareRelease) -> ReleaseRead:
    """Shape a release."""
    return ReleaseRead(
        id=r.id,
        model_id=r.model_id,
        version=r.version,
        release_date=r.release_date,
        security_patch_date=r.security_patch_date,
        kind=ReleaseKind(r.kind),
        notes=ReleaseNotes(en=r.notes_en, it=r.notes_it, vi=r.notes_vi),
        row_version=r.row_version,
    )


def release_fields(body: ReleaseCreate) -> ReleaseFields:
    """Return the service's fields of a release sent to the API."""
    return ReleaseFields(
        version=body.version,
        release_date=body.release_date,
        security_patch_date=body.security_patch_date,
        kind=body.kind.value,
        notes_en=body.notes.en,
        notes_it=body.notes.it,
        notes_vi=body.notes.vi,
    )


def share_read(s: ModelShare) -> SoftwareShareRead:
    """Shape a model's share of phones on its latest release."""
    return SoftwareShareRead(
        model_id=s.model_id,
        latest=release_read(s.latest) if s.latest else None,
        phones=s.phones,
        known=s.known,
        unknown=s.unknown,
        on_latest=s.on_latest,
        unlisted=s.unlisted,
        share=s.share,
    )

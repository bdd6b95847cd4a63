"""Routes: a model's software releases, and the share of its phones on the latest."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response

from aftersales.catalog.service import get_model
from aftersales.http.deps import DbSession, Now, Signed
from aftersales.http.idempotent import Idem
from aftersales.software import releases
from aftersales.software.access import require_may_read_share
from aftersales.software.present import release_fields, release_read, share_read
from aftersales.software.queries import shares
from aftersales.software.schemas import (
    ReleaseCreate,
    ReleaseRead,
    ReleaseUpdate,
    SoftwareShareRead,
)

router = APIRouter(tags=["software"])
PAGE = Query(100, ge=1, le=500, description="releases on one page")
BEFORE = Query(None, ge=0, description="the last release of the previous page (Link header)")


@router.get("/models/{model_id}/releases", response_model=list[ReleaseRead])
def list_releases(
    model_id: int,
    user: Signed,
    session: DbSession,
    request: Request,
    response: Response,
    limit: int = PAGE,
    before: int | None = BEFORE,
) -> list[ReleaseRead]:
    """List a model's releases, newest first, 100 a page (Link: next)."""
    get_model(session, model_id)
    found = releases.list_releases(session, model_id, limit, before)
    if len(found) == limit:
        nxt = request.url.include_query_params(before=found[-1].id)
        response.headers["Link"] = f'<{nxt}>; rel="next"'
    return [release_read(r) for r in found]


@router.post("/models/{model_id}/releases", response_model=ReleaseRead, status_code=201)
def add_release(
    model_id: int, body: ReleaseCreate, user: Signed, session: DbSession, now: Now, idem: Idem
) -> ReleaseRead:
    """Add a release to a model (its brand's admins, platform admins); audited."""

    def work() -> ReleaseRead:
        fields = release_fields(body)
        return release_read(releases.add_release(session, user, model_id, fields, now=now))

    return idem.once(session, user, body, now, work, ReleaseRead)


@router.patch("/models/{model_id}/releases/{release_id}", response_model=ReleaseRead)
def update_release(
    model_id: int, release_id: int, body: ReleaseUpdate, user: Signed, session: DbSession, now: Now
) -> ReleaseRead:
    """Correct a release (every field, with its row_version; 409 if stale); audited."""
    release = releases.get_release(session, model_id, release_id)
    fields = release_fields(body)
    return release_read(
        releases.update_release(session, user, release, body.row_version, fields, now=now)
    )


@router.get("/models/{model_id}/software-share", response_model=SoftwareShareRead)
def software_share(model_id: int, user: Signed, session: DbSession) -> SoftwareShareRead:
    """Say how many of the model's phones run its latest release (its brand's admins)."""
    model = get_model(session, model_id)
    require_may_read_share(user, model.brand_id)
    return share_read(shares(session, [model.id])[model.id])

"""Route: public tracking by code and the IMEI's last four digits, no login."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, HTTPException, Query, Request

from aftersales.repairs import tracking
from aftersales.repairs.schemas import TrackRead, TrackStep
from aftersales.repairs.tracking import PublicView
from aftersales.web.deps import Now, TrackReader, client_address
from aftersales.web.readers import Reader

router = APIRouter(tags=["tracking"])


async def limited_view(
    request: Request, reader: Reader, code: str, imei_last4: str, now: datetime
) -> PublicView:
    """Return the public view after the per-address rate limit; 429 past it."""
    wait = request.app.state.track_limiter.hit(client_address(request))
    if wait is not None:
        raise HTTPException(
            429,
            "Too many tracking attempts from your address; try again in a minute.",
            headers={"Retry-After": str(int(wait) + 1)},
        )
    canonical = tracking.canonical_code(code, imei_last4)
    found = tracking.check(await reader.fetch(canonical), imei_last4)
    if tracking.is_stale(found, now):
        return await reader.with_session(
            lambda session: tracking.public_view(session, canonical, imei_last4, now)
        )
    return tracking.build_view(found)


# async all the way: the busiest public read must not wait for a worker thread.
@router.get(
    "/track/{code}",
    response_model=TrackRead,
    responses={
        404: {"description": "Unknown code or wrong IMEI digits (same answer)"},
        429: {"description": "More than the allowed tries a minute"},
    },
)
async def track(
    code: str,
    request: Request,
    reader: TrackReader,
    now: Now,
    imei_last4: str = Query(
        ..., pattern=r"^\d{4}$", description="Last 4 digits of the IMEI (*#06# shows it)"
    ),
) -> TrackRead:
    """Return the status, expected ready date and public timeline of one repair."""
    view = await limited_view(request, reader, code, imei_last4, now)
    data = {k: v for k, v in view.__dict__.items() if k not in ("timeline", "timezone")}
    return TrackRead(**data, timeline=[TrackStep(**s.__dict__) for s in view.timeline])

"""Route: public tracking by code and the IMEI's last four digits, no login."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from aftersales.repairs import tracking
from aftersales.repairs.schemas import TrackRead, TrackStep
from aftersales.repairs.tracking import PublicView
from aftersales.web.deps import Now, TrackReader, client_address
from aftersales.web.errors import problem
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


async def fast_track(request: Request) -> Response:
    """Serve GET /api/v1/track/{code} without FastAPI's per-request machinery (see app.py).

    Same contract as `track` below: the same checks, the same answers and problems.
    """
    imei_last4 = request.query_params.get("imei_last4", "")
    if not (len(imei_last4) == 4 and imei_last4.isascii() and imei_last4.isdigit()):
        message = "Give the last 4 digits of the IMEI (*#06# shows it)."
        return problem(
            422,
            "Invalid input",
            "Some fields are missing or wrong; see errors.",
            errors=[{"field": "imei_last4", "message": message}],
        )
    now = request.app.state.clock()
    view = await limited_view(
        request, request.app.state.reader, request.path_params["code"], imei_last4, now
    )
    return Response(_read(view).model_dump_json(), media_type="application/json")


def _read(view: PublicView) -> TrackRead:
    """Shape the public view as the API's answer."""
    data = {k: v for k, v in view.__dict__.items() if k not in ("timeline", "timezone")}
    return TrackRead(**data, timeline=[TrackStep(**s.__dict__) for s in view.timeline])


# The documented contract (OpenAPI) of the route that `fast_track` serves.
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
    return _read(await limited_view(request, reader, code, imei_last4, now))

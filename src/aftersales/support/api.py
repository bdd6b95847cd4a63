"""Routes: a model's support commitments per country, and a brand's exit from the market."""

from __future__ import annotations

from fastapi import APIRouter, Query, Response

from aftersales.catalog.models import PhoneModel
from aftersales.catalog.service import check_country
from aftersales.http.deps import DbSession, Now, Signed
from aftersales.support import commitments, exits
from aftersales.support.access import brand_for, model_for
from aftersales.support.present import commitment_fields, exit_fields, exit_read, support_read
from aftersales.support.schemas import BrandExitState, CommitmentIn, ExitIn, ExitRead, SupportRead

router = APIRouter(tags=["support"])
COUNTRY = Query(min_length=2, max_length=2, description="ISO 3166-1 alpha-2, e.g. IT")


def _read(session: DbSession, model: PhoneModel, country: str, now: Now) -> SupportRead:
    code = check_country(country)
    support = commitments.support_for(session, model, code, now.date())
    return support_read(support, now.date(), commitments.list_versions(session, model.id, code))


@router.get("/models/{model_id}/commitments", response_model=SupportRead)
def get_commitments(
    model_id: int, user: Signed, session: DbSession, now: Now, country: str = COUNTRY
) -> SupportRead:
    """Say until when the model is supported in a country today (its brand's admins)."""
    return _read(session, model_for(session, user, model_id), country, now)


@router.put("/models/{model_id}/commitments", response_model=SupportRead)
def put_commitments(
    model_id: int,
    body: CommitmentIn,
    user: Signed,
    session: DbSession,
    now: Now,
    country: str = COUNTRY,
) -> SupportRead:
    """Set the model's commitment in a country from a day on; never below the EU minimum."""
    fields = commitment_fields(body)
    row = commitments.set_commitment(session, user, model_id, country, fields, now=now)
    return _read(session, model_for(session, user, row.model_id), row.country, now)


@router.get("/brands/{brand_id}/exit", response_model=BrandExitState)
def get_exit(brand_id: int, user: Signed, session: DbSession) -> BrandExitState:
    """Say whether the brand left (or leaves) the market, in its words (its admins)."""
    brand = brand_for(session, user, brand_id)
    row = exits.exit_of(session, brand.id)
    return BrandExitState(brand_id=brand.id, exit=exit_read(row) if row else None)


@router.put("/brands/{brand_id}/exit", response_model=ExitRead)
def put_exit(brand_id: int, body: ExitIn, user: Signed, session: DbSession, now: Now) -> ExitRead:
    """State or correct the brand's exit from the market; audited."""
    return exit_read(exits.set_exit(session, user, brand_id, exit_fields(body), now=now))


@router.delete("/brands/{brand_id}/exit", status_code=204)
def delete_exit(brand_id: int, user: Signed, session: DbSession, now: Now) -> Response:
    """Withdraw the brand's exit statement; audited (204 also when there was none)."""
    exits.remove_exit(session, user, brand_id, now=now)
    return Response(status_code=204)

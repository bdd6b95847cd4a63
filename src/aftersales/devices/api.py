"""Routes: adding phone models and their TACs, claims of TACs and their confirmation.

They belong to the catalogue's part of the API (same tag); they live here because a TAC
may not take the IMEIs of phones already registered as another brand's (`devices.tacs`).
"""

from __future__ import annotations

from fastapi import APIRouter, Response

from aftersales.accounts.deps import User
from aftersales.catalog.present import model_read, tac_read
from aftersales.catalog.schemas import ModelCreate, ModelRead, TacRead, TacsAdd
from aftersales.devices import tacs
from aftersales.http.deps import DbSession, Now
from aftersales.http.idempotent import Idem

router = APIRouter(tags=["catalogue"])


@router.post("/models", response_model=ModelRead, status_code=201)
def create_model(
    body: ModelCreate, user: User, session: DbSession, now: Now, idem: Idem
) -> ModelRead:
    """Create a phone model with its TACs (brand admins' TACs wait for a platform admin)."""

    def work() -> ModelRead:
        return model_read(tacs.create_model(session, user, **body.model_dump(), now=now))

    return idem.once(session, user, body, now, work, ModelRead)


@router.post("/models/{model_id}/tacs", response_model=ModelRead)
def add_tacs(model_id: int, body: TacsAdd, user: User, session: DbSession, now: Now) -> ModelRead:
    """Add TACs to a model (the brand's admins); they count once a platform admin confirms."""
    return model_read(tacs.claim(session, user, model_id, body.tacs, now))


@router.get("/tacs/pending", response_model=list[TacRead])
def pending_tacs(user: User, session: DbSession) -> list[TacRead]:
    """List TAC claims waiting for confirmation (platform admins: all; brand admins: theirs)."""
    return [tac_read(t) for t in tacs.waiting(session, user)]


@router.post("/tacs/{tac}/confirm", response_model=TacRead)
def confirm_tac(tac: str, user: User, session: DbSession, now: Now) -> TacRead:
    """Confirm a brand's claim of a TAC (platform admins): its IMEIs now name the model."""
    return tac_read(tacs.confirm(session, user, tac, now))


@router.post("/tacs/{tac}/reject", status_code=204)
def reject_tac(tac: str, user: User, session: DbSession) -> Response:
    """Refuse a brand's claim of a TAC (platform admins): the TAC is free again."""
    tacs.reject(session, user, tac)
    return Response(status_code=204)

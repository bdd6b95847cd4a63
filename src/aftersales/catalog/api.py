"""Routes: brands, phone models, service centres, shops.

Adding a model and claiming or deciding TACs are in `devices.api`: whether a TAC is free
depends on the phones already registered, which live above the catalogue.
"""

from __future__ import annotations

from fastapi import APIRouter

from aftersales.catalog import queries
from aftersales.catalog import service as catalog
from aftersales.catalog.present import centre_read, model_read
from aftersales.catalog.schemas import (
    BrandCreate,
    BrandRead,
    CentreCreate,
    CentreRead,
    ModelGuess,
    ModelRead,
    ShopCreate,
    ShopRead,
)
from aftersales.http.deps import DbSession, Now, Signed
from aftersales.http.idempotent import Idem
from aftersales.kernel.imei import imei_problem, normalize_imei

router = APIRouter(tags=["catalogue"])


@router.get("/brands", response_model=list[BrandRead])
def list_brands(user: Signed, session: DbSession) -> list[BrandRead]:
    """List brands."""
    return [BrandRead.model_validate(b) for b in queries.list_brands(session)]


@router.post("/brands", response_model=BrandRead, status_code=201)
def create_brand(
    body: BrandCreate, user: Signed, session: DbSession, now: Now, idem: Idem
) -> BrandRead:
    """Create a brand (platform admins)."""

    def work() -> BrandRead:
        return BrandRead.model_validate(catalog.create_brand(session, user, body.slug, body.name))

    return idem.once(session, user, body, now, work, BrandRead)


@router.get("/models", response_model=list[ModelRead])
def list_models(user: Signed, session: DbSession, brand_id: int | None = None) -> list[ModelRead]:
    """List phone models, optionally of one brand."""
    return [model_read(m) for m in queries.list_models(session, brand_id)]


@router.get("/models/by-imei/{imei}", response_model=ModelGuess)
def guess_model(imei: str, user: Signed, session: DbSession) -> ModelGuess:
    """Check an IMEI as it is typed and suggest the model its TAC names."""
    clean = normalize_imei(imei)
    problem = imei_problem(clean)
    model = catalog.model_for_imei(session, clean) if clean[:8].isdigit() else None
    return ModelGuess(
        imei=clean,
        valid=problem is None,
        problem=problem,
        model=model_read(model) if model else None,
    )


@router.get("/centres", response_model=list[CentreRead])
def list_centres(user: Signed, session: DbSession) -> list[CentreRead]:
    """List service centres."""
    return [centre_read(c) for c in queries.list_centres(session)]


@router.post("/centres", response_model=CentreRead, status_code=201)
def create_centre(
    body: CentreCreate, user: Signed, session: DbSession, now: Now, idem: Idem
) -> CentreRead:
    """Create a service centre (platform admins)."""

    def work() -> CentreRead:
        return centre_read(catalog.create_centre(session, user, **body.model_dump()))

    return idem.once(session, user, body, now, work, CentreRead)


@router.get("/shops", response_model=list[ShopRead])
def list_shops(user: Signed, session: DbSession) -> list[ShopRead]:
    """List shops."""
    return [ShopRead.model_validate(s) for s in queries.list_shops(session)]


@router.post("/shops", response_model=ShopRead, status_code=201)
def create_shop(
    body: ShopCreate, user: Signed, session: DbSession, now: Now, idem: Idem
) -> ShopRead:
    """Create a shop (platform admins)."""

    def work() -> ShopRead:
        return ShopRead.model_validate(catalog.create_shop(session, user, **body.model_dump()))

    return idem.once(session, user, body, now, work, ShopRead)

"""Routes: brands, phone models, service centres, shops."""

from __future__ import annotations

from fastapi import APIRouter, Response
from sqlalchemy import select

from aftersales.accounts.deps import User
from aftersales.catalog import service as catalog
from aftersales.catalog.models import Brand, PhoneModel, ServiceCentre, Shop
from aftersales.catalog.schemas import (
    BrandCreate,
    BrandRead,
    CentreCreate,
    CentreRead,
    ModelCreate,
    ModelGuess,
    ModelRead,
    ShopCreate,
    ShopRead,
    TacRead,
    TacsAdd,
)
from aftersales.devices import tacs
from aftersales.http.deps import DbSession, Now
from aftersales.http.idempotent import Idem
from aftersales.kernel.imei import imei_problem, normalize_imei
from aftersales.web.api.present import centre_read, model_read, tac_read

router = APIRouter(tags=["catalogue"])


@router.get("/brands", response_model=list[BrandRead])
def list_brands(user: User, session: DbSession) -> list[BrandRead]:
    """List brands."""
    return [
        BrandRead.model_validate(b) for b in session.scalars(select(Brand).order_by(Brand.name))
    ]


@router.post("/brands", response_model=BrandRead, status_code=201)
def create_brand(
    body: BrandCreate, user: User, session: DbSession, now: Now, idem: Idem
) -> BrandRead:
    """Create a brand (platform admins)."""

    def work() -> BrandRead:
        return BrandRead.model_validate(catalog.create_brand(session, user, body.slug, body.name))

    return idem.once(session, user, body, now, work, BrandRead)


@router.get("/models", response_model=list[ModelRead])
def list_models(user: User, session: DbSession, brand_id: int | None = None) -> list[ModelRead]:
    """List phone models, optionally of one brand."""
    stmt = select(PhoneModel).order_by(PhoneModel.brand_id, PhoneModel.name)
    if brand_id is not None:
        stmt = stmt.where(PhoneModel.brand_id == brand_id)
    return [model_read(m) for m in session.scalars(stmt)]


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


@router.get("/models/by-imei/{imei}", response_model=ModelGuess)
def guess_model(imei: str, user: User, session: DbSession) -> ModelGuess:
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
def list_centres(user: User, session: DbSession) -> list[CentreRead]:
    """List service centres."""
    return [
        centre_read(c)
        for c in session.scalars(
            select(ServiceCentre).order_by(ServiceCentre.country, ServiceCentre.city)
        )
    ]


@router.post("/centres", response_model=CentreRead, status_code=201)
def create_centre(
    body: CentreCreate, user: User, session: DbSession, now: Now, idem: Idem
) -> CentreRead:
    """Create a service centre (platform admins)."""

    def work() -> CentreRead:
        return centre_read(catalog.create_centre(session, user, **body.model_dump()))

    return idem.once(session, user, body, now, work, CentreRead)


@router.get("/shops", response_model=list[ShopRead])
def list_shops(user: User, session: DbSession) -> list[ShopRead]:
    """List shops."""
    return [
        ShopRead.model_validate(s)
        for s in session.scalars(select(Shop).order_by(Shop.country, Shop.city, Shop.name))
    ]


@router.post("/shops", response_model=ShopRead, status_code=201)
def create_shop(body: ShopCreate, user: User, session: DbSession, now: Now, idem: Idem) -> ShopRead:
    """Create a shop (platform admins)."""

    def work() -> ShopRead:
        return ShopRead.model_validate(catalog.create_shop(session, user, **body.model_dump()))

    return idem.once(session, user, body, now, work, ShopRead)

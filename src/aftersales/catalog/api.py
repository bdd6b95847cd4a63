"""Routes: brands, phone models, service centres, shops.

Adding a model and claiming or deciding TACs are in `devices.api`: whether a TAC is free
depends on the phones already registered, which live above the catalogue.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response

from aftersales.catalog import lifecycle, places, queries
from aftersales.catalog import service as catalog
from aftersales.catalog.present import centre_read, model_read
from aftersales.catalog.schemas import (
    BrandCreate,
    BrandRead,
    CentreCreate,
    CentreRead,
    CentreUpdate,
    ModelGuess,
    ModelRead,
    ModelUpdate,
    ShopCreate,
    ShopRead,
    ShopUpdate,
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


PLACES_PAGE = Query(100, ge=1, le=500, description="places on one page")
AFTER = Query(None, ge=0, description="the last id of the previous page (see the Link header)")


def _next_link(request: Request, response: Response, ids: list[int], limit: int) -> None:
    """Say where the next page starts (RFC 8288); the list itself stays a plain list."""
    if len(ids) == limit:
        nxt = request.url.include_query_params(after=ids[-1])
        response.headers["Link"] = f'<{nxt}>; rel="next"'


@router.get("/centres", response_model=list[CentreRead])
def list_centres(
    user: Signed,
    session: DbSession,
    request: Request,
    response: Response,
    limit: int = PLACES_PAGE,
    after: int | None = AFTER,
) -> list[CentreRead]:
    """List service centres by id, 100 a page (Link: next)."""
    found = queries.centres_page(session, limit, after)
    _next_link(request, response, [c.id for c in found], limit)
    return [centre_read(c) for c in found]


@router.post("/centres", response_model=CentreRead, status_code=201)
def create_centre(
    body: CentreCreate, user: Signed, session: DbSession, now: Now, idem: Idem
) -> CentreRead:
    """Create a service centre (platform admins)."""

    def work() -> CentreRead:
        return centre_read(catalog.create_centre(session, user, **body.model_dump()))

    return idem.once(session, user, body, now, work, CentreRead)


@router.get("/shops", response_model=list[ShopRead])
def list_shops(
    user: Signed,
    session: DbSession,
    request: Request,
    response: Response,
    limit: int = PLACES_PAGE,
    after: int | None = AFTER,
) -> list[ShopRead]:
    """List shops by id, 100 a page (Link: next)."""
    found = queries.shops_page(session, limit, after)
    _next_link(request, response, [s.id for s in found], limit)
    return [ShopRead.model_validate(s) for s in found]


@router.post("/shops", response_model=ShopRead, status_code=201)
def create_shop(
    body: ShopCreate, user: Signed, session: DbSession, now: Now, idem: Idem
) -> ShopRead:
    """Create a shop (platform admins)."""

    def work() -> ShopRead:
        return ShopRead.model_validate(catalog.create_shop(session, user, **body.model_dump()))

    return idem.once(session, user, body, now, work, ShopRead)


@router.patch("/centres/{centre_id}", response_model=CentreRead)
def update_centre(
    centre_id: int, body: CentreUpdate, user: Signed, session: DbSession
) -> CentreRead:
    """Change a centre's name, address or opening hours (platform admins); 409 if stale."""
    centre = catalog.get_centre(session, centre_id)
    fields = body.model_dump(exclude={"version"}, exclude_unset=True)
    return centre_read(places.update_centre(session, user, centre, body.version, **fields))


@router.patch("/shops/{shop_id}", response_model=ShopRead)
def update_shop(shop_id: int, body: ShopUpdate, user: Signed, session: DbSession) -> ShopRead:
    """Change a shop's name, address, news e-mail or opening hours (platform admins)."""
    shop = catalog.get_shop(session, shop_id)
    fields = body.model_dump(exclude={"version"}, exclude_unset=True)
    if "email" in fields and fields["email"] is None:
        fields["email"] = ""  # null: no e-mail any more
    if "opening_hours" in fields and fields["opening_hours"] is None:
        fields["opening_hours"] = {}  # null: closed every day
    return ShopRead.model_validate(places.update_shop(session, user, shop, body.version, **fields))


@router.patch("/models/{model_id}", response_model=ModelRead)
def update_model(
    model_id: int, body: ModelUpdate, user: Signed, session: DbSession, now: Now
) -> ModelRead:
    """Change a model's name and dates, retire it or bring it back (its brand's admins)."""
    model = catalog.get_model(session, model_id)
    dates = body.model_dump(include={"release_date", "end_of_sale_date"}, exclude_unset=True)
    lifecycle.update_model(session, user, model, body.version, name=body.name, **dates)
    if body.retired is not None:
        lifecycle.retire_model(session, user, model, now, retired=body.retired)
    return model_read(model)

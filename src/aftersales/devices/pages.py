"""The brand page's phone models and TAC claims: sections of `BRAND_HOME` and their forms.

They are here, not in the catalogue, because a TAC may not take the IMEIs of phones already
registered as another brand's (`devices.tacs`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.catalog import queries as catalogue
from aftersales.catalog import service as catalog
from aftersales.catalog.access import may_confirm_tacs
from aftersales.catalog.models import Brand
from aftersales.catalog.pages import day, save, whole_number
from aftersales.devices import tacs as tac_claims
from aftersales.http.deps import Actor, DbSession, Now
from aftersales.http.home import BRAND_HOME, Section
from aftersales.http.pages import Page
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_

router = APIRouter(include_in_schema=False)


def _waiting(page: Page[Any], session: DbSession, brand: Brand) -> dict[str, Any]:
    """The claims waiting; the models' section reads these too."""
    user = page.user
    return {
        # Platform admins see every brand's claims, so none waits unseen behind the picker.
        "waiting": tac_claims.waiting(session, user) if user is not None else [],
        "confirms_tacs": user is not None and may_confirm_tacs(user),
    }


def _models(page: Page[Any], session: DbSession, brand: Brand) -> dict[str, Any]:
    return {"models": catalogue.list_models(session, brand.id)}


BRAND_HOME.add(Section(10, "devices/brand_waiting.html", _waiting, wide=True))
BRAND_HOME.add(Section(20, "devices/brand_models.html", _models))


def _tac_list(raw: str) -> list[str]:
    return [t for t in raw.replace(",", " ").split() if t]


@router.post("/brand/models")
def add_model(
    page: PageDep,
    session: DbSession,
    now: Now,
    brand_id: int | None = None,
    name: str = Form(""),
    tacs: str = Form(""),
    release_date: str = Form(""),
    end_of_sale_date: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Add a phone model with its TAC prefixes (one per line or comma-separated)."""
    values = {"name": name, "tacs": tacs, "release_date": release_date,
              "end_of_sale_date": end_of_sale_date}  # fmt: skip

    def act(brand: Brand, user: Actor) -> None:
        tac_claims.create_model(
            session,
            user,
            brand_id=brand.id,
            name=name.strip(),
            tacs=_tac_list(tacs),
            release_date=day(release_date, "release_date"),
            end_of_sale_date=day(end_of_sale_date, "end_of_sale_date"),
            now=now,
        )

    return save(page, session, brand_id, csrf, "model", values, act)


@router.post("/brand/tacs")
def add_tacs(
    page: PageDep,
    session: DbSession,
    now: Now,
    brand_id: int | None = None,
    model_id: str = Form(""),
    tacs: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Add TACs to one of the brand's models; a brand admin's wait for confirmation."""
    values = {"model_id": model_id, "tacs": tacs}

    def act(brand: Brand, user: Actor) -> None:
        model = catalog.get_model(session, whole_number(model_id, "model_id"))
        if model.brand_id != brand.id:
            raise ValidationFailed("Not this brand's model.", {"model_id": N_("Choose a model.")})
        tac_claims.claim(session, user, model.id, _tac_list(tacs), now)

    return save(page, session, brand_id, csrf, "tacs", values, act)


@router.post("/brand/tacs/{tac}/{decision}")
def decide_tac(
    page: PageDep,
    session: DbSession,
    now: Now,
    tac: str,
    decision: str,
    brand_id: int | None = None,
    csrf: str = Form(""),
) -> Response:
    """Confirm or refuse a brand's claim of a TAC (platform admins)."""

    def act(_brand: Brand, user: Actor) -> None:
        if decision == "confirm":
            tac_claims.confirm(session, user, tac, now)
        elif decision == "reject":
            tac_claims.reject(session, user, tac)
        else:
            raise ValidationFailed("Unknown decision.", {"form": N_("Confirm or refuse.")})

    return save(page, session, brand_id, csrf, "waiting", {}, act, platform_only=True)

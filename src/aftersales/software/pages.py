"""Software on the pages: the brand page's releases and shares, a model's releases, and
whether each of the owner's phones runs the latest release."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.catalog import queries as catalogue
from aftersales.catalog import service as catalog
from aftersales.catalog.models import Brand, PhoneModel
from aftersales.catalog.pages import day, save, whole_number
from aftersales.http.deps import Actor, DbSession, Now
from aftersales.http.home import BRAND_HOME, OWNER_PHONE, Section
from aftersales.http.pages import ActorPage, Page, register_globals, register_words
from aftersales.kernel.errors import NotFound, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.paging import PAGE_SIZE
from aftersales.software import releases
from aftersales.software.access import may_manage_releases
from aftersales.software.queries import phone_software, shares
from aftersales.software.releases import KINDS, ReleaseFields, notes_in
from aftersales.software.words import RELEASE_KINDS

router = APIRouter(include_in_schema=False)
register_words(RELEASE_KINDS=RELEASE_KINDS)
register_globals(release_notes=notes_in)  # a release's notes in a language, else English


def _software(page: Page[Any], session: DbSession, brand: Brand) -> dict[str, Any]:
    """Each model's latest release and the share of its phones on it: three queries."""
    models = catalogue.list_models(session, brand.id)
    return {
        "software_models": models,
        "software_shares": shares(session, [m.id for m in models]),
        "release_kinds": KINDS,
    }


def _phones(page: Page[Any], session: DbSession, phones: list[Any]) -> dict[str, Any]:
    return {"software_of": phone_software(session, phones)}


BRAND_HOME.add(Section(25, "software/brand_software.html", _software))
OWNER_PHONE.add(Section(10, "software/phone_fact.html", _phones))


@router.post("/brand/releases")
def add_release(
    page: PageDep,
    session: DbSession,
    now: Now,
    brand_id: int | None = None,
    model_id: str = Form(""),
    version: str = Form(""),
    release_date: str = Form(""),
    security_patch_date: str = Form(""),
    kind: str = Form(""),
    notes_en: str = Form(""),
    notes_it: str = Form(""),
    notes_vi: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Add a release to one of the brand's models."""
    values = {"model_id": model_id, "version": version, "release_date": release_date,
              "security_patch_date": security_patch_date, "kind": kind, "notes_en": notes_en,
              "notes_it": notes_it, "notes_vi": notes_vi}  # fmt: skip

    def act(brand: Brand, user: Actor) -> None:
        model = catalog.get_model(session, whole_number(model_id, "model_id"))
        if model.brand_id != brand.id:
            raise ValidationFailed("Not this brand's model.", {"model_id": N_("Choose a model.")})
        fields = ReleaseFields(
            version=version,
            release_date=day(release_date, "release_date"),
            security_patch_date=day(security_patch_date, "security_patch_date"),
            kind=kind,
            notes_en=notes_en,
            notes_it=notes_it,
            notes_vi=notes_vi,
        )
        releases.add_release(session, user, model.id, fields, now=now)

    return save(page, session, brand_id, csrf, "release", values, act)


def _model(page: Page[Any], session: DbSession, model_id: int) -> PhoneModel | Response:
    """Return a model whose releases the admin manages, or the page to answer (404 else)."""
    if page.user is None:
        return page.to_login()
    try:
        model = catalog.get_model(session, model_id)
    except NotFound:
        model = None
    if model is None or not may_manage_releases(page.user, model.brand_id):
        return page.render("error.html", 404, message=N_("No such phone model."))
    return model


@router.get("/brand/models/{model_id}/releases")
def model_releases(
    page: ActorPage, session: DbSession, model_id: int, before: int | None = None
) -> Response:
    """List a model's releases, newest first, 25 a page, with the share on the latest."""
    model = _model(page, session, model_id)
    if isinstance(model, Response):
        return model
    found = releases.list_releases(session, model.id, PAGE_SIZE, before)
    return page.render(
        "software/model_releases.html",
        model=model,
        releases=[(r, notes_in(r, page.lang)) for r in found],
        share=shares(session, [model.id])[model.id],
        more=found[-1].id if len(found) == PAGE_SIZE else None,
        first=before is None,
    )

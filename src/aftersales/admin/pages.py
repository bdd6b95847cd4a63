"""Platform admins' pages: accounts (find, create, invite, switch off, move) and the network.

Everyone else gets the same 404 as for a page that does not exist.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form
from fastapi.responses import Response

from aftersales.accounts import admin as accounts_admin
from aftersales.accounts import service as accounts
from aftersales.accounts.deps import PageDep
from aftersales.accounts.links import Purpose
from aftersales.accounts.models import Account, Role
from aftersales.admin import queries
from aftersales.http.deps import DbSession, Now
from aftersales.http.pages import Page, form_errors
from aftersales.kernel.actors import is_platform
from aftersales.kernel.errors import DomainError, NotFound, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.paging import page_count, page_number
from aftersales.onboarding.service import send_link_for

router = APIRouter(include_in_schema=False)
ROLE_NAMES = {
    Role.owner: N_("Owner"),
    Role.shop_staff: N_("Shop staff"),
    Role.technician: N_("Technician"),
    Role.centre_manager: N_("Centre manager"),
    Role.brand_admin: N_("Brand administrator"),
    Role.platform_admin: N_("Platform administrator"),
}
PLACE_OF = {"shop": "shop_id", "centre": "centre_id", "brand": "brand_id"}


def _admin(page: Page[Account]) -> Response | None:
    if page.user is None:
        return page.to_login()
    if not is_platform(page.user):
        return page.render(
            "error.html", 404, message=N_("This page is for the platform's administrators.")
        )
    return None


def _places(session: DbSession, values: dict[str, str], place_q: str = "") -> dict[str, Any]:
    """What the role-and-place forms offer: the places found by `place_q`, and the chosen one."""
    found = queries.find_places(session, place_q[:120], values.get("place", ""))
    return {"places": found, "place_q": place_q[:120], "role_names": ROLE_NAMES}


def _place_ids(place: str) -> dict[str, int | None]:
    """Read a form's place ("shop:3") as the account's organisation fields."""
    kind, _, number = place.partition(":")
    ids: dict[str, int | None] = dict.fromkeys(PLACE_OF.values())
    if kind in PLACE_OF and number.isdigit():
        ids[PLACE_OF[kind]] = int(number)
    return ids


def _place_errors(exc: DomainError) -> dict[str, str]:
    """Name a missing or wrong organisation on the form's one place field."""
    errors = form_errors(exc)
    for key in PLACE_OF.values():
        if key in errors:
            errors["place"] = errors.pop(key)
    return errors


@router.get("/admin/accounts")
def accounts_page(
    page: PageDep, session: DbSession, q: str = "", role: str = "staff", page_no: int = 1
) -> Response:
    """List accounts, newest first, 25 a page; search by the beginning of a name or e-mail."""
    if (refused := _admin(page)) is not None:
        return refused
    assert page.user is not None
    page_no = page_number(page_no)
    try:
        found, total = accounts_admin.find_accounts(session, page.user, q=q[:120], role=role,
                                                    page=page_no)  # fmt: skip
    except ValidationFailed as exc:
        found, total, role = [], 0, "staff"
        return page.render("admin/accounts.html", 422, accounts=found, total=total, q=q,
                           role=role, page_no=1, pages=1, errors=form_errors(exc),
                           role_names=ROLE_NAMES)  # fmt: skip
    return page.render("admin/accounts.html", accounts=found, total=total, q=q, role=role,
                       page_no=page_no, pages=page_count(total), errors={},
                       role_names=ROLE_NAMES)  # fmt: skip


def _new_form(page: Page[Account], session: DbSession, values: dict[str, str],
              errors: dict[str, str], code: int = 200, place_q: str = "") -> Response:  # fmt: skip
    return page.render("admin/account_new.html", code, values=values, errors=errors,
                       **_places(session, values, place_q))  # fmt: skip


@router.get("/admin/accounts/new")
def new_account_form(page: PageDep, session: DbSession, place_q: str = "") -> Response:
    """Show the form that makes a staff account (`place_q`: the places to offer)."""
    if (refused := _admin(page)) is not None:
        return refused
    values = {"name": "", "email": "", "role": "shop_staff", "place": "", "language": "it",
              "invite": "true"}  # fmt: skip
    return _new_form(page, session, values, {}, place_q=place_q)


@router.get("/admin/places")
def place_options(
    page: PageDep, session: DbSession, place_q: str = "", place: str = ""
) -> Response:
    """Return the place field's options for what the admin types (the form's live search)."""
    if (refused := _admin(page)) is not None:
        return refused
    found = queries.find_places(session, place_q[:120], place)
    return page.render("admin/place_options.html", places=found, values={"place": place})


@router.post("/admin/accounts/new")
def create_account(
    page: PageDep,
    session: DbSession,
    now: Now,
    name: str = Form(""),
    email: str = Form(""),
    role: str = Form(""),
    place: str = Form(""),
    language: str = Form("en"),
    invite: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Make an account with its role and place; with `invite`, send it the invitation now."""
    if (refused := _admin(page)) is not None:
        return refused
    assert page.user is not None
    values = {"name": name, "email": email, "role": role, "place": place, "language": language,
              "invite": invite}  # fmt: skip
    try:
        if not page.check_csrf(csrf):
            raise DomainError(N_("The form expired. Please try again."))
        account = accounts.create_account(session, page.user, name=name, role=role,
                                          email=email.strip() or None, language=language,
                                          **_place_ids(place))  # fmt: skip
        if invite:
            send_link_for(session, page.user, account, Purpose.invite, now)
        session.flush()
    except DomainError as exc:
        session.rollback()
        return _new_form(page, session, values, _place_errors(exc), 422)
    return page.redirect(f"/admin/accounts/{account.id}?done={'invited' if invite else 'saved'}")


def _account_page(page: Page[Account], session: DbSession, account_id: int,
                  errors: dict[str, str] | None = None, values: dict[str, str] | None = None,
                  code: int = 200, place_q: str = "") -> Response:  # fmt: skip
    assert page.user is not None
    try:
        account = accounts_admin.get_account(session, page.user, account_id)
    except NotFound as exc:
        return page.render("error.html", 404, message=exc.detail)
    kind = next((k for k, f in PLACE_OF.items() if getattr(account, f) is not None), "")
    place = f"{kind}:{getattr(account, PLACE_OF[kind])}" if kind else ""
    shown = values or {"role": account.role, "place": place}
    return page.render("admin/account.html", code, account=account, values=shown,
                       errors=errors or {}, self_view=account.id == page.user.id,
                       **_places(session, shown, place_q))  # fmt: skip


@router.get("/admin/accounts/{account_id}")
def account_page(page: PageDep, session: DbSession, account_id: int, place_q: str = "") -> Response:
    """Show one account: role and place, switched on or off, links to send."""
    if (refused := _admin(page)) is not None:
        return refused
    return _account_page(page, session, account_id, place_q=place_q)


@router.post("/admin/accounts/{account_id}/{action}")
def account_action(
    page: PageDep,
    session: DbSession,
    now: Now,
    account_id: int,
    action: str,
    role: str = Form(""),
    place: str = Form(""),
    active: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Change the role and place (`access`), switch on or off (`active`), send `invite`/`reset`."""
    if (refused := _admin(page)) is not None:
        return refused
    assert page.user is not None
    values = {"role": role, "place": place} if action == "access" else None
    try:
        account = accounts_admin.get_account(session, page.user, account_id)
        if not page.check_csrf(csrf):
            raise DomainError(N_("The form expired. Please try again."))
        if action == "access":
            accounts_admin.change_access(session, page.user, account, now, role=role,
                                         **_place_ids(place))  # fmt: skip
        elif action == "active":
            accounts_admin.set_active(session, page.user, account, active == "on", now)
        elif action in ("invite", "reset"):
            send_link_for(session, page.user, account, Purpose(action), now)
        else:
            raise NotFound("No such page.")
        session.flush()
    except NotFound as exc:
        return page.render("error.html", 404, message=exc.detail)
    except DomainError as exc:
        session.rollback()
        return _account_page(page, session, account_id, _place_errors(exc), values, 422)
    return page.redirect(f"/admin/accounts/{account_id}?done={action}")


@router.get("/admin/network")
def network_page(
    page: PageDep,
    session: DbSession,
    brands_page: int = 1,
    centres_page: int = 1,
    shops_page: int = 1,
    dead_page: int = 1,
) -> Response:
    """The network at a glance: brands, centres and shops, open repairs, the outbox."""
    if (refused := _admin(page)) is not None:
        return refused
    pages = {k: page_number(v) for k, v in (("brands", brands_page), ("centres", centres_page),
             ("shops", shops_page), ("dead", dead_page))}  # fmt: skip
    outbox, dead = queries.outbox_state(session, pages["dead"])
    counts = queries.counts(session)
    return page.render(
        "admin/network.html",
        counts=counts,
        brands=queries.brands_with_open(session, pages["brands"]),
        centres=queries.centres_with_open(session, pages["centres"]),
        shops=queries.shops(session, pages["shops"]),
        outbox=outbox,
        dead=dead,
        pages=pages,
        last={"brands": page_count(counts["brands"]), "centres": page_count(counts["centres"]),
              "shops": page_count(counts["shops"]), "dead": page_count(outbox["dead"])},
    )  # fmt: skip

"""Forms of the work page: who works on the repair, and the owner's loaner phone."""

from __future__ import annotations

from fastapi import APIRouter, Form
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.http.deps import DbSession, Now
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.repairs import assignment, loaners, parts
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.pages.repair_view import act, user_of, version_of

router = APIRouter(include_in_schema=False)


def _target(raw: str, me: int) -> int | None:
    """Read the form's choice: "me", an account number, or empty for nobody."""
    if raw == assignment.ME:
        return me
    if raw == "":
        return None
    if not raw.isdigit():
        raise ValidationFailed(
            N_("The repair cannot be assigned."), {"technician": N_("Choose one.")}
        )
    return int(raw)


@router.post("/repairs/{code}/assignment")
def assign(
    code: str,
    page: PageDep,
    session: DbSession,
    now: Now,
    technician: str = Form(""),
    version: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Take the repair, give it back, or (the centre's manager) assign it to someone."""
    values = {"technician": technician}

    def run(repair: RepairOrder) -> None:
        user = user_of(page)
        to = _target(technician, user.id)
        assignment.assign(session, user, repair, now, to=to, version=version_of(version))

    return act(page, session, code, now, csrf, "assignment", values, run)


@router.post("/repairs/{code}/loaner")
def give_loaner(
    code: str,
    page: PageDep,
    session: DbSession,
    now: Now,
    label: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Record the loaner phone given to the owner (its label or IMEI)."""

    def run(repair: RepairOrder) -> None:
        loaners.give_loaner(session, user_of(page), repair, now, label=label)

    return act(page, session, code, now, csrf, "loaner", {"label": label}, run)


@router.post("/repairs/{code}/loaner/return")
def return_loaner(
    code: str, page: PageDep, session: DbSession, now: Now, csrf: str = Form("")
) -> Response:
    """Record that the owner gave the loaner phone back."""

    def run(repair: RepairOrder) -> None:
        loaners.return_loaner(session, user_of(page), repair, now)

    return act(page, session, code, now, csrf, "loaner_return", {}, run)


def _number(raw: str, field: str) -> int:
    """Read a whole number from a form, or raise naming the field."""
    if not raw.strip().isdigit() or len(raw.strip()) > 6:
        raise ValidationFailed(N_("Check the part."), {field: N_("Enter a whole number.")})
    return int(raw)


@router.post("/repairs/{code}/parts")
def ask_for_part(
    code: str,
    page: PageDep,
    session: DbSession,
    now: Now,
    part: str = Form(""),
    quantity: str = Form("1"),
    csrf: str = Form(""),
) -> Response:
    """Ask for a part: reserved from the centre's stock, or ordered and awaited."""

    def run(repair: RepairOrder) -> None:
        part_id, count = _number(part, "part"), _number(quantity, "quantity")
        parts.need_part(session, user_of(page), repair, part_id, count, now)

    return act(page, session, code, now, csrf, "parts", {"part": part, "quantity": quantity}, run)


@router.post("/repairs/{code}/parts/{part_row}/release")
def part_not_needed(
    code: str, part_row: int, page: PageDep, session: DbSession, now: Now, csrf: str = Form("")
) -> Response:
    """Say an asked-for part is not needed: a reserved one goes back on the shelf."""

    def run(repair: RepairOrder) -> None:
        parts.give_back(session, user_of(page), repair, part_row, now)

    return act(page, session, code, now, csrf, "parts", {}, run)

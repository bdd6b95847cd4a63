"""One repair's page, for everyone who may see it, and its moves, cancellation and notes.

What each person sees is `repair_view.show`; the other forms are in `repair_forms` (warranty,
quote, the owner's answer, contacts) and `work` (who works on it, loaner phones).
"""

from __future__ import annotations

from fastapi import APIRouter, Form
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.http.deps import DbSession, Now
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.repairs import service
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.pages.repair_view import act, load, show, user_of, version_of
from aftersales.repairs.states import Status

router = APIRouter(include_in_schema=False)


@router.get("/repairs/{code}")
def repair_page(code: str, page: PageDep, session: DbSession, now: Now) -> Response:
    """Show one repair: status, expected date, timeline, and the actions the person may take."""
    found = load(page, session, code)
    return found if isinstance(found, Response) else show(page, session, found, now)


@router.post("/repairs/{code}/move")
def move(
    code: str,
    page: PageDep,
    session: DbSession,
    now: Now,
    to_status: str = Form(""),
    version: str = Form(""),
    note: str = Form(""),
    internal_note: str = Form(""),
    outcome: str = Form(""),
    loaner_back: bool = Form(False),
    csrf: str = Form(""),
) -> Response:
    """Move the repair on; only the moves the table allows are offered, and checked again.

    The move buttons share one form with the outcome of a hand-back: it is sent only when
    the button pressed closes the repair.
    """
    values = {"to_status": to_status, "note": note, "internal_note": internal_note,
              "outcome": outcome, "loaner_back": loaner_back}  # fmt: skip
    closing = to_status == Status.closed

    def run(repair: RepairOrder) -> None:
        service.transition(
            session,
            user_of(page),
            repair,
            to_status,
            now,
            version=version_of(version),
            note=note,
            internal_note=internal_note,
            outcome=(outcome or None) if closing else None,
            loaner_back=loaner_back,
        )

    return act(page, session, code, now, csrf, "move", values, run)


@router.post("/repairs/{code}/cancel")
def cancel(
    code: str,
    page: PageDep,
    session: DbSession,
    now: Now,
    confirm: bool = Form(False),
    csrf: str = Form(""),
) -> Response:
    """Cancel a booking whose phone was never handed in, once the owner confirms it."""

    def run(repair: RepairOrder) -> None:
        if not confirm:
            raise ValidationFailed(
                N_("Confirm that you want to cancel."),
                {"confirm": N_("Tick the box to cancel the booking.")},
            )
        service.transition(session, user_of(page), repair, Status.cancelled, now)

    return act(page, session, code, now, csrf, "cancel", {}, run)


@router.post("/repairs/{code}/note")
def note(
    code: str,
    page: PageDep,
    session: DbSession,
    now: Now,
    text: str = Form(""),
    public: bool = Form(False),
    csrf: str = Form(""),
) -> Response:
    """Add a note: public ones explain the problem to the owner, internal ones stay inside."""
    values = {"text": text, "public": public}

    def run(repair: RepairOrder) -> None:
        service.add_note(session, user_of(page), repair, now, text=text, public=public)

    return act(page, session, code, now, csrf, "note", values, run)

"""Forms that submit once: a one-time token in a hidden field, answered once per account.

A form that creates something carries `form_token` (made when the form is shown). Its first
submit does the work and stores where it went, in the same transaction (the idempotency
store, keyed by the account and the token); a second submit of the same token (a double
click, a resent request, the back button) goes to the same place and creates nothing more.
Work that fails is rolled back with its token, so the corrected form may be sent again.

Use: render the form with `form_token=new_form_token()` and include
`partials/form_token.html` in it; take `form_token: str = Form("")` in the handler and wrap
the work: `url = submit_once(session, user, "shop intake", form_token, now, work)`, where
`work()` creates the thing and returns where to go; then redirect there.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from aftersales.http.deps import account_id_of
from aftersales.idempotency.service import run_once
from aftersales.kernel.actors import Acting

FIELD = "form_token"


def new_form_token() -> str:
    """Return a fresh token for one showing of a form."""
    return secrets.token_urlsafe(18)


def submit_once(
    session: Session,
    user: Acting,
    form: str,
    token: str,
    now: datetime,
    work: Callable[[], str],
) -> str:
    """Run `work` (which returns the URL to go to) once per token; a repeat gets the first URL.

    A form sent without a token (an old page, a script) is simply done.
    """
    if not token:
        return work()
    answer, _replayed = run_once(
        session,
        account_id=account_id_of(user),
        key=f"form:{token}",
        operation=f"form {form}",
        body=None,
        now=now,
        work=lambda: {"redirect": work()},
        status_code=303,
    )
    return str(answer["redirect"])

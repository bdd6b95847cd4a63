"""Signing in: the app's lookup of sessions and tokens, and the password sign-in within limits.

The password sign-in is shared by the API and the pages.
"""

from __future__ import annotations

from fastapi import HTTPException, Request
from sqlalchemy.orm import Session

from aftersales.accounts import service as accounts
from aftersales.accounts.models import Account
from aftersales.http.deps import SignIn, client_address
from aftersales.http.ratelimit import account_key, retry_after
from aftersales.kernel.i18n import N_

SIGN_IN = SignIn(by_session=accounts.account_for_session, by_token=accounts.account_for_api_token)

# The pages show these same texts, translated.
TOO_MANY_FROM_ADDRESS = N_("Too many sign-in attempts; wait a minute.")
TOO_MANY_FOR_ACCOUNT = N_("Too many failed sign-ins with this e-mail address; wait a few minutes.")
WRONG_CREDENTIALS = N_("Wrong e-mail or password.")


def limited_sign_in(request: Request, session: Session, email: str, password: str) -> Account:
    """Check the credentials within the limits; 429 past a limit, 401 if wrong.

    Two limits: tries per address (any outcome), and failed tries per e-mail address. The
    second counts an address whether or not it has an account, so its answer never tells
    which e-mails exist; once reached, even the right password waits.
    """
    state = request.app.state
    wait = state.login_limiter.hit(client_address(request))
    if wait is not None:
        raise HTTPException(429, TOO_MANY_FROM_ADDRESS, headers=retry_after(wait))
    key = account_key(email)
    wait = state.account_limiter.blocked(key)
    if wait is not None:
        raise HTTPException(429, TOO_MANY_FOR_ACCOUNT, headers=retry_after(wait))
    account = accounts.authenticate(session, email, password)
    if account is None:
        state.account_limiter.hit(key)
        raise HTTPException(401, WRONG_CREDENTIALS)
    return account

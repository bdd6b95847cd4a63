"""The signed-in account for routes and pages of the areas above `accounts`.

These are the dependencies of `aftersales.http`, typed as the account: the app's sign-in
lookup (`web.app`, from this area's service) only ever gives `Account` rows.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from aftersales.accounts.models import Account
from aftersales.accounts.service import account_for_api_token, account_for_session
from aftersales.http.deps import SignIn, cookie_actor, current_actor, optional_actor
from aftersales.http.pages import Page, get_page

User = Annotated[Account, Depends(current_actor)]
MaybeUser = Annotated[Account | None, Depends(optional_actor)]
CookieUser = Annotated[Account | None, Depends(cookie_actor)]
PageDep = Annotated[Page[Account], Depends(get_page)]

SIGN_IN = SignIn(by_session=account_for_session, by_token=account_for_api_token)

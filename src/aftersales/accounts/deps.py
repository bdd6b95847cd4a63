"""The signed-in account for routes and pages of the areas above `accounts`.

These are the dependencies of `aftersales.http`, typed as the account: the app's sign-in
lookup (`accounts.signin.SIGN_IN`, wired by `web.app`) only ever gives `Account` rows. No
import of this area's service here: notifications take these and must not reach the catalogue.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from aftersales.accounts.models import Account
from aftersales.http.deps import cookie_actor, current_actor, optional_actor
from aftersales.http.pages import Page, get_page

User = Annotated[Account, Depends(current_actor)]
MaybeUser = Annotated[Account | None, Depends(optional_actor)]
CookieUser = Annotated[Account | None, Depends(cookie_actor)]
PageDep = Annotated[Page[Account], Depends(get_page)]

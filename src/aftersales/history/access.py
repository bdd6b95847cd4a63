"""Who imports repair histories: the platform (platform admins and the command line)."""

from __future__ import annotations

from aftersales.kernel.actors import Acting, is_platform
from aftersales.kernel.errors import Forbidden


def require_may_import(actor: Acting) -> None:
    """Raise Forbidden unless the actor may import repair histories (decision 245)."""
    if not is_platform(actor):
        raise Forbidden("Your account may not import repair histories.")

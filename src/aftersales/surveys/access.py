"""Who may do what with surveys' collection: import answers in bulk (the platform)."""

from __future__ import annotations

from aftersales.kernel.actors import Acting, is_platform
from aftersales.kernel.errors import Forbidden


def require_may_import(actor: Acting) -> None:
    """Raise Forbidden unless the actor may import survey answers (the platform, the CLI)."""
    if not is_platform(actor):
        raise Forbidden("Your account may not import survey answers.")

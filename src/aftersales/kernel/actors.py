"""Who acts: the roles of accounts, what every permission check reads, and the system.

The roles live here, below every area, so that each area's policy (`<area>/access.py`) can
name them; `accounts.models.Role` is the same class.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Role(StrEnum):
    """What an account is for; decides what it may see and do."""

    owner = "owner"
    shop_staff = "shop_staff"
    technician = "technician"
    centre_manager = "centre_manager"
    brand_admin = "brand_admin"
    platform_admin = "platform_admin"


SYSTEM_ROLE = "system"


class Acting(Protocol):
    """The acting party as policies see it: an account, or the system (CLI, demo, jobs)."""

    @property
    def id(self) -> int | None: ...

    @property
    def role(self) -> str: ...

    @property
    def shop_id(self) -> int | None: ...

    @property
    def centre_id(self) -> int | None: ...

    @property
    def brand_id(self) -> int | None: ...


@dataclass(frozen=True)
class SystemActor:
    """The platform itself, acting from the command line, the demo loader or a job.

    It may do what a platform admin may do; it has no account, so audit rows and events
    name it by its role, "system".
    """

    id: None = None
    role: str = SYSTEM_ROLE
    shop_id: None = None
    centre_id: None = None
    brand_id: None = None
    name: str = "system"


SYSTEM = SystemActor()


def is_platform(actor: Acting) -> bool:
    """Say whether the actor acts for the whole platform: a platform admin or the system."""
    return actor.role in (Role.platform_admin, SYSTEM_ROLE)

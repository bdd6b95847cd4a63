"""Stand-in phones: the one an imported repair gets when its source names no IMEI.

Their IMEIs start with the reporting body of test IMEIs, "00", never a real phone's
(decision 246). A stand-in is one repair's, not a phone known to be in use or sold: every
count of phones in use leaves them out with `real_phone` (decision 294).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import not_

from aftersales.devices.models import Phone
from aftersales.kernel.imei import STAND_IN_PREFIX

__all__ = ["STAND_IN_PREFIX", "is_stand_in", "real_phone", "stand_in"]
# A range rather than LIKE '00%': IMEIs are 15 digits, and a range reads the IMEI's index
# whatever the database's collation (as devices.tacs).
_LOW, _HIGH = STAND_IN_PREFIX + "0" * 13, STAND_IN_PREFIX + "9" * 13


def is_stand_in(imei: str) -> bool:
    """Tell whether an IMEI is a stand-in's."""
    return imei.startswith(STAND_IN_PREFIX)


def stand_in() -> Any:
    """Return the SQL condition that a phone is a stand-in (its IMEI's index reads it)."""
    return Phone.imei.between(_LOW, _HIGH)


def real_phone() -> Any:
    """Return the SQL condition that a phone is a real one, not a stand-in."""
    return not_(stand_in())

"""Which kinds of part a repair's fault used, for history from before parts were tracked.

The one mapping from `repairs.models.FAULT_CATEGORIES` to `inventory.models.PartKind`
(decision 172). A fault that names two kinds counts half a part of each; faults that name
no part for sure (connectivity, software, damage, other) are left out.
"""

from __future__ import annotations

FAULT_PART_KINDS: dict[str, tuple[str, ...]] = {
    "display": ("display",),
    "battery": ("battery",),
    "charging": ("charging_port",),
    "camera": ("camera",),
    "audio": ("speaker", "microphone"),
}


def kind_shares() -> dict[tuple[str, str], float]:
    """Return, per (fault, part kind), the share of a part one such repair counts for."""
    return {
        (fault, kind): 1 / len(kinds) for fault, kinds in FAULT_PART_KINDS.items() for kind in kinds
    }

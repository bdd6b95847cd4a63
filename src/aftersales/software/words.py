"""Names of software's stored codes, as the pages say them (`words.RELEASE_KINDS`)."""

from __future__ import annotations

from aftersales.kernel.i18n import N_

RELEASE_KINDS = {
    "security": N_("Security update"),
    "os_upgrade": N_("System upgrade"),
    "fix": N_("Fixes"),
}

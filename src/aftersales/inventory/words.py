"""The words of parts for people: kinds, as messages and pages say them."""

from __future__ import annotations

from aftersales.inventory.models import PartKind
from aftersales.kernel.i18n import N_

K = PartKind
KINDS: dict[str, str] = {
    K.display: N_("display"),
    K.battery: N_("battery"),
    K.charging_port: N_("charging port"),
    K.camera: N_("camera"),
    K.back_cover: N_("back cover"),
    K.speaker: N_("speaker"),
    K.microphone: N_("microphone"),
    K.buttons: N_("buttons"),
    K.sim_tray: N_("SIM tray"),
    K.board: N_("main board"),
    K.other: N_("part"),
}

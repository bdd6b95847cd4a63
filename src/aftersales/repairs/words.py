"""Names of the stored codes of repairs (fault categories, SLA states, quotes, outcomes …)."""

from __future__ import annotations

from aftersales.kernel.i18n import N_

FAULTS = {
    "display": N_("Display"),
    "battery": N_("Battery"),
    "charging": N_("Charging"),
    "camera": N_("Camera"),
    "audio": N_("Audio"),
    "connectivity": N_("Connectivity"),
    "software": N_("Software"),
    "liquid_damage": N_("Liquid damage"),
    "physical_damage": N_("Physical damage"),
    "other": N_("Other"),
}
SLA_STATES = {
    "not_started": N_("Not started"),
    "on_track": N_("On track"),
    "at_risk": N_("At risk"),
    "breached": N_("Breached"),
    "met": N_("Met"),
}
QUOTE_STATES = {
    "pending": N_("Waiting for your answer"),
    "approved": N_("Approved"),
    "declined": N_("Declined"),
    "withdrawn": N_("Withdrawn"),
}
OUTCOMES = {
    "repaired": N_("Repaired"),
    "replaced": N_("Replaced"),
    "returned_unrepaired": N_("Returned unrepaired"),
    "refunded": N_("Refunded"),
}
CHANNELS = {
    "shop": N_("Shop"),
    "walk_in": N_("Walk-in at the centre"),
    "online": N_("Online booking"),
}
WARRANTY = {"covered": N_("Covered by warranty"), "not_covered": N_("Not covered by warranty")}
CONTACT_CHANNELS = {
    "phone": N_("Phone call"),
    "email": N_("E-mail"),
    "in_person": N_("In person"),
    "chat": N_("Chat"),
    "sms": N_("Text message (SMS)"),
}
# What a message about a repair was (repairs.messages kinds), for its staff's list of them.
MESSAGE_KINDS = {
    "status_changed": N_("New status"),
    "quote_waiting": N_("Quote to answer"),
    "ready": N_("Ready"),
    "expected_later": N_("Later expected date"),
    "no_silence": N_("Where it stands (no news for a while)"),
    "quote_withdrawn": N_("Quote withdrawn"),
    "warranty_decided": N_("Warranty decision"),
    "sla_at_risk": N_("SLA at risk"),
    "sla_breached": N_("SLA breached"),
    "sla_escalated": N_("SLA breach escalated"),
    "loaner_owed": N_("Loaner phone owed"),
}
RECIPIENTS = {
    "owner": N_("The owner"),
    "shop": N_("The shop"),
    "staff": N_("Staff"),
    "shop_system": N_("The shop's system (webhook)"),
    "brand_system": N_("The brand's system (webhook)"),
}
MESSAGE_CHANNELS = {
    "email": N_("E-mail"),
    "sms": N_("Text message (SMS)"),
    "webhook": N_("Webhook"),
}
# History entries that are not status changes, as staff read them on the work page (the
# owner's timeline names the steps it shows in repairs.tracking.EVENT_LABELS).
STAFF_EVENT_LABELS = {
    "created": N_("Repair opened"),
    "note": N_("Note"),
    "warranty_decision": N_("Warranty decision"),
    "expected_date_changed": N_("New expected date"),
    "contact": N_("Contact"),
    "owner_changed": N_("New owner recorded at intake"),
    "assigned": N_("Assigned to"),
    "loaner_given": N_("Loaner phone given"),
    "loaner_returned": N_("Loaner phone returned"),
}


# Where a repair's part stands (repairs.parts.PartState), as staff read it.
PART_STATES = {
    "reserved": N_("reserved from stock"),
    "back_ordered": N_("ordered"),
    "used": N_("used"),
    "released": N_("given back"),
}
# A part's history entry on the work page (repairs.parts records `what`).
PART_EVENTS = {
    "reserved": N_("Part reserved from stock"),
    "back_ordered": N_("Part ordered"),
    "filled": N_("Ordered part arrived"),
    "used": N_("Part used"),
    "released": N_("Part given back"),
}

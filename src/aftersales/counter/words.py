"""The counter's words: accessories, screen locks, who collects, identity documents."""

from aftersales.kernel.i18n import N_

ACCESSORY_WORDS = {
    "charger": N_("charger"),
    "cable": N_("cable"),
    "case": N_("case"),
    "box": N_("box"),
    "stylus": N_("stylus"),
    "earphones": N_("earphones"),
    "sim_tray_pin": N_("SIM tray pin"),
}
LOCK_WORDS = {
    "none": N_("No screen lock"),
    "code_given": N_("Screen locked; the owner gave the code (kept sealed, erased at the end)"),
    "code_withheld": N_("Screen locked; the owner did not give the code"),
}
# The choices the counter offers for the screen lock, in the form's words.
LOCK_CHOICES = {
    "none": N_("No screen lock"),
    "code_given": N_("Locked: the owner gives the code"),
    "code_withheld": N_("Locked: the owner keeps the code"),
}
WHO_COLLECTS = {
    "owner": N_("The owner"),
    "someone_else": N_("Someone else, for the owner"),
}
ID_KIND_WORDS = {
    "id_card": N_("Identity card"),
    "passport": N_("Passport"),
    "driving_licence": N_("Driving licence"),
    "other": N_("Other document"),
}

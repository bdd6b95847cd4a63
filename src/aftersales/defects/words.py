"""Names of the defects area's stored codes, said in the reader's language."""

from __future__ import annotations

from aftersales.kernel.i18n import N_

KINDS = {
    "rate": N_("The repair rate rose above what the phones' ages predict."),
    "release": N_("The fault rate rose after a software release."),
    "cluster": N_("Owners describe the same problem in their own words, more than before."),
}
STATUSES = {
    "open": N_("Open"),
    "acknowledged": N_("Acknowledged"),
    "dismissed": N_("Dismissed"),
}
METHODS = {
    "negbin_fdr": N_(
        "Each week, the repairs of every model and fault are compared with what the model's "
        "phones in use, at their ages, were expected to bring. A rise counts when it is too "
        "large to be chance even after allowing for the many models and faults watched "
        "(a negative binomial test, the false discovery rate held at one in a hundred)."
    ),
}

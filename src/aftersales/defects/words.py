"""Names of the defects area's stored codes, said in the reader's language."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aftersales.kernel.i18n import N_
from aftersales.repairs.words import FAULTS

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
# The decision form's choice of each state an alert may be moved to.
CHOICES = {
    "acknowledged": N_("Acknowledge: it is real and being dealt with"),
    "dismissed": N_("Dismiss: it is not a defect"),
}
# The method codes the release and complaint detectors put on their findings.
RELEASE_METHOD = "release_exact_poisson_bh"
CLUSTER_METHOD = "cluster_tfidf_exact_bh"
METHODS = {
    "negbin_fdr": N_(
        "Each week, the repairs of every model and fault are compared with what the model's "
        "phones in use, at their ages, were expected to bring. A rise counts when it is too "
        "large to be chance even after allowing for the many models and faults watched "
        "(a negative binomial test, the false discovery rate held at one in a hundred)."
    ),
    RELEASE_METHOD: N_(
        "Each week, the repairs of phones running a new software version since its release "
        "are compared, per phone and week, with those of the same model's phones on earlier "
        "versions. A rise counts when it is too large to be chance even after allowing for "
        "every version and fault watched, and for the weeks each release is watched (an exact "
        "test, the false discovery rate held at one in twenty)."
    ),
    CLUSTER_METHOD: N_(
        "Repair problems and community questions of the last four weeks, in English, Italian "
        "and Vietnamese, are grouped by the words and ideas they share. A group counts when "
        "texts like it are at least twice as common as in the half year before, beyond what "
        "chance explains for every group watched (an exact test, the false discovery rate held "
        "at one in twenty)."
    ),
}


def described(
    fault: str | None,
    model: str | None,
    version: str | None,
    words: Sequence[str],
    say: Callable[[str], str],
) -> str:
    """Return what rose, in the reader's words (`say` translates): fault, model, version, words.

    The one wording of the alerts' list, page and message: a cluster is named by its words.
    """
    named = ", ".join(words)
    if fault in FAULTS:
        parts = [say(FAULTS[fault])]
    elif named:
        parts = [say(N_("Complaints about “{words}”")).format(words=named)]
    else:
        parts = [say(N_("Complaints"))]
    if model:
        parts.append(model)
    if version:
        parts.append(say(N_("version {version}")).format(version=version))
    what = ", ".join(parts)
    if fault in FAULTS and named:
        return say(N_("{what}: complaints about “{words}”")).format(what=what, words=named)
    return what

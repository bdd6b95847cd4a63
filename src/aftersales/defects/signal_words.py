"""How the release and complaint detectors work, said to the brand's admins in their language."""

from __future__ import annotations

from aftersales.kernel.i18n import N_

# The method codes the two detectors put on their findings (stored with an alert).
RELEASE_METHOD = "release_exact_poisson_bh"
CLUSTER_METHOD = "cluster_tfidf_exact_bh"

# Merged into `defects.words.METHODS`: the alert page says how each finding was made.
METHODS = {
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

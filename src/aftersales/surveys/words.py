"""The survey's words: the scale, the attributes and the answer channels, and ratings read
from words in English, Italian or Vietnamese (or 1-5), as owners and imported files give them.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from aftersales.kernel.i18n import N_
from aftersales.kernel.language import translations
from aftersales.surveys.models import ATTRIBUTES, SCALE

# 1..5, in the order of `models.SCALE`.
SCALE_WORDS: dict[int, str] = {
    1: N_("Poor"),
    2: N_("Fair"),
    3: N_("Good"),
    4: N_("Very good"),
    5: N_("Excellent"),
}
assert len(SCALE_WORDS) == len(SCALE)
NOT_APPLICABLE = N_("Does not apply")
OVERALL = N_("Your overall experience")
ATTRIBUTE_WORDS: dict[str, str] = {
    "explanation": N_("How the problem was explained to you"),
    "solution": N_("The solution to the problem"),
    "knowledge": N_("The staff's knowledge"),
    "soft_skills": N_("The staff's courtesy and care"),
    "turnaround": N_("The time the repair took"),
    "cost": N_("The cost"),
}
assert tuple(ATTRIBUTE_WORDS) == ATTRIBUTES
CHANNEL_WORDS: dict[str, str] = {
    "shop": N_("At a shop"),
    "walk_in": N_("Walk-in at the centre"),
    "online": N_("Booked online"),
    "other": N_("Other"),
}
LANGUAGES = ("en", "it", "vi")
# Words files use beside the pages' own (which every language's catalogue gives).
_MORE_RATINGS = {
    "very_good": 4, "insufficiente": 1, "pessimo": 1, "sufficiente": 2, "ottimo": 4,
    "khá": 2, "rất kém": 1,
}  # fmt: skip
_MORE_NOT_APPLICABLE = (
    "n/a", "na", "not applicable", "does not apply", "non applicabile", "non pertinente",
    "không áp dụng", "không liên quan", "-",
)  # fmt: skip
_MORE_CHANNELS = {
    "negozio": "shop", "cửa hàng": "shop", "walk-in": "walk_in", "al centro": "walk_in",
    "tại trung tâm": "walk_in", "trực tuyến": "online", "altro": "other", "khác": "other",
}  # fmt: skip


def folded(text: str) -> str:
    """Return a word as compared: composed Unicode, lower case, single spaces, no underscores."""
    text = unicodedata.normalize("NFC", text).replace("_", " ").casefold()
    return " ".join(text.split())


@cache
def rating_words() -> dict[str, int]:
    """Return every word of the scale, in each language, with its rating."""
    found = {str(i): i for i in SCALE_WORDS}
    for lang in LANGUAGES:
        tongue = translations(lang)
        found |= {folded(tongue.gettext(word)): i for i, word in SCALE_WORDS.items()}
    return found | {folded(k): v for k, v in _MORE_RATINGS.items()}


@cache
def not_applicable_words() -> frozenset[str]:
    """Return the words that mean "does not apply", in each language."""
    said = {folded(translations(lang).gettext(NOT_APPLICABLE)) for lang in LANGUAGES}
    return frozenset(said | {folded(w) for w in _MORE_NOT_APPLICABLE})


@cache
def channel_words() -> dict[str, str]:
    """Return every word that names an answer channel (codes and their names in each language)."""
    found = {folded(code): code for code in CHANNEL_WORDS}
    for lang in LANGUAGES:
        tongue = translations(lang)
        found |= {folded(tongue.gettext(word)): code for code, word in CHANNEL_WORDS.items()}
    return found | {folded(k): v for k, v in _MORE_CHANNELS.items()}


class NotARating(ValueError):
    """A text that is neither a rating 1-5, a word of the scale, nor "does not apply"."""


def read_rating(text: str) -> int | None:
    """Return the rating a text says (1..5), None for empty or "does not apply"."""
    key = folded(text)
    if not key or key in not_applicable_words():
        return None
    rating = rating_words().get(key)
    if rating is None:
        raise NotARating(text)
    return rating

"""The few ideas owners' complaints share across English, Italian and Vietnamese (decision 284).

Words of three languages have nothing in common for TF-IDF: "batteria si scarica" and "pin
tụt nhanh" share no letter that matters. Each text therefore also gets the ideas it names, as
tokens of their own ("#battery", "#drain"), from this short list of the words owners use
(written without accents: owners often leave them out, and `bare` takes them off the text).
Words that mean something else in another of the languages are left out (Vietnamese "đơ",
bare "do", would read as English "do").
"""

from __future__ import annotations

import re
from functools import lru_cache

from aftersales.selfhelp.words import bare

CONCEPTS: dict[str, tuple[str, ...]] = {
    "battery": ("battery", "batteries", "batteria", "pin"),
    "drain": ("drain", "drains", "draining", "drained", "scarica", "scarico", "tut", "hao"),
    "hot": (
        "hot",
        "overheat",
        "overheats",
        "overheating",
        "heats",
        "caldo",
        "calda",
        "surriscalda",
        "scalda",
        "nong",
    ),
    "swollen": ("swollen", "swelling", "swells", "gonfia", "gonfiata", "gonfio", "phong"),
    "charging": (
        "charge",
        "charging",
        "charger",
        "charges",
        "carica",
        "ricarica",
        "caricare",
        "caricatore",
        "sac",
    ),
    "screen": ("screen", "display", "schermo", "man hinh"),
    "touch": ("touch", "touchscreen", "cam ung"),
    "cracked": ("cracked", "crack", "shattered", "rotto", "crepato", "incrinato", "vo"),
    "camera": ("camera", "fotocamera"),
    "blurry": ("blurry", "blurred", "blur", "sfocata", "sfocate", "sfocato", "mo", "nhoe"),
    "speaker": ("speaker", "altoparlante", "loa"),
    "microphone": ("microphone", "mic", "microfono"),
    "wifi": ("wifi", "wi fi", "wlan"),
    "signal": ("signal", "segnale", "rete", "mat song"),
    "restart": (
        "restart",
        "restarts",
        "reboot",
        "reboots",
        "rebooting",
        "riavvia",
        "riavvio",
        "khoi dong lai",
    ),
    "freeze": (
        "freeze",
        "freezes",
        "frozen",
        "lag",
        "lags",
        "blocca",
        "bloccato",
        "treo",
        "giat",
    ),
    "update": (
        "update",
        "updated",
        "updating",
        "upgrade",
        "aggiornamento",
        "aggiornato",
        "aggiornare",
        "cap nhat",
    ),
    "water": ("water", "wet", "acqua", "bagnato", "nuoc"),
    "fast": ("fast", "quickly", "quick", "rapidamente", "velocemente", "veloce", "nhanh"),
    "shutdown": ("shuts", "shutdown", "spegne", "spento", "sap nguon", "tat nguon"),
    "button": ("button", "tasto", "pulsante", "nut"),
    "fingerprint": ("fingerprint", "impronta", "van tay"),
    "sim": ("sim",),
    "gps": ("gps",),
    "bluetooth": ("bluetooth",),
}
WORDS = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    idea_of = {word: idea for idea, words in CONCEPTS.items() for word in words}
    # Longest first, so "khoi dong lai" is read before any shorter word inside it.
    alternatives = sorted(idea_of, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, alternatives)) + r")\b"), idea_of


@lru_cache(maxsize=1)
def _listed() -> frozenset[str]:
    return frozenset(w for words in CONCEPTS.values() for entry in words for w in entry.split())


def names_an_idea(word: str) -> bool:
    """Tell whether a word is, or is part of, one of the list's: its idea names it already."""
    return bare(word.lower()) in _listed()


def plain(text: str) -> str:
    """Return a text lowercased, without accents, its words joined by single spaces."""
    return " ".join(WORDS.findall(bare(text.lower()).replace("_", " ")))


def ideas(text: str) -> list[str]:
    """Return the ideas a text names, once per mention, as "#idea" tokens."""
    pattern, idea_of = _pattern()
    return ["#" + idea_of[m] for m in pattern.findall(plain(text))]

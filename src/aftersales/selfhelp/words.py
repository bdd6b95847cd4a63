"""The owner's words as search terms: the same forms for documents and queries, in en, it and vi.

A query's language is not known (owners write in any of the three, often without accents), so
every word gives all its forms: lowercased with its accents as written, without them (đ → d),
and its English and Italian Snowball stems (PyStemmer; Vietnamese has no stemmer and needs
none: a syllable is a word's smallest part). Documents go through the same function, so a form
matches wherever it came from. Words that carry no meaning in any of the three are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

WORD = re.compile(r"\w+", re.UNICODE)
# A word written with hyphens (Wi-Fi, e-mail) is also searched as one (wifi, email).
JOINED = re.compile(r"\w+(?:-\w+)+", re.UNICODE)
_STOP_EN = """
a an the and or but if of to in on at by for with from is are was were be been it its this
that these those i me my we our you your he she they them their do does did not no can cannot
cant dont doesnt won wont will would should could have has had just when what why how so very
too also there here after before then than as up out get got gets phone
""".split()  # noqa: SIM905 - a list of words reads as words
_STOP_IT = """
il lo la i gli le un uno una di da in con su per tra fra e ed o ma se che chi non mi ti si ci
vi lo del della dei degli delle al allo alla ai agli alle dal dalla nel nella nei sul sulla è
e sono ho ha hanno era mio mia miei mie suo sua come quando perche perché piu più anche ancora
gia già poi molto tutto tutti questo questa quello quella cosa telefono cellulare dopo
""".split()  # noqa: SIM905 - a list of words reads as words
_STOP_VI = """
và của là có không được cho với các những một này đó thì mà khi để bị rồi đã đang sẽ cũng rất
lại ra vào trong ngoài tôi mình em anh chị bạn nó ạ nhé ơi gì sao nào làm điện thoại máy
""".split()  # noqa: SIM905 - a list of words reads as words


def bare(word: str) -> str:
    """Return a word without its accents (Vietnamese tones and marks too; đ becomes d)."""
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


STOP = frozenset(_STOP_EN + _STOP_IT + _STOP_VI) | frozenset(
    bare(w) for w in _STOP_IT + _STOP_VI if len(bare(w)) > 2
)
_VIETNAMESE = frozenset("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")


@lru_cache(maxsize=1)
def _stemmers() -> tuple[Stemmer.Stemmer, Stemmer.Stemmer]:
    return Stemmer.Stemmer("english"), Stemmer.Stemmer("italian")


@lru_cache(maxsize=65536)
def forms_of(word: str) -> tuple[str, ...]:
    """Return the search forms of one lowercased word (cached: words repeat)."""
    if word in STOP or word.isdigit():
        return ()
    plain = bare(word)
    if plain in STOP or len(plain) < 2:
        return ()
    en, it = _stemmers()
    # One token per distinct form: a word that no stemmer changes counts once, not four times.
    found = dict.fromkeys((word, plain, en.stemWord(plain), it.stemWord(plain)))
    return tuple(found)


def terms(text: str) -> list[str]:
    """Return the search terms of a text (a document or an owner's problem)."""
    lowered = text.lower()
    out: list[str] = []
    for word in WORD.findall(lowered):
        out.extend(forms_of(word))
    for joined in JOINED.findall(lowered):
        out.extend(forms_of(joined.replace("-", "")))
    return out


def guess_language(text: str, default: str) -> str:
    """Return the text's language as best seen: Vietnamese marks, else Italian or English words."""
    lowered = text.lower()
    if any(c in _VIETNAMESE for c in lowered):
        return "vi"
    words = WORD.findall(lowered)
    italian = sum(w in _IT_HINTS for w in words)
    english = sum(w in _EN_HINTS for w in words)
    if italian > english:
        return "it"
    if english > italian:
        return "en"
    return default


_IT_HINTS = frozenset(_STOP_IT) - frozenset(_STOP_EN) - {"i", "a", "in", "e", "o", "se"}
_EN_HINTS = frozenset(_STOP_EN) - frozenset(_STOP_IT) - {"a", "in", "no"}

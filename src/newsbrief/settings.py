"""One frozen Settings object: defaults in code, a TOML file may override keys.

CLI flags and web parameters become ``Settings`` at the edge; stages never
see Typer or FastAPI objects.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .errors import ConfigError


@dataclass(frozen=True, slots=True)
class Settings:
    # Files larger than this are refused rather than read (issue 2: > 20 MB).
    max_file_bytes: int = 20 * 1024 * 1024
    # Default budget: min(max, max(min, ratio × mean article length)); see
    # summarize.default_budget. 250 words matches the Multi-News references.
    budget_words: int | None = None
    min_budget_words: int = 80
    max_budget_words: int = 250
    # Sentences outside these word counts are never picked for a summary.
    min_sentence_words: int = 6
    max_sentence_words: int = 70
    # Two summary sentences, or two summary lines, more similar than this (log-tf cosine over
    # stemmed content words) say the same thing. Grid on multinews-dev / TAC 2011 at 250 words, the
    # other constants final (issue 2; ROUGE-1/2): 0.38 45.92/15.78 / 50.72/21.69; 0.42 45.85/15.73 /
    # 50.88/22.12; 0.45 45.87/15.65 / 50.87/22.25; 0.5 45.55/15.56 / 50.15/21.68 (TAC briefs repeat
    # the central fact in several outlets' words). 0.42 is the one with a margin on both sets.
    redundancy_threshold: float = 0.42
    # A sentence of another article with at least this similarity supports a summary sentence.
    support_threshold: float = 0.22
    keep_off_story: bool = False
    analysis: bool = True
    processes: int = 1
    # Same-story model for `newsbrief stories` (a JSON file from scripts/train_stories.py);
    # None: the one shipped in newsbrief/stories/same_story.json (issue 12).
    stories_model: str | None = None
    # Merge the online pass's fragments of one dated story (newsbrief/stories/story_merge.json,
    # issue 12 fifth round; BENCHMARKS.md). A saved --state keeps the choice it began with.
    stories_merge: bool = True
    # Let the learned ranker (newsbrief/analyze/quotes/speaker_model.json, scripts/train_speakers.py; issue 11)
    # choose a quote's speaker among the rules' answer and the people near the quote; false: the rules alone.
    speaker_model: bool = True
    # Language of every article (ISO 639-1, e.g. "fr"); None: a dataset or feed line's "lang", else
    # detected per article (issue 15).
    lang: str | None = None


DEFAULTS = Settings()

# What each setting may hold: (type, lowest, highest); None = no bound. A TOML file is the user's
# input, so every key is checked here and a bad one is one line naming it (no numpy error later).
_KINDS = {int: "a whole number", float: "a number", bool: "true or false", str: "a string"}
_RULES: dict[str, tuple[type, float | None, float | None]] = {
    "max_file_bytes": (int, 1, None),
    "budget_words": (int, 1, None),
    "min_budget_words": (int, 1, None),
    "max_budget_words": (int, 1, None),
    "min_sentence_words": (int, 1, None),
    "max_sentence_words": (int, 1, None),
    "redundancy_threshold": (float, 0.0, 1.0),
    "support_threshold": (float, 0.0, 1.0),
    "keep_off_story": (bool, None, None),
    "analysis": (bool, None, None),
    "processes": (int, 1, None),
    "stories_model": (str, None, None),
    "stories_merge": (bool, None, None),
    "lang": (str, None, None),
    "speaker_model": (bool, None, None),
}
_OPTIONAL = {"budget_words", "stories_model", "lang"}  # may be left unset (None): the budget then follows the input


def _check(key: str, value, where: str) -> None:
    kind, low, high = _RULES[key]
    if value is None and key in _OPTIONAL:
        return
    ok = isinstance(value, kind) and not (kind is not bool and isinstance(value, bool))
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        ok = True
    if not ok:
        raise ConfigError(f"{where}{key} must be {_KINDS[kind]}, got {value!r}")
    if low is not None and value < low or high is not None and value > high:
        bounds = f"at least {low}" if high is None else f"between {low} and {high}"
        raise ConfigError(f"{where}{key} must be {bounds}, got {value!r}")


def load_settings(path: str | Path | None = None, **overrides) -> Settings:
    """Build Settings from defaults, an optional TOML file and keyword overrides.

    Raises:
        ConfigError: the file cannot be read, a key is unknown, or a value has the wrong type or range.
    """
    values: dict = {}
    where = ""
    if path is not None:
        where = f"{path}: "
        import tomllib  # here, not at the top: only a settings file needs it, and `--help` should not wait

        try:
            values.update(tomllib.loads(Path(path).read_bytes().decode("utf-8-sig")))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read settings: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{path}: settings file is not UTF-8 text (byte {exc.start})") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    for key in values:
        if key not in _RULES:
            raise ConfigError(f"{where}unknown setting {key!r}; known: {', '.join(sorted(_RULES))}")
        _check(key, values[key], where)
    for key, value in overrides.items():
        if value is not None:
            _check(key, value, "")
            values[key] = value
    for key in ("redundancy_threshold", "support_threshold"):
        if key in values:
            values[key] = float(values[key])
    if values.get("lang") is not None:
        from .lang.detect import normalize_language

        try:
            values["lang"] = normalize_language(values["lang"])
        except ConfigError as exc:
            raise ConfigError(f"{where}lang: {exc}") from None
    settings = replace(DEFAULTS, **values)
    if settings.min_budget_words > settings.max_budget_words:
        raise ConfigError(
            f"{where}min_budget_words ({settings.min_budget_words}) is above max_budget_words ({settings.max_budget_words})"
        )
    if settings.min_sentence_words > settings.max_sentence_words:
        raise ConfigError(
            f"{where}min_sentence_words ({settings.min_sentence_words}) is above "
            f"max_sentence_words ({settings.max_sentence_words})"
        )
    return settings

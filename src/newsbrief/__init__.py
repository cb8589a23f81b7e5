"""newsbrief: a checkable brief from many news articles about one story."""

from .errors import (
    ClusterError,
    ConfigError,
    EmptyArticle,
    InputError,
    ModelNotInstalled,
    NewsbriefError,
    NotFound,
    RefusedAddress,
    StoreError,
    TooMuchInput,
    UnreadableFile,
    UnsupportedFormat,
    WorkerLost,
)

__version__ = "0.1.0"

# The pipeline imports spaCy (about a second), and the data classes take ~0.05 s to build: load
# them on first use, so `newsbrief --help` and `import newsbrief.errors` stay fast (PEP 562).
_LAZY = {"brief": "pipeline", "brief_articles": "pipeline", "DEFAULTS": "settings", "Settings": "settings",
         "load_settings": "settings"}
_LAZY |= dict.fromkeys(["Article", "Brief", "CleanArticle", "ParsedArticle", "Sentence", "Summary", "SummarySentence"],
                       "models")


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

__all__ = [
    "Article",
    "Brief",
    "CleanArticle",
    "ClusterError",
    "ConfigError",
    "DEFAULTS",
    "EmptyArticle",
    "InputError",
    "ModelNotInstalled",
    "NewsbriefError",
    "NotFound",
    "ParsedArticle",
    "RefusedAddress",
    "Sentence",
    "Settings",
    "StoreError",
    "Summary",
    "SummarySentence",
    "TooMuchInput",
    "UnreadableFile",
    "UnsupportedFormat",
    "WorkerLost",
    "brief",
    "brief_articles",
    "load_settings",
]

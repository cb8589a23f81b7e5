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
from .models import Article, Brief, CleanArticle, ParsedArticle, Sentence, Summary, SummarySentence
from .settings import DEFAULTS, Settings, load_settings

__version__ = "0.1.0"

# The pipeline imports spaCy (about a second): load it on first use, so `newsbrief --help` and
# `import newsbrief.errors` stay fast (PEP 562).
_LAZY = {"brief": "pipeline", "brief_articles": "pipeline"}


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

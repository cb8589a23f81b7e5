"""newsbrief: a checkable brief from many news articles about one story."""

from .errors import (
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
)
from .models import Article, Brief, CleanArticle, ParsedArticle, Sentence, Summary, SummarySentence
from .pipeline import brief, brief_articles
from .settings import DEFAULTS, Settings, load_settings

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Brief",
    "CleanArticle",
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
    "brief",
    "brief_articles",
    "load_settings",
]

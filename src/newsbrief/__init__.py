"""newsbrief: a checkable brief from many news articles about one story."""

from .errors import (
    ConfigError,
    EmptyArticle,
    InputError,
    ModelNotInstalled,
    NewsbriefError,
    StoreError,
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
    "ParsedArticle",
    "Sentence",
    "Settings",
    "StoreError",
    "Summary",
    "SummarySentence",
    "UnreadableFile",
    "UnsupportedFormat",
    "brief",
    "brief_articles",
    "load_settings",
]

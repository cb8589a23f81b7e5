"""Cheap per-article features for story grouping: words, names, date, shingles.

Everything here must stay fast enough for 10,000 articles in well under a
minute on two cores (issue 4), so there is no spaCy pass: names are runs of
capitalised tokens, words come from one regex, and the date is whatever
ingest/clean found.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..models import CleanArticle

# Words kept per article for the content vector. 150 keeps every term with
# weight above ~2% of the top one on Multi-News articles; more only slowed
# scoring without changing B-cubed F1 on the benchmark pool (benchmarks/stories.py).
MAX_TERMS = 150
# Shingle width for near-duplicate detection: 5 words is long enough that two
# independent reports of one event rarely share many shingles, short enough
# that a reprint with a changed intro still shares most of them.
SHINGLE_WORDS = 5
# A story none of whose articles has a title is named by its first article's opening words.
LEAD_WORDS = 12

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|\d{2,}")
_NAME_TOKEN = re.compile(r"[A-Z][A-Za-z'’.-]*")
# Lowercase function words that may sit inside a name ("Bank of England").
_NAME_JOINERS = {"of", "de", "al", "bin", "van", "von", "der", "la", "du"}
_CALENDAR = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december",
}
_STOP = frozenset(ENGLISH_STOP_WORDS) | {
    "said", "says", "say", "told", "also", "would", "could", "like", "just", "year", "years", "new", "one", "two",
    "mr", "mrs", "ms", "dr", "people", "time", "according", "including", "reported", "report", "news",
}


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """What story grouping needs of one article, and nothing more.

    ``terms`` maps a word to its sublinear term frequency (unit length);
    ``names`` are lower-cased capitalised-token sequences ("john kerry");
    ``day`` is the proleptic ordinal of the article's date, or None;
    ``shingles`` are hashed word 5-grams for near-duplicate detection.
    """

    id: str
    terms: dict[str, float]
    names: frozenset[str]
    day: int | None
    date: str | None
    title: str | None
    lead: str
    words: int
    shingles: tuple[int, ...]


def parse_day(value: str | None) -> int | None:
    """An ISO date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) as a day ordinal, or None."""
    if not value:
        return None
    parts = value.strip()[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 7  # middle of the year: fewest days wrong either way
        day = int(parts[2]) if len(parts) > 2 else 15
        return date(year, month, day).toordinal()
    except (ValueError, IndexError):
        return None


def tokens(text: str) -> list[str]:
    """Lower-cased content words of ``text`` (stop words and one-letter words dropped)."""
    return [w for w in (m.group(0).lower().replace("’", "'") for m in _WORD.finditer(text)) if w not in _STOP]


def names(text: str) -> frozenset[str]:
    """Capitalised-token sequences that look like names, lower-cased.

    A single capitalised word that also appears in lower case in the text is
    an ordinary word at a sentence start ("Officials said"), not a name.
    """
    lower_words = {w.lower() for w in re.findall(r"\b[a-z][a-z'-]+\b", text)}
    found: set[str] = set()
    for line in text.split("\n"):
        words = line.split()
        run: list[str] = []
        for raw in words + [""]:
            word = raw.strip("\"“”‘’'()[],;:!?")
            if word.endswith("'s") or word.endswith("’s"):
                word = word[:-2]
            if word and _NAME_TOKEN.fullmatch(word.rstrip(".")) and not word.isupper() or (
                run and word in _NAME_JOINERS
            ):
                run.append(word.rstrip("."))
                if raw.endswith((".", ",", ";", ":", "!", "?")) and not _is_initial(raw):
                    found.update(_name_from(run, lower_words))
                    run = []
                continue
            if run:
                found.update(_name_from(run, lower_words))
                run = []
    return frozenset(found)


def _is_initial(raw: str) -> bool:
    return len(raw) == 2 and raw[0].isupper() and raw[1] == "."


def _name_from(run: list[str], lower_words: set[str]) -> list[str]:
    while run and run[-1] in _NAME_JOINERS:
        run = run[:-1]
    while run and run[0].lower() in _STOP:
        run = run[1:]
    if not run:
        return []
    if len(run) == 1 and (run[0].lower() in lower_words or len(run[0]) < 3 or run[0].lower() in _CALENDAR):
        return []
    # "Secretary of State John Kerry" must meet "Kerry" and "John Kerry" in
    # other reports: keep the surname and the last two words as names too.
    out = [" ".join(run).lower()]
    if len(run) >= 2 and run[-2] not in _NAME_JOINERS:
        out.append(" ".join(run[-2:]).lower())
    if len(run) >= 2 and len(run[-1]) >= 3:
        out.append(run[-1].lower())
    return out


def shingle_hashes(words: list[str]) -> tuple[int, ...]:
    """Stable 32-bit hashes of the word 5-grams (zlib.crc32: same in every process)."""
    import zlib

    if len(words) < SHINGLE_WORDS:
        return (zlib.crc32(" ".join(words).encode("utf-8")),) if words else ()
    return tuple(
        {zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")) for i in range(len(words) - SHINGLE_WORDS + 1)}
    )


def _lead(text: str) -> str:
    """The opening words of an article, a stand-in title for a story without one."""
    words = text.split()
    return " ".join(words[:LEAD_WORDS]) + (" …" if len(words) > LEAD_WORDS else "")


def extract_features(article: CleanArticle) -> ArticleFeatures:
    """Features of one cleaned article.

    Example:
        >>> from newsbrief.models import Article, CleanArticle
        >>> a = Article(id="a", text="John Kerry met Vladimir Putin in Moscow.", date="2013-05-07")
        >>> sorted(extract_features(CleanArticle(a, a.text)).names)
        ['john kerry', 'moscow', 'vladimir putin']
    """
    text = article.text
    title = article.article.title
    content = tokens(f"{title}\n{text}" if title else text)
    counts = Counter(content)
    weights = {t: 1.0 + math.log(c) for t, c in counts.most_common(MAX_TERMS)}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    all_words = [w.lower() for w in text.split()]
    return ArticleFeatures(
        id=article.id,
        terms={t: w / norm for t, w in weights.items()},
        names=names(f"{title}\n{text}" if title else text),
        day=parse_day(article.article.date),
        date=article.article.date,
        title=title,
        lead=_lead(text),
        words=len(all_words),
        shingles=shingle_hashes(all_words),
    )

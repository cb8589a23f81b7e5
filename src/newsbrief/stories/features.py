"""Cheap per-article features for story grouping: words, names, date, shingles.

Everything here must stay fast enough for 10,000 articles in well under a
minute on two cores (issue 4), so there is no spaCy pass: names are runs of
capitalised tokens, words come from one regex, and the date is whatever
ingest/clean found.
"""

from __future__ import annotations

import math
import re
import sys
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from operator import itemgetter

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..analyze.timeline import elapsed_date
from ..lang import ENGLISH, Profile, profile_for
from ..models import CleanArticle
from .duplicates import MIN_SHINGLES, signature

# Words kept per article (most frequent first) for the content vector. On the
# benchmark pool (benchmarks/stories.py, two shuffles) B-cubed F1 was
# 0.889/0.883 at 150, 0.884/0.868 at 80 and 0.876/0.880 at 400; adding word
# bigrams as terms lowered it to 0.860/0.852.
MAX_TERMS = 150
# Shingle width for near-duplicate detection: 5 words is long enough that two
# independent reports of one event rarely share many shingles, short enough
# that a reprint with a changed intro still shares most of them.
SHINGLE_WORDS = 5
# A story none of whose articles has a title is named by its first article's opening words.
LEAD_WORDS = 12
# Content words of the opening kept for the "lead" pair feature: roughly the first two
# sentences, where a report says which event it is about (issue 12; not tuned).
LEAD_TERMS = 30

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|\d{2,}")
# Lowercase function words that may sit inside a name ("Bank of England").
_NAME_JOINERS = {"of", "de", "al", "bin", "van", "von", "der", "la", "du"}
# A run of capitalised words on one line, possibly joined by the words above.
_NAME_RUN = re.compile(
    r"[A-Z][A-Za-z'’-]*(?:(?:[ \t]+(?:" + "|".join(sorted(_NAME_JOINERS)) + r"))*[ \t]+[A-Z][A-Za-z'’-]*)*"
)
# Characters skipped, looking back from a name, to find what opens its sentence.
_OPENERS = " \t\"'“‘("
# A lower-case word: ``\b[a-z][a-z'-]+\b``, written to start with its first letter (the boundary
# before it is the look-behind: no word character before that letter), so the regex engine can skip
# to candidate letters instead of trying the boundary at every position: ~20% of names()' time.
_LOWER_WORD = re.compile(r"[a-z](?<!\w[a-z])[a-z'-]+\b")
# Odd 64-bit multiplier for mixing word hashes into a shingle hash (any large odd constant works).
_MIX = 0x9E3779B97F4A7C15
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
    ``signature`` is the MinHash of the word 5-gram shingles, or None when
    the text has too few shingles to call anything its copy; ``title_terms``
    and ``lead_terms`` are the content words of the title and the opening.
    """

    id: str
    terms: dict[str, float]
    names: frozenset[str]
    day: int | None
    date: str | None
    title: str | None
    lead: str
    words: int
    signature: np.ndarray | None = None
    # Content words of the title (empty without one) and of the opening LEAD_TERMS words.
    title_terms: frozenset[str] = frozenset()
    lead_terms: frozenset[str] = frozenset()


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


def tokens(text: str, profile: Profile = ENGLISH) -> list[str]:
    """Lower-cased content words of ``text`` (stop words and one-letter words dropped).

    English keeps the words the grouping was tuned with (issue 12). Another language's words come
    from its profile (stemmed, its stop words dropped): the English pattern keeps only ASCII
    letters (nothing of Arabic but its numbers) and no English stop list drops "les" or "και", so
    two unrelated stories in one language would share every function word (issue 15).
    """
    if profile is not ENGLISH:
        return [w for w in profile.content_stems(text) if len(w) > 1]
    return [w for w in _WORD.findall(text.lower().replace("’", "'")) if w not in _STOP]


def names(text: str) -> frozenset[str]:
    """Capitalised-token sequences that look like names, lower-cased.

    A single capitalised word that also appears in lower case in the text is
    an ordinary word at a sentence start ("Officials said"), not a name. One
    regex pass: a per-word Python loop cost more than cleaning (issue 4 timing).
    """
    lower_words = set(_LOWER_WORD.findall(text))
    found: set[str] = set()
    for match in _NAME_RUN.finditer(text):
        run = match.group(0)
        if " " not in run and "\t" not in run:
            # One word, most runs: _name_from's rules for a single word without building lists
            # (names were a quarter of the features' time; issue 12 timing).
            word = run[:-2] if run.endswith(("'s", "’s")) else run
            low = word.lower()
            if (low not in found and low not in _STOP and low not in lower_words and len(word) >= 3
                    and low not in _CALENDAR and not _opens_sentence(text, match.start())):
                found.add(sys.intern(low))
            continue
        words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in run.split()]
        found.update(map(sys.intern, _name_from(words, lower_words, _opens_sentence(text, match.start()))))
    return frozenset(found)


def _opens_sentence(text: str, start: int) -> bool:
    """Whether ``text[start:]`` begins a line or sentence (a few characters looked at, not the whole text)."""
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in ".!?:\n"


def _name_from(run: list[str], lower_words: set[str], initial: bool = False) -> list[str]:
    while run and run[-1] in _NAME_JOINERS:
        run = run[:-1]
    stripped = len(run)
    while run and run[0].lower() in _STOP:
        run = run[1:]
    if not run:
        return []
    if len(run) == 1 and (run[0].lower() in lower_words or len(run[0]) < 3 or run[0].lower() in _CALENDAR):
        return []
    # One capitalised word opening a sentence or line ("Asked about...", "Check it") is
    # as likely a plain word as a name; a real name also turns up mid-sentence or in a
    # longer run elsewhere, where it is kept. Junk single names chained unrelated
    # undated stories together on the benchmark pool.
    if len(run) == 1 and initial and stripped == 1:
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
    """Stable 32-bit hashes of the word 5-grams, distinct and sorted."""
    return tuple(_shingle_array(words).tolist())


def _shingle_array(words: list[str]) -> np.ndarray:
    """:func:`shingle_hashes` as a sorted uint64 array.

    Each word is hashed once (zlib.crc32 of its UTF-8, the same in every process) and
    the five hashes of a shingle are mixed arithmetically in numpy, which is ~5×
    faster than hashing joined strings.
    """
    if not words:
        return np.zeros(0, dtype=np.uint64)
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    if len(words) < SHINGLE_WORDS:
        return np.array([hashes.sum() & np.uint64(0xFFFFFFFF)], dtype=np.uint64)
    width = len(words) - SHINGLE_WORDS + 1
    mixed = np.zeros(width, dtype=np.uint64)
    for k in range(SHINGLE_WORDS):
        mixed = mixed * np.uint64(_MIX) + hashes[k : k + width]
    return _sorted_distinct((mixed ^ (mixed >> np.uint64(29))) & np.uint64(0xFFFFFFFF))


def _sorted_distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` for a 1-d array: a sort and a mask (numpy's hash-based unique cost ~4× more here)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


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
        ['john kerry', 'kerry', 'moscow', 'putin', 'vladimir putin']
    """
    text = article.text
    title = article.article.title
    profile = profile_for(article.article.lang)
    # The headline names the event in few words: counting it twice raised B-cubed F1 on the
    # benchmark pool from 0.889/0.877 to 0.900/0.887 (shuffles 0/1; three times: no change).
    body = tokens(text, profile)
    content = tokens(f"{title}\n{title}", profile) + body if title else body
    counts = Counter(content)
    # most_common(MAX_TERMS) as one sort (C-level key): the same words in the same order (the order
    # is the order of every later sum), without heapq's Python-level decoration.
    top = sorted(counts.items(), key=itemgetter(1), reverse=True)[:MAX_TERMS]
    weights = {t: 1.0 + math.log(c) for t, c in top}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    # The same words as lower-casing each one (no whitespace is case-ignorable, so a final sigma
    # sees the same neighbours either way; a test checks it), one call instead of one per word.
    all_words = text.lower().split()
    shingles = _shingle_array(all_words)
    # An undated article that says how long ago its conflict began ("the four-and-a-half
    # year civil war" since March 2011) still gets a year, so the same actors years apart
    # are not grouped as one event (the seed story's 2015 article).
    date_of = article.article.date or (elapsed_date(text) or (None,))[0]
    return ArticleFeatures(
        id=article.id,
        # Words and names are interned: a 10,000-article stream repeats each word thousands of times
        # across its articles' features and stories' sums, one string each (issue 12: peak memory).
        # Interning changes no value and no hash, so every set iterates in the order it did.
        terms={sys.intern(t): w / norm for t, w in weights.items()},
        names=names(f"{title}\n{text}" if title else text),
        day=parse_day(date_of),
        date=date_of,
        title=title,
        lead=_lead(text),
        words=len(all_words),
        signature=signature(shingles) if len(shingles) >= MIN_SHINGLES else None,
        title_terms=frozenset(map(sys.intern, tokens(title, profile))) if title else frozenset(),
        lead_terms=frozenset(map(sys.intern, body[:LEAD_TERMS])),
    )

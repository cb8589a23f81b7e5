"""Extractive multi-document summary: score → select under a budget → order → attribute.

A sentence scores high when it is close to what the whole story is about
(centroid of the articles), when other outlets report the same thing
(cross-article support) and when it stands early in its article (news leads
carry the core facts). Selection is greedy with a redundancy check; every
chosen sentence is then attributed to each article that supports it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from .models import ParsedArticle, Sentence, Summary, SummarySentence, Support
from .settings import DEFAULTS, Settings

# Weights of the sentence score; tuned on multinews-dev at 250 words (BENCHMARKS.md).
W_CENTROID = 1.0
W_SUPPORT = 0.6
W_POSITION = 0.8
POSITION_DECAY = 0.25

_PRONOUN_OPENERS = frozenset(
    "he she they it this these those his her their its him them we i that such there's".split()
)
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _stemmer().stem(word)


def analyzer(text: str) -> list[str]:
    """Lower-cased, stop-word-free, Porter-stemmed words (what ROUGE compares)."""
    return [_stem(w) for w in _TOKEN.findall(text.lower()) if w not in ENGLISH_STOP_WORDS]


def default_budget(articles: Sequence[ParsedArticle], settings: Settings = DEFAULTS) -> int:
    """Words for a brief when the user gives none: a tenth of the unique input, within [80, 250].

    One short article gets a few sentences; a story of several full articles
    gets 250 words, the length of a professional multi-document summary.
    """
    if settings.budget_words:
        return settings.budget_words
    total = sum(s.words for a in articles for s in a.sentences)
    return int(min(settings.max_budget_words, max(settings.min_budget_words, round(total * 0.1, -1))))


@dataclass(frozen=True, slots=True)
class _Scored:
    sentences: list[Sentence]
    article_of: np.ndarray  # article index per sentence
    vectors: object  # sparse TF-IDF rows, L2-normalised
    scores: np.ndarray


def summarize(
    articles: Sequence[ParsedArticle], *, budget_words: int | None = None, settings: Settings = DEFAULTS
) -> Summary:
    """Pick whole sentences for a summary of at most ``budget_words`` words.

    Args:
        articles: the story's articles, already split into sentences.
        budget_words: the word budget; None chooses :func:`default_budget`.

    Returns:
        A Summary whose sentences are in reading order, each citing every
        article that supports it.
    """
    budget = budget_words or default_budget(articles, settings)
    scored = _score(articles, settings)
    if scored is None:
        return Summary(sentences=(), budget_words=budget)
    chosen = _select(scored, budget, settings)
    chosen.sort(key=lambda i: _reading_key(scored, articles, i))
    return Summary(
        sentences=tuple(_attribute(scored, articles, i, settings) for i in chosen), budget_words=budget
    )


def _score(articles: Sequence[ParsedArticle], settings: Settings) -> _Scored | None:
    sentences = [s for a in articles for s in a.sentences]
    if not sentences:
        return None
    article_of = np.array([i for i, a in enumerate(articles) for _ in a.sentences])
    vectorizer = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True)
    try:
        vectors = vectorizer.fit_transform([s.text for s in sentences])
    except ValueError:  # nothing but stop words
        return _Scored(sentences, article_of, None, -np.arange(len(sentences), dtype=float))
    n_articles = len(articles)
    # Each article weighs the same in the centroid, however long it is.
    article_means = np.vstack(
        [np.asarray(vectors[article_of == k].mean(axis=0)) for k in range(n_articles) if (article_of == k).any()]
    )
    centroid = article_means.mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    centrality = np.asarray(vectors @ centroid).ravel()
    support = _support_matrix(vectors, article_of, n_articles)
    others = np.where(support >= settings.support_threshold, support, 0.0)
    others[np.arange(len(sentences)), article_of] = 0.0
    cross = others.sum(axis=1) / max(1, n_articles - 1)
    position = np.array([math.exp(-POSITION_DECAY * s.index) for s in sentences])
    scores = W_CENTROID * centrality + W_SUPPORT * cross + W_POSITION * position * centrality
    scores = np.where([_eligible(s, settings) for s in sentences], scores, -np.inf)
    return _Scored(sentences, article_of, vectors, scores)


def _support_matrix(vectors, article_of: np.ndarray, n_articles: int) -> np.ndarray:
    """Best cosine of each sentence with any sentence of each article: shape (sentences, articles)."""
    sims = (vectors @ vectors.T).toarray()
    out = np.zeros((sims.shape[0], n_articles))
    for k in range(n_articles):
        cols = article_of == k
        if cols.any():
            out[:, k] = sims[:, cols].max(axis=1)
    return out


def _eligible(sentence: Sentence, settings: Settings) -> bool:
    """Whole, self-contained sentences only: no fragments, no dangling quotes or pronouns."""
    text = sentence.text
    if not settings.min_sentence_words <= sentence.words <= settings.max_sentence_words:
        return False
    if not text[0].isupper() and text[0] not in "\"“‘'":
        return False
    if not re.search(r"[.!?][\"”’')]*$", text):
        return False
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        return False
    first = re.sub(r"^[\"“‘']", "", text).split(maxsplit=1)[0].lower().strip(",")
    return first not in _PRONOUN_OPENERS


def _select(scored: _Scored, budget: int, settings: Settings) -> list[int]:
    """Greedy by score; skip a sentence too close to one already chosen or over budget."""
    order = np.argsort(-scored.scores, kind="stable")
    chosen: list[int] = []
    used = 0
    for i in order:
        if not np.isfinite(scored.scores[i]):
            break
        words = scored.sentences[i].words
        if used + words > budget:
            continue
        if chosen and scored.vectors is not None:
            overlap = (scored.vectors[chosen] @ scored.vectors[i].T).toarray().max()
            if overlap > settings.redundancy_threshold:
                continue
        chosen.append(int(i))
        used += words
        if budget - used < settings.min_sentence_words:
            break
    if not chosen:
        # A story of one short or odd sentence still gets a brief: take the best that fits.
        fitting = [i for i in order if scored.sentences[i].words <= budget]
        chosen = [int(fitting[0])] if fitting else []
    return chosen


def _reading_key(scored: _Scored, articles: Sequence[ParsedArticle], i: int) -> tuple:
    """Leads first, then later paragraphs; within a rank, earlier articles first."""
    sentence = scored.sentences[i]
    k = int(scored.article_of[i])
    n = max(1, len(articles[k].sentences))
    return (round(sentence.index / n, 1), articles[k].article.date or "", k, sentence.index)


def _attribute(scored: _Scored, articles: Sequence[ParsedArticle], i: int, settings: Settings) -> SummarySentence:
    sentence = scored.sentences[i]
    origin = int(scored.article_of[i])
    evidence = [Support(articles[origin].id, sentence.text, 1.0)]
    if scored.vectors is not None:
        sims = (scored.vectors @ scored.vectors[i].T).toarray().ravel()
        for k, article in enumerate(articles):
            if k == origin:
                continue
            mask = scored.article_of == k
            if not mask.any():
                continue
            j = int(np.flatnonzero(mask)[sims[mask].argmax()])
            if sims[j] >= settings.support_threshold:
                evidence.append(Support(article.id, scored.sentences[j].text, round(float(sims[j]), 3)))
    return SummarySentence(
        text=sentence.text,
        article=articles[origin].id,
        index=sentence.index,
        sources=tuple(e.article for e in evidence),
        support=round(len(evidence) / len(articles), 3),
        evidence=tuple(evidence),
    )

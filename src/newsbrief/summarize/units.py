"""Units, what may enter a summary: a self-contained sentence, or a short run that resolves its pronoun or closes
its quote; and a unit as summary lines, one per paragraph it spans."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..lang import ENGLISH, Profile
from ..models import ParsedArticle
from ..settings import Settings
from .score import _profile_of, _Story

# Units longer than LONG_UNIT_WORDS keep only LONG_UNIT_PENALTY of their score: a 60-word sentence
# spends a quarter of a 250-word budget on one fact. Grid 45/50/55 × 0.1/0.3/0.5 on dev: 50 and
# ≤ 0.3 best (ROUGE-1/2 45.30/15.40 → 45.53/15.68; TAC 50.00/20.91 → 50.07/21.35). A hard cap
# scored the same; a soft one still lets a long lead through when nothing else fits.
LONG_UNIT_WORDS = 50
LONG_UNIT_PENALTY = 0.3
# Longest run of sentences kept together as one unit (a lead plus its "He said..." follow-ups, or a
# quotation over several sentences). Units gave +0.4 ROUGE-2 on dev; 2 loses 0.25-0.4; with the
# lead boost and line-level redundancy 4 beats 3 by +0.1 ROUGE-2 on dev (TAC same), 5 ties 4.
# A unit scores as its first sentence (the follow-ups ride along): mean/max/first within 0.1 on
# dev, first best on ROUGE-1. A run may hold UNIT_WORDS_FACTOR × max_sentence_words (1.0: −0.2
# ROUGE-2 on dev; 1.5 and 2.0 tie).
MAX_UNIT_SENTENCES = 4
UNIT_WORDS_FACTOR = 1.5
# A summary line must report something: at least this many "fact words" (content words that are
# not names or reporting verbs). Drops "NPR's Corey Flintoff reports from Moscow."; costs
# 0.05-0.1 ROUGE on dev against 0 (no check), the price of a readable brief.
MIN_FACT_WORDS = 2


@dataclass(frozen=True, slots=True)
class _Unit:
    """Sentences ``first..last`` (inclusive, flat indices) of one article, taken together."""

    first: int
    last: int
    article: int
    words: int
    score: float


def _units(story: _Story, articles: Sequence[ParsedArticle], settings: Settings) -> list[_Unit]:
    """Every candidate unit: a good sentence, or a run that resolves its pronoun or closes its quote."""
    units: list[_Unit] = []
    sentences = story.sentences
    of = [story.profiles[k] if story.profiles else ENGLISH for k in story.article_of]
    dependent = [_opens_badly(s.text, p) for s, p in zip(sentences, of)]
    scores = story.scores.tolist()
    for i, first in enumerate(sentences):
        if dependent[i]:
            continue
        words = 0
        facts: frozenset[str] = frozenset()
        text = ""
        for j in range(i, min(len(sentences), i + MAX_UNIT_SENTENCES)):
            s = sentences[j]
            if j > i and story.article_of[j] != story.article_of[i]:
                break
            if j > i and s.paragraph != sentences[j - 1].paragraph and not (
                dependent[j] and _balanced(text, of[i]) and of[i].final.search(text)
            ):
                break  # only a "He said ..." paragraph follows a whole line; quotes stay in one paragraph
            if j > i and not dependent[j] and _balanced(text, of[i]):
                break  # the run is already whole; a self-contained next sentence is its own unit
            words += s.words
            if words > settings.max_sentence_words * (1 if j == i else UNIT_WORDS_FACTOR):
                break
            facts = facts | story.facts[j]
            text = _span(articles, story, i, j)
            whole = _balanced(text, of[i]) and of[i].final.search(text)
            if whole and words >= settings.min_sentence_words and len(facts) >= MIN_FACT_WORDS:
                score = scores[i] * (1.0 if words <= LONG_UNIT_WORDS else LONG_UNIT_PENALTY)
                units.append(_Unit(i, j, int(story.article_of[i]), words, score))
    return units


def _lines(story: _Story, unit: _Unit) -> list[_Unit]:
    """A unit as summary lines: one per paragraph it spans, so no line holds a paragraph break.

    A later line opens with a pronoun resolved by the line just before it (same article,
    the sentence before), and the lines stay together in the summary.
    """
    parts: list[_Unit] = []
    start = unit.first
    for j in range(unit.first + 1, unit.last + 2):
        if j > unit.last or story.sentences[j].paragraph != story.sentences[j - 1].paragraph:
            words = sum(s.words for s in story.sentences[start:j])
            parts.append(_Unit(start, j - 1, unit.article, words, unit.score))
            start = j
    return parts


def _span(articles: Sequence[ParsedArticle], story: _Story, i: int, j: int) -> str:
    a = articles[int(story.article_of[i])]
    return a.clean.text[story.sentences[i].start : story.sentences[j].end]


def _opens_badly(text: str, profile: Profile = ENGLISH) -> bool:
    """A sentence that cannot start a summary line: lowercase start or an unresolved pronoun.

    "He said ...", but also "But he added ..." and "Neither he nor Lavrov ...": a pronoun among
    the first three words with only connectives before it points back to a sentence we lack.
    A script without case has no lowercase start; a language without pronoun lists, no pronoun test.
    """
    if profile.cased and not text[0].isupper() and text[0] not in profile.opening_marks:
        return True
    if not profile.cased and not text[0].isalnum() and text[0] not in profile.opening_marks:
        return True  # "، حسيب حسين، ...": a piece cut after its sentence's comma
    # "She's", "It’s", "They're": the pronoun is what comes before the apostrophe.
    words = [re.split(r"['’]", w.strip(",;:\"“”‘’'«»„"))[0] for w in text.split()[:3]]
    if not words or profile.lower(words[0]) in profile.pronoun_openers:
        return True
    if profile.lower(words[0]) in profile.answering_openers:
        return True  # "But a commission later said there was no proof": of what, the line before says
    for k in (1, 2):
        if k < len(words) and profile.lower(words[k]) in profile.pronouns and all(
            profile.lower(w) in profile.connectives or w[:1].islower() for w in words[:k]
        ):
            return True
    return False


def _balanced(text: str, profile: Profile = ENGLISH) -> bool:
    return profile.balanced(text)


def _fallback(story: _Story, articles: Sequence[ParsedArticle], budget: int) -> list[_Unit]:
    """A story of one short or odd sentence still gets a brief: the best whole sentence that fits."""
    fitting = [i for i, s in enumerate(story.sentences) if s.words <= budget]
    if not fitting:
        return []
    # Prefer one that opens well; among those, the best scored.
    best = min(
        fitting,
        key=lambda i: (
            _opens_badly(story.sentences[i].text, _profile_of(story, int(story.article_of[i]))),
            -story.scores[i],
            i,
        ),
    )
    return [_Unit(best, best, int(story.article_of[best]), story.sentences[best].words, float(story.scores[best]))]

"""Extractive multi-document summary: units → score → select under a budget → order → attribute.

A *unit* is what may enter a summary: one self-contained sentence, or a
short run of sentences that only make sense together (a sentence opening
with "He"/"It" after the one that names who or what; a quotation that the
sentencizer cut into several sentences). A unit becomes one summary line per
paragraph it spans, each line an exact character span of its article's
cleaned text; a line that opens with a pronoun always comes right after the
line holding the sentence before it.

Sentences are scored by a position-primed LexRank over *cross-article*
similarity: a random walk that restarts at news leads (which carry the core
facts) and moves between sentences of different articles that report the
same thing, so a sentence scores high when it is early and other outlets
back it. Selection (issue 10) is an integer program over *concepts*
(Gillick & Favre 2009): content-word bigrams weighted by the articles that
carry them, each article by the walk score of its sentence that does; the
units that cover the most concept weight, plus their walk scores, within the
budget, solved exactly by HiGHS. Two lines where one
supports the other (attribution's own test) never both stand, so the kept one
cites both outlets; a preview that a later report outdoes goes. Lines read in
date order where the articles are dated; the story's title is the headline of
its most central article.

How the constants below were tuned: on multinews-dev (103 stories) and
tac2011-multiling-en (10 stories of 10 WikiNews articles) at 250 words, ROUGE-1/2 F
as ``newsbrief eval`` computes it (rouge-score, stemmed, mean over references),
a small grid per constant, checking both sets at every step; the references are
only ever scored against, never learned from. Each comment gives its grid.
Differences under ~0.2 are noise on 103 stories, and TAC has only 10, so a value
was kept only when it held on both sets. With all of them (issue 2, code of
2026-11-23): dev 45.85/15.73 and TAC 50.88/22.12, against our round-robin lead
(cleaned text, our splitter) 44.30/14.66 and 50.21/21.62. The TAC gain over the
previous 49.82/21.00 came from LEAD_BOOST and a lower redundancy threshold (0.42,
see settings.py), the dev margin from checking redundancy on whole lines too.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from .coverage_ilp import solve_coverage
from .lang import ENGLISH, Profile, profile_for, story_language
from .models import ParsedArticle, Sentence, Summary, SummarySentence, Support
from .settings import DEFAULTS, Settings


# Position prior exp(-index / POSITION_TAU): grid 5/10/20/40 on dev and TAC; 10 was best on both
# (Multi-News reference content is spread over the first ~10 sentences; TAC prefers earlier).
POSITION_TAU = 10.0
# Share of a sentence's score that comes from the walk over other articles' sentences (the rest
# is the position prior). Grid 0.3/0.5/0.7/0.85: 0.5 best on TAC, within noise of best on dev.
GRAPH_WEIGHT = 0.5
# In a story of at least LEAD_BOOST_MIN_ARTICLES articles, an article's first sentence keeps
# LEAD_BOOST × its walk score: a news lead states the article's core fact, and when many articles
# each cover their own part of the story (TAC: 10 per story) their distinct leads are what a human
# summary covers, echoed by other outlets or not. Boosting the restart prior instead also lifts
# everything the leads link to and cost dev 0.2-0.4 ROUGE-2. Grid 1/1.2/1.3/1.45/1.6/1.8/2/3 (with
# redundancy 0.42-0.5): TAC ROUGE-2 rises to a plateau over 1.3-2.0 (+0.6-0.8); 1.6 is its middle.
# On dev (83 of 102 stories have 2-3 articles) the boost is noise (no boost 45.86/15.72; boost from
# 1, 3, 4, 5 articles 45.84/15.67, 45.89/15.75, 45.85/15.73, 45.85/15.73; TAC 50.88/22.12 for all
# four, 50.49/21.31 without). 4 rather than 3, within noise on both sets, leaves small stories to
# the walk, which prefers facts other outlets confirm (the 3-article example story then keeps its
# two-source lines; tests/web/test_browser.py clicks one). A per-article repeat discount in
# selection (0.4-0.8) was tried for the same goal: dev −0.7 ROUGE-2, TAC within noise.
# A language's profile may set its own (lang/languages.py: the MultiLing languages' 2.5, tuned there).
LEAD_BOOST = 1.6
LEAD_BOOST_MIN_ARTICLES = 4
# Edges between sentences of the same article count this much: an article agreeing with itself
# is no evidence. Grid 0/0.3/0.6/1.0: 0 and 0.3 tie on dev; 0 keeps the meaning simple.
SAME_ARTICLE_EDGE = 0.0
# The sentence graph is dense (sentences²): a story over this many sentences keeps only the top of
# each article (2000² cosines are 32 MB; Multi-News stories have at most ~600 sentences).
MAX_GRAPH_SENTENCES = 2000
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

# Words are stemmed with PyStemmer's C Porter stemmer (the algorithm rouge-score uses, via NLTK's
# pure-Python one, which was 40 % of summarize's time). On the 17,000 distinct words of both sets
# the two differ on 2 % ("always" → "alwai" vs "alway"), consistently, so similarities barely move:
# dev/TAC ROUGE within 0.01 of NLTK's with the same stop list. Snowball "english" scored 0.1-0.3
# lower on TAC. Only our similarities use these stems; ROUGE stems the output itself.
# (ENGLISH.stemmer = "porter"). Words, stop words, stems, names, quote marks and the word lists below come from each article's
# language profile (lang/, issue 15); English's is built from what stood here, unchanged.

# --- selection by concept coverage (issue 10) ---
# UNIT_SCORE_WEIGHT, CANDIDATES: see BENCHMARKS.md "Summary selection (issue 10)" for the grids;
# tuned on multinews-dev (all) + duc2006 topics 1-25, confirmed on tac2011-en and duc2006 topics
# 26-50. A concept's weight has no constant of its own: the walk scores of the sentences that carry
# it (_concept_weights). Against the plain article count (Gillick & Favre), weight 3, R1/R2:
# tuning pool: dev 45.70/15.56 -> 45.97/15.69, duc 1-25 @250 39.59/9.10 -> 39.60/9.30, @100 recall
# 20.17/4.69 -> 20.35/4.79; confirmed (first seen): TAC 49.79/19.85 -> 50.23/20.11, duc 26-50 @100
# recall 21.51/5.71 -> 21.53/5.96, but duc 26-50 @250 40.47/10.34 -> 39.98/10.16 did not hold.
CONCEPT_MIN_ARTICLES = 3
UNIT_SCORE_WEIGHT = 3.0
CANDIDATES = 80
# A unit-quality model (JSON written by scripts/train_units.py) whose prediction replaces the walk
# score in a unit's bonus, or None (the walk score). None: trained on multinews-dev, it did not hold
# on tac2011-en (-2.2/-2.7) though it helped duc2006 @250 (+0.5/+0.4); BENCHMARKS.md, "a learned unit-quality model".
UNIT_MODEL: str | None = None
# A concept-weight model (JSON written by scripts/train_concepts.py: a logistic regression on
# concept_model.CONCEPT_FEATURES, the chance that a reference holds the bigram), or None (the walk-score
# weight, _concept_weights). None: trained on duc2006 topics 1-25 it gained on tac2011-en (+0.9/+1.5
# ROUGE-1/2 F) and duc2006 26-50 @250 (+0.9/+0.2) but lost on multinews-dev (-0.5/-0.3) and duc2006
# 26-50 @100 recall (-0.1/-0.1); BENCHMARKS.md, "learned concept (bigram) weights".
CONCEPT_MODEL: str | None = None
# How the model's chance meets the walk-score weight: "replace" (the chance alone) or "mean" (the
# mean of the two, each scaled to mean 1 over the story's concepts).
CONCEPT_BLEND = "replace"
# Stories of fewer articles keep the walk-score weight (the model's training stories had 25).
CONCEPT_MODEL_MIN_ARTICLES = 1
# spaCy's English stop list (spaCy is loaded anyway; scikit-learn's costs 0.9 s of imports). Against
# scikit-learn's list: dev −0.12/−0.16, TAC −0.16/−0.20 at the old settings, noise-sized; the
# constants here were then tuned with spaCy's list. Other languages: spaCy's list for each.

# A summary line must report something: at least this many "fact words" (content words that are
# not names or reporting verbs). Drops "NPR's Corey Flintoff reports from Moscow."; costs
# 0.05-0.1 ROUGE on dev against 0 (no check), the price of a readable brief.
MIN_FACT_WORDS = 2
# Attribution: an article supports a summary line when one of its sentences is at least
# settings.support_threshold similar (cosine) AND shares SUPPORT_MIN_SHARED fact words, or, for
# short sentences, SUPPORT_MIN_SHORT fact words that are half of the shorter one's. Sharing only
# names ("Kerry", "Lavrov") is not sharing a fact. Hand-judged on the seed story
# (tests/test_summarize.py::test_attribution_hand_judged): 2 shared words let "Washington urged
# Moscow to halt the bloodshed" cite a sentence about chemical weapons; 3 do not.
SUPPORT_MIN_SHARED = 3
SUPPORT_MIN_SHORT = 2
# A negation ("no", "not", "without": the profile's ``negations``) denies the content words in the
# next NEGATION_SCOPE words; a fact word one sentence denies and the other does not is not shared.
# "ONEMI reported no casualties or structural damage" does not support "The quake killed 214 and
# caused significant structural damage". Four words: a negation's object phrase ("no structural
# damage", "did not immediately attack"), set before any run, not tuned (BENCHMARKS.md, session 12).
NEGATION_SCOPE = 4
# Reporting verbs say who told, not what happened (stemmed as the analyzer stems them): each
# profile's ``reporting_words``. Pronoun openers, pronouns and connectives (_opens_badly), a
# preview ("will meet", "is expected to", AFP's "was Tuesday to hold"), names (a capitalized word
# after a space, hyphen, bracket or slash, or an acronym) and sentence ends are the profile's too.


def analyzer(text: str, profile: Profile = ENGLISH) -> list[str]:
    """Lower-cased, stop-word-free, stemmed words (what ROUGE compares), by the language's profile."""
    return profile.content_stems(text)


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
class _Unit:
    """Sentences ``first..last`` (inclusive, flat indices) of one article, taken together."""

    first: int
    last: int
    article: int
    words: int
    score: float


@dataclass(frozen=True, slots=True)
class _Story:
    """Everything scored about one story's sentences (flat over its articles, in input order)."""

    sentences: list[Sentence]
    article_of: np.ndarray  # article index per sentence
    vectors: sparse.csr_matrix | None  # log-tf rows, L2-normalised
    counts: sparse.csr_matrix | None  # term counts per sentence (summed for a multi-sentence line)
    sims: np.ndarray | None  # sentence × sentence cosine
    scores: np.ndarray
    rank: np.ndarray  # the walk's score alone, before the lead boost (what concept weights use)
    facts: list[frozenset[str]]  # per sentence: stems of content words that are not names
    names: frozenset[str]  # stems the story writes capitalized (see _story_names)
    vocabulary: dict[str, int]  # stem → column of ``vectors``
    profiles: tuple[Profile, ...] = ()  # per article: its language's profile
    profile: Profile = ENGLISH  # the language most articles are in: the summary's
    forms: dict[str, str] | None = None  # word with a clitic prefix → the word without (Profile.clitic_forms)
    grams: list[set] = field(default_factory=list)  # per sentence: its concepts (concept_bigrams)
    denied: list[frozenset[str]] = field(default_factory=list)  # per sentence: stems a negation denies


def summarize(
    articles: Sequence[ParsedArticle], *, budget_words: int | None = None, settings: Settings = DEFAULTS
) -> Summary:
    """Pick whole sentences for a summary of at most ``budget_words`` words.

    Args:
        articles: the story's articles, already split into sentences.
        budget_words: the word budget; None chooses :func:`default_budget`.
        settings: thresholds for sentence length, redundancy and support.

    Returns:
        A Summary whose sentences are in reading order (leads first), each
        citing every article that supports it, origin first.

    Example:
        >>> summary = summarize(parsed_articles, budget_words=120)  # doctest: +SKIP
        >>> [s.sources for s in summary.sentences]  # doctest: +SKIP
    """
    budget = budget_words or default_budget(articles, settings)
    story = _score(articles)
    if story is None:
        return Summary(sentences=(), budget_words=budget, lang=_story_profile(articles).code)
    units = _units(story, articles, settings)
    if len({p.code for p in story.profiles}) > 1:
        # A mixed story is summarized in the language most of its articles are in; articles in the
        # others still support its lines wherever their words match (names and numbers in one
        # script, mostly).
        units = [u for u in units if story.profiles[u.article].code == story.profile.code]
    chosen = _select(story, articles, units, budget, settings)
    if not chosen:
        chosen = _fallback(story, articles, budget)
    chosen.sort(key=lambda u: _reading_key(story, articles, u))
    lines = [_attribute(story, articles, part, settings) for u in chosen for part in _lines(story, u)]
    return Summary(sentences=tuple(lines), budget_words=budget, title=_title(story, articles), lang=story.profile.code)


def _vectorize(tokens: list[list[str]]) -> tuple[sparse.csr_matrix, sparse.csr_matrix, dict[str, int]] | None:
    """Sentence rows of 1 + log(term count), L2-normalised, and the raw counts; None when no sentence
    has a content word.

    No IDF: fitted on one story's sentences it marks the story's own topic words as common and
    pushes the centre of the story down (dev ROUGE-2 14.4 → 14.8 without it).
    """
    lengths = [len(words) for words in tokens]
    if not any(lengths):
        return None
    # Term ids in one pass, counts and weights as arrays: the dict lookup, Counter and log per token
    # this replaced were the summary's biggest per-story cost (≈ 30 % of summarize on multinews-dev).
    vocabulary: dict[str, int] = {}
    cols = np.fromiter(
        (vocabulary.setdefault(w, len(vocabulary)) for words in tokens for w in words), np.int64, sum(lengths)
    )
    rows = np.repeat(np.arange(len(tokens)), lengths)
    counts = sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(tokens), len(vocabulary)))
    counts.sum_duplicates()
    return _log_tf(counts), counts, vocabulary


def _log_tf(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """Rows of 1 + log(count), L2-normalised (what sklearn's sublinear_tf + normalize computed)."""
    weights = counts.copy()
    weights.data = 1.0 + np.log(weights.data)
    norms = np.sqrt(weights.multiply(weights).sum(axis=1)).A1
    return sparse.csr_matrix(sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ weights)


def _graph_quota(lengths: list[int]) -> int:
    """Sentences kept from the top of each article so the whole graph holds ≤ MAX_GRAPH_SENTENCES.

    The largest q with sum(min(length, q)) within the cap: short articles keep everything, long
    ones lose their tails (which the position prior ranks last anyway).
    """
    if sum(lengths) <= MAX_GRAPH_SENTENCES:
        return max(lengths, default=0)
    low, high = 1, max(lengths)
    while low < high:
        mid = (low + high + 1) // 2
        if sum(min(n, mid) for n in lengths) <= MAX_GRAPH_SENTENCES:
            low = mid
        else:
            high = mid - 1
    return low


def _local_names(text: str, profile: Profile = ENGLISH) -> list[str]:
    """Stems of the words a sentence capitalizes mid-sentence ("Foreign Minister Sergei Lavrov") and acronyms."""
    return profile.name_stems(text)


def _story_profile(articles: Sequence[ParsedArticle]) -> Profile:
    """The profile of the language most of the story's articles are in."""
    return profile_for(story_language([a.article.lang for a in articles]))


def story_analyzer(articles: Sequence[ParsedArticle]):
    """:func:`analyzer` for the language most of ``articles`` are in (for TF-IDF over a story)."""
    return _story_profile(articles).content_stems


def _story_names(local: list[list[str]], tokens: list[list[str]]) -> frozenset[str]:
    """Stems the story writes capitalized more often than not: names and titles.

    "Victory Day" does not make "day" a name when the story also writes "a long day of talks".
    """
    capitalized = Counter(w for words in local for w in words)
    total = Counter(w for words in tokens for w in words)
    return frozenset(w for w, n in capitalized.items() if n > total[w] - n)


def _score(articles: Sequence[ParsedArticle]) -> _Story | None:
    quota = _graph_quota([len(a.sentences) for a in articles])
    # A quota of one lead each still overflows the cap past MAX_GRAPH_SENTENCES articles: the leads of
    # the first MAX_GRAPH_SENTENCES articles make the graph then (10,000 articles took 2.5 GB; issue 13).
    graphed = articles[:MAX_GRAPH_SENTENCES]
    sentences = [s for a in graphed for s in a.sentences[:quota]]
    if not sentences:
        return None
    article_of = np.array([k for k, a in enumerate(graphed) for _ in a.sentences[:quota]])
    index = np.array([s.index for s in sentences], dtype=float)
    prior = np.exp(-index / POSITION_TAU)
    profiles = tuple(profile_for(a.article.lang) for a in graphed)
    main = _story_profile(articles)
    of = [profiles[k] for k in article_of]
    # Words and stems once per sentence: the similarity terms (content stems) and the concepts
    # (bigrams, stop words included) both come from them.
    pieces = [p.word_stems(s.text) for s, p in zip(sentences, of)]
    tokens = [_content(words, stems, p.stop_words) for (words, stems), p in zip(pieces, of)]
    forms = main.clitic_forms(w for words in tokens for w in words)
    if forms:
        # One word with and without its clitic prefix ("הממשלה", "ממשלה") is one term (profiles.clitic_forms).
        tokens = [[base for w in words if (base := forms.get(w, w))] for words in tokens]
    local = [_local_names(s.text, p) for s, p in zip(sentences, of)]
    names = _story_names(local, tokens)
    facts = [frozenset(t).difference(names, p.reporting_stems, n) for t, n, p in zip(tokens, local, of)]
    grams = [_bigrams(words, stems, p.stop_words, forms) for (words, stems), p in zip(pieces, of)]
    denied = [_denied(words, stems, p.negations) for (words, stems), p in zip(pieces, of)]
    fitted = _vectorize(tokens)
    if fitted is None:
        return _Story(
            sentences, article_of, None, None, None, prior, prior, facts, names, {}, profiles, main, forms, grams,
            denied,
        )
    vectors, counts, vocabulary = fitted
    sims = (vectors @ vectors.T).toarray()
    edges = sims.copy()
    np.fill_diagonal(edges, 0.0)
    if len(articles) > 1:
        # A one-article story keeps its inner edges: agreement within the article is all there is
        # (dev ROUGE-2 15.55 → 15.66, the 7 one-article stories only).
        edges[article_of[:, None] == article_of[None, :]] *= SAME_ARTICLE_EDGE
    totals = edges.sum(axis=1, keepdims=True)
    walk = edges / np.where(totals > 0, totals, 1.0)
    restart = prior / (prior.sum() or 1.0)
    rank = restart.copy()
    # A sentence with no edges keeps only its restart share: the walk's lost mass is not re-spread,
    # so an article nobody else echoes ranks by position alone, below echoed ones.
    for _ in range(30):
        rank = (1 - GRAPH_WEIGHT) * restart + GRAPH_WEIGHT * (walk.T @ rank)
    walked = rank * len(rank)
    scores = walked.copy()
    if len(articles) >= LEAD_BOOST_MIN_ARTICLES:
        scores[index == 0] *= main.lead_boost if main.lead_boost is not None else LEAD_BOOST
    return _Story(
        sentences, article_of, vectors, counts, sims, scores, walked, facts, names, vocabulary, profiles, main, forms,
        grams, denied,
    )


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


def _select(
    story: _Story, articles: Sequence[ParsedArticle], units: list[_Unit], budget: int, settings: Settings
) -> list[_Unit]:
    """The units that together cover the most of the story's concepts within the budget (issue 10).

    Concepts are content-word bigrams (:func:`concept_bigrams`), each weighted by the articles that
    carry it, every article counting by the walk score of its best sentence holding the bigram
    (:func:`_concept_weights`); a unit also earns its own walk score (position and cross-outlet
    support), which matters most when few articles make concept counts thin. :func:`solve_coverage` then solves
    the integer program exactly: a concept counts once however many lines repeat it, two lines
    where one supports the other (the attribution test) never both stand, nor two lines over the
    redundancy threshold, nor two units sharing a sentence.
    """
    units, held, weights, conflicts, mass = _candidates(story, articles, units, settings)
    scale = UNIT_SCORE_WEIGHT / len(articles) * mass
    quality = [u.score for u in units]
    if UNIT_MODEL is not None and units:
        from .unit_model import learned_quality, unit_features

        features = unit_features(story, articles, units, held, weights, mass, settings)
        quality = learned_quality(features, units, UNIT_MODEL)
    bonus = [scale * q * u.words for u, q in zip(units, quality)]
    sharing: dict[int, list[int]] = {}
    for k, u in enumerate(units):
        for i in range(u.first, u.last + 1):
            sharing.setdefault(i, []).append(k)
    chosen = solve_coverage(
        held,
        weights,
        [u.words for u in units],
        budget,
        bonus=bonus,
        conflicts=conflicts,
        groups=[g for g in sharing.values() if len(g) > 1],
    )
    return [units[k] for k in chosen]


def _candidates(
    story: _Story, articles: Sequence[ParsedArticle], units: list[_Unit], settings: Settings
) -> tuple[list[_Unit], list[frozenset], dict, list[tuple[int, int]], float]:
    """The units the program chooses among, their concepts, the concept weights, the pairs that may
    not both stand, and the story's mean concept weight per word (see :func:`_select`)."""
    grams = story.grams
    if CONCEPT_MODEL is None or len(articles) < CONCEPT_MODEL_MIN_ARTICLES:
        weights = _concept_weights(story, grams, len(articles))
    else:
        from .concept_model import learned_weights

        weights = learned_weights(story, articles, _concept_floor(len(articles)), CONCEPT_MODEL)
        if CONCEPT_BLEND == "mean" and weights:
            walk = _concept_weights(story, grams, len(articles))
            a = len(walk) / (math.fsum(walk.values()) or 1.0)
            b = len(weights) / (math.fsum(weights.values()) or 1.0)
            weights = {g: 0.5 * (a * walk[g] + b * w) for g, w in weights.items()}
    held = [frozenset().union(*grams[u.first : u.last + 1]) for u in units]
    # fsum: a set's iteration order changes with the hash seed, and a plain float sum with it in the
    # last bit, enough to reorder tied candidates between runs of the same input.
    density = [math.fsum(weights.get(g, 0.0) for g in h) / max(1, u.words) for u, h in zip(units, held)]
    # Candidates: the best by walk score and the best by concept density. Keeps the program and the
    # pairwise conflict check a fixed size however large the story (cost linear in its sentences).
    keep = sorted(
        set(sorted(range(len(units)), key=lambda k: (-units[k].score, k))[:CANDIDATES])
        | set(sorted(range(len(units)), key=lambda k: (-density[k], k))[:CANDIDATES])
    )
    units = [units[k] for k in keep]
    held = [held[k] for k in keep]
    conflicts, previews = _conflicts(story, units, settings)
    # A preview ("will meet") that another article reports done loses to that report; a unit
    # repeating itself goes too; so does a preview written before another article of the story
    # (same day or later): by then what it announces has happened or not, and the later one says.
    stale = _stale_previews(story, articles, units)
    alive = [k for k in range(len(units)) if k not in previews and k not in stale]
    remap = {k: n for n, k in enumerate(alive)}
    units = [units[k] for k in alive]
    held = [held[k] for k in alive]
    conflicts = [(remap[a], remap[b]) for a, b in conflicts if a in remap and b in remap]
    mass = math.fsum(weights.get(g, 0.0) for h in held for g in h) / max(1, sum(u.words for u in units))
    return units, held, weights, conflicts, mass


def _concept_weights(story: _Story, grams: list[set], n_articles: int) -> dict:
    """Per bigram: the sum over the articles holding it of the walk score of its best sentence there.

    How many articles carry a concept and where: the walk score is the position prior (a news lead
    states the core facts) plus the cross-outlet walk, so a bigram every lead states outweighs one
    that each article mentions in passing at the end. The walk's score before LEAD_BOOST (a boost
    fitted to the issue-2 greedy selection): with it, duc2006 topics 1-25 lose 0.16 ROUGE-2 at 250
    words and the whole of duc2006 at 100 words falls below the plain concept ILP. A bigram in fewer than
    ``CONCEPT_MIN_ARTICLES`` articles is no concept: one outlet's phrasing is not the story's
    information (Gillick & Favre keep bigrams of at least 3 of 10 documents).
    """
    total: dict = {}
    count: dict = {}
    rank = story.rank.tolist()
    # Article by article (in order, so each sum adds in the same order), best sentence first: a
    # bigram's first sentence in an article is its best there, and the set difference leaves only
    # those, so the loop runs once per (bigram, article) rather than once per occurrence.
    ends = np.flatnonzero(np.diff(story.article_of)) + 1
    for block in np.split(np.arange(len(grams)), ends):
        seen: set = set()
        for i in sorted(block.tolist(), key=lambda i: -rank[i]):
            if rank[i] <= 0.0:
                break
            fresh = grams[i] - seen
            seen |= fresh
            score = rank[i]
            for g in fresh:
                total[g] = total.get(g, 0) + score
                count[g] = count.get(g, 0) + 1
    floor = _concept_floor(n_articles)
    return {g: w for g, w in total.items() if count[g] >= floor}


def _concept_floor(n_articles: int) -> int:
    """Articles a bigram must be in to be a concept: ``CONCEPT_MIN_ARTICLES``, fewer in a smaller story."""
    return max(1, min(CONCEPT_MIN_ARTICLES, n_articles - 1))


def _preview(text: str, profile: Profile = ENGLISH) -> bool:
    """Does the sentence announce what is still to happen (outside quotation marks)?"""
    pattern = profile.preview_pattern
    return pattern is not None and pattern.search(profile.quoted.sub(" ", text)) is not None


def _stale_previews(story: _Story, articles: Sequence[ParsedArticle], units: list[_Unit]) -> set[int]:
    """Units opening with a preview from an article that another, dated the same day or later, follows."""
    dates = [_date_key(a.article.date) if a.article.date else None for a in articles]
    stale = set()
    for k, unit in enumerate(units):
        own = dates[unit.article]
        if own is None or not _preview(story.sentences[unit.first].text, _profile_of(story, unit.article)):
            continue
        if any(d is not None and d >= own for j, d in enumerate(dates) if j != unit.article):
            stale.add(k)
    return stale


def _conflicts(story: _Story, units: list[_Unit], settings: Settings) -> tuple[list[tuple[int, int]], set[int]]:
    """Pairs of candidate units that may not both stand, and previews that a report outdoes.

    Two lines conflict when a sentence of one supports the other exactly as :func:`_attribute`
    judges support (another article, the line's cosine with the sentence ≥ support_threshold,
    enough shared fact words), or when the two lines are over the redundancy threshold. A preview
    line ("Kerry will meet Lavrov") that a line which is not a preview supports, or is supported
    by, is dropped: the report of the thing done says it better.
    """
    lines = [(k, line) for k, u in enumerate(units) for line in _lines(story, u)]
    if not lines or story.vectors is None:
        return [], set()
    members = sorted({i for _, line in lines for i in range(line.first, line.last + 1)})
    column = {i: c for c, i in enumerate(members)}
    # A line's cosine with every member sentence, as _attribute computes it from the sentence cosines.
    block = story.sims[np.ix_(members, members)]
    spans = [[column[i] for i in range(line.first, line.last + 1)] for _, line in lines]
    to_sentence = np.empty((len(spans), len(members)))
    alone = [k for k, s in enumerate(spans) if len(s) == 1]  # most lines: one sentence, its own row
    cols = [spans[k][0] for k in alone]
    to_sentence[alone] = block[cols] / np.sqrt(np.maximum(block[cols, cols], 1e-12))[:, None]
    for k, s in enumerate(spans):
        if len(s) > 1:
            to_sentence[k] = block[s].sum(axis=0) / math.sqrt(max(block[np.ix_(s, s)].sum(), 1e-12))
    facts = [frozenset().union(*story.facts[line.first : line.last + 1]) for _, line in lines]
    denied = [frozenset().union(*story.denied[line.first : line.last + 1]) for _, line in lines]
    preview = [_preview(story.sentences[line.first].text, _profile_of(story, line.article)) for _, line in lines]
    line_sims = _line_sims(story, [line for _, line in lines])

    # backs[a, c]: member sentence c supports line a (fact words checked only where the cosine passes).
    backs = np.zeros(to_sentence.shape, dtype=bool)
    for a, c in zip(*np.nonzero(to_sentence >= settings.support_threshold)):
        backs[a, c] = _same_fact(facts[a], story.facts[members[c]], denied[a], story.denied[members[c]])
    within = np.zeros((len(members), len(lines)))
    for b, span in enumerate(spans):
        within[span, b] = 1.0
    article = np.array([line.article for _, line in lines])
    supported = (backs @ within > 0) & (article[:, None] != article[None, :])
    supports = supported | supported.T
    clash = np.triu(supports | (line_sims > settings.redundancy_threshold), 1)
    pairs: set[tuple[int, int]] = set()
    previews: set[int] = set()
    for a, b in zip(*np.nonzero(clash)):
        (ka, la), (kb, lb) = lines[a], lines[b]
        if ka == kb:
            previews.add(ka)  # a unit whose own lines repeat each other never stands
            continue
        if la.first <= lb.last and lb.first <= la.last:
            continue  # units sharing a sentence are grouped already
        pairs.add((min(ka, kb), max(ka, kb)))
        if supports[a, b] and preview[a] != preview[b]:
            previews.add(ka if preview[a] else kb)
    return sorted(pairs), previews


def _line_sims(story: _Story, lines: list[_Unit]) -> np.ndarray:
    """Cosines between lines' log-tf vectors, a line's term counts being its sentences' summed.

    Sparse throughout: one product with a line × sentence membership matrix builds every line's
    counts at once (a dense vector per line over the story's vocabulary was a third of this step).
    """
    spans = [np.arange(line.first, line.last + 1) for line in lines]
    rows = np.repeat(np.arange(len(lines)), [len(span) for span in spans])
    member = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, np.concatenate(spans))), shape=(len(lines), story.counts.shape[0])
    )
    vectors = _log_tf(sparse.csr_matrix(member @ story.counts))
    return (vectors @ vectors.T).toarray()


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


def _reading_key(story: _Story, articles: Sequence[ParsedArticle], unit: _Unit) -> tuple:
    """In the order things happened where the articles are dated, else as the story unfolds.

    Dated articles' lines go by date (a report a week later never opens the brief); within a
    date, and where nothing is dated, leads first, then later paragraphs, earlier articles first.
    An undated article's lines count as of the story's earliest date; a date known only to the
    month or year sorts after that period's exact dates (the seed's NPR follow-up is dated
    "2013-05" from its "last week", after the reports of 7 May it looks back on).
    """
    sentence = story.sentences[unit.first]
    n = max(1, len(articles[unit.article].sentences))
    dates = [_date_key(a.article.date) for a in articles if a.article.date]
    own = articles[unit.article].article.date
    date = _date_key(own) if own else min(dates, default="")
    return (date, round(sentence.index / n, 1), unit.article, sentence.index)


def _date_key(date: str | None) -> str:
    """An ISO date, padded so that ``2013-05`` sorts after every ``2013-05-DD`` (and ``2013`` after its months)."""
    date = (date or "")[:10]
    return date + "-~~~~~"[len(date) - 4 :] if 4 <= len(date) < 10 else date


def _title(story: _Story, articles: Sequence[ParsedArticle]) -> str | None:
    """The headline of the story's most central article: the titled article whose words are most
    like the rest of the story's (cosine of its term counts with the others' summed counts).

    The first file's headline may be a follow-up's ("U.N. Tries To Get Syria Peace Talks Back On
    Track", a week after the talks it follows up).
    """
    titled = [k for k, a in enumerate(articles) if a.article.title]
    if not titled:
        return None
    if len(titled) == 1 or story.counts is None:
        return articles[titled[0]].article.title
    members = sparse.csr_matrix(
        (np.ones(len(story.article_of)), (story.article_of, np.arange(len(story.article_of)))),
        shape=(len(articles), len(story.article_of)),
    )
    per_article = _log_tf(sparse.csr_matrix(members @ story.counts))
    total = np.asarray(story.counts.sum(axis=0)).ravel()

    def centrality(k: int) -> float:
        own = np.asarray(story.counts[story.article_of == k].sum(axis=0)).ravel()
        rest = np.where(total - own > 0, 1.0 + np.log(np.maximum(total - own, 1.0)), 0.0)
        norm = np.linalg.norm(rest)
        return float((per_article[k] @ rest)[0]) / norm if norm else 0.0

    return articles[max(titled, key=lambda k: (centrality(k), -k))].article.title


def _attribute(story: _Story, articles: Sequence[ParsedArticle], unit: _Unit, settings: Settings) -> SummarySentence:
    """The unit as a summary line citing its origin and every article that reports the same fact."""
    origin = unit.article
    text = _span(articles, story, unit.first, unit.last)
    evidence = [Support(articles[origin].id, text, 1.0)]
    if story.vectors is not None:
        # The unit's cosine with every sentence, from the sentence cosines: rows sum, norm from the block.
        block = story.sims[unit.first : unit.last + 1]
        sims = block.sum(axis=0) / math.sqrt(max(block[:, unit.first : unit.last + 1].sum(), 1e-12))
        facts = frozenset().union(*story.facts[unit.first : unit.last + 1])
        denied = frozenset().union(*story.denied[unit.first : unit.last + 1])
        evidence += _supports(story, articles, sims, facts, denied, origin, settings)
    return SummarySentence(
        text=text,
        article=articles[origin].id,
        index=story.sentences[unit.first].index,
        sources=tuple(e.article for e in evidence),
        support=round(len(evidence) / len(articles), 3),
        evidence=tuple(evidence),
    )


def find_support(
    text: str, articles: Sequence[ParsedArticle], *, origin: str | None = None, settings: Settings = DEFAULTS
) -> tuple[Support, ...]:
    """Which articles report the fact stated in ``text``, each with its best sentence and a score.

    The test the summary's attribution uses: an article supports ``text``
    when one of its sentences is at least ``settings.support_threshold``
    similar and shares enough fact words — content words that are not names
    or reporting verbs, so two sentences that only both mention "Kerry" and
    "Lavrov" do not count.

    Args:
        text: a statement (usually a sentence of one of the articles).
        articles: the story to look for support in.
        origin: an article id to leave out (the one ``text`` came from).

    Returns:
        One Support per supporting article, in input order.

    Example:
        >>> find_support("Later, Kerry will also meet Foreign Minister Sergei Lavrov.", parsed)  # doctest: +SKIP
        ()
    """
    story = _score(articles)
    if story is None or story.vectors is None:
        return ()
    forms = story.forms or {}
    counts = Counter(base for w in analyzer(text, story.profile) if (base := forms.get(w, w)))
    rows = np.zeros(story.vectors.shape[1])
    for term, n in counts.items():
        if term in story.vocabulary:
            rows[story.vocabulary[term]] = 1.0 + np.log(n)
    facts = frozenset(counts).difference(
        story.names, story.profile.reporting_stems, _local_names(text, story.profile)
    )
    denied = _denied(*story.profile.word_stems(text), story.profile.negations)
    skip = next((k for k, a in enumerate(articles) if a.id == origin), None)
    norm = np.linalg.norm(rows)
    sims = np.asarray(story.vectors @ (rows / norm if norm else rows)).ravel()
    return tuple(_supports(story, articles, sims, facts, denied, skip, settings))


def _supports(
    story: _Story,
    articles: Sequence[ParsedArticle],
    sims: np.ndarray,
    facts: frozenset[str],
    denied: frozenset[str],
    skip: int | None,
    settings: Settings,
) -> list[Support]:
    """Per other article, its most similar sentence (``sims``: cosine per sentence) that reports the same fact."""
    out: list[Support] = []
    for k, article in enumerate(articles):
        if k == skip:
            continue
        best, best_j = 0.0, -1
        for j in np.flatnonzero(story.article_of == k):
            if (
                sims[j] >= settings.support_threshold
                and sims[j] > best
                and _same_fact(facts, story.facts[j], denied, story.denied[j])
            ):
                best, best_j = float(sims[j]), int(j)
        if best_j >= 0:
            out.append(Support(article.id, story.sentences[best_j].text, round(best, 3)))
    return out


def _same_fact(
    a: frozenset[str],
    b: frozenset[str],
    denied_a: frozenset[str] = frozenset(),
    denied_b: frozenset[str] = frozenset(),
) -> bool:
    """Do two sentences share enough fact words (not names, not "said") to report the same thing?

    A word one of them denies ("no damage") and the other asserts ("caused damage") is not shared.
    """
    shared = len((a & b) - (denied_a ^ denied_b))
    if shared >= SUPPORT_MIN_SHARED:
        return True
    return shared >= SUPPORT_MIN_SHORT and shared >= 0.5 * min(len(a), len(b))


def _denied(words: list[str], stems: list[str], negations: frozenset[str]) -> frozenset[str]:
    """Stems of the words within NEGATION_SCOPE after a negation: what the sentence says is not so."""
    if not negations:
        return frozenset()
    end = len(words)
    return frozenset(
        stems[k] for i, w in enumerate(words) if w in negations for k in range(i + 1, min(end, i + 1 + NEGATION_SCOPE))
    )


def _profile_of(story: _Story, article: int) -> Profile:
    return story.profiles[article] if story.profiles else ENGLISH


def concept_bigrams(
    text: str, profile: Profile = ENGLISH, forms: dict[str, str] | None = None
) -> set[tuple[str, str]]:
    """Gillick & Favre's concepts of a sentence: adjacent stemmed words, not both stop words.

    ``forms``: the story's words with a clitic prefix, mapped to the word without ("" : a stop word).
    """
    return _bigrams(*profile.word_stems(text), profile.stop_words, forms)


def _content(words: list[str], stems: list[str], stop_words: frozenset[str]) -> list[str]:
    """The stems of the words that are not stop words: ``Profile.content_stems`` from one pass's words and stems."""
    return [stem for word, stem in zip(words, stems) if word not in stop_words]


def _bigrams(
    words: list[str], stems: list[str], stop_words: frozenset[str], forms: dict[str, str] | None
) -> set[tuple[str, str]]:
    stop = [w in stop_words for w in words]
    if forms:
        stems = [forms.get(s, s) for s in stems]
        stop = [is_stop or not s for is_stop, s in zip(stop, stems)]
    return {(stems[i], stems[i + 1]) for i in range(len(words) - 1) if not (stop[i] and stop[i + 1])}

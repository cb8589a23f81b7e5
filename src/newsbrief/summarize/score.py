"""Scoring a story's sentences: terms, concepts, fact words and a position-primed walk over other articles.

One pass over every sentence of the story builds what the later stages read (:class:`_Story`):
content stems and their log-tf vectors, the sentence cosines, concept bigrams, fact words (content
words that are not names or reporting verbs), the words a negation denies, and each sentence's score
from a LexRank walk that restarts at news leads and moves only between different articles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from ..lang import ENGLISH, Profile, profile_for, story_language
from ..models import ParsedArticle, Sentence

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
# Words are stemmed with PyStemmer's C Porter stemmer (the algorithm rouge-score uses, via NLTK's
# pure-Python one, which was 40 % of summarize's time). On the 17,000 distinct words of both sets
# the two differ on 2 % ("always" → "alwai" vs "alway"), consistently, so similarities barely move:
# dev/TAC ROUGE within 0.01 of NLTK's with the same stop list. Snowball "english" scored 0.1-0.3
# lower on TAC. Only our similarities use these stems; ROUGE stems the output itself.
# (ENGLISH.stemmer = "porter"). Words, stop words, stems, names, quote marks and the word lists below come from each article's
# language profile (lang/, issue 15); English's is built from what stood here, unchanged.
# spaCy's English stop list (spaCy is loaded anyway; scikit-learn's costs 0.9 s of imports). Against
# scikit-learn's list: dev −0.12/−0.16, TAC −0.16/−0.20 at the old settings, noise-sized; the
# constants here were then tuned with spaCy's list. Other languages: spaCy's list for each.
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

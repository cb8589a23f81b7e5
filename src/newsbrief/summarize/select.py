"""Selection under the word budget by concept coverage (issue 10): candidates, concept weights, the pairs
that may not both stand, and the program :mod:`.coverage_ilp` solves."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from ..lang import ENGLISH, Profile
from ..models import ParsedArticle
from ..settings import Settings
from .attribute import _same_fact
from .coverage_ilp import solve_coverage
from .order import _date_key
from .score import _log_tf, _profile_of, _Story
from .units import _lines, _Unit

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

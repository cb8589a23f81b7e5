"""Online story grouping: each article joins the best-matching story or opens one.

One pass, in a fixed order, with every decision made from what came before:
that is what lets ``newsbrief stories --state DIR`` add tomorrow's articles
to today's stories and get what a one-shot run over both days would give.

An article is compared only with stories found through an inverted index of
their salient words and names, bucketed by date, so the cost per article
does not grow with the stream (issue 4: never all pairs). For each candidate
the grouper computes pair features (content, names, titles, opening words,
time gap with an "undated" indicator, wire-copy overlap, ...; see
:mod:`.model`) and a learned logistic regression (issue 12) judges whether
the article belongs there; it joins the candidate judged most likely, if
likely enough, or opens a new story.
"""

from __future__ import annotations

import bisect
import hashlib
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .duplicates import DuplicateIndex
from .features import ArticleFeatures
from .model import SameStoryModel, load_model

if TYPE_CHECKING:
    from .merge import MergeModel

# The gap feature is ln(1 + gap / TIME_SCALE_DAYS): a day-3 follow-up and a month-later
# report differ, and a year costs only a little more than a quarter (issue 4's shape).
TIME_SCALE_DAYS = 3.0
# The "late" feature counts months (30 days) by which an article falls outside a story's dates
# beyond this grace, or beyond the story's own time span if that is longer: an event's reports
# come within weeks, and a report a season after a tight story on the same topic is a new event
# (issue 12: events, not topics). Not tuned: the labelled pools are topics (see BENCHMARKS.md).
EVENT_GRACE_DAYS = 30
# Past this gap from a story's date range an article never joins it (two
# reprints of one text ten years apart are two stories).
MAX_GAP_DAYS = 730
# Inverted-index blocking: the article's most salient words and names are
# looked up in date buckets within MAX_GAP_DAYS; the stories hit most often are
# scored. Pool F1 (shuffles 0/1) with 6 / 12 / 20 index words: 0.876/0.866,
# 0.900/0.887, 0.878/0.887; 8 or 24 candidates made no difference.
BUCKET_DAYS = 30
INDEX_TERMS = 12
INDEX_NAMES = 8
MAX_CANDIDATES = 24
# The IDF is re-frozen whenever the article count reaches a power of two from
# this one on: it depends only on what came before an article, never on how
# the stream was split into runs.
FIRST_IDF_EPOCH = 8


@dataclass(slots=True)
class StoryState:
    """One story as the grouper keeps it (mutable, internal to this package)."""

    id: str
    articles: list[str] = field(default_factory=list)
    term_sum: dict[str, float] = field(default_factory=dict)
    name_count: dict[str, int] = field(default_factory=dict)
    term_norm2: float = 0.0
    name_norm2: float = 0.0
    first_day: int | None = None
    last_day: int | None = None
    first_date: str | None = None
    last_date: str | None = None
    title: str | None = None
    title_is_lead: bool = False
    # article id → id of the first article of its near-duplicate group
    copy_of: dict[str, str] = field(default_factory=dict)
    # Summed title words / opening words of the story's articles (counts) and their IDF-weighted norms².
    title_sum: dict[str, int] = field(default_factory=dict)
    title_norm2: float = 0.0
    lead_sum: dict[str, int] = field(default_factory=dict)
    lead_norm2: float = 0.0
    # Sum of the "content" feature of the articles the model let join, and how many they were:
    # a broad story's members are less alike than a tight one's (the "cohesion" feature).
    joined_content: float = 0.0
    joined: int = 0

    def gap_days(self, day: int | None) -> int:
        """Days between ``day`` and this story's date range (0 inside it or when either is undated)."""
        # (the pair features tell "undated" from "inside the range" by a separate indicator)
        if day is None or self.first_day is None:
            return 0
        if day < self.first_day:
            return self.first_day - day
        return max(0, day - (self.last_day or day))


@dataclass(slots=True)
class _Vectors:
    """One article's weights under the current IDF, made once per :meth:`StoryGrouper.add`.

    Scoring ≤ MAX_CANDIDATES stories and joining one all need the same IDF look-ups; each is
    made here once, in the order the sums always ran (the article's word order, the sets'
    iteration order), so every sum adds the same floats in the same order as before (issue 12
    timing: they were made again for every candidate and again to join).
    """

    terms: dict[str, float]  # word → tf × idf
    names: dict[str, float]  # name → idf
    join_rows: list[tuple[str, float, float]]  # (word, tf, idf), the article's order
    term_rows: list[tuple[str, float, float]]  # (word, tf × idf, idf), the same order
    name_rows: list[tuple[str, float, float]]  # (name, idf, idf), the name set's order
    title_rows: list[tuple[str, float, float]]  # (title word, idf, idf × idf), the set's order
    title_norm2: float  # Σ idf² over the title words
    lead_rows: list[tuple[str, float, float]]  # (opening word, idf, idf × idf)
    lead_norm2: float
    term_norm: float
    name_norm: float
    name_total: float  # Σ idf over the names
    keys: list[str]  # the index keys (:meth:`StoryGrouper._index_keys`)


class StoryGrouper:
    """Groups a stream of articles into stories, one article at a time.

    ``add(features)`` returns the id of the story the article joined. All
    learned state lives in attributes ending in ``_`` and is what
    :mod:`newsbrief.stories.state` persists, the model included.

    ``merge_`` (issue 12, fifth round) is the story-merge model that
    :func:`newsbrief.stories.stories_of` applies to the fragments of the
    pass; the pass itself never sees it.

    ``decide``, if set, is called as ``decide(features, candidates, rows)``
    with the candidate stories and their pair-feature rows and returns the
    index of the story to join, -1 for a new story, or None to let the model
    choose: the training script uses it to walk the pass with the true labels.
    """

    def __init__(self, model: SameStoryModel | None = None, merge: "MergeModel | bool | None" = True) -> None:
        self.model_ = model if model is not None else load_model()
        # The story-merge step applied to the grouper's stories when they are read out
        # (:mod:`.merge`): True for the shipped model, False or None for none.
        if merge is True:
            from .merge import load_merge_model

            merge = load_merge_model()
        self.merge_ = merge or None
        self.decide: Callable[[ArticleFeatures, list[StoryState], list[list[float]]], int | None] | None = None
        self.stories_: dict[str, StoryState] = {}
        self.story_of_: dict[str, str] = {}
        self.n_docs_ = 0
        # Document frequencies of words and names, and the snapshot the IDF is frozen at.
        self.word_df_: Counter[str] = Counter()
        self.name_df_: Counter[str] = Counter()
        self.idf_n_ = 0
        self.idf_word_df_: dict[str, int] = {}
        self.idf_name_df_: dict[str, int] = {}
        # key ("w:word" / "n:name") → date bucket (or -1 for undated) → story ids
        self.index_: dict[str, dict[int, set[str]]] = {}
        self.duplicates_ = DuplicateIndex()
        # Each index key's date buckets, sorted (derived from index_, never saved): a dated article
        # looks up only the buckets within the gap cap, found by bisection, however long the stream.
        self._buckets_sorted: dict[str, list[int]] = {}
        # Stories whose norms² predate the last IDF re-freeze; each is brought up to date when it is
        # next scored or joined (see _refreeze_idf).
        self._stale: set[str] = set()
        self._word_idf: dict[str, float] = {}
        self._name_idf: dict[str, float] = {}
        self._unseen_idf = 1.0

    # --- scoring -------------------------------------------------------------

    def refresh_idf(self) -> None:
        """Recompute the IDF tables from the frozen document-frequency snapshot."""
        n = self.idf_n_
        self._unseen_idf = math.log(n + 1) + 1.0
        self._word_idf = {k: math.log((n + 1) / (df + 1)) + 1.0 for k, df in self.idf_word_df_.items()}
        self._name_idf = {k: math.log((n + 1) / (df + 1)) + 1.0 for k, df in self.idf_name_df_.items()}

    def _vectors(self, feats: ArticleFeatures) -> _Vectors:
        widf, nidf, unseen = self._word_idf.get, self._name_idf.get, self._unseen_idf
        join_rows = [(t, w, widf(t, unseen)) for t, w in feats.terms.items()]
        term_rows = [(t, w * idf, idf) for t, w, idf in join_rows]
        terms = {t: weighted for t, weighted, _ in term_rows}
        # A name's weight in the article is its IDF (a name counts once).
        name_rows = [(n, idf, idf) for n in feats.names for idf in (nidf(n, unseen),)]
        names = {n: idf for n, idf, _ in name_rows}
        title_rows, title_norm2 = _set_rows(feats.title_terms, widf, unseen)
        lead_rows, lead_norm2 = _set_rows(feats.lead_terms, widf, unseen)
        return _Vectors(terms, names, join_rows, term_rows, name_rows, title_rows, title_norm2, lead_rows, lead_norm2,
                        _norm(terms), _norm(names), sum(names.values()), self._index_keys(terms, names))

    def pair_features(self, story: StoryState, feats: ArticleFeatures, wire: float = 0.0,
                      vectors: _Vectors | None = None) -> list[float]:
        """The model's features (:data:`.model.FEATURES`, "margin" left 0) of an article and a story.

        ``wire`` is the article's highest MinHash overlap with one of the story's articles;
        ``vectors`` are :meth:`_vectors` of the article, made once per article by the caller.
        """
        if story.id in self._stale:
            self._freshen(story)
        v = vectors if vectors is not None else self._vectors(feats)
        content = _cosine(v.term_rows, story.term_sum, story.term_norm2, v.term_norm)
        people = _cosine(v.name_rows, story.name_count, story.name_norm2, v.name_norm)
        share = 0.0
        if v.names:
            have = story.name_count
            share = sum(w for n, w in v.names.items() if n in have) / v.name_total
        title_unknown = not feats.title_terms or story.title_norm2 <= 0
        title = 0.0 if title_unknown else _set_cosine(v.title_rows, v.title_norm2, story.title_sum, story.title_norm2)
        lead = _set_cosine(v.lead_rows, v.lead_norm2, story.lead_sum, story.lead_norm2)
        undated = feats.day is None or story.first_day is None
        days = 0 if undated else story.gap_days(feats.day)
        gap = math.log1p(days / TIME_SCALE_DAYS)
        # A story that already spans months (a running story) tolerates a gap as long as its span;
        # a tight one (an event reported over a few days) tolerates only the grace.
        span = 0 if undated else (story.last_day or story.first_day) - story.first_day
        late = max(0, days - max(EVENT_GRACE_DAYS, span)) / 30.0
        cohesion = content - story.joined_content / story.joined if story.joined else 0.0
        return [content, people, share, title, float(title_unknown), lead, gap, float(undated), wire,
                math.log1p(len(story.articles)), 0.0, content * undated, cohesion, float(len(story.articles) == 1), late]

    # --- the one pass ----------------------------------------------------------

    def add(self, feats: ArticleFeatures) -> str:
        """Put one article into a story (an existing one or a new one); return the story id."""
        if feats.id in self.story_of_:
            return self.story_of_[feats.id]
        self._count(feats)
        vectors = self._vectors(feats)
        # Queried, then indexed under this article: only later articles see it (one sketch for both).
        near = self.duplicates_.near_then_add(feats.id, feats.signature) if feats.signature is not None else []
        story, copy_of = self._duplicate_story(feats, near)
        if story is None:
            story = self._best_story(feats, vectors, near)
        if story is None:
            story = StoryState(id="story-" + hashlib.sha1(feats.id.encode("utf-8")).hexdigest()[:12])
            self.stories_[story.id] = story
        self._join(story, feats, vectors, copy_of)
        return story.id

    def _count(self, feats: ArticleFeatures) -> None:
        self.n_docs_ += 1
        self.word_df_.update(feats.terms.keys())
        self.name_df_.update(feats.names)
        # Before the first epoch every word weighs the same (the IDF of an empty corpus).
        if self.n_docs_ >= FIRST_IDF_EPOCH and self.n_docs_ & (self.n_docs_ - 1) == 0:
            self._refreeze_idf()

    def _refreeze_idf(self) -> None:
        self.idf_n_ = self.n_docs_
        self.idf_word_df_ = dict(self.word_df_)
        self.idf_name_df_ = dict(self.name_df_)
        self.refresh_idf()
        # Every story's norms² now need the new IDF. Recomputing them all here cost a pass over every
        # story's words at each power of two (a sawtooth in the per-article time, and most stories of
        # a long stream are never offered again); a story is recomputed when it is next used, from
        # the same sums, so every score is the one the eager pass gave (issue 12, growth).
        self._stale = set(self.stories_)

    def settle(self) -> None:
        """Bring every story's norms² up to the current IDF (before the state is saved)."""
        for story_id in sorted(self._stale):
            self._freshen(self.stories_[story_id])

    def _freshen(self, story: StoryState) -> None:
        widf, nidf, unseen = self._word_idf.get, self._name_idf.get, self._unseen_idf
        story.term_norm2 = sum((w * widf(t, unseen)) ** 2 for t, w in story.term_sum.items())
        story.name_norm2 = sum((c * nidf(n, unseen)) ** 2 for n, c in story.name_count.items())
        story.title_norm2 = sum((c * widf(t, unseen)) ** 2 for t, c in story.title_sum.items())
        story.lead_norm2 = sum((c * widf(t, unseen)) ** 2 for t, c in story.lead_sum.items())
        self._stale.discard(story.id)

    def _duplicate_story(self, feats: ArticleFeatures, near: list[tuple[str, float]]) -> tuple[StoryState | None, str | None]:
        """The story of an earlier copy of this text within the time cap, and that copy's group."""
        for other, similarity in near:
            if similarity < self.duplicates_.threshold:
                break
            story = self.stories_[self.story_of_[other]]
            if story.gap_days(feats.day) <= MAX_GAP_DAYS:
                return story, story.copy_of.get(other, other)
        return None, None

    def _best_story(self, feats: ArticleFeatures, vectors: _Vectors, near: list[tuple[str, float]]) -> StoryState | None:
        hits: Counter[str] = Counter()
        for key in vectors.keys:
            buckets = self.index_.get(key)
            if not buckets:
                continue
            for bucket in self._buckets_near(key, feats.day, buckets):
                hits.update(buckets[bucket])
        if not hits:
            return None
        wire: dict[str, float] = {}
        for other, similarity in near:  # best first, so the first per story is its highest
            wire.setdefault(self.story_of_[other], similarity)
        stories, rows = [], []
        for story_id in top_keys(hits, MAX_CANDIDATES):
            story = self.stories_[story_id]
            if story.gap_days(feats.day) > MAX_GAP_DAYS:
                continue
            stories.append(story)
            rows.append(self.pair_features(story, feats, wire.get(story_id, 0.0), vectors))
        if not stories:
            return None
        _fill_margins(rows)
        best = None
        if self.decide is not None and (chosen := self.decide(feats, stories, rows)) is not None:
            best = stories[chosen] if chosen >= 0 else None
        else:
            best_score = self.model_.logit_threshold
            for story, row in zip(stories, rows):
                value = self.model_.decision(row)
                if value >= best_score and (best is None or value > best_score or story.id < best.id):
                    best, best_score = story, value
        if best is not None:
            best.joined_content += rows[stories.index(best)][0]
            best.joined += 1
        return best

    def _index_keys(self, terms: dict[str, float], names: dict[str, float]) -> list[str]:
        return ["w:" + t for t in top_keys(terms, INDEX_TERMS)] + ["n:" + n for n in top_keys(names, INDEX_NAMES)]

    def _join(self, story: StoryState, feats: ArticleFeatures, vectors: _Vectors, copy_of: str | None) -> None:
        if story.id in self._stale:
            self._freshen(story)
        term_sum, name_count = story.term_sum, story.name_count
        get = term_sum.get
        norm2 = story.term_norm2
        for t, w, idf in vectors.join_rows:
            old = get(t, 0.0)
            new = old + w
            term_sum[t] = new
            norm2 += (new**2 - old**2) * idf * idf
        story.term_norm2 = norm2
        get = name_count.get
        norm2 = story.name_norm2
        for n, _, idf in vectors.name_rows:
            old = get(n, 0)
            name_count[n] = old + 1
            norm2 += ((old + 1) ** 2 - old**2) * idf * idf
        story.name_norm2 = norm2
        story.title_norm2 = _add_set(story.title_sum, story.title_norm2, vectors.title_rows)
        story.lead_norm2 = _add_set(story.lead_sum, story.lead_norm2, vectors.lead_rows)
        story.articles.append(feats.id)
        if copy_of is not None:
            story.copy_of[feats.id] = copy_of
        if feats.day is not None:
            if story.first_day is None or feats.day < story.first_day:
                story.first_day, story.first_date = feats.day, feats.date
            if story.last_day is None or feats.day > story.last_day:
                story.last_day, story.last_date = feats.day, feats.date
        if feats.title and (story.title is None or story.title_is_lead):
            story.title, story.title_is_lead = feats.title, False
        elif story.title is None:
            story.title, story.title_is_lead = feats.lead, True
        self.story_of_[feats.id] = story.id
        bucket = -1 if feats.day is None else feats.day // BUCKET_DAYS
        for key in vectors.keys:
            buckets = self.index_.setdefault(key, {})
            if bucket not in buckets:
                buckets[bucket] = set()
                if key in self._buckets_sorted:
                    bisect.insort(self._buckets_sorted[key], bucket)
            buckets[bucket].add(story.id)

    def _buckets_near(self, key: str, day: int | None, buckets: dict[int, set[str]]) -> list[int]:
        """Date buckets an article of ``day`` may match: those within the gap cap, plus undated ones."""
        if day is None:
            return list(buckets)
        if len(buckets) <= 4:  # most keys: a scan is cheaper than keeping their sorted list
            centre, reach = day // BUCKET_DAYS, MAX_GAP_DAYS // BUCKET_DAYS + 1
            return [b for b in buckets if b == -1 or abs(b - centre) <= reach]
        order = self._buckets_sorted.get(key)
        if order is None:  # first use of this key's list (or a state just loaded)
            order = self._buckets_sorted[key] = sorted(buckets)
        centre, reach = day // BUCKET_DAYS, MAX_GAP_DAYS // BUCKET_DAYS + 1
        near = order[bisect.bisect_left(order, centre - reach):bisect.bisect_right(order, centre + reach)]
        return near if -1 not in buckets or (near and near[0] == -1) else [-1, *near]


def _norm(vector: dict[str, float]) -> float:
    return math.sqrt(sum(w * w for w in vector.values()))


def top_keys(weights: dict, n: int) -> list:
    """The ``n`` keys of highest weight, ties by key: ``sorted(weights.items(), key=(-weight, key))[:n]``'s keys.

    Only the weights at or above the n-th highest are sorted with a key (every key with a higher
    weight is among the n, the ties at the n-th are taken in key order), so a 150-word article or
    a story of thousands of words costs one C-level sort of its weights (issue 12 timing).
    """
    if len(weights) > n:
        cutoff = sorted(weights.values(), reverse=True)[n - 1]
        chosen = [(k, w) for k, w in weights.items() if w >= cutoff]
    else:
        chosen = list(weights.items())
    chosen.sort(key=lambda kv: (-kv[1], kv[0]))
    return [k for k, _ in chosen[:n]]


def _cosine(rows: list[tuple[str, float, float]], story_sum, story_norm2: float, norm: float) -> float:
    """Cosine of an IDF-weighted article vector (``rows``: key, weight, idf; length ``norm``) with a story's
    summed vector (IDF on the fly)."""
    if not rows or story_norm2 <= 0:
        return 0.0
    dot = 0.0
    get = story_sum.get
    for key, weight, idf in rows:
        value = get(key)
        if value:
            dot += weight * value * idf
    return dot / (norm * math.sqrt(story_norm2)) if norm else 0.0


def _set_rows(words: frozenset[str], idf, unseen: float) -> tuple[list[tuple[str, float, float]], float]:
    """(word, idf, idf²) per word of a set, in its iteration order, and Σ idf² in that order."""
    rows, norm2 = [], 0.0
    for word in words:
        weight = idf(word, unseen)
        square = weight * weight
        norm2 += square
        rows.append((word, weight, square))
    return rows, norm2


def _set_cosine(rows: list[tuple[str, float, float]], norm2: float, story_sum: dict[str, int],
                story_norm2: float) -> float:
    """Cosine of a set of words (IDF-weighted; :func:`_set_rows`) with a story's summed word counts (IDF-weighted)."""
    if not rows or story_norm2 <= 0:
        return 0.0
    dot = 0.0
    get = story_sum.get
    for word, _, square in rows:
        count = get(word)
        if count:
            dot += square * count
    return dot / math.sqrt(norm2 * story_norm2)


def _add_set(story_sum: dict[str, int], norm2: float, rows: list[tuple[str, float, float]]) -> float:
    """Add one article's word set (:func:`_set_rows`) to a story's counts; return the updated IDF-weighted norm²."""
    get = story_sum.get
    for word, weight, _ in rows:
        old = get(word, 0)
        story_sum[word] = old + 1
        norm2 += (2 * old + 1) * weight * weight
    return norm2


def _fill_margins(rows: list[list[float]]) -> None:
    """Set each row's "margin": its content minus the best content among the other candidates."""
    content, margin = 0, 10  # positions in FEATURES
    if len(rows) == 1:
        rows[0][margin] = rows[0][content]
        return
    order = sorted(range(len(rows)), key=lambda i: -rows[i][content])
    first, second = rows[order[0]][content], rows[order[1]][content]
    for i, row in enumerate(rows):
        row[margin] = row[content] - (second if i == order[0] else first)

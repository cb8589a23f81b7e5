"""Reference summarizers to measure newsbrief against, all fed OUR sentences.

Every baseline takes the story's articles already cleaned and split by
:mod:`newsbrief.nlp` (the same input :func:`newsbrief.summarize.summarize`
sees) and returns whole sentences in reading order. Their outputs may run
past the budget: the evaluation cuts every system to the first N words, the
way the official scorer does, so a baseline that fills the budget is not
penalized for its last, cut sentence.

* :func:`lead`: round-robin lead — the first sentence of each article, then
  the second of each, and so on (the strongest simple baseline for news).
* :func:`first_article`: the first article's sentences in order.
* :func:`lexrank` / :func:`textrank`: sumy's graph rankers over our sentences
  and tokens (sumy's own NLTK tokenizer needs data we cannot install).
* :func:`centroid`, :func:`concept_ilp`, :func:`submodular`: the classic multi-document
  summarizers (MEAD's centroid, Gillick & Favre's ICSISumm concept ILP, Lin & Bilmes' submodular
  coverage + diversity), re-implemented from their papers with the papers' constants (issue 10).
* :func:`oracle`: greedy ROUGE oracle; it reads the references, so it is an
  upper bound that shows headroom, never a system.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .models import ParsedArticle, Sentence
from .nlp import sentence_pipeline


def lead(articles: Sequence[ParsedArticle], *, budget_words: int) -> tuple[Sentence, ...]:
    """Round-robin lead: sentence 1 of every article, then sentence 2 of every article, ...

    Stops once ``budget_words`` words are reached (the last sentence may run over).

    Example:
        >>> [s.text for s in lead(parsed, budget_words=50)]  # doctest: +SKIP
    """
    picked: list[Sentence] = []
    used = 0
    depth = max((len(a.sentences) for a in articles), default=0)
    for index in range(depth):
        for article in articles:
            if index < len(article.sentences):
                sentence = article.sentences[index]
                picked.append(sentence)
                used += sentence.words
                if used >= budget_words:
                    return tuple(picked)
    return tuple(picked)


def first_article(articles: Sequence[ParsedArticle], *, budget_words: int) -> tuple[Sentence, ...]:
    """The first article (with text left after cleaning), from its start up to the budget."""
    picked: list[Sentence] = []
    used = 0
    for sentence in next((a.sentences for a in articles if a.sentences), ()):
        if used >= budget_words:
            break
        picked.append(sentence)
        used += sentence.words
    return tuple(picked)


class _OurTokenizer:
    """sumy's tokenizer interface (``to_words``) over newsbrief's spaCy tokenizer."""

    def to_words(self, text: str) -> list[str]:
        return [t.text for t in sentence_pipeline().tokenizer(text) if not (t.is_punct or t.is_space)]

    def to_sentences(self, text: str) -> list[str]:  # sumy's interface; we never hand it unsplit text
        raise NotImplementedError("newsbrief splits sentences itself")


@lru_cache(maxsize=1)
def _sumy_parts():
    """The stemmer and stop list sumy uses for English; both ship inside the packages (no downloads)."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    return Stemmer("english"), get_stop_words("english")


@dataclass(frozen=True, slots=True)
class _SumyInput:
    document: object  # sumy ObjectDocumentModel
    ours: dict  # sumy Sentence -> our Sentence (first one when two articles share a sentence)


def _sumy_document(articles: Sequence[ParsedArticle]) -> _SumyInput:
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence

    tokenizer = _OurTokenizer()
    paragraphs = []
    ours: dict = {}
    for article in articles:
        by_paragraph: dict[int, list] = {}
        for sentence in article.sentences:
            theirs = SumySentence(sentence.text, tokenizer)
            ours.setdefault(theirs, sentence)
            by_paragraph.setdefault(sentence.paragraph, []).append(theirs)
        paragraphs.extend(Paragraph(group) for group in by_paragraph.values())
    return _SumyInput(ObjectDocumentModel(paragraphs), ours)


def _budget_count(budget_words: int):
    """A sumy ``sentences_count`` callable: best-rated sentences until the budget is filled."""

    def count(infos):
        picked, used = [], 0
        for info in infos:  # sumy passes them best first
            if used >= budget_words:
                break
            picked.append(info)
            used += len(str(info.sentence).split())
        return picked

    return count


def _run_sumy(summarizer_class, articles: Sequence[ParsedArticle], budget_words: int) -> tuple[Sentence, ...]:
    stemmer, stop_words = _sumy_parts()
    summarizer = summarizer_class(stemmer)
    summarizer.stop_words = stop_words
    parsed = _sumy_document(articles)
    if not parsed.document.sentences:
        return ()
    chosen = summarizer(parsed.document, _budget_count(budget_words))
    return tuple(parsed.ours[s] for s in chosen)


def lexrank(articles: Sequence[ParsedArticle], *, budget_words: int) -> tuple[Sentence, ...]:
    """sumy's LexRank over our sentences, best-rated until the budget, in document order."""
    from sumy.summarizers.lex_rank import LexRankSummarizer

    return _run_sumy(LexRankSummarizer, articles, budget_words)


def textrank(articles: Sequence[ParsedArticle], *, budget_words: int) -> tuple[Sentence, ...]:
    """sumy's TextRank over our sentences, best-rated until the budget, in document order."""
    from sumy.summarizers.text_rank import TextRankSummarizer

    return _run_sumy(TextRankSummarizer, articles, budget_words)


@lru_cache(maxsize=1)
def _rouge_tokenizer():
    from rouge_score.tokenizers import DefaultTokenizer

    return DefaultTokenizer(use_stemmer=True)


@dataclass(frozen=True, slots=True)
class _Grams:
    """Unigram and bigram counts of one text, as ROUGE tokenizes it."""

    one: Counter
    two: Counter

    @classmethod
    def of(cls, text: str) -> _Grams:
        tokens = _rouge_tokenizer().tokenize(text)
        return cls(Counter(tokens), Counter(zip(tokens, tokens[1:])))


def _f1(overlap: int, predicted: int, reference: int) -> float:
    if not overlap or not predicted or not reference:
        return 0.0
    precision, recall = overlap / predicted, overlap / reference
    return 2 * precision * recall / (precision + recall)


def oracle(
    articles: Sequence[ParsedArticle], *, budget_words: int, references: Sequence[str]
) -> tuple[Sentence, ...]:
    """Greedy extractive oracle: keep adding the sentence that most raises ROUGE-1 F + ROUGE-2 F.

    ROUGE is the mean over ``references``, as in the evaluation. Only
    sentences that still fit in ``budget_words`` are tried; it stops when no
    sentence raises the score. Bigrams across sentence boundaries are ignored
    while choosing (they barely matter and would make each step quadratic).
    Returns the chosen sentences in document order.
    """
    sentences = [s for a in articles for s in a.sentences]
    refs = [_Grams.of(r) for r in references if r.strip()]
    if not sentences or not refs:
        return ()
    grams = [_Grams.of(s.text) for s in sentences]
    ref_len = [(sum(r.one.values()), sum(r.two.values())) for r in refs]
    ours = _Grams(Counter(), Counter())
    overlap = [[0, 0] for _ in refs]  # per reference: clipped unigram and bigram matches so far
    size = [0, 0]
    best_score, used, chosen = 0.0, 0, []

    def gain(candidate: _Grams) -> tuple[float, list[list[int]]]:
        new_overlap, total = [], 0.0
        new_size = (size[0] + sum(candidate.one.values()), size[1] + sum(candidate.two.values()))
        for r, ref in enumerate(refs):
            row = []
            for order, (have, add, want) in enumerate(
                ((ours.one, candidate.one, ref.one), (ours.two, candidate.two, ref.two))
            ):
                # Only the candidate's n-grams can change the clipped match count.
                delta = sum(min(have[g] + c, want[g]) - min(have[g], want[g]) for g, c in add.items() if g in want)
                row.append(overlap[r][order] + delta)
                total += _f1(row[-1], new_size[order], ref_len[r][order])
            new_overlap.append(row)
        return total / len(refs), new_overlap

    remaining = set(range(len(sentences)))
    while remaining:
        best = None
        for i in sorted(remaining):
            if used + sentences[i].words > budget_words:
                continue
            score, new_overlap = gain(grams[i])
            if score > best_score + 1e-12 and (best is None or score > best[0]):
                best = (score, i, new_overlap)
        if best is None:
            break
        best_score, i, overlap = best
        ours.one.update(grams[i].one)
        ours.two.update(grams[i].two)
        size = [size[0] + sum(grams[i].one.values()), size[1] + sum(grams[i].two.values())]
        used += sentences[i].words
        chosen.append(i)
        remaining.discard(i)
    return tuple(sentences[i] for i in sorted(chosen))




# --- classic multi-document summarizers (issue 10) -----------------------------------------------------
#
# Re-implemented from their papers over our sentences, so the comparison is about selection alone.
# Their constants are the papers' own, not tuned on our data.

# Gillick & Favre (2009): sentences under 10 words never enter, a bigram is a concept when at least 3
# documents hold it (of TAC's 10; a story of 2-3 articles needs it in 2, see _min_df).
ILP_MIN_SENTENCE_WORDS = 10
ILP_MIN_DF = 3
# Lin & Bilmes (2011), DUC 2004 settings: saturation alpha = a / N with a = 5, diversity weight 6,
# clusters 0.2 N (k-means), cost scaling r = 0.3.
SUBMODULAR_A = 5.0
SUBMODULAR_LAMBDA = 6.0
SUBMODULAR_CLUSTERS = 0.2
SUBMODULAR_R = 0.3
# Radev et al. (2004) MEAD-style centroid: the centroid keeps its words with tf-idf over this share of
# the top one; a sentence more than this similar to a chosen one is redundant.
CENTROID_KEEP = 0.1
CENTROID_REDUNDANCY = 0.5


def _story_sentences(articles: Sequence[ParsedArticle], min_words: int) -> list[tuple[int, Sentence]]:
    return [(k, s) for k, a in enumerate(articles) for s in a.sentences if s.words >= min_words]


def _min_df(n_documents: int) -> int:
    """ICSI's 3 of 10 documents; a story of two or three articles needs a bigram in two of them."""
    return max(1, min(ILP_MIN_DF, n_documents - 1))


def concept_ilp(articles: Sequence[ParsedArticle], *, budget_words: int) -> tuple[Sentence, ...]:
    """Gillick & Favre's concept ILP (ICSISumm): the sentences that cover the most document-frequency
    weighted bigrams within the budget, solved exactly by HiGHS (:func:`newsbrief.summarize.coverage_ilp.solve_coverage`).

    Concepts are bigrams of stemmed words (not both stop words); a concept's weight is the number
    of documents holding it, and only concepts in at least :func:`_min_df` documents count. A
    one-article story uses bigrams that occur at least twice.
    """
    from .summarize.coverage_ilp import solve_coverage
    from .summarize import concept_bigrams

    candidates = _story_sentences(articles, ILP_MIN_SENTENCE_WORDS) or _story_sentences(articles, 1)
    if not candidates:
        return ()
    grams = [concept_bigrams(s.text) for _, s in candidates]
    df: Counter = Counter()
    for k in {k for k, _ in candidates}:
        df.update(set().union(*(g for (a, _), g in zip(candidates, grams) if a == k)))
    if len(articles) == 1:
        df = Counter(g for gs in grams for g in gs)
    floor = _min_df(len(articles)) if len(articles) > 1 else 2
    weights = {g: float(n) for g, n in df.items() if n >= floor}
    chosen = solve_coverage(
        [{g for g in gs if g in weights} for gs in grams],
        weights,
        [s.words for _, s in candidates],
        budget_words,
    )
    return tuple(candidates[i][1] for i in sorted(chosen))


def _tfidf_rows(texts: list[str]):
    """Sentence rows of tf × idf (idf over the story's sentences), L2-normalised, as a CSR matrix."""
    import numpy as np
    from scipy import sparse

    from .summarize import analyzer

    tokens = [analyzer(t) for t in texts]
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for i, words in enumerate(tokens):
        for w in words:
            rows.append(i)
            cols.append(vocabulary.setdefault(w, len(vocabulary)))
    counts = sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(texts), max(1, len(vocabulary))))
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log(len(texts) / np.maximum(df, 1)) + 1.0
    weights = counts @ sparse.diags(idf)
    norms = np.sqrt(weights.multiply(weights).sum(axis=1)).A1
    return sparse.csr_matrix(sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ weights)


def submodular(articles: Sequence[ParsedArticle], *, budget_words: int) -> tuple[Sentence, ...]:
    """Lin & Bilmes (2011): greedy on saturated coverage plus a square-root diversity reward.

    F(S) = sum_i min(C_i(S), alpha C_i(V)) + lambda sum_k sqrt(sum_{j in S, P_k} r_j), C_i(S) the
    tf-idf cosine of sentence i with S, P_k k-means clusters, r_j sentence j's mean similarity. The
    cost-scaled greedy (gain / words^r) with the best single sentence as fallback keeps the
    paper's constant-factor guarantee. Quadratic in sentences: a baseline, not our path.
    """
    import numpy as np
    from scipy.cluster.vq import kmeans2

    candidates = _story_sentences(articles, 1)
    if not candidates:
        return ()
    vectors = _tfidf_rows([s.text for _, s in candidates])
    sims = (vectors @ vectors.T).toarray()
    n = len(candidates)
    alpha = SUBMODULAR_A / n
    cap = alpha * sims.sum(axis=1)
    reward = sims.mean(axis=0)
    k = max(1, int(round(SUBMODULAR_CLUSTERS * n)))
    if k > 1 and min(vectors.shape) > 2:
        # k-means on a 100-dimension SVD of the tf-idf rows: the full vocabulary made 25-article
        # stories take minutes, and the clusters only group sentences for the diversity reward.
        from scipy.sparse.linalg import svds

        u, sigma, _ = svds(vectors, k=min(100, min(vectors.shape) - 1), random_state=0)
        _, cluster = kmeans2(u * sigma, k, minit="++", seed=0)
    else:
        cluster = np.zeros(n, dtype=int)
    words = np.array([max(1, s.words) for _, s in candidates], dtype=float)

    def value(covered: np.ndarray, mass: np.ndarray) -> float:
        return float(np.minimum(covered, cap).sum() + SUBMODULAR_LAMBDA * np.sqrt(mass).sum())

    covered, mass = np.zeros(n), np.zeros(int(cluster.max()) + 1)
    chosen: list[int] = []
    used, current = 0.0, 0.0
    open_ = np.ones(n, dtype=bool)
    while True:
        fits = open_ & (used + words <= budget_words)
        if not fits.any():
            break
        # Every candidate's gain at once: coverage through the saturated sums, diversity per cluster.
        coverage = np.minimum(covered[:, None] + sims, cap[:, None]).sum(axis=0) - np.minimum(covered, cap).sum()
        diversity = np.sqrt(mass[cluster] + reward) - np.sqrt(mass[cluster])
        gain = (coverage + SUBMODULAR_LAMBDA * diversity) / words**SUBMODULAR_R
        gain[~fits] = -np.inf
        best = int(np.argmax(gain))
        if gain[best] <= 0:
            break
        covered += sims[:, best]
        mass[cluster[best]] += reward[best]
        current = value(covered, mass)
        used += words[best]
        chosen.append(best)
        open_[best] = False
    singles = np.flatnonzero(words <= budget_words)
    if len(singles):
        alone = np.minimum(sims[:, singles], cap[:, None]).sum(axis=0) + SUBMODULAR_LAMBDA * np.sqrt(reward[singles])
        if alone.max() > current:
            chosen = [int(singles[np.argmax(alone)])]
    return tuple(candidates[i][1] for i in sorted(chosen))


def centroid(articles: Sequence[ParsedArticle], *, budget_words: int) -> tuple[Sentence, ...]:
    """MEAD-style centroid summarizer: cosine with the story's tf-idf centroid plus a position
    score, best first, skipping a sentence too similar to one already chosen."""
    import numpy as np

    candidates = _story_sentences(articles, 1)
    if not candidates:
        return ()
    vectors = _tfidf_rows([s.text for _, s in candidates])
    center = np.asarray(vectors.sum(axis=0)).ravel()
    center[center < CENTROID_KEEP * center.max()] = 0.0
    center /= np.linalg.norm(center) or 1.0
    fit = vectors @ center
    lengths = {k: len(a.sentences) for k, a in enumerate(articles)}
    position = np.array([1.0 - s.index / max(1, lengths[k]) for k, s in candidates])
    score = fit / (fit.max() or 1.0) + position
    chosen: list[int] = []
    used = 0
    for j in np.argsort(-score, kind="stable"):
        if used >= budget_words:
            break
        if chosen and (vectors[chosen] @ vectors[j].T).toarray().max() > CENTROID_REDUNDANCY:
            continue
        chosen.append(int(j))
        used += candidates[j][1].words
    return tuple(candidates[i][1] for i in sorted(chosen))


# Budget-only baselines by name, in the order the evaluation table lists them.
BASELINES = {
    "lead": lead,
    "first": first_article,
    "lexrank": lexrank,
    "textrank": textrank,
    "centroid": centroid,
    "ilp": concept_ilp,
    "submodular": submodular,
}

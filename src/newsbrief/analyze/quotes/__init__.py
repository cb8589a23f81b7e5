"""Quotes: who said what, across a story's articles.

Quoted spans are found from the quotation marks; the speaker comes from the
speech verb nearest the quote in its sentence ("said", "told", "replied",
"according to") and that verb's subject in the spaCy parse; where the parser garbles the tag, its
shape decides ("said X, who ...", '"...," X, a spokesman, said', '"...," a source shared'). A named subject
resolves to its canonical entity; an unnamed one ("a senior State Department
official") becomes ``speaker_description``; "he"/"she" resolve to the most
recent person who was a sentence subject or a speaker (or the previous sentence's
untagged proper-noun subject, through sentences whose subject is the same pronoun); "they" to the plural
subject of the sentence before; "as X says, ..." gives X the clause it modifies; "the sheriff said" to the one
person the article named earlier with that title, else "the front-runner said" to the one person the sentence
before names; a document or body ("The memorandum said", "it said" of one) to its issuer when the text names
it, else it is an unnamed source. A learned ranker (``speakers.py``, issue 11) may then give a quote to another
person near it when it finds the rules' answer more likely wrong than right.
A quote with no attribution of its own continues the previous quote when it follows it in the
same or the next paragraph. Broadcast transcripts ("NAME: ...") make each
turn a quote, except the programme's hosts and reporters, whose turns are
narration. The same quote in several outlets becomes one entry.

This module finds the quotes of each article and merges outlets; :mod:`.attribute` gives a quote its
speaker, from the speech verb and its subject (:mod:`.verbs`) named as an entity, or through a
pronoun, title or document (:mod:`.names`); :mod:`.words` holds the word lists they share.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc

from ...models import ParsedArticle, Quote
from ...nlp import paragraphs
from . import speakers as speakers_model
from ..entities import EntityIndex, name_key
from ..quotemarks import OPENING_MARKS, quoted_spans, strip_opening
from .attribute import _attribute, _named_after, _quoted_subject, _reporter_between
from .verbs import _reports_speech
from .words import SPEECH_VERBS, _doc_text, _sentence, _Span, _Spans

# Quoted spans shorter than this are scare quotes or labels ("red line"), not speech.
# 4 words keeps "This is the start..." style lines; checked by hand on the seed story.
MIN_QUOTE_WORDS = 4
# Two quotes with at least this share of the shorter one's word bigrams are the same
# quote carried by several outlets (wire copy edits "there's" to "there is").
SAME_QUOTE_OVERLAP = 0.6
# Within one article only a near-verbatim repeat is the same quote (a photo caption restating a
# sentence, 44916c0c in tests/fixtures/seed_annotations.json).
SAME_ARTICLE_OVERLAP = 0.9
# Words in a transcript label that are roles, not names: "PRIME MINISTER DAVID CAMERON".
LABEL_ROLES = frozenset({"BYLINE", "HOST", "ANCHOR", "CORRESPONDENT", "REPORTER"})
_TRANSCRIPT_LABEL = re.compile(r"^(?P<name>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*)(?:, (?P<role>[A-Z][A-Z ]+))?: ")
_HOST_INTRO = re.compile(r"\bI'm ([A-Z][a-z]+(?: [A-Z][a-z]+)+)")
_WORD = re.compile(r"[a-z0-9]+")


def find_quotes(
    articles: Sequence[ParsedArticle], docs: Sequence[Doc], index: EntityIndex, *, ranker=None
) -> tuple[Quote, ...]:
    """Every attributed quote of the story, the same quote in several outlets merged.

    Args:
        articles: the parsed articles of one story.
        docs: ``docs[i]`` is the full spaCy Doc of ``articles[i].clean.text``.
        index: the story's entities (``entities.build_index``), to name speakers.
        ranker: chooses each quote's speaker among the rules' answer and the others near it
            (``speakers.SpeakerModel``); None: the rules' answer.

    Returns:
        Quotes in the order they first appear; ``speaker`` is a canonical
        entity name or None with ``speaker_description`` saying who spoke.

    Example:
        >>> [(q.speaker, q.text[:20]) for q in find_quotes(arts, docs, index)][:1]  # doctest: +SKIP
        [('John Kerry', 'The alternative is t')]
    """
    found: list[_Span] = []
    for number, (parsed, doc) in enumerate(zip(articles, docs)):
        found.extend(_article_quotes(number, parsed, doc, index, ranker))
    return _merge_outlets(found)


def _article_quotes(number: int, parsed: ParsedArticle, doc: Doc, index: EntityIndex, ranker=None) -> list[_Span]:
    text = parsed.clean.text
    # Only the part the Doc holds (analyze.MAX_PARSE_CHARS): a quote is attributed from the parse, and
    # scanning the rest of a 20 MB article cost more than its parse (issue 13).
    paras = paragraphs(text[: len(_doc_text(doc))])
    labels = [_TRANSCRIPT_LABEL.match(text[a:b]) for a, b in paras]
    transcript = sum(1 for m in labels if m) >= 2
    narrators = _narrators(text, labels) if transcript else set()
    out: list[_Span] = []
    speakers: list[tuple[int, str | None, str | None]] = []  # (position, speaker, description)
    # Names inside any quote of the article are never who "he said" means.
    every_quote = _Spans(q for a, b in paras for q in quoted_spans(text, a, b))
    context = None  # what the ranker's candidates come from, made at the article's first quote
    turn: str | None = None  # the current transcript speaker; None while a host or reporter narrates
    for p, ((a, b), label) in enumerate(zip(paras, labels)):
        headline = None if transcript else _headline_quote(parsed, doc, index, a, b, p)
        if headline is not None:
            out.append(headline)
            speakers.append((b, headline.speaker, None))
            continue
        if transcript and label:
            name = label.group("name")
            if label.group("role") in LABEL_ROLES or name.split()[-1] in narrators:
                turn = None
            else:
                turn = _label_speaker(name, index)
                body_start = a + label.end()
                out.append(_turn_quote(parsed, doc, turn, body_start, b, p))
                speakers.append((body_start, turn, None))
                continue
        elif transcript and turn is not None:
            # An unlabelled paragraph inside a speaker's turn is still that speaker.
            previous = out[-1]
            out[-1] = replace(previous, end=b, text=_join(previous.text, text[a:b].strip()))
            continue
        spans = quoted_spans(text, a, b)
        for k, (start, end) in enumerate(spans):
            words = text[start:end].split()
            # A short piece is kept when the quote goes on after its attribution:
            # '"Hype increases value," she said. "On the other hand, ..."', '"Got that?" she wrote. "It is ..."'.
            opens_more = text[start:end].rstrip()[-1:] in (",", "?", "!", ".") and k + 1 < len(spans)
            # Title case after a colon is a headline's quote ("Wiig: 'I'd Like To Apologise ...'"), not a name.
            headline_case = strip_opening(text[a:start]).endswith(":")
            if (len(words) < MIN_QUOTE_WORDS and not opens_more) or (_is_title(words) and not headline_case):
                continue
            speaker, description = _attribute(doc, index, number, start, end, speakers, paras, every_quote)
            path = "verb"
            if speaker is None and description is None and k == 0:
                # 'Art Iwasaki "In my company ..."': a radio transcript's name label, no verb and no colon.
                speaker = _name_label(strip_opening(text[a:start]), index)
                path = "label" if speaker else path
            if speaker is None and description is None and p > 0 and _opens_paragraph(text, a, start):
                # 'Lutz says he was happy to take part:' then the quote as its own paragraph.
                pa, pb = paras[p - 1]
                if text[pa:pb].rstrip().endswith(":") or _reports_speech(doc, pa, pb, every_quote):
                    speaker, description = _attribute(
                        doc, index, number, start, end, speakers, paras, every_quote, window=(pa, pb)
                    )
                    path = "lead-in"
                elif not _continues_quote(out, parsed.id, p, start):
                    # 'Yokich also bristled at suggestions that ...' then the quote as its own paragraph:
                    # the subject of that sentence, when the article has already quoted that person.
                    speaker = _quoted_subject(doc, index, number, pa, pb, every_quote, speakers)
                    path = "paragraph-subject"
            quote_text = text[start:end].strip().rstrip(",").strip()
            sentence = _sentence(doc, start)
            if speaker is None and description is None and not _continues_quote(out, parsed.id, p, start):
                # '"We will rebuild every house." The pledge came from Mayor Ana Ruiz.'
                speaker, description = _named_after(doc, index, number, end, every_quote, speakers, (a, b))
                path = "next-sentence"
            if speaker is None and description is None and _continues_quote(out, parsed.id, p, start):
                # One-paragraph wire copy: 'Meinecke said ... McCarthy suggested ..., she said. Giving a rat
                # testosterone creates "a male brain."' is hers, not a continuation of his quote.
                speaker, description = _reporter_between(doc, index, number, out[-1], start, speakers, every_quote)
                path = "reporter-between"
            if ranker is not None:
                # The learned choice among the rules' answer and the other people near the quote (issue 11).
                continues = _continues_quote(out, parsed.id, p, start)
                previous = speakers[-1][1] if speakers else None
                answer = (speaker, description)
                if context is None:
                    context = speakers_model.ArticleContext(doc, index, number, every_quote, SPEECH_VERBS,
                                                            len(_doc_text(doc)))
                options = speakers_model.candidates(context, start, end, answer,
                                                    path if answer != (None, None) else "none", previous, continues)
                chosen = ranker.choose(parsed.id, start, end, options)
                # A piece that continues the previous quote is already that speaker's: naming them again
                # would only cut one quote in two.
                again = continues and answer == (None, None) and name_key(chosen.speaker or "") == name_key(
                    out[-1].speaker or "") and chosen.speaker is not None
                speaker, description = (None, None) if again else (chosen.speaker, chosen.description)
            if speaker is None and description is None:
                if _continues_quote(out, parsed.id, p, start):
                    previous = out[-1]
                    out[-1] = replace(previous, end=end, text=_join(previous.text, quote_text), paragraph=p)
                continue
            out.append(_Span(parsed.id, start, end, quote_text, speaker, description, sentence, p))
            speakers.append((end, speaker, description))
    # Short pieces kept only to carry the attribution on; alone they are not quotes.
    return [q for q in out if len(q.text.split()) >= MIN_QUOTE_WORDS]


def _continues_quote(out: list[_Span], article: str, p: int, start: int) -> bool:
    """Would a quote with no attribution here continue the previous one (same or next paragraph)?"""
    return bool(out) and out[-1].article == article and p - out[-1].paragraph <= 1 and out[-1].end <= start


_HEADLINE = re.compile(r"^(?P<name>[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}): (?P<body>\S.*)$")


def _headline_quote(parsed: ParsedArticle, doc: Doc, index: EntityIndex, a: int, b: int, p: int) -> _Span | None:
    """A headline or one-line transcript turn "Kerry: We will not walk away" whose label is a person
    or organization the story names."""
    text = parsed.clean.text
    match = _HEADLINE.match(text[a:b])
    if not match or len(match.group("body").split()) < MIN_QUOTE_WORDS or len(text[a:b].split()) > 40:
        return None
    entity = index.resolve(match.group("name"))
    if entity is None or entity.type not in ("PERSON", "ORG"):
        return None
    body = match.group("body").strip()
    start = a + match.start("body")
    inner = body.strip(OPENING_MARKS + "”’»“").strip()
    return _Span(parsed.id, start, b, inner, entity.name, None, _sentence(doc, start), p)


def _join(first: str, more: str) -> str:
    """Two pieces of one quote; an ellipsis marks where the attribution ("he said") was cut."""
    return f"{first} {more}" if first[-1:] in ".?!…" else f"{first} … {more}"


def _narrators(text: str, labels) -> set[str]:
    """Surnames of the programme's hosts and reporters: their turns are narration."""
    names = {m.group("name").split()[-1] for m in labels if m and m.group("role") in LABEL_ROLES}
    names |= {m.group(1).split()[-1].upper() for m in _HOST_INTRO.finditer(text)}
    return names


def _name_label(prefix: str, index: EntityIndex) -> str | None:
    """The person a paragraph opens with when nothing but their full name stands before its quote."""
    if not 2 <= len(prefix.split()) <= 4 or not all(w[:1].isupper() for w in prefix.split()):
        return None
    entity = index.resolve(prefix)
    return entity.name if entity is not None and entity.type == "PERSON" else None


def _label_speaker(label: str, index: EntityIndex) -> str:
    entity = index.resolve(label)
    if entity is not None:
        return entity.name
    words = [w for w in label.split() if w.lower() not in _LABEL_TITLE_WORDS]
    return " ".join(w.capitalize() for w in (words or label.split())[-3:])


_LABEL_TITLE_WORDS = frozenset(
    "president secretary secretary-general minister prime foreign senator sen. rep. governor gov. mayor general "
    "ambassador chancellor dr. mr. mrs. ms.".split()
)


def _turn_quote(parsed: ParsedArticle, doc: Doc, speaker: str, start: int, end: int, p: int) -> _Span:
    text = parsed.clean.text
    return _Span(parsed.id, start, end, text[start:end].strip(), speaker, None, _sentence(doc, start), p)


def _is_title(words: list[str]) -> bool:
    """Quoted names ("Action Group for Syria") are titles, not speech."""
    small = {"of", "for", "the", "and", "a", "an", "in", "on", "to"}
    return all(w[:1].isupper() or w.lower() in small for w in words if w[:1].isalpha())


def _opens_paragraph(text: str, para_start: int, quote_start: int) -> bool:
    return not strip_opening(text[para_start:quote_start])


def _merge_outlets(found: list[_Span]) -> tuple[Quote, ...]:
    """One entry per quote, with every article that carries it (same speaker or unknown)."""
    merged: list[tuple[_Span, list[str], set]] = []
    for span in found:
        grams = _bigrams(span.text)
        for i, (kept, ids, kept_grams) in enumerate(merged):
            if not _same_speaker(kept, span):
                continue
            shorter = min(len(grams), len(kept_grams)) or 1
            overlap = len(grams & kept_grams) / shorter
            # Within one article only a repeat (a caption restating the text) is the same quote:
            # nearly all word pairs shared and about the same length ("for a couple of days" said by
            # authorities is not Rogers' "walking for a couple of days").
            if span.article in ids:
                lengths = sorted((len(grams), len(kept_grams)))
                same = (overlap >= SAME_ARTICLE_OVERLAP and lengths[0] >= 0.8 * lengths[1]
                        and (kept.speaker, kept.description) == (span.speaker, span.description))
            else:
                same = overlap >= SAME_QUOTE_OVERLAP
            if same:
                if span.article not in ids:
                    ids.append(span.article)
                if len(span.text) > len(kept.text):
                    merged[i] = (replace(span, speaker=kept.speaker or span.speaker), ids, grams | kept_grams)
                else:
                    merged[i] = (kept, ids, grams | kept_grams)
                break
        else:
            merged.append((span, [span.article], grams))
    return tuple(
        Quote(text=s.text, speaker=s.speaker, speaker_description=None if s.speaker else s.description,
              articles=tuple(ids), sentence=s.sentence)
        for s, ids, _ in merged
    )


def _same_speaker(a: _Span, b: _Span) -> bool:
    return a.speaker == b.speaker or a.speaker is None or b.speaker is None


def _bigrams(text: str) -> set[tuple[str, str]]:
    words = _WORD.findall(text.lower().replace("’", "'"))
    return set(zip(words, words[1:])) if len(words) > 1 else {(w, "") for w in words}

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
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from ..models import ParsedArticle, Quote
from ..nlp import paragraphs
from ..lang import ENGLISH
from .entities import HONORIFICS, PARTICLES, EntityIndex, name_key
from .quotemarks import OPENING_MARKS, quoted_spans, strip_opening
from .spans import entities_at
from . import speakers as speakers_model

# Quoted spans shorter than this are scare quotes or labels ("red line"), not speech.
# 4 words keeps "This is the start..." style lines; checked by hand on the seed story.
MIN_QUOTE_WORDS = 4
# Two quotes with at least this share of the shorter one's word bigrams are the same
# quote carried by several outlets (wire copy edits "there's" to "there is").
SAME_QUOTE_OVERLAP = 0.6
# Within one article only a near-verbatim repeat is the same quote (a photo caption restating a
# sentence, 44916c0c in tests/fixtures/seed_annotations.json).
SAME_ARTICLE_OVERLAP = 0.9
# "call" counts: 'what he called a "specific series of steps"' names who chose the words.
SPEECH_VERBS = frozenset(
    """say tell add reply ask answer acknowledge warn stress explain insist note declare write announce state
    argue claim conclude recall respond suggest admit complain predict urge vow promise emphasize emphasise
    caution concede continue testify tweet assert maintain observe remark report call hint allege contend speculate
    boast counter recount reiterate mention quip joke shout chant yell scream cry whisper exclaim mutter plead beg
    demand decry denounce describe deny confirm agree lament wonder pledge post express voice""".split()
)
# Words in a transcript label that are roles, not names: "PRIME MINISTER DAVID CAMERON".
LABEL_ROLES = frozenset({"BYLINE", "HOST", "ANCHOR", "CORRESPONDENT", "REPORTER"})
_TRANSCRIPT_LABEL = re.compile(r"^(?P<name>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*)(?:, (?P<role>[A-Z][A-Z ]+))?: ")
_HOST_INTRO = re.compile(r"\bI'm ([A-Z][a-z]+(?: [A-Z][a-z]+)+)")
_WORD = re.compile(r"[a-z0-9]+")
_PRONOUNS = frozenset({"he", "she"})
# Object forms, for a speaker named as the agent of a passive verb ("was called by him as ...").
_OBJECT_PRONOUNS = {"him": "he", "her": "she"}


@dataclass(frozen=True, slots=True)
class _Span:
    """One quote in one article before cross-article merging."""

    article: str
    start: int
    end: int
    text: str
    speaker: str | None
    description: str | None
    sentence: str
    paragraph: int


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


def _reporter_between(doc: Doc, index: EntityIndex, number: int, previous: _Span, start: int, speakers, quoted):
    """The speaker of the last reporting clause ("she said", "Ruiz argued that ...") in the sentences
    between the previous quote's sentence and an untagged quote at ``start``, when that is someone
    other than the previous quote's speaker; else (None, None): the quote continues the previous one."""
    before = doc.char_span(previous.end - 1, previous.end, alignment_mode="expand")
    here = doc.char_span(start, start + 1, alignment_mode="expand")
    if not before or not here:
        return None, None
    # Sentences after the previous quote's own one (its tag is there) and before this quote's.
    lo, hi = before[-1].sent.end, here[0].sent.start
    for verb in reversed(doc[lo:hi] if lo < hi else ()):
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in SPEECH_VERBS or _inside(verb.idx, quoted):
            continue
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and not _inside(c.idx, quoted)]
        if not subjects:
            continue
        found = _name_speaker(subjects[0], doc, index, number, speakers, quoted)
        if found == (None, None):
            return found
        same = (name_key(found[0]) == name_key(previous.speaker) if found[0] and previous.speaker
                else found == (previous.speaker, previous.description))
        return (None, None) if same else found
    return None, None


# Nouns for what someone said: "The words came from ...", "That warning was issued by ...".
_UTTERANCE_NOUNS = frozenset(
    "words remark remarks comment comments pledge promise warning message statement verdict assessment plea".split()
)


def _named_after(doc: Doc, index: EntityIndex, number: int, end: int, every_quote, speakers, paragraph):
    """The speaker of a quote that ends its sentence, named in the next one: "So said X.",
    "X said on Tuesday.", "The words came from X." A next sentence that says something of its own
    (a speech verb with a clause) is not this quote's attribution."""
    if end >= len(_doc_text(doc)):
        return None, None
    here = doc.char_span(end - 1, end, alignment_mode="expand")
    if here is None or not len(here):
        return None, None
    nxt_start = here[-1].i + 1
    while nxt_start < len(doc) and (doc[nxt_start].is_punct or doc[nxt_start].is_space):
        nxt_start += 1
    # The next sentence: in the quote's paragraph or opening the next one.
    beyond = doc[nxt_start].idx > paragraph[1] if nxt_start < len(doc) else True
    if nxt_start >= len(doc) or beyond and _doc_text(doc)[paragraph[1] : doc[nxt_start].idx].strip():
        return None, None
    sent = doc[nxt_start].sent
    if sent.start < nxt_start - 1 and doc[sent.start].idx < end:
        return None, None  # the quote does not end its sentence
    if any(_inside(t.idx, every_quote) for t in sent) or len(sent) > 30:
        return None, None
    root = sent.root
    if root.lemma_.lower() in SPEECH_VERBS and not any(c.dep_ in ("ccomp", "xcomp") for c in root.children):
        subject = _speaker_token(root, every_quote)
        if subject is not None:
            return _name_speaker(subject, doc, index, number, speakers, every_quote)
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subjects and subjects[0].lemma_.lower() in _UTTERANCE_NOUNS:
        for tok in sent:
            if tok.dep_ == "pobj" and tok.head.lower_ in ("from", "by", "of") and tok.pos_ == "PROPN":
                return _name_speaker(tok, doc, index, number, speakers, every_quote)
    return None, None


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


def _sentence(doc: Doc, char: int) -> str:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None:
        return ""
    return span.sent.text.strip()


def _doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per Doc: spaCy joins every token anew per call, which made each
    quote cost the whole article (issue 13)."""
    text = doc.user_data.get("newsbrief_text")
    if text is None:
        text = doc.user_data["newsbrief_text"] = doc.text
    return text


class _Spans(list):
    """Character spans, sorted, that answer "is this character inside one?" by bisection: every
    token of a long article asked of every quote in it was quadratic (1 MB article: 1.9 s; issue 13)."""

    def __init__(self, spans) -> None:
        super().__init__(sorted(spans))
        self.starts = [a for a, _ in self]
        self.max_end = list(accumulate((b for _, b in self), max))

    def holds(self, char: int) -> bool:
        k = bisect_right(self.starts, char) - 1
        return k >= 0 and self.max_end[k] > char


def _inside(token_char: int, spans: list[tuple[int, int]]) -> bool:
    if isinstance(spans, _Spans):
        return spans.holds(token_char)
    return any(a <= token_char < b for a, b in spans)


def _reports_speech(doc: Doc, start: int, end: int, every_quote) -> bool:
    """Does this paragraph end in a sentence whose main verb is a speech verb ("Clark says the
    family is sick over their loss.")? A quote standing alone right after it is that speaker's."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or _inside(end - 1, every_quote):
        return False
    last = list(span.sents)[-1]
    return last.root.lemma_.lower() in SPEECH_VERBS and not any(_inside(t.idx, every_quote) for t in last)


def _quoted_subject(doc: Doc, index: EntityIndex, number: int, start: int, end: int, every_quote, speakers):
    """The person the last sentence of this paragraph is about (its main clause's subject), when
    that sentence quotes nobody and the article has already quoted that person; else None."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or not len(span):
        return None
    last = list(span.sents)[-1]
    if any(_inside(t.idx, every_quote) for t in last):
        return None
    subjects = [c for c in last.root.children if c.dep_ == "nsubj"]
    if not subjects:
        return None
    ent = next((e for e in entities_at(doc, subjects[0].i) if e.label_ == "PERSON"), None)
    name = _entity_in(ent, index, number) if ent is not None else None
    return name if name is not None and any(s == name for _, s, _ in speakers) else None


def _opens_paragraph(text: str, para_start: int, quote_start: int) -> bool:
    return not strip_opening(text[para_start:quote_start])


def _attribute(doc: Doc, index: EntityIndex, number: int, start: int, end: int, speakers, paras, every_quote,
               window=None):
    """(speaker, description) from the speech verb nearest the quote in its sentence(s).

    ``window`` (character span) replaces the quote's own sentences: the paragraph
    ending in a colon before a quote that stands alone.
    """
    first = doc.char_span(start, start + 1, alignment_mode="expand")
    last = doc.char_span(max(start, end - 1), end, alignment_mode="expand")
    if first is None or last is None:
        return None, None
    # The window: the sentences the quote touches, cut to the quote's paragraph.
    text = _doc_text(doc)
    p_start, p_end = next(((a, b) for a, b in paras if a <= start < b), (0, len(text)))
    w_start = max(first.sent.start_char, p_start)
    w_end = min(_past_title_cut(last.sent), p_end)
    if window is not None:
        w_start, w_end = window
        p_start, p_end = window
    # Quoted words in the window (this quote and any other) are never the attribution.
    quoted = [*every_quote, (start, end)]
    candidates = []
    for tok in doc.char_span(w_start, w_end, alignment_mode="expand") or ():
        if _inside(tok.idx, quoted) or tok.idx < w_start or tok.idx >= w_end:
            continue
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in SPEECH_VERBS:
            candidates.append(tok)
        elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            candidates.append(tok)
        elif tok.lower_ == "words" and tok.i > 1 and doc[tok.i - 1].lower_ == "the" and doc[tok.i - 2].lower_ == "in":
            candidates.append(tok)  # "in the words of Kremlin spokesman Dmitry Peskov"
    # A speech verb beats "according to" ("he said, '...,' according to Interfax": Interfax only reports it).
    candidates.sort(key=lambda t: (t.lower_ in ("according", "words"), min(abs(t.idx - start), abs(t.idx - end))))
    # The speech verb the quotation hangs on in the parse beats the nearest one: 'he cautioned that it
    # would be hard "because ...," the agency reported' is his, not the agency's.
    governing = _governing_speech_verb(doc, start, end, quoted, (p_start, p_end))
    if governing is not None:
        candidates = [governing, *(c for c in candidates if c.i != governing.i)]
    # 'he shot back: "..."': whatever verb introduces the quote with a colon attributes it.
    if strip_opening(text[w_start:start]).endswith(":"):
        lead = [t for t in doc.char_span(w_start, start, alignment_mode="contract") or ()
                if t.pos_ == "VERB" and not _inside(t.idx, quoted)]
        if lead:
            candidates.insert(0, lead[-1])
        else:
            # A headline or transcript turn with no verb, "... Tomas Greve: 'We Will Not Close ...'":
            # the person named right before the colon.
            lead_in = [t for t in doc.char_span(w_start, start, alignment_mode="contract") or ()
                       if t.text not in _QUOTE_GLYPHS and not t.is_space]
            named = lead_in[-2] if len(lead_in) > 1 and lead_in[-1].text == ":" else None
            if named is not None and named.pos_ == "PROPN" and not _inside(named.idx, quoted):
                phrase = " ".join(t.text for t in (*[c for c in named.lefts if c.dep_ == "compound"], named))
                entity = index.resolve(phrase) or index.resolve(named.text)
                if named.ent_type_ == "PERSON" or entity is not None and entity.type == "PERSON":
                    return _name_speaker(named, doc, index, number, speakers, quoted)
    for verb in candidates:
        subject = _speaker_token(verb, quoted)
        if subject is None:
            continue
        found = _name_speaker(subject, doc, index, number, speakers, quoted)
        tag_subject = _name_before_verb(verb, quoted) if found == (None, None) and subject.i < verb.i else None
        if tag_subject is not None and tag_subject.i != subject.i:
            found = _name_speaker(tag_subject, doc, index, number, speakers, quoted)
        if found[0] is not None and verb is governing and _is_outlet(found[0], index):
            # 'the committee also "hopes ...," Xinhua said': a news outlet passes on the words of the
            # subject whose predicate the quotation is.
            inner = _predicate_subject(doc, start, end, quoted)
            named = _name_speaker(inner, doc, index, number, speakers, quoted) if inner is not None else None
            found = named if named and named != (None, None) else found
        if found != (None, None):
            return _full_name(found, _doc_text(doc), index, number, start), found[1]
    if window is None:
        tag = _tag_verb(doc, end, w_end, quoted)
        subject = _speaker_token(tag, quoted) if tag is not None else None
        if subject is not None:
            found = _name_speaker(subject, doc, index, number, speakers, quoted)
            if found != (None, None):
                return found
        name = _dangling_name(doc, start, end, p_end)
        if name is not None:
            return _name_speaker(name, doc, index, number, speakers, quoted)
    return None, None


# Words in the name of a news outlet: "Xinhua News Agency", "the Coastal Gazette", "Radio Alder".
_OUTLET_WORDS = frozenset(
    "news agency press times post journal herald tribune gazette daily radio television tv newspaper wire "
    "broadcasting broadcaster".split()
)


def _is_outlet(name: str, index: EntityIndex) -> bool:
    """Is this speaker a news outlet ("Xinhua", short for the story's "Xinhua News Agency")?"""
    key = name_key(name)
    names = [key, *(k for k in index.by_key if k.startswith(key + " "))]
    return any(set(k.split()) & _OUTLET_WORDS for k in names)


def _predicate_subject(doc: Doc, start: int, end: int, quoted):
    """The subject, outside the quotation, of the verb the quotation opens with: "the committee" of
    'the committee also "hopes Macau will ..."'. None when the quotation is a whole clause."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or not len(span):
        return None
    heads = [t for t in span if not (span.start <= t.head.i < span.end) and t.head.i != t.i]
    if not heads or heads[0].pos_ not in ("VERB", "AUX"):
        return None
    subjects = [c for c in heads[0].children if c.dep_ in ("nsubj", "nsubjpass") and c.i < span.start
                and not _inside(c.idx, quoted)]
    if not subjects or subjects[0].pos_ == "PRON" and subjects[0].lower_ not in _PRONOUNS:
        return None
    return subjects[0]


def _tag_verb(doc: Doc, end: int, limit: int, quoted):
    """The verb of a quotative tag after the quotation, '"...," a friend of the family shared.': the
    one verb between the closing mark and the sentence end, with its subject there and no object or
    clause of its own (the quotation is what it says), however the parser attached the tag."""
    stretch = doc.char_span(end, limit, alignment_mode="contract")
    if stretch is None or not len(stretch):
        return None
    words = [t for t in stretch if not _inside(t.idx, quoted)]
    verbs = [t for t in words if t.pos_ == "VERB"]
    if len(verbs) != 1:
        return None
    verb = verbs[0]
    # A tag is set off from the quotation ('...," a friend shared'), and is no clause on a noun
    # ("the 'please take me back' letter Katie Holmes has received").
    before = _doc_text(doc)[max(0, end - 2) : end + 2]
    if verb.dep_ in ("relcl", "acl", "amod") or not any(ch in before for ch in ",?!"):
        return None
    inside = {t.i for t in words}
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp") and c.i in inside for c in verb.children):
        return None
    if not any(c.dep_ in ("nsubj", "nsubjpass") and c.i in inside for c in verb.children):
        return None
    return verb


def _dangling_name(doc: Doc, start: int, end: int, limit: int):
    """The wire's dropped verb, '"...," Diane Lauricella, chairwoman of the Sierra Club's chapter.':
    a person's name right after the closing mark that the parser could only hang on the quoted
    clause (no verb of its own) is the attribution."""
    after = doc.char_span(end, min(limit, end + 200), alignment_mode="expand")
    if after is None:
        return None
    for tok in after:
        if tok.idx < end or tok.is_punct or tok.is_space:
            continue
        if tok.pos_ != "PROPN" or tok.ent_type_ not in ("PERSON", ""):
            return None
        root = tok  # the name's head word: "Ana Ruiz" -> "Ruiz"
        while root.dep_ in ("compound", "flat") and root.head.pos_ == "PROPN" and root.head.i > root.i:
            root = root.head
        # Hung on the quoted clause, or the sentence's root with the quotation depending on it.
        if start <= root.head.idx < end or root.head.i == root.i:
            return root
        return None
    return None


def _past_title_cut(sent) -> int:
    """Where the sentence really ends: the parser cuts after a title ("Anaheim police Sgt." + "Bob Dunn
    said."), which the summary split repairs by the same rule (the language profile's ``title_end``)."""
    doc, end = sent.doc, sent.end
    title_end = ENGLISH.pattern("title_end")
    while end < len(doc) and title_end.search(doc[max(sent.start, end - 2) : end].text):
        end = doc[end].sent.end
    return doc[end - 1].idx + len(doc[end - 1].text) if end > sent.end else sent.end_char


def _full_name(found, text: str, index: EntityIndex, number: int, position: int) -> str | None:
    """A bare surname speaker two people share ("Gonzalez said" in a story of Elian and Juan Miguel
    Gonzalez) is the one of them this article named last before the quote, leaving out anyone the
    article calls by first name (news style: "Elian", "Betty" for the family member; "Gonzalez",
    "Wagner" for the other)."""
    speaker = found[0]
    if speaker is None or " " in speaker.strip():
        return speaker
    key = name_key(speaker)
    first_named = {m.entity for m in index.mentions if m.article == number and " " not in name_key(text[m.start:m.end])
                   and name_key(text[m.start:m.end]) == name_key(index.entities[m.entity].name).split()[0]}
    best = None
    for m in index.mentions:
        if m.article != number or m.start >= position or m.entity in first_named:
            continue
        entity = index.entities[m.entity]
        words = name_key(entity.name).split()
        if len(words) > 1 and words[-1] == key and entity.type == "PERSON" and (best is None or m.start > best.start):
            best = m
    return index.entities[best.entity].name if best is not None else speaker


def _governing_speech_verb(doc: Doc, start: int, end: int, quoted, paragraph: tuple[int, int]):
    """The speech verb the quoted words depend on: climb from the quotation's head word (the token of
    the quote whose head lies outside it) through the clauses above it, within the quote's paragraph
    (the sentence splitter may run two paragraphs together)."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or not len(span):
        return None
    # Heads outside the quotation but inside its paragraph: the parser may run the previous
    # paragraph's sentence into the quote's first one.
    heads = [t for t in span if not (span.start <= t.head.i < span.end) and t.head.i != t.i
             and paragraph[0] <= t.head.idx < paragraph[1]]
    if not heads:
        return None
    token = heads[0].head
    # 'As Ruiz says, engineers now look for cracks "that nobody could see before"': the clause an "as"
    # speech clause modifies is what its subject says, whatever the clause's own verb and subject.
    reported = _as_says(token, quoted, paragraph)
    if reported is not None:
        return reported
    # The quotation as the clausal complement of a verb outside it is what that verb's subject said,
    # whatever the verb ("the source shared", "the statement read", "she sang"): the relation, not
    # a word list, makes it speech.
    if (heads[0].dep_ in ("ccomp", "parataxis") and token.pos_ == "VERB" and not _inside(token.idx, quoted)
            and paragraph[0] <= token.idx < paragraph[1]
            and (any(c.dep_ in ("nsubj", "nsubjpass") and not _inside(c.idx, quoted) for c in token.children)
                 # '"...," rued the National Party': an inverted tag, its subject parsed as the object.
                 or token.idx >= end and _inverted_subject(token, quoted) is not None)):
        # Unless that clause is itself reported: 'a judge who said he had shown he "has no respect
        # ..."' are the judge's words (the speech verb above), not those of "he" who "had shown".
        reported = (token.dep_ in ("ccomp", "xcomp", "conj") and token.lemma_.lower() not in SPEECH_VERBS
                    and token.head.i != token.i)
        above = _speech_verb_above(token.head, start, end, quoted, paragraph) if reported else None
        return above if above is not None else token
    return _speech_verb_above(token, start, end, quoted, paragraph) or _holder_above(token, start, end, quoted,
                                                                                     paragraph)


def _holder_above(token, start: int, end: int, quoted, paragraph: tuple[int, int]):
    """With no speech verb above a quoted phrase, the verb whose clausal complement holds it, with a
    subject of its own outside the quotation: 'Officials believe that a ban will be the "last chance ..."'
    (the complement is what its subject holds, as for a quotation that is the whole complement)."""
    for _ in range(6):
        head = token.head
        if head.i == token.i or token.dep_ in ("relcl", "acl") or _inside(head.idx, quoted) \
                or not paragraph[0] <= head.idx < paragraph[1]:
            return None
        if token.dep_ == "ccomp" and head.pos_ == "VERB" and any(
                c.dep_ == "nsubj" and not _inside(c.idx, quoted) for c in head.children):
            return head
        token = head
    return None


def _speech_verb_above(token, start: int, end: int, quoted, paragraph: tuple[int, int]):
    """The first speech verb met climbing from ``token`` through at most six clauses, within the
    paragraph and outside the quotation at ``start``-``end``; None past a relative clause or the root."""
    for _ in range(6):
        if start <= token.idx < end or not paragraph[0] <= token.idx < paragraph[1]:
            return None
        # A passive with no agent names no speaker ('Iceland would be admitted into the EU so that it could
        # become "a much bigger player"': another sense of the word, or words nobody is said to say).
        passive = any(c.dep_ == "auxpass" for c in token.children) and not any(
            c.dep_ == "agent" for c in token.children)
        speech = token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in SPEECH_VERBS and not passive
        # Another quotation on the way up is climbed through ('the committee said it "took note" of
        # measures "to benefit ..."': the second quote hangs on the first, both on the committee's
        # "said"), but a speech verb inside one is quoted speech, not this quote's attribution.
        if _inside(token.idx, quoted):
            if speech:
                return None
        elif speech:
            return token
        # A relative clause ends the climb, a content clause on a noun does not: 'expressed the hope
        # that the talks would "never ..."' (its "that" a conjunction, not a pronoun of the clause).
        content = token.dep_ == "acl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)
        if token.head.i == token.i or token.dep_ == "relcl" or token.dep_ == "acl" and not content:
            return None
        token = token.head
        reported = _as_says(token, quoted, paragraph)
        if reported is not None:
            return reported
    return None


def _as_says(token, quoted, paragraph: tuple[int, int]):
    """The speech verb of an "as X says" clause hung on ``token`` ("As Ruiz says, engineers ..."), or None.
    The clause says nothing of its own: "As she said goodbye, ..." (an object) only tells when."""
    for child in token.children:
        if (child.dep_ == "advcl" and child.pos_ == "VERB" and child.lemma_.lower() in SPEECH_VERBS
                and any(g.dep_ == "mark" and g.lower_ == "as" for g in child.children)
                and not any(g.dep_ in ("dobj", "ccomp", "xcomp") for g in child.children)
                and not _inside(child.idx, quoted) and paragraph[0] <= child.idx < paragraph[1]):
            return child
    return None


def _speaker_token(verb, quoted):
    """The token naming who speaks for a speech verb, "according to X" or "in the words of X"."""
    if verb.lower_ in ("according", "words"):
        for tok in verb.doc[verb.i + 1 : verb.i + 4]:
            if tok.lower_ in ("to", "of"):
                objects = [c for c in tok.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
        return None
    said_as = any(g.dep_ == "pcomp" and g.lemma_.lower() in SPEECH_VERBS
                  for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children)
    if said_as and (quoted_one := _said_as_speaker(verb, quoted)) is not None:
        return quoted_one  # '"...," the agency quoted Greve as saying': the verb that takes the quote
    # 'Arrendel, who was called by him as "an athlete ..."': a passive speech verb's agent ("by him")
    # used the words, not its subject; "was quoted by X" names who passed them on.
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children
              if g.dep_ == "pobj" and not _inside(g.idx, quoted)]
    if agents and verb.lemma_.lower() != "quote" and any(c.dep_ == "auxpass" for c in verb.children):
        return agents[0]
    # 'the late harbor leader Tomas Greve once joked to her: "..."' parsed as a clause on "leader" (a reduced
    # relative): a speech verb with no agent, object or clause of its own says what that noun said.
    if (verb.dep_ == "acl" and verb.head.i < verb.i and verb.head.pos_ in ("NOUN", "PROPN") and not agents
            and not any(c.dep_ in ("dobj", "ccomp", "xcomp", "auxpass") for c in verb.children)
            and not _inside(verb.head.idx, quoted)):
        return verb.head
    head = verb
    for _ in range(4):
        # The small model sometimes hangs the subject on the auxiliary ("Caldera, 82, was catapulted").
        children = [*head.children, *(g for c in head.children if c.dep_ in ("aux", "auxpass") for g in c.children)]
        subjects = [c for c in children if c.dep_ in ("nsubj", "nsubjpass") and not _inside(c.idx, quoted)]
        if subjects:
            return subjects[0]
        # "He blamed X in Congress ..., saying, '...'": a participle's subject is its clause's, so
        # no name between an earlier quotation and it is; nor is one before the "saying" of '"...," he
        # was quoted by the Coastal Times as saying' (its speaker is the carrying verb's, below).
        participle = (verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.i < verb.i
                      or verb.dep_ == "pcomp" and verb.head.lower_ == "as")
        if head.i == verb.i:
            after = _inverted_subject(verb, quoted) or (None if participle else _name_before_verb(verb, quoted))
            if after is not None:
                return after
        # "said another State Department official": spaCy often makes the inverted subject an object.
        inverted = [c for c in head.children if c.dep_ in ("dobj", "attr") and c.i > head.i
                    and (c.pos_ == "PROPN" or _is_person_noun(c)) and not _inside(c.idx, quoted)]
        if inverted and head.i == verb.i:
            return inverted[0]
        # The quote hangs on the "saying" of "the agency quoted Greve as saying": the carrying verb's object.
        if head.dep_ == "pcomp" and head.head.lower_ == "as" and head.head.head.pos_ == "VERB":
            carrier = head.head.head
            quoted_one = _said_as_speaker(carrier, quoted)
            if quoted_one is not None:
                return quoted_one
            head = carrier  # "Greve was quoted as saying": the passive subject, found on the next round
            continue
        # "..., saying ...", "turned to Kerry and said", "issued a statement explaining": the
        # subject belongs to the governing verb.
        if head.dep_ in ("advcl", "conj", "xcomp", "ccomp", "relcl", "acl", "dobj") and head.head.i != head.i:
            head = head.head
        else:
            break
    return None


def _said_as_speaker(carrier, quoted):
    """Who speaks when a verb carries an "as saying" phrase: its object ("quoted Greve as saying",
    "cited officials as saying"); its subject only passes the words on. None without an object."""
    return next((c for c in carrier.children if c.dep_ == "dobj" and not _inside(c.idx, quoted)), None)


def _inverted_subject(verb, quoted):
    """Quotative inversion, '"...," said West Covina resident Jonathan Rosario, who ...': a speech verb
    right after the quote takes the noun phrase that follows it as its subject, however the parser
    attached that phrase (it often makes the name the subject of the next clause's verb)."""
    doc = verb.doc
    before = doc[verb.i - 1] if verb.i else None
    if before is None or not (before.is_punct or _inside(before.idx, quoted)):
        return None  # not right after the quotation: "he said" order, handled by the parse
    i = verb.i + 1
    # The phrase: determiners, modifiers and compounds up to its last proper noun or person noun.
    last = None
    while i < len(doc) and i <= verb.i + 8 and doc[i].pos_ in ("DET", "PROPN", "NOUN", "ADJ", "PUNCT", "PART") \
            and not (doc[i].is_punct and doc[i].text not in (".", "-")) and not _inside(doc[i].idx, quoted):
        if i > verb.i + 1 and doc[i].is_sent_start:
            break  # '... described witness Henry Oliver.Investigators said': the next sentence's subject
        if doc[i].pos_ == "PROPN" or _is_person_noun(doc[i]):
            last = doc[i]
        i += 1
    return last


def _name_before_verb(verb, quoted):
    """'"...," Shinji Nishimoto, lead author of the study, said': the name standing between the
    closing mark and a subjectless speech verb is its subject, however the parser attached it (here
    as the subject of "lead")."""
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and verb.i - i <= 16 and not _inside(doc[i].idx, quoted) and doc[i].text not in _QUOTE_GLYPHS:
        i -= 1
    if i < 0 or not (_inside(doc[i].idx, quoted) or doc[i].text in _QUOTE_GLYPHS):
        return None  # the stretch before the verb does not start at a quotation
    for tok in doc[i + 1 : verb.i]:
        ent = next((e for e in entities_at(doc, tok.i) if e.label_ in ("PERSON", "ORG") and e.start == tok.i), None)
        if ent is not None:
            return ent.root if ent.end <= verb.i else None
    # '"...," a traveller waiting for his train said': an indefinite noun phrase opening the tag is
    # its subject, whatever the parser made of the words after it (here "his train said").
    words = [t for t in doc[i + 1 : verb.i] if not t.is_punct]
    if words and words[0].lower_ in _INDEFINITE and words[0].pos_ in ("DET", "NUM"):
        head = None
        for tok in doc[words[0].i + 1 : verb.i]:
            if tok.pos_ not in ("NOUN", "ADJ", "PROPN") and tok.text != "-":
                break
            head = tok if tok.pos_ == "NOUN" else head
        return head
    return None


_QUOTE_GLYPHS = frozenset({'"', "“", "”", "''", "``", "'", "’", "‘", "«", "»", "„"})


def _name_speaker(subject, doc: Doc, index: EntityIndex, number: int, speakers, quoted, says: bool = False):
    """(speaker, description) for the subject token of a speech verb (``says``: a token that "it"
    stands for as that subject)."""
    if subject.lower_ in _OBJECT_PRONOUNS and subject.dep_ == "pobj":
        return _resolve_pronoun(subject.idx, index, number, speakers, quoted, _OBJECT_PRONOUNS[subject.lower_])
    if subject.lower_ in _PRONOUNS:
        found = _resolve_pronoun(subject.idx, index, number, speakers, quoted, subject.lower_)
        before = _previous_subject(subject, quoted, index)
        if before is not None and index.at(number, before.idx) is None:
            # The sentence before is about a person the tagger did not name ("Suresh Gover said ..."):
            # that subject, not an earlier person it did name, is who "he said" means.
            last_named = max((m.start for m in index.mentions if m.article == number and m.start < subject.idx
                              and not _inside(m.start, quoted) and index.entities[m.entity].type == "PERSON"),
                             default=-1)
            if before.idx > last_named and all(pos <= before.idx for pos, _, _ in speakers if pos <= subject.idx):
                return _name_speaker(before, doc, index, number, speakers, quoted)
        return found
    if subject.lower_ in ("latter", "former") and any(c.lower_ == "the" for c in subject.children):
        # "Both Ruiz and Greve spoke, with the latter saying ...": the last (or first) of the people
        # the text just coordinated.
        people = _coordinated_people(subject, quoted)
        if not people:
            return None, None
        return _name_speaker(people[-1] if subject.lower_ == "latter" else people[0], doc, index, number, speakers,
                             quoted)
    if subject.lower_ in ("which", "who", "that") and subject.head.dep_ == "relcl":
        subject = subject.head.head  # "the Trinity Elite Titans team, which issued a statement: ..."
    if subject.lower_ == "they" and subject.dep_ in ("nsubj", "nsubjpass"):
        # "Biologists warn that ... They believe that a ban will be the 'last chance ...'": the plural
        # subject of the sentence before (quoted ones skipped), a group the text names or describes.
        group = _plural_subject_before(subject, quoted)
        if group is None:
            return None, None
        found = _name_speaker(group, doc, index, number, speakers, quoted)
        if found != (None, None) or group.pos_ != "NOUN":
            return found
        return None, doc[min(t.i for t in group.subtree if t.i <= group.i) : group.i + 1].text
    if subject.lower_ == "it":
        # '"...," it said' of a memorandum or an agency: what "it" stands for, from the parse.
        thing = _it_antecedent(subject, quoted)
        return _name_speaker(thing, doc, index, number, speakers, quoted, True) if thing is not None else (None, None)
    if subject.pos_ == "PRON":
        return None, None
    # "says Sgt. Ada Pirelli", "spokesman Lt. John Corina": a title or rank is not the name; the
    # name is the proper nouns after it (the parser may have cut the sentence at the title's dot).
    titled = _past_title(doc[subject.i + 1]) if subject.pos_ == "NOUN" and subject.i + 1 < len(doc) else None
    if _is_title_word(subject) or titled is not None:
        named = titled if titled is not None else _past_title(subject)
        if named is not None:
            return _name_speaker(named, doc, index, number, speakers, quoted)
    # A social media handle in the subject: "A Twitter user identified as @proudresister".
    handle = next((t.text for t in subject.subtree if t.text.startswith("@") and len(t.text) > 2), None)
    if handle:
        return handle, None
    # The named entity the subject token is part of ("Monday" in a garbled parse is not a speaker).
    for ent in entities_at(doc, subject.i):
        # An entity span with a verb in it ("Lew told Candy Crowley" as one WORK_OF_ART) is a misparse.
        if ent.start <= subject.i < ent.end and ent.label_ in _SPEAKER_LABELS and not any(
            t.pos_ in ("VERB", "AUX") for t in ent
        ):
            entity = _entity_in(ent, index, number)
            if entity is not None:
                return entity, None
            return _clean_name(ent.text), None
    if subject.ent_type_ in _NOT_SPEAKERS:
        return None, None  # a date, number or time read as the subject of a garbled parse
    if subject.pos_ == "PROPN":
        words = [*[c for c in subject.lefts if c.dep_ == "compound"], subject]
        if all(t.lower_ in HONORIFICS or _is_person_noun(t) for t in words):
            # "The Prime Minister of the United Kingdom Gordon Brown stated": a title alone is no name;
            # the holder is named in the title's phrase, or the speaker is only described.
            holder = _title_holder(subject, index)
            if holder is not None:
                return holder, None
            left = min(t.i for t in subject.subtree)
            return None, doc[left : subject.i + 1].text
        name = _clean_name(" ".join(t.text for t in words))
        entity = index.resolve(name)
        if entity is None and " " not in name:
            # An untagged given name ("Rogelio says", beside his sister Lena Okafor): the one person who has it.
            return (_person_by_one_name(name, index) or name), None
        return (entity.name if entity else name), None
    if subject.pos_ == "NOUN" and subject.text[:1].isupper() and not subject.is_sent_start:
        # '"...," Dion wrote' with "Dion" tagged a common noun (blind5): a capitalized word inside the sentence
        # that the story's entities know as a person's name is that person.
        entity = index.resolve(subject.text)
        if entity is not None and entity.type == "PERSON":
            return entity.name, None
    if subject.pos_ == "NOUN":
        # "said Melquan's former football coach, Don Clark": the appositive names the speaker.
        for child in subject.rights:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                ent = next(iter(entities_at(doc, child.i)), None)
                if ent is not None:
                    return (_entity_in(ent, index, number) or _clean_name(ent.text)), None
            if child.dep_ == "appos" and child.pos_ == "PROPN" and _is_person_noun(subject):
                # "His daughter, Yelena, told the paper": a name the model did not tag.
                name = " ".join(t.text for t in (*[c for c in child.lefts if c.dep_ == "compound"], child))
                entity = index.resolve(name)
                return (entity.name if entity else name), None
        # "The leader of the Alberta Conservatives, Peter Hansen, said": the parser hangs the appositive on
        # the role's last word ("Conservatives"); it still names the one who holds the role.
        named = _appositive_in_phrase(subject) if _is_person_noun(subject) else None
        if named is not None:
            ent = next(iter(entities_at(doc, named.i)), None)
            if ent is not None:
                return (_entity_in(ent, index, number) or _clean_name(ent.text)), None
        tokens = [t for t in subject.subtree if t.i <= subject.i]
        left = tokens[0].i if tokens else subject.i
        phrase = doc[left : subject.i + 1].text.strip()
        holder = _title_holder(subject, index) if _is_person_noun(subject) else None
        if holder is not None:
            return holder, None  # "the mayor of Harbor City Maria de Souza said"
        # "the X" with no restrictive clause saying which X: a reference back to someone, not a description.
        the_one = phrase.lower().startswith("the ") and not any(c.dep_ in ("relcl", "acl") for c in subject.children)
        if the_one:
            holder = _titled_before(subject, index, number)
            if holder is not None:
                return holder, None  # "the sheriff said": Sheriff Ana Ruiz, the one sheriff named before
        if _is_person_noun(subject):
            # "the Texas congressman said" points back at the person just named; "the official
            # said" is an unnamed source and stays a description.
            definite = phrase.lower().startswith("the ") or any(c.dep_ == "poss" for c in subject.children)
            # "The Jewish student who suffered the injury told ...": a restrictive relative clause says
            # which person is meant, so the phrase describes someone, not the person last named.
            restricted = any(c.dep_ in ("relcl", "acl") for c in subject.children)
            # "the appeals court judges said": a plural names a group, never the one person last named.
            plural = subject.tag_ in ("NNS", "NNPS")
            if definite and not restricted and not plural and subject.lemma_.lower() not in _ANONYMOUS_NOUNS:
                named, _ = _resolve_pronoun(subject.idx, index, number, speakers, quoted)
                if named:
                    return named, None
            if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in subject.children):
                later = _named_later(subject, index, number)
                if later is not None:
                    return later, None
            return None, phrase
        # "the Russian foreign ministry said": an organization speaking; other nouns
        # ("the development declared") are not speakers at all.
        for ent in entities_at(doc, subject.i):
            if left <= ent.start <= subject.i and ent.label_ in ("ORG", "GPE") and subject.i < ent.end:
                entity = _entity_in(ent, index, number)
                return (entity or _clean_name(ent.text)), None
        if subject.lemma_.lower() in _INSTITUTION_NOUNS:
            return None, phrase  # "the government said in a statement": unnamed, and said so
        owner = _compound_name(subject)  # "the Trinity Elite Titans football team, which issued ..."
        if owner:
            entity = index.resolve(owner)
            return (entity.name if entity else owner), None
        listed = subject.lemma_.lower() in _DOCUMENT_NOUNS
        document = listed or _speaks_for_itself(subject, phrase, says)
        if document:
            # "the statement says", "The memorandum said": whoever the article said released or issued
            # that document (or the body speaking in the sentence before); with no issuer named, the
            # document is the (unnamed) source.
            issuer = None
            if phrase.lower().startswith("the "):
                issuer = (_issuer(doc, subject, index, number) or _body_before(subject, doc, index, number, quoted)
                          or _author(subject, doc, index, number, speakers, quoted))
            if issuer:
                return issuer, None
            if listed or says:
                return None, phrase
        if any(c.dep_ in ("det", "nummod") and c.lower_ in _INDEFINITE for c in subject.children):
            return None, phrase  # "said a passer-by": someone the article does not name, whatever the noun
        if the_one and subject.tag_ not in ("NNS", "NNPS"):
            # "the Republican presidential front-runner told ...": a definite description refers
            # back to the one person the sentence before names; with none or several it says nothing
            # (nor does a plural, "the researchers told": a group).
            person = _sole_person_before(subject, index, number, quoted)
            if person is not None:
                return person, None
        return (None, phrase) if document else (None, None)
    return None, None


_NOT_SPEAKERS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "PRODUCT"})
_PERSON_NOUNS = frozenset(
    """official officials source sources spokesman spokeswoman spokesperson diplomat analyst expert aide adviser
    advisor officer minister secretary president member lawmaker senator person man woman resident witness
    representative envoy ambassador commander leader executive director correspondent reporter negotiator
    investigator observer insider activist user congressman congresswoman contender candidate governor chairman
    chairwoman mayor nominee premier chancellor king queen prince pope judge chief actor actress singer star coach
    player founder host anchor authority police deputy prosecutor daughter son wife husband mother father brother
    sister uncle aunt cousin grandmother grandfather grandson granddaughter niece nephew friend neighbor neighbour
    relative colleague lawyer attorney doctor nurse teacher student driver worker veteran survivor victim parent
    owner manager captain pilot sailor soldier""".split()
)
# Nouns newspapers use for sources they do not name: "the official said" is not the last person named.
_ANONYMOUS_NOUNS = frozenset(
    """official source spokesman spokeswoman spokesperson aide diplomat officer person man woman resident witness
    insider observer analyst expert user member adviser advisor representative authority police deputy""".split()
)


# Bodies that speak without a name: "the government said", "the ministry told reporters".
_INSTITUTION_NOUNS = frozenset(
    """government ministry agency department office embassy police army military navy committee council court
    administration cabinet campaign company firm spokesperson""".split()
)
# Documents that "say" things on someone's behalf: "the statement says", "the incident report states".
_DOCUMENT_NOUNS = frozenset({"statement", "report", "release", "letter", "filing", "memo", "complaint", "lawsuit"})


# Determiners of a source the article does not name: "a passer-by", "another commuter".
_INDEFINITE = frozenset({"a", "an", "another", "one"})


def _appositive_in_phrase(noun, depth: int = 2):
    """A person's name in apposition to a noun of ``noun``'s prepositional phrase ("Peter Hansen" of
    "leader of the Alberta Conservatives, Peter Hansen"), at most ``depth`` phrases down, or None."""
    for prep in noun.children:
        if prep.dep_ != "prep" or prep.i < noun.i:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            named = next((c for c in obj.rights if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
            if named is None and depth > 1:
                named = _appositive_in_phrase(obj, depth - 1)
            if named is not None:
                return named
    return None


def _named_later(noun, index: EntityIndex, number: int) -> str | None:
    """The lead's delayed identification: an article opening on "was sentenced by a judge who said ..."
    names him further down ("U.S. District Judge Ana Ruiz said"): the one person this article mentions
    after its first sentence whose title ends in the noun. None outside the first sentence, for a
    plural, or with none or several such people."""
    if noun.sent.start != 0 or noun.tag_ != "NN":
        return None
    return _titled(noun, index, number, lambda m: m.start >= noun.sent.end_char)


def _titled_before(noun, index: EntityIndex, number: int) -> str | None:
    """Coreference by title: "the sheriff said" is "Sheriff Ana Ruiz", named earlier in the article,
    when she is the one person it has named with a title ending in that noun (None for a plural, or
    with none or several such people)."""
    if noun.tag_ != "NN":
        return None
    return _titled(noun, index, number, lambda m: m.start < noun.idx)


def _titled(noun, index: EntityIndex, number: int, where) -> str | None:
    """The one person of article ``number`` mentioned where ``where`` allows whose title ends in ``noun``."""
    lemma = noun.lemma_.lower()
    people = set()
    for m in index.mentions:
        entity = index.entities[m.entity]
        if (m.article == number and where(m) and entity.type == "PERSON" and entity.title
                and entity.title.split()[-1].lower() == lemma):
            people.add(entity.name)
    return people.pop() if len(people) == 1 else None


def _is_title_word(token) -> bool:
    return token.pos_ == "PROPN" and token.lower_.rstrip(".") in ENGLISH.person_titles


def _sentence_before(token, quoted):
    """The sentence before ``token``'s, skipping up to three quoted ones; None at the start or past them."""
    doc, before = token.doc, token.sent
    for _ in range(4):
        if before.start == 0:
            return None
        before = doc[before.start - 1].sent
        if not _inside(before.root.idx, quoted):
            return before
    return None


def _previous_subject(pronoun, quoted, index: EntityIndex):
    """The proper-noun subject of the main clause of the sentence before the pronoun's (quoted
    sentences skipped), when the model tagged it as no entity or as a person; else None. Sentences
    whose subject is the same pronoun are passed over ("Hilda Sorensen says ... He says ... '...,'
    he says": one referent), up to three of them."""
    before = pronoun
    for _ in range(4):
        before = _sentence_before(before, quoted)
        if before is None:
            return None
        subjects = [c for c in before.root.children if c.dep_ == "nsubj" and not _inside(c.idx, quoted)]
        if not subjects or subjects[0].lower_ != pronoun.lower_:
            break
        before = before[0]
    else:
        return None
    if not subjects or subjects[0].pos_ != "PROPN" or subjects[0].ent_type_ not in ("", "PERSON"):
        return None
    # A full name ("Suresh Gover"), or one word that is the name of a person the story names ("Rogelio" of
    # Rogelio Okafor, called by his given name beside his sister), not a lone capitalized word the parser
    # took as a name.
    if not any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in subjects[0].lefts) \
            and _person_by_one_name(subjects[0].text, index) is None:
        return None
    return subjects[0]


def _person_by_one_name(word: str, index: EntityIndex) -> str | None:
    """The one person of the story whose surname or given name is ``word``, or None."""
    key = name_key(word)
    found = index.resolve(word)
    if found is not None:
        return found.name if found.type == "PERSON" and " " in found.name else None
    people = {e.name for e in index.entities if e.type == "PERSON" and name_key(e.name).split()[0] == key
              and len(name_key(e.name).split()) > 1}
    return people.pop() if len(people) == 1 else None


def _plural_subject_before(pronoun, quoted):
    """The plural noun or name that is the main clause's subject in the sentence before the pronoun's
    (quoted sentences skipped), or None."""
    before = _sentence_before(pronoun, quoted)
    if before is None:
        return None
    subject = next((c for c in before.root.children if c.dep_ in ("nsubj", "nsubjpass")
                    and not _inside(c.idx, quoted)), None)
    if subject is None or subject.tag_ not in ("NNS", "NNPS"):
        return None
    return subject


def _coordinated_people(token, quoted) -> list:
    """The head words of the last coordination of names before ``token`` ("Ruiz", "Greve" of "Mayor Ana
    Ruiz and harbor master Tomas Greve"), in its sentence or the one before; [] when there is none."""
    before = _sentence_before(token, quoted)
    start = before.start if before is not None else token.sent.start
    for tok in reversed(token.doc[start : token.i]):
        if tok.dep_ == "conj" and tok.pos_ == "PROPN" and tok.head.pos_ == "PROPN" and tok.head.i < tok.i \
                and not _inside(tok.idx, quoted):
            first = tok.head
            return [first, *(c for c in first.children if c.dep_ == "conj" and c.pos_ == "PROPN")]
    return []


def _sole_person_before(token, index: EntityIndex, number: int, quoted) -> str | None:
    """The one person the sentence before ``token``'s names (quoted sentences skipped), or None."""
    before = _sentence_before(token, quoted)
    if before is None:
        return None
    people = {m.entity for m in index.mentions if m.article == number and before.start_char <= m.start
              < before.end_char and not _inside(m.start, quoted) and index.entities[m.entity].type == "PERSON"}
    return index.entities[people.pop()].name if len(people) == 1 else None


def _past_title(token):
    """The last word of the name after a title ("Lt." -> "Corina" of "Lt. John Corina"), or None
    when ``token`` is no title or no proper noun follows it."""
    if not _is_title_word(token):
        return None
    doc, i, last = token.doc, token.i + 1, None
    while i < len(doc) and doc[i].text == ".":
        i += 1
    while i < len(doc) and doc[i].pos_ == "PROPN" and doc[i].text != "." and i - token.i <= 5:
        last, i = doc[i], i + 1
    return last


def _title_holder(title, index: EntityIndex) -> str | None:
    """The person a title names in its own phrase: "Gordon Brown" of "Prime Minister of the United
    Kingdom Gordon Brown" (the tagger often runs the place and the name into one span) or of "the
    Prime Minister, Gordon Brown". A name the story's entities know wins; else, after a place, the
    chain's last two words (with any particle: "Bill de Blasio")."""
    for child in title.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            head = child
        elif child.dep_ == "prep" and child.lower_ in ("of", "for"):
            head = next((g for g in child.children if g.dep_ == "pobj" and g.pos_ == "PROPN"), None)
        else:
            continue
        if head is None:
            continue
        chain = [t for t in head.subtree if t.i <= head.i and (t.pos_ == "PROPN" or t.lower_ in PARTICLES)]
        for k in range(len(chain)):
            entity = index.resolve(" ".join(t.text for t in chain[k:]))
            if entity is not None and entity.type == "PERSON":
                return entity.name
        if child.dep_ == "appos" and head.ent_type_ == "PERSON":
            return " ".join(t.text for t in chain)
        if len(chain) >= 3 and chain[-1].ent_type_ in ("PERSON", "ORG", ""):  # not "of New York City"
            k = len(chain) - 2
            while k > 0 and chain[k].lower_ in PARTICLES:
                k -= 1
            return " ".join(t.text for t in chain[k:])
    return None


def _compound_name(noun) -> str | None:
    """Proper-noun words in front of a common noun: "Trinity Elite Titans" of "... football team"."""
    names = [t for t in noun.subtree if t.i < noun.i and t.pos_ == "PROPN" and t.dep_ in ("compound", "poss")]
    if not names:
        return None
    return noun.doc[names[0].i : names[-1].i + 1].text


def _issuer(doc: Doc, noun, index: EntityIndex, number: int) -> str | None:
    """Who the text said released the document ``noun`` names, looking back from it."""
    lemma = noun.lemma_.lower()
    for tok in reversed(doc[: noun.i]):
        # "X released a statement", or "In a statement, X said".
        in_pp = tok.dep_ == "pobj" and tok.head.lower_ == "in"
        if tok.lemma_.lower() != lemma or not (tok.dep_ == "dobj" or in_pp):
            continue
        # "a statement released by X" / "released on behalf of X": the issuer is in the noun's phrase.
        for agent in tok.subtree:
            if agent.dep_ == "pobj" and (agent.head.lower_ == "by" or agent.head.lower_ == "of"
                                         and agent.head.head.lower_ == "behalf"):
                for ent in entities_at(doc, agent.i):
                    if ent.start <= agent.i < ent.end and ent.label_ not in _NOT_SPEAKERS:  # VX Underground: LOC
                        return _entity_in(ent, index, number) or _clean_name(ent.text)
        subjects = [c for c in (tok.head.head if in_pp else tok.head).children if c.dep_ == "nsubj"]
        if not subjects:
            return None
        for ent in entities_at(doc, subjects[0].i):
            if ent.start <= subjects[0].i < ent.end and ent.label_ in _SPEAKER_LABELS:
                return _entity_in(ent, index, number) or _clean_name(ent.text)
        return None
    return None


def _speaks_for_itself(noun, phrase: str, says: bool) -> bool:
    """Is this common noun a document or body that says things ("The memorandum said", "the study
    said", "The memorandum dated ... forms a contrast. '...,' it said")? A definite thing, not a
    person, that is the subject of a speech verb in the active voice (or that "it" stands for there)
    and, speaking itself, has no relative clause ("the development that ... declared" says which one)."""
    if not phrase.lower().startswith("the ") or _is_person_noun(noun):
        return False
    return says or (noun.dep_ == "nsubj" and noun.head.lemma_.lower() in SPEECH_VERBS
                    and not any(c.dep_ in ("relcl", "acl") for c in noun.children))


def _it_antecedent(pronoun, quoted):
    """What "it" refers to when it says something: the nearest subject before it (its own sentence,
    then up to three sentences back, quoted text skipped) of a main clause or of a speech verb that
    is a noun or a name, not a person ("it" is never one) and not itself a pronoun; None when there
    is none."""
    doc, start = pronoun.doc, pronoun.sent.start
    for _ in range(3):
        before = _sentence_before(doc[start], quoted)
        if before is None:
            break
        start = before.start
    for tok in reversed(doc[start : pronoun.i]):
        if tok.dep_ not in ("nsubj", "nsubjpass") or _inside(tok.idx, quoted) or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if not (tok.head.dep_ == "ROOT" or tok.head.lemma_.lower() in SPEECH_VERBS):
            continue  # "the overuse of fossil fuels is partly to blame" inside what was said
        if tok.ent_type_ == "PERSON" or _is_person_noun(tok):
            continue
        return tok
    return None


def _body_before(noun, doc: Doc, index: EntityIndex, number: int, quoted) -> str | None:
    """The organization speaking in the sentence before ``noun``'s ("the UNFCCC secretariat states
    ...", then "the communique says"): the named, non-person subject of that sentence's speech verb."""
    before = _sentence_before(noun, quoted)
    if before is None or before.root.lemma_.lower() not in SPEECH_VERBS:
        return None
    subject = next((c for c in before.root.children if c.dep_ == "nsubj" and not _inside(c.idx, quoted)), None)
    if subject is None or subject.pos_ == "PRON" or subject.ent_type_ == "PERSON" or _is_person_noun(subject):
        return None
    named, _ = _name_speaker(subject, doc, index, number, [], quoted)
    entity = index.resolve(named) if named else None
    return named if named and (entity is None or entity.type != "PERSON") else None


def _author(noun, doc: Doc, index: EntityIndex, number: int, speakers, quoted) -> str | None:
    """Who made the document by the act its noun names ("@resister tweeted: '...'. The tweet
    concluded with '...'"): the subject of the last verb before it with the noun's lemma."""
    lemma = noun.lemma_.lower()
    verb = next((t for t in reversed(doc[max(0, noun.i - 200) : noun.i]) if t.pos_ == "VERB"
                 and t.lemma_.lower() == lemma and not _inside(t.idx, quoted)), None)
    subject = _speaker_token(verb, quoted) if verb is not None else None
    return _name_speaker(subject, doc, index, number, speakers, quoted)[0] if subject is not None else None


def _is_person_noun(token) -> bool:
    return token.lemma_.lower() in _PERSON_NOUNS or token.lower_ in _PERSON_NOUNS


def _entity_in(ent, index: EntityIndex, number: int) -> str | None:
    from .entities import _trim  # same trimming as clustering, so the span starts match

    span = _trim(ent)
    if span is None:
        return None
    entity = index.at(number, span.start_char) or index.resolve(span.text)
    return entity.name if entity else None


def _clean_name(text: str) -> str:
    """A name as a speaker: no possessive, no title in front ("Mayor Ana Ruiz" -> "Ana Ruiz")."""
    words = re.sub(r"(?:'s|’s)$", "", text.strip()).split()
    while len(words) > 1 and words[0].lower() in HONORIFICS:
        words.pop(0)
    return " ".join(words)


def _may_be_person(entity, group: bool = False) -> bool:
    """A PERSON, or a two- or three-word name the small model tagged ORG ("Valentina Fomina"), unless
    the text writes it as a group (``group``: "the Texas Rangers")."""
    if entity.type == "PERSON":
        return True
    words = entity.name.split()
    return (entity.type in ("ORG", "PRODUCT", "WORK_OF_ART") and not group and 2 <= len(words) <= 3
            and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)
            and not {w.lower() for w in words} & _ORG_WORDS)


# Words that make a capitalized name an organization, not a person.
_ORG_WORDS = frozenset(
    """committee ministry party company council association union bank university agency institute group
    news times post press service services fund foundation church court club team office department center
    centre corporation board network television radio""".split()
)


def _resolve_pronoun(position: int, index: EntityIndex, number: int, speakers, quoted, pronoun: str | None = None):
    """he/she: the latest person who was a sentence subject, or spoke, before ``position``.

    ``pronoun`` ("he", "she") skips people the text gave the other gender ("his wife, Betty").
    """
    best_pos, best = -1, (None, None)

    def fits(k: int | None) -> bool:
        return k is None or pronoun is None or index.genders.get(k, pronoun) == pronoun

    for m in index.mentions:
        if m.article != number or m.start >= position or not m.subject or _inside(m.start, quoted):
            continue
        entity = index.entities[m.entity]
        if _may_be_person(entity, m.entity in index.groups) and m.start > best_pos and fits(m.entity):
            best_pos, best = m.start, (entity.name, None)
    for pos, speaker, description in speakers:
        if best_pos < pos <= position and fits(index.by_key.get(name_key(speaker)) if speaker else None):
            best_pos, best = pos, (speaker, description)
    if best == (None, None):
        # Nobody was a subject yet (a first sentence in a garbled parse): the nearest person before.
        people = [m for m in index.mentions if m.article == number and m.start < position
                  and not _inside(m.start, quoted) and index.entities[m.entity].type == "PERSON"]
        if people:
            best = (index.entities[max(people, key=lambda m: m.start).entity].name, None)
    return best


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

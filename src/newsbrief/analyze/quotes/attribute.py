"""A quote's speaker: from the speech verb of its sentence, a tag after it, a name in the next sentence, the
reporter between two quotes, or the subject of the paragraph it follows."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ...lang import ENGLISH
from ..entities import EntityIndex, name_key
from ..quotemarks import strip_opening
from ..spans import entities_at
from .names import _entity_in, _name_speaker
from .verbs import _governing_speech_verb, _name_before_verb, _predicate_subject, _speaker_token, _tag_verb
from .words import _OUTLET_WORDS, _PRONOUNS, _QUOTE_GLYPHS, _UTTERANCE_NOUNS, SPEECH_VERBS, _doc_text, _inside, _Span


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
        if subject.lower_ in _PRONOUNS and found[0] and _named_inside(found[0], text[start:end], index):
            # '"Barry Sherman was a reserved man ...," he said': nobody names himself in the third person,
            # so "he" is the person before that one.
            found = _name_speaker(subject, doc, index, number, speakers, quoted, exclude=frozenset({found[0]}))
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


def _named_inside(name: str, quote: str, index: EntityIndex) -> bool:
    """Does the quotation name this person in the third person (full name or surname, as a word)?"""
    entity = index.resolve(name)
    words = (entity.name if entity else name).split()
    forms = {" ".join(words)} | ({words[-1]} if len(words) > 1 and len(words[-1]) > 2 else set())
    return any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", quote) for f in forms)


def _is_outlet(name: str, index: EntityIndex) -> bool:
    """Is this speaker a news outlet ("Xinhua", short for the story's "Xinhua News Agency")?"""
    key = name_key(name)
    names = [key, *(k for k in index.by_key if k.startswith(key + " "))]
    return any(set(k.split()) & _OUTLET_WORDS for k in names)


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

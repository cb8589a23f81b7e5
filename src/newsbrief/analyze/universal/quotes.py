"""Quotes of a story in another language and who spoke them, read off its parse (issue 15)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from ...lang.profiles import Profile
from ...models import ParsedArticle, Quote
from ...nlp import paragraphs
from ..entities import EntityIndex
from ..quotemarks import quoted_spans
# The English module's bisection over quote spans, its shortest speech (shorter: a label or a scare
# quote) and the word-pair share that makes two outlets' quotes one.
from ..quotes import MIN_QUOTE_WORDS, SAME_QUOTE_OVERLAP
from ..quotes.words import _Spans
from ..spans import entities_at
from .entities import _extend, _resolve, _trim, _trimmed_start

# How far (tokens) an inverted subject may stand after its verb: "a déclaré jeudi à la BBC le ministre".
INVERTED_REACH = 8
# Tokens of a speaker's phrase read for the name inside it ("le porte-parole d'Airbus Stefan Schaffrath").
PHRASE_TOKENS = 12


def find_quotes(
    articles: Sequence[ParsedArticle], docs: Sequence[Doc], index: EntityIndex, profile: Profile
) -> tuple[Quote, ...]:
    """Every attributed quote of the story, the same quote in several outlets merged."""
    found: list[tuple[str, str, str | None, str | None, str]] = []  # article, text, speaker, description, sentence
    for number, (parsed, doc) in enumerate(zip(articles, docs)):
        found.extend(_ArticleQuotes(number, parsed, doc, index, profile).quotes())
    return _merge(found, profile)


_NOBODY = (None, None)
# Parts of speech a verb of saying is never tagged with; the small model tags an incise verb
# ("», raconte Bilham") X or even ADJ, so the lemma decides, not a VERB tag.
_NOT_VERBS = frozenset({"NOUN", "PROPN", "ADP", "DET", "PRON", "PUNCT", "SPACE", "NUM", "CCONJ", "SCONJ"})
# Clauses whose subject is their governing verb's: "…, ajoutant que …", "s'est rétracté, ajoutant".
_BORROWS_SUBJECT = frozenset({"advcl", "conj", "xcomp", "acl", "ccomp", "parataxis"})
_MARKS = frozenset({"«", "»", '"', "“", "”", "„"})


class _ArticleQuotes:
    """The quotes of one article and who spoke them, read off its parse."""

    def __init__(self, number: int, parsed: ParsedArticle, doc: Doc, index: EntityIndex, profile: Profile) -> None:
        self.number, self.parsed, self.doc, self.index, self.profile = number, parsed, doc, index, profile
        self.rules = profile.analysis_rules
        text = parsed.clean.text
        self.text = text
        self.paras = paragraphs(text[: len(doc.text)], profile)
        self.spans = [(p, a, b) for p, (pa, pb) in enumerate(self.paras) for a, b in quoted_spans(text, pa, pb)]
        self.inside = _Spans((a, b) for _, a, b in self.spans)  # "inside a quote?" by bisection (issue 13)
        self.speakers: list[tuple[int, str | None, str | None]] = []  # (end char, speaker, description)
        self.roles = self._roles()
        # The article's person mentions outside quotes, in order: who "il" may be (``_last_person``).
        people = [m for m in index.mentions if m.article == number and index.entities[m.entity].type == "PERSON"
                  and not self.inside.holds(m.start)]
        people.sort(key=lambda m: m.start)
        self.people = [(m.start, index.entities[m.entity].name) for m in people]
        self.subjects = [(m.start, index.entities[m.entity].name) for m in people if m.subject]

    def quotes(self):
        out = []
        previous: tuple[int, str | None, str | None] | None = None  # paragraph, speaker, description
        for p, start, end in self.spans:
            quote = self.text[start:end].strip().rstrip(",").strip()
            words = quote.split()
            if len(words) < MIN_QUOTE_WORDS or all(w[:1].isupper() for w in words if w[:1].isalpha()):
                continue
            span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            self.paragraph = self.paras[p]
            found = self._attribute(span)
            if found == _NOBODY and p > 0 and not self.text[self.paras[p][0] : start].strip(" «“\"\u00a0"):
                # "Mme North écrit :" and the quote as its own paragraph.
                pa, pb = self.paras[p - 1]
                before = self.doc.char_span(pa, pb, alignment_mode="contract")
                if self.text[pa:pb].rstrip().endswith(":") and before is not None and len(before):
                    self.paragraph = (pa, pb)
                    found = self._from_sentence(before[-1].sent, None)
            if found == _NOBODY and previous is not None and p - previous[0] <= 1:
                found = previous[1:]  # the quote goes on after its attribution
            if found == _NOBODY:
                continue
            words_in = [t for t in span if not (t.is_punct or t.is_space)] or list(span)
            first, last = words_in[0].sent, self.doc[max(words_in[-1].sent.end, span.end) - 1]
            a, b = self.paras[p]  # the parser's sentences may run across a paragraph break
            sentence = self.text[max(first.start_char, a) : min(last.idx + len(last.text), b)].strip()
            out.append((self.parsed.id, quote, *found, sentence))
            self.speakers.append((end, *found))
            previous = (p, *found)
        return out

    def _in_quote(self, tok: Token) -> bool:
        return self.inside.holds(tok.idx)

    def _in_paragraph(self, tok: Token) -> bool:
        return self.paragraph[0] <= tok.idx < self.paragraph[1]

    def _is_speech_verb(self, tok: Token) -> bool:
        return tok.lemma_.lower() in self.rules.speech_lemmas and tok.pos_ not in _NOT_VERBS

    @cached_property
    def _speech_stems(self) -> frozenset[str]:
        return frozenset(self.profile.stem_words(sorted(self.rules.speech_lemmas)))

    def _incise_verb(self, span: Span) -> Token | None:
        """The verb of saying that opens the words right after the quote ("», estime Claire Dubois"):
        the small model often tags it a noun there ("estime": esteem) with a noun's lemma, so here the
        word's stem is compared with the stems of the lemmas."""
        doc = self.doc
        words = [t for t in doc[span.end : min(len(doc), span.end + 6)] if not (t.is_punct or t.is_space)][:3]
        for tok in words:
            if self._in_quote(tok) or not self._in_paragraph(tok):
                return None
            if tok.pos_ in ("VERB", "AUX", "NOUN", "X", "ADJ") and (
                self._is_speech_verb(tok) or self.profile.stem_words([tok.lower_])[0] in self._speech_stems
            ):
                return tok
        return None

    def _attribute(self, span: Span):
        """(speaker, description) of one quote, from its sentence's parse."""
        # 1. The verb of saying the quoted words hang on: "X a déclaré que « ... »".
        heads = [t for t in span if not (span.start <= t.head.i < span.end) and t.head.i != t.i]
        token = heads[0].head if heads else None
        for _ in range(4):
            if token is None or self._in_quote(token) or not self._in_paragraph(token):
                break
            if self._is_speech_verb(token):
                found = self._verb_speaker(token)
                if found != _NOBODY:
                    return found
                break
            if token.head.i == token.i:
                break
            token = token.head
        # 2. The incise after it: "« … », estime X".
        verb = self._incise_verb(span)
        if verb is not None:
            found = self._verb_speaker(verb)
            if found != _NOBODY:
                return found
        # 3. A verb of saying or a source word in the sentences around the quote, nearest first.
        for sent in self._sentences_around(span):
            found = self._from_sentence(sent, span)
            if found != _NOBODY:
                return found
        # 4. A name labelling the quote: "AP - « ... »", "« ... » - « Fiona »".
        return self._label(span)

    def _sentences_around(self, span: Span) -> list[Span]:
        """The sentences the quote touches; the one before when the quote opens its sentence right
        after it (the parser cut at the mark: "…, affirme « …"); the one after when it starts with the
        attribution ("» , a déclaré X.")."""
        doc = self.doc
        sents = list(span.sents)
        first, last = sents[0], sents[-1]
        if first.start > 0 and all(t.is_punct or t.is_space for t in doc[first.start : span.start]):
            sents.insert(0, doc[first.start - 1].sent)
        k = last.end
        if k < len(doc) and self._in_paragraph(doc[k]):
            lead = [t for t in doc[span.end : min(len(doc), span.end + 6)] if not (t.is_punct or t.is_space)]
            if any(self._is_speech_verb(t) for t in lead[:3]):
                sents.append(doc[k].sent)
        return sents

    def _from_sentence(self, sent: Span, span: Span | None):
        """Who a sentence says speaks, outside quotes: a verb of saying's subject or a source word's
        noun, the one nearest the quote first."""
        candidates = []
        for tok in sent:
            if self._in_quote(tok) or not self._in_paragraph(tok):
                continue
            where = 0 if span is None else min(abs(tok.i - span.start), abs(tok.i - span.end))
            if self._is_speech_verb(tok):
                candidates.append((where, 0, tok))
            elif self._is_source_word(tok) and tok.head.i != tok.i:
                candidates.append((where, 1, tok))
        for _, kind, tok in sorted(candidates, key=lambda c: (c[0], c[1])):
            found = self._verb_speaker(tok) if kind == 0 else self._name(tok.head)
            if found != _NOBODY:
                return found
        return _NOBODY

    def _is_source_word(self, tok: Token) -> bool:
        if tok.lower_ in self.rules.source_words:
            return True
        return tok.i > 0 and (self.doc[tok.i - 1].lower_ + tok.lower_).replace("’", "'") in self.rules.source_words

    def _verb_speaker(self, verb: Token):
        """The subject of a verb of saying: its nsubj; the inverted subject right after it ("»,
        a déclaré le ministre X"); the governing verb's subject for a clause that has none of its
        own ("…, ajoutant que"); else the nearest name before it in its clause."""
        head = verb
        for _ in range(3):
            # (a lone hyphenated letter is a euphonic one, not the subject: the "-t" of "a-t-il dit")
            subjects = [c for c in head.children if c.dep_.startswith("nsubj") and not self._in_quote(c)
                        and not (c.text.startswith("-") and len(c.text.strip("-")) == 1)]
            if subjects:
                return self._name(subjects[0])
            if head.i == verb.i:
                for tok in self.doc[verb.i + 1 : min(len(self.doc), verb.i + 1 + INVERTED_REACH)]:
                    if self._in_quote(tok) or tok.text in _MARKS or tok.text in (".", ";", ":"):
                        break
                    if (tok.pos_ in ("PROPN", "NOUN", "PRON") or tok.ent_type_) and tok.head.i == verb.i and not (
                        tok.dep_.startswith("obl") or tok.dep_ == "iobj" or any(c.dep_ == "case" for c in tok.children)
                    ):
                        return self._name(tok)
            if head.dep_ in _BORROWS_SUBJECT and head.head.i != head.i:
                head = head.head
            else:
                break
        # The parser lost the subject ("Nicoleta Drăguşin, une porte-parole …, affirme «"): the nearest
        # person or organization before the verb in its sentence, with no other verb between.
        for tok in reversed(self.doc[verb.sent.start : verb.i]):
            if self._in_quote(tok) or tok.pos_ in ("VERB",) and tok.i != verb.i:
                break
            if self.rules.entity_types.get(tok.ent_type_) in ("PERSON", "ORG"):
                return self._name(tok)
        return _NOBODY

    def _label(self, span: Span):
        """A name set against the quote with a dash, before it ("AP - « … »") or after ("» - « Fiona »")."""
        doc = self.doc
        k = span.start - 1
        while k >= 0 and (doc[k].text in _MARKS or doc[k].is_space):
            k -= 1
        if k > 0 and doc[k].text in ("-", "–", "—") and self._in_paragraph(doc[k - 1]):
            label = doc[k - 1]
            if label.pos_ == "PROPN" or label.ent_type_:
                return self._name(label)
        k = span.end
        while k < len(doc) and (doc[k].text in _MARKS or doc[k].is_space or doc[k].text == "."):
            k += 1
        if k + 1 < len(doc) and doc[k].text in ("-", "–", "—"):
            k += 1
            while k < len(doc) and (doc[k].text in _MARKS or doc[k].is_space):
                k += 1
            if k < len(doc) and self._in_paragraph(doc[k]) and doc[k].text[:1].isupper() and doc[k].is_alpha:
                return self._run_name(doc[k])
        return _NOBODY

    def _name(self, tok: Token):
        """(speaker, description) for the token naming who speaks."""
        doc, rules = self.doc, self.rules
        if tok.pos_ == "PRON":
            if re.sub(r"^-?(?:t-)?", "", tok.lower_) in self.profile.pronouns:  # "il", "a-t-il dit"
                return self._last_person(tok.idx)
            return _NOBODY
        if tok.ent_type_ and rules.entity_types.get(tok.ent_type_) in ("PERSON", "ORG") and self._capitalized(tok) or (
            tok.pos_ == "PROPN" and tok.text[:1].isupper()
        ):
            return self._run_name(tok)
        if tok.text[:1].isupper() and tok.is_alpha:
            # A capitalized subject the model tagged otherwise ("Egeland" LOC, ADJ): a speaker when the
            # story's entities make it a person or organization.
            entity = self.index.at(self.number, tok.idx) or _resolve(self.index, tok.text)
            if entity is not None and entity.type in ("PERSON", "ORG"):
                return entity.name, None
        if tok.pos_ != "NOUN":
            return _NOBODY
        # "X, la fille de Y, a dit": the role stands in apposition to the name just before it.
        k = tok.left_edge.i if doc[tok.left_edge.i].text == "," else tok.left_edge.i - 1
        if k > 0 and doc[k].text == "," and rules.entity_types.get(doc[k - 1].ent_type_) == "PERSON":
            return self._run_name(doc[k - 1])
        # The name inside the speaker's phrase, a person first: "le porte-parole d'Airbus Stefan Schaffrath".
        lo, hi = max(tok.left_edge.i, tok.i - PHRASE_TOKENS), min(tok.right_edge.i + 1, tok.i + PHRASE_TOKENS)
        names = []
        for k in range(lo, hi):
            if self._in_quote(doc[k]):
                continue
            kind = rules.entity_types.get(doc[k].ent_type_)
            if kind in ("PERSON", "ORG") and doc[k].ent_iob_ == "B" and self._capitalized(doc[k]):
                names.append((kind != "PERSON", abs(k - tok.i), doc[k]))
        if names:
            return self._run_name(min(names, key=lambda n: (n[0], n[1]))[2])
        # "la ministre de Londres" after "la ministre de Londres, Tessa Jowell": the person the text
        # gave that role (a definite role noun only; "un survivant" stays unnamed).
        definite = any(c.dep_ == "det" and "Definite=Def" in str(c.morph) for c in tok.children)
        person = self.roles.get(tok.lemma_.lower())
        if definite and person is not None and person[0] < tok.idx:
            return person[1], None
        first = tok.left_edge.i
        while first < tok.i and (doc[first].pos_ == "ADP" or doc[first].is_punct):
            first += 1  # "selon une déclaration": the source, not its preposition
        return None, doc[first : tok.i + 1].text.strip()

    def _capitalized(self, tok: Token) -> bool:
        """Is the entity holding ``tok`` written as a name? The model also tags role phrases ("ministre
        de Londres" ORG), which are not."""
        spans = entities_at(self.doc, tok.i)
        trimmed = _trim(spans[0], self.rules) if spans else None
        return trimmed is not None

    def _run_name(self, tok: Token):
        """The whole name a token is part of: its entity, with the capitalized proper nouns the model
        left out of it on either side ("Thorne" + "Lay", "Lawrence" + "Greenspon"); a canonical
        entity where the story has one."""
        doc = self.doc
        start, end = tok.i, tok.i + 1
        if tok.ent_iob_ in ("B", "I"):
            ent = entities_at(doc, tok.i)[0]
            start, end = ent.start, ent.end
        start, end = _extend(doc, start, end, self.rules.entity_types.get(tok.ent_type_), self.rules, self._in_quote)
        span = doc[start:end]
        trimmed = _trim(span, self.rules)
        words = " ".join((trimmed or span).text.split()).split()
        # A known organization of the story glued after a person's name ("Jacob Bergsma Rabobank").
        while len(words) > 2:
            tail = _resolve(self.index, words[-1])
            if tail is None or tail.type != "ORG":
                break
            words.pop()
        name = " ".join(words)
        entity = _resolve(self.index, name)
        return (entity.name if entity else name), None

    def _roles(self) -> dict[str, tuple[int, str]]:
        """Role noun lemma → (where, person) for the roles the article gives its people in apposition
        or in front of the name ("la ministre de Londres, Tessa Jowell", "le juge Astill")."""
        roles: dict[str, tuple[int, str]] = {}
        rules = self.rules
        for ent in self.doc.ents:
            if rules.entity_types.get(ent.label_) != "PERSON":
                continue
            root = ent.root
            nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
            if root.dep_ in ("appos", "flat:name", "nmod") and root.head.pos_ == "NOUN" and root.head.i < ent.start:
                nouns.append(root.head)
            # "…, la ministre de Londres, Tessa Jowell": a noun phrase set before the name by a comma.
            if ent.start >= 2 and self.doc[ent.start - 1].text == ",":
                t = self.doc[ent.start - 2]
                for _ in range(3):
                    if t.pos_ == "NOUN":
                        nouns.append(t)
                        break
                    if t.head.i == t.i or t.head.i >= ent.start:
                        break
                    t = t.head
            if not nouns:
                continue
            entity = self.index.at(self.number, _trimmed_start(ent, rules))
            for noun in nouns:
                roles[noun.lemma_.lower()] = (ent.start_char, entity.name if entity else ent.text)
        return roles

    def _last_person(self, position: int):
        """il/elle: the latest speaker, or person who was a subject, before ``position``; else the
        nearest person named before it."""
        best_pos, best = -1, _NOBODY
        k = bisect_left(self.subjects, (position, "")) - 1
        if k >= 0:
            best_pos, best = self.subjects[k][0], (self.subjects[k][1], None)
        for pos, speaker, description in reversed(self.speakers):
            if pos <= position:
                if pos > best_pos:
                    best_pos, best = pos, (speaker, description)
                break
        if best != _NOBODY:
            return best
        k = bisect_left(self.people, (position, "")) - 1
        return (self.people[k][1], None) if k >= 0 else _NOBODY


def _merge(found, profile: Profile) -> tuple[Quote, ...]:
    """One Quote per quote, with every article that carries it (same speaker or one unknown)."""
    merged: list[list] = []  # [text, speaker, description, articles, sentence, pairs]
    for article, text, speaker, description, sentence in found:
        words = profile.words(text)
        pairs = set(zip(words, words[1:])) or {(w, "") for w in words}
        for entry in merged:
            if article in entry[3] or not (entry[1] == speaker or entry[1] is None or speaker is None):
                continue
            if len(pairs & entry[5]) / (min(len(pairs), len(entry[5])) or 1) >= SAME_QUOTE_OVERLAP:
                entry[3].append(article)
                entry[1] = entry[1] or speaker
                if len(text) > len(entry[0]):
                    entry[0], entry[4] = text, sentence
                entry[5] |= pairs
                break
        else:
            merged.append([text, speaker, description, [article], sentence, pairs])
    return tuple(Quote(text=t, speaker=s, speaker_description=None if s else d, articles=tuple(a), sentence=sent)
                 for t, s, d, a, sent, _ in merged)

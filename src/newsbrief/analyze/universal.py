"""Analysis of a story in a language other than English, on its own spaCy pipeline (issue 15).

The English modules (entities.py, quotes.py, figures.py, timeline.py) read the English model's
labels, its ClearNLP dependencies and English word lists. Another language's pipeline tags
Universal Dependencies (nsubj, obj, obl, flat:name) and its own NER labels, so this module
reads those, and every word it needs comes from the language's profile
(:class:`~newsbrief.lang.profiles.AnalysisRules`): the labels' mapping onto our entity types, the
lemmas of verbs of saying, the words that introduce a source ("selon X"), how numbers are
written. Only the sections the rules list are computed; the others stay in ``unavailable``.

* Entities: the model's mentions, grouped by name; a one-word name joins the one person of the
  story whose name ends with it ("Egeland" and "Jan Egeland").
* Quotes: quoted spans (quotemarks.py: « », “ ”, " "); the speaker is the subject of the speech
  verb the quote hangs on or that its sentence has outside quotes, the inverted subject after the
  verb ("», a déclaré le premier ministre Tony Blair"), the noun after a source word, or a name
  labelling the quote ("AP - « ... »"); a pronoun is the last speaker or person subject before it;
  a quote with none continues the quote just before it.
* Figures: numbers as the language writes them ("70 000", "1,5 million", "trois"), tied to the
  noun they count and to a concept when the lemmas around say one; disputes and updates by
  figures.py's own comparison of values, dates and frames.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import cached_property
from spacy.tokens import Doc, Span, Token

from ..lang.profiles import AnalysisRules, Profile
from ..models import Analysis, Entity, Figure, FigureValue, ParsedArticle, Quote
from ..nlp import paragraphs
from . import figures as _figures
from .entities import EntityIndex, Mention
from .quotemarks import quoted_spans
from .spans import entities_at

# A quote shorter than this is a label or a scare quote, not speech (as quotes.MIN_QUOTE_WORDS).
MIN_QUOTE_WORDS = 4
# How far (tokens) an inverted subject may stand after its verb: "a déclaré jeudi à la BBC le ministre".
INVERTED_REACH = 8
# Tokens of a speaker's phrase read for the name inside it ("le porte-parole d'Airbus Stefan Schaffrath").
PHRASE_TOKENS = 12
# Two quotes sharing this share of the shorter one's word pairs are one quote in several outlets (as quotes.py).
SAME_QUOTE_OVERLAP = 0.6


def analyze_universal(
    articles: Sequence[ParsedArticle], docs: Sequence[Doc], profile: Profile, unavailable: tuple[str, ...]
) -> Analysis:
    """Entities, quotes and figures of a story in ``profile``'s language, as its rules allow; dates and
    off-story as for a language without a model (both read the text, not the parse)."""
    from .offstory import find_off_story
    from .timeline import infer_dates

    rules = profile.analysis_rules
    assert rules is not None  # analyze() only calls this for a profile with rules
    dates = infer_dates(articles)
    index = build_index(articles, docs, rules)
    quotes = find_quotes(articles, docs, index, profile) if "quotes" in rules.sections else ()
    found = find_figures(articles, docs, dates, profile) if "figures" in rules.sections else ()
    return Analysis(
        entities=index.entities if "entities" in rules.sections else (),
        quotes=quotes,
        figures=found,
        off_story=find_off_story(articles, [], dates),
        article_dates=dates,
        lang=profile.code,
        unavailable=unavailable,
    )


# --- entities -------------------------------------------------------------------------------------


def name_key(text: str) -> str:
    """Matching key of a name: case-folded, no dots, one space, one apostrophe."""
    text = text.replace("’", "'").replace(".", " ").casefold()
    return " ".join(text.split())


def _trim(ent: Span, rules: AnalysisRules) -> Span | None:
    """The name without determiners, elided articles ("l'ONU") and honorifics ("M. Blair")."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].pos_ in ("DET", "ADP", "PUNCT") or doc[start].lower_ in rules.honorifics):
        start += 1
    while end > start and doc[end - 1].pos_ in ("PUNCT", "ADP", "DET"):
        end -= 1
    if start >= end:
        return None
    span = doc[start:end]
    return span if any(ch.isalpha() for ch in span.text) and span.text[:1].isupper() else None


def build_index(articles: Sequence[ParsedArticle], docs: Sequence[Doc], rules: AnalysisRules) -> EntityIndex:
    """The story's entities (most mentioned first) and their mentions, from the model's NER."""
    surfaces: dict[str, Counter] = defaultdict(Counter)
    labels: dict[str, Counter] = defaultdict(Counter)
    seen_in: dict[str, dict[str, None]] = defaultdict(dict)
    raw: list[tuple[int, Span, str, bool]] = []
    for number, (parsed, doc) in enumerate(zip(articles, docs)):
        for ent in doc.ents:
            kind = rules.entity_types.get(ent.label_)
            if kind is None:
                continue
            span = _trim(ent, rules)
            if span is None:
                continue
            if kind == "PERSON":
                span = doc.__getitem__(slice(*_extend(doc, span.start, span.end, kind, rules)))
            surface = " ".join(span.text.split())
            key = name_key(surface)
            surfaces[key][surface] += 1
            labels[key][kind] += 1
            seen_in[key].setdefault(parsed.id, None)
            subject = any(t.dep_.startswith("nsubj") for t in span)
            raw.append((number, span, key, subject))
    kind_of = {k: c.most_common(1)[0][0] for k, c in labels.items()}
    owner = {k: k for k in surfaces}
    # A one-word name joins the one multi-word person whose last word it is ("Egeland").
    by_last: dict[str, set[str]] = defaultdict(set)
    for key in surfaces:
        words = key.split()
        if len(words) > 1 and kind_of[key] == "PERSON":
            by_last[words[-1]].add(key)
    for key in surfaces:
        if " " not in key and len(by_last.get(key, ())) == 1:
            owner[key] = next(iter(by_last[key]))
    groups: dict[str, list[str]] = defaultdict(list)
    for key, rep in owner.items():
        groups[rep].append(key)

    def mentions_of(rep: str) -> int:
        return sum(sum(surfaces[k].values()) for k in groups[rep])

    ordered = sorted(groups, key=lambda rep: (-mentions_of(rep), rep))
    entities, position = [], {}
    for rep in ordered:
        forms: Counter = Counter()
        for k in groups[rep]:
            forms.update(surfaces[k])
        name = max(forms, key=lambda s: (len(s.split()) > 1, forms[s], s))
        kinds: Counter = Counter()
        for k in groups[rep]:
            kinds.update(labels[k])
        articles_in = dict.fromkeys(a for k in groups[rep] for a in seen_in[k])
        position[rep] = len(entities)
        entities.append(Entity(
            name=name, type=kinds.most_common(1)[0][0],
            aliases=tuple(sorted((s for s in forms if s != name), key=lambda s: (-forms[s], s))),
            mentions=sum(forms.values()), articles=tuple(articles_in),
        ))
    by_key = {key: position[owner[key]] for key in surfaces}
    mentions = tuple(Mention(n, span.start_char, span.end_char, position[owner[key]], subject)
                     for n, span, key, subject in raw)
    return EntityIndex(tuple(entities), mentions, by_key, {(m.article, m.start): m.entity for m in mentions})


def _resolve(index: EntityIndex, name: str) -> Entity | None:
    key = name_key(name)
    if key in index.by_key:
        return index.entities[index.by_key[key]]
    return None


# --- quotes ---------------------------------------------------------------------------------------


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
        self.inside = sorted((a, b) for _, a, b in self.spans)
        self.speakers: list[tuple[int, str | None, str | None]] = []  # (end char, speaker, description)
        self.roles = self._roles()

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
        return any(a <= tok.idx < b for a, b in self.inside)

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
        doc = self.doc
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
        index, number = self.index, self.number
        best_pos, best = -1, _NOBODY
        nearest_pos, nearest = -1, _NOBODY
        for m in index.mentions:
            if m.article != number or m.start >= position or any(a <= m.start < b for a, b in self.inside):
                continue
            if index.entities[m.entity].type != "PERSON":
                continue
            if m.subject and m.start > best_pos:
                best_pos, best = m.start, (index.entities[m.entity].name, None)
            if m.start > nearest_pos:
                nearest_pos, nearest = m.start, (index.entities[m.entity].name, None)
        for pos, speaker, description in self.speakers:
            if best_pos < pos <= position:
                best_pos, best = pos, (speaker, description)
        return best if best != _NOBODY else nearest


def _extend(doc: Doc, start: int, end: int, kind: str | None, rules: AnalysisRules, skip=lambda tok: False):
    """``doc[start:end]`` grown over the capitalized name words the model left out of a name on either
    side ("Thorne" + "Lay", "Mohammad" + "Siddique Khan"); leftwards only past a word that does not
    follow a preposition or article ("du Tour Christian Prudhomme": "Tour" belongs to "directeur du Tour")."""

    def joins(word: Token) -> bool:
        other = rules.entity_types.get(word.ent_type_)
        return _name_word(word, rules) and not skip(word) and other in (None, kind, "PERSON")

    while start > 1 and joins(doc[start - 1]) and doc[start - 2].pos_ not in ("ADP", "DET"):
        start -= 1
    while end < len(doc) and joins(doc[end]):
        end += 1
    return start, end


def _name_word(tok: Token, rules: AnalysisRules) -> bool:
    """A word that may continue a name: a capitalized proper noun or name part, not an acronym
    title ("QC") nor an honorific."""
    return (
        tok.text[:1].isupper() and tok.is_alpha
        and (tok.pos_ in ("PROPN", "X") or tok.dep_ == "flat:name" or rules.entity_types.get(tok.ent_type_) == "PERSON")
        and not (tok.text.isupper() and len(tok.text) <= 3) and tok.lower_ not in rules.honorifics
    )


def _trimmed_start(ent: Span, rules: AnalysisRules) -> int:
    span = _trim(ent, rules)
    return span.start_char if span is not None else ent.start_char


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


# --- figures --------------------------------------------------------------------------------------


def _number_pattern(rules: AnalysisRules) -> re.Pattern:
    groups = re.escape(rules.group_marks)
    decimal = re.escape(rules.decimal_mark)
    words = "|".join(sorted(map(re.escape, rules.number_words), key=len, reverse=True))
    scales = "|".join(sorted(map(re.escape, rules.scale_words), key=len, reverse=True))
    qualifiers = "|".join(sorted(map(re.escape, rules.qualifiers), key=len, reverse=True))
    digits = rf"\d{{1,3}}(?:[{groups}]\d{{3}})+(?![\d])(?:{decimal}\d+)?|\d+(?:{decimal}\d+)?"
    number = rf"(?:{digits}|{words})" if words else digits
    return re.compile(
        rf"(?<![\w.,:/-])(?:(?P<qual>{qualifiers})\s+)?(?P<num>{number})(?:\s+(?P<scale>{scales})\b)?(?![\w]|[:h/.,]\d)",
        re.I,
    )


def parse_number(text: str, rules: AnalysisRules) -> float | None:
    """The value of a number as the language writes it ("70 000", "1,5 million", "trois"), or None.

    Example:
        >>> parse_number("1,5 million", profile_for("fr").analysis_rules)  # doctest: +SKIP
        1500000.0
    """
    match = _number_pattern(rules).fullmatch(text.strip())
    return _value(match, rules) if match else None


def _value(match: re.Match, rules: AnalysisRules) -> float | None:
    num = match.group("num").lower()
    if num in rules.number_words:
        value = float(rules.number_words[num])
    else:
        digits = re.sub(f"[{re.escape(rules.group_marks)}]", "", num).replace(rules.decimal_mark, ".")
        try:
            value = float(digits)
        except ValueError:
            return None
    scale = match.group("scale")
    return value * rules.scale_words[scale.lower()] if scale else value


def find_figures(articles: Sequence[ParsedArticle], docs: Sequence[Doc], dates, profile: Profile) -> tuple[Figure, ...]:
    """The story's figures, one per quantity (concept or counted noun, and unit), with each value's
    articles and dates; ``disputed`` and ``updated`` as figures.py judges them."""
    rules = profile.analysis_rules
    pattern = _number_pattern(rules)
    mentions = [m for parsed, doc in zip(articles, docs) for m in _number_mentions(parsed.id, doc, pattern, profile)]
    groups: dict[tuple, list] = {}
    for m in mentions:
        groups.setdefault((m.concept or m.noun, m.unit), []).append(m)
    out = []
    for (what, unit), group in groups.items():
        by_value: dict[float, list] = {}
        for m in group:
            by_value.setdefault(m.value, []).append(m)
        values = []
        for value, ms in by_value.items():
            ids = tuple(dict.fromkeys(m.article for m in ms))
            values.append(FigureValue(value=value, unit=unit, text=ms[0].text, articles=ids,
                                      dates=tuple((dates.get(a) or (None, None))[0] for a in ids)))
        values.sort(key=lambda v: (min((d or "9999") for d in v.dates) if v.dates else "9999", v.value))
        disputed, updated = _figures._compare(group, dates)
        nouns = Counter(m.noun_text for m in group if m.noun_text)
        label = group[0].concept or (nouns.most_common(1)[0][0] if nouns else what)
        out.append(Figure(quantity=label + (f" ({unit})" if unit else ""), values=tuple(values),
                          disputed=disputed, updated=updated))
    out.sort(key=lambda f: (-len({a for v in f.values for a in v.articles}), not f.disputed, f.quantity))
    return tuple(out)


def _number_mentions(article_id: str, doc: Doc, pattern: re.Pattern, profile: Profile):
    rules = profile.analysis_rules
    text = doc.text
    percent = re.compile(r"\s*(?:" + "|".join(re.escape(w) for w in rules.percent_words) + r")(?!\w)", re.I)
    for match in pattern.finditer(text):
        value = _value(match, rules)
        if value is None:
            continue
        num = match.group("num")
        if num.lower() in rules.number_words and value == 1 and not match.group("scale"):
            continue  # a written-out one is the indefinite article far more often than a count
        after = profile.words(text[match.end() : match.end() + 20])[:1]
        if after and profile.lower(after[0]) in profile.months:
            continue  # a date: "26 décembre"
        span = doc.char_span(match.start("num"), match.end(), alignment_mode="expand")
        if span is None:
            continue
        if re.fullmatch(r"\d{4}", num) and 1800 <= value <= 2100 and not match.group("scale"):
            continue  # a year
        if span.start > 0 and doc[span.start - 1].text[:1].isupper() and doc[span.start - 1].pos_ == "PROPN":
            continue  # a name's number: "Airbus A330", "vol 447" reads as an identifier
        tail = text[match.end() : match.end() + 12].lower()
        unit = "percent" if percent.match(tail) else None
        before = text[max(0, match.start() - 2) : match.start()].strip()
        unit = unit or rules.currencies.get(before) or rules.currencies.get(tail.strip()[:1])
        noun = _counted(span, rules)
        if noun is not None and unit is None:
            unit = rules.currencies.get(noun.lemma_.lower())
        concept = _concept(span, noun, rules)
        if noun is None and concept is None:
            continue  # nothing says what it counts: no figure a reader could check
        if value < _figures.MIN_PLAIN_COUNT and concept is None and unit is None:
            continue
        qualifier = rules.qualifiers.get((match.group("qual") or "").lower())
        verb = _verb(noun or span.root)
        names = frozenset(
            e.text for k in range(span.sent.start, span.sent.end) for e in entities_at(doc, k)
            if e.start == k and e.label_ in rules.entity_types
        )
        yield _figures._Mention(
            article=article_id, value=value, unit=unit, text=text[match.start() : match.end()].strip(),
            concept=concept, noun=None if noun is None else noun.lemma_.lower(),
            noun_text=None if noun is None else noun.text.lower(), cause=None, cause_text=None,
            verb=None if verb is None else verb.lemma_.lower(), qualifier=qualifier, names=names,
            words=frozenset({verb.lemma_.lower()}) if verb is not None else frozenset(),
        )


def _counted(span: Span, rules: AnalysisRules) -> Token | None:
    """The noun a number counts: its head ("70 000 personnes"), past a scale word ("1,5 million d'euros")."""
    root = span.root
    noun = root.head if root.dep_ in ("nummod", "det") and root.head.pos_ == "NOUN" else None
    if root.pos_ == "NOUN" and root.lower_ not in rules.scale_words:
        noun = root
    if noun is None or noun.lower_ in rules.scale_words:
        base = noun or root
        objects = [c for c in base.children if c.dep_ == "nmod" and c.pos_ == "NOUN" and c.i > base.i]
        noun = objects[0] if objects else None
    if noun is not None and (not noun.is_alpha or span.start <= noun.i < span.end):
        return None  # a piece of the number itself ("80 000" parsed as two words)
    return noun


def _verb(token: Token) -> Token | None:
    for _ in range(3):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _concept(span: Span, noun: Token | None, rules: AnalysisRules) -> str | None:
    """What a count counts, when its noun, the words modifying it or its verb say one ("morts", "blessés")."""
    lemmas = set()
    for tok in (noun, span.root):
        if tok is None:
            continue
        lemmas.add(tok.lemma_.lower())
        lemmas.update(c.lemma_.lower() for c in tok.children if c.dep_ in ("amod", "acl", "nmod", "acl:relcl"))
        if tok.head.pos_ == "VERB":
            lemmas.add(tok.head.lemma_.lower())
    if noun is not None:
        # "trois personnes ont été tuées" where the parser hung the noun on another verb: the verb
        # that follows it with only auxiliaries between.
        for tok in noun.doc[noun.i + 1 : min(len(noun.doc), noun.i + 4)]:
            if tok.pos_ == "VERB":
                lemmas.add(tok.lemma_.lower())
                break
            if tok.pos_ != "AUX":
                break
    for concept, words in rules.concepts.items():
        if lemmas & words:
            return concept
    return None


__all__ = ["analyze_universal", "build_index", "find_quotes", "find_figures", "parse_number", "name_key"]

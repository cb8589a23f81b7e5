"""Entities of a story in another language: the model's NER mentions, grouped by name (issue 15)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from ...lang.profiles import AnalysisRules
from ...models import Entity, ParsedArticle
from ..entities import EntityIndex, Mention


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

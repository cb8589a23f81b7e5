"""Figures of a story in another language: numbers as it writes them, what they count, disputes (issue 15)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from ...lang.profiles import AnalysisRules, Profile
from ...models import Figure, FigureValue, ParsedArticle
from ..figures import compare as _compare
from ..figures import mentions as _mentions
from ..spans import entities_at


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
        disputed, updated = _compare._compare(group, dates)
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
        if value < _mentions.MIN_PLAIN_COUNT and concept is None and unit is None:
            continue
        qualifier = rules.qualifiers.get((match.group("qual") or "").lower())
        verb = _verb(noun or span.root)
        names = frozenset(
            e.text for k in range(span.sent.start, span.sent.end) for e in entities_at(doc, k)
            if e.start == k and e.label_ in rules.entity_types
        )
        yield _mentions._Mention(
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

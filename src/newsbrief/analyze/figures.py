"""Figures the articles report ("more than 70,000 lives"), grouped by what they count.

A number is found in the text (digits, "80 000", "1.5 million", "a quarter
of a million", number words), normalized to a value, and tied to what it
counts: a concept when the words around it say one (killed / lives / dead →
deaths; injured; driven from homes → displaced; stranded), else the counted
noun. The cause the sentence names ("the civil war in Syria has killed",
"killed in the twin blasts in Boston") keeps deaths in a war apart from
deaths in a bombing. The same quantity in several articles becomes one
Figure; it is ``disputed`` when two articles give values that share nothing
and are close enough to be the same count, and each value carries its
articles' dates so a reader can tell a disagreement from an update.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import spacy
from spacy.tokens import Doc, Span, Token

from ..models import Figure, FigureValue, ParsedArticle
from .dates import NUMBER_WORDS
from .spans import entities_within

# Counts below this are kept only when they count a concept (deaths, injured...) or carry a unit:
# "two men", "two systems" are not figures a reader checks. Set by reading the seed and example stories.
MIN_PLAIN_COUNT = 10

# Two articles' values for one quantity are a dispute only within this ratio of each other; farther apart
# they count different things (seed: 250,000 vs 70,000 is 3.6; multinews-dev's false disputes were mostly
# "3 killed" vs "78 killed" in different incidents, ratio > 10).
DISPUTE_RATIO = 10.0

_QUALIFIER = (
    r"(?:more than|over|about|around|roughly|nearly|almost|at least|some|approximately|an estimated|as many as"
    r"|fewer than|less than|up to|close to|upwards of|just over|just under)"
)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "m": 1e6, "bn": 1e9, "k": 1e3}
_FRACTION = {"half": 0.5, "quarter": 0.25, "third": 1 / 3}
_WORD = "|".join(sorted((w for w in NUMBER_WORDS if w not in ("a", "an")), key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?<![\w.-])(?:(?P<qual>{_QUALIFIER})\s+)?(?P<num>"
    r"(?:a|one|two|three)\s+(?:quarter|third|half)s?\s+of\s+an?\s+(?:million|billion)"
    r"|half\s+a\s+(?:million|billion)"
    r"|\d+(?:\.\d+)?\s*(?:million|billion|trillion|bn)\b"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])|\d+(?:\.\d+)?"
    rf"|(?:{_WORD})(?:-(?:{_WORD}))?(?:\s+(?:hundred|thousand|million|billion))?"
    r"|an?\s+(?:million|billion|thousand|dozen|hundred)"
    r")(?![\w-]|[:.]\d)",
    re.I,
)
_PERCENT = re.compile(r"^\s*(%|per ?cent\b)", re.I)
_MEASURE = re.compile(
    r"^\s*(litres?|liters?|km|kilometres?|kilometers?|miles?|tonnes?|tons?|kg|kilograms?|metres?|meters?|"
    r"acres?|hectares?|barrels?|megawatts?)\b",
    re.I,
)
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
# What a count is of, from the words around it (lemmas).
_CONCEPTS = {
    "deaths": {"kill", "die", "dead", "death", "life", "fatality", "toll", "killed"},
    "injured": {"injure", "injured", "wound", "wounded", "hurt", "injury"},
    "displaced": {"displace", "displaced", "flee", "refugee", "homeless", "home", "evacuate"},
    "stranded": {"strand", "stranded", "unable"},
    "arrested": {"arrest", "detain", "arrested", "detained"},
    "missing": {"missing"},
}
_CONCEPT_LABEL = {
    "deaths": "deaths",
    "injured": "people injured",
    "displaced": "people driven from their homes",
    "stranded": "{noun} stranded",
    "arrested": "people arrested",
    "missing": "people missing",
}
# Causes, folded into classes so "the war", "the conflict" and "the turmoil" are one cause.
_CAUSE_CLASS = {
    **{w: "conflict" for w in ("war", "conflict", "turmoil", "violence", "fighting", "crisis", "uprising", "unrest",
                                "bloodshed", "revolution", "insurgency", "rebellion", "civil")},
    **{w: "attack" for w in ("blast", "bombing", "attack", "explosion", "bomb", "shooting", "strike", "assault")},
    **{w: "disaster" for w in ("storm", "earthquake", "quake", "flood", "hurricane", "fire", "tsunami", "typhoon")},
}
# Nouns that count the same thing under another name ("a 4 percent raise" / "a 4 percent pay rise").
_SAME_NOUN = {"rise": "raise", "hike": "raise", "increase": "raise", "dead": "death", "fatality": "death"}
_NOT_PEOPLE = {
    "animal", "lion", "tiger", "elephant", "dog", "cat", "horse", "cow", "cattle", "sheep", "pig", "bird", "fish",
    "whale", "dolphin", "bear", "wolf", "chicken", "goat", "deer", "livestock", "tree", "home", "house", "building",
    "car", "vehicle", "aircraft", "plane", "ship", "boat", "tank", "drone", "rocket", "missile",
}
_PEOPLE_NOUNS = {"people", "person", "life", "death", "individual", "casualty", "victim", "civilian", "resident"}
_GENERIC_NOUNS = {"people", "person", "time", "year", "day", "month", "week", "hour", "minute", "way", "thing", "one"}


@dataclass(frozen=True, slots=True)
class _Mention:
    article: str
    value: float
    unit: str | None
    text: str
    concept: str | None
    noun: str | None  # counted noun lemma
    noun_text: str | None
    cause: str | None  # cause class
    cause_text: str | None
    verb: str | None = None  # lemma of the verb the count belongs to
    scope: int | None = None  # the year the count is for, when its clause names one ("121 cases in 2014")


def parse_figure(text: str) -> float | None:
    """The value of a number as written: "70,000", "80 000", "1.5 million", "a quarter of a million", "twenty-five".

    Example:
        >>> parse_figure("more than 250,000")
        250000.0
    """
    match = _NUMBER.fullmatch(text.strip())
    if not match:
        return None
    return _value(match.group("num"))


def _value(num: str) -> float | None:
    low = " ".join(num.lower().split())
    match = re.fullmatch(r"(a|one|two|three) (quarter|third|half)s? of an? (million|billion)", low)
    if match:
        count = 1 if match.group(1) in ("a", "one") else NUMBER_WORDS[match.group(1)]
        return count * _FRACTION[match.group(2)] * _SCALE[match.group(3)]
    match = re.fullmatch(r"half a (million|billion)", low)
    if match:
        return 0.5 * _SCALE[match.group(1)]
    match = re.fullmatch(r"an? (million|billion|thousand|dozen|hundred)", low)
    if match:
        return {"dozen": 12.0, "hundred": 100.0}.get(match.group(1)) or _SCALE[match.group(1)]
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(million|billion|trillion|bn)", low)
    if match:
        return float(match.group(1)) * _SCALE[match.group(2)]
    digits = re.sub(r"[, \u00a0\u202f]", "", low)
    if re.fullmatch(r"\d+(\.\d+)?", digits):
        return float(digits)
    match = re.fullmatch(rf"({_WORD})(?:-({_WORD}))?(?: (hundred|thousand|million|billion))?", low)
    if match:
        base = NUMBER_WORDS[match.group(1)] + (NUMBER_WORDS[match.group(2)] if match.group(2) else 0)
        scale = {"hundred": 100, **_SCALE}.get(match.group(3) or "", 1)
        return float(base * scale)
    return None


def find_figures(
    articles: Sequence[ParsedArticle],
    docs: Sequence[spacy.tokens.Doc],
    dates: dict[str, tuple[str | None, str | None]] | None = None,
) -> tuple[Figure, ...]:
    """The figures of a story, one per quantity, with each article's value.

    Args:
        articles: the story's articles.
        docs: full spaCy Docs of their cleaned texts, in the same order.
        dates: article dates (:func:`newsbrief.analyze.timeline.infer_dates`);
            computed when not given.

    Returns:
        Figures, those reported by the most articles first; a figure is
        ``disputed`` when two of its articles give different values for it.

    Example:
        >>> [f.quantity for f in find_figures(arts, docs) if f.disputed]  # doctest: +SKIP
        ['deaths in the civil war in Syria']
    """
    if dates is None:
        from .timeline import infer_dates

        dates = infer_dates(articles, docs)
    mentions = [m for article, doc in zip(articles, docs) for m in _mentions(article.id, doc)]
    groups = _group(mentions)
    figures = [_figure(group, dates) for group in groups]
    figures.sort(key=lambda f: (-len({a for v in f.values for a in v.articles}), not f.disputed, f.quantity))
    return tuple(figures)


def _mentions(article_id: str, doc: Doc) -> list[_Mention]:
    """Every countable figure in one article."""
    text = doc.text
    blocked = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME", "ORDINAL")]
    # Entities do not overlap, so their ends rise with their starts: the one entity a number could
    # overlap is found by bisection (scanning them all per number was quadratic; issue 13).
    blocked_ends = [b for _, b in blocked]
    found: list[_Mention] = []
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        num = match.group("num")
        value = _value(num)
        k = bisect_right(blocked_ends, start)
        if value is None or (k < len(blocked) and blocked[k][0] < end):
            continue
        before, after = text[max(0, start - 1) : start], text[end : end + 20]
        # "17-nation", "26-month", "5-3": part of a compound word or a score, not a count; "2013" is a year.
        if after.startswith("-") or (before and before in "-/:") or (re.fullmatch(r"\d{4}", num) and value < 2100):
            continue
        if num.lower() in ("a", "an", "one") or (num.lower() in NUMBER_WORDS and value == 1):
            continue
        unit = None
        written = match.group(0)
        if before in _CURRENCY:
            unit = _CURRENCY[before]
            written = before + written
        elif _PERCENT.match(after):
            unit = "percent"
            written += _PERCENT.match(after).group(0)
        elif _MEASURE.match(after):
            unit = _MEASURE.match(after).group(1).lower().rstrip("s")
            written += _MEASURE.match(after).group(0)
        span = doc.char_span(match.start("num"), end, alignment_mode="expand")
        if span is None:
            continue
        mention = _describe(article_id, value, unit, written, span)
        if mention is None:
            continue
        if mention.concept is None and unit is None and (value < MIN_PLAIN_COUNT or mention.noun is None):
            continue
        found.append(mention)
    return found


def _describe(article_id: str, value: float, unit: str | None, written: str, span: Span) -> _Mention | None:
    """Tie a number to what it counts and the cause its sentence names."""
    root = span.root
    doc = span.doc
    noun = None
    if root.dep_ in ("nummod", "quantmod", "compound", "amod") and root.head.pos_ in ("NOUN", "PROPN") and root.head.i >= span.end:
        noun = root.head
    elif span.end < len(doc) and doc[span.end].pos_ == "NOUN" and doc[span.end].tag_ in ("NNS", "NN"):
        noun = doc[span.end]
    if noun is None and unit in _CURRENCY.values():
        # Money is counted by what it is for: "$5 million in damages", "$2 billion for the bridge".
        after = doc[span.end] if span.end < len(doc) else None
        if after is not None and after.lower_ in ("in", "for", "of", "on"):
            noun = next((c for c in after.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")), None)
    if unit == "percent":
        # A share is only comparable when we know what it is a share of: "a 4 percent raise", "20% of voters".
        noun = _share_of(noun if noun is not None else root)
        if noun is None:
            return None
    anchor = noun or root
    verb = _verb_of(anchor)
    # Words that may say what is counted: the noun, its modifiers, the verb, what follows the number.
    context = [anchor, *anchor.children]
    if verb is not None:
        context += [verb, *verb.children]
        context += [g for c in verb.children if c.dep_ == "prep" for g in c.children]
    context += list(doc[span.end : span.end + 2])
    lemmas = {t.lemma_.lower() for t in context} | {t.lower_ for t in context}
    concept = None
    for name, words in _CONCEPTS.items():
        if lemmas & words:
            if name == "deaths" and "life" in lemmas and not lemmas & {"claim", "lose", "take", "cost", "kill", "die"}:
                continue
            if name == "displaced" and "home" in lemmas and not lemmas & {"drive", "force", "flee", "displace", "leave"}:
                continue
            concept = name
            break
    # "killed ... and more than 260 injured": the participle after the number decides.
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.tag_ in ("VBN", "JJ"):
        for name, words in _CONCEPTS.items():
            if nxt.lemma_.lower() in words or nxt.lower_ in words:
                concept = name
    if unit is not None and unit not in ("percent", *_CURRENCY.values()):
        concept = None  # "10 miles" from a shooting is a distance, not a death toll
    cause = _cause(verb, doc) if verb is not None else None
    # Only a cause we can classify separates figures; "the ferry crews" stranding commuters does not.
    cause_class = _CAUSE_CLASS.get(cause.lemma_.lower()) if cause is not None else None
    if cause_class is None:
        cause = None
    noun_lemma = noun.lemma_.lower() if noun is not None else None
    noun_lemma = _SAME_NOUN.get(noun_lemma, noun_lemma)
    if concept is None and noun is None:
        return None
    if concept is None and noun_lemma in _GENERIC_NOUNS and unit is None:
        return None
    noun_text = None
    if noun is not None:
        mods = [
            c for c in noun.lefts
            if c.dep_ in ("compound", "amod") and c.i > span.end - 1 and c.lower_ not in ("percent", "%", "pct")
        ]
        noun_text = " ".join([*(m.text for m in mods), noun.text])
    return _Mention(
        article=article_id,
        value=value,
        unit=unit,
        text=written.strip(),
        concept=concept,
        noun=noun_lemma,
        noun_text=noun_text,
        cause=cause_class,
        cause_text=_phrase(cause) if cause is not None else None,
        verb=verb.lemma_.lower() if verb is not None else None,
        scope=_year_scope(span, verb),
    )


def _year_scope(span: Span, verb: Token | None) -> int | None:
    """The year a count is for when its own clause names one: "121 cases were confirmed in 2014".

    A year that starts a span ("since March 2011") or belongs to another verb ("the war began in
    March 2011 ... has killed 250,000") is not the count's scope.
    """
    for ent in entities_within(span.sent):
        if ent.label_ != "DATE":
            continue
        year = re.search(r"\b(19|20)\d\d\b", ent.text)
        if not year or (ent.start > 0 and span.doc[ent.start - 1].lower_ in ("since", "from")):
            continue
        # "... compared to 2015, when 21 cases were confirmed": the count's clause hangs on the year.
        if verb is not None and verb.dep_ == "relcl" and ent.start <= verb.head.i < ent.end:
            return int(year.group(0))
        head = ent.root
        for _ in range(6):
            if (verb is not None and head.i == verb.i) or head.i in range(span.start, span.end + 2):
                return int(year.group(0))
            if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
                break
            head = head.head
    return None


def _share_of(token: Token) -> Token | None:
    """The noun a percentage is of: the head of "4 percent raise", the object of "20 percent of voters"."""
    if token.lower_ not in ("percent", "%", "pct", "per"):
        return token if token.pos_ == "NOUN" else None
    if token.dep_ in ("compound", "amod", "nmod", "npadvmod") and token.head.pos_ == "NOUN":
        return token.head
    for prep in (c for c in token.children if c.lower_ == "of"):
        pobj = next((g for g in prep.children if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN")), None)
        if pobj is not None:
            return pobj
    return None


def _verb_of(token: Token) -> Token | None:
    """The verb a counted phrase belongs to ("killed" in "has killed 80,000 people")."""
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.dep_ in ("acomp", "oprd")):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _cause(verb: Token, doc: Doc) -> Token | None:
    """What the sentence says brought the count about: the verb's subject, its antecedent, or "in the blasts"."""
    found = _direct_cause(verb)
    if found is not None and found.lemma_.lower() in _CAUSE_CLASS:
        return found
    # "a peaceful solution to conflict that has claimed ...": the parser may hang the clause on the
    # wrong noun; the nearest cause word before the verb in its sentence is the better guess.
    before = [t for t in verb.sent if t.i < verb.i and t.pos_ == "NOUN" and t.lemma_.lower() in _CAUSE_CLASS]
    if before:
        return before[-1]
    return found


def _direct_cause(verb: Token) -> Token | None:
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.lower_ in ("that", "which", "who") and verb.dep_ == "relcl":
            return verb.head
        if subject is not None and subject.pos_ in ("NOUN", "PROPN"):
            return subject
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "by", "from", "during")):
            pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() in _CAUSE_CLASS:
                return pobj
        if verb.dep_ == "relcl" and verb.head.pos_ == "NOUN":
            return verb.head
        if verb.dep_ in ("advcl", "conj", "xcomp") and verb.head.i != verb.i:
            verb = verb.head
            continue
        break
    # "Three were killed and more than 260 injured in the twin blasts": the cause sits after the numbers.
    sentence = verb.sent
    for token in sentence:
        if token.dep_ == "pobj" and token.lemma_.lower() in _CAUSE_CLASS and token.head.lower_ in ("in", "by", "during"):
            return token
    return None


def _phrase(noun: Token) -> str:
    """A noun with its modifiers and "in ..." attachment, without relative clauses: "the civil war in Syria"."""
    tokens = [noun]
    for child in noun.children:
        if child.dep_ in ("det", "amod", "compound", "nmod", "poss") or (child.dep_ == "prep" and child.lower_ in ("in", "of")):
            tokens.extend(child.subtree)
    tokens.sort(key=lambda t: t.i)
    words = [t.text for t in tokens if (t.dep_ != "det" or t.i != tokens[0].i) and t.lower_ not in ("such", "latest")]
    text = " ".join(words).replace(" 's", "'s").replace(" - ", "-")
    return "the " + text if tokens[0].dep_ == "det" or tokens[0].pos_ != "PROPN" else text


def _key(mention: _Mention) -> tuple:
    if mention.concept is not None:
        # "11 lions died" and "7 people died" are different tolls; people, lives and the dead are one.
        # No noun at all ("70,000 dead") is unknown and may join a group; any count of people (lives,
        # commuters, soldiers) is "people"; only animals and things are counted apart.
        who = mention.noun if mention.noun in _NOT_PEOPLE else None if mention.noun is None else "people"
        return ("concept", mention.concept, mention.cause, mention.unit, who, mention.scope)
    return ("noun", mention.noun, mention.unit, mention.scope)


def _group(mentions: list[_Mention]) -> list[list[_Mention]]:
    """Mentions of the same quantity across articles."""
    groups: dict[tuple, list[_Mention]] = {}
    for mention in mentions:
        groups.setdefault(_key(mention), []).append(mention)
    # A concept with no named cause (or no counted noun) joins the one group of that concept that names
    # them, if there is exactly one: "70,000 dead" belongs with "the war has killed 70,000 people".
    for key in sorted((k for k in groups if k[0] == "concept"), key=lambda k: (k[2] is None) + (k[4] is None)):
        if key not in groups or (key[2] is not None and key[4] is not None):
            continue
        same = [
            k for k in groups
            if k != key and k[0] == "concept" and k[1] == key[1] and k[3] == key[3] and k[5] == key[5]
            and (key[2] is None or k[2] == key[2]) and (key[4] is None or k[4] == key[4])
        ]
        if len(same) == 1:
            groups[same[0]].extend(groups.pop(key))
    # A bare noun count ("2,500 commuters") joins the concept group counting the same noun.
    for key in [k for k in groups if k[0] == "noun"]:
        same = [
            k for k, ms in groups.items()
            if k[0] == "concept" and k[3] == key[2] and k[5] == key[3] and any(m.noun == key[1] for m in ms)
        ]
        if len(same) == 1:
            groups[same[0]].extend(groups.pop(key))
    out: list[list[_Mention]] = []
    for key, group in groups.items():
        if key[0] == "noun" and _disputed(group):
            # A bare noun is weak evidence of one quantity ("24 states have..." / "32 states allow..."):
            # before calling it a dispute, keep only counts tied to the same verb together.
            by_verb: dict[str | None, list[_Mention]] = {}
            for mention in group:
                by_verb.setdefault(mention.verb, []).append(mention)
            out.extend(by_verb.values())
        else:
            out.append(group)
    return out


def _figure(group: list[_Mention], dates: dict[str, tuple[str | None, str | None]]) -> Figure:
    by_value: dict[tuple[float, str | None], list[_Mention]] = {}
    for mention in group:
        by_value.setdefault((mention.value, mention.unit), []).append(mention)
    values = []
    for (value, unit), ms in by_value.items():
        articles = tuple(dict.fromkeys(m.article for m in ms))
        values.append(
            FigureValue(
                value=value,
                unit=unit,
                text=ms[0].text,
                articles=articles,
                dates=tuple((dates.get(a) or (None, None))[0] for a in articles),
            )
        )
    # Oldest report first, so an update reads as one.
    values.sort(key=lambda v: (min((d or "9999") for d in v.dates) if v.dates else "9999", v.value))
    return Figure(quantity=_quantity(group), values=tuple(values), disputed=_disputed(group))


def _disputed(group: list[_Mention]) -> bool:
    """Whether two articles disagree: neither shares a value with the other, and their values are close
    enough to be the same count (several values in one article are a breakdown, not a dispute; 3 and 70,000
    are two incidents)."""
    per_article: dict[str, set[float]] = {}
    for mention in group:
        per_article.setdefault(mention.article, set()).add(mention.value)
    articles = list(per_article)
    for i, a in enumerate(articles):
        for b in articles[i + 1 :]:
            if per_article[a] & per_article[b]:
                continue
            if any(max(x, y) <= DISPUTE_RATIO * min(x, y) for x in per_article[a] for y in per_article[b] if min(x, y) > 0):
                return True
    return False


def _quantity(group: list[_Mention]) -> str:
    """A label for what the group counts: "deaths in the civil war in Syria", "commuters stranded"."""
    first = group[0]
    nouns = sorted(m.noun_text for m in group if m.noun_text and m.noun not in _GENERIC_NOUNS)
    noun = max(set(nouns), key=lambda n: (nouns.count(n), n)) if nouns else "people"
    if first.concept is not None:
        label = _CONCEPT_LABEL[first.concept].format(noun=noun)
        whos = {m.noun for m in group} & _NOT_PEOPLE
        if whos and "{noun}" not in _CONCEPT_LABEL[first.concept]:
            label += f" ({noun})"  # "deaths (lions)": who was counted keeps two tolls apart
        causes = [m.cause_text for m in group if m.cause_text]
        if causes:
            # The most specific telling: one that names a place or a people, else the longest.
            best = max(causes, key=lambda c: (any(w[:1].isupper() for w in c.split()[1:]), len(c)))
            label += f" in {best}"
        return label + (f" ({first.scope})" if first.scope else "")
    label = f"{noun} ({first.unit})" if first.unit in ("percent", *_CURRENCY.values()) else noun
    return label + (f" ({first.scope})" if first.scope else "")

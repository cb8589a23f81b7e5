"""One article's figures: numbers found in the text, normalized, and tied by the parse to what they count.

A :class:`_Mention` is one telling of a figure: its value and unit, what it counts (a concept such as
deaths, or the counted noun), the cause, places, period and names around it (its *frame*), which
:mod:`.compare` reads to decide which tellings are one quantity.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..dates import NUMBER_WORDS
from ..spans import entities_at, entities_within

# Counts below this are kept only when they count a concept (deaths, injured...) or carry a unit:
# "two men", "two systems" are not figures a reader checks. Set by reading the seed and example stories.
MIN_PLAIN_COUNT = 10

# Qualifiers that bound a value from below or above, or make it approximate.
_AT_LEAST = {"more than", "over", "at least", "upwards of", "just over"}
_AT_MOST = {"fewer than", "less than", "up to", "just under"}
_NEARLY = {"nearly", "almost", "close to", "as many as"}
_ABOUT = {"about", "around", "roughly", "some", "approximately", "an estimated"}
# Units of length, depth, weight: readings at different moments (a plane's altitude in its dive, the
# depths of a wreck) far more often than two counts of one thing; never a dispute on their own.
_MEASURES = {"litre", "liter", "km", "kilometre", "kilometer", "mile", "tonne", "ton", "kg", "kilogram", "metre",
             "meter", "acre", "hectare", "barrel", "megawatt", "feet", "foot"}

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
    r"acres?|hectares?|barrels?|megawatts?|feet|foot)\b",
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
    qualifier: str | None = None  # "more than", "at least", "about" ...
    places: tuple[str, ...] = ()  # places the count's clause names ("in Kenya"): deaths there, not elsewhere
    degree: str | None = None  # "seriously" injured: a part of all the injured, not another count of them
    hypothetical: bool = False  # "four could face arrest": not a count of what happened
    # What the count's clause is about, from the parse (see _frame): the names it gives (entities) and
    # its other words (argument nouns, the cause's class). Two tellings are one quantity only when
    # their frames meet (issue 11).
    names: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    period: str | None = None  # "a million a year", "3,000 every day": a rate, not a total
    part: bool = False  # "131 people, including 73 children": a part of another count
    # The date the count's own clause gives its event ("killed ... on Friday", "the July 25 crash"), as
    # written; resolved against the article's date when tellings are compared.
    when: str | None = None


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



# A frame word in the counts of at least this share of a story's articles (with TOPIC_MIN_ARTICLES or
# more) names the story, not one event in it ("Mongolia" in a story on Mongolia's aid): it links no
# two counts. Cause classes are kept: "the conflict" is how a toll names its war. Set by reasoning,
# checked on the tune pool of benchmarks/disputes.py.
TOPIC_SHARE = 0.5
TOPIC_MIN_ARTICLES = 4


def _without_topic_words(mentions: list[_Mention]) -> list[_Mention]:
    articles: dict[str, set[str]] = {}
    for m in mentions:
        articles.setdefault(m.article, set()).update(m.names, m.words)
    if len(articles) < TOPIC_MIN_ARTICLES:
        return mentions
    counts: dict[str, int] = {}
    for words in articles.values():
        for w in words:
            counts[w] = counts.get(w, 0) + 1
    topic = {w for w, n in counts.items() if n >= TOPIC_SHARE * len(articles) and not w.startswith("cause:")}
    if not topic:
        return mentions
    return [replace(m, names=m.names - topic, words=m.words - topic) for m in mentions]


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
        if _is_identifier(doc, start):
            continue  # "Flight 990", "Boeing 767", "Apollo 11": a name, not a count
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
        qualifier = (match.group("qual") or "").lower() or None
        mention = _describe(article_id, value, unit, written, span, qualifier)
        if mention is None:
            continue
        if mention.concept is None and unit is None and (value < MIN_PLAIN_COUNT or mention.noun is None):
            continue
        found.append(mention)
    return found


# Words that make a count part of another ("two seriously injured" of "three injured").
_DEGREES = frozenset({"seriously", "critically", "severely", "badly", "gravely", "slightly", "lightly", "serious",
                      "critical", "minor", "fatally", "mortally"})
_MODALS = frozenset({"could", "might", "may", "would", "should", "can"})
_OTHER_CLAUSES = frozenset({"conj", "advcl", "ccomp", "parataxis", "relcl", "xcomp"})


def _is_identifier(doc: Doc, char: int) -> bool:
    """Is the number at ``char`` part of a name: right after a proper noun ("Flight 990", "Boeing 767")?"""
    token = doc.char_span(char, char + 1, alignment_mode="expand")
    if token is None or token.start == 0:
        return False
    before = doc[token.start - 1]
    return before.pos_ == "PROPN" and not before.whitespace_ == "" and before.ent_type_ not in ("DATE", "MONEY")


def _places(span: Span, verb: Token | None, cause: Token | None) -> tuple[str, ...]:
    """Places (GPE entities) the count's own clause names: its verb's "in Kenya", its cause's "bombing in
    Tanzania", the counted phrase's "in Syria" — not places in other clauses of the sentence."""
    roots = [span.root.head if span.root.head.i != span.root.i else span.root]
    if verb is not None:
        roots += [c for c in verb.children if c.dep_ in ("prep", "nsubj", "nsubjpass", "dobj", "npadvmod")]
    if cause is not None:
        roots.append(cause)
    found: set[str] = set()
    for root in roots:
        for token in root.subtree:
            if token.ent_type_ == "GPE" and token.dep_ not in ("relcl",):
                found.add(token.lemma_.lower())
            if token.dep_ in ("relcl", "ccomp", "advcl") and token.i != root.i:
                break
    return tuple(sorted(found))


def _describe(article_id: str, value: float, unit: str | None, written: str, span: Span,
              qualifier: str | None = None) -> _Mention | None:
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
        # The count's own clause: "two adults were saved, but ten others died" does not count deaths.
        context += [verb, *(c for c in verb.children if c.dep_ not in _OTHER_CLAUSES)]
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
    if noun is not None and noun.ent_type_ == "NORP":
        noun_lemma = "norp:" + noun.lemma_.lower()  # "12 Americans" of "247 people": another scope
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
    degree = next((t.lower_ for t in context if t.lower_ in _DEGREES), None)
    hypothetical = verb is not None and any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children)
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
        qualifier=qualifier,
        places=_places(span, verb, cause) if concept is not None else (),
        **_frame(span, noun, verb, cause, cause_class),
        period=_period(anchor, verb),
        part=_is_part(anchor),
        when=_event_when(verb, cause, anchor),
        degree=degree,
        hypothetical=hypothetical,
    )


# Entity types that name what a count is about (a place, a body, a person, a vessel, an event).
_FRAME_ENTITIES = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
# Dependents of the count's verb that are its arguments (the rest are other clauses or adverbs).
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "dative", "agent", "prep", "oprd", "acomp", "npadvmod"})
# How many tokens of the clause a frame reads: a count's arguments are near it, and a bound keeps one
# number's cost independent of the sentence's length (a 2-million-character "sentence"; issue 13).
_FRAME_TOKENS = 48


def _frame(span: Span, noun: Token | None, verb: Token | None, cause: Token | None,
           cause_class: str | None) -> dict[str, frozenset[str]]:
    """The names and words of the clause a count belongs to: its noun's modifiers, its verb's
    arguments (subject, object, prepositional objects; a subject it shares with the verb it
    depends on), the noun a relative clause hangs on ("the Association, which represents 195
    tribes") and its cause, down to other clauses (but with the counted noun's relative clause).

    "The ferry fire in Port Alder killed 40 people": names {port, alder}, words {ferry, fire, cause:disaster}.
    """
    heads = [noun] if noun is not None else [span.root]
    if verb is not None:
        heads += [c for c in verb.children if c.dep_ in _ARGUMENTS and c.lower_ != "according"]
        if verb.dep_ == "relcl":
            heads.append(verb.head)
        else:
            # "Ferry crews walked out, halting sailings and stranding 3,000 commuters": the crews strand them.
            link = verb
            for _ in range(3):
                has_subject = any(c.dep_.startswith("nsubj") for c in link.children)
                if has_subject or link.dep_ not in ("advcl", "conj", "xcomp"):
                    break
                link = link.head
                heads += [c for c in link.children if c.dep_.startswith("nsubj")]
    if cause is not None:
        heads.append(cause)
    names: set[str] = set()
    words: set[str] = set()
    counted = set(range(span.start, span.end)) | ({noun.i} if noun is not None else set())
    seen: set[int] = set()
    stack = list(heads)
    while stack and len(seen) < _FRAME_TOKENS:
        token = stack.pop()
        if token.i in seen:
            continue
        seen.add(token.i)
        # The counted noun's own relative clause says which ones are counted ("people who commute").
        own = noun is not None and token.i == noun.i
        stack.extend(c for c in token.children if (c.dep_ not in _OTHER_CLAUSES or (own and c.dep_ == "relcl"))
                     and c.lower_ != "according")  # "according to the U.N.": who tells, not what is told
        if token.i in counted or token.pos_ not in ("NOUN", "PROPN"):
            continue
        if token.ent_type_ in _FRAME_ENTITIES:
            names.add(token.lower_)
        elif token.pos_ == "NOUN":
            lemma = token.lemma_.lower()
            if lemma not in _GENERIC_NOUNS and lemma not in _PEOPLE_NOUNS:
                words.add(_SAME_NOUN.get(lemma, lemma))
    if cause_class is not None:
        words.add("cause:" + cause_class)
    return {"names": frozenset(names), "words": frozenset(words)}


_PERIODS = {"year": "year", "annually": "year", "yearly": "year", "day": "day", "daily": "day", "week": "week",
            "weekly": "week", "month": "month", "monthly": "month", "hour": "hour"}


def _event_when(verb: Token | None, cause: Token | None, anchor: Token) -> str | None:
    """The point in time the count's clause gives its event: a date or time hung on the count's verb
    (or the verb a participle depends on: "raided a factory on April 10, arresting four"; or the
    participle on the counted noun: "18 others injured in a bus explosion on Friday"), or on its cause
    ("the July 25 crash", "last week's blast"). Spans of time ("since 2011", "for a year") are not a
    point and give none."""
    if verb is None:
        return None
    heads = [verb, verb.head] if verb.dep_ in ("advcl", "conj", "xcomp") and verb.head.i != verb.i else [verb]
    heads += [c for c in anchor.children if c.dep_ == "acl" and c.pos_ == "VERB"]
    tokens = []
    for head in heads:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("on", "in", "at", "during"):
                tokens += [g for g in child.children if g.dep_ == "pobj"]
            elif child.dep_ in ("npadvmod", "advmod", "tmod"):
                tokens.append(child)
    if cause is not None:
        tokens += [c for c in cause.children if c.dep_ in ("compound", "poss", "nmod", "amod")]
    for token in tokens:
        if token.ent_type_ not in ("DATE", "TIME"):
            continue
        ent = next(iter(entities_at(token.doc, token.i)), None)
        if ent is None or ent.start > 0 and token.doc[ent.start - 1].lower_ in ("since", "for", "over", "until"):
            continue
        if any(t.lower_ in ("since", "for", "past", "until") or t.like_num and t.i == ent.start and
               t.i + 1 < ent.end and t.nbor().lower_.rstrip("s") in ("year", "month", "week", "day") for t in ent):
            continue  # a span ("the past two years", "three days") names no point
        return ent.text
    return None


def _period(anchor: Token, verb: Token | None) -> str | None:
    """The period a count is a rate over: "kills a million people a year", "3,000 children every day",
    "deaths annually", "per year". A rate and a total, or rates over different periods, are
    different quantities."""
    for token in [*anchor.children, *(verb.children if verb is not None else ())]:
        word = token.lemma_.lower()
        if token.dep_ == "npadvmod" or (token.dep_ == "advmod" and word in ("annually", "yearly", "daily", "weekly")):
            if word in _PERIODS and (token.dep_ == "advmod" or any(c.lower_ in ("a", "an", "every", "each", "per")
                                                                    for c in token.children)):
                return _PERIODS[word]
        if token.dep_ == "prep" and token.lower_ == "per":
            pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() in _PERIODS:
                return _PERIODS[pobj.lemma_.lower()]
    return None


def _is_part(anchor: Token) -> bool:
    """Is the counted phrase a part of another count: "131 people, including 73 children", "of whom
    40 were children", "among them 12 Americans"?"""
    head = anchor.head
    if anchor.dep_ == "pobj" and head.lower_ in ("including", "among") and head.head.pos_ in ("NOUN", "PROPN"):
        return any(c.dep_ == "nummod" for c in head.head.children)
    return False


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

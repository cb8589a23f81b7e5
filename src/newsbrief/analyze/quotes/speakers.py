"""A learned choice of a quote's speaker among the people near it (issue 11).

The parse rules of :mod:`.quotes` give each quote one answer. This module lists the other answers the
text allows (the people and organizations named in the quote's sentence, the three sentences before
it and the next one; the previous quote's speaker; "no speaker") and scores each with a logistic
regression over a few features of the parse and the context: whether it is the rules' answer and by
which path they found it, the mention's dependency role (subject of a speech verb, object of "told",
possessor, apposition ...), its distance from the quote, whether it is inside a quotation, whether it
spoke last. The quote goes to the best-scoring candidate.

The model is a small JSON file (``speaker_model.json`` beside this module) built by
``scripts/train_speakers.py`` from the annotated quote sets; the ``speaker_model`` setting turns it
off. Every feature comes from what the rules have already computed (entity mentions, the Doc): no
second parse and nothing quadratic per quote.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from ...errors import ConfigError
from ..entities import EntityIndex, Mention, name_key

FORMAT = "newsbrief-quote-speaker"
SHIPPED = "speaker_model.json"
# Which step of the rules answered (quotes._article_quotes); "none": no step did. A step added after the
# model was trained ("label", a transcript's name before the quote) has no feature of its own.
PATHS = ("verb", "lead-in", "paragraph-subject", "next-sentence", "reporter-between", "none")
# Candidate features, in the order of a model's coefficients.
FEATURES = (
    "rule",  # the rules' answer
    *(f"rule_{p}" for p in PATHS[:-1]),  # ... and the step that gave it
    "rule_far",  # the rules' answer is named nowhere in the quote's sentences (a pronoun, a title, the last speaker)
    "rule_unindexed",  # the rules' answer is no entity of the story (a description, an untagged name)
    "rule_not_person",  # the rules' answer is an entity of the story that is no person (a body, a place)
    "none",  # the "no speaker" candidate
    "none_continues",  # ... when the quote would continue the previous one
    "description",  # an unnamed source the rules described ("a senior official")
    "person",  # a PERSON (or a name shaped like one)
    "titled",  # the story gives the entity a title ("Sheriff")
    "title_match",  # ... and a word of it is in the rules' answer ("the sheriff", "Lt"): the one that answer means
    "same_sentence",  # named in the quote's own sentence(s), outside quotation marks
    "after_quote",  # ... after the quote's end
    "sentences_before",  # sentences back to the nearest mention, / 4 (0 in the quote's sentence)
    "next_sentence",  # only named in the sentence after the quote
    "gap",  # ln(1 + characters between the nearest mention and the quote) / ln(1000)
    "in_quotation",  # every mention in the window is inside quotation marks
    "speech_subject",  # the nearest mention is the subject of a speech verb
    "speech_subject_here",  # ... in the quote's own sentence(s)
    "speech_object",  # ... the object of one ("told X", "said to X")
    "according_to",  # ... the object of "according to"
    "possessor",  # ... a possessor ("X's statement", "X's mother")
    "apposition",  # ... in apposition ("a lawyer, X,")
    "other_subject",  # ... the subject of another verb
    "verb_near",  # a speech verb within three words of the nearest mention
    "mentions",  # ln(1 + mentions in the window) / ln(5)
    "last_speaker",  # spoke the article's previous quote
    "last_subject",  # the last person who was a sentence subject before the quote
)
# The speech verbs are quotes.SPEECH_VERBS, passed in by the caller (quotes imports this module).
WINDOW_BEFORE = 3  # sentences before the quote's whose names are candidates
SUBJECT_LOOKBACK = 200  # mentions searched back for the last subject: a bound, so cost stays linear in the article
_TYPES = ("PERSON", "ORG")
_FUNCTION_WORDS = frozenset("a an the of for and in on to who".split())


@dataclass(frozen=True, slots=True)
class Candidate:
    """One possible answer for a quote: a name, a description or neither (no speaker), and its features."""

    speaker: str | None
    description: str | None
    features: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class SpeakerModel:
    """Logistic-regression weights over :data:`FEATURES`; ``choose`` takes the best candidate."""

    weights: tuple[float, ...]
    bias: float

    def score(self, candidate: Candidate) -> float:
        return self.bias + sum(w * x for w, x in zip(self.weights, candidate.features))

    def choose(self, article: str, start: int, end: int, candidates: list[Candidate]) -> Candidate:
        """The rules' answer (``candidates[0]``) unless the model finds it more likely wrong than right
        and another candidate more likely right than wrong (log-odds below / above 0): the rules
        are right on most quotes, and an override on a near tie would as often be a new error."""
        rule = candidates[0]
        best = max(candidates, key=self.score)
        return best if best is not rule and self.score(best) > 0.0 > self.score(rule) else rule

    @classmethod
    def from_dict(cls, data: dict, origin: str = "model") -> SpeakerModel:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ConfigError(f"{origin}: not a newsbrief quote-speaker model (format {FORMAT!r} expected)")
        if data.get("features") != list(FEATURES):
            raise ConfigError(f"{origin}: model features differ from this newsbrief's; "
                              "retrain it with scripts/train_speakers.py")
        try:
            weights = tuple(float(c) for c in data["coef"])
            bias = float(data["intercept"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{origin}: malformed model ({exc}); retrain it with scripts/train_speakers.py") from exc
        if len(weights) != len(FEATURES):
            raise ConfigError(f"{origin}: model needs {len(FEATURES)} coefficients, has {len(weights)}")
        return cls(weights, bias)


@lru_cache(maxsize=1)
def shipped_model() -> SpeakerModel:
    """The model shipped beside this module."""
    text = resources.files(__package__).joinpath(SHIPPED).read_text(encoding="utf-8")
    return SpeakerModel.from_dict(json.loads(text), SHIPPED)


def speaker_ranker(settings) -> SpeakerModel | None:
    """The ranker ``find_quotes`` takes under these settings: the shipped model, or None (the rules alone)."""
    return shipped_model() if settings.speaker_model else None


class ArticleContext:
    """What the candidates of one article's quotes are drawn from, computed once per article."""

    def __init__(self, doc: Doc, index: EntityIndex, number: int, quoted, speech_verbs, length: int) -> None:
        self.doc, self.index, self.number, self.quoted, self.speech_verbs = doc, index, number, quoted, speech_verbs
        self.length = length  # of the Doc's text (``doc.text`` joins every token anew)
        self.mentions: list[Mention] = sorted((m for m in index.mentions if m.article == number),
                                              key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.sentence_starts = [s.start_char for s in doc.sents] or [0]
        self._roles: dict[int, dict[str, float]] = {}

    def sentence_of(self, char: int) -> int:
        return max(0, bisect_right(self.sentence_starts, char) - 1)

    def role(self, mention: Mention) -> dict[str, float]:
        """:func:`_role` of a mention, once per mention (the quotes of an article share their neighbours)."""
        if mention.start not in self._roles:
            self._roles[mention.start] = _role(self.doc, mention, self.speech_verbs)
        return self._roles[mention.start]


def candidates(ctx: ArticleContext, start: int, end: int, rule: tuple[str | None, str | None], path: str,
               previous: str | None, continues: bool) -> list[Candidate]:
    """The rules' answer first, then every other person or organization near the quote, then "no speaker"."""
    index = ctx.index
    first, last = ctx.sentence_of(start), ctx.sentence_of(max(start, end - 1))
    lo_sent, hi_sent = max(0, first - WINDOW_BEFORE), last + 1
    lo = ctx.sentence_starts[lo_sent]
    hi = ctx.sentence_starts[hi_sent + 1] if hi_sent + 1 < len(ctx.sentence_starts) else ctx.length
    window = ctx.mentions[bisect_left(ctx.starts, lo) : bisect_left(ctx.starts, hi)]
    last_subject = None
    before = bisect_left(ctx.starts, start)
    for m in reversed(ctx.mentions[max(0, before - SUBJECT_LOOKBACK) : before]):
        if m.subject and not ctx.quoted.holds(m.start) and index.entities[m.entity].type == "PERSON":
            last_subject = m.entity
            break
    rule_key = name_key(rule[0]) if rule[0] else None
    rule_entity = index.by_key.get(rule_key) if rule_key else None
    if rule_entity is None and rule[0]:
        found = index.resolve(rule[0])
        rule_entity = index.by_key.get(name_key(found.name)) if found is not None else None
    rule_words = set(rule_key.split()) if rule_key else set()
    if rule[1]:
        rule_words = set(name_key(rule[1]).split()) - _FUNCTION_WORDS
    by_entity: dict[int, list[Mention]] = {}
    for m in window:
        if index.entities[m.entity].type in _TYPES and not (start <= m.start < end):
            # A part of the rules' name ("Veatch" of "David Veatch", an entity of its own when the
            # clustering kept them apart) is the rules' answer, not another candidate.
            words = set(name_key(index.entities[m.entity].name).split())
            same = rule_entity is not None and m.entity != rule_entity and words and words <= rule_words
            by_entity.setdefault(rule_entity if same else m.entity, []).append(m)
    previous_entity = index.by_key.get(name_key(previous)) if previous else None
    out: list[Candidate] = []

    def row(entity: int | None, is_rule: bool, mentions: list[Mention]) -> tuple[float, ...]:
        f = dict.fromkeys(FEATURES, 0.0)
        if is_rule:
            f["rule"] = 1.0
            if f"rule_{path}" in f:  # a step the model has no feature for (the name label) sets none
                f[f"rule_{path}"] = 1.0
            f["rule_unindexed"] = float(entity is None)
            f["rule_not_person"] = float(entity is not None and index.entities[entity].type != "PERSON")
        if entity is not None:
            e = index.entities[entity]
            f["person"] = float(e.type == "PERSON")
            f["titled"] = float(bool(e.title))
            shared = set(name_key(e.title).split()) & rule_words if e.title else set()
            f["title_match"] = float(not is_rule and bool(shared))
            f["last_speaker"] = float(entity == previous_entity)
            f["last_subject"] = float(entity == last_subject)
        elif is_rule and rule[0] and previous and name_key(previous) == rule_key:
            f["last_speaker"] = 1.0
        outside = [m for m in mentions if not ctx.quoted.holds(m.start)]
        f["in_quotation"] = float(bool(mentions) and not outside)
        pool = outside or mentions
        if pool:
            nearest = min(pool, key=lambda m: start - m.end if m.end <= start else m.start - end)
            sent = ctx.sentence_of(nearest.start)
            f["same_sentence"] = float(first <= sent <= last and bool(outside))
            f["after_quote"] = float(f["same_sentence"] and nearest.start >= end)
            f["sentences_before"] = min(max(first - sent, 0), 4) / 4
            f["next_sentence"] = float(sent > last)
            gap = start - nearest.end if nearest.end <= start else nearest.start - end
            f["gap"] = min(math.log1p(max(gap, 0)) / math.log(1000), 2.0)
            f.update(ctx.role(nearest))
            f["speech_subject_here"] = f["speech_subject"] * f["same_sentence"]
            f["mentions"] = min(math.log1p(len(outside)) / math.log(5), 2.0)
        elif is_rule and rule[0]:
            f["gap"] = 2.0
        if is_rule and rule[0] and not any(first <= ctx.sentence_of(m.start) <= last for m in outside):
            f["rule_far"] = 1.0
        return tuple(f[k] for k in FEATURES)

    if rule[0] is not None:
        out.append(Candidate(rule[0], None, row(rule_entity, True, by_entity.get(rule_entity, []))))
    elif rule[1] is not None:
        features = dict(zip(FEATURES, row(None, True, [])))
        features["description"] = 1.0
        out.append(Candidate(None, rule[1], tuple(features[k] for k in FEATURES)))
    none = dict.fromkeys(FEATURES, 0.0)
    none["none"] = 1.0
    none["none_continues"] = float(continues)
    if rule == (None, None):
        none["rule"] = 1.0
        out.append(Candidate(None, None, tuple(none[k] for k in FEATURES)))
    for entity, mentions in by_entity.items():
        if entity != rule_entity:
            out.append(Candidate(index.entities[entity].name, None, row(entity, False, mentions)))
    if previous_entity is not None and previous_entity != rule_entity and previous_entity not in by_entity:
        out.append(Candidate(index.entities[previous_entity].name, None, row(previous_entity, False, [])))
    if rule != (None, None):
        out.append(Candidate(None, None, tuple(none[k] for k in FEATURES)))
    return out


def _role(doc: Doc, mention: Mention, speech_verbs) -> dict[str, float]:
    """The dependency role of a mention's head word relative to the speech verbs around it."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or not len(span):
        return {}
    head = span.root
    verb, dep = head.head, head.dep_
    out: dict[str, float] = {}
    speech = verb.lemma_.lower() in speech_verbs
    if dep in ("nsubj", "nsubjpass"):
        out["speech_subject" if speech else "other_subject"] = 1.0
    elif dep in ("dobj", "dative") and speech:
        out["speech_object"] = 1.0
    elif dep == "pobj":
        above = verb.head
        if verb.lower_ == "to" and above.lower_ == "according":
            out["according_to"] = 1.0
        elif verb.lower_ in ("to", "with") and above.lemma_.lower() in speech_verbs:
            out["speech_object"] = 1.0
        elif verb.lower_ == "by" and above.lemma_.lower() in speech_verbs:
            out["speech_subject"] = 1.0  # "was told by X"
    elif dep == "poss":
        out["possessor"] = 1.0
    elif dep == "appos":
        out["apposition"] = 1.0
    lo, hi = max(span.start - 3, 0), min(span.end + 3, len(doc))
    out["verb_near"] = float(any(t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in speech_verbs
                                 for t in doc[lo:hi]))
    return out

"""Each article's date, and the story's events in date order.

:func:`infer_dates` keeps a date the ingest and clean stages found, and
otherwise reads one from the text: a dateline without a year, an elapsed-time
clue ("the 26-month conflict" that began "in March 2011"), or the dates of
the story's other articles when it plainly reports the same events.
:func:`find_timeline` resolves every date expression of an article against
its date, keeps the clause it dates, and merges the same event told by
several articles.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import spacy
from dateutil.relativedelta import relativedelta
from spacy.tokens import Span, Token

from ..models import ParsedArticle, TimelineEvent
from .dates import MONTHS, PartialDate, months_between, parse_iso, parse_number_word, resolve
from ..summarize import analyzer
from .offstory import similarity_rows

# An undated article borrows the month of the story's dated articles only when its text is this close
# (TF-IDF cosine) to one of them; seed NPR vs the 2013 articles: 0.2-0.3; unrelated Multi-News pairs < 0.1.
BORROW_SIMILARITY = 0.15
# Two events on the same date are one when their content words overlap this much (Jaccard).
SAME_EVENT_OVERLAP = 0.2
# Longest event text kept, in tokens; a clause, not a paragraph.
MAX_EVENT_TOKENS = 28

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUMBER_RE = r"(?:\d+|[a-z]+(?:-[a-z]+)?)(?:[- ]and[- ]a[- ]half)?"
# "the 26-month conflict", "the four-and-a-half year civil war", "Syria's 2-year-old civil war"
_ELAPSED = re.compile(
    rf"\b({_NUMBER_RE})[- ](month|year)s?(?:[- ]old|[- ]long)?[- ]"
    r"(?:[a-z-]+ ){0,2}(civil war|war|conflict|uprising|crisis|revolt|revolution|insurgency|siege|strike|standoff)\b",
    re.I,
)
# "since March 2011", "began ... in March 2011"
_STARTED = re.compile(
    rf"\b(?:since|began|begun|started|erupted|broke out)\b[^.]{{0,80}}?\b(({_MONTH_RE})\.?\s+)?((?:19|20)\d\d)\b",
    re.I,
)
# A wire dateline with a day but no year: "PORT ALDER, March 12 (Coastal Wire) -".
_DATELINE = re.compile(rf"^[A-Z][A-Z .'’-]{{1,40}},\s+({_MONTH_RE})\.?\s+(\d{{1,2}})\b", re.I | re.M)
_WEEKDAY_OR_TODAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|yesterday)\b", re.I)
_RELATIVE_CUES = re.compile(r"\b(last week|this week|last month|today|yesterday|on (?:mon|tues|wednes|thurs|fri)day)\b", re.I)
_DURATION = re.compile(r"^(the )?(past|last|next|recent|several|many|few|\d+|[a-z]+-)?\s*(days?|weeks?|months?|years?|decades?)$", re.I)
_SKIP_CHILDREN = {"ccomp", "advcl", "parataxis", "relcl", "conj", "cc", "mark", "punct", "appos", "dep", "meta"}
_DATE_STEMS = frozenset(
    analyzer(" ".join([*MONTHS, "monday tuesday wednesday thursday friday saturday sunday", "today yesterday tomorrow",
                       "week weekend month year night morning afternoon evening last next late early"]))
)
_SKIP_NOUN_CHILDREN = {"relcl", "acl", "appos", "parataxis"}
_SAY_LEMMAS = {"say", "tell", "announce", "report", "add", "state"}


@dataclass(frozen=True, slots=True)
class _Event:
    date: PartialDate
    text: str
    article: str
    words: frozenset[str]
    names: frozenset[str]
    # 0 when the text starts as written with a capital (a subject or a name), 1 when it starts mid-clause
    # ("had been stranded since Tuesday"): a merged event shows the best-formed telling.
    fragment: int = 0


def infer_dates(
    articles: Sequence[ParsedArticle], docs: Sequence[spacy.tokens.Doc] | None = None
) -> dict[str, tuple[str | None, str | None]]:
    """Each article's ISO date and how it was found.

    Order of trust: the date ingest/clean found (``article.date``); a
    dateline that lacks only the year (year from the other articles); an
    elapsed-time clue in the text; the month of the story's dated articles
    when the article reports the same events. Inferred sources start with
    ``inferred:`` and say how.

    Args:
        articles: the story's articles.
        docs: their full spaCy Docs (the rules read the text; accepted so
            every analysis step takes the same inputs).

    Returns:
        ``{article id: (ISO date or None, date_source or None)}``.

    Example:
        >>> infer_dates(seed_articles, docs)["004_dfb90e6a9022927a"]  # doctest: +SKIP
        ('2015', 'inferred: four-and-a-half year civil war since March 2011')
    """
    del docs  # the rules read the cleaned text; Docs kept for the shared signature
    result: dict[str, tuple[str | None, str | None]] = {}
    for article in articles:
        own = parse_iso(article.article.date)
        result[article.id] = (own.iso, article.article.date_source or "metadata") if own else (None, None)
    known = [parse_iso(d) for d, _ in result.values() if d]
    for article in articles:
        if result[article.id][0] is None:
            # The clean stage may have dropped the dateline as furniture: look in the raw text too.
            head = "\n".join((article.clean.text[:400], article.article.text[:600], *article.clean.removed[:5]))
            found = _dateline_date(head, known) or elapsed_date(article.clean.text)
            if found:
                result[article.id] = found
    # Only the undated articles' rows: the whole matrix was quadratic in the story's articles (issue 13).
    undated = [i for i, a in enumerate(articles) if result[a.id][0] is None] if len(articles) > 1 else []
    sims = similarity_rows(articles, undated)
    for i, article in enumerate(articles):
        if i not in sims:
            continue
        close = [
            parse_iso(result[other.id][0])
            for j, other in enumerate(articles)
            if j != i and result[other.id][0] and not result[other.id][1].startswith("inferred") and sims[i][j] >= BORROW_SIMILARITY
        ]
        close = [d for d in close if d is not None and d.month is not None]
        if not close:
            continue
        median = sorted(close, key=lambda d: d.iso)[len(close) // 2]
        # Only the articles that agree with the story's date vouch for it.
        close = [d for d in close if abs(months_between(d, median)) <= 2]
        cues = {m.group(0).lower() for m in _RELATIVE_CUES.finditer(article.clean.text)}
        how = f"inferred: reports the same events as {len(close)} other article(s) dated {median.iso}"
        if cues:
            how += " and dates them " + ", ".join(f"'{c}'" for c in sorted(cues))
        if median.day is not None:
            # Naming the story date's weekday ("on Tuesday") puts the article in that day's week: the day
            # itself or up to six days after. The month stays the answer; the reader learns the window.
            weekday = median.first_day().strftime("%A")
            if re.search(rf"\b{weekday}\b", article.clean.text):
                how += f"; it names {weekday}, so it was written {median.iso} or up to six days after"
        result[article.id] = (PartialDate(median.year, median.month).iso, how)
    return result


def find_timeline(
    articles: Sequence[ParsedArticle],
    docs: Sequence[spacy.tokens.Doc],
    dates: Mapping[str, tuple[str | None, str | None]],
) -> tuple[TimelineEvent, ...]:
    """The story's dated events, oldest first, each with the articles that report it.

    Every DATE entity (and a TIME entity naming a day, "late Tuesday night")
    is resolved against its article's date from ``dates``; the event is the
    clause of the verb it modifies. The same event in several articles
    (same date, overlapping content words) becomes one entry.

    Args:
        articles: the story's articles.
        docs: full spaCy Docs of their cleaned texts, in the same order.
        dates: :func:`infer_dates` output; an article without a date only
            contributes events written with an absolute date.

    Returns:
        TimelineEvents sorted by ISO date (``YYYY`` before ``YYYY-MM`` before
        ``YYYY-MM-DD`` of the same period), each with its articles.

    Example:
        >>> [(e.date, e.text) for e in find_timeline(arts, docs, dates)][:1]  # doctest: +SKIP
        [('2011-03', 'The war began with anti-government demonstrations in March 2011')]
    """
    events: list[_Event] = []
    for article, doc in zip(articles, docs):
        anchor = parse_iso((dates.get(article.id) or (None, None))[0])
        seen: set[tuple[str, str]] = set()
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            if ent.label_ == "TIME" and not _WEEKDAY_OR_TODAY.search(ent.text):
                continue
            if _DURATION.match(ent.text.strip()) and not re.search(r"\b(last|next|past|this)\b", ent.text, re.I):
                continue
            verb = _governing_verb(ent.root)
            if verb is None:
                continue
            when = resolve(ent.text, anchor, _tense(ent, verb))
            if when is None or re.search(r"\b(past|recent)\b", ent.text, re.I):
                continue
            # The event is a clause with its subject: "Including last month's bombings" or "a communique
            # reached last June" is read as part of the sentence it hangs on.
            event = _event_verb(verb)
            if event is None:
                continue
            raw = _clause(event, ent)
            text = raw[:1].upper() + raw[1:]
            # "A senior official said Monday" with what was said out of reach is no event.
            if event.lemma_ in _SAY_LEMMAS and not any(c.dep_ == "ccomp" for c in event.children if c.i > event.i):
                continue
            if not text or len(text.split()) < 3 or (when.iso, text) in seen:
                continue
            seen.add((when.iso, text))
            # Compare events by the stemmed words (what ROUGE compares) of the whole clause the date sits in,
            # wider than the text shown: "walked off the job, halting every crossing" / "went on strike,
            # stopping all sailings" share their consequences more than their verbs.
            context = doc[event.left_edge.i : event.right_edge.i + 1].text
            words = frozenset(analyzer(context)) - _DATE_STEMS
            names = frozenset(w for token in context.split()[1:] if token[:1].isupper() for w in analyzer(token))
            events.append(_Event(when, text, article.id, words, names, fragment=int(not raw[:1].isupper())))
    return tuple(_merge(events))


def _dateline_date(text: str, known: list[PartialDate | None]) -> tuple[str, str] | None:
    """A dateline's month and day, with the year of the story's dated articles."""
    match = _DATELINE.search(text)
    years = [d.year for d in known if d is not None]
    if not match or not years:
        return None
    year = int(statistics.median(years))
    found = parse_iso(f"{year:04d}-{MONTHS[match.group(1).lower()]:02d}-{int(match.group(2)):02d}")
    if found is None:
        return None
    return found.iso, "dateline: year from the story's other articles"


# _ELAPSED read only around "month" / "year": its number (with "and a half") starts within this many
# characters before the unit, and its conflict word ends within this many after it. Scanning every word
# of a 20 MB article with the full pattern took 3.4 s, more than the analysis around it (issue 13).
_ELAPSED_REACH = 200
_ELAPSED_UNIT = re.compile(r"[- ](?:month|year)", re.I)


def _first_elapsed(text: str) -> re.Match | None:
    """``_ELAPSED.search(text)``, trying the pattern only near each "month" / "year"."""
    best = None
    for unit in _ELAPSED_UNIT.finditer(text):
        lo = max(0, unit.start() - _ELAPSED_REACH)
        if best is not None and lo > best.start():
            break
        hi = unit.end() + _ELAPSED_REACH
        found = _ELAPSED.search(text, lo, hi) if hi < len(text) else _ELAPSED.search(text, lo)
        if found is not None and found.end() >= hi - 1:
            found = _ELAPSED.search(text, lo)  # the window's end may have cut the match: read on
        if found is not None and (best is None or found.start() < best.start()):
            best = found
    return best


def elapsed_date(text: str) -> tuple[str, str] | None:
    """A date from "the N-month conflict" plus when it began ("since March 2011")."""
    elapsed = _first_elapsed(text)
    if not elapsed:
        return None
    count = parse_number_word(elapsed.group(1))
    if count is None or count <= 0:
        return None
    starts = []
    for match in _STARTED.finditer(text):
        month = MONTHS[match.group(2).lower()] if match.group(2) else None
        starts.append(PartialDate(int(match.group(3)), month))
    if not starts:
        return None
    start = min(starts, key=lambda d: d.iso)
    unit = elapsed.group(2).lower()
    months = int(round(count * (12 if unit == "year" else 1)))
    end = start.first_day() + relativedelta(months=months)
    # Years of elapsed time give a year; months give a month ("26-month" is counted to the month).
    found = PartialDate(end.year, end.month) if unit == "month" and start.month else PartialDate(end.year)
    how = f"inferred: '{elapsed.group(0)}' since {start.iso} (about {end.year:04d}-{end.month:02d})"
    return found.iso, how


def _governing_verb(token: Token) -> Token | None:
    """The verb a date modifies, climbing through prepositions and nouns (at most a few steps)."""
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "amod":
            # "is due to meet", "was to hold": the event is the whole predicate, with its subject.
            while token.dep_ == "xcomp" and token.head.pos_ in ("VERB", "AUX", "ADJ") and token.head.i != token.i:
                token = token.head
            while token.dep_ == "acomp" and token.head.pos_ in ("VERB", "AUX"):
                token = token.head
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _finite_with_subject(verb: Token) -> bool:
    """A verb that makes a clause of its own: a finite form (or finite auxiliary) and a subject."""
    subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children)
    finite = verb.tag_ in _FINITE_TAGS or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE_TAGS for c in verb.children
    )
    # A "verb" in a noun's place is a misparse ("the next round of talks" with talks/VBZ as an object).
    return subject and finite and verb.dep_ not in ("relcl", "acl", "dobj", "pobj", "nsubj", "nsubjpass", "attr",
                                                     "appos", "compound")


def _event_verb(verb: Token) -> Token | None:
    """The verb of the smallest clause with a subject that holds ``verb``: a participle, a relative
    clause or a conjunct without a subject climbs to the clause it belongs to."""
    for _ in range(5):
        if _finite_with_subject(verb):
            return verb
        if verb.head.i == verb.i:
            return None
        higher = _governing_verb(verb.head)
        if higher is None or higher.i == verb.i:
            return None
        verb = higher
    return None


def _tense(ent: Span, verb: Token) -> str | None:
    """Whether the dated clause is in the past or the future ("will", "is due to", "was to", "set for")."""
    prep = ent.root.head if ent.root.dep_ == "pobj" else None
    if prep is not None and prep.lemma_.lower() in ("for", "until", "till", "by"):
        return "future"
    if prep is not None and prep.lemma_.lower() == "since":
        return "past"
    # Walk from the date up to the clause's verb; an infinitive or modal on the way looks ahead.
    path, token = [], ent.root
    for _ in range(8):
        path.append(token)
        if token.i == verb.i or token.head.i == token.i:
            break
        token = token.head
    for token in {*path, verb}:
        for child in token.children:
            if child.dep_ == "aux" and child.lower_ in ("will", "'ll", "shall", "wo", "would"):
                return "future"
            if child.dep_ in ("xcomp", "acomp") and child.lower_ in ("due", "expected", "scheduled", "set", "going"):
                return "future"
            if child.dep_ == "xcomp" and token.lemma_ == "be" and any(g.lower_ == "to" for g in child.children):
                return "future"
        if token.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            return "future"
    if verb.tag_ in ("VBD", "VBN"):
        return "past"
    return None


def _clause(verb: Token, ent: Span) -> str:
    """The clause headed by ``verb``: its subject, objects and modifiers, without sub-clauses.

    A reported statement ("X said Monday that ...") keeps what was said; a
    relative clause ("conflict that has claimed ...") keeps the noun it
    describes, so the event reads on its own.
    """
    keep: set[int] = set()
    # "The development came after ...": a verb with nothing after it but a sub-clause keeps that clause.
    bare = not any(c.dep_ in _COMPLEMENTS for c in verb.children)

    def visit(token: Token, top: bool = False) -> None:
        keep.add(token.i)
        is_verb = token.pos_ in ("VERB", "AUX")
        for child in token.children:
            holds_date = child.left_edge.i <= ent.root.i <= child.right_edge.i
            skip = _SKIP_CHILDREN if is_verb else _SKIP_NOUN_CHILDREN
            if child.dep_ == "ccomp" and top and token.lemma_ in _SAY_LEMMAS:
                skip = set()
            if top and bare and child.dep_ == "advcl" and child.i > token.i:
                skip = set()
            if child.dep_ in skip and not holds_date and not (child.dep_ == "punct" and not is_verb):
                continue
            visit(child)

    visit(verb, top=True)
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN") and verb.head.i < verb.i:
        noun = verb.head
        first = min([noun.i, *(c.left_edge.i for c in noun.lefts)])
        keep.update(range(first, verb.i))
    doc = verb.doc
    ordered = sorted(keep)
    # Fill small gaps ("and", a comma) and keep the run that holds the verb.
    runs: list[list[int]] = [[ordered[0]]]
    for i in ordered[1:]:
        if i - runs[-1][-1] <= 3 and all(
            doc[g].is_punct or doc[g].dep_ in ("cc", "mark") for g in range(runs[-1][-1] + 1, i)
        ):
            runs[-1].extend(range(runs[-1][-1] + 1, i + 1))
        elif i - runs[-1][-1] == 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    run = next((r for r in runs if verb.i in r), runs[0])
    # The subject stays with its verb, across what the clause left out between them: "The two men …
    # are ethnic Chechens who emigrated ... around 2002".
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < run[0]), None)
    prefix = ""
    if subject is not None and ent.start >= run[0]:
        own = next((r for r in runs if subject.i in r), None)
        if own is not None and own[-1] < run[0]:
            words = [doc[i] for i in own]
            while words and words[-1].is_punct:
                words.pop()
            prefix = "".join(t.text_with_ws for t in words).strip() + " … "
    # The date must stay in the event's text, even past an interrupting clause.
    tokens = [doc[i] for i in range(min(run[0], ent.start), max(run[-1] + 1, ent.end))]
    while tokens and (tokens[0].is_punct or tokens[0].dep_ in ("cc", "mark") or tokens[0].lower_ in ("but", "and")):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ in ("cc", "det", "prep")):
        tokens.pop()
    tokens = _balance_quotes(tokens)
    if len(tokens) <= MAX_EVENT_TOKENS:
        # As written: the caller capitalizes, and knows a lower-case start is a fragment.
        return prefix + "".join(t.text_with_ws for t in tokens).strip()
    # Too long: the start (subject and verb) and, when the date lies beyond it, the words up to the date.
    date_end = next((k for k, t in enumerate(tokens) if t.i == ent.end - 1), len(tokens) - 1)
    if date_end < MAX_EVENT_TOKENS:
        head, tail = tokens[:_head_end(tokens, verb, MAX_EVENT_TOKENS, date_end + 1)], []
    else:
        head = tokens[:_head_end(tokens, None, _HEAD_TOKENS, _HEAD_TOKENS // 2 + 1)]
        tail = tokens[_tail_start(tokens, date_end + 1 - (MAX_EVENT_TOKENS - _HEAD_TOKENS), date_end) : date_end + 1]
        while tail and (tail[0].is_punct or tail[0].dep_ == "cc"):
            tail.pop(0)
    while head and (head[-1].is_punct or head[-1].dep_ in ("cc", "det", "prep", "mark")):
        head.pop()
    text = prefix + "".join(t.text_with_ws for t in _balance_quotes(head)).strip()
    if tail:
        text += " … " + "".join(t.text_with_ws for t in _balance_quotes(tail)).strip()
    return text + (" …" if tail and date_end < len(tokens) - 1 or not tail else "")


_QUOTE_TOKENS = frozenset({'"', "“", "”", "``", "''", "„"})
_COMPLEMENTS = frozenset({"dobj", "prep", "attr", "acomp", "ccomp", "xcomp", "dative", "oprd", "agent", "prt"})
# When an event's text must be cut, this many tokens from its start stay (subject and verb).
_HEAD_TOKENS = 10


# A word missing its complement reads as cut off: "a meeting of", "what is", "Putin and".
_NEEDED = frozenset({"dobj", "attr", "pobj", "pcomp", "acomp", "oprd", "dative", "conj", "agent"})


def _head_end(tokens: list[Token], verb: Token | None, most: int, least: int) -> int:
    """Where the start of a cut event ends: the last cut between ``least`` and ``most`` tokens in that
    leaves no phrase open (no kept word whose head, or whose object, is cut away): "The U.S. and
    Russia were committed to a deal", not "... to a deal that"; with ``verb``, best one that keeps
    each of the verb's phrases whole ("Kerry is making his first trip ... in February", not "...
    in February, on what is one"); else at ``most``."""
    cuts = []
    for k in range(min(most, len(tokens) - 1), least - 1, -1):
        cut = tokens[k].i
        kept = tokens[:k]
        if all(t.head.i < cut for t in kept) and not any(
            c.dep_ in _NEEDED and c.i >= cut for t in kept for c in t.rights
        ):
            cuts.append(k)
    whole = [k for k in cuts if verb is not None
             and all(c.right_edge.i < tokens[k].i for c in verb.children if c.i < tokens[k].i)]
    return (whole or cuts or [most])[0]


def _tail_start(tokens: list[Token], start: int, date_end: int) -> int:
    """Where the part of a cut event that holds the date starts: the first clause (a verb's subtree)
    that begins at or after ``start`` and holds the date ("would follow the approach of an agreement
    worked out last year", not "of Syria and would follow ..."), else ``start``."""
    for k in range(max(start, 0), date_end + 1):
        token = tokens[k]
        verbs = [t for t in (token, *token.ancestors) if t.left_edge.i == token.i and t.pos_ in ("VERB", "AUX")
                 and t.dep_ in ("conj", "advcl", "relcl", "ccomp", "acl", "xcomp", "ROOT")]
        if any(v.right_edge.i >= tokens[date_end].i and v.head.i < token.i or v.dep_ == "ROOT" for v in verbs):
            return k
    return start


def _balance_quotes(tokens: list[Token]) -> list[Token]:
    """Quotation marks in pairs: a closing mark trimmed as punctuation comes back ("the "Action Group for
    Syria""), and a mark whose partner lies outside the event is dropped."""
    marks = [i for i, t in enumerate(tokens) if t.text in _QUOTE_TOKENS]
    if not tokens or len(marks) % 2 == 0:
        return tokens
    doc = tokens[0].doc
    after = tokens[-1].i + 1
    if after < len(doc) and doc[after].text in _QUOTE_TOKENS and marks[-1] > 0:
        return [*tokens, doc[after]]
    drop = marks[-1]
    return [t for i, t in enumerate(tokens) if i != drop]


def _merge(events: list[_Event]) -> list[TimelineEvent]:
    """Fold events of the same date with overlapping content into one, oldest first."""
    groups: list[list[_Event]] = []
    for event in sorted(events, key=lambda e: (e.date.iso, e.article)):
        for group in groups:
            head = group[0]
            if head.date != event.date or not head.words or not event.words:
                continue
            shared = head.words & event.words
            overlap = len(shared) / len(head.words | event.words)
            # Names alone do not make one event: "Ban met Putin today" is not "Ban said today".
            if overlap >= SAME_EVENT_OVERLAP and shared - head.names - event.names:
                group.append(event)
                break
        else:
            groups.append([event])
    out = []
    for group in groups:
        articles = tuple(dict.fromkeys(e.article for e in group))
        # The shortest well-formed telling reads best in a timeline.
        text = min(group, key=lambda e: (e.fragment, len(e.text))).text
        out.append(TimelineEvent(date=group[0].date.iso, text=text, articles=articles))
    out.sort(key=lambda e: (e.date, e.articles[0]))
    return out

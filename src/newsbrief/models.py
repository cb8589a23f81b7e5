"""Plain dataclasses passed between the stages, in the order data flows.

``Article → CleanArticle → ParsedArticle → (Analysis) → Summary → Brief``.
All are frozen: a stage returns a new object and never mutates its input.
Sentences are character spans into the cleaned text of their article, so
every summary line can be traced back to the words it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Article:
    """One input article as read from disk or a dataset line.

    ``date`` is ISO (``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` when that is all
    that is known); ``date_source`` says how it was found (``metadata``,
    ``text``, ``dateline``, ``inferred``) or is None when there is no date.
    ``lang`` is the ISO 639-1 language (issue 15); ``lang_source`` says where it came from
    (``given``: a dataset line, feed line or --lang; ``detected``; ``default``: too little text to
    tell, read as English), None while unknown.
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: str | None = None
    date_source: str | None = None
    path: str | None = None
    url: str | None = None
    lang: str | None = None
    lang_source: str | None = None


@dataclass(frozen=True, slots=True)
class CleanArticle:
    """An article with site furniture removed; ``removed`` keeps what went."""

    article: Article
    text: str
    removed: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.article.id


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a span ``[start, end)`` of its article's cleaned text."""

    article_id: str
    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0
    words: int = 0


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """A cleaned article split into sentences (and, when asked, a spaCy Doc)."""

    clean: CleanArticle
    sentences: tuple[Sentence, ...]

    @property
    def id(self) -> str:
        return self.clean.article.id

    @property
    def article(self) -> Article:
        return self.clean.article


@dataclass(frozen=True, slots=True)
class Support:
    """One article's evidence for a summary sentence."""

    article: str
    sentence: str
    score: float


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A sentence of the brief with every article that supports it.

    ``article`` is where the sentence was taken from; ``sources`` lists every
    supporting article id (the origin first) and ``support`` is the share of
    the story's articles that back it, in ``[0, 1]``.
    """

    text: str
    article: str
    index: int
    sources: tuple[str, ...]
    support: float
    evidence: tuple[Support, ...] = ()


@dataclass(frozen=True, slots=True)
class Summary:
    """The extractive summary: sentences in reading order, within budget."""

    sentences: tuple[SummarySentence, ...]
    budget_words: int
    # The budget the user asked for (None: the default, a tenth of the input); the web app re-briefs
    # a story with it when articles are added.
    requested_words: int | None = None
    # The headline of the story's most central article (issue 10); None when no article has one.
    title: str | None = None
    # The language the summary is in: most of the story's articles' (ISO 639-1; issue 15).
    lang: str | None = None

    @property
    def words(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.sentences)


# --- story analysis (issue 3) -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world person, organization or place across the story's articles.

    ``name`` is the canonical (fullest common) form, ``aliases`` the other
    forms used, ``title`` a role the text gives ("US Secretary of State"),
    ``type`` the spaCy label (PERSON, ORG, GPE, LOC, NORP, FAC, EVENT).
    """

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    title: str | None = None
    mentions: int = 0
    articles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """A quote and who said it; the same quote in several outlets is one Quote.

    ``speaker`` is a canonical entity name, or None for an unnamed source, then
    described by ``speaker_description`` ("a senior State Department official").
    ``sentence`` is the sentence the quote starts in, in the first article.
    """

    text: str
    speaker: str | None
    speaker_description: str | None
    articles: tuple[str, ...]
    sentence: str


@dataclass(frozen=True, slots=True)
class FigureValue:
    value: float
    unit: str | None
    text: str
    articles: tuple[str, ...]
    dates: tuple[str | None, ...] = ()


@dataclass(frozen=True, slots=True)
class Figure:
    """``disputed``: articles written at the same time give incompatible values; ``updated``: an
    event's toll that grows with the dates of its reports (issue 11)."""

    quantity: str
    values: tuple[FigureValue, ...]
    disputed: bool
    updated: bool = False


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    date: str
    text: str
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Coverage:
    article: str
    summary_points: tuple[int, ...]
    exclusive: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OffStory:
    article: str
    reason: str


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything story analysis found (issue 3); ``coverage`` is filled once the summary exists.

    ``off_story`` lists every article analysis judged off-story (kept or not);
    ``Brief.off_story`` lists those actually left out of the summary.
    ``article_dates`` maps article id to (ISO date, date_source) from part B's
    ``infer_dates``.
    """

    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    off_story: tuple[OffStory, ...] = ()
    coverage: tuple[Coverage, ...] = ()
    article_dates: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    # The story's language, and the sections its language cannot have here (no parser/NER
    # installed for it: "entities", "quotes", "figures", "timeline"); issue 15.
    lang: str | None = None
    unavailable: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Brief:
    """Everything a renderer needs: the articles, the summary, the analysis."""

    articles: tuple[ParsedArticle, ...]
    summary: Summary
    analysis: Analysis | None = None
    off_story: tuple[OffStory, ...] = ()
    story_id: str | None = None
    errors: tuple[str, ...] = ()

"""What the quote rules share: the word lists (verbs of saying, nouns of people, bodies and documents), a
quote's span, and where a character lies against the article's quotations."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from spacy.tokens import Doc

# "call" counts: 'what he called a "specific series of steps"' names who chose the words.
SPEECH_VERBS = frozenset(
    """say tell add reply ask answer acknowledge warn stress explain insist note declare write announce state
    argue claim conclude recall respond suggest admit complain predict urge vow promise emphasize emphasise
    caution concede continue testify tweet assert maintain observe remark report call hint allege contend speculate
    boast counter recount reiterate mention quip joke shout chant yell scream cry whisper exclaim mutter plead beg
    demand decry denounce describe deny confirm agree lament wonder pledge post express voice""".split()
)
_PRONOUNS = frozenset({"he", "she"})
# Object forms, for a speaker named as the agent of a passive verb ("was called by him as ...").
_OBJECT_PRONOUNS = {"him": "he", "her": "she"}


@dataclass(frozen=True, slots=True)
class _Span:
    """One quote in one article before cross-article merging."""

    article: str
    start: int
    end: int
    text: str
    speaker: str | None
    description: str | None
    sentence: str
    paragraph: int


# Nouns for what someone said: "The words came from ...", "That warning was issued by ...".
_UTTERANCE_NOUNS = frozenset(
    "words remark remarks comment comments pledge promise warning message statement verdict assessment plea".split()
)


def _sentence(doc: Doc, char: int) -> str:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None:
        return ""
    return span.sent.text.strip()


def _doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per Doc: spaCy joins every token anew per call, which made each
    quote cost the whole article (issue 13)."""
    text = doc.user_data.get("newsbrief_text")
    if text is None:
        text = doc.user_data["newsbrief_text"] = doc.text
    return text


class _Spans(list):
    """Character spans, sorted, that answer "is this character inside one?" by bisection: every
    token of a long article asked of every quote in it was quadratic (1 MB article: 1.9 s; issue 13)."""

    def __init__(self, spans) -> None:
        super().__init__(sorted(spans))
        self.starts = [a for a, _ in self]
        self.max_end = list(accumulate((b for _, b in self), max))

    def holds(self, char: int) -> bool:
        k = bisect_right(self.starts, char) - 1
        return k >= 0 and self.max_end[k] > char


def _inside(token_char: int, spans: list[tuple[int, int]]) -> bool:
    if isinstance(spans, _Spans):
        return spans.holds(token_char)
    return any(a <= token_char < b for a, b in spans)


# Words in the name of a news outlet: "Xinhua News Agency", "the Coastal Gazette", "Radio Alder".
_OUTLET_WORDS = frozenset(
    "news agency press times post journal herald tribune gazette daily radio television tv newspaper wire "
    "broadcasting broadcaster".split()
)
_QUOTE_GLYPHS = frozenset({'"', "“", "”", "''", "``", "'", "’", "‘", "«", "»", "„"})
_NOT_SPEAKERS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "PRODUCT"})
_PERSON_NOUNS = frozenset(
    """official officials source sources spokesman spokeswoman spokesperson diplomat analyst expert aide adviser
    advisor officer minister secretary president member lawmaker senator person man woman resident witness
    representative envoy ambassador commander leader executive director correspondent reporter negotiator
    investigator observer insider activist user congressman congresswoman contender candidate governor chairman
    chairwoman mayor nominee premier chancellor king queen prince pope judge chief actor actress singer star coach
    player founder host anchor authority police deputy prosecutor daughter son wife husband mother father brother
    sister uncle aunt cousin grandmother grandfather grandson granddaughter niece nephew friend neighbor neighbour
    relative colleague lawyer attorney doctor nurse teacher student driver worker veteran survivor victim parent
    owner manager captain pilot sailor soldier""".split()
)
# Nouns newspapers use for sources they do not name: "the official said" is not the last person named.
_ANONYMOUS_NOUNS = frozenset(
    """official source spokesman spokeswoman spokesperson aide diplomat officer person man woman resident witness
    insider observer analyst expert user member adviser advisor representative authority police deputy""".split()
)
# Bodies that speak without a name: "the government said", "the ministry told reporters".
_INSTITUTION_NOUNS = frozenset(
    """government ministry agency department office embassy police army military navy committee council court
    administration cabinet campaign company firm spokesperson""".split()
)
# Documents that "say" things on someone's behalf: "the statement says", "the incident report states".
_DOCUMENT_NOUNS = frozenset(
    """statement report release letter filing memo complaint lawsuit policy notice bill ruling order indictment
    affidavit document email note announcement tweet thread""".split()
)
# Determiners of a source the article does not name: "a passer-by", "another commuter".
_INDEFINITE = frozenset({"a", "an", "another", "one"})


def _is_person_noun(token) -> bool:
    return token.lemma_.lower() in _PERSON_NOUNS or token.lower_ in _PERSON_NOUNS


# Words that make a capitalized name an organization, not a person.
_ORG_WORDS = frozenset(
    """committee ministry party company council association union bank university agency institute group
    news times post press service services fund foundation church court club team office department center
    centre corporation board network television radio""".split()
)

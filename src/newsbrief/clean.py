"""Strip site furniture from scraped article text, keeping every story line.

Works on plain text whose HTML is long gone: each rule looks at one line (or
one sentence inside a line) and knows the furniture news sites add — radio
player and navigation lines, comment counters, "YOU ARE HERE" trails, related
link lists, copyright and credit lines, captions, share prompts, bylines,
archive stubs, tweets embedded as text. Everything removed is kept, in order
of the text, in ``CleanArticle.removed``.

The same pass fills metadata the text gives away (title, byline author, date
line or dateline, outlet) where the ingest stage found none.

The rules were written line by line against the five seed articles, the 284
Multi-News dev documents and the 100 TAC 2011 English documents; every rule
has a test in ``tests/test_clean.py``, including story sentences that look
like furniture ("By Tuesday, the strike had ended.").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from urllib.parse import urlparse

import numpy as np

from .errors import EmptyArticle
from .lang import profile_for
from .models import Article, CleanArticle
from .settings import DEFAULTS, Settings

MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
"""Month names and abbreviations (lower case) to month numbers; the analysis dates use it too."""
# Longest first, so "sept" is tried before "sep" and "june" before "jun".
_MONTHS = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
# "May 07, 2013", "Tuesday, October 16, 2018", "7th May 2013", "07 May 2013", "2013-05-07", "2005/01/08"
_DATE_MDY = re.compile(rf"\b{_WEEKDAY}({_MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s*(\d{{4}})\b", re.I)
_DATE_DMY = re.compile(rf"\b{_WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTHS})\.?,?\s+(\d{{4}})\b", re.I)
_DATE_ISO = re.compile(r"\b(\d{4})[-/](\d{2})[-/](\d{2})\b")
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
_TIME = re.compile(r"\b\d{1,2}(?::\d{2})?\s?[ap]\.?m\.?(?:\s+[A-Z]{2,4}\b)?", re.I)

# Whole lines that are never story text (matched case-insensitively against the stripped line).
# Each alternative was added for furniture seen in the seed story, Multi-News dev or TAC 2011.
# A pair (hint, pattern) is a pattern that scans the whole line (".*..."): it is only tried on
# lines holding its hint (case-folded), since trying all of them on every line was a quarter
# of cleaning's time (issue 12 timing); the hint is a literal every match of the pattern contains.
_FURNITURE_LINES: list[str | tuple[str, str]] = [
    # radio players and navigation (NPR, LA Times)
    r"play live radio", r"next up:?", r"available on air stations", r"listen( live)?( now)?", r"live radio",
    r"listen to the 911 call", r"you are here\b.*", r"(home|news)( ?[>»|] ?[\w &'-]{1,30}){1,5}",
    # comment counters and share/subscribe prompts
    r"\d+\s+comments?(\s+to this article)?", ("comments", r".*\bcomments\s+\d+\s+comments?"),
    r"(leave a |post a |view |show )?comments?( \(\d+\))?", r"\d[\d,.]*k? shares?\b.*",
    r"(sign up|subscribe)\b.*", r"click (here|for more)\b.*", r"share (this|on)\b.*",
    r"(for more from [\w .'-]{1,40}, )?follow (us|him|her|them|[\w.@'& -]{1,40}) (on|for the latest)\b.*",
    r"(twitter|instagram|facebook):?\s*@\w+", r"(https?://)?(www\.)?twitter\.com/\w+/?", r"@\w+ (via|on) \w+",
    ("on twitter", r".{0,60}\bon twitter\b\W*https?://\S+"), r"write to [\w .'-]{1,60} at \S+@\S+",
    r"\S+@\S+\.\w+(\s+or\s+[\d() -]{7,})?",
    r"(twitter|facebook|email|e-mail|print|whatsapp|linkedin|pinterest|reddit|google\+?|share|tweet)",
    r"(like this: )?like loading.*", r"loading\s*(…|\.{3})?", r"scroll down for (the )?video",
    r"video loading\b.*", r"breaking news emails\b.*", r"get (daily|the latest) news\b.*\binbox\b.*",
    r"view (images|photos)\b.*", r"\d+ of \d+ full screen\b.*", r"photos: .*",
    r"article (tools|excerpt)",
    r"add a location to your tweets", r"tweet with a location", r"play (facebook|twitter|video)",
    r"sorry, the page you requested was not found\.?", r"search the web\b.*",
    # related links and "read more" teasers
    r"related( [\w']+){0,3}( on [\w .]{1,30})?:.*", r"\[related: [^\]]*\]", r"(read more|see also|also|more)\s*:.*",
    r"more from [\w .'-]{1,40}:?", r">>.*", r"read or share this story:.*", r"original url:?",
    r"read more( (about|from|at|on))?:?( [^.]{1,80})?[.:]?", (", click here", r".{0,60}, click here\.?"),
    r"(for [\w ,'’]{1,60}, )?follow (us )?@\w+.{0,60}",
    r"(photos|interactive|video|watch|gallery):\s.*(?<![.!?\"”])",
    r"story highlights\b.*", r"topics?: .*", r"tags?: .*",
    # advertising
    r"advertisement( advertisement)*( continue reading the main story)?", r"story continue(s|d) below( advertisement)?",
    r"continue reading( the main story)?.*", r"(photo )?advertisement continue reading the main story",
    r"\*+ .* \*+", r"slideshow \(\d+ images?\)",
    # separators, labels and leftovers of markup
    r"[-_*=~•·|.]{1,}", r"[\u200b\u200c\u200d\ufeff\s]+", r"update(d)?:?", ("edit", r".*\[ ?edit ?\]"),
    r"\d{1,2}(:\d{2})?\s?[ap]\.?m\.?( [a-z]{2,4})?",
    # photos, captions and their credits
    r"(photo|image|video|photograph|picture)s?", r"(image|photo) copyright\b.*", r"getty images\b.{0,60}",
    r"(photograph|photo|image|picture|illustration)s? (by|courtesy|credit)\b.*", r"courtesy( of)? [\w .,'-]{1,50}",
    r"\((image|photo|credit|source|picture)s?:[^)]*\)",
    r"(image|photo|picture|credit)s?( credit)?\s*[:–—]\s*.{1,100}",
    r"source: [^.]{1,60}\.?", r"enlarge (this )?image\b.*", r"view images\b.{0,80}",
    # tips, corrections, syndication and archive stubs
    r"have a tip\b.*", r"(this|the) (article|story|post) (was|has been) (updated|corrected)\b.*",
    r"(this (story|article) was )?originally published (on|at|in)\b.*",
    r"an expanded version of this (report|story|article) appears\b.*", r"information from: .*", r"contributing: .*",
    r"(updated|published|posted|last updated)(:| on| at)?\s+(?=.*(\d|today|yesterday|ago))(?!.*[.!?]$).{0,60}",
    r"/ (updated|source)\b.*", r"transcript provided by .*",
    r"(©|\(c\)).*", r"copyright(\s+(©|\(c\)))?\s+(\d{4}|by)\b.*",
    ("all rights reserved", r".*\ball rights reserved\b.*"),
    r"(?-i:copyright [A-Z][\w.&' -]{1,40})(?<![.!?])",
    (" articles", r"[\w .&'-]{2,40} articles"), r"starting in 1996, alexa internet has been donating.*",
    r"these crawls are part of an effort to archive.*", r"the seed for this crawl was.*",
    ("wayback machine", r".*wayback machine.*"),
    r"warczone is a collection of .*", r"dow jones reprints:.*",
    r"(you can add location information to your tweets|when you tweet with a location)\b.*",
    # credit lines ("Reporting by ...; editing by ...") and signatures ("--Tawni Cranz")
    r"(additional )?(reporting|writing|editing) by [^.]{2,120}\.?",
    r"(?-i:[-–—]{1,2}\s?[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3})",
    # tweets pasted as text: "... pic.twitter.com/x — Name (@handle) September 20, 2018"
    ("(@", rf".{{0,300}}[—–-] [^()]{{1,60}} \(@\w+\) (?:{_MONTHS})\.? \d{{1,2}}, \d{{4}}"),
    ("pic.twitter.com/", r".*\bpic\.twitter\.com/\w+"),
]
_FURNITURE = re.compile("|".join(f"(?:{p})" for p in _FURNITURE_LINES if isinstance(p, str)), re.I)
_FURNITURE_SCANS = [(hint, re.compile(p, re.I)) for hint, p in (p for p in _FURNITURE_LINES if isinstance(p, tuple))]
# Characters re.IGNORECASE matches with an ASCII letter although str.lower() does not turn them into
# it (sre's case equivalences), so a hint found in the folded text is a hint the regex would see.
_ASCII_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
# A photo credit made of names and agencies joined by slashes: "Harlem Mepham/FilmMagic", "April Baer / OPB".
_SLASH_CREDIT = re.compile(r"[A-Z][\w.'’&-]*(?: [\w.'’&-]+)*(?: ?/ ?[A-Z][\w.'’&-]*(?: [\w.'’&-]+)*)+")
# Labels that start a list of related links: every headline-like line after them goes too.
_LINK_LIST_LABEL = re.compile(
    r"(related( [\w']+){0,3}( on [\w .]{1,30})?|read more|see also|also|more from [\w .'-]{1,40})\s*:", re.I
)

_BYLINE = re.compile(r"^(?:(?P<date>[^|]{0,40})\|\s*)?by\s+(?P<who>\S.{1,160})$", re.I)
# Words allowed inside a byline name besides capitalized ones ("Sergei L. Loiko and Paul Richter").
_NAME_CONNECTORS = {"and", "&", "de", "van", "von", "da", "al", "bin", "la", "le", "del", "di", "der"}
_NAME_STOP = re.compile(r"\s*(?:,|\||•|\s[-–—]\s|\bof\b|\bfor\b)\s*")
# Transcript reporter label: "COREY FLINTOFF, BYLINE: ..." (nlp strips the label from sentences).
_SPEAKER_BYLINE = re.compile(r"^([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}), BYLINE:")
# A caption ends in a photo credit: "**Mladen Antonov**", "(Chris Helgren/Reuters)", "(Photo: United Airlines)".
# Three patterns, by where they look (one alternation searched every position for "^file photo"
# and cost more than the rest of the line rules; issue 12 timing): at the start, at the end (the
# line then ends in ")" or "**"), or anywhere (the line then holds "photo", "caption" or "/").
_CAPTION_START = re.compile(r"file photo\b|file\s?[-–—]|in this\b.{0,80}\b(file )?photo\b", re.I)
_CAPTION_END = re.compile(
    r"(\*\*[^*]{2,60}\*\*\s*$)|(\([^()]*\w/\s?\w[^()]*\)\s*$)"
    r"|(\((AP |AFP )?(photos?|images?|credit|pictured)\b[^()]*\)\s*$)|(\([^()]*getty images[^()]*\)\s*$)",
    re.I,
)
_CAPTION_INSIDE = re.compile(
    r"(\b(AP|AFP|Reuters|EPA)\s?Photo\b)|(/\s?(AFP|Getty Images|Reuters|AP)\b)"
    r"|(\bimage caption\b)|(\bitoggle caption\b)",
    re.I,
)
# A bare agency credit: "(Reuters)". Live blogs end story paragraphs with one, so it only makes a
# caption when the text before it is not a sentence (see _caption_or_credit).
_AGENCY_CREDIT = re.compile(
    r"\s*\((?:AFP|AP|Associated Press|Reuters|EPA|DPA|Xinhua|Getty|File)(?:,\s*[A-Z]{2,})*\)\s*$"
)
# Broadcast sign-ons and sign-offs: "This is ALL THINGS CONSIDERED from NPR News. I'm Melissa Block."
# Names and programme titles are matched case-sensitively, so "This is not the first time ..." and
# "I'm not going." stay.
_SIGN_SENTENCES = [
    r"this is (?-i:[A-Z][A-Z ]+) from [\w ]+\.", r"(and )?i'm (?-i:[A-Z][\w.'-]+( [A-Z][\w.'-]+){1,2})\.",
    r"(?-i:[A-Z][\w.'-]+ [A-Z][\w.'-]+, [A-Z][\w ]{1,20} News, [A-Z][\w ]{1,30})\.",
    r"transcript provided by [^.]+\.", r"copyright (?-i:[A-Z])[\w ]{1,30}\.", r"\(?©[^.]*\.\)?",
    r"(?:[^.]|(?<=\b[A-Z])\.){0,200}\b(contributed (reporting )?to this (report|story)"
    r"|reported from (?-i:[A-Z])[\w ]+ and [^.]* from (?-i:[A-Z])[\w ]+)\.",
    r"(?-i:[A-Z][\w]+) reported from (?-i:[A-Z])[\w ,.]{1,40}\.",
    # A columnist's tag line and disclaimer, and a radio report's hand-over ("April Baer reports."): no story
    # sentence is two capitalized words and "reports".
    r"the author is an? (?-i:[A-Z])[\w ]{1,40} columnist\.", r"the opinions expressed are (his|her|their) own\.",
    r"(?-i:[A-Z][a-z]+ [A-Z][a-z'’-]+) reports\.",
]
_SIGN = re.compile(r"(?:^|(?<=[.!?]) )(" + "|".join(f"(?:{p})" for p in _SIGN_SENTENCES) + r")(?= |$)", re.I)
# A literal each of the sentences above contains (case-folded): most lines hold none, and searching
# the alternation at every position of every line was a tenth of cleaning's time (issue 12 timing).
_SIGN_HINTS = (
    "this is ", "i'm ", "news, ", "transcript provided by", "copyright ", "©", "contributed", "reported from",
    "the author is", "opinions expressed", " reports.",
)
# The link target may hold one level of parentheses: [text](javascript:f(1)) goes whole.
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*\)")
_MD_BOLD = re.compile(r"\*\*([^*]+)\*\*")
_BULLET = ("-", "*", "•", "·")
_LIST_LINK = re.compile(r"^\s*[-*•]\s+\[[^\]]*\]\([^)]*\)\s*$")
_SENTENCE_END = re.compile(r"[.!?:;\"”’')\]]$")
# Ends like a sentence: final punctuation, maybe inside quotes, but not an abbreviation like "U.S.".
_REAL_END = re.compile(r"(?<!\b[A-Z])[.!?…。！？][\"”’')\]」』]*$")
_END_MARKS = ".!?…。！？"
_CLOSING_MARKS = "\"”’')]」』"
_LONE_WORD = re.compile(r"[A-Za-z\u00c0-\u024f0-9'’&+@#.-]{1,30}(?<![.!?])")
_COPYRIGHT_OUTLET = re.compile(
    r"(?:©|copyright|\(c\))\s*(?:\d{4}\s*)?(?:by\s+)?([A-Z][\w.&' -]{1,40}?)[.,]?\s*(?:-.*)?$", re.I
)
# TAC/WikiNews first line: "2005/01/08 Tsunami aid donations ..." — a date, then the headline.
_DATED_TITLE = re.compile(r"^(\d{4})/(\d{2})/(\d{2})\s+(\S.*)$")
# A full date glued to the start of a paragraph: "Saturday, March 26, 2005 Up to four times ...".
_LEADING_DATE = re.compile(rf"^{_WEEKDAY}(?:{_MONTHS})\.?\s+\d{{1,2}},?\s*\d{{4}}\s*(?=[A-Z])", re.I)
# Datelines: "PORT ALDER, March 12 (Coastal Wire) - ", "MOSCOW — ", "Meadow Lake, Saskatchewan – ", and
# the LDC archives' (DUC, TDT, Gigaword) AP/NYT copy, where a lone underscore stands for the dash:
# "HARBOURTON (AP) _ ".
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w.'’-]*(?:,? [A-Z][\w.'’-]*){0,4})"
    rf"(?:,?\s+(?P<date>(?i:{_MONTHS})\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?))?"
    r"\s*(?P<agency>\([A-Z][^()]{0,40}\))?\s*(?:[-–—]{1,2}|\||_(?=\s))(?:\s+(?=[A-Z\"“‘'`])|\s*$)"
)
# How far into the body a dateline may sit: after a headline and a standfirst at most.
_DATELINE_LINES = 3
# Only repeated lines this long are copies to drop: shorter ones repeat on purpose (a recipe's "Eat
# every 2–3 hours", an interview's recurring question); tuned on the extraction benchmark pages.
_MIN_DUPLICATE_WORDS = 12
# spaCy's tokenizer strips prefix and suffix punctuation one character at a time, re-searching the rest:
# quadratic in a run ("!" × 20,000 took 50 s; issue 13). Longer runs are cut to this many characters
# (the rest goes to ``removed``); the longest run in multinews-dev, TAC 2011 and DUC 2006 is a
# 60-dash rule.
MAX_PUNCT_RUN = 64
_PUNCT_RUN = re.compile(rf"[^\w\s]{{{MAX_PUNCT_RUN + 1},}}")
# A cut-off standfirst must be this long before it counts as a copy of a later paragraph.
_MIN_TEASER_WORDS = 8


@dataclass(slots=True)
class _Harvest:
    """What removed lines say about the article; filled during one clean() call, then dropped."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    outlet: str | None = None
    site: str | None = None
    agency: str | None = None
    dateline: str | None = None
    dateline_date: str | None = None
    years: list[int] = field(default_factory=list)
    title_line: bool = False  # the title is the line above a date line (_take_headline_above)


def clean(article: Article, settings: Settings = DEFAULTS) -> CleanArticle:
    """Remove site furniture from ``article.text``.

    Args:
        article: an article as read by :mod:`newsbrief.ingest`.
        settings: unused today; here so every stage has the same shape.

    Returns:
        A CleanArticle whose ``removed`` lists every dropped line or sentence
        in the order of the text, and whose article has title, author, date
        and outlet filled from the text where the ingest stage found none.

    Raises:
        EmptyArticle: nothing of the story is left.

    Example:
        >>> a = Article(id="x", text="Share this article\\nThe council voted on Monday.")
        >>> clean(a).text
        'The council voted on Monday.'
    """
    found = _Harvest()
    profile = profile_for(article.lang)
    lines = _join_broken_paragraphs(article.text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    kept: list[str] = []
    # Each removed piece carries the index in `kept` where it stood, so the title and dateline passes,
    # which run after this loop, still leave `removed` in the order of the text once sorted.
    removed: list[tuple[int, str]] = []
    in_link_list = False
    first_line = True
    for raw in lines:
        line = raw.strip().strip("\u200b\u200c\u200d\ufeff")
        if not line:
            kept.append("")
            continue
        if len(line) > MAX_PUNCT_RUN:
            line = _cut_punctuation_runs(line, len(kept), removed)
        if first_line:
            first_line = False
            dated = _DATED_TITLE.match(line)
            if dated:
                found.date = _iso(int(dated.group(1)), int(dated.group(2)), int(dated.group(3)))
                removed.append((len(kept), line[: dated.start(4)].strip()))
                line = dated.group(4)
        plain = _MD_BOLD.sub(r"\1", _MD_LINK.sub(r"\1", line)) if "*" in line or "[" in line else line
        kind = _furniture_kind(line, plain)
        if kind:
            removed.append((len(kept), line))
            _harvest(kind, plain, found)
            in_link_list = in_link_list or bool(_LINK_LIST_LABEL.fullmatch(plain.rstrip()))
            continue
        if _LIST_LINK.match(line) or (in_link_list and _headline_like(plain)):
            removed.append((len(kept), line))
            in_link_list = True
            continue
        in_link_list = False
        speaker = _SPEAKER_BYLINE.match(plain)
        if speaker and not found.author:
            found.author = speaker.group(1).title()
        opening = profile.date_prefix(plain) if profile.months else None
        glued = opening and len(plain[opening[1] :].split()) >= 4 and sum(1 for k in kept if k) <= 1
        if opening and (glued or profile.date_line(plain)):
            # "Samedi 27 Février 2010": a date line in the article's language (English ones are furniture
            # above), or such a date glued to the first paragraph, under a headline at most ("Sobota,
            # 26. března 2005 Až ..."); one opening a later paragraph is the text's.
            removed.append((len(kept), plain[: opening[1]] if plain[opening[1] :].strip() else line))
            found.date = found.date or opening[0]
            _take_headline_above(kept, removed, found, article)
            plain = plain[opening[1] :].lstrip(" ,،:.-–—")
            if not plain:
                continue
        leading = _LEADING_DATE.match(plain)
        if leading and len(plain[leading.end() :].split()) >= 4:
            removed.append((len(kept), leading.group(0).strip()))
            found.date = found.date or find_date(leading.group(0))
            plain = plain[leading.end() :]
        plain, credit = _strip_agency_credit(plain)
        plain, dropped = _strip_sign_sentences(plain)
        for piece in dropped + credit:
            removed.append((len(kept), piece))
            _harvest("copyright" if "©" in piece or "copyright" in piece.lower() else "sign", piece, found)
        if plain:
            kept.append(plain)
    _drop_duplicates(kept, removed)
    _take_title(kept, removed, found, article)
    _take_dateline(kept, removed, found)
    text = _tidy("\n".join(kept))
    if not text:
        raise EmptyArticle(
            f"{article.path or article.id}: no article text left after cleaning; is it an article page?"
        )
    meta = _fill_metadata(article, found, text)
    in_order = sorted(removed, key=lambda r: r[0])
    return CleanArticle(article=meta, text=text, removed=tuple(piece for _, piece in in_order))


def find_date(text: str) -> str | None:
    """The first full calendar date written in ``text``, as ISO ``YYYY-MM-DD``.

    Example:
        >>> find_date("7th May 2013, Comments 0 comments")
        '2013-05-07'
    """
    best = None
    for pattern, order in ((_DATE_MDY, "mdy"), (_DATE_DMY, "dmy"), (_DATE_ISO, "ymd")):
        for match in pattern.finditer(text):
            a, b, c = match.groups()
            if order == "mdy":
                month, day, year = MONTHS.get(a.lower().rstrip(".")), int(b), int(c)
            elif order == "dmy":
                day, month, year = int(a), MONTHS.get(b.lower().rstrip(".")), int(c)
            else:
                year, month, day = int(a), int(b), int(c)
            iso = _iso(year, month, day) if month else None
            if iso and (best is None or match.start() < best[0]):
                best = (match.start(), iso)
            if iso:
                break
    return best[1] if best else None


def _iso(year: int, month: int, day: int) -> str | None:
    if 1 <= month <= 12 and 1 <= day <= 31 and 1900 < year < 2200:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _cut_punctuation_runs(line: str, at: int, removed: list[tuple[int, str]]) -> str:
    """Cut each run of punctuation longer than MAX_PUNCT_RUN to that length; the cut goes to ``removed``."""
    if not _PUNCT_RUN.search(line):
        return line
    pieces: list[str] = []
    start = 0
    for match in _PUNCT_RUN.finditer(line):
        keep = match.start() + MAX_PUNCT_RUN
        pieces.append(line[start:keep])
        removed.append((at, match.group(0)[MAX_PUNCT_RUN:]))
        start = match.end()
    pieces.append(line[start:])
    return "".join(pieces)


def _ends_sentence(text: str) -> bool:
    """``_REAL_END.search(text)``, from the end of the text instead of every position (issue 12 timing).

    The final mark is the last character before any closing quotes and brackets (and one final
    newline, where ``$`` also matches); it must not follow a lone capital ("U.S.").
    """
    body = (text[:-1] if text.endswith("\n") else text).rstrip(_CLOSING_MARKS)
    if not body or body[-1] not in _END_MARKS:
        return False
    if len(body) >= 2 and "A" <= body[-2] <= "Z":
        # (?<!\b[A-Z]): the capital opens a word when nothing or a non-word character precedes it.
        return len(body) >= 3 and (body[-3].isalnum() or body[-3] == "_")
    return True


def _headline_like(line: str) -> bool:
    """A related-link entry: a bullet, or a short line that does not end like a sentence."""
    line = line.strip()
    return line.startswith(_BULLET) or (len(line.split()) <= 20 and not _ends_sentence(line))


def _furniture_kind(line: str, plain: str) -> str | None:
    """Name the kind of furniture a whole line is, or None for story text."""
    low = plain.lower()
    words = plain.split()
    folded = _fold(plain, low)
    if _FURNITURE.fullmatch(plain) or any(h in folded and p.fullmatch(plain) for h, p in _FURNITURE_SCANS):
        if low.startswith(("©", "copyright", "(c)")) or "all rights reserved" in low:
            return "copyright"
        if low.startswith(("reporting by", "additional reporting by", "writing by")):
            return "credit"
        return "furniture"
    if re.fullmatch(r"<?https?://\S+>?", plain):
        return "url"
    if len(words) == 1 and _LONE_WORD.fullmatch(plain):
        # A lone word ("Posted", "AFP", "Microsoft", "gungate") is a label, never a story sentence.
        # Only Latin-script words: a Chinese or Japanese sentence has no spaces and is one "word".
        return "furniture"
    if len(words) <= 8 and _SLASH_CREDIT.fullmatch(plain) and not _ends_sentence(plain):
        return "caption"
    if len(words) <= 25 and _is_byline(plain):
        return "byline"
    if len(words) <= 12 and _is_date_line(plain):
        return "dateline"
    if len(words) <= 60 and not plain.startswith(('"', "“")) and _caption_or_credit(line, plain) == "caption":
        return "caption"
    if len(words) <= 2 * 60 and _CAPTION_START.match(line) and _AGENCY_CREDIT.search(plain):
        # A gallery's captions run together into one line, each "FILE - In this ... photo, ..." and its
        # "(Associated Press)": too long for one caption, and never story text.
        return "caption"
    return None


def _is_byline(plain: str) -> bool:
    """"By Nadia Ferrow", "May 07, 2013|By A and B, Los Angeles Times" — but not "By Tuesday, the strike ended"."""
    match = _BYLINE.match(plain)
    if not match:
        return False
    who = match.group("who").strip()
    if _ends_sentence(who) and not re.search(r"\b[A-Z]\.$", who):
        return False
    name = _NAME_STOP.split(who, maxsplit=1)[0].strip()
    tokens = name.split()
    if not tokens or len(tokens) > 7:
        return False
    if len(tokens) == 1:
        # "By AFP" is a byline, "By Tuesday" is not.
        return tokens[0].isupper() and len(tokens[0]) > 1
    return all(t[0].isupper() or t.lower() in _NAME_CONNECTORS for t in tokens) and tokens[0][0].isupper()


def _is_date_line(plain: str) -> bool:
    """A line that is a date (with a time or a few words around it), not a sentence mentioning one."""
    date = find_date(plain)
    if not date:
        return False
    starts = bool(re.match(rf"^{_WEEKDAY}(?:{_MONTHS}|\d)", plain, re.I)) and find_date(plain[:24]) is not None
    rest = plain
    for pattern in (_DATE_MDY, _DATE_DMY, _DATE_ISO, _TIME):
        rest = pattern.sub(" ", rest)
    others = [w for w in re.findall(r"[A-Za-z]+", rest)]
    if starts and not _ends_sentence(plain):
        return True
    return len(others) <= 2


def _caption_or_credit(line: str, plain: str) -> str | None:
    """'caption' for a photo caption line; None for story text (a bare agency credit is stripped later)."""
    if _is_caption(line):
        return "caption"
    match = _AGENCY_CREDIT.search(plain) if plain.rstrip().endswith(")") else None
    if match:
        before = plain[: match.start()].strip()
        said = re.search(r"\b(said|says|told|according to)\b", before)
        if not _ends_sentence(before) and len(before.split()) <= 30 and not said:
            return "caption"
        if before.endswith(("...", "…")):
            # A gallery caption cut off by the scraper: "... in Sanaa, Yemen. Hundreds... (Associated Press)"
            return "caption"
    return None


def _is_caption(line: str) -> bool:
    """Whether a line ends in, starts with or holds a photo credit (the three _CAPTION patterns)."""
    if _CAPTION_START.match(line):
        return True
    if line.rstrip().endswith((")", "**")) and _CAPTION_END.search(line):
        return True
    folded = _fold(line, line.lower())
    return ("photo" in folded or "caption" in folded or "/" in folded) and bool(_CAPTION_INSIDE.search(line))


def _fold(text: str, low: str) -> str:
    """``low`` (``text.lower()``) with the few letters that IGNORECASE regexes fold to ASCII folded too."""
    if low.isascii() or not any(c in text for c in "\u0130\u0131\u017f\u212a"):
        return low
    return text.translate(_ASCII_FOLDS).lower()


def _strip_agency_credit(line: str) -> tuple[str, list[str]]:
    """Drop a trailing "(Reuters)" from a story paragraph (live blogs credit each one)."""
    match = _AGENCY_CREDIT.search(line) if line.rstrip().endswith(")") else None
    if not match or not line[: match.start()].strip():
        return line, []
    return line[: match.start()].rstrip(), [match.group(0).strip()]


def _harvest(kind: str, text: str, found: _Harvest) -> None:
    """Keep what a removed line tells about the article (date, author, outlet)."""
    if len(text.split()) <= 12 and not found.date and kind in ("dateline", "byline", "furniture", "copyright"):
        found.date = find_date(text)
    if kind in ("copyright", "furniture"):
        found.years += [int(y) for y in _YEAR.findall(text)] if kind == "copyright" else []
    if kind == "byline":
        match = _BYLINE.match(text)
        who = match.group("who").strip() if match else ""
        parts = [p.strip() for p in re.split(r"\s*(?:,|•|\|)\s*", who) if p.strip()]
        if parts and not found.author:
            found.author = re.split(r"\s+of\s+", parts[0])[0]
        if len(parts) > 1 and not found.outlet and not find_date(parts[-1]) and not _TIME.search(parts[-1]):
            found.outlet = parts[-1]
        elif " of " in who and not found.outlet:
            found.outlet = who.split(" of ", 1)[1].removeprefix("the ").strip()
    if kind == "credit" and not found.author:
        match = re.match(r"(?:additional )?(?:reporting|writing) by ([^;,.]+)", text, re.I)
        if match:
            found.author = match.group(1).strip()
    if kind == "copyright":
        match = _COPYRIGHT_OUTLET.search(text.strip().rstrip("."))
        if match and not found.outlet:
            found.outlet = match.group(1).strip().rstrip(" -")
    if kind == "url" and not found.outlet:
        host = urlparse(text.strip("<> ")).hostname or ""
        found.outlet = host.removeprefix("www.") or None
    if kind == "sign" and not found.outlet:
        match = re.search(r", ([A-Z][\w ]{1,20}) News,", text)
        if match:
            found.outlet = match.group(1)


def _strip_sign_sentences(line: str) -> tuple[str, list[str]]:
    """Remove broadcast sign-ons/offs and credit sentences from inside a line."""
    folded = _fold(line, line.lower())
    if not any(hint in folded for hint in _SIGN_HINTS):
        return line, []
    dropped = [m.group(1).strip() for m in _SIGN.finditer(line)]
    if not dropped:
        return line, []
    return re.sub(r"\s{2,}", " ", _SIGN.sub("", line)).strip(), dropped


def _join_broken_paragraphs(lines: list[str]) -> list[str]:
    """Rejoin a sentence a scraper split over a blank line ("has so far only" / "supplied ...").

    Linear in the text: a joined line is kept as parts with its word count and last character,
    since re-splitting the growing line at every join was quadratic (20,000 lowercase lines took
    minutes; issue 13).
    """
    out: list[list[str]] = []  # each line as parts, joined at the end
    last = -1  # index in ``out`` of the last line with text
    last_words = 0
    last_char = ""
    for line in lines:
        stripped = line.strip()
        if stripped and stripped[0].islower() and last >= 0:
            if not _SENTENCE_END.search(last_char) and last_words > 8:
                parts = out[last]
                parts[-1] = parts[-1].rstrip()
                parts.append(" " + stripped)
                del out[last + 1 :]  # the blank lines between the two halves
                last_words += len(stripped.split())
                last_char = stripped[-1]
                continue
        out.append([line])
        if stripped:
            last, last_words, last_char = len(out) - 1, len(stripped.split()), stripped[-1]
    return ["".join(parts) for parts in out]


def _drop_duplicates(kept: list[str], removed: list[tuple[int, str]]) -> None:
    """Keep only the last copy of a repeated line: standfirsts and teasers repeat a body paragraph."""
    words = [len(line.split()) for line in kept]
    last: dict[str, int] = {}
    for i, line in enumerate(kept):
        if words[i] >= _MIN_DUPLICATE_WORDS:
            last[line] = i
    later: _LaterPrefix | None = None
    for i, line in enumerate(kept):
        if not line:
            continue
        # A standfirst may repeat the start of a later paragraph, cut off without its full stop.
        teaser = words[i] >= _MIN_TEASER_WORDS and not _ends_sentence(line)
        if teaser:
            later = later or _LaterPrefix(kept)
            teaser = later.last_start(line) > i
        if last.get(line, i) != i or teaser:
            removed.append((i, line))
            kept[i] = ""


class _LaterPrefix:
    """The last line that starts with a given text, for every query in O(log n).

    Lines starting with ``p`` are one run of the sorted lines, so the answer is a range maximum of
    their positions (a sparse table). Scanning the rest of the list per line was quadratic
    (a 20,000-line teaser list took minutes; issue 13).
    """

    def __init__(self, lines: list[str]) -> None:
        order = sorted(range(len(lines)), key=lines.__getitem__)
        self.sorted_lines = [lines[k] for k in order]
        self.table = [np.array(order, dtype=np.int64)]
        width = 1
        while 2 * width <= len(order):
            prev = self.table[-1]
            self.table.append(np.maximum(prev[:-width], prev[width:]))
            width *= 2

    def last_start(self, prefix: str) -> int:
        """The largest index of a line starting with ``prefix`` (the line itself counts), else -1."""
        lo = bisect_left(self.sorted_lines, prefix)
        hi = bisect_left(self.sorted_lines, prefix + "\U0010ffff", lo)
        if lo >= hi:
            return -1
        level = (hi - lo).bit_length() - 1
        row = self.table[level]
        return int(max(row[lo], row[hi - (1 << level)]))


def _take_headline_above(kept: list[str], removed: list[tuple[int, str]], found: _Harvest, article: Article) -> None:
    """WikiNews: headline, date line, body. The one line above the date is the headline even when a
    translation ends it with a full stop (TAC 2011 Arabic and Hindi do)."""
    heads = [i for i, kept_line in enumerate(kept) if kept_line]
    if len(heads) == 1 and found.title is None and len(kept[heads[0]].split()) <= 20:
        found.title = kept[heads[0]]
        found.title_line = True
        if article.title is None:
            removed.append((heads[0], kept[heads[0]]))
            kept[heads[0]] = ""


def _take_title(kept: list[str], removed: list[tuple[int, str]], found: _Harvest, article: Article) -> None:
    """The first short headline-like line is the title; shorter labels before it are site furniture."""
    if found.title_line:
        return  # the headline above the date line is the title; the line after the date is the text
    last_text = max((i for i, line in enumerate(kept) if line.strip()), default=-1)
    for i, line in enumerate(kept):
        if not line:
            continue
        words = line.split()
        headline = len(words) <= 20 and not _ends_sentence(line) and not line.endswith(":") and not line.isupper()
        rest = last_text > i
        if not headline or not rest:
            return
        if len(words) < 4:
            # "Citizens International": a site or section name above the headline.
            removed.append((i, line))
            found.site = found.site or line
            kept[i] = ""
            continue
        found.title = line
        if article.title is None or article.title.strip() == line:
            removed.append((i, line))
            kept[i] = ""
        return


def _take_dateline(kept: list[str], removed: list[tuple[int, str]], found: _Harvest) -> None:
    """Strip a dateline from the start of the story and note its date and agency."""
    seen = 0
    for i, line in enumerate(kept):
        if not line:
            continue
        seen += 1
        if seen > _DATELINE_LINES:
            return
        match = _DATELINE.match(line)
        if not match:
            continue
        place = match.group("place")
        letters = re.sub(r"[^A-Za-z]", "", place)
        if not (letters.isupper() or match.group("date") or match.group("agency") or "," in place):
            continue
        if len(place.split()) > 5:
            continue
        removed.append((i, line[: match.end()].strip()))
        kept[i] = line[match.end() :].strip()
        found.dateline = place
        if match.group("agency"):
            found.agency = match.group("agency").strip("()")
        if match.group("date"):
            found.dateline_date = match.group("date")
        return


def _dateline_iso(found: _Harvest, text: str) -> str | None:
    """A dateline's "March 12" with its year; the year must come from elsewhere if the dateline lacks one."""
    full = find_date(found.dateline_date or "")
    if full:
        return full
    match = re.match(r"(\w+)\.?\s+(\d{1,2})", found.dateline_date or "")
    if not match:
        return None
    month, day = MONTHS.get(match.group(1).lower()), int(match.group(2))
    years = set(found.years)
    if not years:
        # Full dates written in the story itself, if they all agree on the year.
        years = {int(d[:4]) for d in (find_date(m.group(0)) for m in _DATE_MDY.finditer(text)) if d}
        years |= {int(d[:4]) for d in (find_date(m.group(0)) for m in _DATE_DMY.finditer(text)) if d}
    if len(years) != 1 or not month:
        return None
    return _iso(years.pop(), month, day)


def _tidy(text: str) -> str:
    # Runs of two or more, or a tab: a lone space is left alone (replacing each one by itself cost a
    # match per word; issue 12 timing).
    text = re.sub(r"[ \t]{2,}|\t", " ", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _fill_metadata(article: Article, found: _Harvest, text: str) -> Article:
    changes: dict[str, str | None] = {}
    if not article.title and found.title:
        changes["title"] = found.title
    if not article.author and found.author:
        changes["author"] = found.author
    if not article.outlet:
        outlet = found.outlet or found.site or found.agency
        if outlet:
            changes["outlet"] = outlet
    if not article.date:
        if found.date:
            changes.update(date=found.date, date_source="text")
        elif found.dateline_date:
            date = _dateline_iso(found, text)
            if date:
                changes.update(date=date, date_source="dateline")
    return replace(article, **changes) if changes else article

"""Strip site furniture from scraped article text, keeping every story line.

Works on plain text whose HTML is long gone: each rule looks at one line (or
one sentence inside a line) and knows the furniture news sites add — radio
player and navigation lines, comment counters, "YOU ARE HERE" trails, related
link lists, copyright and credit lines, captions, share prompts, bylines.
Everything removed is kept, in order, in ``CleanArticle.removed``.

The same pass fills metadata the text gives away (title, byline author, date
line, outlet) where the ingest stage found none.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlparse

from .errors import EmptyArticle
from .models import Article, CleanArticle
from .settings import DEFAULTS, Settings

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MONTH_NUMBER = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for m in names}
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
# "May 07, 2013", "Tuesday, October 16, 2018", "7th May 2013", "07 May 2013", "2013-05-07"
_DATE_MDY = re.compile(rf"\b{_WEEKDAY}({_MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_DATE_DMY = re.compile(rf"\b{_WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTHS})\.?,?\s+(\d{{4}})\b", re.I)
_DATE_ISO = re.compile(r"\b(\d{4})[-/](\d{2})[-/](\d{2})\b")

# Whole lines that are never story text (matched case-insensitively, stripped).
_FURNITURE_LINES = [
    r"play live radio", r"next up:?", r"available on air stations", r"listen( live)?( now)?", r"live radio",
    r"you are here\b.*", r"\d+\s+comments?(\s+to this article)?", r".*\bcomments\s+\d+\s+comments?",
    r"(leave a |post a |view |show )?comments?( \(\d+\))?", r"original url:?", r"<?https?://\S+>?",
    r"related( articles| stories| coverage| content| links| posts)?:.*", r"(read more|see also|also|more)\s*:.*",
    r"more from [\w .'-]{1,40}", r"click here\b.*", r"(sign up|subscribe)\b.*", r"follow (us|[\w. ]{1,40}) on .*",
    r"share (this|on)\b.*", r"advertisement\b.*", r"story continues below.*", r"story continued below",
    r"continue reading.*", r"add a location to your tweets", r"play (facebook|twitter|video)",
    r"(twitter|facebook|email|e-mail|print|whatsapp|linkedin|pinterest|reddit|google\+)", r"[-_*=~•·]{1,}",
    r"(photo|image|video|photograph|picture)s?", r"(image|photo) copyright\b.*", r"getty images",
    r"(photograph|photo|image|picture) (by|courtesy|credit)\b.*", r"courtesy( of)? [\w .,'-]{1,50}",
    r"\((image|photo|credit|source|picture)s?:[^)]*\)", r"have a tip\b.*", r"\*+ .* \*+",
    r"(updated|published|posted|last updated)(:| on| at)? .{0,60}", r"/ (updated|source)\b.*",
    r"(copyright|©|\(c\)).*", r".*\ball rights reserved\b.*", r"transcript provided by .*",
    r"[\w .&'-]{2,40} articles", r"(this|the) (article|story|post) (was|has been) (updated|corrected)\b.*",
    r"starting in 1996, alexa internet has been donating.*", r"these crawls are part of an effort to archive.*",
    r"the seed for this crawl was.*", r".*wayback machine.*",
]
_FURNITURE = re.compile("|".join(f"(?:{p})" for p in _FURNITURE_LINES), re.I)

_BYLINE = re.compile(r"^(?:(?P<date>[^|]{0,40})\|\s*)?by\s+(?P<who>(?:[^.!?]|(?<=\b[A-Z])\.){2,120})$", re.I)
# A caption ends in a photo credit: "**Mladen Antonov**", "(AFP)", "AP Photo/...", "/ Reuters".
_CAPTION = re.compile(
    r"(\*\*[^*]{2,60}\*\*\s*$)|(\((AFP|AP|Reuters|Getty( Images)?|EPA|File|Photo)[^)]{0,40}\)\s*$)"
    r"|(\b(AP|AFP|Reuters|EPA)\s?Photo\b)|(/\s?(AFP|Getty Images|Reuters|AP)\b)|(^file photo\b)",
    re.I,
)
# Broadcast sign-ons and sign-offs: "This is ALL THINGS CONSIDERED from NPR News. I'm Melissa Block."
_SIGN_SENTENCES = [
    r"this is [A-Z][A-Z ]+ from [\w ]+\.", r"(and )?i'm [A-Z][\w.'-]+( [A-Z][\w.'-]+){1,2}\.",
    r"[A-Z][\w.'-]+ [A-Z][\w.'-]+, [A-Z][\w ]{1,20} news, [A-Z][\w ]{1,30}\.", r"transcript provided by [^.]+\.",
    r"copyright [\w ]{1,30}\.", r"\(?©[^.]*\.\)?",
    r"(?:[^.]|(?<=\b[A-Z])\.){0,200}\b(contributed (reporting )?to this (report|story)|reported from [A-Z][\w ]+ and [^.]* from [A-Z][\w ]+)\.",
]
_SIGN = re.compile(r"(?:^|(?<=[.!?]) )(" + "|".join(f"(?:{p})" for p in _SIGN_SENTENCES) + r")(?= |$)", re.I)
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^)]*)\)")
_MD_BOLD = re.compile(r"\*\*([^*]+)\*\*")
_LIST_LINK = re.compile(r"^\s*[-*•]\s+\[[^\]]*\]\([^)]*\)\s*$")
_SENTENCE_END = re.compile(r"[.!?:;\"”’')\]]$")
_COPYRIGHT_OUTLET = re.compile(r"(?:©|copyright|\(c\))\s*(?:\d{4}\s*)?(?:by\s+)?([A-Z][\w.&' -]{1,40}?)[.,]?\s*$", re.I)


def clean(article: Article, settings: Settings = DEFAULTS) -> CleanArticle:
    """Remove site furniture from ``article.text``.

    Returns a CleanArticle whose ``removed`` lists every dropped line or
    sentence, and whose article has title, author, date and outlet filled
    from the text where they were missing.

    Raises:
        EmptyArticle: nothing of the story is left.
    """
    removed: list[str] = []
    found: dict[str, str | None] = {"title": None, "author": None, "date": None, "outlet": None}
    lines = _join_broken_paragraphs(article.text.replace("\r\n", "\n").split("\n"))
    kept: list[str] = []
    in_link_list = False
    for raw in lines:
        line = raw.strip()
        if not line:
            in_link_list = False
            kept.append("")
            continue
        if _LIST_LINK.match(line) or (in_link_list and line.startswith(("-", "*", "•"))):
            removed.append(line)
            in_link_list = True
            continue
        if re.match(r"^related( articles| stories| coverage)?:", line, re.I):
            in_link_list = True
        plain = _MD_BOLD.sub(r"\1", _MD_LINK.sub(r"\1", line))
        kind = _furniture_kind(line, plain)
        if kind:
            removed.append(line)
            _harvest(kind, plain, found)
            continue
        plain, dropped = _strip_sign_sentences(plain)
        for piece in dropped:
            removed.append(piece)
            _harvest("copyright" if "©" in piece or "copyright" in piece.lower() else "sign", piece, found)
        if plain:
            kept.append(plain)
    body_lines = _take_title(kept, removed, found, article)
    text = _tidy("\n".join(body_lines))
    if not text:
        raise EmptyArticle(f"{article.path or article.id}: no article text left after cleaning; is it an article page?")
    meta = _fill_metadata(article, found, text)
    return CleanArticle(article=meta, text=text, removed=tuple(removed))


def find_date(text: str) -> str | None:
    """The first full calendar date written in ``text``, as ISO ``YYYY-MM-DD``."""
    best = None
    for pattern, order in ((_DATE_MDY, "mdy"), (_DATE_DMY, "dmy"), (_DATE_ISO, "ymd")):
        match = pattern.search(text)
        if not match:
            continue
        a, b, c = match.groups()
        if order == "mdy":
            month, day, year = _MONTH_NUMBER.get(a.lower().rstrip(".")), int(b), int(c)
        elif order == "dmy":
            day, month, year = int(a), _MONTH_NUMBER.get(b.lower().rstrip(".")), int(c)
        else:
            year, month, day = int(a), int(b), int(c)
        if month and 1 <= day <= 31 and 1900 < year < 2200 and (best is None or match.start() < best[0]):
            best = (match.start(), f"{year:04d}-{month:02d}-{day:02d}")
    return best[1] if best else None


def _furniture_kind(line: str, plain: str) -> str | None:
    """Name the kind of furniture a whole line is, or None for story text."""
    if _FURNITURE.fullmatch(plain):
        low = plain.lower()
        if low.startswith(("©", "copyright", "(c)")):
            return "copyright"
        if low.startswith("<http") or low.startswith("http"):
            return "url"
        return "furniture"
    words = plain.split()
    if len(words) <= 25 and _BYLINE.match(plain):
        return "byline"
    if len(words) <= 12 and find_date(plain) and not _SENTENCE_END.search(plain.rstrip(".")):
        return "dateline"
    if len(words) <= 40 and _CAPTION.search(line) and not plain.startswith(('"', "“")):
        return "caption"
    return None


def _harvest(kind: str, text: str, found: dict[str, str | None]) -> None:
    """Keep what a removed line tells about the article (date, author, outlet)."""
    if len(text.split()) <= 12 and not found["date"]:
        found["date"] = find_date(text)
    if kind == "byline":
        match = _BYLINE.match(text)
        who = match.group("who").strip() if match else ""
        parts = [p.strip() for p in who.split(",")]
        if parts and not found["author"]:
            found["author"] = parts[0]
        if len(parts) > 1 and not found["outlet"]:
            found["outlet"] = parts[-1]
    if kind == "copyright" and not found["outlet"]:
        match = _COPYRIGHT_OUTLET.search(text.strip().rstrip("."))
        if match:
            found["outlet"] = match.group(1).strip()
    if kind == "url" and not found["outlet"]:
        host = urlparse(text.strip("<> ")).hostname or ""
        found["outlet"] = host.removeprefix("www.") or None
    if kind == "sign" and not found["outlet"]:
        match = re.search(r", ([A-Z][\w ]{1,20}) News,", text)
        if match:
            found["outlet"] = match.group(1)


def _strip_sign_sentences(line: str) -> tuple[str, list[str]]:
    """Remove broadcast sign-ons/offs and credit sentences from inside a line."""
    dropped = [m.group(1).strip() for m in _SIGN.finditer(line)]
    if not dropped:
        return line, []
    return re.sub(r"\s{2,}", " ", _SIGN.sub("", line)).strip(), dropped


def _join_broken_paragraphs(lines: list[str]) -> list[str]:
    """Rejoin a sentence a scraper split over a blank line ("has so far only" / "supplied ...")."""
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped and stripped[0].islower() and out:
            # Walk back over blank lines to the last text line.
            j = len(out) - 1
            while j >= 0 and not out[j].strip():
                j -= 1
            if j >= 0 and not _SENTENCE_END.search(out[j].strip()) and len(out[j].split()) > 8:
                out[j] = out[j].rstrip() + " " + stripped
                del out[j + 1 :]
                continue
        out.append(line)
    return out


def _take_title(kept: list[str], removed: list[str], found: dict, article: Article) -> list[str]:
    """The first short headline-like line is the title; shorter labels before it are site furniture."""
    for i, line in enumerate(kept):
        if not line:
            continue
        words = line.split()
        headline = len(words) <= 20 and not _SENTENCE_END.search(line) and not line.isupper()
        rest = any(l.strip() for l in kept[i + 1 :])
        if not headline or not rest:
            return kept
        if len(words) < 4:
            # "Citizens International": a site or section name above the headline.
            removed.append(line)
            found["site"] = found.get("site") or line
            kept[i] = ""
            continue
        found["title"] = line
        if article.title is None or article.title.strip() == line:
            removed.append(line)
            kept[i] = ""
        return kept
    return kept


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _fill_metadata(article: Article, found: dict, text: str) -> Article:
    changes: dict[str, str | None] = {}
    if not article.title and found["title"]:
        changes["title"] = found["title"]
    if not article.author and found["author"]:
        changes["author"] = found["author"]
    if not article.outlet and (found["outlet"] or found.get("site")):
        changes["outlet"] = found["outlet"] or found.get("site")
    if not article.date:
        date = found["date"]
        if date:
            changes.update(date=date, date_source="text")
    return replace(article, **changes) if changes else article

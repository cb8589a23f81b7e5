"""Turn a stored brief's JSON into what the templates draw.

Templates only lay out; this module does the arithmetic (citation numbers,
timeline geometry, which spans of an article cleaning removed). Analysis
keys (``entities``, ``quotes``, ``figures``, ``timeline``, ``coverage``)
come from another stage and may be missing or partial: every reader here
accepts their absence. All text stays text: Jinja escapes it when drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..timeline_svg import Event, timeline_svg

@dataclass(frozen=True, slots=True)
class Segment:
    """A run of an article's original text; ``removed`` when cleaning took it out."""

    text: str
    removed: bool


@dataclass(frozen=True, slots=True)
class SpeakerQuotes:
    speaker: str
    description: str | None
    quotes: tuple[dict, ...]


def source_numbers(data: dict) -> dict[str, int]:
    """Citation number of each article id, in the order of the brief's article list."""
    return {a["id"]: n for n, a in enumerate(data.get("articles", []), start=1)}


def article_segments(original: str, removed: list[str]) -> list[Segment]:
    """The original text cut into kept and removed runs, in order.

    ``removed`` lists what cleaning took out, in order of appearance; each
    item is looked for after the previous one. Items that cannot be found
    (cleaning may normalize spaces) are simply not marked inline — the page
    lists every removed item separately as well.
    """
    segments: list[Segment] = []
    pos = 0
    for item in removed:
        item = item.strip()
        if not item:
            continue
        at = original.find(item, pos)
        if at < 0:
            continue
        if at > pos:
            segments.append(Segment(original[pos:at], False))
        segments.append(Segment(original[at:at + len(item)], True))
        pos = at + len(item)
    if pos < len(original):
        segments.append(Segment(original[pos:], False))
    return segments


def timeline_picture(events: list[dict], numbers: dict[str, int]) -> str:
    """The timeline SVG, laid out exactly as the HTML report draws it (timeline_svg.py; text escaped there)."""
    return timeline_svg([
        Event(str(e.get("date", "")), str(e.get("text", "")), cites(e.get("articles"), numbers))
        for e in events or [] if isinstance(e, dict)
    ])


def by_number(ids, numbers: dict[str, int]) -> list[str]:
    """Article ids in citation-number order (unknown ids last)."""
    return sorted((i for i in ids or [] if isinstance(i, str)), key=lambda i: (numbers.get(i, 10**9), i))


def cites(ids, numbers: dict[str, int]) -> str:
    return "".join(f"[{numbers[i]}]" for i in by_number(ids, numbers) if i in numbers)


def on_story_articles(data: dict) -> int:
    """Articles the summary was made from (off-story ones left out): the 'of M sources' of each line."""
    return sum(1 for a in data.get("articles", []) if not a.get("left_out")) or len(data.get("articles", []))


def left_out(data: dict) -> list[dict]:
    """Articles left out of the summary as off-story, for the notice at the top of the page."""
    return [a for a in data.get("articles", []) if a.get("left_out")]


def figure_rows(data: dict) -> list[dict]:
    """Every figure, disputed first: each value with its articles (by number) and their dates."""
    articles = {a.get("id"): a for a in data.get("articles", [])}
    rows = []
    for figure in data.get("figures") or []:
        if not isinstance(figure, dict):
            continue
        values = []
        for v in figure.get("values") or []:
            ids = by_number(v.get("articles"), source_numbers(data))
            dates = v.get("dates") or [articles.get(i, {}).get("date") for i in ids]
            values.append({"text": v.get("text") or str(v.get("value", "")), "articles": ids,
                           "dates": list(dict.fromkeys(d for d in dates if d))})
        rows.append({"quantity": figure.get("quantity", ""), "disputed": bool(figure.get("disputed")), "values": values})
    return sorted(rows, key=lambda r: not r["disputed"])


def quotes_by_speaker(data: dict) -> list[SpeakerQuotes]:
    """Quotes grouped under their speaker, speakers in order of first quote; unknown speakers last."""
    groups: dict[str, list[dict]] = {}
    descriptions: dict[str, str | None] = {}
    for quote in data.get("quotes") or []:
        if not isinstance(quote, dict):
            continue
        speaker = quote.get("speaker") or "Unattributed"
        groups.setdefault(speaker, []).append(quote)
        # Unattributed quotes come from different people: each keeps its own description.
        descriptions.setdefault(speaker, quote.get("speaker_description") if quote.get("speaker") else None)
    order = sorted(groups, key=lambda s: s == "Unattributed")
    return [SpeakerQuotes(s, descriptions.get(s), tuple(groups[s])) for s in order]


def quote_counts(data: dict, speakers: list[SpeakerQuotes]) -> dict[str, tuple[int, int]]:
    """Entity name -> (index of its speaker group, number of quotes), matching names and aliases.

    Lets the entity table point at what each person said.
    """
    by_name = {sp.speaker: (k, len(sp.quotes)) for k, sp in enumerate(speakers)}
    counts = {}
    for entity in data.get("entities") or []:
        if not isinstance(entity, dict):
            continue
        for name in [entity.get("name"), *(entity.get("aliases") or [])]:
            if name in by_name:
                counts[entity.get("name")] = by_name[name]
                break
    return counts


def has_analysis(data: dict) -> bool:
    return any(data.get(k) for k in ("entities", "quotes", "figures", "timeline", "coverage"))

"""Turn a stored brief's JSON into what the templates draw.

Templates only lay out; this module does the arithmetic (citation numbers,
timeline geometry, which spans of an article cleaning removed). Analysis
keys (``entities``, ``quotes``, ``figures``, ``timeline``, ``coverage``)
come from another stage and may be missing or partial: every reader here
accepts their absence. All text stays text: Jinja escapes it when drawn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# Timeline picture size in SVG user units; the page scales it to its width.
TIMELINE_WIDTH = 760
TIMELINE_MARGIN = 40
TIMELINE_ROW = 26
_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of an article's original text; ``removed`` when cleaning took it out."""

    text: str
    removed: bool


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    x: float
    y: float
    date: str
    text: str
    sources: tuple[int, ...]
    # Labels run rightwards from points in the left half, leftwards in the right half, so they stay inside.
    label_x: float = 0.0
    anchor: str = "start"


@dataclass(frozen=True, slots=True)
class TimelineChart:
    width: int
    height: int
    axis_y: float
    points: tuple[TimelinePoint, ...]
    ticks: tuple[tuple[float, str], ...]


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


def _day(value: str) -> date | None:
    m = _ISO.match(value or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def timeline_chart(events: list[dict], numbers: dict[str, int]) -> TimelineChart | None:
    """Place dated events on a horizontal axis, one row per event (labels never overlap)."""
    dated = [(d, e) for e in events or [] if isinstance(e, dict) and (d := _day(str(e.get("date", "")))) is not None]
    if not dated:
        return None
    dated.sort(key=lambda pair: pair[0])
    first, last = dated[0][0], dated[-1][0]
    span = max((last - first).days, 1)
    usable = TIMELINE_WIDTH - 2 * TIMELINE_MARGIN
    axis_y = 30.0
    points = []
    for row, (day, event) in enumerate(dated):
        x = TIMELINE_MARGIN + usable * ((day - first).days / span if last != first else 0.5)
        sources = tuple(sorted(numbers[a] for a in event.get("articles", []) if a in numbers))
        left = x <= TIMELINE_WIDTH / 2
        points.append(TimelinePoint(round(x, 1), axis_y + 30 + row * TIMELINE_ROW, str(event.get("date")),
                                    str(event.get("text", "")), sources,
                                    label_x=round(x + 6 if left else x - 6, 1), anchor="start" if left else "end"))
    ticks = ((float(TIMELINE_MARGIN), first.isoformat()),)
    if last != first:
        ticks += ((float(TIMELINE_WIDTH - TIMELINE_MARGIN), last.isoformat()),)
    height = int(axis_y + 40 + len(points) * TIMELINE_ROW)
    return TimelineChart(TIMELINE_WIDTH, height, axis_y, tuple(points), ticks)


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


def disputed_figures(data: dict) -> list[dict]:
    """Figures the articles disagree on (all figures flagged ``disputed``)."""
    return [f for f in data.get("figures") or [] if isinstance(f, dict) and f.get("disputed")]


def has_analysis(data: dict) -> bool:
    return any(data.get(k) for k in ("entities", "quotes", "figures", "timeline", "coverage"))

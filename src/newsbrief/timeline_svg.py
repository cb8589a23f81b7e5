"""The story's timeline as an inline SVG picture, shared by the HTML report and the web story page.

A story's events are usually days apart, with the odd one years away (a war
that began in 2011, a piece from 2015). On a linear axis the near events
squash into one dot. So the axis *breaks* at every quiet gap of over two
months: each run of events between breaks gets its own stretch of the axis
(wider for more events), the break is drawn as a gap marked with how long it
lasted, and dates are labelled exactly as precise as the evidence (``2011``,
``2013-05``, ``2013-05-07``), never padded to a day.

All text is escaped here: callers may insert the result into a page as is.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

WIDTH, MARGIN, ROW = 760, 20, 22
# A quiet gap longer than this breaks the axis; at most MAX_BREAKS breaks (the longest gaps).
BREAK_DAYS, MAX_BREAKS, BREAK_WIDTH = 60, 5, 34
# Mean width of a 12px system-ui character, in user units (measured on the seed labels: ~6.4).
CHAR_WIDTH, LABEL_CHARS = 6.6, 95


@dataclass(frozen=True, slots=True)
class Event:
    date: str  # ISO at the evidence's precision: YYYY, YYYY-MM or YYYY-MM-DD
    text: str
    cites: str = ""  # "[1][3]"


def day_number(iso: str) -> int | None:
    """Days since year 0 of an ISO date; a month or year alone counts from its first day."""
    parts = (iso or "").split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2][:2]) if len(parts) > 2 else 1
        return date(year, month, day).toordinal()
    except (ValueError, IndexError):
        return None


def gap_text(days: int) -> str:
    """How long a quiet gap lasted, short enough to sit under a break: ``9 yrs``, ``1 yr``, ``5 mo``."""
    if days >= 700:
        return f"{round(days / 365.25)} yrs"
    if days >= 330:
        return "1 yr"
    return f"{round(days / 30.44)} mo"


def _runs(days: list[int]) -> list[list[int]]:
    """Distinct days split into runs at the longest quiet gaps."""
    distinct = sorted(set(days))
    gaps = sorted(
        (distinct[i + 1] - distinct[i], i) for i in range(len(distinct) - 1) if distinct[i + 1] - distinct[i] > BREAK_DAYS
    )
    cuts = sorted(i for _, i in gaps[-MAX_BREAKS:])
    runs, start = [], 0
    for cut in cuts:
        runs.append(distinct[start:cut + 1])
        start = cut + 1
    runs.append(distinct[start:])
    return runs


def axis(days: list[int]) -> tuple[dict[int, float], list[tuple[float, int]], list[tuple[float, float]], list[list[int]]]:
    """x of each day, the breaks as (x, days skipped), each run's stretch (x from, x to), and the runs."""
    runs = _runs(days)
    counts = [sum(1 for d in days if run[0] <= d <= run[-1]) for run in runs]
    usable = WIDTH - 2 * MARGIN - BREAK_WIDTH * (len(runs) - 1)
    # A run's stretch grows with its events, but even a lone event gets room for its dot and tick.
    shares = [max(c, sum(counts) / (4 * len(runs))) for c in counts]
    scale = usable / sum(shares)
    where: dict[int, float] = {}
    breaks, stretches = [], []
    x = float(MARGIN)
    for k, (run, share) in enumerate(zip(runs, shares)):
        length = share * scale
        inner = max(length - 16, 0)  # keep dots off the stretch's ends, where the break marks go
        span, last = run[-1] - run[0], len(run) - 1
        for rank, d in enumerate(run):
            # Half time, half order: a burst of events on three days of one week keeps room to read,
            # while a month's wait still looks longer than a day's.
            where[d] = x + 8 + (inner * ((d - run[0]) / span + rank / last) / 2 if span else inner / 2)
        stretches.append((x, x + length))
        x += length
        if k < len(runs) - 1:
            breaks.append((x + BREAK_WIDTH / 2, runs[k + 1][0] - run[-1]))
            x += BREAK_WIDTH
    return where, breaks, stretches, runs


def timeline_svg(events: list[Event]) -> str:
    """The picture: a date axis (broken at long gaps), one labelled dot per event, oldest on top."""
    e = html.escape
    dated = sorted(((d, ev) for ev in events if (d := day_number(ev.date)) is not None), key=lambda p: p[0])
    if not dated:
        return ""
    where, breaks, stretches, runs = axis([d for d, _ in dated])
    axis_y = 30
    height = axis_y + 20 + len(dated) * ROW
    parts = [f'<svg class="timeline" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="Timeline of the story">']
    for x0, x1 in stretches:
        parts.append(f'<line x1="{x0:.1f}" y1="{axis_y}" x2="{x1:.1f}" y2="{axis_y}" stroke="#888"/>')
    labelled_to = -1e9
    for x, skipped in breaks:
        # Two slanted strokes mark where the axis skips time; the label says how much (when there is room
        # beside the previous one; the tooltip always does).
        text = gap_text(skipped)
        label = ""
        if x - CHAR_WIDTH * len(text) / 2 > labelled_to + 4:
            label = f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle" class="gap">{e(text)}</text>'
            labelled_to = x + CHAR_WIDTH * len(text) / 2
        parts.append(
            f'<g class="break"><title>{e(text)} without events</title>'
            f'<line x1="{x - 9:.1f}" y1="{axis_y + 5}" x2="{x - 3:.1f}" y2="{axis_y - 5}" stroke="#888"/>'
            f'<line x1="{x + 3:.1f}" y1="{axis_y + 5}" x2="{x + 9:.1f}" y2="{axis_y - 5}" stroke="#888"/>{label}</g>'
        )
    # A tick label at each run's first and last date, written as the events write it (2011, not 2011-01-01).
    labels: dict[int, str] = {}
    for d, ev in dated:
        labels.setdefault(d, ev.date)
    ticks = []
    for run in runs:
        first, last = labels[run[0]], labels[run[-1]]
        room = where[run[-1]] - where[run[0]]
        if len(run) > 1 and room >= CHAR_WIDTH * (len(first) + len(last) + 2):
            ticks += [(where[run[0]], first, "start"), (where[run[-1]], last, "end")]
        else:
            ticks.append((where[run[0]], first, "middle"))
    for x, text, anchor in ticks:
        parts.append(f'<text x="{x:.1f}" y="{axis_y - 8}" text-anchor="{anchor}" class="tick">{e(text)}</text>')
    for row, (day, ev) in enumerate(dated):
        x = where[day]
        y = axis_y + 28 + row * ROW
        label = f"{ev.date} {ev.text}"
        anchor, dx = ("end", -8) if x > WIDTH / 2 else ("start", 8)
        # Cut the label to the room on its side of the dot so it never runs off the picture.
        room = (x - MARGIN if anchor == "end" else WIDTH - x) / CHAR_WIDTH - len(ev.cites) - 2
        limit = max(12, min(LABEL_CHARS, int(room)))
        short = label if len(label) <= limit else label[: limit - 1] + "…"
        parts.append(
            f'<g class="event"><title>{e(label)} {e(ev.cites)}</title>'
            f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{y}" stroke="#ccc"/>'
            f'<circle cx="{x:.1f}" cy="{y}" r="4" fill="#0b57d0"/>'
            f'<text x="{x + dx:.1f}" y="{y + 4}" text-anchor="{anchor}">{e(short)} {e(ev.cites)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)

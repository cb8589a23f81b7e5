"""Where quotations are, in every convention news copy uses.

Double quotes, one family whatever the glyph: "straight", “curly”, the LDC wire
archives' ``opening'' (whose opener is sometimes '' too), German „low-high“;
guillemets «...»; and single quotes as British papers use them, 'like this' or
‘like this’, told apart from apostrophes (don't, the '90s, the Smiths' house).

A mark opens or closes by where it stands, as in Markdown's flanking rule: one
with a space before it and a letter after opens; one after a letter with a
space or punctuation after it closes. Quotes inside a quotation are part of its
text. A quotation still open at the end of its paragraph ends there (news style
reopens, rather than closes, a quote that runs on into the next paragraph); an
opener while one is open ends the first quotation there (the wire copy that
forgot a closing mark); a paragraph whose first mark can only close ('... now," said X')
is quoted from its start (the copy that forgot the opening one).
"""

from __future__ import annotations

import re

# Characters that may stand before an opening mark besides a space (and the paragraph start).
_BEFORE_OPEN = "([{—–-/:"
# Characters that may follow a closing mark besides a space (and the paragraph end).
_AFTER_CLOSE = ".,;:!?)]}—–-…"
# Elisions that start with an apostrophe: 'em, '90s, 'n', 'til, 'cause, 'tis, 'twas, 'bout.
_ELISION = re.compile(r"'(?:em|n|til|cause|tis|twas|bout|\d\d)s?\b", re.I)
# Glyphs that may start or end a quotation, longest first.
_MARKS = re.compile(r"``|'{2,3}|[\"“”„«»‘’']")
OPENING_MARKS = "\"“„«‘'`"


def quoted_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Inner character spans of the quotations in ``text[start:end]`` (one paragraph), in order.

    Example:
        >>> t = "``We will stay,'' she said. 'Not today,' he added."
        >>> [t[a:b] for a, b in quoted_spans(t, 0, len(t))]
        ['We will stay,', 'Not today,']
    """
    spans = _double_spans(text, start, end)
    # Single quotes count only outside double ones (nested there) and only when they close in the
    # paragraph, or run to its end (a quotation continued into the next paragraph): an apostrophe
    # that looked like an opener must not swallow the rest of the paragraph.
    # (a mark is at most three characters long)
    gaps, at = [], start
    for a, b in spans:
        gaps.append((at, max(at, a - 3)))
        at = min(end, b + 3)
    gaps.append((at, end))
    singles = [s for a, b in gaps if b > a for s in _single_spans(text, a, b, end)]
    return sorted(spans + singles)


def _flanks(text: str, i: int, n: int, start: int, end: int) -> tuple[bool, bool]:
    """(may open, may close) for the mark ``text[i:i+n]``."""
    before = text[i - 1] if i > start else " "
    after = text[i + n] if i + n < end else " "
    may_open = (before.isspace() or before in _BEFORE_OPEN or before in OPENING_MARKS) and not after.isspace()
    may_close = not before.isspace() and (after.isspace() or after in _AFTER_CLOSE or after in "\"”’'")
    return may_open, may_close


def _double_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    opened: int | None = None  # index just after the opening mark
    opener = ""
    for match in _MARKS.finditer(text, start, end):
        mark, i = match.group(0), match.start()
        if mark in ("'", "‘", "’"):
            continue  # single quotes: a second pass, outside these spans
        may_open, may_close = _flanks(text, i, len(mark), start, end)
        if mark in ("«", "»"):
            closes = mark == "»"
        elif mark == "``" or mark == "„":
            closes = False
        elif mark == "“":
            closes = opened is not None and opener == "„"  # German „...“
        elif mark == "”":
            closes = opened is not None or not may_open  # Swedish ”...” opens with ” too
        elif mark.startswith("''"):
            closes = opened is not None and (may_close or not may_open)
        else:  # the straight double quote
            closes = opened is not None and (may_close or not may_open)
        if not spans and opened is None and not closes and may_close and not may_open \
                and text[i - 1] in ",.?!" and mark in ('"', "”", "''"):
            # The first mark of the paragraph can only close ('... leaders," said X'): the wire copy
            # that dropped the opening mark quotes from the paragraph's start.
            spans.append((start, i))
            continue
        if closes:
            if opened is not None:
                # a closing triple mark also closes an inner single quote: keep that one in the text.
                spans.append((opened, i + 1 if mark == "'''" else i))
            opened = None
        else:
            if opened is not None:
                spans.append((opened, i))  # a new opener while one is open: the first never closed
            opened, opener = match.end(), mark
    if opened is not None and end - opened > 1:
        spans.append((opened, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _single_spans(text: str, start: int, end: int, paragraph_end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for match in re.finditer(r"[‘’']", text[start:end]):
        i = start + match.start()
        mark = match.group(0)
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if before.isalnum() and after.isalnum():
            continue  # don't, Tsarnaev's
        may_open, may_close = _flanks(text, i, 1, start, end)
        if opened is None:
            if mark != "’" and may_open and not _ELISION.match(text, i) and after.isalnum():
                opened = i + 1
            continue
        if mark != "‘" and may_close:
            spans.append((opened, i))
            opened = None
    if opened is not None and end == paragraph_end and _continues(text, opened, end):
        spans.append((opened, end))
    return spans


def _continues(text: str, opened: int, end: int) -> bool:
    """A single quote open at its paragraph's end is a quotation only when it runs a sentence or more
    and the next paragraph reopens it ('...\\n\\n'More ...')."""
    rest = text[end:].lstrip()
    return len(text[opened:end].split()) >= 4 and rest[:1] in ("'", "‘")


def strip_opening(text: str) -> str:
    """``text`` without opening quote marks at its end: what stands before a quotation."""
    return text.rstrip().rstrip(OPENING_MARKS).rstrip()

"""Calendar dates that may be partial, and resolving date expressions against them.

News text dates events relative to the day it was written ("Tuesday", "last
month", "at the weekend"). :func:`resolve` turns such an expression into an
ISO date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) given the article's own
date, keeping only the precision the expression really carries: "last week"
against 2013-05-07 is ``2013-04`` or ``2013-05``, never a made-up day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from ..clean import MONTHS

WEEKDAYS = {name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(WEEKDAYS)
_FULL_MDY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_FULL_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I)
_FULL_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTH_RE})\.?,?\s+(?:of\s+)?(\d{{4}})\b", re.I)
_MONTH_DAY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*,?\s*\d{{4}})", re.I)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\b(?!\.?,?\s+\d{{4}})", re.I)
_YEAR = re.compile(r"^(?:in\s+|the\s+year\s+)?((?:19|20)\d\d)$", re.I)
_AGO = re.compile(r"\b(\d+|[a-z]+)\s+(day|week|month|year)s?\s+ago\b", re.I)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def precision(self) -> str:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def middle_day(self) -> date:
        """A representative day, for measuring distances between partial dates."""
        if self.month is None:
            return date(self.year, 7, 1)
        return date(self.year, self.month, self.day or 15)


def parse_iso(text: str | None) -> PartialDate | None:
    """``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` (or a longer ISO timestamp) as a PartialDate."""
    if not text:
        return None
    match = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        try:
            date(year, month, day)
        except ValueError:
            return None
    return PartialDate(year, month, day)


def from_date(day: date, precision: str = "day") -> PartialDate:
    if precision == "year":
        return PartialDate(day.year)
    if precision == "month":
        return PartialDate(day.year, day.month)
    return PartialDate(day.year, day.month, day.day)


def months_between(earlier: PartialDate, later: PartialDate) -> float:
    """Signed distance in months between representative days of two partial dates."""
    return (later.middle_day() - earlier.middle_day()).days / 30.44


def parse_number_word(word: str) -> float | None:
    """``26``, ``four``, ``twenty-six``, ``four-and-a-half``, ``two and a half`` as a number."""
    word = word.lower().strip()
    half = 0.0
    half_match = re.search(r"[- ]and[- ]a[- ]half$", word)
    if half_match:
        half, word = 0.5, word[: half_match.start()]
    if re.fullmatch(r"\d+(\.\d+)?", word):
        return float(word) + half
    total = 0
    for part in re.split(r"[- ]", word):
        if part not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[part]
    return total + half


def absolute(text: str, anchor: PartialDate | None = None, tense: str | None = None) -> PartialDate | None:
    """A date written out in ``text`` ("May 7, 2012", "March 2011", "2003", "April 15" with an anchor)."""
    for pattern, order in ((_FULL_MDY, "mdy"), (_FULL_DMY, "dmy"), (_FULL_ISO, "ymd")):
        match = pattern.search(text)
        if match:
            a, b, c = match.groups()
            if order == "mdy":
                month, day, year = MONTHS[a.lower()], int(b), int(c)
            elif order == "dmy":
                day, month, year = int(a), MONTHS[b.lower()], int(c)
            else:
                year, month, day = int(a), int(b), int(c)
            return parse_iso(f"{year:04d}-{month:02d}-{day:02d}")
    match = _MONTH_YEAR.search(text)
    if match:
        return PartialDate(int(match.group(2)), MONTHS[match.group(1).lower()])
    match = _YEAR.match(text.strip())
    if match:
        return PartialDate(int(match.group(1)))
    if anchor is None:
        return None
    match = _MONTH_DAY.search(text) or _DAY_MONTH.search(text)
    if match:
        a, b = match.groups()
        if a.lower() in MONTHS:
            month, day = MONTHS[a.lower()], int(b)
        else:
            month, day = MONTHS[b.lower()], int(a)
        candidate = parse_iso(f"{anchor.year:04d}-{month:02d}-{day:02d}")
        if candidate is None:
            return None
        # A past event "on November 20" written in January happened the year before.
        if anchor.month is not None and tense == "past" and (month, day) > (anchor.month, anchor.day or 31):
            candidate = PartialDate(anchor.year - 1, month, day)
        elif anchor.month is not None and tense == "future" and (month, day) < (anchor.month, anchor.day or 1):
            candidate = PartialDate(anchor.year + 1, month, day)
        return candidate
    return None


def resolve(expression: str, anchor: PartialDate | None, tense: str | None = None) -> PartialDate | None:
    """The date an expression refers to, seen from an article dated ``anchor``.

    Args:
        expression: a date expression as written ("on Tuesday", "last June",
            "the weekend", "May 7, 2012", "next week").
        anchor: the article's own date; relative expressions need it, and
            can be no more precise than it.
        tense: "past", "future" or None, from the verb the expression
            modifies; it decides whether a bare "Monday" or "June" is the one
            before or after the anchor.

    Returns:
        A PartialDate, or None for durations ("several years") and anything
        that cannot be pinned down.

    Example:
        >>> resolve("last June", PartialDate(2013, 5, 7)).iso
        '2012-06'
    """
    text = " ".join(expression.replace("’", "'").split())
    low = text.lower()
    found = absolute(text, anchor, tense)
    if found is not None:
        return found
    if anchor is None:
        return None
    day = anchor.first_day() if anchor.day is not None else None

    def shifted(delta, precision: str) -> PartialDate:
        base = day if day is not None else anchor.middle_day()
        # Never report more precision than the anchor has.
        if anchor.precision == "year" or precision == "year":
            return PartialDate((base + delta).year)
        if anchor.precision == "month" or precision == "month":
            return from_date(base + delta, "month")
        return from_date(base + delta)

    if re.search(r"\b(today|tonight|overnight|this (morning|afternoon|evening))\b", low):
        return anchor  # "overnight": the night the article reports, as a dateline day
    if re.search(r"\byesterday\b", low):
        return shifted(timedelta(days=-1), "day")
    if re.search(r"\btomorrow\b", low):
        return shifted(timedelta(days=1), "day")
    match = _AGO.search(low)
    if match:
        count = parse_number_word(match.group(1))
        if count is None:
            return None
        unit = match.group(2)
        delta = relativedelta(**{f"{unit}s": -int(count)})
        return shifted(delta, "month" if unit in ("week", "month") else "year" if unit == "year" else "day")
    relative = re.search(r"\b(last|this|next|past|coming)\s+(week|weekend|month|year)\b", low)
    bare_weekend = re.search(r"\bweekend\b", low)
    if relative or bare_weekend:
        which, unit = (relative.group(1), relative.group(2)) if relative else ("this", "weekend")
        step = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(which, 0)
        if unit == "weekend":
            if day is None:
                return PartialDate(anchor.year, anchor.month) if anchor.month else PartialDate(anchor.year)
            if step == 0:
                step = 1 if tense == "future" else -1
            # A weekend is named by its Saturday.
            return from_date(_weekday_near(day, 5, "future" if step > 0 else "past", same_day_ok=True))
        if unit == "week":
            return shifted(timedelta(days=7 * step), "month")
        if unit == "month":
            return shifted(relativedelta(months=step), "month")
        return PartialDate(anchor.year + step)
    match = re.search(rf"\b(?:(last|this|next)\s+)?({_MONTH_RE})\b", low)
    if match and (match.group(1) or not re.search(r"\bmay\b", low) or re.fullmatch(r"(in |since |by |until )?may", low)):
        month = MONTHS[match.group(2)]
        which = match.group(1)
        if anchor.month is None:
            return PartialDate(anchor.year, month) if which in (None, "this") else None
        if which == "last" or (which is None and tense == "past"):
            year = anchor.year if month < anchor.month or (which is None and month == anchor.month) else anchor.year - 1
        elif which == "next" or (which is None and tense == "future"):
            year = anchor.year if month > anchor.month or (which is None and month == anchor.month) else anchor.year + 1
        else:
            # No tense: the nearest such month.
            year = min((anchor.year - 1, anchor.year, anchor.year + 1),
                       key=lambda y: abs(months_between(anchor, PartialDate(y, month))))
        return PartialDate(year, month)
    match = re.search(rf"\b(?:(last|this|next)\s+)?({_WEEKDAY_RE})\b", low)
    if match:
        if day is None:
            return PartialDate(anchor.year, anchor.month) if anchor.month else PartialDate(anchor.year)
        which, weekday = match.group(1), WEEKDAYS[match.group(2)]
        direction = "future" if which == "next" else "past" if which == "last" else (tense or "past")
        return from_date(_weekday_near(day, weekday, direction, same_day_ok=which is None))
    return None


def _weekday_near(day: date, weekday: int, direction: str, *, same_day_ok: bool) -> date:
    """The given weekday nearest ``day`` in ``direction`` (the day itself when it matches)."""
    if same_day_ok and day.weekday() == weekday:
        return day
    if direction == "future":
        return day + timedelta(days=(weekday - day.weekday()) % 7 or 7)
    return day - timedelta(days=(day.weekday() - weekday) % 7 or 7)

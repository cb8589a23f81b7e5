"""One small profile per language: what the stages ask for instead of assuming English (issue 15).

A :class:`Profile` holds a language's sentence ends, word pattern, stop words, stemmer, quote marks
and the few word lists the summary's rules read (pronouns, reporting verbs). Stages call
:func:`profile_for` with an article's language and ask the profile; no stage tests a language
code. English is built from the constants the English pipeline always used, so English output
is unchanged; a language without a list leaves it empty, and the rule it feeds does nothing
(never English words applied to other text).

Analysis sections (entities, quotes, disputed figures) need a parser and an NER model trained
for the language: ``analysis_models`` names the spaCy packages that provide them, and where
none is installed, and the brief then says the section is unavailable (``unavailable``).
English runs the English-tuned analysis modules; another language with a model runs
``analyze/universal/`` on its Universal Dependencies parse, reading the word lists of its
:class:`AnalysisRules`, and only for the sections those rules cover (``AnalysisRules.sections``).
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import Stemmer

# Letters, digits and the combining marks of the scripts we read (Devanagari vowel signs, Arabic
# and Hebrew points), so a Hindi word is not cut at its matras: the words score.py counts.
_UNICODE_WORD = (
    r"(?:[^\W_]|[\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u0900-\u0903"
    r"\u093a-\u094f\u0951-\u0957\u0962\u0963])"
)
UNICODE_WORD = _UNICODE_WORD  # one character of a word, as score.py counts words (eval.py scores with it)
# A date's pieces: runs of digits (any script's: "२०१०") apart from runs of letters ("फ़रवरी१५", "ה12").
_DATE_TOKEN = re.compile(r"\d+|(?:(?!\d)" + _UNICODE_WORD + ")+")
_CAPITAL_WORD = re.compile(r"\b(?=[^\W\d_])(?:[^\W_]|[\u0300-\u036f])+")
# Letters a word must keep when a clitic prefix comes off it (clitic_forms): two-letter rests are
# mostly other words ("כה", "לא"), not the stem.
CLITIC_MIN_REST = 3
# Sections of the analysis that need a language's parser and NER (the timeline reads event verbs
# from the parse).
MODEL_SECTIONS = ("entities", "quotes", "figures", "timeline")


@dataclass(frozen=True)
class AnalysisRules:
    """What ``analyze/universal/`` reads for a language whose spaCy pipeline tags Universal
    Dependencies and its own NER labels (grammar and the model's label set, not fitted to data).

    ``entity_types`` maps the model's NER labels onto ours (a label left out is not listed);
    ``speech_lemmas`` are lemmas of verbs of saying whose subject speaks a quote; ``source_words``
    introduce who a quote is from ("selon X"); ``number_words`` and ``scale_words`` read numbers
    written out; ``qualifiers`` map the language's "more than", "about" onto the dispute logic's
    qualifiers; ``concepts`` name what a count counts from the lemmas around it.
    """

    sections: tuple[str, ...]
    entity_types: dict[str, str] = field(default_factory=dict)
    speech_lemmas: frozenset[str] = frozenset()
    source_words: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    decimal_mark: str = "."
    group_marks: str = ","
    number_words: dict[str, int] = field(default_factory=dict)
    scale_words: dict[str, float] = field(default_factory=dict)
    qualifiers: dict[str, str] = field(default_factory=dict)
    percent_words: tuple[str, ...] = ()
    currencies: dict[str, str] = field(default_factory=dict)
    concepts: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Profile:
    """What differs by language, for the stages to ask.

    ``code`` is ISO 639-1; ``cased`` says the script has capitals (so a capitalized word mid-sentence
    may be a name and a sentence never opens lowercase); ``quotes`` are (open, close) pairs;
    ``sentence_ends`` are characters that end a sentence besides spaCy's defaults.
    """

    code: str
    name: str
    direction: str = "ltr"
    cased: bool = True
    stemmer: str | None = None
    word_pattern: str = _UNICODE_WORD + "+"
    min_word_chars: int = 1
    sentence_ends: tuple[str, ...] = ()
    # Marks that end a sentence even with no space after them ("है।यह"): the tokenizer keeps such a
    # run as one token, so the split cuts there itself. Never "." (decimals, abbreviations).
    unspaced_ends: tuple[str, ...] = ()
    quotes: tuple[tuple[str, str], ...] = (('"', '"'), ("“", "”"))
    # Summary rules (summarize/): empty where the language has no list; the rule then never fires.
    pronoun_openers: frozenset[str] = frozenset()
    pronouns: frozenset[str] = frozenset()
    connectives: frozenset[str] = frozenset()
    # Openers that answer a sentence before them ("But ...", "However, ..."): such a sentence only
    # stands in a summary after the one it answers.
    answering_openers: frozenset[str] = frozenset()
    reporting_words: tuple[str, ...] = ()
    # Words that deny what follows them ("no casualties", "did not attack"; the words as ``words``
    # gives them: "didn't" is "didn"): a fact word one sentence denies and another asserts is not a
    # fact the two share (summarize.attribute._same_fact).
    negations: frozenset[str] = frozenset()
    preview: str | None = None  # a sentence announcing what is still to happen ("will meet")
    # Sentence-split repairs (nlp.py): titles and initials that never end a sentence, etc.
    title_end: str | None = None
    # Titles and ranks written before a person's name, lower case without the dot ("lt", "sgt"):
    # never the name itself ("spokesman Lt. John Corina" is John Corina).
    person_titles: frozenset[str] = frozenset()
    ambiguous_end: str | None = None
    missed_boundary: str | None = None
    speaker_label: str | None = None
    paragraph: str = r"\n\s*\n|\n(?=\s*[\"“«„A-Z0-9—À-ÖØ-ÞČĎĚŇŘŠŤŮŽΑ-ΩΆΈΉΊΌΎΏ-])"
    # A character pair that looks like a quote mark but is part of a word (Hebrew gershayim: צה"ל).
    in_word_quote: str | None = None
    # Capitalized words that may be names; None: any capitalized word not opening the sentence.
    name_pattern: str | None = None
    quoted_pattern: str | None = None  # None: built from ``quotes``
    casefold: bool = True  # False: str.lower (English, what its constants were tuned with)
    # spaCy packages with parser and NER for the analysis sections (any one installed will do);
    # empty: none for this language.
    analysis_models: tuple[str, ...] = ()
    # The rules ``analyze/universal/`` reads on that model's parse; None: the English-tuned modules
    # (English only), or no analysis where no model is named either.
    analysis_rules: AnalysisRules | None = None
    stop_words_module: str | None = None
    # Month names (case-folded, every form the language writes: Czech "ledna", Greek "Ιανουαρίου")
    # and weekday names, for date lines ("Samedi 27 Février 2010") and article dates. English's
    # dates are read by clean.py's own patterns, so its profile leaves these empty.
    months: dict[str, int] = field(default_factory=dict)
    weekdays: frozenset[str] = frozenset()
    # Prefixes written joined to the next word (Hebrew ב־ "in", ה־ "the", ו־ "and"): tried off a word
    # before it is looked up in a word list (month names), and off the story's words (clitic_forms).
    clitics: tuple[str, ...] = ()
    # Ordinals a date may name its day with ("יום שני, העשירי לדצמבר": Monday, the tenth of December).
    day_words: dict[str, int] = field(default_factory=dict)
    # Letters written several ways for one (Arabic hamza seats: أ إ آ → ا) mapped to one form, and marks
    # dropped ("": tatweel, short vowels), where month and weekday names are looked up ("أيار", "ايار").
    # Sentences are compared on the letters as written: folding them there too cost ROUGE on the
    # tuning topics (BENCHMARKS.md, "Languages, second round").
    letter_variants: dict[str, str] = field(default_factory=dict)
    # What a news lead's score is multiplied by in a story of several articles (summarize.score.LEAD_BOOST,
    # tuned on English sets, where None).
    lead_boost: float | None = None
    extra_stop_words: frozenset[str] = field(default_factory=frozenset)

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @cached_property
    def stop_words(self) -> frozenset[str]:
        """spaCy's stop list for the language (case-folded), plus ``extra_stop_words``."""
        words: frozenset[str] = frozenset()
        if self.stop_words_module:
            words = frozenset(importlib.import_module(self.stop_words_module).STOP_WORDS)
        return frozenset(self.lower(w) for w in words) | self.extra_stop_words

    @cached_property
    def _stem(self):
        return Stemmer.Stemmer(self.stemmer).stemWords if self.stemmer else None

    @cached_property
    def _word(self) -> re.Pattern:
        return re.compile(self.word_pattern)

    @cached_property
    def reporting_stems(self) -> frozenset[str]:
        return frozenset(self.stem_words([self.lower(w) for w in self.reporting_words]))

    @cached_property
    def preview_pattern(self) -> re.Pattern | None:
        return re.compile(self.preview) if self.preview else None

    @cached_property
    def quoted(self) -> re.Pattern:
        """A quoted stretch, any of the language's pairs (what a preview check skips)."""
        if self.quoted_pattern:
            return re.compile(self.quoted_pattern)
        alts = "|".join(f"{re.escape(o)}[^{re.escape(c)}]*{re.escape(c)}" for o, c in self.quotes)
        return re.compile(alts)

    @cached_property
    def final(self) -> re.Pattern:
        """A sentence that ends (with closing quotes or brackets after its final mark)."""
        ends = re.escape("".join(sorted(set(".!?" + "".join(self.sentence_ends)))))
        closers = re.escape("".join(sorted({c for _, c in self.quotes} | set("\"”’')]"))))
        return re.compile(f"[{ends}][{closers}]*$")

    def pattern(self, name: str) -> re.Pattern | None:
        """One of the optional rule patterns (``title_end``, ``speaker_label``, ...) compiled, or None."""
        return _compile(getattr(self, name))

    @cached_property
    def unspaced_break(self) -> re.Pattern | None:
        """Where a sentence starts right after an unspaced end mark (a letter follows it)."""
        if not self.unspaced_ends:
            return None
        return re.compile(f"(?<=[{re.escape(''.join(self.unspaced_ends))}])(?=[^\\W\\d_])")

    @cached_property
    def paragraph_break(self) -> re.Pattern:
        return re.compile(self.paragraph)

    @cached_property
    def trailing_open_quote(self) -> re.Pattern:
        """A sentence that ends in an opening quote mark: `... individuals. "` (it opens the next one)."""
        ends = re.escape("".join(sorted(set(".!?…" + "".join(self.sentence_ends)))))
        opens = "|".join(re.escape(o) for o in sorted({o for o, _ in self.quotes}, key=lambda o: (-len(o), o)))
        return re.compile(f"([{ends}])\\s+(?P<mark>{opens})$")

    @cached_property
    def opening_marks(self) -> str:
        """Marks a sentence may open with before its first letter (a quotation)."""
        return "".join(dict.fromkeys("\"“‘'" + "".join(o for o, _ in self.quotes)))

    @cached_property
    def closing_marks(self) -> str:
        """Marks that may close a sentence's quotation after the sentencizer cut before them."""
        return "".join(dict.fromkeys("”\"'’" + "".join(c for _, c in self.quotes)))

    @cached_property
    def _in_word(self) -> re.Pattern | None:
        return re.compile(self.in_word_quote) if self.in_word_quote else None

    @cached_property
    def _fold(self) -> dict[int, str] | None:
        return str.maketrans(self.letter_variants) if self.letter_variants else None

    def lower(self, text: str) -> str:
        # Case-folding maps Greek final sigma to sigma; English keeps str.lower (same on its words).
        return text.casefold() if self.casefold else text.lower()

    def words(self, text: str) -> list[str]:
        """Lower-cased words of ``text`` by the language's word pattern."""
        found = self._word.findall(self.lower(text))
        if self.min_word_chars > 1:
            return [w for w in found if len(w) >= self.min_word_chars]
        return found

    def stem_words(self, words: list[str]) -> list[str]:
        """Snowball stems where the language has a stemmer, else the words unchanged."""
        return self._stem(words) if self._stem else words

    def word_stems(self, text: str) -> tuple[list[str], list[str]]:
        """``words(text)`` and their stems, for a caller that needs both (one pass of each)."""
        words = self.words(text)
        return words, self.stem_words(words)

    def content_stems(self, text: str) -> list[str]:
        """Stop-word-free, stemmed words: what the summary's similarities compare."""
        stop = self.stop_words
        return self.stem_words([w for w in self.words(text) if w not in stop])

    def clitic_forms(self, words: Iterable[str]) -> dict[str, str]:
        """Words of one story that are a clitic prefix on another word the story writes, each mapped to
        that word ("והממשלה" → "ממשלה" where the story also writes "ממשלה"), or to "" when what is
        left is a stop word ("ולכן"). Empty where the language has no clitics.

        A prefix comes off only when the rest stands alone elsewhere in the same story (at least
        CLITIC_MIN_REST letters): Hebrew "מכה" (a blow) keeps its מ, "ממשלה" is not "from משלה".

        Example:
            >>> profile_for("he").clitic_forms(["בממשלה", "ממשלה", "הממשלה"])  # doctest: +SKIP
            {'בממשלה': 'ממשלה', 'הממשלה': 'ממשלה'}
        """
        if not self.clitics:
            return {}
        vocabulary = set(words)
        stop = self.stop_words
        forms: dict[str, str] = {}

        def base(word: str, depth: int) -> str | None:
            for clitic in self.clitics:
                rest = word[len(clitic) :]
                if depth < 3 and word.startswith(clitic) and len(rest) >= CLITIC_MIN_REST:
                    if rest in stop:
                        if depth == 0:  # "والتي", not "ממשלה" → "משלה" → "שלה"
                            return ""
                        continue
                    deeper = base(rest, depth + 1)
                    if deeper is not None:
                        return deeper
                    if rest in vocabulary:
                        return rest
            return None

        for word in vocabulary:
            found = base(word, 0)
            if found is not None:
                forms[word] = found
        return forms

    def name_stems(self, text: str) -> list[str]:
        """Stems of the words a sentence capitalizes after its first word, and acronyms (no case: none)."""
        if self.name_pattern:
            found = re.findall(self.name_pattern, text)
        elif self.cased:
            found = [
                m.group()
                for m in _CAPITAL_WORD.finditer(text)
                if m.group()[0].isupper()
                and (m.start() > 0 and text[m.start() - 1] in " (/-")
                or (len(m.group()) > 1 and m.group().isupper())
            ]
        else:
            return []
        return self.stem_words([self.lower(w) for w in found])

    def balanced(self, text: str) -> bool:
        """Every quotation the text opens it also closes (in-word marks like Hebrew gershayim aside)."""
        if self._in_word is not None:
            text = self._in_word.sub("", text)
        for open_, close, scan in self._balance_rules:
            if scan is not None:
                # NYT copy opens with `` or with '' and closes with '': a '' closes what is open, else opens.
                inside = False
                for mark in scan.findall(text):
                    inside = True if mark == open_ else not inside
                if inside:
                    return False
            elif open_ == close:
                if text.count(open_) % 2:
                    return False
            elif text.count(open_) != text.count(close):
                return False
        return True

    @cached_property
    def _balance_rules(self) -> tuple[tuple[str, str, re.Pattern | None], ...]:
        """Per quote pair: (open, close, a scan pattern where the closer also opens a pair of its own).
        A symmetric pair whose mark closes another pair is checked with that pair, not by parity."""
        symmetric = {o for o, c in self.quotes if o == c}
        closers = {c for o, c in self.quotes if o != c}
        rules = []
        for open_, close in self.quotes:
            if open_ == close and open_ in closers:
                continue
            scan = re.compile(f"{re.escape(open_)}|{re.escape(close)}") if open_ != close and close in symmetric else None
            rules.append((open_, close, scan))
        return tuple(rules)

    @cached_property
    def _calendar(self) -> dict[str, int]:
        """Month (1-12) and weekday (0) names as :meth:`lower` and NFC write them."""
        names = {_nfc(self._date_lower(w)): 0 for w in self.weekdays}
        return names | {_nfc(self._date_lower(w)): n for w, n in self.months.items()}

    def _date_lower(self, text: str) -> str:
        text = self.lower(text)
        return text.translate(self._fold) if self._fold else text

    def _calendar_word(self, word: str, names: dict[str, int] | None = None, depth: int = 0) -> int | None:
        """A month's number, 0 for a weekday or a lone clitic ("ה" of "ה-27"), else None; clitic
        prefixes written onto the name ("בינואר": in January) are tried off. ``names``: look in these
        instead (the day words)."""
        names = self._calendar if names is None else names
        if word in names:
            return names[word]
        if word in self.clitics:
            return 0
        for clitic in self.clitics if depth < 3 else ():
            if word.startswith(clitic):
                found = self._calendar_word(word[len(clitic) :], names, depth + 1)
                if found is not None:
                    return found
        return None

    def date_prefix(self, text: str) -> tuple[str, int] | None:
        """The ISO date ``text`` opens with and where it ends, or None.

        Day, month name and year in any order a language writes them, with a weekday anywhere
        and at most one other word ("Samedi 1er janvier 2005", "1 मई मंगलवार, 2007",
        "יום חמישי, ה-27 בינואר, 2005", "الخميس 27 كانون الأول 2005").

        Example:
            >>> profile_for("fr").date_prefix("Samedi 27 Février 2010 Le séisme")  # doctest: +SKIP
            ('2010-02-27', 22)
        """
        if not self.months:
            return None
        tokens = [(_nfc(self._date_lower(m.group())), m.end()) for m in _DATE_TOKEN.finditer(text)][:12]
        month = day = year = ordinal = None
        other = 0
        k = 0
        while k < len(tokens):
            word, end = tokens[k]
            if word.isdigit():
                number = int(word)
                if month is not None and (day or ordinal) and 1900 < number < 2200:
                    year, day = number, day or ordinal
                elif day is None and 1 <= number <= 31:
                    day = number
                else:
                    return None
            else:
                pair = f"{word} {tokens[k + 1][0]}" if k + 1 < len(tokens) else None
                if pair in self._calendar and self._calendar[pair]:  # "كانون الأول": two words, one month
                    word, end = pair, tokens[k + 1][1]
                    k += 1
                found = self._calendar_word(word)
                named_day = self._calendar_word(word, self.day_words) if self.day_words else None
                if named_day:  # the last ordinal before the year names the day ("חמישי, החמישי")
                    ordinal = named_day
                    found = 0 if found is None else found
                if found and month is None:
                    month = found
                elif found is None or found:
                    other += 1
                    if other > 1:
                        return None
            if year is not None:
                return f"{year:04d}-{month:02d}-{day:02d}", end
            k += 1
        return None

    def date_line(self, line: str) -> str | None:
        """The ISO date of a line that is only a date ("Samedi 27 Février 2010", "שבת, 8 ינואר, 2005"), else None."""
        found = self.date_prefix(line)
        if found is None or _DATE_TOKEN.search(line, found[1]):
            return None
        return found[0]

    def analysis_model(self) -> str | None:
        """The first of ``analysis_models`` that is installed, or None."""
        return next((name for name in self.analysis_models if _model_installed(name)), None)

    def unavailable(self) -> tuple[str, ...]:
        """Analysis sections this language cannot have here: all without an installed model, and
        those its rules do not cover with one (French has no timeline)."""
        if self.analysis_model() is None:
            return MODEL_SECTIONS
        if self.analysis_rules is None:
            return ()
        return tuple(s for s in MODEL_SECTIONS if s not in self.analysis_rules.sections)


def _nfc(text: str) -> str:
    # One spelling of each letter: Devanagari "फ़" is typed both as one code point and as फ + nukta.
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=None)
def _compile(pattern: str | None) -> re.Pattern | None:
    return re.compile(pattern) if pattern else None


@lru_cache(maxsize=None)
def _model_installed(package: str) -> bool:
    return importlib.util.find_spec(package) is not None

"""Analysis of a story in a language other than English, on its own spaCy pipeline (issue 15).

The English modules (entities.py, quotes/, figures/, timeline.py) read the English model's
labels, its ClearNLP dependencies and English word lists. Another language's pipeline tags
Universal Dependencies (nsubj, obj, obl, flat:name) and its own NER labels, so this module
reads those, and every word it needs comes from the language's profile
(:class:`~newsbrief.lang.profiles.AnalysisRules`): the labels' mapping onto our entity types, the
lemmas of verbs of saying, the words that introduce a source ("selon X"), how numbers are
written. Only the sections the rules list are computed; the others stay in ``unavailable``.

* Entities: the model's mentions, grouped by name; a one-word name joins the one person of the
  story whose name ends with it ("Egeland" and "Jan Egeland").
* Quotes: quoted spans (quotemarks.py: « », “ ”, " "); the speaker is the subject of the speech
  verb the quote hangs on or that its sentence has outside quotes, the inverted subject after the
  verb ("», a déclaré le premier ministre Tony Blair"), the noun after a source word, or a name
  labelling the quote ("AP - « ... »"); a pronoun is the last speaker or person subject before it;
  a quote with none continues the quote just before it.
* Figures: numbers as the language writes them ("70 000", "1,5 million", "trois"), tied to the
  noun they count and to a concept when the lemmas around say one; disputes and updates by
  figures/compare.py's comparison of values, dates and frames.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from ...lang.profiles import Profile
from ...models import Analysis, ParsedArticle
from .entities import build_index, name_key
from .figures import find_figures, parse_number
from .quotes import find_quotes

__all__ = ["analyze_universal", "build_index", "find_quotes", "find_figures", "parse_number", "name_key"]


def analyze_universal(
    articles: Sequence[ParsedArticle], docs: Sequence[Doc], profile: Profile, unavailable: tuple[str, ...]
) -> Analysis:
    """Entities, quotes and figures of a story in ``profile``'s language, as its rules allow; dates and
    off-story as for a language without a model (both read the text, not the parse)."""
    from ..offstory import find_off_story
    from ..timeline import infer_dates

    rules = profile.analysis_rules
    if rules is None:
        raise ValueError(f"the {profile.name} profile has no analysis rules for analyze/universal/")
    dates = infer_dates(articles)
    index = build_index(articles, docs, rules)
    quotes = find_quotes(articles, docs, index, profile) if "quotes" in rules.sections else ()
    found = find_figures(articles, docs, dates, profile) if "figures" in rules.sections else ()
    return Analysis(
        entities=index.entities if "entities" in rules.sections else (),
        quotes=quotes,
        figures=found,
        off_story=find_off_story(articles, [], dates),
        article_dates=dates,
        lang=profile.code,
        unavailable=unavailable,
    )

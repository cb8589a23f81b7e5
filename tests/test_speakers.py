"""The learned quote-speaker ranker (issue 11): candidates, the shipped model, its training script."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from newsbrief.analyze import analyze, parse_docs
from newsbrief.analyze.entities import build_index
from newsbrief.analyze.quotemarks import quoted_spans
from newsbrief.analyze.quotes import SPEECH_VERBS, _Spans, find_quotes
from newsbrief.analyze.quotes.speakers import FEATURES, ArticleContext, SpeakerModel, candidates, shipped_model
from newsbrief.errors import ConfigError
from newsbrief.models import Article
from newsbrief.nlp import paragraphs
from newsbrief.pipeline import parse_articles
from newsbrief.settings import load_settings

REPO = Path(__file__).resolve().parents[1]

# Written for these tests: the harbor master is named only in the first paragraph, four sentences before
# the last quote, whose own "said" has the mayor for its subject.
FLOOD = (
    'Harbor master Tomas Greve closed the old port on Monday.\n\n'
    'The water rose through the night and reached the first houses before dawn.\n\n'
    'Crews from three towns worked on the dikes until noon.\n\n'
    'Mayor Maria Lopez visited the crews in the afternoon.\n\n'
    'The wall held "better than anyone in this town had dared to hope," Maria Lopez said on Tuesday.'
)


def _story(text: str):
    articles = parse_articles([Article(id="a0", text=text)])
    docs = parse_docs([a.clean.text for a in articles])
    return articles, docs, build_index(articles, docs)


def _context(articles, docs, index) -> ArticleContext:
    text = articles[0].clean.text
    quoted = _Spans(q for a, b in paragraphs(text) for q in quoted_spans(text, a, b))
    return ArticleContext(docs[0], index, 0, quoted, SPEECH_VERBS, len(docs[0].text))


def test_shipped_model_loads_and_was_never_trained_on_the_sets_kept_for_last():
    model = shipped_model()
    assert len(model.weights) == len(FEATURES)
    data = json.loads((REPO / "src" / "newsbrief" / "analyze" / "quotes" / "speaker_model.json").read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES)
    assert "blind9" not in data["trained_on"] and "blind10" not in data["trained_on"]


def test_a_model_file_of_another_kind_is_refused():
    with pytest.raises(ConfigError, match="not a newsbrief quote-speaker model"):
        SpeakerModel.from_dict({"format": "newsbrief-same-story"})
    with pytest.raises(ConfigError, match="model features differ"):
        SpeakerModel.from_dict({"format": "newsbrief-quote-speaker", "features": ["rule"], "coef": [1.0],
                                "intercept": 0.0})


def test_model_overrides_a_far_answer_for_the_subject_of_the_quotes_own_speech_verb():
    """A garbled parse can hand the rules' pronoun or reporter step someone named paragraphs away; the
    model takes the mayor, the subject of the quote's own "said", instead."""
    articles, docs, index = _story(FLOOD)
    text = articles[0].clean.text
    start = text.index("better than")
    end = text.index('hope,"') + len("hope,")
    options = candidates(_context(articles, docs, index), start, end, ("Tomas Greve", None), "reporter-between",
                         None, False)
    assert options[0].speaker == "Tomas Greve"  # the rules' answer comes first
    assert shipped_model().choose("a0", start, end, options).speaker == "Maria Lopez"


def test_model_keeps_the_rules_answer_when_it_is_the_subject_of_the_speech_verb():
    articles, docs, index = _story(FLOOD)
    text = articles[0].clean.text
    start, end = text.index("better than"), text.index('hope,"') + len("hope,")
    options = candidates(_context(articles, docs, index), start, end, ("Maria Lopez", None), "verb", None, False)
    assert [c.speaker for c in options].count("Maria Lopez") == 1
    assert shipped_model().choose("a0", start, end, options) is options[0]


def test_a_surname_entity_of_the_rules_answer_is_not_another_candidate():
    """"Greve" alone may be an entity of its own when clustering keeps it apart; it is the rules' answer."""
    text = ('"The port stays closed until the water falls," harbor master Tomas Greve said on Monday. '
            'Greve spoke after a night on the dikes.')
    articles, docs, index = _story(text)
    start, end = text.index("The port"), text.index('falls,"') + len("falls,")
    options = candidates(_context(articles, docs, index), start, end, ("Tomas Greve", None), "verb", None, False)
    assert [c.speaker for c in options if c.speaker and "Greve" in c.speaker] == ["Tomas Greve"]


def test_the_setting_turns_the_model_off():
    articles, docs, _ = _story(FLOOD)
    on = analyze(articles, docs=docs)
    off = analyze(articles, docs=docs, settings=load_settings(speaker_model=False))
    assert [q.speaker for q in on.quotes] == [q.speaker for q in off.quotes] == ["Maria Lopez"]
    rules = find_quotes(articles, docs, build_index(articles, docs))
    assert [(q.text, q.speaker) for q in rules] == [(q.text, q.speaker) for q in off.quotes]


def test_training_fit_is_deterministic_and_gives_a_loadable_model():
    """scripts/train_speakers.py's fit: the same rows give the same file, byte for byte."""
    spec = importlib.util.spec_from_file_location("train_speakers", REPO / "scripts" / "train_speakers.py")
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    articles, docs, index = _story(FLOOD)
    text = articles[0].clean.text
    start, end = text.index("better than"), text.index('hope,"') + len("hope,")
    ctx = _context(articles, docs, index)
    rows = []
    for rule, right in ((("Maria Lopez", None), "Maria Lopez"), (("Tomas Greve", None), "Maria Lopez"),
                        ((None, None), "Maria Lopez"), (("Tomas Greve", None), "Tomas Greve")):
        options = candidates(ctx, start, end, rule, "verb", None, False)
        rows.append((0, options, [int(c.speaker == right) for c in options]))
    first, second = json.dumps(train.fit(rows)), json.dumps(train.fit(rows))
    assert first == second
    assert len(SpeakerModel.from_dict(json.loads(first)).weights) == len(FEATURES)

"""The story-merge step after the online pass (issue 12, fifth round): fragments of one dated event join again."""

from __future__ import annotations

import json

import pytest
from test_stories import LAUNCHES, TALKS, WEAPONS, _articles

from newsbrief.errors import ConfigError
from newsbrief.models import CleanArticle
from newsbrief.stories import group_stories, stories_of
from newsbrief.stories.cluster import StoryGrouper
from newsbrief.stories.features import extract_features
from newsbrief.stories.merge import PAIR_FEATURES, MergeModel, candidate_pairs, load_merge_model, merge_groups
from newsbrief.stories.state import StoryStateDir


def _fragmented(articles) -> StoryGrouper:
    """A grouper whose online pass opened a story for every article (the fragments the step is for)."""
    grouper = StoryGrouper()
    grouper.decide = lambda feats, stories, rows: -1
    for article in sorted(articles, key=lambda a: (a.date is not None, a.date or "", a.id)):
        grouper.add(extract_features(CleanArticle(article, article.text)))
    return grouper


def _merged(grouper) -> set[frozenset[str]]:
    return {frozenset(s.articles) for s in stories_of(grouper)}


def test_fragments_of_one_event_merge_and_same_topic_events_weeks_or_months_apart_do_not():
    grouper = _fragmented(_articles(TALKS + WEAPONS + LAUNCHES))
    assert len(grouper.stories_) == 9
    # Syria talks and the Syria arms decision are a month apart; the two launches of one shuttle four months.
    assert _merged(grouper) == {
        frozenset({"talks-1", "talks-2", "talks-3"}), frozenset({"arms-1", "arms-2"}),
        frozenset({"launch-a1", "launch-a2"}), frozenset({"launch-b1", "launch-b2"}),
    }


def test_undated_fragments_are_left_apart():
    # Without dates nothing keeps two events of one topic apart, and the labels taught "same topic".
    grouper = _fragmented(_articles(TALKS + WEAPONS, dated=False))
    assert candidate_pairs(grouper)  # they were compared ...
    assert len(_merged(grouper)) == 5  # ... and none merged


def test_merged_story_ids_and_merging_order_do_not_depend_on_the_order_of_pairs():
    grouper = _fragmented(_articles(TALKS))
    owner = merge_groups(grouper, grouper.merge_)
    assert set(owner.values()) == {min(grouper.stories_)}
    assert merge_groups(grouper, grouper.merge_) == owner


def test_a_state_keeps_the_merge_choice_it_began_with(tmp_path):
    rows = _articles(TALKS)
    with StoryStateDir(tmp_path / "off", merge=False) as saved:
        saved.commit(saved.grouper, group_stories(rows[:1], grouper=saved.grouper).articles)
    with StoryStateDir(tmp_path / "off") as saved:  # the default (merge on) does not override the saved choice
        assert saved.grouper.merge_ is None
    with StoryStateDir(tmp_path / "on") as saved:
        saved.commit(saved.grouper, group_stories(rows[:1], grouper=saved.grouper).articles)
    with StoryStateDir(tmp_path / "on", merge=False) as saved:
        assert saved.grouper.merge_ is not None and saved.grouper.merge_.data == load_merge_model().data


def test_shipped_merge_model_loads_and_a_bad_one_is_one_clear_error(tmp_path):
    model = load_merge_model()
    assert len(model.weights) == len(PAIR_FEATURES) and model.data["built_by"].startswith("scripts/train_stories.py")
    with pytest.raises(ConfigError, match="cannot read the story-merge model"):
        load_merge_model(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "newsbrief-story-merge", "features": ["content"]}), encoding="utf-8")
    with pytest.raises(ConfigError, match="not a newsbrief story-merge model of this version"):
        load_merge_model(bad)
    with pytest.raises(ConfigError, match="threshold in"):
        MergeModel.from_dict({**model.data, "threshold": 1.5})

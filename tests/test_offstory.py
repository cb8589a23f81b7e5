"""Off-story articles: another event, or the same actors at another time (issue 3)."""

from __future__ import annotations



from newsbrief.analyze.offstory import find_off_story
from newsbrief.analyze.timeline import infer_dates

from analysis_kit import ANNOTATIONS, parsed_folder, parsed_story


STRIKE = [
    "Ferry crews in North Haven walked off the job on Tuesday, halting crossings to Gull Island and stranding commuters.",
    "A ferry strike in North Haven stopped every crossing to Gull Island on Tuesday; the crews want better pay.",
    "Gull Island commuters were stranded on Tuesday as North Haven ferry crews went on strike over pay and rest.",
]
UNRELATED = "The city orchestra announced a new conductor, who will lead a season of Baroque symphonies and choral works."




def _flagged(arts, docs):
    return [o.article for o in find_off_story(arts, docs, infer_dates(arts, docs))]


def test_seed_story_flags_only_the_2015_article(seed_story):
    arts, docs = parsed_folder(seed_story)
    flagged = find_off_story(arts, docs, infer_dates(arts, docs))
    assert [o.article for o in flagged] == ANNOTATIONS["off_story"]
    assert "dated 2015" in flagged[0].reason and "after the rest of the story (2013-05-07)" in flagged[0].reason
    assert "none of its" in flagged[0].reason and "the same actors at another time" in flagged[0].reason


def test_example_story_flags_the_2019_article(example_story):
    arts, docs = parsed_folder(example_story)
    flagged = find_off_story(arts, docs, infer_dates(arts, docs))
    assert [o.article for o in flagged] == ["04_harbour_courier_2019"]
    assert "before the rest of the story (2024-03" in flagged[0].reason


def test_same_event_articles_are_not_flagged():
    assert _flagged(*parsed_story(STRIKE, ["2024-03-12", "2024-03-12", "2024-03-13"])) == []


def test_an_unrelated_article_is_flagged_for_its_content():
    arts, docs = parsed_story([*STRIKE, UNRELATED])
    flagged = find_off_story(arts, docs, infer_dates(arts, docs))
    assert [o.article for o in flagged] == ["a3"]
    assert "shares almost no words" in flagged[0].reason


def test_same_story_a_year_later_is_flagged_by_date():
    dates = ["2024-03-12", "2024-03-12", "2025-04-02"]
    flagged = find_off_story(*parsed_story(STRIKE, dates)[:2], {f"a{i}": (d, "metadata") for i, d in enumerate(dates)})
    assert [o.article for o in flagged] == ["a2"]
    assert "about 13 months after the rest of the story (2024-03-12)" in flagged[0].reason
    arts, docs = parsed_story([*STRIKE, STRIKE[0]], ["2024-03-12", "2024-03-12", "2024-03-13", "2025-04-02"])
    flagged = find_off_story(arts, docs, infer_dates(arts, docs))
    assert flagged == ()  # a verbatim reprint is on-story whatever its date
    arts, docs = parsed_story([*STRIKE, STRIKE[1].replace("Tuesday", "Friday") + " Talks failed."],
                        ["2024-03-12", "2024-03-12", "2024-03-13", "2025-04-02"])
    assert [o.article for o in find_off_story(arts, docs, infer_dates(arts, docs))] == ["a3"]


def test_one_or_two_articles_flag_nothing():
    assert _flagged(*parsed_story([STRIKE[0], UNRELATED], ["2024-03-12", "2019-06-03"])) == []
    assert _flagged(*parsed_story([UNRELATED])) == []


def test_mean_similarities_from_row_sums_equal_the_pairwise_means(seed_story):
    # Issue 13: the means came from a loop over all pairs per article (cubic); now from row sums.
    import itertools
    import statistics

    import numpy as np

    from newsbrief.analyze.offstory import _overlap, similarity_matrix

    arts, _ = parsed_folder(seed_story)
    sims = similarity_matrix(arts)
    overlap = _overlap(arts)
    n = len(arts)
    for i in range(n):
        others = [j for j in range(n) if j != i]
        assert abs(overlap.own[i] - np.mean(sims[i, others])) < 1e-12
        pairwise = statistics.mean(sims[j, k] for j, k in itertools.combinations(others, 2))
        assert abs(overlap.others[i] - pairwise) < 1e-12
        assert abs(overlap.best[i] - max(sims[i, others])) < 1e-12

"""Story grouping (issue 4): same event vs same topic, wire copies, odd inputs, the CLI."""

from __future__ import annotations

import json

import jsonschema
import pytest
from typer.testing import CliRunner

from newsbrief.cli import app
from newsbrief.errors import EmptyArticle
from newsbrief.models import Article, CleanArticle
from newsbrief.render import schema
from newsbrief.stories import group_stories, story_brief
from newsbrief.stories.features import extract_features, names, parse_day

# Two Syria events a month apart (same topic, different events), the first
# reported over three days. Written for these tests.
TALKS = [
    (
        "talks-1",
        "2013-05-07",
        "Kerry and Putin agree to seek Syria peace conference",
        "US Secretary of State John Kerry met Russian President Vladimir Putin in Moscow on Tuesday. "
        "After hours of talks at the Kremlin, Kerry and Foreign Minister Sergei Lavrov announced that "
        "Washington and Moscow would convene an international peace conference on Syria. The conference "
        "would bring Bashar al-Assad's government and the opposition to Geneva, building on the Geneva "
        "communique of last June. Kerry said the Kremlin talks were frank and the conference should meet by the end of May.",
    ),
    (
        "talks-2",
        "2013-05-08",
        "Syria opposition wary of Moscow plan for Geneva conference",
        "Syria's opposition coalition said on Wednesday it was wary of the peace conference announced in Moscow "
        "by John Kerry and Sergei Lavrov. Opposition leaders said any Geneva talks must lead to the departure of "
        "Bashar al-Assad. Lavrov said Moscow would press Damascus to send delegates to the Geneva conference, while "
        "Kerry said Washington would work on the opposition. Diplomats said the Kremlin talks revived the Geneva communique.",
    ),
    (
        "talks-3",
        "2013-05-09",
        "Lavrov and Kerry name delegates for Geneva conference on Syria",
        "A day after the Moscow talks, Sergei Lavrov said Russia and the United States were drawing up lists of "
        "delegates for the Geneva peace conference on Syria. Kerry, speaking in Rome, said the Kremlin meeting with "
        "Vladimir Putin had opened a path to talks between the Assad government and the opposition. Both sides "
        "must agree on a transitional government, Kerry and Lavrov said, as the Geneva communique proposed.",
    ),
]
WEAPONS = [
    (
        "arms-1",
        "2013-06-13",
        "White House says Assad forces used sarin, will arm rebels",
        "The White House said on Thursday that US intelligence had concluded that Syrian government forces used "
        "sarin nerve gas against rebels several times, killing up to 150 people. Deputy national security adviser "
        "Ben Rhodes said President Barack Obama had decided to provide military support to the Supreme Military "
        "Council of the Free Syrian Army. Chemical weapons crossed a red line, Rhodes said, and small arms and "
        "ammunition would be shipped to rebel fighters.",
    ),
    (
        "arms-2",
        "2013-06-14",
        "Rebels welcome US arms decision after sarin finding",
        "Commanders of the Free Syrian Army welcomed Washington's decision to send weapons after the sarin finding, "
        "but said rifles and ammunition would not stop Assad's air force. General Salim Idriss of the Supreme "
        "Military Council asked for anti-tank and anti-aircraft weapons. The White House said Obama's red line on "
        "chemical weapons had been crossed, and Ben Rhodes said the shipments of arms would begin within weeks.",
    ),
]


def _articles(rows, *, dated: bool = True) -> list[Article]:
    return [Article(id=i, text=f"{title}\n\n{body}", date=d if dated else None) for i, d, title, body in rows]


def _partition(grouping) -> set[frozenset[str]]:
    return {frozenset(s.articles) for s in grouping.stories}


def test_one_event_over_three_days_is_one_story_and_a_month_later_event_another():
    grouping = group_stories(_articles(TALKS + WEAPONS))
    assert _partition(grouping) == {frozenset({"talks-1", "talks-2", "talks-3"}), frozenset({"arms-1", "arms-2"})}
    by_first = {s.articles[0]: s for s in grouping.stories}
    talks = by_first["talks-1"]
    assert (talks.first_seen, talks.last_seen) == ("2013-05-07", "2013-05-09")
    assert talks.title == "Kerry and Putin agree to seek Syria peace conference"


def test_same_text_far_apart_in_time_is_two_stories():
    # A reprint of the May talks dated two years later is not the same event.
    late = Article(id="late", text=f"{TALKS[0][2]}\n\n{TALKS[0][3]}", date="2015-12-15")
    grouping = group_stories(_articles(TALKS) + [late])
    assert frozenset({"late"}) in _partition(grouping)


def test_wire_copies_are_grouped_and_counted_once_in_the_brief():
    body = TALKS[0][3] + " " + TALKS[2][3]
    site_a = Article(id="site-a", text=f"Kerry, Putin agree on Syria conference\n\nAdvertisement\n\n{body}\n\nShare this article\n\n© 2013 Site A")
    site_b = Article(id="site-b", text=f"Moscow talks: Syria conference planned\n\nFollow us on Twitter\n\n{body}\n\nCopyright 2013 Site B. All rights reserved.")
    other = _articles(TALKS[1:2])
    grouping = group_stories([site_a] + other + [site_b])
    assert len(grouping.stories) == 1
    story = grouping.stories[0]
    assert story.duplicates == (("site-a", "site-b"),)
    assert story.representatives() == ("site-a", "talks-2")
    brief = story_brief(story, grouping.articles)
    assert [a["id"] for a in brief["articles"]] == ["site-a", "talks-2"]
    cited = {i for s in brief["summary"]["sentences"] for i in s["sources"]}
    assert "site-b" in cited  # the copy is cited wherever its representative is
    jsonschema.validate(brief, schema())


def test_independent_reports_are_not_duplicates():
    grouping = group_stories(_articles(TALKS))
    assert grouping.stories[0].duplicates == ()


def test_articles_without_text_are_reported_and_undated_ones_still_grouped():
    furniture_only = Article(id="empty", text="Advertisement\n\nShare this article\n\nFollow us on Twitter", path="feed/empty.txt")
    undated = _articles(WEAPONS, dated=False)
    grouping = group_stories([furniture_only] + undated + _articles(TALKS))
    assert len(grouping.errors) == 1
    assert isinstance(grouping.errors[0], EmptyArticle)
    assert "feed/empty.txt" in str(grouping.errors[0])
    assert "empty" not in {a for s in grouping.stories for a in s.articles}
    weapons = next(s for s in grouping.stories if "arms-1" in s.articles)
    assert set(weapons.articles) == {"arms-1", "arms-2"}
    assert weapons.first_seen is None and weapons.last_seen is None


def test_repeated_article_id_is_skipped_with_a_message():
    rows = _articles(TALKS)
    grouping = group_stories(rows + rows[:1])
    assert sum(len(s.articles) for s in grouping.stories) == 3
    assert "already grouped" in str(grouping.errors[0])


def test_features_names_and_dates():
    assert {"john kerry", "vladimir putin", "moscow"} <= names(TALKS[0][3])
    # "After" starts a sentence and is a plain word elsewhere: not a name.
    assert "after" not in names("After the talks, Kerry left. The talks went on after dark.")
    # A lone capitalised word opening a sentence or quote is a plain word ("Asked", "Check"),
    # but a name seen mid-sentence, or inside a longer run, still counts.
    found = names('Asked about it, Kerry left. "Check this," said Putin. Moscow is cold. The Kremlin said.')
    assert found == {"kerry", "putin", "kremlin"}
    assert "lavrov" in names("Lavrov spoke first. Then Sergei Lavrov left.")
    assert parse_day("2013-05-07") - parse_day("2013-05-04") == 3
    assert parse_day("not a date") is None and parse_day(None) is None
    short = Article(id="x", text="Short text, too short to call anything its copy.")
    assert extract_features(CleanArticle(short, short.text)).signature is None
    long = Article(id="y", text=TALKS[0][3])
    assert extract_features(CleanArticle(long, long.text)).signature.shape == (64,)


def test_signature_is_datasketch_minhash():
    """The numpy MinHash (issue 12 timing) is datasketch's affine32 bit for bit: saved states still match."""
    import random

    from datasketch import MinHash

    from newsbrief.stories.duplicates import _PERMUTATIONS, NUM_PERM, _SEED, signature

    rng = random.Random(12)
    for size in (0, 1, 12, 300, 2000):
        shingles = sorted({rng.getrandbits(32) for _ in range(size)})
        sketch = MinHash(num_perm=NUM_PERM, seed=_SEED, hashfunc=int, permutations=_PERMUTATIONS, scheme="affine32")
        sketch.update_batch(shingles)
        assert signature(shingles).tolist() == sketch.hashvalues.tolist()


def test_seed_story_2015_article_is_its_own_story(seed_story):
    """Same actors at another time: the undated Dec 2015 piece dates itself by its war's length."""
    from newsbrief.ingest import read_paths

    grouping = group_stories(read_paths([seed_story]))
    assert _partition(grouping) == {
        frozenset({"000_c6a54303332241b3", "001_735969b729b508ed", "002_19348c001359f643", "003_9a3014ad8f2803c4"}),
        frozenset({"004_dfb90e6a9022927a"}),
    }


def test_dataset_clusters_are_pooled_and_regrouped(shared_data):
    from newsbrief.ingest import read_paths

    grouping = group_stories(read_paths([shared_data / "data" / "tac2011-multiling-en.jsonl"]))
    ids = [a for s in grouping.stories for a in s.articles]
    assert len(ids) == 100 and all(":" in i for i in ids)
    # TAC topics run for months, so some are split, but no story mixes two topics.
    assert all(len({a.split(":")[0] for a in s.articles}) == 1 for s in grouping.stories)
    assert len(grouping.stories) < 40


def test_cli_stories_writes_jsonl_with_briefs(tmp_path):
    folder = tmp_path / "feed"
    folder.mkdir()
    for article_id, day, title, body in TALKS + WEAPONS:
        (folder / f"{article_id}.txt").write_text(f"{title}\n\n{_dateline(day)}\n\n{body}\n", encoding="utf-8")
    (folder / "blank.txt").write_text("Advertisement\n", encoding="utf-8")
    out = tmp_path / "stories.jsonl"
    result = CliRunner().invoke(app, ["stories", str(folder), "-o", str(out), "--quiet"])
    assert result.exit_code == 1  # one unusable input, reported on one line; the rest is written
    assert "blank.txt" in result.output and "Traceback" not in result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {frozenset(r["articles"]) for r in lines} == {
        frozenset({"talks-1", "talks-2", "talks-3"}), frozenset({"arms-1", "arms-2"})
    }
    assert [r["first_seen"] for r in lines] == ["2013-05-07", "2013-06-13"]
    for record in lines:
        assert set(record) == {"id", "title", "articles", "first_seen", "last_seen", "duplicates", "brief"}
        jsonschema.validate(record["brief"], schema())
        assert {a["id"] for a in record["brief"]["articles"]} == set(record["articles"])


def test_cli_stories_no_brief_and_bad_path(tmp_path):
    out = tmp_path / "s.jsonl"
    result = CliRunner().invoke(app, ["stories", str(tmp_path / "missing"), "-o", str(out), "--no-brief", "-q"])
    assert result.exit_code == 1
    assert "no usable article" in result.output and "Traceback" not in result.output
    assert not out.exists()


def _dateline(day: str) -> str:
    from datetime import date

    return date.fromisoformat(day).strftime("%B %d, %Y")


@pytest.mark.parametrize("day", ["2013-05-07", "2013-06-14"])
def test_dateline_helper_is_found_by_clean(day):
    from newsbrief.clean import clean

    text = f"Title here\n\n{_dateline(day)}\n\n{TALKS[0][3]}"
    assert clean(Article(id="d", text=text)).article.date == day


def test_two_processes_group_exactly_like_one(monkeypatch):
    import newsbrief.stories as stories
    from newsbrief.settings import load_settings

    monkeypatch.setattr(stories, "_CHUNK", 2)  # several chunks even for five articles
    rows = _articles(TALKS + WEAPONS)
    one = group_stories(rows, settings=load_settings(processes=1))
    two = group_stories(rows, settings=load_settings(processes=2))
    assert [s.articles for s in two.stories] == [s.articles for s in one.stories]


# --- issue 12: events, not topics; the learned same-story model ---------------------------------

# Two launches of one shuttle programme four months apart: one topic, two events. Written for these tests.
LAUNCHES = [
    ("launch-a1", "2026-02-03", "Shuttle Heron lifts off on station supply mission",
     "The shuttle Heron lifted off from Cape Arden on Tuesday carrying supplies to the orbital station. "
     "Commander Mara Okafor and a crew of five will dock on Thursday, the space agency said. The launch was "
     "delayed twice by high winds at the Cape Arden pad, and engineers watched a fuel sensor that had failed in January."),
    ("launch-a2", "2026-02-05", "Heron docks with orbital station after smooth flight",
     "The shuttle Heron docked with the orbital station on Thursday, two days after its launch from Cape Arden. "
     "Commander Mara Okafor said the fuel sensor that worried engineers had worked throughout the climb. The crew "
     "of five will unload supplies and return to Earth next week, the space agency said."),
    ("launch-b1", "2026-06-09", "Shuttle Kestrel launches with new telescope",
     "The shuttle Kestrel launched from Cape Arden on Tuesday carrying a new infrared telescope into orbit. "
     "Commander Ilse Brandt and a crew of four will release the telescope on Friday, the space agency said. "
     "The launch came after a week of delays caused by a faulty valve on the Cape Arden pad."),
    ("launch-b2", "2026-06-12", "Kestrel crew releases infrared telescope",
     "Astronauts aboard the shuttle Kestrel released the infrared telescope on Friday, three days after launch "
     "from Cape Arden. Commander Ilse Brandt said the telescope's mirror opened as planned. The space agency said "
     "the crew of four would land next Tuesday."),
]


@pytest.mark.xfail(strict=True, reason="issue 12 part 3 not met: two near-template launches four months apart "
                   "still merge (+7.3 log-odds above the threshold with the shipped model and its -0.25/month prior, "
                   "measured in session 14; +4.3 in session 10, when a -2/month prior split them but cost "
                   "held-out tac2011-en and duc2006); see BENCHMARKS.md")
def test_two_launches_months_apart_are_two_stories():
    grouping = group_stories(_articles(TALKS + WEAPONS + LAUNCHES))
    assert {frozenset({"launch-a1", "launch-a2"}), frozenset({"launch-b1", "launch-b2"})} <= _partition(grouping)


def test_a_season_outside_a_tight_story_costs_log_odds_and_a_missing_date_costs_nothing():
    from dataclasses import replace

    from newsbrief.stories.cluster import StoryGrouper
    from newsbrief.stories.features import extract_features

    def judgement(day: str | None) -> float:
        grouper = StoryGrouper()
        feats = [extract_features(CleanArticle(a, a.text)) for a in _articles(TALKS)]
        for f in feats[:2]:
            grouper.add(f)
        story = next(iter(grouper.stories_.values()))
        late = replace(feats[2], day=parse_day(day), date=day)
        return grouper.model_.decision(grouper.pair_features(story, late, 0.0))

    next_day, season_later, undated = judgement("2013-05-09"), judgement("2013-09-06"), judgement(None)
    months = (parse_day("2013-09-06") - parse_day("2013-05-08") - 30) / 30
    weight = -StoryGrouper().model_.data["fixed"]["late"]
    assert next_day - season_later == pytest.approx(weight * months, abs=0.5)
    assert abs(undated - next_day) < 1.0  # "undated" is its own indicator, not a huge gap


def test_an_undated_stream_still_groups_by_content():
    # (Without dates, two launches of one programme cannot be told apart by time, so one is left out.)
    grouping = group_stories(_articles(TALKS + WEAPONS + LAUNCHES[:2], dated=False))
    assert _partition(grouping) == {
        frozenset({"talks-1", "talks-2", "talks-3"}), frozenset({"arms-1", "arms-2"}),
        frozenset({"launch-a1", "launch-a2"}),
    }


def test_shipped_model_loads_and_a_bad_model_file_is_one_clear_error(tmp_path):
    from newsbrief.errors import ConfigError
    from newsbrief.settings import load_settings
    from newsbrief.stories.model import FEATURES, load_model

    model = load_model()
    assert len(model.weights) == len(FEATURES) and model.data["trained_on"]
    bad = tmp_path / "model.json"
    bad.write_text(json.dumps({"format": "newsbrief-same-story", "features": ["content"], "coef": [1.0],
                               "intercept": 0.0}), encoding="utf-8")
    with pytest.raises(ConfigError, match="model features .* differ"):
        group_stories(_articles(TALKS), settings=load_settings(stories_model=str(bad)))
    with pytest.raises(ConfigError, match="cannot read the stories model"):
        load_model(tmp_path / "missing.json")


def test_a_custom_model_from_settings_is_used(tmp_path):
    from newsbrief.settings import load_settings
    from newsbrief.stories.model import FEATURES

    # A model that never joins (a huge negative bias): every article is its own story.
    never = {"format": "newsbrief-same-story", "features": list(FEATURES), "coef": [0.0] * len(FEATURES),
             "intercept": -50.0, "threshold": 0.5}
    path = tmp_path / "never.json"
    path.write_text(json.dumps(never), encoding="utf-8")
    grouping = group_stories(_articles(TALKS), settings=load_settings(stories_model=str(path), stories_merge=False))
    assert len(grouping.stories) == 3
    # The story-merge step (issue 12, fifth round) joins those fragments of one dated event again.
    merged = group_stories(_articles(TALKS), settings=load_settings(stories_model=str(path)))
    assert _partition(merged) == {frozenset({"talks-1", "talks-2", "talks-3"})}
    assert merged.stories[0].id == min(s.id for s in grouping.stories)
    assert merged.stories[0].title == TALKS[0][2] and merged.stories[0].articles[0] == "talks-1"


def test_training_script_builds_a_model_from_labelled_stories(tmp_path):
    """scripts/train_stories.py: labelled dataset lines in, a model file newsbrief loads out."""
    import subprocess
    import sys
    from pathlib import Path

    from newsbrief.stories.model import load_model

    def line(story_id, rows):
        return json.dumps({"id": story_id, "documents": [
            {"text": f"{title}\n\n{body}", "date": day, "title": title} for _, day, title, body in rows]})

    first = tmp_path / "one.jsonl"
    first.write_text("\n".join([line("talks", TALKS), line("arms", WEAPONS)]) + "\n", encoding="utf-8")
    second = tmp_path / "two.jsonl"
    second.write_text("\n".join([line("heron", LAUNCHES[:2]), line("kestrel", LAUNCHES[2:])]) + "\n", encoding="utf-8")
    out = tmp_path / "model.json"
    script = Path(__file__).resolve().parents[1] / "scripts" / "train_stories.py"
    done = subprocess.run([sys.executable, str(script), str(first), str(second), "-o", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    model = load_model(out)
    assert model.data["trained_on"] == ["one", "two"] and model.data["pairs"] > 0

    # The first-round variant (issue 12): name_share left out, a -1/month prior; an unknown feature is one clear line.
    first = tmp_path / "first.json"
    done = subprocess.run([sys.executable, str(script), str(tmp_path / "one.jsonl"), str(second), "--drop", "name_share",
                           "--late", "-1", "-o", str(first)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    data = load_model(first).data
    names = data["features"]
    assert data["coef"][names.index("name_share")] == 0.0 and model.data["coef"][names.index("name_share")] != 0.0
    assert data["fixed"] == {"late": -1.0} and data["coef"][names.index("late")] == -1.0
    done = subprocess.run([sys.executable, str(script), str(second), "--drop", "shoe_size", "-o", str(first)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode != 0 and "--drop: unknown features ['shoe_size']" in done.stderr

    # Boosted trees instead of the logistic regression (issue 12, fourth round: tried, not shipped).
    trees = tmp_path / "trees.json"
    done = subprocess.run([sys.executable, str(script), str(tmp_path / "one.jsonl"), str(second), "--trees", "3",
                           "-o", str(trees)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    boosted = load_model(trees)
    assert len(boosted.trees) == 3 and boosted.data["fixed"] == {"late": -0.25}

    # The story-merge model (issue 12, fifth round) needs dated fragments; these pools group without any.
    done = subprocess.run([sys.executable, str(script), str(tmp_path / "one.jsonl"), str(second), "--merge-output",
                           str(tmp_path / "merge.json")], capture_output=True, text=True, timeout=300)
    assert done.returncode != 0 and "not both same-story and different-story ones" in done.stderr
    assert not (tmp_path / "merge.json").exists()


def test_a_model_with_trees_adds_their_leaves_and_a_malformed_tree_is_one_clear_error():
    from newsbrief.errors import ConfigError
    from newsbrief.stories.model import FEATURES, SameStoryModel

    base = {"format": "newsbrief-same-story", "features": list(FEATURES), "coef": [0.0] * len(FEATURES),
            "intercept": -1.0, "threshold": 0.5}
    # One split: content at most 0.2 adds -2 to the log-odds, more adds +3.
    tree = {"feature": [FEATURES.index("content"), -1, -1], "threshold": [0.2, 0.0, 0.0], "left": [1, 0, 0],
            "right": [2, 0, 0], "value": [0.0, -2.0, 3.0]}
    model = SameStoryModel.from_dict({**base, "trees": [tree, tree]})
    row = [0.0] * len(FEATURES)
    assert model.decision(row) == -5.0
    row[FEATURES.index("content")] = 0.5
    assert model.decision(row) == 5.0
    looped = {**tree, "left": [0, 0, 0]}  # the root linking to itself would never reach a leaf
    with pytest.raises(ConfigError, match="malformed tree"):
        SameStoryModel.from_dict({**base, "trees": [looped]})
    with pytest.raises(ConfigError, match="malformed tree"):
        SameStoryModel.from_dict({**base, "trees": [{"feature": [0]}]})


# --- issue 12, growth: lazy norms after an IDF re-freeze, bisected date buckets ------------------

def _monthly_stream() -> list:
    """The fixture articles re-dated month after month (12 rounds): many re-freezes and date buckets."""
    from datetime import date, timedelta

    from newsbrief.clean import clean

    rows = []
    for k in range(12):
        for i, day, title, body in TALKS + WEAPONS + LAUNCHES:
            moved = (date.fromisoformat(day) + timedelta(days=37 * k)).isoformat()
            rows.append(Article(id=f"{i}@{k}", text=f"{title}\n\n{body}", date=moved))
    return [extract_features(clean(a)) for a in rows]


def test_stories_refreshed_lazily_after_an_idf_refreeze_score_as_if_refreshed_at_once():
    from newsbrief.stories.cluster import StoryGrouper

    class Eager(StoryGrouper):  # the pass before issue 12's growth fix: every story refreshed at each re-freeze
        def _refreeze_idf(self):
            super()._refreeze_idf()
            self.settle()

    feats = sorted(_monthly_stream(), key=lambda f: f.day)
    lazy, eager = StoryGrouper(), Eager()
    assert [lazy.add(f) for f in feats] == [eager.add(f) for f in feats]
    assert lazy._stale  # stories left untouched since the last re-freeze (108 articles: re-freeze at 64)
    lazy.settle()
    assert not lazy._stale
    for story_id, story in eager.stories_.items():
        other = lazy.stories_[story_id]
        assert (other.term_norm2, other.name_norm2, other.title_norm2, other.lead_norm2) == (
            story.term_norm2, story.name_norm2, story.title_norm2, story.lead_norm2)


def test_date_buckets_found_by_bisection_are_those_within_the_gap_cap():
    from newsbrief.stories.cluster import BUCKET_DAYS, MAX_GAP_DAYS, StoryGrouper

    grouper = StoryGrouper()
    for f in sorted(_monthly_stream(), key=lambda f: f.day):
        grouper.add(f)
    reach = MAX_GAP_DAYS // BUCKET_DAYS + 1
    wide = [k for k, buckets in grouper.index_.items() if len(buckets) > 4]
    assert wide  # the bisected path is exercised
    for key in wide:
        buckets = grouper.index_[key]
        buckets[-1] = set()  # an undated bucket is always a candidate
        grouper._buckets_sorted.pop(key, None)
        for day in (min(buckets) * BUCKET_DAYS - MAX_GAP_DAYS, 735000, max(buckets) * BUCKET_DAYS + 400):
            expected = {b for b in buckets if b == -1 or abs(b - day // BUCKET_DAYS) <= reach}
            assert sorted(grouper._buckets_near(key, day, buckets)) == sorted(expected)


def test_lsh_bands_propose_exactly_what_datasketch_proposes():
    """Issue 12 timing: DuplicateIndex keeps its own band tables; the candidates must be datasketch's."""
    import random

    from datasketch import MinHash, MinHashLSH

    from newsbrief.stories.duplicates import _PERMUTATIONS, NUM_PERM, DuplicateIndex, signature

    rng = random.Random(13)
    base = [rng.getrandbits(32) for _ in range(400)]
    # Copies that keep 100% ... 40% of one text's shingles (plus their own): every overlap band.
    texts = [base[: 400 - 15 * k] + [rng.getrandbits(32) for _ in range(15 * k)] for k in range(25)]
    texts += [[rng.getrandbits(32) for _ in range(300)] for _ in range(5)]
    ours, theirs = DuplicateIndex(), MinHashLSH(threshold=0.55, num_perm=NUM_PERM)
    proposed_somewhere = False
    for k, shingles in enumerate(texts):
        sig = signature(sorted(set(shingles)))
        sketch = MinHash(hashvalues=sig.astype("uint64"), permutations=_PERMUTATIONS, scheme="affine32")
        expected = set(theirs.query(sketch)) if k else set()
        found = ours.near_then_add(f"t{k}", sig)
        assert {other for other, _ in found} == expected
        proposed_somewhere = proposed_somewhere or bool(expected)
        theirs.insert(f"t{k}", sketch)
    assert proposed_somewhere


def test_top_keys_are_the_sorted_prefix_ties_by_key():
    from newsbrief.stories.cluster import top_keys

    weights = {"syria": 0.9, "geneva": 0.5, "talks": 0.5, "kremlin": 0.5, "assad": 0.7, "moscow": 0.5, "lavrov": 0.2}
    for n in range(1, 9):
        expected = [k for k, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]
        assert top_keys(weights, n) == expected
    assert top_keys({"b": 2, "a": 2, "c": 1}, 2) == ["a", "b"]  # story hit counts: ties by id
    assert top_keys({}, 3) == []


def test_pair_features_are_the_sums_written_out():
    """The per-article IDF rows (issue 12 timing) add the same floats in the same order as the plain sums."""
    import math

    from newsbrief.stories.cluster import StoryGrouper

    feats = sorted(_monthly_stream(), key=lambda f: f.day)
    grouper = StoryGrouper()
    for f in feats[:-3]:
        grouper.add(f)
    widf, nidf, unseen = grouper._word_idf, grouper._name_idf, grouper._unseen_idf
    checked = 0
    for f in feats[-3:]:
        grouper._count(f)
        terms = {t: w * widf.get(t, unseen) for t, w in f.terms.items()}
        names_ = {n: nidf.get(n, unseen) for n in f.names}
        for story in list(grouper.stories_.values())[:10]:
            row = grouper.pair_features(story, f, 0.3)
            dot = 0.0
            for t, w in terms.items():
                if story.term_sum.get(t):
                    dot += w * story.term_sum[t] * widf.get(t, unseen)
            norm = math.sqrt(sum(w * w for w in terms.values()))
            assert row[0] == (dot / (norm * math.sqrt(story.term_norm2)) if story.term_norm2 > 0 else 0.0)
            dot = 0.0
            for n, w in names_.items():
                if story.name_count.get(n):
                    dot += w * story.name_count[n] * nidf.get(n, unseen)
            norm = math.sqrt(sum(w * w for w in names_.values()))
            people = dot / (norm * math.sqrt(story.name_norm2)) if names_ and story.name_norm2 > 0 and norm else 0.0
            assert row[1] == people
            dot = norm2 = 0.0
            for word in f.lead_terms:
                weight = widf.get(word, unseen)
                norm2 += weight * weight
                if story.lead_sum.get(word):
                    dot += weight * weight * story.lead_sum[word]
            assert row[5] == (dot / math.sqrt(norm2 * story.lead_norm2) if f.lead_terms and story.lead_norm2 > 0 else 0.0)
            assert row[8] == 0.3
            checked += row[0] > 0
    assert checked


def test_feature_shortcuts_equal_their_plain_forms():
    """Issue 12 timing: each shortcut in features.py gives what the plain form it replaced gives."""
    import re

    import numpy as np

    from newsbrief.stories.features import _LOWER_WORD, _sorted_distinct

    passage = ("Officials said the well-known state-of-the-art plan wasn't o'clock-bound; naïve café owners "
               "and x-ray techs (ages 3-4) met at 9am. Ça va? dónde_está foo_bar 1st l'été don’t rock'n'roll a- -b "
               "ΟΔΟΣ ΟΔΟΣ\u3000ΣΑΣ\x1cΣ AΣ\u2028Σ\x85ΣΣ İstanbul ǅemal ﬁnal K")
    assert _LOWER_WORD.findall(passage) == re.findall(r"\b[a-z][a-z'-]+\b", passage)
    assert passage.lower().split() == [w.lower() for w in passage.split()]  # final sigma, odd spaces
    rng = np.random.default_rng(12)
    for size in (0, 1, 2, 50, 700):
        values = rng.integers(0, 40, size=size, dtype=np.uint64)
        assert np.array_equal(_sorted_distinct(values), np.unique(values))
        assert _sorted_distinct(values).dtype == np.uint64

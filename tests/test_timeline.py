"""Article dates, date-expression resolution and the story timeline (issue 3)."""

from __future__ import annotations


import pytest

from newsbrief.analyze.dates import PartialDate, parse_iso, resolve
from newsbrief.analyze.timeline import find_timeline, infer_dates

from analysis_kit import ANNOTATIONS, parsed_folder, parsed_story

TUESDAY = PartialDate(2013, 5, 7)  # a Tuesday




@pytest.fixture(scope="module")
def seed(seed_story):
    return parsed_folder(seed_story)


@pytest.mark.parametrize(
    "expression, tense, expected",
    [
        ("Tuesday", None, "2013-05-07"),
        ("on Wednesday", "future", "2013-05-08"),
        ("on Wednesday", "past", "2013-05-01"),
        ("Monday", "past", "2013-05-06"),
        ("last June", None, "2012-06"),
        ("June", "future", "2013-06"),
        ("last month", None, "2013-04"),
        ("next month", None, "2013-06"),
        ("next week", None, "2013-05"),
        ("at the weekend", "past", "2013-05-04"),
        ("today", None, "2013-05-07"),
        ("yesterday", None, "2013-05-06"),
        ("tomorrow", None, "2013-05-08"),
        ("last year", None, "2012"),
        ("two years ago", None, "2011"),
        ("May 7, 2012", None, "2012-05-07"),
        ("7th May 2013", None, "2013-05-07"),
        ("March 2011", None, "2011-03"),
        ("April 15", "past", "2013-04-15"),
        ("the end of September", "future", "2013-09"),
    ],
)
def test_resolve_each_expression_form(expression, tense, expected):
    assert resolve(expression, TUESDAY, tense).iso == expected


def test_resolution_keeps_only_the_precision_the_anchor_has():
    assert resolve("Tuesday", PartialDate(2013, 5)).iso == "2013-05"
    assert resolve("last week", PartialDate(2015)).iso == "2015"
    assert resolve("several years", TUESDAY) is None
    assert resolve("Tuesday", None) is None


def test_parse_iso_accepts_partial_dates_and_rejects_nonsense():
    assert parse_iso("2015").iso == "2015"
    assert parse_iso("2013-05-07T10:00:00").iso == "2013-05-07"
    assert parse_iso("2013-13-01") is None
    assert parse_iso("May") is None


def test_seed_article_dates_match_annotations(seed):
    arts, docs = seed
    dates = infer_dates(arts, docs)
    for article_id, note in ANNOTATIONS["dates"].items():
        assert dates[article_id][0] == note["date"], (article_id, dates[article_id])
    assert dates["001_735969b729b508ed"][1] == "text"
    assert dates["000_c6a54303332241b3"][1].startswith("inferred")
    assert "four-and-a-half year" in dates["004_dfb90e6a9022927a"][1]


def test_elapsed_time_and_yearless_dateline_give_dates():
    arts, docs = parsed_story(
        [
            "Talks resumed in the capital as the 26-month conflict, which has raged since March 2011, ground on.",
            "NORTH HAVEN, March 12 (Wire) - Ferry crews in North Haven went on strike on Tuesday over pay.",
            "Ferry crews in North Haven walked out on Tuesday, the union said.",
        ],
        [None, None, "2024-03-12"],
    )
    dates = infer_dates(arts, docs)
    assert dates["a0"] == ("2013-05", dates["a0"][1]) and dates["a0"][1].startswith("inferred: '26-month conflict'")
    assert dates["a1"][0] == "2024-03-12" and "dateline" in dates["a1"][1]
    assert dates["a2"] == ("2024-03-12", "metadata")


def test_timeline_resolves_against_each_article_date_and_merges_one_event():
    arts, docs = parsed_story(
        [
            "Ferry crews walked off the job on Tuesday. The minister will meet the union on Thursday.",
            "Ferry crews walked off the job on Tuesday, stranding commuters. Last month the talks collapsed.",
        ],
        ["2024-03-12", "2024-03-13"],
    )
    timeline = find_timeline(arts, docs, infer_dates(arts, docs))
    dates = [e.date for e in timeline]
    assert dates == sorted(dates)
    walkout = [e for e in timeline if "walked off" in e.text]
    assert len(walkout) == 1 and walkout[0].date == "2024-03-12" and walkout[0].articles == ("a0", "a1")
    assert any(e.date == "2024-03-14" and "meet" in e.text for e in timeline)
    assert any(e.date == "2024-02" and "collapsed" in e.text for e in timeline)
    assert all(len(e.text.split()) <= 30 for e in timeline)


def test_seed_timeline_has_the_visit_and_the_war_start(seed):
    arts, docs = seed
    timeline = find_timeline(arts, docs, infer_dates(arts, docs))
    assert [e.date for e in timeline] == sorted(e.date for e in timeline)
    assert any(e.date == "2011-03" and "2011" in e.text for e in timeline)
    tuesday = [e for e in timeline if e.date == "2013-05-07"]
    assert len(tuesday) >= 3 and {a for e in tuesday for a in e.articles} >= {
        "001_735969b729b508ed", "002_19348c001359f643", "003_9a3014ad8f2803c4"
    }
    # "Kerry is due to meet ... on Wednesday" is the day after, not the Wednesday before.
    assert any(e.date == "2013-05-08" and "Wednesday" in e.text for e in timeline)
    assert not any(e.date == "2013-05-01" for e in timeline)


def test_undated_article_borrows_the_story_month_and_says_why():
    arts, docs = parsed_story(
        [
            "Ferry crews in North Haven walked off the job on Tuesday, halting crossings to Gull Island.",
            "Ferry crews in North Haven walked off the job on Tuesday, halting all crossings to Gull Island.",
            "The city orchestra named a new conductor for a season of Baroque symphonies.",
        ],
        ["2024-03-12", None, None],
    )
    dates = infer_dates(arts, docs)
    iso, how = dates["a1"]
    assert iso == "2024-03"
    assert how.startswith("inferred: reports the same events as 1 other article(s) dated 2024-03-12")
    assert "it names Tuesday" in how
    assert dates["a2"] == (None, None)  # nothing in common with the dated article: no date invented


def test_same_event_in_other_words_is_merged_and_shown_well_formed(example_story):
    arts, docs = parsed_folder(example_story)
    timeline = find_timeline(arts, docs, infer_dates(arts, docs))
    strike = [e for e in timeline if e.date == "2024-03-12"]
    # "walked off the job" (01), "went on strike" (02) and "stranded since Tuesday" (03): one event.
    assert len(strike) == 1 and set(strike[0].articles) == {"01_harbour_courier", "02_coastal_wire", "03_island_voice"}
    assert strike[0].text[:1].isupper() and "Tuesday" in strike[0].text
    assert not any("2019" in e.date and e.articles != ("04_harbour_courier_2019",) for e in timeline)


# Issue 11: timeline entries read as events: a whole clause with its subject, quotes in pairs.


def _events(text, date="2021-04-06"):
    arts, docs = parsed_story([text], [date])
    return find_timeline(arts, docs, infer_dates(arts, docs))


def _the(events, words):
    found = [e for e in events if words in e.text]
    assert len(found) == 1, [e.text for e in events]
    return found[0]


def test_a_participle_phrase_is_read_with_the_clause_it_hangs_on():
    events = _events("The talks covered many issues, including last month's ferry fire in Port Alder.")
    event = _the(events, "ferry fire")
    assert event.text.startswith("The talks covered") and event.date == "2021-03"


def test_a_relative_clause_is_read_with_its_main_clause():
    events = _events("The crews rejected a deal reached at the harbor talks last June.")
    event = _the(events, "last June")
    assert event.text.startswith("The crews rejected") and event.date == "2020-06"


def test_a_noun_with_a_clause_is_read_with_its_verb():
    events = _events("Our expectation is that the ferries will sail again on Friday, the union said.")
    event = _the(events, "on Friday")
    assert not event.text.startswith("Our expectation that")


def test_a_quoted_name_keeps_both_quotation_marks():
    events = _events('The plan was agreed in June at a meeting of the "Harbor Group for Port Alder".')
    event = _the(events, "Harbor Group")
    assert event.text.count('"') % 2 == 0


def test_the_subject_stays_with_its_verb():
    events = _events(
        "The two skippers who refused to sail during the storm, Ada Dorsey and Paul Dorsey, returned to "
        "port on Monday."
    )
    event = _the(events, "returned to port")
    assert event.text.startswith("The two skippers") and event.date == "2021-04-05"


def test_elapsed_clue_found_near_month_or_year_is_the_full_scan_s():
    """Issue 13: the "N-month conflict" clue is looked for only around "month" / "year"; it must be
    the match a scan of every word finds (random texts of the words the pattern reads)."""
    import random

    from newsbrief.analyze.timeline import _ELAPSED, _first_elapsed

    words = ["two", "26", "four", "and", "a", "half", "month", "months", "year", "years", "old", "long", "civil",
             "war", "conflict", "crisis", "bloody", "the", "of", "since", "2011", "ferry", "-", "strike"]
    rng = random.Random(13)
    found = 0
    for _ in range(3000):
        text = ""
        for _ in range(rng.randint(1, 40)):
            text += rng.choice(words) + rng.choice([" ", " ", "-", ", "])
        expected = _ELAPSED.search(text)
        got = _first_elapsed(text)
        assert (got and got.span()) == (expected and expected.span()), text
        found += expected is not None
    assert found > 100  # the texts do hold the clue often


def test_a_cut_event_leaves_no_phrase_half_read():
    # Issue 11: a long event is cut where a phrase ends, and the part with the date starts a clause.
    events = _events(
        "The harbor unions and the ferry owners were committed to a settlement that would guarantee the pay "
        "and pensions of every crew member in Port Alder and would follow the approach of an agreement worked "
        "out by the regional council last year."
    )
    event = _the(events, "last year")
    head, _, tail = event.text.partition(" … ")
    assert head.startswith("The harbor unions and the ferry owners were committed"), event.text
    assert head.rsplit(" ", 1)[1] in ("committed", "settlement"), event.text  # not "... to", "... that"
    assert tail.startswith("would follow the approach") and tail.endswith("last year"), event.text


def test_a_cut_event_keeps_its_verb_s_phrases_whole():
    events = _events(
        "The harbor master is making his first visit to Port Alder since taking over as the chief of the "
        "regional port authority in February, on what is one of the most delicate trips of his long career."
    )
    event = _the(events, "February")
    assert event.text.endswith("in February …"), event.text

"""Page helpers: removed-text marking, timeline geometry, quote grouping."""

from __future__ import annotations

from newsbrief.web.present import (
    article_segments,
    by_number,
    figure_rows,
    has_analysis,
    on_story_articles,
    quote_counts,
    quotes_by_speaker,
)


def test_removed_spans_are_marked_in_order():
    original = "Listen Live\nFerry crews struck.\nShare this\nThey want rest.\nShare this\n"
    segments = article_segments(original, ["Listen Live", "Share this", "Share this"])
    assert "".join(s.text for s in segments) == original  # nothing lost, nothing added
    assert [s.text for s in segments if s.removed] == ["Listen Live", "Share this", "Share this"]
    assert [s.removed for s in segments] == [True, False, True, False, True, False]


def test_removed_items_not_found_are_skipped():
    segments = article_segments("Ferry crews struck.", ["Not  in   the text", "Ferry"])
    assert [(s.text, s.removed) for s in segments] == [("Ferry", True), (" crews struck.", False)]
    assert article_segments("", []) == []


def test_ids_in_number_order_and_on_story_count():
    data = {"articles": [{"id": "b"}, {"id": "a", "left_out": True}, {"id": "c"}]}
    numbers = {"b": 1, "a": 2, "c": 3}
    assert by_number(["c", "a", "b", "zzz"], numbers) == ["b", "a", "c", "zzz"]
    assert on_story_articles(data) == 2
    assert on_story_articles({"articles": [{"id": "x", "left_out": True}]}) == 1  # never "of 0"


def test_figure_rows_disputed_first_with_dates():
    data = {"articles": [{"id": "a", "date": "2013-05-07"}, {"id": "b", "date": "2015"}],
            "figures": [{"quantity": "calm", "disputed": False, "values": [{"text": "3", "articles": ["a"]}]},
                        {"quantity": "toll", "disputed": True, "values": [
                            {"text": "70,000", "articles": ["b", "a"], "dates": ["2013-05-07", "2015"]}]}]}
    rows = figure_rows(data)
    assert [r["quantity"] for r in rows] == ["toll", "calm"]
    assert rows[0]["values"][0]["articles"] == ["a", "b"] and rows[0]["values"][0]["dates"] == ["2013-05-07", "2015"]
    assert rows[1]["values"][0]["dates"] == ["2013-05-07"]  # from the article when the value has none


def test_quotes_grouped_by_speaker_unattributed_last():
    data = {"quotes": [
        {"text": "We will not sail", "speaker": None, "speaker_description": "a spokesman", "articles": ["a"]},
        {"text": "No relief", "speaker": "Tomas Reyes", "speaker_description": "union secretary", "articles": ["a"]},
        {"text": "Safe rest", "speaker": "Tomas Reyes", "articles": ["b"]},
    ]}
    groups = quotes_by_speaker(data)
    assert [(g.speaker, len(g.quotes)) for g in groups] == [("Tomas Reyes", 2), ("Unattributed", 1)]
    assert groups[0].description == "union secretary"
    assert groups[1].description is None  # not one person: descriptions stay with each quote


def test_absent_analysis_is_fine():
    assert quotes_by_speaker({}) == [] and figure_rows({}) == []
    assert not has_analysis({"entities": [], "timeline": []})
    assert has_analysis({"figures": [{"quantity": "q", "disputed": True, "values": []}]})


def test_entities_point_at_their_quotes_by_name_or_alias():
    data = {
        "entities": [{"name": "Tomas Reyes", "aliases": ["Reyes"]}, {"name": "Ellen Brandt", "aliases": []},
                     {"name": "Port Alder"}],
        "quotes": [{"text": "a", "speaker": "Ellen Brandt"}, {"text": "b", "speaker": "Reyes"},
                   {"text": "c", "speaker": "Reyes"}],
    }
    assert quote_counts(data, quotes_by_speaker(data)) == {"Ellen Brandt": (0, 1), "Tomas Reyes": (1, 2)}

"""Page helpers: removed-text marking, timeline geometry, quote grouping."""

from __future__ import annotations

from newsbrief.web.present import (
    article_segments,
    disputed_figures,
    has_analysis,
    quote_counts,
    quotes_by_speaker,
    timeline_chart,
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


def test_timeline_places_events_by_date():
    numbers = {"a": 1, "b": 2}
    chart = timeline_chart([
        {"date": "2024-03-14", "text": "Talks resume", "articles": ["b"]},
        {"date": "2024-03-12", "text": "Crews strike", "articles": ["a", "b"]},
        {"date": "2024-03", "text": "Month only", "articles": []},
        {"date": "not a date", "text": "dropped", "articles": ["a"]},
    ], numbers)
    assert [p.text for p in chart.points] == ["Month only", "Crews strike", "Talks resume"]
    xs = [p.x for p in chart.points]
    assert xs == sorted(xs) and xs[0] == 40 and xs[-1] == chart.width - 40
    assert chart.points[1].sources == (1, 2)
    assert len({p.y for p in chart.points}) == 3  # one row each: labels never overlap
    assert chart.points[0].anchor == "start" and chart.points[-1].anchor == "end"
    assert [label for _, label in chart.ticks] == ["2024-03-01", "2024-03-14"]
    assert timeline_chart([], numbers) is None
    single = timeline_chart([{"date": "2024-03-12", "text": "x"}], numbers)
    assert single.points[0].x == single.width / 2


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
    assert quotes_by_speaker({}) == [] and disputed_figures({}) == []
    assert not has_analysis({"entities": [], "timeline": []})
    assert has_analysis({"figures": [{"quantity": "q", "disputed": True, "values": []}]})
    assert disputed_figures({"figures": [{"disputed": False}, {"disputed": True, "quantity": "q"}]}) == [
        {"disputed": True, "quantity": "q"}]


def test_entities_point_at_their_quotes_by_name_or_alias():
    data = {
        "entities": [{"name": "Tomas Reyes", "aliases": ["Reyes"]}, {"name": "Ellen Brandt", "aliases": []},
                     {"name": "Port Alder"}],
        "quotes": [{"text": "a", "speaker": "Ellen Brandt"}, {"text": "b", "speaker": "Reyes"},
                   {"text": "c", "speaker": "Reyes"}],
    }
    assert quote_counts(data, quotes_by_speaker(data)) == {"Ellen Brandt": (0, 1), "Tomas Reyes": (1, 2)}

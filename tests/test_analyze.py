"""The analysis stage wired into brief/analyze (issue 3): CLI, JSON schema, off-story handling."""

from __future__ import annotations

import json

import jsonschema
import pytest
from typer.testing import CliRunner

from newsbrief import nlp
from newsbrief.cli import app
from newsbrief.models import Article
from newsbrief.pipeline import brief, brief_articles
from newsbrief.render import render_html, render_markdown, schema, to_dict
from newsbrief.settings import load_settings

OFF_STORY_ID = "004_dfb90e6a9022927a"  # the December 2015 article among the May 2013 ones
runner = CliRunner()


@pytest.fixture(scope="module")
def seed_brief(seed_story):
    return brief([seed_story])


def test_analyze_cli_json_validates_and_has_every_section(seed_story, tmp_path):
    out = tmp_path / "analysis.json"
    result = runner.invoke(app, ["analyze", str(seed_story), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema())
    assert data["schema_version"] == "1.3" and data["analysis"] is True
    for key in ("entities", "quotes", "figures", "timeline", "coverage"):
        assert isinstance(data[key], list)
    assert any(e["name"] == "John Kerry" for e in data["entities"])
    assert any(q["speaker"] == "Sergei Lavrov" for q in data["quotes"])
    off = [a for a in data["articles"] if a["off_story"]]
    assert [a["id"] for a in off] == [OFF_STORY_ID] and off[0]["off_story_reason"] and off[0]["left_out"]


def test_brief_leaves_the_2015_article_out_by_default(seed_brief):
    assert [o.article for o in seed_brief.off_story] == [OFF_STORY_ID]
    assert all(OFF_STORY_ID not in s.sources for s in seed_brief.summary.sentences)
    assert OFF_STORY_ID in {a.id for a in seed_brief.articles}  # still listed, with the reason
    md = render_markdown(seed_brief)
    assert "left out" in md and OFF_STORY_ID in md
    assert "left out" in render_html(seed_brief)


@pytest.fixture(scope="module")
def kept_brief(seed_story):
    return brief([seed_story], settings=load_settings(keep_off_story=True))


def test_keep_off_story_includes_it(kept_brief):
    assert kept_brief.off_story == ()
    assert any(OFF_STORY_ID in s.sources for s in kept_brief.summary.sentences)
    article = next(a for a in to_dict(kept_brief)["articles"] if a["id"] == OFF_STORY_ID)
    assert article["off_story"] and not article["left_out"]
    assert "kept on request" in render_markdown(kept_brief)


def test_brief_cli_flags_become_settings(seed_story, kept_brief, monkeypatch):
    seen = {}

    def fake_brief(paths, *, words=None, story=None, settings):
        seen["settings"] = settings
        return kept_brief

    monkeypatch.setattr("newsbrief.pipeline.brief", fake_brief)
    result = runner.invoke(app, ["brief", str(seed_story), "-f", "json", "--keep-off-story", "--processes", "2"])
    assert result.exit_code == 0, result.output
    assert seen["settings"].keep_off_story and seen["settings"].processes == 2 and seen["settings"].analysis
    cited = {a for s in json.loads(result.stdout)["summary"]["sentences"] for a in s["sources"]}
    assert OFF_STORY_ID in cited
    runner.invoke(app, ["brief", str(seed_story), "--no-analysis"])
    assert seen["settings"].analysis is False


def test_html_has_analysis_sections_escaped_and_self_contained(seed_brief):
    page = render_html(seed_brief)
    assert "<svg" in page and "Timeline" in page and "Who and what" in page and "Coverage" in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "<link" not in page
    hostile = brief(
        ['Mayor <b>Ann</b> Lee opened the park on Monday. "We <script>alert(1)</script> love this park," Lee said.',
         'Ann Lee opened a park on Monday in the city. "We love this new park very much," Lee said.'],
        words=40,
    )
    page = render_html(hostile)
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_no_analysis_runs_no_full_spacy_pipeline(seed_story, monkeypatch):
    def refuse(lang="en"):
        raise AssertionError("the full spaCy pipeline must not run without analysis")

    monkeypatch.setattr(nlp, "full_pipeline", refuse)
    monkeypatch.setattr("newsbrief.analyze.full_pipeline", refuse)
    result = brief([seed_story], settings=load_settings(analysis=False))
    assert result.analysis is None and result.summary.sentences
    # batch and eval call brief_articles directly: analysis stays off unless asked for.
    plain = brief_articles([Article(id="x", text="The council met on Monday. It approved the budget for parks.")])
    assert plain.analysis is None
    data = to_dict(result)
    jsonschema.validate(data, schema())
    assert data["analysis"] is False and data["entities"] == []


def test_analysis_only_markdown_has_sections_but_no_summary(seed_brief):
    md = render_markdown(seed_brief, summary=False)
    assert "## Quotes" in md and "## Who and what" in md and "## Sources" in md
    assert "(budget" not in md and "(budget" in render_markdown(seed_brief)


def test_analyze_cli_bad_input_is_one_line(tmp_path):
    missing = runner.invoke(app, ["analyze", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1
    assert "nope.txt" in missing.output and "Traceback" not in missing.output


def test_odd_texts_analyze_without_errors():
    from newsbrief.analyze import analyze
    from newsbrief.pipeline import parse_articles

    texts = [
        'He said "this quote never closes and runs to the end of the text without a mark',
        "”Backwards marks“ confuse nobody. SMITH: One label only is not a transcript.\n\nJONES: Two labels are.",
        '"""" "" “” ” “ "A" — all marks and no words worth keeping.',
    ]
    result = analyze(parse_articles([Article(id=f"odd{i}", text=t) for i, t in enumerate(texts)]))
    data = to_dict(brief_articles([Article(id="odd", text=texts[0] + " It is long enough.")], analysis=True))
    jsonschema.validate(data, schema())
    for q in result.quotes:
        assert q.text.strip() and set(q.articles) <= {"odd0", "odd1", "odd2"}

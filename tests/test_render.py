"""render.py: Markdown citations match the source list, JSON follows the schema, HTML is one safe page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import jsonschema
import pytest

from newsbrief import brief, load_settings
from newsbrief.models import Article
from newsbrief.pipeline import brief_articles
from newsbrief.render import render_html, render_json, render_markdown, schema, to_dict

HOSTILE = (
    'Officials said the <script>alert(1)</script> ferry strike <img src=x onerror=alert(2)> ended on Thursday '
    'after talks <a href="javascript:alert(3)">here</a>.'
)


@pytest.fixture(scope="module")
def hostile_brief():
    """Three invented articles whose shared sentence is full of markup, so it lands in the summary."""
    articles = [
        Article(
            id="a<1>",
            title='<b onmouseover="alert(4)">Ferry</b> strike',
            outlet="Courier & <i>Co</i>",
            author="Ann \"<x>\" Lee",
            text=f"Share this article\n\n{HOSTILE}\n\n"
            "The union said crews would sail again on Friday morning from Port Alder.",
        ),
        Article(id="b", text=f"{HOSTILE}\n\nCrews will sail again on Friday morning from Port Alder, the union said."),
        Article(
            id="c",
            text="Officials said the ferry strike ended on Thursday after talks with the union.\n\n"
            "Shops on the island ran short of bread and fuel during the strike.",
        ),
    ]
    return brief_articles(articles, words=80, settings=load_settings(analysis=False))


@pytest.fixture(scope="module")
def example_brief(example_story):
    """The example story with analysis on: every section the renderers know is present."""
    return brief([example_story], words=120)


# --- Markdown ---------------------------------------------------------------------


def _markdown_parts(text: str) -> tuple[list[list[int]], dict[int, str]]:
    bullets = [line for line in text.split("## ", 1)[0].splitlines() if line.startswith("- ")]
    marks = [[int(n) for n in re.findall(r"\[(\d+)\]", re.search(r"((?:\[\d+\])+)$", b).group(1))] for b in bullets]
    sources_part = text.split("## Sources", 1)[1].split("## ", 1)[0]
    sources = {int(m.group(1)): m.group(2) for m in re.finditer(r"^(\d+)\. .*\(`([^`]+)`\)", sources_part, re.M)}
    return marks, sources


@pytest.mark.parametrize("which", ["hostile_brief", "example_brief"])
def test_markdown_markers_match_the_numbered_source_list(request, which):
    result = request.getfixturevalue(which)
    text = render_markdown(result)
    marks, sources = _markdown_parts(text)
    assert sorted(sources) == list(range(1, len(result.articles) + 1))
    assert [sources[n] for n in sources] == [a.id for a in result.articles]
    assert len(marks) == len(result.summary.sentences) > 0
    for sentence, numbers in zip(result.summary.sentences, marks):
        assert [sources[n] for n in numbers] == list(sentence.sources)
        # Article text is untrusted: raw HTML in it is shown as text, never passed through.
        shown = sentence.text.replace("<", "&lt;").replace(">", "&gt;").replace("*", "\\*").replace("_", "\\_")
        assert f"- {shown} " in text
    assert "<script>" not in text and "<img" not in text


def test_markdown_lists_unusable_inputs(tmp_path, example_story):
    missing = tmp_path / "gone.txt"
    result = brief([example_story, missing], words=60, settings=load_settings(analysis=False))
    text = render_markdown(result)
    assert "## Inputs not used" in text
    assert f"- {missing}: no such file or folder" in text


# --- JSON -------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("which", ["hostile_brief", "example_brief"])
def test_json_validates_and_has_the_stable_keys(request, which):
    result = request.getfixturevalue(which)
    data = json.loads(render_json(result))
    jsonschema.Draft202012Validator(schema()).validate(data)
    assert data == to_dict(result)
    for article, parsed in zip(data["articles"], result.articles):
        assert {"id", "title", "outlet", "author", "date", "text", "removed"} <= set(article)
        assert article["id"] == parsed.id and article["text"] == parsed.clean.text
        assert article["removed"] == list(parsed.clean.removed)
    summary = data["summary"]
    assert summary["words"] == sum(len(s["text"].split()) for s in summary["sentences"])
    ids = {a["id"] for a in data["articles"]}
    for s in summary["sentences"]:
        assert {"text", "article", "sources", "support"} <= set(s)
        assert s["sources"][0] == s["article"] and set(s["sources"]) <= ids
        assert 0 <= s["support"] <= 1


def test_json_keeps_what_cleaning_removed(hostile_brief):
    data = to_dict(hostile_brief)
    assert data["articles"][0]["removed"] == ["Share this article"]
    assert "Share this article" not in data["articles"][0]["text"]


def test_json_schema_rejects_a_broken_brief(example_brief):
    """The schema is not a rubber stamp: a missing key or a bad date is caught."""
    data = to_dict(example_brief)
    broken = json.loads(json.dumps(data))
    del broken["articles"][0]["removed"]
    with pytest.raises(jsonschema.ValidationError, match="'removed' is a required property"):
        jsonschema.validate(broken, schema(), cls=jsonschema.Draft202012Validator)
    broken = json.loads(json.dumps(data))
    broken["articles"][0]["date"] = "12 March 2024"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema(), cls=jsonschema.Draft202012Validator)


# --- HTML -------------------------------------------------------------------------


class _Page(HTMLParser):
    """Every tag, attribute and script body of a page, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append("")

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


@pytest.mark.parametrize("which", ["hostile_brief", "example_brief"])
def test_html_is_one_self_contained_page(request, which):
    page = render_html(request.getfixturevalue(which))
    parsed = _parse(page)
    assert page.startswith("<!doctype html>") and page.count("<html") == 1
    for tag, attrs in parsed.tags:
        assert tag != "link" and tag != "iframe" and tag != "img", tag
        assert "src" not in attrs or tag == "script" and attrs["src"] is None, (tag, attrs)
        for name in ("href", "src", "action", "xlink:href"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//")), (tag, attrs)
    assert "@import" not in page and "url(http" not in page


def test_html_escapes_every_piece_of_article_text(hostile_brief):
    page = render_html(hostile_brief)
    parsed = _parse(page)
    allowed = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "section", "p", "button", "div", "b",
               "span", "blockquote", "ol", "ul", "li", "code", "script", "sup", "svg", "g", "line", "circle", "text",
               "details", "summary", "table", "tr", "td", "th", "thead", "tbody", "em", "strong", "small", "a", "nav"}
    for tag, attrs in parsed.tags:
        assert tag in allowed, tag  # no <img>, no <i>, no <x> from the articles
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)
    assert len(parsed.scripts) == 1  # ours, and no article text inside it
    assert "alert" not in parsed.scripts[0]
    visible = "".join(parsed.text)
    assert "<script>alert(1)</script>" in visible  # shown as text, not run
    assert '<b onmouseover="alert(4)">Ferry</b> strike' in visible
    assert "Courier & <i>Co</i>" in visible


def test_html_each_citation_carries_its_supporting_sentences(hostile_brief):
    page = render_html(hostile_brief)
    parsed = _parse(page)
    buttons = [attrs for tag, attrs in parsed.tags if tag == "button" and "cite" in (attrs.get("class") or "")]
    boxes = {attrs["id"] for tag, attrs in parsed.tags if tag == "div" and attrs.get("class") == "evidence"}
    expected = [(f"ev{k}", a) for k, s in enumerate(hostile_brief.summary.sentences) for a in s.sources]
    assert [(b["data-box"], b["data-src"]) for b in buttons] == expected
    assert {box for box, _ in expected} <= boxes
    for k, sentence in enumerate(hostile_brief.summary.sentences):
        box = page.split(f'id="ev{k}">', 1)[1].split('<div class="evidence"', 1)[0]
        evidence = _parse(box)
        sources = [attrs["data-src"] for tag, attrs in evidence.tags if tag == "div" and "data-src" in attrs]
        assert sources == [ev.article for ev in sentence.evidence]
        assert set(sentence.sources) <= set(sources)
        for ev in sentence.evidence:
            assert ev.sentence in "".join(evidence.text)


def test_html_of_the_example_story_shows_the_summary(example_brief):
    text = "".join(_parse(render_html(example_brief)).text)
    for sentence in example_brief.summary.sentences:
        assert sentence.text in text


def test_figure_updates_and_entity_types_read_in_words():
    """Issue 11: a count that grew across dates says so; entity types are words, not spaCy codes."""
    articles = [
        Article(id="a", date="2021-04-05", date_source="metadata",
                text="The ferry fire in Port Alder killed 40 people, officials said on Monday. "
                     "Harbor master Tomas Greve said the terminal would stay shut."),
        Article(id="b", date="2021-04-08", date_source="metadata",
                text="The ferry fire in Port Alder has now killed 52 people, officials said on Thursday. "
                     "Tomas Greve said the terminal would reopen next week."),
    ]
    b = brief_articles(articles, words=60, analysis=True)
    data = to_dict(b)
    deaths = [f for f in data["figures"] if f["quantity"].startswith("deaths")]
    assert deaths and deaths[0]["updated"] is True and deaths[0]["disputed"] is False
    markdown = render_markdown(b)
    assert "updated over time" in markdown and "(person" in markdown and "(PERSON" not in markdown
    page = render_html(b)
    assert "updated over time" in page and "(person" in page

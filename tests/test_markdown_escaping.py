"""Issue 9: Markdown output escapes everything that came from outside, checked by rendering it.

A Markdown library (markdown-it-py, CommonMark with raw HTML on, plus the GFM table and strikethrough
rules) renders the brief; no tag, link, image or stray code span may come out of article data, and the
visible text must still be the data as given.
"""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

from newsbrief.models import (
    Analysis, Article, Brief, CleanArticle, Coverage, Entity, Figure, FigureValue, OffStory, ParsedArticle,
    Quote, Sentence, Summary, SummarySentence, Support, TimelineEvent,
)
from newsbrief.render import render_markdown

HOSTILE = [
    "<img src=y onerror=alert(1)>",
    "a `<img src=y onerror=alert(1)>` b",
    "[click](javascript:alert(1))",
    "![pixel](http://evil.example/p.png)",
    "<http://evil.example>",
    "see http://evil.example/x and www.evil.example",
    "&lt;script&gt;alert(1)&lt;/script&gt; &#60;b&#62;",
    "**bold** _em_ ~~gone~~ *x*",
    "| a | b |",
    "[ref]: http://evil.example",
    "# heading",
    "1. item",
    "> quoted",
    "- item",
    "\\<b>x\\</b> \\[y](z)",
    "<!-- hidden --> <a href='http://evil.example'>x</a>",
    "`` two `` ticks",
    "mail@evil.example <mailto:a@evil.example>",
]


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _hostile_brief(payloads: list[str]) -> Brief:
    """Every field a renderer prints, filled with the payloads."""
    parsed = []
    for n, p in enumerate(payloads):
        article = Article(id=f"{p} {n}", text=p, title=p, outlet=p, author=p, date="2024-05-01")
        sentence = Sentence(article_id=article.id, index=0, start=0, end=len(p), text=p, words=len(p.split()))
        parsed.append(ParsedArticle(clean=CleanArticle(article=article, text=p), sentences=(sentence,)))
    ids = [a.id for a in parsed]
    summary = Summary(
        sentences=tuple(
            SummarySentence(text=p, article=ids[n], index=0, sources=(ids[n], ids[(n + 1) % len(ids)]), support=1.0,
                            evidence=(Support(article=ids[n], sentence=p, score=1.0),))
            for n, p in enumerate(payloads)
        ),
        budget_words=999,
    )
    analysis = Analysis(
        entities=tuple(Entity(name=p, type="PERSON", aliases=(p,), title=p, mentions=2, articles=(ids[n],))
                       for n, p in enumerate(payloads)),
        quotes=tuple(Quote(text=p, speaker=p if n % 2 else None, speaker_description=p, articles=(ids[n],), sentence=p)
                     for n, p in enumerate(payloads)),
        figures=tuple(Figure(quantity=p, values=(FigureValue(value=1.0, unit=None, text=p, articles=(ids[n],),
                                                             dates=("2024-05-01",)),), disputed=True)
                      for n, p in enumerate(payloads)),
        timeline=tuple(TimelineEvent(date="2024-05-01", text=p, articles=(ids[n],)) for n, p in enumerate(payloads)),
        coverage=tuple(Coverage(article=ids[n], summary_points=(n,), exclusive=(p,)) for n, p in enumerate(payloads)),
    )
    off = (OffStory(article=ids[0], reason=payloads[0]),)
    return Brief(articles=tuple(parsed), summary=summary, analysis=analysis, off_story=off, story_id=payloads[0],
                 errors=tuple(payloads))


def _walk(tokens):
    for token in tokens:
        yield token
        yield from _walk(token.children or [])


def assert_markdown_is_inert(markdown: str, ids: list[str], payloads: list[str], columns: int = 3) -> None:
    """No raw HTML, link, image or autolink from the data; code spans only ours (ids, whole); text kept."""
    tokens = list(_walk(_parser().parse(markdown)))
    kinds = {t.type for t in tokens}
    assert not kinds & {"html_inline", "html_block", "link_open", "image", "s_open"}, kinds
    ours = {"--keep-off-story"}  # the notice names the option
    assert {t.content for t in tokens if t.type == "code_inline"} <= {" ".join(i.split()) for i in ids} | ours
    rendered = _parser().render(markdown)
    for tag in ("<img", "<a ", "<script", "<del", "<s>", "<b>", "<em>x"):
        assert tag not in rendered, tag
    # Our coverage table has three columns (two without the summary); a `|` from the data would add cells.
    assert all(row.count("<td") == columns for row in re.findall(r"<tr>.*?</tr>", rendered, re.S) if "<td" in row)
    visible = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    for p in payloads:
        assert " ".join(p.split()) in " ".join(visible.split()), p


@pytest.mark.parametrize("summary", [True, False])
def test_markdown_keeps_every_outside_string_inert(summary):
    brief = _hostile_brief(HOSTILE)
    markdown = render_markdown(brief, summary=summary)
    assert_markdown_is_inert(markdown, [a.id for a in brief.articles], HOSTILE, columns=3 if summary else 2)


def test_issue_9_file_name_with_backticks_stays_a_code_span():
    name = "a `<img src=y onerror=alert(1)>` b"
    brief = _hostile_brief([name])
    rendered = _parser().render(render_markdown(brief))
    assert "<img" not in rendered
    assert f"<code>{html.escape(name + ' 0', quote=False)}</code>" in rendered

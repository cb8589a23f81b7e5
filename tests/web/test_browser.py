"""The web app in headless Chromium: create a story, read the brief, check a citation, run no article script.

Needs the Debian ``chromium`` package (``.ci/run`` installs it); skips
locally without it and fails in CI. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from .conftest import LiveServer, need

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("NEWSBRIEF_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

EVIL = (
    "Harbour officials said on Tuesday that the ferry strike would end soon, according to a statement.\n\n"
    "<script>window.pwned = 1; alert('pwned')</script> "
    '<img src=x onerror="window.pwned = 2; alert(2)"> <a id="evil" href="javascript:window.pwned=3">click here now</a> '
    '<div onmouseover="window.pwned=4">hover</div>\n\n'
    "The union said talks with the operator about rest periods and pay would resume on Thursday morning."
)


@pytest.fixture(scope="module")
def browser():
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    need(executable is not None, f"{CHROMIUM} is missing; install the Debian chromium package (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def server(sqlite_url, app_factory, request):
    # Analysis on only where the screenshot should show it (test_create_story_and_check_a_citation).
    analysis = request.node.name.startswith("test_create_story")
    with LiveServer(app_factory(sqlite_url, analysis=analysis)) as live:
        yield live


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    pg = context.new_page()
    # Creating a story runs the whole pipeline; on a loaded 2-core machine that can take a while.
    pg.set_default_timeout(90_000)
    dialogs = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    yield pg
    context.close()


def test_create_story_and_check_a_citation(server, page, example_story):
    import httpx

    page.goto(f"{server.url}/new")
    page.fill("input[name=title]", "Ferry strike at Port Alder")
    page.set_input_files("input[name=files]", [str(p) for p in sorted(example_story.glob("*.txt"))])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/stories/\d+$"))
    assert page.inner_text("h1") == "Ferry strike at Port Alder"
    story_id = int(page.url.rsplit("/", 1)[1])
    brief = httpx.get(f"{server.url}/api/stories/{story_id}/brief").json()
    sentences = brief["summary"]["sentences"]
    assert page.locator(".sentence").count() == len(sentences) > 0

    # Click a citation that is not the sentence's own article: its box opens on that source's sentence.
    k, s = next((k, s) for k, s in enumerate(sentences) if len(s["sources"]) > 1)
    source = s["sources"][1]
    expected = next(e["sentence"] for e in s["evidence"] if e["article"] == source)
    box = page.locator(f"#ev{k}")
    assert not box.is_visible()
    button = page.locator(f'#s{k} button.cite[data-source="{source}"]')
    assert expected in button.get_attribute("title")  # hover shows it too
    button.click()
    assert box.is_visible()
    active = box.locator("figure.source.active")
    assert active.count() == 1
    assert active.locator("blockquote").inner_text() == expected
    if any(re.match(r"\d{4}", e.get("date", "")) for e in brief.get("timeline") or []):
        assert page.locator("svg.timeline g.event").count() >= 1
        assert page.locator("svg.timeline").bounding_box()["width"] > 300  # drawn, not collapsed
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "story-page.png"), full_page=True)
    button.click()  # a second click closes it
    assert not box.is_visible()

    # The cited source's article page marks what cleaning removed.
    page.click(f"#ev{k} figure.source.active a") if box.is_visible() else page.goto(
        f"{server.url}/stories/{story_id}/articles/{source}")
    removed = page.locator("pre.article-text del.removed")
    assert removed.count() >= 1
    assert "line-through" in removed.first.evaluate("e => getComputedStyle(e).textDecorationLine")
    page.screenshot(path=str(ARTIFACTS / "article-page.png"), full_page=True)

    # Listed and searchable.
    page.goto(f"{server.url}/?q=Bluewake")
    assert page.locator("ul.stories li").count() == 1


def test_article_markup_runs_nothing(server, page):
    page.goto(f"{server.url}/new")
    page.fill("textarea[name=text]", EVIL)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/stories/\d+$"))
    story_url = page.url
    for url in (story_url, f"{story_url}/articles/pasted-1"):
        page.goto(url)
        page.wait_for_load_state("load")
        for cite in page.locator("button.cite").all():
            cite.click()
            cite.hover()
        page.locator("pre.article-text").first.hover() if "articles" in url else None
        assert page.evaluate("() => window.pwned") is None
        assert page.locator("script:not([src])").count() == 0
        assert page.locator("#evil, img[src=x], [onerror], [onmouseover]").count() == 0
    # The markup is there, as visible text.
    assert "<script>window.pwned = 1; alert('pwned')</script>" in page.inner_text("pre.article-text")
    assert page.dialogs == []


def test_a_failed_link_is_reported_on_the_page(server, page, example_story):
    page.goto(f"{server.url}/new")
    page.fill("textarea[name=text]", (example_story / "01_harbour_courier.txt").read_text(encoding="utf-8"))
    page.fill("textarea[name=urls]", "http://127.0.0.1:9/private-page")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/stories/\d+$"))
    errors = page.inner_text("section.errors")
    assert "http://127.0.0.1:9/private-page: refused" in errors
    assert page.locator(".sentence").count() > 0


def test_new_story_with_nothing_usable_shows_why(server, page):
    page.goto(f"{server.url}/new")
    page.fill("textarea[name=urls]", "ftp://example.org/story")
    page.click("button[type=submit]")
    assert page.locator("div.errors").inner_text().startswith("no usable article in the request")
    assert "ftp://example.org/story: only http" in page.locator("div.errors").inner_text()
    assert page.input_value("textarea[name=urls]") == "ftp://example.org/story"  # the form keeps what was typed


def test_create_story_from_the_seed_reads_well_on_a_phone(server, browser, seed_story):
    """The seed story (real scraped pages, one from 2015) on a 390 px phone: no sideways scroll, notice on top."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(120_000)
    try:
        page.goto(f"{server.url}/new")
        page.set_input_files("input[name=files]", [str(p) for p in sorted(seed_story.iterdir())])
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/stories/\d+$"))
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways: {width} px wide"
        assert "Play Live Radio" not in page.inner_text("h1")  # site furniture never names the story
        notice = page.locator("#off-story")
        assert notice.is_visible() and "Left out of the summary as off-story" in notice.inner_text()
        assert notice.bounding_box()["y"] < page.locator("section.brief").bounding_box()["y"]
        # The 2015 piece's events sit years away: the axis breaks instead of squashing May 2013.
        assert page.locator("svg.timeline g.break").count() >= 1
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "seed-story-390px.png"), full_page=True)
        page.set_viewport_size({"width": 1100, "height": 900})
        page.screenshot(path=str(ARTIFACTS / "seed-story.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("code, direction", [("ar", "rtl"), ("hi", "ltr")])
def test_create_story_in_arabic_and_hindi_reads_in_their_script_and_direction(server, page, tmp_path, code, direction):
    """Issue 15: the brief's lines carry lang and dir (Arabic right to left), the page says which analysis
    sections the language cannot have, and the report renders too. Screenshots: story-<code>.png and
    report-<code>.png in test-artifacts/ (looked at: every script drawn, no empty boxes)."""
    from lang_passages import STORIES

    from newsbrief.pipeline import brief
    from newsbrief.render import render_html

    files = []
    for i, text in enumerate(STORIES[code]):
        files.append(tmp_path / f"{code}-{i}.txt")
        files[-1].write_text(text, encoding="utf-8")
    page.goto(f"{server.url}/new")
    page.set_input_files("input[name=files]", [str(p) for p in files])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/stories/\d+$"))
    lines = page.locator(f'.sentence p[lang="{code}"]')
    assert lines.count() == page.locator(".sentence").count() > 0
    assert lines.first.evaluate("e => getComputedStyle(e).direction") == direction
    assert page.locator("#unavailable").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"story-{code}.png"), full_page=True)

    page.goto("about:blank")  # the app's Content-Security-Policy would block the report's inline style
    page.set_content(render_html(brief([str(p) for p in files], words=60)))
    section = page.locator("section.summary")
    assert section.get_attribute("lang") == code
    assert section.evaluate("e => getComputedStyle(e).direction") == direction
    page.screenshot(path=str(ARTIFACTS / f"report-{code}.png"), full_page=True)

"""Server-rendered pages (SQLite; the API tests cover PostgreSQL): forms, story, analysis views, article."""

from __future__ import annotations

import re
from html import escape

import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def pages(sqlite_url, app_factory):
    with TestClient(app_factory(sqlite_url)) as c:
        yield c


@pytest.fixture
def analysis_pages(sqlite_url, app_factory):
    with TestClient(app_factory(sqlite_url, analysis=True)) as c:
        yield c


def new_story(pages, files=(), text="", urls="", title=""):
    response = pages.post("/new", data={"title": title, "text": text, "urls": urls},
                          files=[("files", f) for f in files] or [("files", ("", b"", "application/octet-stream"))],
                          follow_redirects=False)
    return response


def test_new_story_from_uploaded_files(analysis_pages, example_texts):
    pages = analysis_pages
    files = [(f"{stem}.txt", text.encode(), "text/plain") for stem, text in example_texts.items()]
    response = new_story(pages, files=files)
    assert response.status_code == 303
    story = pages.get(response.headers["location"])
    assert story.status_code == 200
    html = story.text
    brief = pages.get("/api/stories/1/brief").json()
    assert brief["title"] and f"<h1>{escape(brief['title'])}</h1>" in html  # untitled: the brief's headline
    assert html.count('class="cite"') >= 3
    for ext in ("md", "json", "html"):
        assert f'brief.{ext}" download' in html
    # The analysis sections, drawn from the stored brief's JSON.
    if brief.get("timeline"):
        assert '<svg class="timeline"' in html
        assert html.count('<g class="event">') == len([e for e in brief["timeline"] if re.match(r"\d{4}", e["date"])])
    for entity in brief.get("entities", [])[:3]:
        assert entity["name"] in html
    for figure in [f for f in brief.get("figures", []) if f["disputed"]]:
        assert figure["quantity"] in html


def test_analysis_views_from_a_stored_brief(pages, example_texts):
    """Analysis comes from another stage; render whatever the JSON holds, independently of it."""
    response = new_story(pages, text=example_texts["01_harbour_courier"])
    story_id = int(response.headers["location"].rsplit("/", 1)[1])
    store = pages.app.state.store
    data = pages.get(f"/api/stories/{story_id}/brief").json()
    data.update({
        "entities": [{"name": "Zed Quorra", "type": "PERSON", "title": "harbour master", "mentions": 3,
                      "articles": ["pasted-1"]}],
        "quotes": [{"text": "No boat leaves today", "speaker": "Zed Quorra", "speaker_description": "harbour master",
                    "articles": ["pasted-1"], "sentence": "x"}],
        "figures": [{"quantity": "stranded commuters", "disputed": True, "values": [
            {"value": 2500, "unit": None, "text": "roughly 2,500", "articles": ["pasted-1"]},
            {"value": 3000, "unit": None, "text": "about 3,000", "articles": ["pasted-1"]}]},
            {"quantity": "agreed figure", "disputed": False, "values": []}],
        "timeline": [{"date": "2024-03-12", "text": "Crews <b>strike</b>", "articles": ["pasted-1"]},
                     {"date": "2024-03-14", "text": "Talks resume", "articles": []}],
        "coverage": [{"article": "pasted-1", "summary_points": [0, 1], "exclusive": ["Only here: the mayor spoke."]}],
    })
    store.save_brief(story_id, store.get_story(story_id).revision, data, "md", "html")
    html = pages.get(f"/stories/{story_id}").text
    assert html.count('<g class="event">') == 2
    assert "Crews &lt;b&gt;strike&lt;/b&gt;" in html  # escaped inside the SVG too
    assert "Zed Quorra" in html and "harbour master" in html and "“No boat leaves today”" in html
    assert '<a href="#speaker-0">1</a>' in html and 'id="speaker-0"' in html  # entity row points at the quotes
    assert "stranded commuters" in html and "roughly 2,500" in html and "about 3,000" in html
    # Every figure is listed, the disputed ones first and tagged, as in the HTML report.
    assert html.index("stranded commuters") < html.index("agreed figure")
    assert 'stranded commuters <span class="tag">disputed</span>' in html
    assert '<a href="#s0">1</a>, <a href="#s1">2</a>' in html
    assert pages.get(f"/api/stories/{story_id}/analysis").json()["entities"][0]["name"] == "Zed Quorra"


def test_story_page_shows_what_the_report_shows(pages, example_texts):
    """Off-story notice on top, every figure with each value's source and date, on-story counts, words not codes."""
    ids = ["01_harbour_courier", "02_coastal_wire", "03_island_voice", "04_harbour_courier_2019"]
    response = new_story(pages, files=[(f"{i}.txt", example_texts[i].encode(), "text/plain") for i in ids])
    story_id = int(response.headers["location"].rsplit("/", 1)[1])
    store = pages.app.state.store
    data = pages.get(f"/api/stories/{story_id}/brief").json()
    off = [a for a in data["articles"] if a["left_out"]]
    assert [a["id"] for a in off] == ["04_harbour_courier_2019"], "the example's 2019 article is off-story"
    data.update({
        "entities": [{"name": "Zed Quorra", "type": "PERSON", "mentions": 1, "articles": ids[::-1]},
                     {"name": "Kesselian", "type": "NORP", "mentions": 2, "articles": ids[:1]}],
        "figures": [{"quantity": "stranded commuters", "disputed": True, "values": [
            {"value": 2500, "text": "2,500", "articles": [ids[0]], "dates": ["2024-03-12"]},
            {"value": 9000, "text": "9,000", "articles": [ids[3]], "dates": ["2019-05-02"]}]}],
    })
    store.save_brief(story_id, store.get_story(story_id).revision, data, "md", "html")
    html = pages.get(f"/stories/{story_id}").text
    notice = html[html.index('id="off-story"'):html.index('class="brief"')]
    assert "Left out of the summary as off-story" in notice and off[0]["off_story_reason"][:30] in notice
    assert '2,500</b>\n <a href="/stories/%d/articles/%s">[1]</a> <span class="muted date">2024-03-12</span>' % (
        story_id, ids[0]) in html
    assert '<span class="muted date">2019-05-02</span>' in html
    counts = re.findall(r"(\d+)/(\d+) sources", html)
    assert counts and {m for _, m in counts} == {"3"}  # of the 3 on-story articles, not all 4
    row = html[html.index("Zed Quorra"):]
    row = row[:row.index("</tr>")]
    assert re.findall(r"\[(\d)\]", row) == ["1", "2", "3", "4"]  # links in number order
    assert "<td>person</td>" in row and "1 mention<" not in row  # the type in words
    assert "Groups and nationalities mentioned: Kesselian" in html and "<td>Kesselian" not in html


def test_story_list_and_search_pages(pages, example_texts):
    assert "No stories yet" in pages.get("/").text
    new_story(pages, text=example_texts["02_coastal_wire"], title="Wire story")
    assert "Wire story" in pages.get("/").text
    assert "Wire story" in pages.get("/", params={"q": "commuters"}).text
    assert "No story mentions <q>zeppelin</q>" in pages.get("/", params={"q": "zeppelin"}).text


def test_add_articles_from_the_story_page(pages, example_texts):
    location = new_story(pages, text=example_texts["01_harbour_courier"]).headers["location"]
    response = pages.post(f"{location}/articles", data={"text": example_texts["01_harbour_courier"] + "\n---\n"
                                                        + example_texts["03_island_voice"]},
                          files=[("files", ("", b"", "application/octet-stream"))], follow_redirects=False)
    assert response.status_code == 303
    page = pages.get(response.headers["location"]).text
    assert "Added 1 article; 1 already in the story, not added again." in page
    assert "2 articles" in page


def test_form_errors_are_shown_not_raised(pages):
    response = new_story(pages, urls="http://169.254.169.254/latest/meta-data/")
    assert response.status_code == 400
    assert "169.254.169.254" in response.text and "refused" in response.text
    files = [("photo.jpg", b"\xff\xd8\xff\xe0binary", "image/jpeg")]
    assert "photo.jpg: unsupported file type &#39;.jpg&#39;" in new_story(pages, files=files).text


def test_article_page_marks_removed_furniture(pages, example_texts):
    location = new_story(pages, files=[("courier.txt", example_texts["01_harbour_courier"].encode(), "text/plain")]
                         ).headers["location"]
    html = pages.get(f"{location}/articles/courier").text
    assert '<del class="removed" title="removed by cleaning">Listen Live</del>' in html
    assert "<h2>Removed (" in html
    assert pages.get(f"{location}/articles/nope").status_code == 404
    assert pages.get(f"{location}/articles/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_unknown_story_page_is_a_404_page(pages):
    response = pages.get("/stories/12345")
    assert response.status_code == 404
    assert "no story with id 12345" in response.text and "<html" in response.text

"""The HTTP API on SQLite and on a real PostgreSQL, through FastAPI's TestClient (httpx)."""

from __future__ import annotations

import json

import jsonschema

from newsbrief.render import schema
from newsbrief.web import intake

EVIL = (
    "Harbour officials said on Tuesday the ferry strike would end soon, according to a statement.\n\n"
    "<script>window.pwned = 1; alert('pwned')</script> "
    '<img src=x onerror="window.pwned = 2"> <a href="javascript:window.pwned=3">click</a> '
    "The union said talks with the operator about rest periods and pay would resume on Thursday morning."
)


def create(client, texts, **extra):
    response = client.post("/api/stories", json={"texts": texts, **extra})
    assert response.status_code == 201, response.text
    return response.json()


def test_create_story_returns_the_documented_brief(analysis_client, example_texts):
    client = analysis_client
    body = create(client, list(example_texts.values()), title="Ferry strike")
    assert body["story"]["title"] == "Ferry strike"
    assert body["story"]["article_count"] == 4
    assert body["added"] == ["pasted-1", "pasted-2", "pasted-3", "pasted-4"]
    brief = body["brief"]
    jsonschema.validate(brief, schema())
    assert brief["summary"]["sentences"], "the example story yields a summary"
    cited = {src for s in brief["summary"]["sentences"] for src in s["sources"]}
    assert cited <= set(body["added"])
    # GET returns exactly the stored brief.
    stored = client.get(body["story"]["brief_url"])
    assert stored.headers["content-type"].startswith("application/json")
    assert stored.json() == brief
    # The analysis sections of the brief (when the pipeline adds them) are served on their own too.
    keys = [k for k in ("entities", "quotes", "figures", "timeline", "coverage") if k in brief]
    analysis = client.get(f"/api/stories/{body['story']['id']}/analysis").json()
    assert analysis == {k: brief[k] for k in keys}


def test_brief_formats_and_downloads(client, example_texts):
    story = create(client, list(example_texts.values()))["story"]
    md = client.get(f"/api/stories/{story['id']}/brief", params={"format": "md"})
    assert md.headers["content-type"].startswith("text/markdown") and md.text.startswith("# ")
    html = client.get(f"/api/stories/{story['id']}/brief", params={"format": "html"})
    assert html.text.startswith("<!doctype html>")
    for ext in ("md", "json", "html"):
        download = client.get(f"/stories/{story['id']}/brief.{ext}")
        assert download.status_code == 200
        assert f'filename="story-{story["id"]}-brief.{ext}"' in download.headers["content-disposition"]
    assert client.get(f"/stories/{story['id']}/brief.exe").status_code == 404


def test_re_adding_articles_does_not_duplicate_them(client, example_texts):
    texts = list(example_texts.values())
    story = create(client, texts[:2])["story"]
    response = client.post(f"/api/stories/{story['id']}/articles", json={"texts": texts[1:]})
    assert response.status_code == 200
    body = response.json()
    # Ids are per request; a taken key gets a suffix rather than overwriting.
    assert body["added"] == ["pasted-2-2", "pasted-3"]
    assert body["duplicates"] == ["pasted-1"]
    assert body["story"]["article_count"] == 4
    assert len(body["brief"]["articles"]) == 4
    detail = client.get(f"/api/stories/{story['id']}").json()
    assert len(detail["articles"]) == 4


def test_multipart_upload(client, example_texts):
    files = [("files", (f"{stem}.txt", text.encode(), "text/plain")) for stem, text in example_texts.items()]
    files.append(("files", ("photo.png", b"\x89PNG\x00\x00", "image/png")))
    files.append(("files", ("latin1.txt", "caf\xe9 au lait, the strike went on".encode("latin-1"), "text/plain")))
    response = client.post("/api/stories/upload", files=files, data={"title": "Uploaded"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["added"] == [*example_texts, "latin1"]  # file stems become the cited ids; Latin-1 is detected
    assert any("photo.png: unsupported file type '.png'" in e for e in body["errors"])
    assert len(body["errors"]) == 1
    assert body["brief"]["errors"] == body["errors"]  # kept with the brief, shown on the story page
    added = client.post(f"/api/stories/{body['story']['id']}/articles/upload",
                        data={"text": "A new line of reporting: the ferries sailed again on Friday after talks.\n---\n"
                                      + next(iter(example_texts.values()))})
    assert added.status_code == 200, added.text
    assert added.json()["added"] == ["pasted-1"] and len(added.json()["duplicates"]) == 1


def test_html_upload_is_extracted(client):
    page = ("<html><head><title>Ferry talks resume</title></head><body><nav>Home | Sport</nav><article>"
            "<p>Talks between Bluewake Lines and the Maritime Workers Union resumed on Thursday in Port Alder.</p>"
            "<p>Both sides said they hoped to agree new rest periods for ferry crews before the weekend.</p>"
            "</article></body></html>")
    response = client.post("/api/stories/upload", files=[("files", ("talks.html", page.encode(), "text/html"))])
    assert response.status_code == 201, response.text
    article = response.json()["brief"]["articles"][0]
    assert article["id"] == "talks" and article["title"] == "Ferry talks resume"
    assert "Home | Sport" not in article["text"]


def test_failed_links_are_reported_and_the_rest_is_processed(client, example_texts):
    body = create(client, list(example_texts.values())[:2],
                  urls=["http://127.0.0.1:9/nothing", "gopher://old.example/"])
    assert body["story"]["article_count"] == 2
    assert any("127.0.0.1:9/nothing: refused" in e for e in body["errors"])
    assert any("gopher://old.example/: only http" in e for e in body["errors"])


def test_nothing_usable_is_a_400_naming_why(client):
    response = client.post("/api/stories", json={"urls": ["http://10.0.0.1/a"]})
    assert response.status_code == 400
    assert "no usable article in the request" in response.json()["error"]
    assert "10.0.0.1" in response.json()["error"]
    wrong = client.post("/api/stories", json={"texts": "not a list"})
    assert wrong.status_code == 400 and wrong.json() == {"error": "texts: must be a list"}


def test_upload_limits(client, monkeypatch):
    monkeypatch.setattr(intake, "MAX_FILES", 3)
    files = [("files", (f"a{i}.txt", b"Ferry crews walked off the job on Tuesday morning.", "text/plain"))
             for i in range(4)]
    response = client.post("/api/stories/upload", files=files)
    assert response.status_code == 413
    assert response.json()["error"] == "too many files: 4 sent, at most 3 per request; send them in batches"
    monkeypatch.setattr(intake, "MAX_FILE_BYTES", 100)
    big = [("files", ("big.txt", b"word " * 100, "text/plain")),
           ("files", ("ok.txt", b"Ferry crews walked off the job on Tuesday morning in Port Alder.", "text/plain"))]
    body = client.post("/api/stories/upload", files=big).json()
    assert body["added"] == ["ok"]
    assert body["errors"] == ["big.txt: file is 500 bytes, over the 100 bytes upload limit"]


def test_request_body_limit(client):
    huge = "x" * (intake.MAX_REQUEST_BYTES + 10)
    response = client.post("/api/stories/upload", files=[("files", ("huge.txt", huge.encode(), "text/plain"))])
    assert response.status_code == 413
    assert "request body over the 32 MB limit" in response.json()["error"]

    def chunks():  # no Content-Length: the limit is enforced while reading
        yield b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n'
        for _ in range(intake.MAX_REQUEST_BYTES // 2**20 + 1):
            yield b"x" * 2**20
        yield b"\r\n--b--\r\n"

    response = client.post("/api/stories/upload", content=chunks(),
                           headers={"content-type": "multipart/form-data; boundary=b"})
    assert response.status_code == 413
    assert "request body over the 32 MB limit" in response.json()["error"]


def test_list_and_search(client, example_texts):
    strike = create(client, list(example_texts.values()))["story"]
    other = create(client, ["The council approved the new harbour budget after a long night of debate in the hall."],
                   title="Council budget")["story"]
    listed = client.get("/api/stories").json()["stories"]
    assert [s["id"] for s in listed] == [other["id"], strike["id"]]
    assert [s["id"] for s in client.get("/api/stories", params={"q": "Bluewake"}).json()["stories"]] == [strike["id"]]
    assert [s["id"] for s in client.get("/api/stories", params={"q": "debate"}).json()["stories"]] == [other["id"]]
    assert client.get("/api/stories", params={"q": "zeppelin"}).json()["stories"] == []
    assert client.get("/api/stories", params={"limit": 0}).status_code == 400


def test_article_and_analysis_endpoints(client, example_texts):
    story = create(client, [example_texts["01_harbour_courier"]])["story"]
    assert client.get(story["brief_url"]).json().get("analysis") in (None, False)  # analysis off in this app
    article = client.get(f"/api/stories/{story['id']}/articles/pasted-1").json()
    assert article["original_text"] == example_texts["01_harbour_courier"].replace("\r\n", "\n")
    assert "Listen Live" in article["removed"] and "Listen Live" not in article["text"]
    analysis = client.get(f"/api/stories/{story['id']}/analysis")
    assert analysis.status_code == 200
    assert not any(analysis.json().values())  # empty sections when analysis did not run


def test_not_found_is_json_404(client):
    for path in ("/api/stories/999", "/api/stories/999/brief", "/api/stories/999/analysis",
                 "/api/stories/999/articles/x"):
        response = client.get(path)
        assert response.status_code == 404 and "no story with id 999" in response.json()["error"]
    response = client.post("/api/stories/999/articles", json={"texts": ["Some text about nothing at all here."]})
    assert response.status_code == 404


def test_restart_keeps_stories(db_url, app_factory, example_texts):
    from fastapi.testclient import TestClient

    with TestClient(app_factory(db_url)) as first:
        story = create(first, list(example_texts.values()))["story"]
        brief = first.get(story["brief_url"]).json()
    with TestClient(app_factory(db_url)) as second:
        assert second.get(story["brief_url"]).json() == brief
        assert second.get(f"/stories/{story['id']}").status_code == 200


def test_openapi_and_offline_docs(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/upload", "/api/stories/{story_id}/brief",
            "/api/stories/{story_id}/articles", "/api/stories/{story_id}/analysis"} <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/docs-assets/swagger-ui-bundle.js" in docs.text
    assert "cdn." not in docs.text
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200


def test_article_text_is_escaped_in_pages(client):
    story = create(client, [EVIL])["story"]
    for path in (f"/stories/{story['id']}", f"/stories/{story['id']}/articles/pasted-1", "/"):
        page = client.get(path)
        assert page.status_code == 200
        assert "<script>window.pwned" not in page.text
        assert "<img src=x" not in page.text and 'href="javascript:' not in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
    article_page = client.get(f"/stories/{story['id']}/articles/pasted-1").text
    assert "&lt;script&gt;window.pwned = 1;" in article_page


def test_brief_json_round_trips(client, example_texts):
    body = create(client, list(example_texts.values()))
    raw = client.get(f"/stories/{body['story']['id']}/brief.json").text
    assert json.loads(raw) == body["brief"]


import pytest  # noqa: E402


@pytest.mark.parametrize(
    "method, path, kwargs, status, message",
    [
        ("post", "/api/stories", {"json": {"texts": ["Ferry crews walked out."], "words": 0}}, 400,
         "words: must be at least 1, got 0"),
        ("post", "/api/stories", {"content": b"{oops", "headers": {"content-type": "application/json"}}, 400,
         "request body is not valid JSON"),
        ("post", "/api/stories", {"json": ["a list"]}, 400, "request body must be a JSON object"),
        ("post", "/api/stories", {"json": {"texts": [3]}}, 400, 'texts.0: must be a string or an object with "text"'),
        ("get", "/api/stories/abc", {}, 404, "story id must be a whole number, got 'abc'"),
        ("get", "/api/stories/1/brief?format=pdf", {}, 400, "format: must be one of json, md or html, got 'pdf'"),
        ("get", "/api/stories?limit=0", {}, 400, "limit: must be at least 1, got 0"),
    ],
)
def test_every_api_error_is_one_line_in_the_documented_shape(client, method, path, kwargs, status, message):
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status, response.text
    body = response.json()
    assert list(body) == ["error"] and message in body["error"] and "\n" not in body["error"]


def test_openapi_documents_the_error_shape_and_readable_body_names(client):
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert "Error" in schemas and "HTTPValidationError" not in schemas
    assert not [name for name in schemas if name.startswith("Body_")]
    assert {"StoryUpload", "ArticlesUpload"} <= set(schemas)
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            assert "422" not in operation["responses"], path
            assert operation["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")


def test_links_box_takes_one_link_per_line(client):
    response = client.post("/api/stories/upload", data={"urls": "not a url\n\n", "text": "Ferry crews walked off the "
                           "job on Tuesday morning in Port Alder, the union said."})
    assert response.status_code == 201, response.text
    assert len(response.json()["errors"]) == 1 and "not a url" in response.json()["errors"][0]


def test_rebrief_keeps_the_budget_and_earlier_failed_inputs(client, example_texts):
    texts = list(example_texts.values())
    body = client.post("/api/stories/upload", data={"text": texts[0], "urls": "ftp://example.org/a"}).json()
    story = body["story"]["id"]
    assert len(body["errors"]) == 1
    first = client.post(f"/api/stories/{story}/articles", json={"texts": [texts[1]], "words": 40}).json()
    assert first["brief"]["summary"]["requested_words"] == 40
    again = client.post(f"/api/stories/{story}/articles", json={"texts": [texts[2]]}).json()
    assert again["brief"]["summary"]["requested_words"] == 40 and again["brief"]["summary"]["budget_words"] == 40
    assert again["brief"]["summary"]["words"] <= 40
    assert again["brief"]["errors"] == body["errors"]  # the failed link of the first request is still listed


def test_head_answers_like_get(client):
    for path in ("/", "/new", "/api/stories"):
        get, head = client.get(path), client.head(path)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"]


def test_story_title_is_read_after_cleaning(client):
    text = ("Play Live Radio\nNext Up:\n\nFerry Crews Walk Out Over Rest Rules\n\n"
            "Ferry crews in Port Alder walked off the job on Tuesday, halting all crossings to Gull Island. "
            "The union said talks with the operator about rest periods would resume on Thursday morning.")
    body = create(client, [text])
    assert body["story"]["title"] == "Ferry Crews Walk Out Over Rest Rules"


def test_an_untitled_story_is_named_by_its_briefs_headline(client):
    # The first text is a follow-up a week later; the story's headline is that of its most central article.
    follow_up = ("Ferry Operator Hires Extra Crews After Strike\n\n"
                 "A week after the strike, the Port Alder ferry operator said on Monday it had hired twelve extra crews. "
                 "Crossings to Gull Island run to the normal timetable again.")
    main = ("Ferry Crews Walk Out Over Rest Rules\n\n"
            "Ferry crews in Port Alder walked off the job on Tuesday, halting all crossings to Gull Island. "
            "The union said the strike over rest periods would go on until talks with the operator resume. "
            "Islanders queued at the harbour as the strike stopped the morning crossings.")
    second = ("Strike Halts Gull Island Ferries\n\n"
              "A strike by ferry crews over rest periods halted all crossings between Port Alder and Gull Island on "
              "Tuesday. The union said crews walked off the job after talks with the operator about rest rules failed. "
              "Islanders waited at the harbour for crossings that never came.")
    body = create(client, [follow_up, main, second])
    assert body["brief"]["title"] in ("Ferry Crews Walk Out Over Rest Rules", "Strike Halts Gull Island Ferries")
    assert body["story"]["title"] == body["brief"]["title"]
    assert client.get(f"/api/stories/{body['story']['id']}").json()["story"]["title"] == body["brief"]["title"]
    listed = client.get("/api/stories").json()
    assert body["brief"]["title"] in json.dumps(listed)

"""Issue 9: hostile requests get a 4xx with one error line, never a 500; links never leak credentials."""

from __future__ import annotations

import pytest

from newsbrief.errors import InputError
from newsbrief import fetch
from newsbrief.fetch import FetchPolicy, fetch_article, is_public_address
from newsbrief.web import intake

from .test_fetch import ALLOW, url  # noqa: F401  (the local site fixture below)
from .test_fetch import site  # noqa: F401

TEXT = (
    "Ferry crews in Port Alder walked off the job on Tuesday, halting every crossing to Kessel Island.\n\n"
    "The Maritime Workers Union said the strike would last 48 hours unless Bluewake Lines reopened talks."
)


def _story(client) -> int:
    response = client.post("/api/stories", json={"texts": [TEXT]})
    assert response.status_code == 201, response.text
    return response.json()["story"]["id"]


@pytest.mark.parametrize("story_id", ["0", "-1", str(2**31), str(2**63), str(2**64 + 5), "9" * 40])
def test_out_of_range_story_ids_are_404_everywhere(client, story_id):
    _story(client)
    for path in (f"/api/stories/{story_id}", f"/api/stories/{story_id}/brief", f"/api/stories/{story_id}/analysis",
                 f"/api/stories/{story_id}/articles/pasted-1", f"/stories/{story_id}",
                 f"/stories/{story_id}/articles/pasted-1", f"/stories/{story_id}/brief.md"):
        response = client.get(path)
        assert response.status_code in (404, 422), (path, response.status_code, response.text[:200])
    response = client.post(f"/api/stories/{story_id}/articles", json={"texts": [TEXT]})
    assert response.status_code in (404, 422), response.text


@pytest.mark.parametrize("offset", [str(2**31), str(2**63), str(2**70)])
def test_huge_offsets_are_an_empty_page_not_a_500(client, offset):
    _story(client)
    response = client.get(f"/api/stories?offset={offset}")
    assert response.status_code in (200, 422), response.text
    if response.status_code == 200:
        assert response.json()["stories"] == []


@pytest.mark.parametrize("body", [
    '{"texts": ["Ferry crews walked off the job on Tuesday \\ud800 in Port Alder and stayed out."]}',
    '{"texts": [{"text": "Ferry crews walked off the job on Tuesday in Port Alder today.", "title": "\\udfff"}]}',
    '{"texts": ["Ferry crews walked off the job on Tuesday\\u0000 in Port Alder and stayed out."]}',
    '{"texts": ["%s"], "title": "bad \\ud83d title"}' % TEXT.replace("\n", "\\n"),
])
def test_lone_surrogates_and_nuls_in_json_are_400(client, body):
    response = client.post("/api/stories", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert "error" in response.json()
    assert client.get("/api/stories").json()["stories"] == []


def test_nul_in_search_is_400_not_503(client):
    _story(client)
    response = client.get("/api/stories", params={"q": "ferry\x00strike"})
    assert response.status_code == 400, response.text
    assert "NUL" in response.json()["error"]
    assert client.get("/", params={"q": "a\x00b"}).status_code == 400


def test_nul_in_an_article_key_is_404(client):
    story = _story(client)
    assert client.get(f"/api/stories/{story}/articles/a%00b").status_code == 404


def test_furniture_only_paste_is_400_like_the_cli(client):
    response = client.post("/api/stories", json={"texts": ["Advertisement\n\nShare this article\n\n3 Comments"]})
    assert response.status_code == 400, response.text
    assert "no usable article" in response.json()["error"]
    assert client.get("/api/stories").json()["stories"] == []


def test_pasted_text_limit_is_the_same_for_json_and_multipart(client):
    big = ("Ferry crews walked off the job on Tuesday in Port Alder. " * 20_000)[: intake.MAX_TEXT_BYTES + 10]
    json_response = client.post("/api/stories", json={"texts": [big]})
    form_response = client.post("/api/stories/upload", data={"text": big})
    assert json_response.status_code in (400, 413) and form_response.status_code in (400, 413)
    fits = big[: intake.MAX_TEXT_BYTES - 100]
    assert client.post("/api/stories", json={"texts": [fits]}).status_code == 201
    assert client.post("/api/stories/upload", data={"text": fits}).status_code == 201


def test_upload_with_a_nul_after_8_kb_is_an_error_line(client):
    data = (TEXT + "\n\n").encode() * 60 + b"\x00 tail"
    response = client.post("/api/stories/upload", files={"files": ("late.txt", data, "text/plain")},
                           data={"text": TEXT})
    assert response.status_code == 201, response.text
    assert any("late.txt: holds a NUL byte" in e for e in response.json()["errors"])


# --- links ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["2002:7f00:1::", "2002:a00:1::1", "2002:c0a8:101::", "64:ff9b::7f00:1",
                                     "2001:0:4136:e378:8000:63bf:80ff:fffe"])
def test_ipv6_forms_carrying_a_private_ipv4_are_not_public(address):
    assert not is_public_address(address)


def test_6to4_of_a_public_ipv4_is_public():
    assert is_public_address("2002:0808:0808::")  # 8.8.8.8


def test_credentials_never_reach_an_error_or_the_store(site):  # noqa: F811
    port = site.server_address[1]
    assert fetch.redact("see https://ann:s3cret@example.org/x and http://tok@h/") == "see https://example.org/x and http://h/"
    with pytest.raises(InputError) as caught:
        fetch_article(f"http://ann:s3cret@127.0.0.1:{port}/missing", article_id="x", policy=ALLOW)
    assert "s3cret" not in str(caught.value) and "ann" not in str(caught.value)
    article = fetch_article(f"http://ann:s3cret@127.0.0.1:{port}/article", article_id="x", policy=ALLOW)
    assert "s3cret" not in (article.url or "") and "s3cret" not in (article.path or "")
    with pytest.raises(InputError) as refused:
        fetch_article("http://ann:s3cret@127.0.0.1:1/", article_id="x", policy=FetchPolicy())
    assert "s3cret" not in str(refused.value)
    with pytest.raises(InputError, match="not a usable link"):
        fetch_article("http://ann:s3cret@example.org:99999/", article_id="x", policy=FetchPolicy())

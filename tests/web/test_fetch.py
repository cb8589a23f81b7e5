"""URL intake: address refusal (no internet needed) and real fetches from a local server."""

from __future__ import annotations

import http.server
import threading
import time

import pytest

from newsbrief import fetch
from newsbrief.errors import EmptyArticle, InputError, UnreadableFile
from newsbrief.fetch import FetchPolicy, RefusedAddress, check_url, fetch_article, fetch_page, is_public_address

ARTICLE_HTML = """<!doctype html><html><head><title>Ferry strike halts crossings</title>
<meta property="og:site_name" content="Harbour Courier"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Ferry strike halts crossings</h1>
<p>Ferry crews walked off the job on Tuesday, halting every crossing between Port Alder and Kessel Island.</p>
<p>The Maritime Workers Union said the strike would last 48 hours unless Bluewake Lines reopened talks on pay.</p>
<p>Commuters queued at the terminal for hours before the operator confirmed that no boats would sail.</p>
</article><footer>Copyright Harbour Courier</footer></body></html>"""


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        port = self.server.server_address[1]
        routes = {
            "/article": (200, "text/html; charset=utf-8", ARTICLE_HTML.encode()),
            "/plain": (200, "text/plain", b"Ferry crews walked off the job on Tuesday in Port Alder."),
            "/big": (200, "text/html", b"<p>" + b"x" * 50_000 + b"</p>"),
            "/image": (200, "image/png", b"\x89PNG...."),
            "/missing": (404, "text/html", b"not here"),
            "/empty": (200, "text/html", b"<html><head><title>t</title></head><body></body></html>"),
        }
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/to-article":
            return self._redirect(f"http://127.0.0.1:{port}/article")
        if self.path == "/to-private":
            return self._redirect(f"http://127.0.0.2:{port}/article")
        if self.path == "/loop":
            return self._redirect("/loop")
        status, ctype, body = routes.get(self.path, (200, "text/html", ARTICLE_HTML.encode()))
        try:
            self._send(status, ctype, body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up on purpose (size, timeout)
            return
        self.server.seen_agents.append(self.headers.get("User-Agent"))

    def _send(self, status, ctype, body):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture(scope="module")
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.seen_agents = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


def url(site, path: str) -> str:
    return f"http://127.0.0.1:{site.server_address[1]}{path}"


ALLOW = FetchPolicy(allow_private=True)


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254",
                                     "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1",
                                     "224.0.0.1", "240.0.0.1"])
def test_non_public_addresses(address):
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses(address):
    assert is_public_address(address)


@pytest.mark.parametrize("link", ["http://localhost/a", "http://127.0.0.1:8000/", "http://[::1]/x",
                                  "http://169.254.169.254/latest/meta-data/", "https://10.0.0.5/",
                                  "http://2130706433/"])
def test_private_links_are_refused(link):
    with pytest.raises(RefusedAddress, match="refused: .* private, loopback or link-local"):
        check_url(link)


@pytest.mark.parametrize("link, why", [("ftp://example.com/a", "only http"), ("file:///etc/passwd", "only http"),
                                       ("javascript:alert(1)", "only http"), ("http:///nohost", "no host")])
def test_bad_links_are_refused(link, why):
    with pytest.raises(InputError, match=why):
        check_url(link, ALLOW)


def test_fetch_from_local_server_when_private_urls_are_allowed(site):
    article = fetch_article(url(site, "/article"), article_id="courier", policy=ALLOW)
    assert "halting every crossing between Port Alder and Kessel Island" in article.text
    assert "Home" not in article.text  # trafilatura dropped the navigation
    assert article.url == url(site, "/article")
    assert site.seen_agents[-1] == fetch.USER_AGENT


def test_local_server_is_refused_by_default(site):
    with pytest.raises(RefusedAddress, match=r"127\.0\.0\.1"):
        fetch_page(url(site, "/article"))


def test_redirects_are_followed_and_every_hop_is_checked(site, monkeypatch):
    page = fetch_page(url(site, "/to-article"), ALLOW)
    assert page.final_url == url(site, "/article")
    # Pretend 127.0.0.1 were a public address: the first hop passes, the hop to 127.0.0.2 must not.
    monkeypatch.setattr(fetch, "is_public_address", lambda a: a == "127.0.0.1")
    assert "Port Alder" in fetch_page(url(site, "/article")).text
    with pytest.raises(RefusedAddress, match=r"127\.0\.0\.2"):
        fetch_page(url(site, "/to-private"))


def test_connection_itself_checks_the_address(site, monkeypatch):
    # DNS rebinding: the pre-check saw a public answer, the connection resolves again to loopback.
    monkeypatch.setattr(fetch, "check_url", lambda *a, **k: None)
    with pytest.raises(RefusedAddress, match="non-public address"):
        fetch_page(url(site, "/article"))


def test_redirect_loops_stop(site):
    with pytest.raises(UnreadableFile, match="more than 5 redirects"):
        fetch_page(url(site, "/loop"), ALLOW)


def test_size_limit(site):
    with pytest.raises(UnreadableFile, match="over the 0 MB limit"):
        fetch_page(url(site, "/big"), FetchPolicy(allow_private=True, max_bytes=10_000))


def test_timeout(site):
    with pytest.raises(UnreadableFile, match="timed out"):
        fetch_page(url(site, "/slow"), FetchPolicy(allow_private=True, read_timeout_s=0.3))


def test_http_errors_and_wrong_content(site):
    with pytest.raises(UnreadableFile, match="HTTP 404"):
        fetch_page(url(site, "/missing"), ALLOW)
    with pytest.raises(UnreadableFile, match="not a web page .*image/png"):
        fetch_page(url(site, "/image"), ALLOW)
    with pytest.raises(EmptyArticle, match="no article text"):
        fetch_article(url(site, "/empty"), article_id="x", policy=ALLOW)
    with pytest.raises(UnreadableFile, match="cannot fetch"):
        fetch_page(f"http://127.0.0.1:{_closed_port()}/", ALLOW)


def test_plain_text_pages(site):
    article = fetch_article(url(site, "/plain"), article_id="p", policy=ALLOW)
    assert article.text.startswith("Ferry crews walked off")


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_story_from_links_through_the_api(site, sqlite_url, app_factory):
    """End to end: `serve --allow-private-urls` fetches from a local server; the default app refuses it."""
    from fastapi.testclient import TestClient

    links = [url(site, "/article"), url(site, "/missing")]
    with TestClient(app_factory(sqlite_url, allow_private_urls=True)) as client:
        response = client.post("/api/stories", json={"urls": links})
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["added"] == ["127.0.0.1-article"]
        assert body["errors"] == [f"{links[1]}: the server answered HTTP 404"]
        article = body["brief"]["articles"][0]
        assert article["url"] == links[0] and "Kessel Island" in article["text"]
    with TestClient(app_factory(sqlite_url)) as client:
        response = client.post("/api/stories", json={"urls": links[:1], "texts": ["Ferry crews struck on Tuesday."]})
        assert response.status_code == 201
        assert response.json()["errors"][0].startswith(f"{links[0]}: refused")

"""URL intake: fetch an article page over HTTP(S), safely, and read it as an Article.

A server that fetches URLs given by users must not become a way into the
network it sits in. So, unless ``allow_private`` is set, every address a
host name resolves to must be a public one: loopback, private, link-local
(cloud metadata at 169.254.169.254), multicast and reserved addresses are
refused. The check runs twice: before each request, redirect hops included
(for a clear message), and again inside the connection itself on the
address actually dialled (so a DNS answer that changes between the two —
"DNS rebinding" — cannot slip through).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from .errors import InputError, RefusedAddress, UnreadableFile
from .ingest import article_from_html
from .models import Article

USER_AGENT = "newsbrief/0.1 (+https://newsbrief.invalid/bot; article intake)"
# Article pages are rarely over 2 MB of HTML; 5 MB leaves room and bounds memory per request.
MAX_BYTES = 5 * 1024 * 1024
# Seconds: connect fast or not at all; slow news sites get a little longer to send.
CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 10.0
MAX_REDIRECTS = 5
_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Limits of one fetch; the web app builds it from ``--allow-private-urls``."""

    allow_private: bool = False
    max_bytes: int = MAX_BYTES
    connect_timeout_s: float = CONNECT_TIMEOUT_S
    read_timeout_s: float = READ_TIMEOUT_S
    max_redirects: int = MAX_REDIRECTS
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class FetchedPage:
    url: str
    final_url: str
    content_type: str
    text: str


# NAT64's well-known prefix: the last 32 bits are the IPv4 address a gateway dials.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# user:password@ in a URL: never echoed in an error or stored (issue 9).
_CREDENTIALS = re.compile(r"(?<=://)[^/@\s?#]*@")


def redact(text: str) -> str:
    """``text`` with the credentials of any URL in it removed (``https://u:p@host/`` -> ``https://host/``)."""
    return _CREDENTIALS.sub("", text)


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address (IPv4 or IPv6).

    IPv6 forms that carry an IPv4 address the packets end up at (IPv4-mapped,
    6to4 ``2002::/16``, Teredo, NAT64) are judged by that IPv4 address:
    ``2002:7f00:1::`` is 127.0.0.1.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
        elif ip.teredo is not None:
            ip = ip.teredo[1]
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_loopback or ip.is_link_local)


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to.

    Raises:
        UnreadableFile: the name does not resolve.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnreadableFile(f"{host}: cannot resolve host name ({exc})") from exc
    return list(dict.fromkeys(info[4][0] for info in infos))


def check_url(url: str, policy: FetchPolicy = FetchPolicy()) -> None:
    """Refuse a URL we must not fetch: not http(s), or a non-public host.

    Raises:
        InputError: bad scheme or no host.
        RefusedAddress: the host is, or resolves to, a non-public address.
    """
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:  # a bad port or a broken [IPv6] host
        raise InputError(f"{redact(url)}: not a usable link ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise InputError(f"{url}: only http:// and https:// links can be fetched")
    if not parts.hostname:
        raise InputError(f"{url}: the link has no host name")
    if policy.allow_private:
        return
    for address in resolve(parts.hostname, port):
        if not is_public_address(address):
            raise RefusedAddress(
                f"{url}: refused: {parts.hostname} is a private, loopback or link-local address ({address}); "
                "the server only fetches public web pages"
            )


class _GuardedBackend(httpcore.SyncBackend):
    """Dial only checked addresses: resolve, check every answer, connect to one of them."""

    def __init__(self, policy: FetchPolicy) -> None:
        self.policy = policy

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = resolve(host, port)
        if not self.policy.allow_private:
            bad = [a for a in addresses if not is_public_address(a)]
            if bad:
                raise RefusedAddress(f"{host}: refused: resolves to a non-public address ({bad[0]})")
        last: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                last = exc
        raise last or httpcore.ConnectError(f"cannot connect to {host}")


def _client(policy: FetchPolicy) -> httpx.Client:
    transport = httpx.HTTPTransport(retries=0)
    # httpx exposes no resolver hook; its pool takes any httpcore network backend.
    pool = getattr(transport, "_pool", None)
    if pool is None or not hasattr(pool, "_network_backend"):
        raise RuntimeError("httpx internals changed: cannot install the address guard; refusing to fetch")
    pool._network_backend = _GuardedBackend(policy)
    return httpx.Client(
        transport=transport,
        # No proxies or .netrc from the environment: a proxy would dial the target itself, past the guard.
        trust_env=False,
        follow_redirects=False,
        timeout=httpx.Timeout(policy.read_timeout_s, connect=policy.connect_timeout_s),
        headers={"User-Agent": policy.user_agent, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.8"},
    )


def fetch_page(url: str, policy: FetchPolicy = FetchPolicy()) -> FetchedPage:
    """Download one page, following redirects and checking every hop.

    Raises:
        InputError: the URL is refused, unreachable, too large, not HTML/text
            or answers with an HTTP error; the message names the URL.
    """
    url = url.strip()
    current = url
    with _client(policy) as client:
        for _hop in range(policy.max_redirects + 1):
            check_url(current, policy)
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise UnreadableFile(f"{url}: the server answered HTTP {response.status_code}")
                    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    if content_type and content_type not in _TEXT_TYPES:
                        raise UnreadableFile(f"{url}: not a web page (content type {content_type})")
                    body = _read_limited(response, url, policy.max_bytes)
                    encoding = response.encoding or "utf-8"
                    try:
                        text = body.decode(encoding, errors="replace")
                    except LookupError:
                        text = body.decode("utf-8", errors="replace")
                    return FetchedPage(url, current, content_type or "text/html", text)
            except RefusedAddress as exc:
                raise RefusedAddress(f"{url}: {exc}" if not str(exc).startswith(url) else str(exc)) from None
            except httpx.TimeoutException:
                raise UnreadableFile(f"{url}: timed out after {policy.read_timeout_s:.0f} s") from None
            except httpx.HTTPError as exc:
                raise UnreadableFile(f"{url}: cannot fetch: {exc or type(exc).__name__}") from None
    raise UnreadableFile(f"{url}: more than {policy.max_redirects} redirects")


def _read_limited(response: httpx.Response, url: str, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise UnreadableFile(f"{url}: page is {int(declared) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise UnreadableFile(f"{url}: page is over the {max_bytes / 1e6:.0f} MB limit")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch_article(url: str, *, article_id: str, policy: FetchPolicy = FetchPolicy()) -> Article:
    """Fetch a URL and extract its article (HTML via trafilatura; plain text as is).

    Raises:
        InputError: as :func:`fetch_page`, or the page has no article text.
    """
    try:
        page = fetch_page(url, policy)
        final_url = redact(page.final_url)
        if page.content_type == "text/plain":
            if not page.text.strip():
                raise UnreadableFile(f"{url}: the page is empty")
            return Article(id=article_id, text=page.text.replace("\r\n", "\n"), url=final_url)
        return article_from_html(page.text, article_id=article_id, origin=redact(url), url=final_url)
    except InputError as exc:
        raise type(exc)(redact(str(exc))) from None

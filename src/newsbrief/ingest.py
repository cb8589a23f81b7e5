"""Read articles from .txt and .html files, folders and dataset JSONL.

Every reader yields either an :class:`Article` or an :class:`InputError`
naming the file (and line) and the reason, so one bad file never stops a
batch. Input files are only ever opened for reading.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import EmptyArticle, InputError, UnreadableFile, UnsupportedFormat
from .models import Article
from .settings import DEFAULTS, Settings

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
DATASET_SUFFIXES = {".jsonl", ".ndjson"}

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StoryInput:
    """The articles of one story, as read, and the errors met reading them."""

    id: str
    articles: tuple[Article, ...]
    errors: tuple[InputError, ...] = ()
    references: tuple[str, ...] = ()


def read_bytes(path: Path, settings: Settings = DEFAULTS, *, html: bool = False) -> str:
    """Read a file as text, refusing huge, binary and undecodable files.

    UTF-8 (with or without a BOM) and UTF-16/32 with a BOM are read as such; an HTML page is read in
    the charset it declares; anything else is detected (see :func:`decode_text`) and the encoding
    used is logged as a warning the CLI shows.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if size > settings.max_file_bytes:
        # MB here means 2**20 bytes, the unit of Settings.max_file_bytes.
        raise UnreadableFile(
            f"{path}: file is {size / 2**20:.1f} MB, over the {settings.max_file_bytes / 2**20:.0f} MB limit; "
            "split it or raise max_file_bytes"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot read: {exc.strerror or exc}") from exc
    text = decode_text(data, str(path), html=html)
    if not text.strip():
        raise EmptyArticle(f"{path}: file is empty")
    return text


# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">, looked
# for in the first bytes of the page as the HTML standard's prescan does (it reads 1024; we allow more).
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]{1,40})", re.I)
_PRESCAN_BYTES = 4096
# Labels the WHATWG encoding standard reads as windows-1252 (a page "in Latin-1" uses its 0x80-0x9F
# quotes and dashes); the other labels are Python codec names already.
_WINDOWS_1252_LABELS = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819"}
# A detected encoding is used only when charset-normalizer's "chaos" (share of odd characters in the
# decoded text) is at most this; above it the file is refused naming the guess.
MAX_DETECTED_CHAOS = 0.05


def decode_text(data: bytes, where: str, *, html: bool = False) -> str:
    """Bytes of a text or HTML file as a string.

    In order: a byte-order mark (UTF-8, UTF-16, UTF-32); for HTML the charset the page declares;
    UTF-8; then charset-normalizer's detection. A detected encoding is logged (``where: not UTF-8;
    read as cp1252 (detected)``); ties go to windows-1252, the legacy encoding of English pages.

    Raises:
        UnreadableFile: a binary file, or bytes no encoding decodes cleanly (the message names the
            likeliest one, if any).

    Example:
        >>> decode_text("Café".encode("utf-16"), "a.txt")
        'Café'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise UnreadableFile(
                    f"{where}: starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()} "
                    f"(byte {exc.start + len(bom)}); re-save it as UTF-8"
                ) from exc
    if b"\x00" in data[:8192]:
        raise UnreadableFile(f"{where}: looks like a binary file, not text or HTML")
    declared = _declared_charset(data) if html else None
    if declared is not None:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            log.warning("%s: declares charset %s but is not valid %s; detecting the encoding", where, declared, declared)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _detected(data, where, exc)


def _declared_charset(data: bytes) -> str | None:
    """The Python codec for the charset an HTML page declares in its first bytes, or None."""
    match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    if not match:
        return None
    label = match.group(1).decode("ascii").lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _detected(data: bytes, where: str, error: UnicodeDecodeError) -> str:
    from charset_normalizer import from_bytes  # trafilatura's dependency; pinned in pyproject.toml

    matches = list(from_bytes(data))
    not_utf8 = f"{where}: not valid UTF-8 (byte {error.start})"
    if not matches:
        raise UnreadableFile(f"{not_utf8} and no text encoding fits it; re-save it as UTF-8") from error
    best = matches[0]
    # charset-normalizer merges encodings that decode to the same text and ranks equal ones arbitrarily
    # (cp1250 before cp1252 for English with accents): among the least chaotic, prefer windows-1252.
    tied = [m for m in matches if m.chaos <= best.chaos]
    western = next((m for m in tied if "cp1252" in m.could_be_from_charset), None)
    encoding, chosen = ("cp1252", western) if western else (best.encoding, best)
    if chosen.chaos > MAX_DETECTED_CHAOS:
        raise UnreadableFile(
            f"{not_utf8}; it may be {encoding}, but that reads as garbled text; re-save it as UTF-8"
        ) from error
    log.warning("%s: not UTF-8; read as %s (detected)", where, encoding)
    return data.decode(encoding)


def read_text_file(path: Path, settings: Settings = DEFAULTS) -> Article:
    """One plain-text article per file; its id is the file stem."""
    text = read_bytes(path, settings)
    return Article(id=path.stem, text=text.replace("\r\n", "\n"), path=str(path))


def read_html_file(path: Path, settings: Settings = DEFAULTS) -> Article:
    """Main text and metadata of a saved web page, via trafilatura."""
    return article_from_html(read_bytes(path, settings, html=True), article_id=path.stem, origin=str(path))


# trafilatura settings tried in order until one finds article text. Chosen on the tuning half of the
# extraction benchmark only and confirmed on the held-out half (benchmarks/extraction.py --split;
# BENCHMARKS.md "Bounded cost"): precision first, recall when precision finds nothing.
HTML_EXTRACTION: tuple[dict, ...] = ({"favor_precision": True}, {"favor_recall": True})
# Precision mode sometimes loses the body of a long page (issue 13: 111 words of a long review). When
# its text has fewer than this share of the words trafilatura's default settings find, the default's
# text is used. Tuned on the tuning half only: 0.1-0.3 all give 0.945 → 0.953 F1 there (0.5 loses a
# page where precision is right at 0.305), 0.2 sits in the middle of that gap; held-out half unchanged
# (0.979; none of its pages has the failure), so it guards the failure without costing elsewhere.
PRECISION_MIN_SHARE = 0.2


def article_from_html(html: str, *, article_id: str, origin: str, url: str | None = None) -> Article:
    """Extract an article from HTML; raise EmptyArticle if the page has none."""
    doc, body = None, ""
    for options in HTML_EXTRACTION:
        doc, body = _extract(html, url, origin, options)
        if body:
            if options.get("favor_precision"):
                check, check_body = _extract(html, url, origin, {})
                if len(body.split()) < PRECISION_MIN_SHARE * len(check_body.split()):
                    doc, body = check, check_body
            break
    if not body:
        raise EmptyArticle(f"{origin}: no article text found in the HTML; is it an article page?")
    date = getattr(doc, "date", None) or None
    return Article(
        id=article_id,
        text=body,
        title=getattr(doc, "title", None) or None,
        outlet=getattr(doc, "sitename", None) or getattr(doc, "hostname", None) or None,
        author=getattr(doc, "author", None) or None,
        date=date[:10] if date else None,
        date_source="metadata" if date else None,
        path=origin if not url else None,
        url=url or getattr(doc, "url", None) or None,
    )


def _extract(html: str, url: str | None, origin: str, options: dict):
    """trafilatura's document and its stripped text ("" when it finds none) under ``options``."""
    import trafilatura  # imported here: loading it costs ~0.3 s and plain text never needs it

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False, **options
        )
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise UnsupportedFormat(f"{origin}: cannot parse HTML: {exc}") from exc
    return doc, ((getattr(doc, "text", None) or "").strip() if doc is not None else "")


def read_dataset(path: Path, settings: Settings = DEFAULTS) -> Iterator[StoryInput]:
    """Stories from a dataset JSONL file: ``{"id", "documents": [...], ...}`` per line.

    A line that does not parse or lacks fields becomes a StoryInput with no
    articles and one error naming the file and line.
    """
    text = read_bytes(path, settings)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield StoryInput(where, (), (UnsupportedFormat(f"{where}: not valid JSON ({exc.msg})"),))
            continue
        if not isinstance(record, dict):
            yield StoryInput(where, (), (UnsupportedFormat(f"{where}: expected a JSON object"),))
            continue
        story_id = record.get("id")
        documents = record.get("documents")
        if not isinstance(story_id, (str, int)) or not isinstance(documents, list):
            missing = [k for k in ("id", "documents") if k not in record]
            reason = (
                f"missing field(s) {', '.join(missing)}" if missing else "'id' must be a string, 'documents' a list"
            )
            yield StoryInput(where, (), (UnsupportedFormat(f"{where}: {reason}"),))
            continue
        story_id = str(story_id)
        articles, errors = [], []
        for index, doc in enumerate(documents):
            if not isinstance(doc, str) or not doc.strip():
                errors.append(EmptyArticle(f"{where}: document {index} of story {story_id} is empty or not text"))
                continue
            articles.append(Article(id=f"{story_id}:{index}", text=doc, path=where))
        refs = record.get("summaries") or []
        yield StoryInput(story_id, tuple(articles), tuple(errors), tuple(r for r in refs if isinstance(r, str)))


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and files under folders named (recursive, sorted)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            out.append(path)
    return out


def read_paths(
    paths: Iterable[str | Path], settings: Settings = DEFAULTS
) -> Iterator[Article | StoryInput | InputError]:
    """Read every path: an Article per txt/html file, a StoryInput per dataset line, or an error."""
    for raw in paths:
        files = expand([raw])
        if not files and Path(raw).is_dir():
            yield EmptyArticle(f"{raw}: folder holds no files to read; expected .txt, .html or .jsonl files")
        yield from _read_files(files, settings)


def _read_files(files: list[Path], settings: Settings) -> Iterator[Article | StoryInput | InputError]:
    for path in files:
        suffix = path.suffix.lower()
        try:
            if not path.exists():
                yield UnreadableFile(f"{path}: no such file or folder")
            elif suffix in DATASET_SUFFIXES:
                yield from read_dataset(path, settings)
            elif suffix in HTML_SUFFIXES:
                yield read_html_file(path, settings)
            elif suffix in TEXT_SUFFIXES or suffix == "":
                yield read_text_file(path, settings)
            else:
                yield UnsupportedFormat(
                    f"{path}: unsupported file type {suffix!r}; use .txt, .html/.htm or dataset .jsonl"
                )
        except InputError as exc:
            yield exc


def read_story(paths: Iterable[str | Path], settings: Settings = DEFAULTS, story: str | None = None) -> StoryInput:
    """Pool everything named into one story.

    Dataset files contribute one line: the one whose id is ``story``, or the
    only line. A dataset with several stories and no ``story`` is an error
    pointing at ``newsbrief batch``.
    """
    articles: list[Article] = []
    errors: list[InputError] = []
    references: tuple[str, ...] = ()
    story_id = None
    datasets: dict[str, list[StoryInput]] = {}
    seen_files: set[Path] = set()
    for item in read_paths(paths, settings):
        if isinstance(item, Article):
            # The same file named twice (or through a folder and by name) is one article, not its own support.
            resolved = Path(item.path).resolve() if item.path else None
            if resolved is not None and resolved in seen_files:
                continue
            if resolved is not None:
                seen_files.add(resolved)
            articles.append(item)
        elif isinstance(item, StoryInput):
            source = item.articles[0].path.rsplit(":", 1)[0] if item.articles else item.id.rsplit(":", 1)[0]
            datasets.setdefault(source, []).append(item)
        else:
            errors.append(item)
    for source, lines in datasets.items():
        chosen = [s for s in lines if s.articles or s.errors]
        if story is not None:
            chosen = [s for s in lines if s.id == story]
            if not chosen:
                errors.append(UnsupportedFormat(f"{source}: no story with id {story!r}"))
                continue
        elif len(chosen) > 1:
            errors.extend(e for s in chosen for e in s.errors if not s.articles)
            chosen = [s for s in chosen if s.articles]
            if len(chosen) > 1:
                errors.append(
                    UnsupportedFormat(
                        f"{source}: holds {len(chosen)} stories; pick one with --story ID or use `newsbrief batch`"
                    )
                )
                continue
        for line in chosen:
            articles.extend(line.articles)
            errors.extend(line.errors)
            references = references or line.references
            story_id = story_id or line.id
    return StoryInput(story_id or "story", tuple(_unique_ids(articles)), tuple(errors), references)


def _unique_ids(articles: list[Article]) -> list[Article]:
    """Give articles that share a file stem (``a/story.txt``, ``b/story.txt``) distinct ids.

    Citations are numbered by id, so two articles with one id would cite each other.
    The first keeps its stem; later ones take the file name, then ``folder/name``, then a counter.
    """
    seen: set[str] = set()
    # Per stem, the next counter to try: listing every counter per article was quadratic (10,000
    # articles sharing stems took 15 s; issue 13).
    next_counter: dict[str, int] = {}
    out: list[Article] = []
    for article in articles:
        candidates = [article.id]
        if article.path and Path(article.path).suffix.lower() not in DATASET_SUFFIXES:
            path = Path(article.path)
            candidates += [path.name, f"{path.parent.name}/{path.name}"]
        new_id = next((c for c in candidates if c not in seen), None)
        if new_id is None:
            n = next_counter.get(article.id, 2)
            while f"{article.id}-{n}" in seen:
                n += 1
            next_counter[article.id] = n + 1
            new_id = f"{article.id}-{n}"
        seen.add(new_id)
        out.append(article if new_id == article.id else replace(article, id=new_id))
    return out

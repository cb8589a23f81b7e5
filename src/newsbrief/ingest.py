"""Read articles from .txt and .html files, folders, dataset JSONL and feed JSONL.

Every reader yields either an :class:`Article` or an :class:`InputError`
naming the file (and line) and the reason, so one bad file never stops a
batch. Input files are only ever opened for reading.
"""

from __future__ import annotations

import codecs
import errno
import json
import logging
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import ConfigError, EmptyArticle, InputError, UnreadableFile, UnsupportedFormat, size_text
from .lang.detect import normalize_language
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


# Folders nested deeper than this under a named folder are reported, not walked (a 1,100-deep tree
# used to hit Python's recursion limit). Real article archives are a few levels deep.
MAX_FOLDER_DEPTH = 64
# Bytes looked at for binary detection; a NUL byte later in a text file is reported too.
_SNIFF_BYTES = 8192


def read_bytes(path: Path, settings: Settings = DEFAULTS, *, nul_ok: bool = False, html: bool = False) -> str:
    """Read a file as text, refusing huge, binary, undecodable and non-regular files.

    UTF-8 (with or without a BOM) and UTF-16/32 with a BOM are read as such; an HTML page (``html``) is
    read in the charset it declares; anything else is detected (see :func:`decode_text`) and the
    encoding used is logged as a warning the CLI shows.

    A FIFO or device (``/dev/zero``) is refused before it is opened, so it can
    neither hang the run nor fill the memory; the read itself is bounded by
    ``max_file_bytes`` too, in case the file grows while it is read. With
    ``nul_ok`` only the first 8 KB decide whether the file is binary (datasets
    check each line themselves).
    """
    info = _stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile(f"{path}: not a regular file (a FIFO, device or socket); give a file to read")
    limit = settings.max_file_bytes
    too_big = UnreadableFile(
        f"{path}: file is {size_text(max(info.st_size, limit + 1))}, over the {size_text(limit)} limit; "
        "split it or raise max_file_bytes"
    )
    if info.st_size > limit:
        raise too_big
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise too_big
    text = decode_text(data, str(path), html=html)  # a NUL in the first 8 KB: a binary file
    if not nul_ok and "\x00" in text:  # a NUL after the first 8 KB (UTF-16 text decodes without any)
        raise UnreadableFile(f"{path}: holds a NUL byte at byte {data.find(bytes(1), _SNIFF_BYTES)}")
    if not text.strip():
        raise EmptyArticle(f"{path}: file is empty")
    return text


def _is_folder(path: str | Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _stat(path: Path) -> os.stat_result:
    """os.stat with a one-line reason: missing, a symbolic link loop, no permission."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise UnreadableFile(f"{path}: no such file or folder") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnreadableFile(f"{path}: symbolic link loop (a link that points back to itself)") from exc
        raise UnreadableFile(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except ValueError as exc:  # a NUL in the path itself
        raise UnreadableFile(f"{path!r}: not a usable path ({exc})") from exc


def text_problem(text: str) -> str | None:
    """Why a decoded string is not text we can carry to JSON and a database: a lone surrogate or a NUL."""
    if "\x00" in text:
        return "holds a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"holds a lone surrogate (\\u{ord(text[exc.start]):04x}), which is not Unicode text"
    return None


def _safe_name(text: str) -> str:
    """A file name as printable text: bytes that are not UTF-8 (surrogate escapes) become U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


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
    return Article(id=_safe_name(path.stem), text=text.replace("\r\n", "\n"), path=_safe_name(str(path)))


def read_html_file(path: Path, settings: Settings = DEFAULTS) -> Article:
    """Main text and metadata of a saved web page, via trafilatura."""
    return article_from_html(read_bytes(path, settings, html=True), article_id=_safe_name(path.stem), origin=_safe_name(str(path)))


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

    ``documents`` may hold strings or objects ``{"text", "title"?, "date"?,
    "url"?, "outlet"?, "id"?}``; per-document lists ``titles``, ``dates`` and
    ``doc_ids`` beside ``documents`` (as in DUC 2006) are read too. An
    article's id is ``<story id>:<document id>`` when the document has an id
    (unique within its story), else ``<story id>:<index>``.

    A line that does not parse or lacks fields becomes a StoryInput with no
    articles and one error naming the file and line; so does an article line
    of a feed file (that is read by :func:`read_paths`, not as a dataset).
    """
    for item in read_jsonl(path, settings):
        yield as_story(item, str(path))


def as_story(item: StoryInput | Article | InputError, name: str) -> StoryInput:
    """A JSONL record as a dataset story: a feed line or an error becomes a story with no articles."""
    if isinstance(item, StoryInput):
        return item
    if isinstance(item, Article):
        where = item.path or name
        return StoryInput(where, (), (UnsupportedFormat(
            f"{where}: an article line ({{id, text}}) of a feed, not a story ({{id, documents}}); "
            "`newsbrief stories` and `brief` read feeds"
        ),))
    where = str(item).split(": ", 1)[0]
    return StoryInput(where, (), (item,))


def read_jsonl(path: Path, settings: Settings = DEFAULTS) -> Iterator[StoryInput | Article | InputError]:
    """Every line of a JSONL file: a story (dataset line) or an article (feed line).

    A line with ``documents`` is a story (see :func:`read_dataset`); a line
    with ``text`` and no ``documents`` is one article of a feed, as a crawler
    or RSS poller writes it: ``{"id", "text", "date"?, "title"?, "url"?,
    "outlet"?}``, whose id is kept as it is. Any other line is an error
    naming the file and line; the other lines are still read.
    """
    text = read_bytes(path, settings, nul_ok=True)
    # JSON Lines end at "\n" only: str.splitlines also cuts at U+0085 (NEL) and U+2028, which JSON allows
    # unescaped inside a string (TAC 2011's Greek articles hold NELs; issue 15).
    yield from jsonl_records(str(path), enumerate(text.split("\n"), start=1))


def jsonl_records(name: str, lines: Iterable[tuple[int, str | InputError]]) -> Iterator[StoryInput | Article | InputError]:
    """:func:`read_jsonl` over numbered lines already read (a partition of a big file, issue 14)."""
    kind = None  # "feed" or "dataset", from the first line that says; only shapes error messages
    for number, line in lines:
        if isinstance(line, InputError):  # the reader's own problem with this line (too long, not UTF-8)
            yield line
            continue
        if not line.strip():
            continue
        where = f"{_safe_name(name)}:{number}"
        if "\x00" in line:
            yield UnsupportedFormat(f"{where}: holds a NUL byte; not a JSON line")
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            yield UnsupportedFormat(f"{where}: not valid JSON ({reason})")
            continue
        if not isinstance(record, dict):
            yield UnsupportedFormat(f"{where}: expected a JSON object")
            continue
        if "documents" not in record and ("text" in record or kind == "feed"):
            kind = "feed"
            yield from _feed_article(record, where)
        else:
            kind = "dataset"
            yield _story_line(record, where)


def _story_line(record: dict, where: str) -> StoryInput:
    story_id = record.get("id")
    documents = record.get("documents")
    # bool is an int in Python: `"id": true` is a mistake, not story "True".
    bad_id = isinstance(story_id, bool) or not isinstance(story_id, (str, int))
    if bad_id or not isinstance(documents, list):
        missing = [k for k in ("id", "documents") if k not in record]
        reason = (
            f"missing field(s) {', '.join(missing)}" if missing
            else "'id' must be a string or an integer, 'documents' a list"
        )
        return StoryInput(where, (), (UnsupportedFormat(f"{where}: {reason}"),))
    story_id = str(story_id)
    problem = "is empty" if not story_id.strip() else text_problem(story_id)
    if problem:
        return StoryInput(where, (), (UnsupportedFormat(f"{where}: 'id' {problem}"),))
    side = {key: record.get(key) if isinstance(record.get(key), list) else [] for key in ("titles", "dates", "doc_ids")}
    articles, errors = [], []
    used: set[str] = set()
    for index, doc in enumerate(documents):
        fields = dict(doc) if isinstance(doc, dict) else {"text": doc}
        for key, field_name in (("titles", "title"), ("dates", "date"), ("doc_ids", "id")):
            if index < len(side[key]) and fields.get(field_name) is None:
                fields[field_name] = side[key][index]
        if fields.get("lang") is None and record.get("lang") is not None:
            fields["lang"] = record["lang"]  # the story's language, unless the document gives its own
        body = fields.get("text")
        if not isinstance(body, str) or not body.strip():
            errors.append(EmptyArticle(f"{where}: document {index} of story {story_id} is empty or not text"))
            continue
        if problem := next((p for v in fields.values() if isinstance(v, str) and (p := text_problem(v))), None):
            errors.append(UnreadableFile(f"{where}: document {index} of story {story_id} {problem}; skipped"))
            continue
        doc_id = fields.get("id")
        local = str(doc_id) if isinstance(doc_id, (str, int)) and str(doc_id).strip() else str(index)
        if local in used:
            local = str(index)
        used.add(local)
        article, problem = _article_from(fields, f"{story_id}:{local}", where, f"document {index} of story {story_id}")
        articles.append(article)
        if problem:
            errors.append(problem)
    refs = record.get("summaries") or []
    refs = refs if isinstance(refs, list) else []
    return StoryInput(
        story_id, tuple(articles), tuple(errors),
        tuple(r for r in refs if isinstance(r, str) and text_problem(r) is None),
    )


def _feed_article(record: dict, where: str) -> Iterator[Article | InputError]:
    article_id, body = record.get("id"), record.get("text")
    missing = [k for k in ("id", "text") if k not in record]
    if missing:
        yield UnsupportedFormat(f"{where}: missing field(s) {', '.join(missing)} (a feed line is {{id, text, ...}})")
        return
    if isinstance(article_id, bool) or not isinstance(article_id, (str, int)) or not str(article_id).strip():
        yield UnsupportedFormat(f"{where}: 'id' must be a non-empty string")
        return
    if not isinstance(body, str) or not body.strip():
        yield EmptyArticle(f"{where}: article {article_id} has no text")
        return
    if problem := next((p for v in record.values() if isinstance(v, str) and (p := text_problem(v))), None):
        yield UnreadableFile(f"{where}: article {article_id} {problem}; skipped")
        return
    article, problem = _article_from(record, str(article_id), where, f"article {article_id}")
    yield article
    if problem:
        yield problem


def _article_from(fields: dict, article_id: str, where: str, what: str) -> tuple[Article, InputError | None]:
    """An Article from a document object; a bad date is reported and the article kept undated."""
    raw_date = fields.get("date")
    date = iso_date(raw_date) if isinstance(raw_date, str) else None
    problem = None
    if raw_date not in (None, "") and date is None:
        problem = UnsupportedFormat(
            f"{where}: {what}: date {raw_date!r} not understood (expected YYYY-MM-DD, MM/DD/YYYY or an "
            "RFC 2822 date); read as undated"
        )

    def text_of(key: str) -> str | None:
        value = fields.get(key)
        return value.strip() or None if isinstance(value, str) else None

    lang = None
    if fields.get("lang") not in (None, ""):
        try:
            lang = normalize_language(fields["lang"]) if isinstance(fields["lang"], str) else None
        except ConfigError:
            pass
        if lang is None and problem is None:
            problem = UnsupportedFormat(
                f"{where}: {what}: language {fields['lang']!r} not understood (expected an ISO 639-1 code such "
                "as fr or a name such as French); its language is detected instead"
            )

    article = Article(
        id=article_id,
        text=fields["text"].replace("\r\n", "\n"),
        title=text_of("title"),
        outlet=text_of("outlet"),
        author=text_of("author"),
        date=date,
        date_source="metadata" if date else None,
        path=where,
        url=text_of("url"),
        lang=lang,
        lang_source="given" if lang else None,
    )
    return article, problem


_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?")
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?")


def iso_date(value: str) -> str | None:
    """A feed's date as ISO ``YYYY-MM-DD`` (or ``YYYY-MM`` / ``YYYY``), or None if not understood.

    Accepts ISO dates with an optional time (``2005-01-08``, ``1998-06-12 13:22:05``,
    ``2026-12-01T10:00:00Z``), US ``MM/DD/YYYY`` with an optional time (DUC 2006),
    RFC 2822 (``Tue, 01 Dec 2026 10:00:00 GMT``, what RSS writes), and a
    ``YYYY-DD-MM`` whose middle number cannot be a month. The time
    of day is dropped: story grouping works in days.

    Example:
        >>> iso_date("08/12/1998 13:29:00"), iso_date("Tue, 01 Dec 2026 10:00:00 GMT")
        ('1998-08-12', '2026-12-01')
    """
    from datetime import date as Date
    from email.utils import parsedate_tz

    value = value.strip()
    parts = None
    if match := _ISO.fullmatch(value):
        parts = match.group(1), match.group(2), match.group(3)
    elif match := _US.fullmatch(value):
        parts = match.group(3), match.group(1), match.group(2)
    elif (parsed := parsedate_tz(value)) is not None:
        parts = str(parsed[0]), str(parsed[1]), str(parsed[2])
    if parts is None:
        return None
    year, month, day = int(parts[0]), int(parts[1] or 1), int(parts[2] or 1)
    if month > 12 and day <= 12 and parts[2] is not None:
        # "1998-30-06": only one reading is a date (DUC 2006 has a few of these).
        month, day = day, month
    try:
        Date(year, month, day)
    except ValueError:
        return None
    if not 1000 <= year <= 9999:
        return None
    if parts[1] is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" if parts[2] is None else f"{year:04d}-{month:02d}-{day:02d}"


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and files under folders named (recursive, sorted); folders that cannot be read are left out.

    :func:`walk` is the same with the problems reported.
    """
    return [item for raw in paths for item in walk(raw) if isinstance(item, Path)]


def walk(raw: str | Path) -> Iterator[Path | InputError]:
    """A named path, or every file under a named folder in sorted order, plus one error per unreadable folder.

    Iterative (no recursion limit), at most ``MAX_FOLDER_DEPTH`` levels deep;
    hidden files and folders are skipped; symbolic links to folders are not
    followed (a link loop cannot trap the walk), links to files are read.
    """
    path = Path(raw)
    if not _is_folder(path):  # a file, or something the reader reports as missing/unreadable
        yield path
        return
    # A stack of (path, depth, is a folder), children pushed in reverse: files come out in sorted path order
    # (a folder's entries by name, a subfolder's files where its name sorts), as sorted(rglob("*")) gave.
    pending: list[tuple[Path, int, bool]] = [(path, 0, True)]
    while pending:
        here, depth, folder = pending.pop()
        if not folder:
            yield here
            continue
        try:
            with os.scandir(here) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield UnreadableFile(f"{_safe_name(str(here))}: cannot read folder: {exc.strerror or exc}")
            continue
        children: list[tuple[Path, int, bool]] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = Path(entry.path)
            try:
                if entry.is_dir(follow_symlinks=False):
                    if depth + 1 >= MAX_FOLDER_DEPTH:
                        yield UnreadableFile(
                            f"{_safe_name(str(child))}: folders nested over {MAX_FOLDER_DEPTH} deep; not read"
                        )
                    else:
                        children.append((child, depth + 1, True))
                    continue
                if entry.is_file():  # follows a link to a file
                    children.append((child, depth, False))
                elif entry.is_symlink() and not os.path.exists(child):
                    yield UnreadableFile(f"{_safe_name(str(child))}: broken symbolic link; not read")
                # a link to a folder is not followed (no loops), as before; FIFOs and devices are not files
            except OSError as exc:
                yield UnreadableFile(f"{_safe_name(str(child))}: cannot read: {exc.strerror or exc}")
        pending.extend(reversed(children))


def read_paths(
    paths: Iterable[str | Path], settings: Settings = DEFAULTS
) -> Iterator[Article | StoryInput | InputError]:
    """Read every path: an Article per txt/html file, a StoryInput per dataset line, or an error."""
    for raw in paths:
        found = False
        for item in walk(raw):
            if isinstance(item, InputError):
                yield item
                continue
            found = True
            yield from _read_files([item], settings)
        if not found and _is_folder(raw):
            yield EmptyArticle(f"{raw}: folder holds no files to read; expected .txt, .html or .jsonl files")


def _read_files(files: list[Path], settings: Settings) -> Iterator[Article | StoryInput | InputError]:
    for path in files:
        suffix = path.suffix.lower()
        try:
            _stat(path)  # missing, a link loop, no permission: one line, before the suffix is judged
            if suffix in DATASET_SUFFIXES:
                yield from read_jsonl(path, settings)
            elif suffix in HTML_SUFFIXES:
                yield read_html_file(path, settings)
            elif suffix in TEXT_SUFFIXES or suffix == "":
                yield read_text_file(path, settings)
            else:
                yield UnsupportedFormat(
                    f"{_safe_name(str(path))}: unsupported file type {suffix!r}; use .txt, .html/.htm or dataset .jsonl"
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

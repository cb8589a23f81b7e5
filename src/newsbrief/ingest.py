"""Read articles from .txt and .html files, folders, dataset JSONL and feed JSONL.

Every reader yields either an :class:`Article` or an :class:`InputError`
naming the file (and line) and the reason, so one bad file never stops a
batch. Input files are only ever opened for reading.
"""

from __future__ import annotations

import json
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


@dataclass(frozen=True, slots=True)
class StoryInput:
    """The articles of one story, as read, and the errors met reading them."""

    id: str
    articles: tuple[Article, ...]
    errors: tuple[InputError, ...] = ()
    references: tuple[str, ...] = ()


def read_bytes(path: Path, settings: Settings = DEFAULTS) -> str:
    """Read a file as UTF-8 text, refusing huge, binary and undecodable files."""
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
    if b"\x00" in data[:8192]:
        raise UnreadableFile(f"{path}: looks like a binary file, not text or HTML")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"{path}: not valid UTF-8 (byte {exc.start}); re-save it as UTF-8") from exc
    if not text.strip():
        raise EmptyArticle(f"{path}: file is empty")
    return text


def read_text_file(path: Path, settings: Settings = DEFAULTS) -> Article:
    """One plain-text article per file; its id is the file stem."""
    text = read_bytes(path, settings)
    return Article(id=path.stem, text=text.replace("\r\n", "\n"), path=str(path))


def read_html_file(path: Path, settings: Settings = DEFAULTS) -> Article:
    """Main text and metadata of a saved web page, via trafilatura."""
    return article_from_html(read_bytes(path, settings), article_id=path.stem, origin=str(path))


def article_from_html(html: str, *, article_id: str, origin: str, url: str | None = None) -> Article:
    """Extract an article from HTML; raise EmptyArticle if the page has none."""
    import trafilatura  # imported here: loading it costs ~0.3 s and plain text never needs it

    # Precision first (less boilerplate); when that finds nothing, recall mode still often finds the
    # article (1 of the 181 extraction-benchmark pages; see BENCHMARKS.md "Cleaning and extraction").
    doc, body = None, ""
    for options in ({"favor_precision": True}, {"favor_recall": True}):
        try:
            doc = trafilatura.bare_extraction(
                html, url=url, with_metadata=True, include_comments=False, include_tables=False, **options
            )
        except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
            raise UnsupportedFormat(f"{origin}: cannot parse HTML: {exc}") from exc
        body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
        if body:
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
        if isinstance(item, StoryInput):
            yield item
        elif isinstance(item, Article):
            where = item.path or str(path)
            yield StoryInput(where, (), (UnsupportedFormat(
                f"{where}: an article line ({{id, text}}) of a feed, not a story ({{id, documents}}); "
                "`newsbrief stories` and `brief` read feeds"
            ),))
        else:
            where = str(item).split(": ", 1)[0]
            yield StoryInput(where, (), (item,))


def read_jsonl(path: Path, settings: Settings = DEFAULTS) -> Iterator[StoryInput | Article | InputError]:
    """Every line of a JSONL file: a story (dataset line) or an article (feed line).

    A line with ``documents`` is a story (see :func:`read_dataset`); a line
    with ``text`` and no ``documents`` is one article of a feed, as a crawler
    or RSS poller writes it: ``{"id", "text", "date"?, "title"?, "url"?,
    "outlet"?}``, whose id is kept as it is. Any other line is an error
    naming the file and line; the other lines are still read.
    """
    text = read_bytes(path, settings)
    kind = None  # "feed" or "dataset", from the first line that says; only shapes error messages
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield UnsupportedFormat(f"{where}: not valid JSON ({exc.msg})")
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
    if not isinstance(story_id, (str, int)) or not isinstance(documents, list):
        missing = [k for k in ("id", "documents") if k not in record]
        reason = f"missing field(s) {', '.join(missing)}" if missing else "'id' must be a string, 'documents' a list"
        return StoryInput(where, (), (UnsupportedFormat(f"{where}: {reason}"),))
    story_id = str(story_id)
    side = {key: record.get(key) if isinstance(record.get(key), list) else [] for key in ("titles", "dates", "doc_ids")}
    articles, errors = [], []
    used: set[str] = set()
    for index, doc in enumerate(documents):
        fields = dict(doc) if isinstance(doc, dict) else {"text": doc}
        for key, field_name in (("titles", "title"), ("dates", "date"), ("doc_ids", "id")):
            if index < len(side[key]) and fields.get(field_name) is None:
                fields[field_name] = side[key][index]
        body = fields.get("text")
        if not isinstance(body, str) or not body.strip():
            errors.append(EmptyArticle(f"{where}: document {index} of story {story_id} is empty or not text"))
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
    return StoryInput(story_id, tuple(articles), tuple(errors), tuple(r for r in refs if isinstance(r, str)))


def _feed_article(record: dict, where: str) -> Iterator[Article | InputError]:
    article_id, body = record.get("id"), record.get("text")
    missing = [k for k in ("id", "text") if k not in record]
    if missing:
        yield UnsupportedFormat(f"{where}: missing field(s) {', '.join(missing)} (a feed line is {{id, text, ...}})")
        return
    if not isinstance(article_id, (str, int)) or not str(article_id).strip():
        yield UnsupportedFormat(f"{where}: 'id' must be a non-empty string")
        return
    if not isinstance(body, str) or not body.strip():
        yield EmptyArticle(f"{where}: article {article_id} has no text")
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
                yield from read_jsonl(path, settings)
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
    out: list[Article] = []
    for article in articles:
        candidates = [article.id]
        if article.path and Path(article.path).suffix.lower() not in DATASET_SUFFIXES:
            path = Path(article.path)
            candidates += [path.name, f"{path.parent.name}/{path.name}"]
        candidates += [f"{article.id}-{n}" for n in range(2, len(articles) + 2)]
        new_id = next(c for c in candidates if c not in seen)
        seen.add(new_id)
        out.append(article if new_id == article.id else replace(article, id=new_id))
    return out

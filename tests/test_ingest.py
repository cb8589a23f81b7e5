"""ingest.py: .txt, .html, folders and dataset JSONL become Articles (or errors naming the file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsbrief.clean import clean
from newsbrief.errors import EmptyArticle, UnreadableFile, UnsupportedFormat
from newsbrief.ingest import article_from_html, expand, read_dataset, read_paths, read_story
from newsbrief.models import Article

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>Ferry strike halts crossings | Harbour Courier</title>
<meta property="og:title" content="Ferry strike halts crossings to Kessel Island">
<meta property="og:site_name" content="Harbour Courier">
<meta name="author" content="Nadia Ferrow">
<meta property="article:published_time" content="2024-03-12T08:30:00Z">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Ferry strike halts crossings to Kessel Island</h1>
<p>Ferry crews walked off the job on Tuesday, halting every crossing between Port Alder and Kessel Island
and stranding about 3,000 commuters on the mainland.</p>
<p>The Maritime Workers Union said the strike would last 48 hours unless the operator, Bluewake Lines,
reopened talks on pay and rest periods.</p>
<p>"Our members have worked twelve-hour shifts all winter with no relief," union secretary Tomas Reyes told
reporters at the terminal.</p>
</article><footer>© 2024 Harbour Courier. All rights reserved.</footer></body></html>
"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_txt_file_is_one_article_with_stem_id(tmp_path):
    path = _write(tmp_path / "01_courier.txt", "Ferry strike\r\n\r\nCrews walked off the job on Tuesday.\r\n")
    (article,) = list(read_paths([path]))
    assert isinstance(article, Article)
    assert article.id == "01_courier"
    assert article.path == str(path)
    assert "\r" not in article.text and "Crews walked off the job on Tuesday." in article.text


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffCafé owners in Port Alder closed early on Tuesday.".encode("utf-8"))
    (article,) = list(read_paths([path]))
    assert article.text.startswith("Café owners")


def test_html_main_text_and_metadata(tmp_path):
    path = _write(tmp_path / "page.html", PAGE)
    (article,) = list(read_paths([path]))
    assert article.id == "page"
    assert article.title == "Ferry strike halts crossings to Kessel Island"
    assert article.outlet == "Harbour Courier"
    assert article.author == "Nadia Ferrow"
    assert (article.date, article.date_source) == ("2024-03-12", "metadata")
    assert "stranding about 3,000 commuters" in article.text
    assert "Sport" not in article.text  # navigation is not article text
    cleaned = clean(article)
    assert cleaned.text.startswith("Ferry crews walked off the job on Tuesday")  # the repeated headline goes


def test_htm_suffix_and_html_from_string():
    article = article_from_html(PAGE, article_id="x", origin="<memory>", url="https://courier.example/ferry")
    assert article.url == "https://courier.example/ferry" and article.path is None
    assert "Tomas Reyes" in article.text


def test_html_without_article_text_is_an_error(tmp_path):
    path = _write(tmp_path / "login.htm", "<html><head><title>Log in</title></head><body><form></form></body></html>")
    (error,) = list(read_paths([path]))
    assert isinstance(error, EmptyArticle)
    assert str(path) in str(error) and "no article text" in str(error)


def test_folder_is_read_recursively_in_sorted_order_skipping_hidden(tmp_path):
    _write(tmp_path / "story" / "b.txt", "Second article about the ferry strike on Tuesday.")
    _write(tmp_path / "story" / "a.txt", "First article about the ferry strike on Tuesday.")
    _write(tmp_path / "story" / "more" / "c.html", PAGE)
    _write(tmp_path / "story" / ".hidden" / "d.txt", "Never read.")
    _write(tmp_path / "story" / ".notes.txt", "Never read either.")
    files = expand([tmp_path / "story"])
    assert [p.name for p in files] == ["a.txt", "b.txt", "c.html"]
    items = list(read_paths([tmp_path / "story"]))
    assert [a.id for a in items] == ["a", "b", "c"]


def test_articles_sharing_a_stem_get_distinct_ids(tmp_path):
    _write(tmp_path / "s" / "a" / "story.txt", "First article about the ferry strike on Tuesday.")
    _write(tmp_path / "s" / "b" / "story.txt", "Second article about the ferry strike on Tuesday.")
    _write(tmp_path / "s" / "b" / "story.html", PAGE)
    story = read_story([tmp_path / "s"])
    assert [a.id for a in story.articles] == ["story", "story.html", "story.txt"]  # sorted: a/, b/*.html, b/*.txt
    assert [Path(a.path).parent.name for a in story.articles] == ["a", "b", "b"]


def test_a_file_named_twice_is_read_once(tmp_path):
    path = _write(tmp_path / "s" / "one.txt", "The ferry strike ended on Thursday.")
    story = read_story([path, tmp_path / "s", str(path)])
    assert [a.id for a in story.articles] == ["one"]


def test_empty_folder_is_an_error(tmp_path):
    (tmp_path / "none").mkdir()
    (error,) = list(read_paths([tmp_path / "none"]))
    assert isinstance(error, EmptyArticle) and str(error).startswith(f"{tmp_path / 'none'}: folder holds no files")


def test_example_story_folder(example_story):
    story = read_story([example_story])
    assert [a.id for a in story.articles] == sorted(p.stem for p in example_story.glob("*.txt"))
    assert story.errors == ()


def test_seed_story_articles_get_metadata_after_cleaning(seed_story):
    story = read_story([seed_story])
    assert len(story.articles) == 5
    meta = {a.id[:3]: clean(a).article for a in story.articles}
    assert meta["001"].date == meta["002"].date == meta["003"].date == "2013-05-07"
    assert meta["002"].author == "Alexander Winning"
    assert meta["003"].outlet == "Los Angeles Times"
    assert meta["004"].date is None


def _dataset(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_dataset_lines_are_stories_with_cluster_ids(tmp_path):
    path = _dataset(
        tmp_path,
        [
            json.dumps({"id": "c1", "documents": ["Ferry crews struck on Tuesday.", "The strike cut off the island."],
                        "summaries": ["Crews struck."]}),
            "",
            json.dumps({"id": 7, "documents": ["Budget passed on Monday."]}),
        ],
    )
    stories = list(read_dataset(path))
    assert [s.id for s in stories] == ["c1", "7"]
    assert [a.id for a in stories[0].articles] == ["c1:0", "c1:1"]
    assert stories[0].references == ("Crews struck.",)
    assert stories[1].articles[0].id == "7:0"


def test_dataset_bad_lines_name_file_and_line_and_the_rest_is_read(tmp_path):
    path = _dataset(
        tmp_path,
        [
            json.dumps({"id": "ok", "documents": ["Ferry crews struck on Tuesday."]}),
            '{"id": "broken", "documents": [',
            json.dumps({"id": "nodocs"}),
            json.dumps(["not", "an", "object"]),
            json.dumps({"id": "partly", "documents": ["", 42, "The strike ended on Thursday."]}),
        ],
    )
    stories = list(read_dataset(path))
    by_id = {s.id: s for s in stories}
    assert [a.id for a in by_id["ok"].articles] == ["ok:0"]
    assert f"{path}:2: not valid JSON" in str(by_id[f"{path}:2"].errors[0])
    assert f"{path}:3: missing field(s) documents" == str(by_id[f"{path}:3"].errors[0])
    assert f"{path}:4: expected a JSON object" == str(by_id[f"{path}:4"].errors[0])
    partly = by_id["partly"]
    assert [a.id for a in partly.articles] == ["partly:2"]
    assert [str(e) for e in partly.errors] == [
        f"{path}:5: document 0 of story partly is empty or not text",
        f"{path}:5: document 1 of story partly is empty or not text",
    ]


def test_read_story_picks_one_dataset_line(tmp_path, shared_data):
    path = shared_data / "data" / "tac2011-multiling-en.jsonl"
    story = read_story([path], story="M001.english")
    assert story.id == "M001.english"
    assert [a.id for a in story.articles][:2] == ["M001.english:0", "M001.english:1"]
    assert len(story.references) == 3
    several = read_story([path])
    assert not several.articles
    assert "holds 10 stories; pick one with --story ID" in str(several.errors[-1])
    missing = read_story([path], story="nope")
    assert f"{path}: no story with id 'nope'" in [str(e) for e in missing.errors]


def test_multinews_ids_and_documents(shared_data):
    path = shared_data / "data" / "multinews-dev.jsonl"
    first = json.loads(path.open(encoding="utf-8").readline())
    story = read_story([path], story=first["id"])
    assert [a.id for a in story.articles] == [f"{first['id']}:{i}" for i in range(len(first["documents"]))]
    assert [a.text for a in story.articles] == first["documents"]


@pytest.mark.parametrize(
    ("name", "content", "error", "reason"),
    [
        ("missing.txt", None, UnreadableFile, "no such file or folder"),
        ("empty.txt", b"", EmptyArticle, "file is empty"),
        ("blank.txt", b" \n\n\t\n", EmptyArticle, "file is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", UnreadableFile, "binary file"),
        # Bytes that no text encoding reads (issue 13): refused, not guessed at.
        ("garbled.txt", bytes(range(0x80, 0x100)) * 4, UnreadableFile, "not valid UTF-8"),
        ("notes.docx", b"PK\x03\x04", UnsupportedFormat, "unsupported file type '.docx'"),
    ],
)
def test_bad_files_become_errors_naming_the_file(tmp_path, name, content, error, reason):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    good = _write(tmp_path / "good.txt", "Ferry crews walked off the job on Tuesday.")
    items = list(read_paths([path, good]))
    assert isinstance(items[0], error)
    assert str(items[0]).startswith(f"{path}: ") and reason in str(items[0])
    assert "\n" not in str(items[0])
    assert isinstance(items[1], Article)  # the rest of the batch still runs


STRIKE = "Caf\u00e9 owners in Port Alder closed early on Tuesday. \u201cWe had no choice,\u201d said the na\u00efve owner."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_unicode_files_with_or_without_a_bom_are_read(tmp_path, encoding, caplog):
    # Issue 13: a UTF-16 file as Windows tools save it (with a BOM) was "a binary file".
    data = STRIKE.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path = tmp_path / "story.txt"
    path.write_bytes(data)
    (article,) = read_paths([path])
    assert article.text == STRIKE
    assert not caplog.records  # nothing was guessed


def test_legacy_encoded_text_is_detected_and_the_encoding_reported(tmp_path, caplog):
    path = tmp_path / "old.txt"
    path.write_bytes((STRIKE + " The f\u00eate was over.").encode("cp1252"))
    (article,) = read_paths([path])
    assert article.text == STRIKE + " The f\u00eate was over."
    assert [r.getMessage() for r in caplog.records] == [f"{path}: not UTF-8; read as cp1252 (detected)"]


def test_html_page_is_read_in_the_charset_it_declares(tmp_path, caplog):
    # Issue 13: an old page that says (and is) Latin-1 was refused as "not valid UTF-8".
    body = " ".join([STRIKE] * 6)
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        f"<title>Port strike</title></head><body><article><p>{body}</p><p>{body}</p></article></body></html>"
    )
    path = tmp_path / "old.html"
    path.write_bytes(page.encode("cp1252"))
    (article,) = read_paths([path])
    assert STRIKE in article.text
    assert not caplog.records


def test_html_declaring_a_charset_it_does_not_use_falls_back_to_utf8(tmp_path):
    body = " ".join([STRIKE] * 6)
    page = f'<html><head><meta charset="shift_jis"></head><body><article><p>{body}</p></article></body></html>'
    path = tmp_path / "mislabelled.html"
    path.write_bytes(page.encode("utf-8"))
    (article,) = read_paths([path])
    assert STRIKE in article.text


def test_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: costs no disk
    (item,) = list(read_paths([path]))
    assert isinstance(item, UnreadableFile)
    assert str(item) == f"{path}: file is 21 MB, over the 20 MB limit; split it or raise max_file_bytes"


def test_ids_shared_by_many_articles_get_counters_in_order():
    from newsbrief.ingest import _unique_ids

    articles = [Article(id="x", text="a"), Article(id="x-3", text="b")] + [Article(id="x", text="c")] * 3
    assert [a.id for a in _unique_ids(articles)] == ["x", "x-3", "x-2", "x-4", "x-5"]


# --- issue 12: documents with metadata, per-document lists, feed files -------------------------


def test_dataset_documents_may_be_objects_and_side_lists_are_read(tmp_path):
    path = _dataset(
        tmp_path,
        [
            json.dumps({"id": "ferry", "documents": [
                {"text": "Ferry crews struck on Tuesday.", "title": "Crews strike", "date": "2026-03-10",
                 "url": "https://coastal.example/strike", "outlet": "Coastal Wire", "id": "cw-1"},
                "The strike cut off the island.",
            ]}),
            json.dumps({"id": "budget", "documents": ["Budget passed on Monday.", "Budget signed on Friday."],
                        "titles": ["Budget passes", "Budget signed"], "dates": ["08/12/1998 13:29:00", "1998-30-06 11:49"],
                        "doc_ids": ["APW1", "APW1"]}),
        ],
    )
    ferry, budget = list(read_dataset(path))
    first = ferry.articles[0]
    assert (first.id, first.title, first.date, first.date_source) == ("ferry:cw-1", "Crews strike", "2026-03-10", "metadata")
    assert (first.url, first.outlet) == ("https://coastal.example/strike", "Coastal Wire")
    assert (ferry.articles[1].id, ferry.articles[1].date) == ("ferry:1", None)
    # A repeated document id falls back to the index, so ids stay unique within the story.
    assert [a.id for a in budget.articles] == ["budget:APW1", "budget:1"]
    assert [a.title for a in budget.articles] == ["Budget passes", "Budget signed"]
    # DUC 2006 writes MM/DD/YYYY, and a few YYYY-DD-MM whose middle number cannot be a month.
    assert [a.date for a in budget.articles] == ["1998-08-12", "1998-06-30"]
    assert not ferry.errors and not budget.errors


def test_iso_date_readings():
    from newsbrief.ingest import iso_date

    assert iso_date("2026-12-01T10:00:00Z") == "2026-12-01"
    assert iso_date("Tue, 01 Dec 2026 10:00:00 GMT") == "2026-12-01"  # RSS pubDate
    assert iso_date("2005-03") == "2005-03" and iso_date("2005") == "2005"
    assert iso_date("1998-06-12 13:22:05") == "1998-06-12"
    assert iso_date("yesterday") is None and iso_date("2005-13-13") is None and iso_date("02/30/2001") is None


def test_feed_file_is_one_article_per_line_and_bad_lines_name_file_and_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "a1", "text": "Ferry crews struck on Tuesday.", "date": "2026-03-10", "title": "Strike"}),
        json.dumps({"id": "a2", "text": "The strike ended.", "date": "next week"}),
        json.dumps({"text": "No id here."}),
        json.dumps({"id": "a4", "text": "   "}),
        "{not json",
        json.dumps({"id": "a6", "url": "https://x.example/6"}),
    ]) + "\n", encoding="utf-8")
    items = list(read_paths([path]))
    articles = [i for i in items if not isinstance(i, Exception)]
    errors = [str(i) for i in items if isinstance(i, Exception)]
    assert [(a.id, a.date, a.title) for a in articles] == [("a1", "2026-03-10", "Strike"), ("a2", None, None)]
    assert articles[0].path == f"{path}:1"
    assert errors == [
        f"{path}:2: article a2: date 'next week' not understood (expected YYYY-MM-DD, MM/DD/YYYY or an RFC 2822 "
        "date); read as undated",
        f"{path}:3: missing field(s) id (a feed line is {{id, text, ...}})",
        f"{path}:4: article a4 has no text",
        f"{path}:5: not valid JSON (Expecting property name enclosed in double quotes)",
        f"{path}:6: missing field(s) text (a feed line is {{id, text, ...}})",
    ]
    # `batch` reads stories only: a feed line there is a one-line error, not a story.
    stories = list(read_dataset(path))
    assert "an article line ({id, text}) of a feed, not a story" in str(stories[0].errors[0])


def test_brief_reads_a_feed_file_as_one_story(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(
        json.dumps({"id": f"a{i}", "text": text, "outlet": "Coastal Wire"})
        for i, text in enumerate(["Ferry crews struck on Tuesday in Port Alder.", "The Port Alder ferry strike ended on Friday."])
    ) + "\n", encoding="utf-8")
    story = read_story([path])
    assert [(a.id, a.outlet) for a in story.articles] == [("a0", "Coastal Wire"), ("a1", "Coastal Wire")]
    assert not story.errors


def test_duc2006_side_lists(shared_data):
    first = next(read_dataset(shared_data / "data" / "duc2006.jsonl"))
    record = json.loads((shared_data / "data" / "duc2006.jsonl").open(encoding="utf-8").readline())
    assert [a.id for a in first.articles] == [f"{record['id']}:{d}" for d in record["doc_ids"]]
    assert [a.title for a in first.articles] == record["titles"]
    assert all(a.date and a.date[:4] in {"1996", "1997", "1998", "1999", "2000"} for a in first.articles)


def test_inputs_schema_describes_what_ingest_reads(tmp_path):
    """The documented JSONL formats (inputs.schema.json) accept the lines ingest reads, and refuse bad ones."""
    import importlib.resources

    import jsonschema

    schema = json.loads(importlib.resources.files("newsbrief").joinpath("inputs.schema.json").read_text(encoding="utf-8"))
    lines = [
        {"id": "s1", "documents": ["Plain text.", {"text": "An object.", "date": "2026-03-10", "id": "d2"}],
         "titles": ["One", None], "dates": ["08/12/1998 13:29:00", None], "doc_ids": ["d1", "d2"]},
        {"id": "a1", "text": "A feed article.", "date": "Tue, 01 Dec 2026 10:00:00 GMT", "url": "https://x.example/a1"},
    ]
    for line in lines:
        jsonschema.validate(line, schema)
    for bad in ({"id": "x"}, {"text": "no id"}, {"id": "s", "documents": [{"title": "no text"}]}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)
    path = _dataset(tmp_path, [json.dumps(line) for line in lines])
    items = list(read_paths([path]))
    assert [type(i).__name__ for i in items] == ["StoryInput", "Article"]
    assert [a.id for a in items[0].articles] == ["s1:d1", "s1:d2"] and items[1].id == "a1"


def test_precision_text_far_shorter_than_the_default_extraction_gives_way_to_it(monkeypatch):
    # Issue 13: precision mode kept 111 words of a long review page. Its text is checked against
    # trafilatura's default extraction and replaced when it keeps under PRECISION_MIN_SHARE of it.
    from types import SimpleNamespace

    import newsbrief.ingest as ingest

    long_body = " ".join(["The review praised the ferry's new cabins and its quiet engines."] * 30)
    texts = {"precision": "Ferry review.", "default": long_body}

    def fake(html, url, origin, options):
        text = texts["precision" if options.get("favor_precision") else "default"]
        return SimpleNamespace(text=text, title=None, sitename=None, hostname=None, author=None, date=None, url=None), text

    monkeypatch.setattr(ingest, "_extract", fake)
    assert article_from_html("<html></html>", article_id="r", origin="r.html").text == long_body
    texts["precision"] = " ".join(long_body.split()[: len(long_body.split()) // 2])  # half: precision stands
    assert article_from_html("<html></html>", article_id="r", origin="r.html").text == texts["precision"]

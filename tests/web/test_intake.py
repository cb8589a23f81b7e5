"""Reading what a user sends: uploads, pasted blocks, link ids, limits."""

from __future__ import annotations

import pytest

from newsbrief.errors import EmptyArticle, UnreadableFile, UnsupportedFormat
from newsbrief.web import intake
from newsbrief.web.intake import (
    PastedText,
    TooMuchInput,
    Upload,
    gather,
    read_upload,
    split_pasted,
    story_title,
    url_id,
)

TEXT = b"Ferry crews walked off the job on Tuesday, halting every crossing to Kessel Island."


def test_upload_names_are_labels_only():
    article = read_upload(Upload("../../etc/cron.d/evil name.txt", TEXT))
    assert article.id == "evil-name" and article.path == "evil-name.txt"
    assert read_upload(Upload("C:\\Users\\ann\\story.TXT", TEXT)).id == "story"
    assert read_upload(Upload("", TEXT)).id == "upload"


@pytest.mark.parametrize("upload, error, message", [
    (Upload("a.pdf", b"%PDF-1.7"), UnsupportedFormat, r"a.pdf: unsupported file type '.pdf'; upload .txt or .html"),
    (Upload("a.txt", b"ab\x00cd"), UnreadableFile, r"a.txt: looks like a binary file"),
    (Upload("a.txt", bytes((i * 37 + 11) % 254 + 1 for i in range(3000))), UnreadableFile,
     r"a.txt: not valid UTF-8 \(byte 4\) and no text encoding fits it"),
    (Upload("a.txt", b"  \n "), EmptyArticle, r"a.txt: file is empty"),
    (Upload("a.html", b"<html><body></body></html>"), EmptyArticle, r"a.html: no article text found"),
])
def test_bad_uploads_name_the_file_and_the_problem(upload, error, message):
    with pytest.raises(error, match=message):
        read_upload(upload)


def test_upload_size_limit(monkeypatch):
    monkeypatch.setattr(intake, "MAX_FILE_BYTES", 2 * 2**20)
    with pytest.raises(UnreadableFile, match=r"big.txt: file is 3 MB, over the 2 MB upload limit"):
        read_upload(Upload("big.txt", b"a" * (3 * 2**20)))


def test_pasted_blocks_split_on_dashes():
    pasted = "First article.\n---\nSecond article.\n  -----  \n\n---\n"
    assert split_pasted(pasted) == ["First article.", "Second article."]
    assert split_pasted("One - two --- three") == ["One - two --- three"]
    assert split_pasted("") == []


def test_gather_keeps_going_past_bad_inputs():
    result = gather([PastedText("Ferry crews walked off the job."), PastedText("   ")],
                    ["http://127.0.0.1/x", ""], [Upload("bad.doc", b"x"), Upload("good.txt", TEXT)])
    assert [a.id for a in result.articles] == ["pasted-1", "good"]
    assert len(result.errors) == 2
    assert result.errors[0].startswith("bad.doc: unsupported file type")
    assert result.errors[1].startswith("http://127.0.0.1/x: refused")


def test_limits_refuse_the_request():
    with pytest.raises(TooMuchInput, match=r"too many links: 21 sent, at most 20 per request"):
        gather(urls=[f"http://example.invalid/{n}" for n in range(21)])
    with pytest.raises(TooMuchInput, match="too many files"):
        gather(uploads=[Upload(f"{n}.txt", TEXT) for n in range(intake.MAX_FILES + 1)])


def test_ids_and_titles():
    assert url_id("https://news.example.com/2024/03/ferry-strike.html?x=1") == "news.example.com-ferry-strike"
    assert url_id("https://news.example.com/") == "news.example.com"
    from newsbrief.models import Article

    assert story_title("  Given  ", []) == "Given"
    untitled_then_titled = [Article(id="a", text="x"), Article(id="b", text="y", title="Second title")]
    assert story_title("", untitled_then_titled) == "Second title"
    assert story_title(None, [Article(id="a", text="Hi\nFerry crews walked off the job on Tuesday.")]) == (
        "Ferry crews walked off the job on Tuesday.")

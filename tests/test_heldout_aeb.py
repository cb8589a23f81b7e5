"""benchmarks/heldout.py reads a quote set's extraction-aeb pages as a user's saved pages (blind18, blind19).

The pages here are in neither set: the sets stay un-inspected.
"""

from __future__ import annotations

import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

from heldout import QUOTE_SETS, aeb_articles, aeb_pages, story_input  # noqa: E402

# Two AEB news pages in none of blind18, blind19 and blind20 (by their id's first 12 characters).
PAGES = ["a6968f427cdb", "2c46804d9db4"]


def _record(shared_data, prefix: str) -> dict:
    import gzip
    import json

    with gzip.open(shared_data / "data" / "extraction-aeb.jsonl.gz", "rt", encoding="utf-8") as handle:
        return next(r for r in map(json.loads, handle) if r["id"].startswith(prefix))


def test_test_pages_are_in_no_blind_set():
    import json

    used = {p for name in ("blind18", "blind19", "blind20")
            for s in json.loads(QUOTE_SETS[name].read_text(encoding="utf-8"))["stories"] for p in aeb_pages(s)}
    assert len(used) == 21
    assert not any(p.startswith(prefix) for p in used for prefix in PAGES)


def test_pages_of_a_story_load_through_html_extraction_in_order(shared_data):
    story = {"name": "aeb-test", "source": "extraction-aeb", "pages": PAGES}
    record_id, articles = story_input(story)
    assert record_id == "aeb-test"
    assert [a.id for a in articles] == ["aeb-test:0", "aeb-test:1"]
    for prefix, article in zip(PAGES, articles):
        record = _record(shared_data, prefix)
        # Extracted from the HTML (title and outlet come from the page's metadata), not the checked body.
        assert article.title and article.outlet
        assert article.text != record["expected_text"].strip()
        assert record["expected_text"].split(".")[0][:40] in article.text


def test_one_page_source_and_a_missing_page(shared_data):
    _, [article] = story_input({"name": "one", "source": f"extraction-aeb:{PAGES[0]}"})
    assert article.id == "one:0"
    with pytest.raises(SystemExit, match="deadbeef"):
        aeb_articles({"name": "bad", "source": "extraction-aeb", "pages": [PAGES[1], "deadbeef"]})

"""Sentence splitting: spans, paragraphs, abbreviations, quotes, transcript labels (issue 2)."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from spacy.attrs import IDX, IS_PUNCT, ORTH

from newsbrief.clean import clean
from newsbrief.ingest import read_text_file
from newsbrief.models import Article, CleanArticle, ParsedArticle
from newsbrief.nlp import _punct_hashes, _rule_starts, paragraphs, sentence_pipeline, split_sentences

TITLE_END = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Sgt|Col|Capt|Maj|Det|Fig)\.$")


def split(text: str) -> list[str]:
    return [s.text for s in split_sentences(CleanArticle(Article(id="a", text=text), text)).sentences]


def check_spans(parsed: ParsedArticle) -> None:
    text = parsed.clean.text
    last_end = 0
    for number, s in enumerate(parsed.sentences):
        assert s.index == number
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= last_end  # in order, never overlapping
        assert s.words == len(s.text.split())
        last_end = s.end


def test_titles_and_initials_do_not_end_sentences():
    assert split("Sen. Ted Cruz and Gen. Ray Odierno met Lt. Col. Ann Smith. Detective Sgt. Mooney agreed.") == [
        "Sen. Ted Cruz and Gen. Ray Odierno met Lt. Col. Ann Smith.",
        "Detective Sgt. Mooney agreed.",
    ]
    assert split("It was John F. Kennedy who won. The U.S. Navy sent ships.") == [
        "It was John F. Kennedy who won.",
        "The U.S. Navy sent ships.",
    ]
    assert split("The bodies were found at 50 Old Colony Rd. in the Bayview area. Police came.") == [
        "The bodies were found at 50 Old Colony Rd. in the Bayview area.",
        "Police came.",
    ]


def test_abbreviation_that_ends_a_sentence_still_ends_it():
    assert split("Trump blamed mental health for shootings in the U.S. But his comments on Saturday went further.") == [
        "Trump blamed mental health for shootings in the U.S.",
        "But his comments on Saturday went further.",
    ]
    assert split("The meeting ended at 5 p.m. The vote comes Friday.") == [
        "The meeting ended at 5 p.m.",
        "The vote comes Friday.",
    ]


def test_opening_quote_moves_to_the_sentence_it_opens():
    assert split('"The alternative is more violence," Kerry said. "It is chaos. That is the alternative."') == [
        '"The alternative is more violence," Kerry said.',
        '"It is chaos.',
        'That is the alternative."',
    ]


def test_ldc_wire_quotes_open_and_close_their_own_sentences():
    """AP copy in the LDC archives quotes ``so'', NYT copy also ''so'': each opener starts its sentence."""
    assert split("``We will rebuild,'' Diaz said. ``It will take years.'' Then he left.") == [
        "``We will rebuild,'' Diaz said.",
        "``It will take years.''",
        "Then he left.",
    ]
    assert split("''We will rebuild,'' Diaz said. ''It will take years,'' he added, ''and money.''") == [
        "''We will rebuild,'' Diaz said.",
        "''It will take years,'' he added, ''and money.''",
    ]


def test_quote_tails_rejoin_their_sentence():
    assert split("“We will not tolerate abuse,” said Del Harvey. “Never” , she added. Then she left.") == [
        "“We will not tolerate abuse,” said Del Harvey.",
        "“Never” , she added.",
        "Then she left.",
    ]


def test_paragraphs_split_first_so_headlines_stand_alone():
    text = "Storm hits coast\n\nWinds of 100 mph tore roofs off homes. Thousands fled.\nPower is out."
    expected = ["Storm hits coast", "Winds of 100 mph tore roofs off homes.", "Thousands fled.", "Power is out."]
    assert split(text) == expected
    spans = paragraphs(text)
    assert [text[a:b] for a, b in spans][0] == "Storm hits coast"
    parsed = split_sentences(CleanArticle(Article(id="a", text=text), text))
    assert [s.paragraph for s in parsed.sentences] == [0, 1, 1, 2]


def test_transcript_speaker_labels_are_left_out_of_the_span():
    text = (
        "COREY FLINTOFF, BYLINE: The idea for a peace conference was first proposed last week.\n\n"
        "SECRETARY-GENERAL BAN KI-MOON: We should not lose this momentum.\n\n"
        "FLINTOFF: The stakes are high."
    )
    parsed = split_sentences(CleanArticle(Article(id="a", text=text), text))
    check_spans(parsed)
    assert [s.text for s in parsed.sentences] == [
        "The idea for a peace conference was first proposed last week.",
        "We should not lose this momentum.",
        "The stakes are high.",
    ]


def test_seed_story_sentences(seed_story: Path):
    for path in sorted(seed_story.glob("*.txt")):
        parsed = split_sentences(clean(read_text_file(path)))
        check_spans(parsed)
        for s in parsed.sentences:
            assert "BYLINE:" not in s.text and not re.match(r"[A-Z]{3,}[A-Z ,'-]*: ", s.text), s.text
            assert not TITLE_END.search(s.text), s.text
            assert not re.search(r"[.!?]\s+[\"“]$", s.text), s.text  # no dangling opening quote
            assert not s.text[0].islower(), s.text
    npr = split_sentences(clean(read_text_file(next(seed_story.glob("000_*.txt")))))
    assert "The idea for a peace conference on Syria was first proposed last week" in npr.sentences[4].text


@pytest.mark.parametrize("limit", [40])
def test_multinews_sentences(shared_data: Path, limit: int):
    checked = 0
    with open(shared_data / "data" / "multinews-dev.jsonl", encoding="utf-8") as lines:
        for line in itertools.islice(lines, limit):
            record = json.loads(line)
            for k, doc in enumerate(record["documents"]):
                article = Article(id=f"{k}", text=doc)
                try:
                    parsed = split_sentences(clean(article))
                except Exception as exc:  # an archive stub may clean to nothing
                    assert type(exc).__name__ == "EmptyArticle"
                    continue
                check_spans(parsed)
                for s in parsed.sentences:
                    assert not TITLE_END.search(s.text), s.text
                    assert not re.search(r"[.!?]\s+[\"“]$", s.text), s.text
                    checked += 1
    assert checked > 1000


def test_block_size_does_not_change_sentences(monkeypatch, seed_story: Path):
    # Paragraphs are tokenized in blocks; tiny blocks (one paragraph each) must give the same spans.
    cleaned = [clean(read_text_file(p)) for p in sorted(seed_story.glob("*.txt"))]
    normal = [[(s.start, s.end) for s in split_sentences(c).sentences] for c in cleaned]
    monkeypatch.setattr("newsbrief.nlp.SENTENCE_BLOCK_CHARS", 1)
    tiny = [[(s.start, s.end) for s in split_sentences(c).sentences] for c in cleaned]
    assert tiny == normal


def _sentencizer_starts(text: str) -> list[int]:
    """Where spaCy's own rule sentencizer starts sentences in one paragraph: what _rule_starts replaces."""
    from spacy.attrs import IDX, SENT_START

    marks = sentence_pipeline()(text).to_array([SENT_START, IDX])
    return [int(i) for i in marks[marks[:, 0] == 1, 1]]


def test_array_rule_starts_match_spacys_sentencizer(shared_data: Path):
    """The array form of the sentencizer rule cuts exactly where spaCy's Sentencizer does."""
    tricky = [
        'He left. "Why?" she asked!! Then... nothing. (It rained.) Done',
        "Wait?! Really?? Yes.\u201d Next one\u2026 and more. 3.5 percent. U.S. troops.",
        "...",
        "No final punctuation here",
        '" . " ! ?',
    ]
    with open(shared_data / "data" / "tac2011-multiling-en.jsonl", encoding="utf-8") as lines:
        documents = [d for line in lines for d in json.loads(line)["documents"]]
    nlp = sentence_pipeline()
    for text in tricky + [d[a:b] for d in documents for a, b in paragraphs(d)]:
        tokens = nlp.tokenizer(text).to_array([ORTH, IS_PUNCT, IDX])
        ours = [int(tokens[k, 2]) for k in _rule_starts(tokens[:, 0], tokens[:, 1], _punct_hashes())]
        assert ours == _sentencizer_starts(text), text[:200]


def test_sentence_pipeline_keeps_the_flags_its_users_read():
    """The cheap pipeline skips most lexical attributes; punctuation and space flags stay as spaCy's."""
    import spacy

    text = 'He said: "It\'s over!" (Really?) \u2014 yes\u2026 $5, 3.5% \u201cquoted\u201d \n end.'
    reference = spacy.blank("en")(text)
    ours = sentence_pipeline()(text)
    assert [t.text for t in ours] == [t.text for t in reference]
    assert [(t.is_punct, t.is_space) for t in ours] == [(t.is_punct, t.is_space) for t in reference]


def test_merges_read_only_the_ends_of_a_long_merged_sentence():
    # Issue 13: the merged text was re-read whole at every merge (quadratic); the rules still see
    # a title at the very end of a long sentence and a lowercase start after it.
    text = "The strike began. " + " ".join(f"then pier {i} shut." for i in range(500)) + " said Det. Sgt. Mooney."
    (sentence, *rest) = split_sentences(clean(Article(id="a", text=text))).sentences
    assert sentence.text == text and rest == []


def test_the_sentence_pipeline_is_built_once_per_language():
    # A worker warms the pipeline up with sentence_pipeline() and splits with sentence_pipeline("en"):
    # both must be the one pipeline (an lru_cache keyed them apart and built English twice).
    from newsbrief.nlp import sentence_pipeline

    assert sentence_pipeline() is sentence_pipeline("en") is sentence_pipeline(lang="en")

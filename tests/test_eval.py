"""newsbrief eval and the baselines: scores agree with the official scorer; baselines do what they say."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsbrief.baselines import centroid, concept_ilp, first_article, lead, lexrank, oracle, submodular, textrank
from newsbrief.batch import run_batch
from newsbrief.clean import clean
from newsbrief.cli import app
from newsbrief.errors import ConfigError, UnsupportedFormat
from newsbrief.eval import (
    SYSTEMS,
    Metric,
    Scorer,
    cut_words,
    evaluate_file,
    load_predictions,
    parse_metric,
    parse_systems,
)
from newsbrief.models import Article, CleanArticle, ParsedArticle
from newsbrief.nlp import split_sentences

SLICE = 5  # the first five dev stories: 2-5 articles each, 400-4,300 words


def _parse(*texts: str):
    return [split_sentences(clean(Article(id=f"a{i}", text=t))) for i, t in enumerate(texts, start=1)]


ARTICLES = (
    "The river rose two meters overnight in the town of Millbrook. Officials closed the old bridge at dawn. "
    "Schools stayed open but buses took longer routes. The mayor asked residents to avoid the riverside park.",
    "Millbrook closed its old bridge after the river rose two meters overnight. Engineers will inspect the "
    "bridge on Tuesday. Shops near the water moved goods to upper floors.",
    "Heavy rain upstream pushed the river in Millbrook to its highest level in ten years. The town opened a "
    "shelter in the sports hall for families from the lowest streets.",
)


@pytest.fixture(scope="module")
def dev_slice(shared_data, tmp_path_factory) -> Path:
    dev = shared_data / "data" / "multinews-dev.jsonl"
    with dev.open(encoding="utf-8") as handle:
        lines = [next(handle) for _ in range(SLICE)]
    path = tmp_path_factory.mktemp("eval") / "slice.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_lead_goes_round_robin_over_articles():
    parsed = _parse(*ARTICLES)
    texts = [s.text for s in lead(parsed, budget_words=10_000)]
    firsts = [a.sentences[0].text for a in parsed]
    seconds = [a.sentences[1].text for a in parsed]
    assert texts[:6] == [firsts[0], firsts[1], firsts[2], seconds[0], seconds[1], seconds[2]]
    assert len(texts) == sum(len(a.sentences) for a in parsed)
    # With a budget it stops at the first sentence that reaches it.
    short = lead(parsed, budget_words=20)
    assert sum(s.words for s in short[:-1]) < 20 <= sum(s.words for s in short)


def test_first_article_skips_articles_with_no_text():
    parsed = _parse(*ARTICLES)
    blank = ParsedArticle(clean=CleanArticle(article=Article(id="a0", text="-"), text="-"), sentences=())
    chosen = first_article([blank, parsed[1], parsed[0]], budget_words=15)
    assert [s.article_id for s in chosen] == ["a2", "a2"]
    assert chosen[0].text.startswith("Millbrook closed its old bridge")


@pytest.mark.parametrize("ranker", [lexrank, textrank])
def test_graph_rankers_return_our_sentences_in_order_up_to_the_budget(ranker):
    parsed = _parse(*ARTICLES)
    ours = [s for a in parsed for s in a.sentences]
    chosen = ranker(parsed, budget_words=30)
    assert chosen and all(s in ours for s in chosen)
    positions = [ours.index(s) for s in chosen]
    assert positions == sorted(positions)
    assert sum(s.words for s in chosen) >= 30
    assert sum(s.words for s in chosen) - max(s.words for s in chosen) < 30
    assert ranker(parsed, budget_words=10_000) and len(ranker(parsed, budget_words=10_000)) == len(ours)


def test_lexrank_prefers_the_sentence_the_articles_share():
    parsed = _parse(*ARTICLES)
    best = lexrank(parsed, budget_words=1)
    # Every article reports the closed bridge or the two-meter rise; LexRank's top pick is one of those.
    assert len(best) == 1 and ("bridge" in best[0].text or "two meters" in best[0].text)


def test_oracle_finds_the_sentence_a_reference_copies():
    parsed = _parse(*ARTICLES)
    target = parsed[2].sentences[1]
    chosen = oracle(parsed, budget_words=target.words, references=[target.text])
    assert chosen == (target,)
    # Never over budget, and empty references give nothing.
    assert sum(s.words for s in oracle(parsed, budget_words=25, references=[ARTICLES[0]])) <= 25
    assert oracle(parsed, budget_words=50, references=[]) == ()


def test_cut_words_keeps_lines_and_matches_the_official_cut():
    sentences = ["One two three.", "Four five six seven.", "Eight nine."]
    assert cut_words(sentences, 5) == "One two three.\nFour five"
    assert cut_words(sentences, 100).split() == " ".join(sentences).split()
    assert cut_words([], 5) == ""


def test_scorer_rewards_the_reference_itself():
    scorer = Scorer(words=50)
    reference = "Officials closed the old bridge after the river rose two meters overnight."
    perfect = scorer.score([reference], [reference])
    assert all(v == pytest.approx(1.0) for v in perfect.values())
    unrelated = scorer.score(["Stock markets in Asia fell on Monday."], [reference])
    assert unrelated["rouge2"] == 0.0 and unrelated["rouge1"] < 0.2
    # Mean over references: one matching and one unrelated reference score halfway.
    half = scorer.score([reference], [reference, "Stock markets in Asia fell on Monday."])
    assert half["rouge2"] == pytest.approx(0.5)


def test_every_system_on_a_dev_slice(dev_slice):
    report = evaluate_file(dev_slice, words=250, systems=SYSTEMS)
    assert report.stories == SLICE and report.errors == ()
    scores = {s.name: s for s in report.systems}
    assert list(scores) == list(SYSTEMS)
    for s in report.systems:
        assert 15 < s.rouge1 < 80 and 0 < s.rouge2 < s.rouge1 and 0 < s.rougeL <= s.rougeLsum + 1e-9
        assert s.stories_per_s > 0
    # The oracle reads the references: it must beat every real system on what it maximizes.
    headroom = scores["oracle"].rouge1 + scores["oracle"].rouge2
    assert all(headroom > s.rouge1 + s.rouge2 for s in report.systems if s.name != "oracle")


# Runs the official scorer, then reuses its own cut() and rouge() for full-precision means
# (it prints two decimals). `a` is its parsed arguments; changing a.words re-cuts.
_RUN_SCORE = """
import json, runpy, statistics, sys
sys.argv = [SCORE, sys.argv[1], sys.argv[2], "--words", "250"]
g = runpy.run_path(SCORE, run_name="__main__")
for words in (250, 100):
    g["a"].words = words
    rows = [g["rouge"](g["cut"](g["preds"].get(s["id"], "")), s) for s in g["stories"]]  # score.py: rouge(pred, story)
    print("MEANS", words, json.dumps([100 * statistics.mean(r[i] for r in rows) for i in (0, 1)]))
"""


def test_eval_agrees_with_the_official_scorer(dev_slice, shared_data, tmp_path):
    score_py = shared_data / "tools" / "score.py"
    predictions = tmp_path / "batch.jsonl"
    assert run_batch(dev_slice, predictions, words=250, processes=1).written == SLICE
    run = subprocess.run(
        [sys.executable, "-c", _RUN_SCORE.replace("SCORE", repr(str(score_py))), str(dev_slice), str(predictions)],
        capture_output=True, text=True, check=True, timeout=120,
    )
    official = {int(m.group(1)): json.loads(m.group(2)) for m in re.finditer(r"MEANS (\d+) (.*)", run.stdout)}
    printed = re.search(r"predictions\s+ROUGE-1\s+([\d.]+)\s+ROUGE-2\s+([\d.]+)", run.stdout)
    report = evaluate_file(dev_slice, words=250, systems=["newsbrief"], predictions_path=predictions)
    ours = {s.name: s for s in report.systems}
    for name in ("predictions", "newsbrief"):  # the file, and the same system run in-process
        assert ours[name].rouge1 == pytest.approx(official[250][0], abs=1e-6)
        assert ours[name].rouge2 == pytest.approx(official[250][1], abs=1e-6)
    assert f"{ours['predictions'].rouge1:.2f}" == printed.group(1)
    assert f"{ours['predictions'].rouge2:.2f}" == printed.group(2)
    # The cut matters: at 100 words both sides agree again, on a different score.
    ours_100 = evaluate_file(dev_slice, words=100, systems=[], predictions_path=predictions).systems[0]
    assert ours_100.rouge1 == pytest.approx(official[100][0], abs=1e-6)
    assert ours_100.rouge2 == pytest.approx(official[100][1], abs=1e-6)
    assert official[100][0] != pytest.approx(official[250][0], abs=1e-3)


def test_bad_choices_are_config_errors(dev_slice, tmp_path):
    with pytest.raises(ConfigError, match="unknown system.*'bart'"):
        parse_systems("newsbrief,bart")
    with pytest.raises(ConfigError, match="nothing to evaluate"):
        evaluate_file(dev_slice, words=100, systems=[])
    bad = tmp_path / "preds.jsonl"
    bad.write_text('{"id": "x", "summary": "ok"}\n{"id": "y"}\n', encoding="utf-8")
    with pytest.raises(UnsupportedFormat, match=r"preds\.jsonl:2: expected"):
        load_predictions(bad)


def test_cli_eval_prints_a_table_and_writes_json(dev_slice, tmp_path):
    out = tmp_path / "scores.json"
    run = CliRunner().invoke(
        app,
        ["eval", str(dev_slice), "--words", "100", "--systems", "lead,first", "--limit", "2", "--json", str(out), "-q"],
    )
    assert run.exit_code == 0, run.output
    assert "ROUGE-Lsum" in run.output and "lead" in run.output and "first" in run.output
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["stories"] == 2 and set(saved["systems"]) == {"lead", "first"}
    assert saved["systems"]["lead"]["rouge1"] > 0


def test_cli_eval_reports_bad_lines_and_still_scores(dev_slice, tmp_path):
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text(dev_slice.read_text(encoding="utf-8").splitlines()[0] + "\nnot json\n", encoding="utf-8")
    run = CliRunner().invoke(app, ["eval", str(mixed), "--words", "50", "--systems", "lead", "--quiet"])
    assert run.exit_code == 1
    assert f"{mixed}:2: not valid JSON" in run.output and "Traceback" not in run.output
    assert "lead" in run.output


STORY = (
    "The Dorton council approved a new flood levee on Monday by a vote of seven to two. "
    "The flood levee will cost the town about four million dollars over three years. "
    "Residents of the river district packed the meeting hall for the long debate.",
    "Dorton's council approved a new flood levee on Monday after a long debate. "
    "Work on the flood levee is due to begin in the spring, the mayor said. "
    "Farmers upstream have asked for a second study of the river.",
    "A new flood levee for Dorton won the council's approval on Monday. "
    "The river district flooded twice last year, closing the old bridge for weeks.",
)


@pytest.mark.parametrize("system", [concept_ilp, submodular, centroid])
def test_classic_summarizers_pick_our_sentences_within_the_budget(system):
    articles = _parse(*STORY)
    ours = {s for a in articles for s in a.sentences}
    chosen = system(articles, budget_words=30)
    assert chosen and set(chosen) <= ours
    order = [(s.article_id, s.index) for s in chosen]
    assert order == sorted(order)
    if system is not centroid:  # centroid, like lead, may run over and is cut by the evaluation
        assert sum(s.words for s in chosen) <= 30
    assert system([], budget_words=30) == ()


def test_concept_ilp_covers_the_shared_bigrams():
    """The ILP's best 16 words hold 'flood levee' and 'council approved', in all three articles."""
    chosen = concept_ilp(_parse(*STORY), budget_words=16)
    assert len(chosen) == 1 and "flood levee" in chosen[0].text


def test_recall_metric_matches_rouge_score_recall():
    from rouge_score import rouge_scorer

    reference = "The council approved a flood levee on Monday. It will cost four million dollars."
    prediction = ["The council approved the levee on Monday."]
    ours = Scorer(100, metric="recall").score(prediction, [reference])
    theirs = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True).score(reference, prediction[0])
    assert ours["rouge1"] == pytest.approx(theirs["rouge1"].recall)
    assert ours["rouge2"] == pytest.approx(theirs["rouge2"].recall)
    assert parse_metric("r") is Metric.RECALL and parse_metric("f") is Metric.F
    with pytest.raises(ConfigError, match="unknown metric"):
        parse_metric("precision")


def test_cli_eval_recall_on_a_dev_slice(dev_slice, tmp_path):
    out = tmp_path / "scores.json"
    result = CliRunner().invoke(
        app, ["eval", str(dev_slice), "--words", "100", "--metric", "recall", "--systems", "newsbrief,ilp",
              "--limit", "2", "--json", str(out), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["metric"] == "recall" and set(data["systems"]) == {"newsbrief", "ilp"}
    assert "recall" in result.output

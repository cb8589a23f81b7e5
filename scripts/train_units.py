"""Train the unit-quality model of summary selection from reference summaries (issue 10).

Every story of the training files is summarized as far as selection: its candidate units
(``summarize._candidates``) each give one row of ``unit_model.UNIT_FEATURES``, labelled with how
much of the unit the references say: the unit's clipped n-gram precision against each reference
(rouge-score's tokens, stemmed, as the scorer reads them), mean over references, ROUGE-1 and
ROUGE-2 averaged. A ridge regression (scikit-learn, standardised features) is fitted on the rows;
each story weighs the same however many candidates it has. The model is a JSON of means, scales
and coefficients that ``summarize`` applies as a dot product (no scikit-learn at run time).

    # the model, trained on multinews-dev only (TAC and DUC stay for validation):
    python scripts/train_units.py ../shared/data/multinews-dev.jsonl -o src/newsbrief/unit_quality.json
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newsbrief.summarize import score, select  # noqa: E402
from newsbrief.summarize.units import _span, _units  # noqa: E402
from newsbrief.summarize import unit_model as U  # noqa: E402
from newsbrief.eval import load_stories  # noqa: E402
from newsbrief.pipeline import parse_articles  # noqa: E402
from newsbrief.settings import DEFAULTS  # noqa: E402
from model_file import write_model  # noqa: E402  (scripts/, beside this file)

# Ridge penalty on standardised features; scikit-learn's default (not tuned).
ALPHA = 1.0
FORMAT = "newsbrief-unit-quality/1"


def _ngrams(tokens: list[str], n: int) -> Counter:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _precision(unit: Counter, ref: Counter) -> float:
    total = sum(unit.values())
    return sum(min(c, ref[g]) for g, c in unit.items()) / total if total else 0.0


def story_rows(parsed, references, tokenize) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of one story's candidate units."""
    story = score._score(parsed)
    if story is None:
        return np.zeros((0, len(U.UNIT_FEATURES))), np.zeros(0)
    units = _units(story, parsed, DEFAULTS)
    units, held, weights, _, mass = select._candidates(story, parsed, units, DEFAULTS)
    if not units:
        return np.zeros((0, len(U.UNIT_FEATURES))), np.zeros(0)
    x = U.unit_features(story, parsed, units, held, weights, mass, DEFAULTS)
    refs = [tokenize(r) for r in references]
    refs = [(_ngrams(t, 1), _ngrams(t, 2)) for t in refs]
    y = []
    for u in units:
        tokens = tokenize(_span(parsed, story, u.first, u.last))
        one, two = _ngrams(tokens, 1), _ngrams(tokens, 2)
        y.append(np.mean([(_precision(one, r1) + _precision(two, r2)) / 2 for r1, r2 in refs]))
    return x, np.asarray(y)


def rouge_tokenizer():
    from rouge_score import tokenizers

    tokenizer = tokenizers.DefaultTokenizer(use_stemmer=True)
    cache: dict[str, list[str]] = {}

    def tokenize(text: str) -> list[str]:
        if text not in cache:
            cache[text] = tokenizer.tokenize(text)
        return cache[text]

    return tokenize


def fit(rows: list[tuple[np.ndarray, np.ndarray]], alpha: float = ALPHA) -> dict:
    from sklearn.linear_model import Ridge

    rows = [(x, y) for x, y in rows if len(y)]
    x = np.vstack([x for x, _ in rows])
    y = np.concatenate([y for _, y in rows])
    weight = np.concatenate([np.full(len(r), 1.0 / len(r)) for _, r in rows])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = Ridge(alpha=alpha).fit((x - mean) / scale, y, sample_weight=weight)
    return {
        "format": FORMAT,
        "features": list(U.UNIT_FEATURES),
        "mean": mean.round(6).tolist(),
        "scale": scale.round(6).tolist(),
        "coef": model.coef_.round(6).tolist(),
        "intercept": round(float(model.intercept_), 6),
        "rows": int(len(y)),
        "stories": len(rows),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", nargs="+", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    tokenize = rouge_tokenizer()
    rows, names = [], []
    for path in args.datasets:
        stories, _ = load_stories(path)
        for story in stories:
            parsed = parse_articles(story.articles, settings=DEFAULTS, problems=[])
            rows.append(story_rows(parsed, story.references, tokenize))
        names.append(path.name)
    write_model(args.output, fit(rows), names, U.UNIT_FEATURES)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Train the concept-weight model of summary selection from reference summaries (issue 10).

Every story of the training files is cleaned and split as ``batch`` does; each of its concepts
(content-word bigrams held by enough articles, ``summarize._concept_floor``) gives one row of
``concept_model.CONCEPT_FEATURES``, labelled with the share of the story's references that hold the
same bigram (the references cut into bigrams by the same stemmer and stop list, as ROUGE-2 stems
them). A logistic regression (scikit-learn, standardised features) is fitted on the rows, a share
of y counting as y of a positive and 1 - y of a negative; each story weighs the same however many
concepts it has. The model is a JSON of means, scales and coefficients that ``summarize`` applies as
a dot product (no scikit-learn at run time).

A file may be cut to some of its stories, 1-based in file order: ``duc2006.jsonl@1-25``.

    python scripts/train_concepts.py ../shared/data/duc2006.jsonl@1-25 -o concepts.json
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newsbrief.summarize import concept_model as C  # noqa: E402
from newsbrief.summarize import score, select  # noqa: E402
from newsbrief.eval import load_stories  # noqa: E402
from newsbrief.pipeline import parse_articles  # noqa: E402
from newsbrief.settings import DEFAULTS  # noqa: E402
from model_file import write_model  # noqa: E402  (scripts/, beside this file)

# Inverse L2 penalty on standardised features; scikit-learn's default (not tuned).
C_PENALTY = 1.0


def story_rows(parsed, references: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels (share of references holding the bigram) of one story's concepts."""
    story = score._score(parsed)
    if story is None or not references:
        return np.zeros((0, len(C.CONCEPT_FEATURES))), np.zeros(0)
    keys, x = C.concept_features(story, parsed, select._concept_floor(len(parsed)))
    said = [score.concept_bigrams(r, story.profile, story.forms) for r in references]
    y = np.array([sum(g in s for s in said) / len(said) for g in keys])
    return x, y


def fit(rows: list[tuple[np.ndarray, np.ndarray]], c: float = C_PENALTY) -> dict:
    from sklearn.linear_model import LogisticRegression

    rows = [(x, y) for x, y in rows if len(y)]
    x = np.vstack([x for x, _ in rows])
    y = np.concatenate([y for _, y in rows])
    story = np.concatenate([np.full(len(r), 1.0 / len(r)) for _, r in rows])
    story /= story.mean()
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0  # a feature constant over the training stories (their article count)
    z = (x - mean) / scale
    # A share y of the references: a positive row weighing y and a negative one weighing 1 - y.
    model = LogisticRegression(C=c, max_iter=1000).fit(
        np.vstack([z, z]), np.r_[np.ones(len(y)), np.zeros(len(y))], sample_weight=np.r_[story * y, story * (1 - y)]
    )
    return {
        "format": C.FORMAT,
        "features": list(C.CONCEPT_FEATURES),
        "mean": mean.round(6).tolist(),
        "scale": scale.round(6).tolist(),
        "coef": model.coef_[0].round(6).tolist(),
        "intercept": round(float(model.intercept_[0]), 6),
        "rows": int(len(y)),
        "stories": len(rows),
    }


def _stories(spec: str):
    """The stories of ``PATH`` or ``PATH@FIRST-LAST`` (1-based, in file order)."""
    path, _, cut = spec.partition("@")
    stories, _ = load_stories(Path(path))
    if cut:
        first, _, last = cut.partition("-")
        stories = stories[int(first) - 1 : int(last or first)]
    return stories


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", nargs="+", help="dataset files, each optionally @FIRST-LAST")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    rows = []
    for spec in args.datasets:
        for story in _stories(spec):
            parsed = parse_articles(story.articles, settings=DEFAULTS, problems=[])
            rows.append(story_rows(parsed, list(story.references)))
    write_model(args.output, fit(rows), [Path(spec).name for spec in args.datasets], C.CONCEPT_FEATURES)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The learned same-story judgement: a logistic regression over pair features (issue 12).

A model may also hold a few shallow boosted trees over the same features
(``trees`` in its JSON; scikit-learn's histogram gradient boosting, exported
node by node): their leaf values are added to the linear log-odds.

For an article and one candidate story the grouper computes the features
named in :data:`FEATURES`; the model turns them into a log-odds that the
article belongs to that story. The article joins the candidate with the
highest log-odds if its probability reaches the model's threshold, else it
opens a new story.

The model is a small JSON file (no pickle: it loads in a millisecond and can
be read by eye), shipped as ``same_story.json`` beside this module and built
by ``scripts/train_stories.py`` from labelled stories; a ``stories_model``
setting points at another one.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import ConfigError

FORMAT = "newsbrief-same-story"
# Pair features, in the order of a model's coefficients. Every one is cheap to
# compute for the ≤ MAX_CANDIDATES stories an article is compared with.
FEATURES = (
    "content",  # TF-IDF cosine of the article's words with the story centroid
    "names",  # IDF-weighted cosine of capitalised-name sets
    "name_share",  # IDF-weighted share of the article's names that the story has
    "title",  # IDF-weighted cosine of the article's title words with the story's titles
    "title_unknown",  # 1 when the article or every article of the story lacks a title
    "lead",  # cosine of the article's opening words with the story's opening words
    "gap",  # ln(1 + days outside the story's date range / 3) when both are dated, else 0
    "date_unknown",  # 1 when the article or the story is undated: a missing date costs nothing
    "wire",  # highest MinHash Jaccard with one of the story's articles (0 below the LSH floor)
    "size",  # ln(1 + articles in the story)
    "margin",  # content minus the best content of the other candidates
    "content_undated",  # content × date_unknown: content has to carry more without dates
    "cohesion",  # content minus the mean content its members had when they joined (0 if none did)
    "single",  # 1 when the story is one article so far (no cohesion to compare with)
    "late",  # months outside the story's dates beyond max(a month, the story's span); 0 when undated
)
SHIPPED = "same_story.json"


@dataclass(frozen=True, slots=True)
class SameStoryModel:
    """Weights on the raw features (standardisation folded in) and the join threshold.

    ``decision(row)`` is the log-odds; an article joins when it reaches
    ``logit_threshold``. ``data`` is the JSON the model was read from (kept in
    a --state so a continued stream is judged by the model it began with).
    """

    weights: tuple[float, ...]
    bias: float
    logit_threshold: float
    data: dict
    # Boosted trees, each (feature, threshold, left, right, value) node lists; feature -1 marks a leaf.
    trees: tuple[tuple[tuple, ...], ...] = ()

    def decision(self, row: list[float]) -> float:
        total = self.bias + sum(w * x for w, x in zip(self.weights, row))
        for feature, threshold, left, right, value in self.trees:
            node = 0
            while feature[node] >= 0:
                node = left[node] if row[feature[node]] <= threshold[node] else right[node]
            total += value[node]
        return total

    @classmethod
    def from_dict(cls, data: dict, origin: str = "model") -> SameStoryModel:
        """Validate a model's JSON and fold the standardisation into its weights.

        Raises:
            ConfigError: not a same-story model, or its features are not this version's.
        """
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ConfigError(f"{origin}: not a newsbrief same-story model (format {FORMAT!r} expected)")
        names = data.get("features")
        if names != list(FEATURES):
            raise ConfigError(
                f"{origin}: model features {names} differ from this newsbrief's {list(FEATURES)}; "
                "retrain it with scripts/train_stories.py"
            )
        try:
            coef = [float(c) for c in data["coef"]]
            mean = [float(m) for m in data.get("mean", [0.0] * len(coef))]
            scale = [float(s) or 1.0 for s in data.get("scale", [1.0] * len(coef))]
            intercept = float(data["intercept"])
            threshold = float(data.get("threshold", 0.5))
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{origin}: malformed model ({exc}); retrain it with scripts/train_stories.py") from exc
        if not len(coef) == len(mean) == len(scale) == len(FEATURES) or not 0.0 < threshold < 1.0:
            raise ConfigError(f"{origin}: model needs {len(FEATURES)} coefficients and a threshold in (0, 1)")
        weights, bias = raw_weights(coef, mean, scale, intercept)
        trees = tuple(_tree(tree, origin) for tree in data.get("trees", []))
        return cls(weights, bias, math.log(threshold / (1.0 - threshold)), data, trees)


def raw_weights(coef: list[float], mean: list[float], scale: list[float], intercept: float) -> tuple[tuple, float]:
    """Weights and bias on the raw features from a fit on standardised ones (the scaler folded in)."""
    weights = tuple(c / s for c, s in zip(coef, scale))
    return weights, intercept - sum(c * m / s for c, m, s in zip(coef, mean, scale))


def _tree(tree: dict, origin: str) -> tuple[tuple, ...]:
    """One exported tree as node lists, checked so that a walk from the root always ends at a leaf."""
    try:
        nodes = (tuple(int(f) for f in tree["feature"]), tuple(float(t) for t in tree["threshold"]),
                 tuple(int(n) for n in tree["left"]), tuple(int(n) for n in tree["right"]),
                 tuple(float(v) for v in tree["value"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{origin}: malformed tree ({exc}); retrain it with scripts/train_stories.py") from exc
    feature, _, left, right, _ = nodes
    size = len(feature)
    if size == 0 or any(len(part) != size for part in nodes) or any(
        f >= len(FEATURES) or (f >= 0 and not (i < left[i] < size and i < right[i] < size))
        for i, f in enumerate(feature)
    ):
        raise ConfigError(f"{origin}: malformed tree (node lists of unequal length or links out of order)")
    return nodes


def load_model(path: str | Path | None = None) -> SameStoryModel:
    """The model at ``path``, or the one shipped with newsbrief.

    Raises:
        ConfigError: the file is missing, not JSON, or not a model of this version.
    """
    if path is None:
        text = resources.files(__package__).joinpath(SHIPPED).read_text(encoding="utf-8")
        return SameStoryModel.from_dict(json.loads(text), SHIPPED)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the stories model: {exc}") from exc
    return SameStoryModel.from_dict(data, str(path))

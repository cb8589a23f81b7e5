"""What the training scripts share: writing the model file and showing its weights."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path


def write_model(path: Path, model: dict, trained_on: list[str], features: Sequence[str]) -> None:
    """Write ``model`` (with the data it was trained on) as the JSON the run-time loader reads; print its weights."""
    model["trained_on"] = trained_on
    path.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    width = max(map(len, features), default=0)
    for name, coef in zip(features, model["coef"]):
        print(f"{name:{width}s} {coef:+.4f}")

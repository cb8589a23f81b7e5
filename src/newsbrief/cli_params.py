"""Plain conversion of the command line's values (whole numbers, text, paths, choices).

Typer converts every parameter through a pydantic TypeAdapter, and importing pydantic is
about 0.15 s of every command, usage mistakes included. The CLI's parameters are all simple
types, so they are converted here in plain Python; anything else falls back to Typer's own
conversion. The messages keep pydantic's wording, which `cli.usage_message` turns into one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam
from typer._param_types import coerce_cli_path


def _number(kind: type, text: Any, info) -> Any:
    try:
        if kind is int and isinstance(text, str) and re.fullmatch(r"\s*[+-]?[\d_]+\.0+\s*", text):
            text = text.strip().rstrip("0").rstrip(".")  # "7.0" is a whole number, as pydantic reads it
        value = kind(text)
    except (TypeError, ValueError):
        noun = "integer" if kind is int else "number"
        raise ValueError(f"Input should be a valid {noun}") from None
    if info.min is not None and value < info.min:
        raise ValueError(f"Input should be greater than or equal to {info.min}")
    if info.max is not None and value > info.max:
        raise ValueError(f"Input should be less than or equal to {info.max}")
    return value


def _flag(text: Any) -> bool:
    if isinstance(text, bool):
        return text
    word = str(text).strip().lower()
    if word == "":
        return False
    if word in ("1", "true", "t", "yes", "y", "on"):
        return True
    if word in ("0", "false", "f", "no", "n", "off"):
        return False
    raise ValueError("Input should be a valid boolean")


def _choice(kind: type[Enum], text: Any, info) -> Enum:
    if isinstance(text, kind):
        return text
    for member in kind:
        if member.value == text or (not info.case_sensitive and str(member.value).lower() == str(text).lower()):
            return member
    raise ValueError("Input should be one of " + ", ".join(repr(m.value) for m in kind))


def _leaf(kind: Any):
    """A converter ``(text, info, param, ctx) -> value`` for one simple type, or None."""
    if kind is str:
        return lambda text, info, param, ctx: str(text)
    if kind is bool:
        return lambda text, info, param, ctx: _flag(text)
    if kind in (int, float):
        return lambda text, info, param, ctx: _number(kind, text, info)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return lambda text, info, param, ctx: _choice(kind, text, info)
    if kind is Path:
        return lambda text, info, param, ctx: coerce_cli_path(Path(text), info, path_type=Path, param=param, ctx=ctx)
    return None


@dataclass(frozen=True)
class PlainParam(RuntimeParam):
    convert: Any = None
    many: bool = False

    def _coerce_value(self, value: Any, param, ctx) -> Any:
        try:
            if self.many:
                return [self.convert(v, self.parameter_info, param, ctx) for v in value]
            return self.convert(value, self.parameter_info, param, ctx)
        except ValueError as exc:
            raise BadParameter(str(exc), ctx=ctx, param=param) from None


def plain_param(param) -> PlainParam | None:
    """Plain conversion for a Typer parameter whose type is simple; None to leave it to Typer."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or descriptor.file_annotation is not None or descriptor.parameter_info.parser is not None:
        return None
    kind, many = descriptor.annotation, False
    if get_origin(kind) is list:
        (kind,), many = get_args(kind), True
    convert = _leaf(kind)
    if convert is None:
        return None
    return PlainParam(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation, convert=convert, many=many)


def use_plain_params(params) -> None:
    """Give each simple parameter the plain conversion (Typer builds its own lazily, on first use)."""
    for param in params:
        if getattr(param, "_runtime_param", "absent") is None:
            plain = plain_param(param)
            if plain is not None:
                param._runtime_param = plain

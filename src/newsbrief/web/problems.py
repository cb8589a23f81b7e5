"""One error shape for the whole HTTP API: ``{"error": "one line"}`` with a fitting 4xx status.

FastAPI answers a request it cannot validate with 422 and a list of pydantic
errors; ``validation_problem`` turns the first of them into the line a user
reads (``words: must be at least 1, got 0``), and ``tidy_openapi`` makes the
OpenAPI document say what the API really answers.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

# Readable names for the multipart bodies FastAPI would call Body_<function>_<path>_<method>.
BODY_NAMES = {"create_story_upload": "StoryUpload", "add_articles_upload": "ArticlesUpload"}


class Error(BaseModel):
    error: str = Field(description="One line: what was wrong, naming the field, file or link.")


ERROR_RESPONSES = {
    400: {"model": Error, "description": "Unusable input: a bad field, malformed JSON, an unusable file or link"},
    404: {"model": Error, "description": "No such story or article"},
    413: {"model": Error, "description": "Over a request limit"},
    503: {"model": Error, "description": "Database trouble"},
}


def _field(loc) -> str:
    # loc is ("body", "texts", 0, "str") or ("query", "format"): drop the part and pydantic's union labels.
    parts = [str(p) for p in loc[1:] if not (isinstance(p, str) and p[:1].isupper() or p in ("str", "int"))]
    return ".".join(parts) or "request body"


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _reason(error: dict) -> str:
    kind, ctx, given = error.get("type", ""), error.get("ctx") or {}, error.get("input")
    shown = ""
    if isinstance(given, (int, float)) and not isinstance(given, bool) or isinstance(given, str) and _number(given):
        shown = f", got {given}"
    elif isinstance(given, str):
        shown = f", got {given[:40]!r}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}{shown}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}{shown}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"must be a whole number{shown}"
    if kind == "enum":
        return f"must be one of {ctx.get('expected', '').replace(chr(39), '')}{shown}"
    if kind == "missing":
        return "is required"
    if kind in ("string_type", "model_attributes_type", "list_type", "dict_type"):
        wanted = {"string_type": "a string", "list_type": "a list", "model_attributes_type": "an object",
                  "dict_type": "an object"}[kind]
        return f"must be {wanted}"
    message = str(error.get("msg", "is not valid"))
    return message[:1].lower() + message[1:]


def validation_problem(errors: list[dict]) -> tuple[int, str]:
    """(status, one line) for FastAPI's validation errors of one request."""
    first = errors[0] if errors else {"loc": ("body",), "msg": "is not valid"}
    loc = tuple(first.get("loc") or ("body",))
    if first.get("type") == "json_invalid":
        detail = (first.get("ctx") or {}).get("error", "")
        return 400, f"request body is not valid JSON{': ' + detail if detail else ''}"
    if loc[0] == "path":
        # A path that cannot name a story or article names nothing: 404, like an unknown id.
        name = str(loc[-1]).replace("_", " ")
        return 404, f"no such story or article: {name} must be a whole number, got {first.get('input')!r}"
    if first.get("type") == "model_attributes_type" and len(loc) == 1:
        return 400, "request body must be a JSON object"
    branches = [e for e in errors if tuple(e.get("loc") or ())[:-1] == loc[:-1]]
    if len(branches) > 1 and len(loc) > 2:
        # A union (a plain string or a {"text": ...} object) fails once per branch: report the field once.
        return 400, f"{_field(loc)}: must be a string or an object with \"text\""
    return 400, f"{_field(loc)}: {_reason(first)}"


def tidy_openapi(spec: dict) -> dict:
    """Drop FastAPI's 422 answers (the API never sends them) and give request bodies readable names."""
    schemas = spec.get("components", {}).get("schemas", {})
    renames = {}
    for name in list(schemas):
        for function, readable in BODY_NAMES.items():
            if name.startswith(f"Body_{function}_"):
                renames[name] = readable
                schemas[readable] = {**schemas.pop(name), "title": readable}
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    for path in spec.get("paths", {}).values():
        for operation in path.values():
            operation.get("responses", {}).pop("422", None)
            body = operation.get("requestBody", {}).get("content", {})
            for media in body.values():
                ref = media.get("schema", {}).get("$ref", "")
                old = ref.rsplit("/", 1)[-1]
                if old in renames:
                    media["schema"]["$ref"] = f"#/components/schemas/{renames[old]}"
    return spec

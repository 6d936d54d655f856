"""The ``/docs`` page: the OpenAPI description rendered on the server as plain HTML.

FastAPI's own docs pages load their script from a CDN; this one needs no network and no
script, so it works offline and under the strict Content-Security-Policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Field:
    name: str
    where: str
    type: str
    required: bool
    details: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Field]
    body: list[Field]
    responses: list[tuple[str, str]]

    @property
    def anchor(self) -> str:
        return (self.method + self.path).replace("/", "-").replace("{", "").replace("}", "")


def operations(spec: dict[str, Any]) -> list[Operation]:
    """Every operation of an OpenAPI document, in path order."""
    out = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            out.append(
                Operation(
                    method=method,
                    path=path,
                    summary=op.get("summary", ""),
                    description=op.get("description", ""),
                    parameters=[_parameter(p) for p in op.get("parameters", [])],
                    body=_body_fields(spec, op),
                    responses=[(code, r.get("description", "")) for code, r in op.get("responses", {}).items()],
                )
            )
    return out


def _type_name(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_type_name(s) for s in schema["anyOf"] if s.get("type") != "null")
    kind = schema.get("type", "any")
    if kind == "string" and schema.get("format"):
        return f"string ({schema['format']})"
    return str(kind)


def _limits(schema: dict[str, Any]) -> str:
    words = []
    for key, text in (("minimum", "at least"), ("maximum", "at most"), ("maxLength", "max length")):
        if key in schema:
            words.append(f"{text} {schema[key]}")
    if schema.get("default") is not None:
        words.append(f"default {schema['default']}")
    return ", ".join(words)


def _parameter(param: dict[str, Any]) -> Field:
    schema = param.get("schema", {})
    details = " ".join(x for x in (param.get("description", ""), _limits(schema)) if x)
    return Field(param["name"], param.get("in", ""), _type_name(schema), bool(param.get("required")), details)


def _body_fields(spec: dict[str, Any], op: dict[str, Any]) -> list[Field]:
    content = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    ref = content.get("schema", {}).get("$ref")
    if not ref:
        return []
    schema = spec.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[-1], {})
    required = set(schema.get("required", []))
    return [
        Field(name, "body", _type_name(prop), name in required,
              " ".join(x for x in (prop.get("description", ""), _limits(prop)) if x))
        for name, prop in schema.get("properties", {}).items()
    ]

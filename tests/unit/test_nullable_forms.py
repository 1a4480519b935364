"""datamodel-code-generator reads "this or null" fastest as ``nullable`` on a ``$ref``,
``type: [t, "null"]`` on a scalar or an array, ``null`` among an enum's values, and as
no null at all for a field that may be absent with no default (``T | None = None``
either way, where no model is on a cycle); the models it writes from those forms must
be byte for byte the models it writes from ``anyOf: [this, null]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, build_api, openapi_document

import pipedrive_codegen.render.model_schemas as model_schemas
import pipedrive_codegen.render.models as datamodels
from pipedrive_codegen.ir.build import build_ir
from pipedrive_codegen.ir.model import Api
from pipedrive_codegen.spec.load import load_spec
from pipedrive_codegen.spec.resolve import resolve_refs
from pipedrive_codegen.target import DEFAULT_TEMPLATES

DEAL = {"$ref": "#/components/schemas/Deal"}
MAYBE_DEAL = {"allOf": [DEAL], "nullable": True}


def _as_any_of(schema: dict[str, Any], *args: Any, **kwargs: Any) -> dict[str, Any]:
    if schema == {"enum": [None]}:  # only null: no "or null" to write (``None``)
        return schema
    return {"anyOf": [schema, {"type": "null"}]}


def _every_kind(tmp_path: Path, cyclic: bool = True) -> Api:
    """One property of each kind the IR makes nullable, in a request and a response;
    ``Deal`` names itself if ``cyclic`` (a list of models is written otherwise then)."""
    properties: dict[str, Any] = {
        "deal": DEAL,
        "deals": {"type": "array", "items": DEAL},  # forward references in a list
        "maybe_deal": MAYBE_DEAL,
        "maybe_deals": {"type": "array", "items": MAYBE_DEAL},
        "text": {"type": "string"},
        "day": {"type": "string", "format": "date"},
        "count": {"type": "integer", "nullable": True},
        "ratio": {"type": "number", "format": "float"},
        "flag": {"type": "boolean"},
        "kind": {"type": "string", "enum": ["a", "b"], "nullable": True},
        "size": {"type": "number", "enum": [0.5, 2]},
        "on": {"type": "boolean", "enum": [True]},
        "level": {"type": "integer", "enum": [1, 2, 3], "nullable": True},
        "tags": {"type": "array", "items": {"type": "string"}},
        "kinds": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
        "grid": {"type": "array", "items": {"type": "array", "items": DEAL}},
        "nothing": {"enum": [None]},  # only null
        "by_id": {"type": "object", "additionalProperties": DEAL},
        "either": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        "free": {},
    }
    body = {
        "type": "object",
        "title": "Body",
        "properties": properties,
        "required": sorted(properties),
    }
    answer = {"type": "object", "title": "Answer", "properties": properties}
    operation = {
        "operationId": "postX",
        "requestBody": {"content": {"application/json": {"schema": body}}},
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": answer}},
            }
        },
    }
    deal = {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "next": DEAL},
    }
    if not cyclic:
        del deal["properties"]["next"]  # type: ignore[attr-defined]
    document = openapi_document({"/x": {"post": operation}}, {"Deal": deal})
    return build_api(document, tmp_path)


def _cycle(tmp_path: Path) -> Api:
    """Models on a cycle, each with a list of the next (a forward reference)."""
    schemas = {
        name: {
            "type": "object",
            "properties": {
                "items": {
                    "type": "array",
                    "items": {"$ref": f"#/components/schemas/{after}"},
                },
                "first": {"$ref": f"#/components/schemas/{after}"},
            },
        }
        for name, after in (("Invoice", "Payment"), ("Payment", "Invoice"))
    }
    operation = {
        "operationId": "getX",
        "responses": {
            "200": {
                "description": "ok",
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/Invoice"}
                    }
                },
            }
        },
    }
    return build_api(openapi_document({"/x": {"get": operation}}, schemas), tmp_path)


def _spec(name: str) -> Api:
    return build_ir(resolve_refs(load_spec(ROOT / "specs" / name)), "v1")


@pytest.mark.parametrize(
    "api",
    [
        _every_kind,
        lambda path: _every_kind(path, cyclic=False),
        lambda path: _cycle(path),
        lambda _: _spec("activities-v1.yaml"),
    ],
    ids=["every-kind", "every-kind-acyclic", "cycle", "activities-v1"],
)
def test_the_fast_forms_write_what_any_of_writes(
    api: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = api(tmp_path)
    fast = datamodels.render_models(made, DEFAULT_TEMPLATES)
    monkeypatch.setattr(model_schemas, "_nullable", _as_any_of)
    plain = datamodels.render_models(made, DEFAULT_TEMPLATES)
    assert fast == plain
    assert "| None" in "".join(part.source.body for part in fast)


def test_every_kind_is_nullable_where_the_spec_says(tmp_path: Path) -> None:
    (part,) = datamodels.render_models(_every_kind(tmp_path), DEFAULT_TEMPLATES)
    body = part.source.body.split("class Body(RequestModel):")[1]
    assert "    maybe_deal: DealRequest | None\n" in body
    assert "    maybe_deals: list[DealRequest | None]\n" in body
    assert "    count: int | None\n" in body

"""A large enum reaches datamodel-code-generator as one placeholder value (its text
handling is quadratic in the length of a type); the models come out as they would have,
formatted, whatever the values hold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import build_api, openapi_document

import pipedrive_codegen.render.model_schemas as model_schemas
import pipedrive_codegen.render.models as datamodels
from pipedrive_codegen.output.format import format_sources
from pipedrive_codegen.target import DEFAULT_TEMPLATES

VALUES: list[Any] = [
    "plain",
    'with "double" quotes',
    "with 'single' quotes",
    "back\\slash",
    "caf\u00e9 \u2603",
    "line\nbreak",
    "",
    7,
    -3,
    True,
    False,
]


def _models(tmp_path: Path) -> str:
    schema = {"type": "object", "properties": {"e": {"enum": VALUES}}}
    content = {"application/json": {"schema": schema}}
    operation = {
        "operationId": "postA",
        "requestBody": {"content": content},
        "responses": {"200": {"description": "ok", "content": content}},
    }
    api = build_api(openapi_document({"/a": {"post": operation}}), tmp_path)
    parts = datamodels.render_models(api, DEFAULT_TEMPLATES)
    source = "\n".join(part.source.body for part in parts)
    return format_sources({"models.py": source})["models.py"]


def test_a_large_enum_gives_the_models_a_small_one_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents: list[Any] = []
    generate = datamodels._generate

    def seen(document: Any, *args: Any) -> str:
        documents.append(document)
        return generate(document, *args)

    monkeypatch.setattr(datamodels, "_generate", seen)
    small = _models(tmp_path)
    monkeypatch.setattr(model_schemas, "_LARGE_ENUM", 0)
    large = _models(tmp_path)
    assert large == small
    enums = [
        schema["properties"]["e"]
        for schema in documents[-1]["components"]["schemas"].values()
    ]
    assert "pipedrive_codegen_enum_0" in str(enums) and "plain" not in str(enums)

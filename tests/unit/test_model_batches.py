"""Models are generated in batches; should datamodel-code-generator ever name a class
otherwise than the IR does, the models are generated in one batch instead, nothing lost.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from conftest import ROOT

import generator.datamodels as datamodels
from generator.build import build_ir
from generator.load import load_spec
from generator.resolve import resolve_refs
from generator.target import DEFAULT_TEMPLATES


def api() -> Any:
    spec = load_spec(ROOT / "specs" / "activities-v1.yaml")
    return build_ir(resolve_refs(spec), "v1")


def classes(parts: tuple[datamodels.ModelsPart, ...]) -> list[str]:
    body = "".join(part.source.body for part in parts)
    return re.findall(r"^class (\w+)", body, flags=re.M)


def test_a_renamed_class_falls_back_to_one_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(datamodels, "_BATCH", 4)  # several batches
    plain = datamodels.render_models(api(), DEFAULT_TEMPLATES)
    generate = datamodels._generate
    documents: list[int] = []

    def renaming(document: dict[str, Any], *args: Any) -> str:
        documents.append(len(document["components"]["schemas"]))
        source = generate(document, *args)
        return source.replace("class Activity(", "class ActivityRenamed(")

    monkeypatch.setattr(datamodels, "_generate", renaming)
    renamed = datamodels.render_models(api(), DEFAULT_TEMPLATES)

    assert len(documents) > 2 and documents[-1] == len(api().models)  # then one batch
    assert "ActivityRenamed" in classes(renamed)
    assert len(classes(renamed)) == len(classes(plain))

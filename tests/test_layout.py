"""The templates lay code out as black does. Black formats its input a second time
whenever its first pass changed anything, so a render black leaves as it is costs one
pass: this keeps the format stage, most of a cold run's time, at its least."""

from __future__ import annotations

import pytest

from conftest import ROOT

from generator.build import build_ir
from generator.format import format_sources
from generator.load import load_spec
from generator.render import render_api
from generator.resolve import resolve_refs
from generator.target import DEFAULT_TEMPLATES


@pytest.mark.parametrize("name", ["v1", "v2"])
def test_black_leaves_the_rendered_modules_as_they_are(name: str) -> None:
    spec = load_spec(ROOT / "specs" / f"activities-{name}.yaml")
    rendered = render_api(build_ir(resolve_refs(spec), name), DEFAULT_TEMPLATES)
    modules = {path: text for path, text in rendered.items() if path.endswith(".py")}
    assert sorted(modules) == [
        f"{name}/{m}"
        for m in ("__init__.py", "client.py", "models.py", "validators.py")
    ]
    formatted = format_sources(modules)
    assert {path: formatted[path] == text for path, text in modules.items()} == {
        path: True for path in modules
    }

"""Specs written the ordinary way ($ref to components and to other files) name models alike."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, run_cli

SPECS = ROOT / "tests" / "specs" / "refs"


def _classes(out: Path) -> list[str]:
    text = (out / "things" / "api" / "models.py").read_text()
    # Sorted: the module defines a model after the models it refers to.
    return sorted(re.findall(r"^class (\w+)\((\w+)\)", text, flags=re.M))


def test_components_and_inline_twins_give_the_same_models(tmp_path: Path) -> None:
    results = {}
    for name in ("components", "inline"):
        out = tmp_path / name
        run = run_cli(
            "generate",
            "--spec",
            f"api={SPECS / f'{name}.yaml'}",
            "--out",
            str(out),
            "--package",
            "things",
        )
        assert run.returncode == 0, run.stderr
        results[name] = _classes(out)
    assert results["components"] == results["inline"]
    assert results["inline"] == [
        ("AddThingRequest", "RequestModel"),
        ("AddThingResponse", "ResponseModel"),
        ("AddThingResponseRelatedObjects", "ResponseModel"),
        ("Owner", "RequestModel"),
        ("Thing", "ResponseModel"),
        ("UserData", "ResponseModel"),
        ("UserDataRequest", "RequestModel"),
    ]
    text = (tmp_path / "components" / "things" / "api" / "models.py").read_text()
    assert "user: dict[int, UserData] | None = None" in text
    assert "done: Literal[0, 1] | None = None" in text
    assert "title: str | None = None" in text  # a property called title stays a field

"""A spec file parsed once is not parsed again: ``load_spec`` keeps its data and lines
in the cache, by the sha256 of its bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from pipedrive_codegen.spec import load
from pipedrive_codegen.output.cache import Cache
from pipedrive_codegen.errors import SpecError
from pipedrive_codegen.spec.load import load_spec

SPEC = ROOT / "specs" / "activities-v1.yaml"


def _no_parsing(text: str, name: str) -> None:
    raise AssertionError(f"{name} parsed again")


def test_a_file_parsed_once_comes_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path / "cache")
    fresh = load_spec(SPEC, cache)
    assert len(list((tmp_path / "cache" / "parsed").rglob("*"))) == 2  # folder, file
    monkeypatch.setattr(load, "_parse_text", _no_parsing)
    cached = load_spec(SPEC, cache)
    assert cached.root.data == fresh.root.data
    assert cached.root.lines == fresh.root.lines
    assert (
        cached.root.error("#/paths", "x").line == fresh.root.error("#/paths", "x").line
    )


def test_a_changed_file_or_a_broken_entry_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path / "cache")
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.read_text())
    load_spec(spec, cache)
    [entry] = [p for p in (tmp_path / "cache" / "parsed").rglob("*") if p.is_file()]
    entry.write_bytes(b"not what marshal wrote")
    assert load_spec(spec, cache).root.data == load_spec(SPEC).root.data
    spec.write_text(SPEC.read_text().replace("Activities", "Tasks", 1))
    monkeypatch.setattr(load, "_parse_text", _no_parsing)
    with pytest.raises(AssertionError, match="parsed again"):
        load_spec(spec, cache)


def test_the_same_bytes_as_json_are_judged_as_json_whatever_the_cache_holds(
    tmp_path: Path,
) -> None:
    # Bytes a .yaml file's reader takes and a .json file's refuses: the parse of one
    # name is never the other's.
    text = (
        "{'openapi': '3.0.3', 'info': {'title': 't', 'version': '1'}, 'paths': {},}\n"
    )
    (tmp_path / "spec.yaml").write_text(text)
    (tmp_path / "spec.json").write_text(text)
    cache = Cache(tmp_path / "cache")
    assert load_spec(tmp_path / "spec.yaml", cache).root.data["openapi"] == "3.0.3"
    with pytest.raises(SpecError, match="malformed JSON"):
        load_spec(tmp_path / "spec.json", cache)

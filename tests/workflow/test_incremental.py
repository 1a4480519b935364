"""After an edit, regeneration redoes only what the edit touches: models are generated in
batches, each cached on its own, and the result is what a run without any cache gives:
every model defined before the models that name it, cycles included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import run_cli, tree_bytes

THINGS = 150  # enough models for more than one batch


def spec_text(description: str = "a thing", cycle: bool = True) -> str:
    lines = ["openapi: 3.0.3", "info: {title: Things, version: '1'}", "paths:"]
    for i in range(THINGS):
        lines += [
            f"  /things/{i}:",
            "    get:",
            f"      operationId: getThing{i}",
            "      responses:",
            "        '200':",
            "          description: ok",
            "          content:",
            "            application/json:",
            f"              schema: {{$ref: '#/components/schemas/Thing{i}'}}",
        ]
    lines += ["components:", "  schemas:"]
    for i in range(THINGS):
        lines += [
            f"    Thing{i}:",
            "      type: object",
            f"      description: {description if i == 7 else 'a thing'}",
            "      properties:",
            f"        name{i if i < 140 else 'd'}: {{type: string}}",  # 140.. alike
        ]
        if i % 10 == 1:  # Thing1 names Thing2, Thing11 names Thing12, ...
            lines.append(f"        next: {{$ref: '#/components/schemas/Thing{i + 1}'}}")
        if i in (5, 6) and cycle:  # a cycle: Thing5 names Thing6, which names Thing5
            lines.append(
                f"        other: {{$ref: '#/components/schemas/Thing{11 - i}'}}"
            )
    return "\n".join(lines) + "\n"


def generate(tmp_path: Path, text: str, cache: str) -> dict[str, bytes]:
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / f"out-{cache.replace('/', '-')}"
    result = run_cli(
        *("generate", "--spec", "api=spec.yaml", "--out", str(out)),
        cwd=tmp_path,
        env={"PIPEDRIVE_CODEGEN_CACHE": cache},
    )
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr  # no model refers outside its batch
    return tree_bytes(out)


def cached_models(cache: Path) -> set[Path]:
    return set((cache / "models").rglob("*"))


def test_an_edit_regenerates_one_batch_of_models_and_gives_what_a_cold_run_gives(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    before = generate(tmp_path, spec_text(), str(cache))
    batches = {path for path in cached_models(cache) if path.is_file()}
    assert len(batches) > 1

    edited = generate(tmp_path, spec_text("an edited thing"), str(cache))

    new = {path for path in cached_models(cache) if path.is_file()} - batches
    assert len(new) == 1  # only the batch of Thing7
    assert edited == generate(tmp_path, spec_text("an edited thing"), "off")
    # So many models live in modules of a few each; the edit changes one of them.
    parts = "pipedrive_client/api/_models/"
    changed = {p for p in edited if p.startswith(parts) and edited[p] != before.get(p)}
    assert changed == {parts + "thing_7.py"}
    assert '"""an edited thing"""' in edited[parts + "thing_7.py"].decode()
    thing1 = edited[parts + "thing_1.py"].decode()  # Thing2 is used by Thing1 alone
    assert "next: Thing2 | None = None" in thing1
    assert thing1.index("class Thing2(") < thing1.index("class Thing1(")
    assert parts + "thing_2.py" not in edited
    cycle = edited[parts + "thing_5.py"].decode()  # a cycle stays in one module
    assert "class Thing5(" in cycle and "class Thing6(" in cycle
    assert cycle.startswith('"""Thing5 and the models only it uses')
    out = tmp_path / "out-off"
    code = "from pipedrive_client.api.models import Thing5, Thing6; Thing5(other={})"
    imported = subprocess.run(
        [sys.executable, "-c", code], cwd=out, capture_output=True, text=True
    )
    assert imported.returncode == 0, imported.stderr


def test_without_cycles_an_edit_still_regenerates_one_batch(tmp_path: Path) -> None:
    # Without cycles a model is batched with the models that use it, and the models
    # of one shape (Thing140 to Thing149) are generated once: an edit is as local.
    cache = tmp_path / "cache"
    before = generate(tmp_path, spec_text(cycle=False), str(cache))
    batches = {path for path in cached_models(cache) if path.is_file()}
    assert len(batches) > 1

    edited = generate(tmp_path, spec_text("an edited thing", cycle=False), str(cache))

    new = {path for path in cached_models(cache) if path.is_file()} - batches
    assert len(new) == 1  # only the batch of Thing7
    assert edited == generate(tmp_path, spec_text("an edited thing", False), "off")
    parts = "pipedrive_client/api/_models/"
    changed = {p for p in edited if p.startswith(parts) and edited[p] != before.get(p)}
    assert changed == {parts + "thing_7.py"}
    models = "".join(edited[p].decode() for p in sorted(edited) if p.startswith(parts))
    for i in range(140, 150):
        assert (
            f'class Thing{i}(ResponseModel):\n    """a thing"""\n\n    named:' in models
        )

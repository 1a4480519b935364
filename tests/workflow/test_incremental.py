"""After an edit, regeneration redoes only what the edit touches: models are generated in
batches, each cached on its own, and the result is what a run without any cache gives:
every model defined before the models that name it, cycles included."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import BAD_DEFAULT, run_cli, tree_bytes

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


# The command as a user runs it; then whether it rendered anything.
RENDER_PROBE = """
import sys
from pipedrive_codegen.cli import main
code = main(sys.argv[1:])
print("rendered:", "pipedrive_codegen.pipeline" in sys.modules, "exit:", code)
"""
SUMMARY = re.compile(
    r"out/pipedrive_client: 1 spec, 1 operation, (?P<models>\d+ models?); "
    r"(?P<written>\d+) files? written, (?P<unchanged>\d+) unchanged, 0 removed "
    r"in [\d.]+ s"
)


def _generate(folder: Path, *more: str, cache: str | None = None) -> dict[str, str]:
    """A run of ``generate`` on api.yaml: its summary's parts, its warnings, and
    whether it rendered."""
    environment = dict(os.environ)
    if cache is not None:
        environment["PIPEDRIVE_CODEGEN_CACHE"] = cache
    result = subprocess.run(
        [sys.executable, "-c", RENDER_PROBE, "generate", "--spec", "v1=api.yaml"]
        + ["--out", "out", "--ignore-bad-defaults", *more],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    summary, probe = result.stdout.splitlines()
    found = SUMMARY.fullmatch(summary)
    assert found, summary
    return {**found.groupdict(), "warnings": result.stderr, "probe": probe}


def test_a_regenerate_of_a_tree_its_inputs_make_renders_nothing_and_says_the_same(
    tmp_path: Path,
) -> None:
    # The cache's record that these inputs make this tree (check's fast path) lets
    # generate leave it as it is: nothing rendered, the same warnings and counts.
    (tmp_path / "api.yaml").write_text(BAD_DEFAULT)
    first = _generate(tmp_path)
    made = tree_bytes(tmp_path / "out")
    assert first["probe"] == "rendered: True exit: 0"
    assert first["warnings"].count("default ignored") == 1
    assert (first["written"], first["unchanged"]) == (str(len(made)), "0")

    again = _generate(tmp_path)
    assert again["probe"] == "rendered: False exit: 0"
    assert (again["models"], again["warnings"]) == (first["models"], first["warnings"])
    assert (again["written"], again["unchanged"]) == ("0", str(len(made)))
    assert tree_bytes(tmp_path / "out") == made

    # A file changed by hand is no tree the inputs make: rendered, and mended.
    client = tmp_path / "out/pipedrive_client/v1/client.py"
    client.write_text(client.read_text() + "# edited\n")
    mended = _generate(tmp_path)
    assert mended["probe"] == "rendered: True exit: 0"
    assert (mended["written"], mended["unchanged"]) == ("1", str(len(made) - 1))
    assert tree_bytes(tmp_path / "out") == made
    # --force, or no cache: rendered whatever the tree holds.
    assert _generate(tmp_path, "--force")["probe"] == "rendered: True exit: 0"
    assert _generate(tmp_path, cache="off")["probe"] == "rendered: True exit: 0"

"""A tampered tree cannot pass ``check``, and ``generate`` destroys nothing it did not
write: ``check`` trusts nothing in the tree it checks (not the manifest's hashes, not a
file the generator would not write, never a symlink's target); ``generate`` replaces
only a package it generated, and a project's settings cannot aim it outside the
project."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, tree_bytes

SPEC = ROOT / "specs" / "activities-v1.yaml"
PACKAGE = "out/pipedrive_client"
UP_TO_DATE = f"{PACKAGE} is up to date\n"


def _run(project: Path, command: str, *more: str, cache: str | None = None):  # type: ignore[no-untyped-def]
    env = {"PIPEDRIVE_CODEGEN_CACHE": cache} if cache else None
    return run_cli(
        command, "--spec", f"v1={SPEC}", "--out", "out", *more, cwd=project, env=env
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A package generated once; each test works on a copy."""
    folder = tmp_path_factory.mktemp("generated")
    assert _run(folder, "generate").returncode == 0
    return folder / "out"


@pytest.fixture
def project(generated: Path, tmp_path: Path) -> Path:
    shutil.copytree(generated, tmp_path / "out", symlinks=True)
    return tmp_path


def _check(project: Path, *more: str, cache: str | None = None) -> tuple[int, str]:
    result = _run(project, "check", *more, cache=cache)
    return result.returncode, result.stdout + result.stderr


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("cache", ["off", "warm"])
def test_code_appended_with_the_manifest_fixed_up_is_drift(
    project: Path, cache: str
) -> None:
    setting = "off" if cache == "off" else str(project / "cache")
    if cache == "warm":  # the tool's own record of this tree is in its cache
        assert _run(project, "generate", "--force", cache=setting).returncode == 0
        assert _check(project, cache=setting) == (0, UP_TO_DATE)
    models = project / PACKAGE / "v1" / "models.py"
    models.write_text(models.read_text() + "import os\nos.system('echo owned')\n")
    manifest = project / PACKAGE / "_manifest.json"
    document = json.loads(manifest.read_text())
    document["outputs"]["v1/models.py"] = _sha256(models)
    manifest.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")

    code, output = _check(project, cache=setting)
    assert code == 1, output
    assert f"  differs: {PACKAGE}/v1/models.py\n" in output
    assert "+os.system" not in output and "-os.system('echo owned')" in output


def test_a_pyc_git_tracks_is_drift_and_python_s_own_is_not(project: Path) -> None:
    def git(*arguments: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *arguments],
            cwd=project,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", "out")
    git("commit", "-q", "-m", "generated")
    # Python's own litter, which git ignores or at least does not track.
    litter = project / PACKAGE / "v1" / "__pycache__"
    litter.mkdir()
    (litter / "models.cpython-311.pyc").write_bytes(b"\x00" * 16)
    assert _check(project) == (0, UP_TO_DATE)

    # Committed: it runs on import in place of its source.
    planted = project / PACKAGE / "__pycache__" / "_client.cpython-311.pyc"
    planted.parent.mkdir()
    planted.write_bytes(b"\xa7\r\r\n" + b"\x00" * 12)
    git("add", "-f", str(planted))
    git("commit", "-q", "-m", "a bytecode file")
    code, output = _check(project)
    assert code == 1, output
    assert f"  unexpected: {PACKAGE}/__pycache__/_client.cpython-311.pyc\n" in output
    assert "models.cpython-311.pyc" not in output


def test_outside_git_any_pyc_is_drift_as_is_an_extra_module(project: Path) -> None:
    (project / PACKAGE / "__pycache__").mkdir()
    (project / PACKAGE / "__pycache__" / "_client.cpython-311.pyc").write_bytes(b"x")
    (project / PACKAGE / "v1" / "extra.py").write_text("print('hello')\n")
    code, output = _check(project)
    assert code == 1
    assert f"  unexpected: {PACKAGE}/__pycache__/_client.cpython-311.pyc\n" in output
    assert f"  unexpected: {PACKAGE}/v1/extra.py\n" in output


@pytest.mark.parametrize("cache", ["off", "warm"])
def test_a_symlink_is_drift_and_never_followed(project: Path, cache: str) -> None:
    setting = "off" if cache == "off" else str(project / "cache")
    if cache == "warm":
        assert _run(project, "generate", "--force", cache=setting).returncode == 0
    secret = project / "secret-config"
    secret.write_text("token = ghp_SECRETSECRET\n")
    package = project / PACKAGE
    (package / "v1" / "notes.py").symlink_to(secret)
    (package / "v9").symlink_to(project)  # a folder: never walked
    # A module swapped for a symlink to a file with the very same bytes.
    twin = project / "twin.py"
    twin.write_bytes((package / "v1" / "client.py").read_bytes())
    (package / "v1" / "client.py").unlink()
    (package / "v1" / "client.py").symlink_to(twin)

    for form in ([], ["--format", "json"], ["--name-only"]):
        code, output = _check(project, *form, cache=setting)
        assert code == 1, output
        assert "SECRET" not in output and "secret-config" not in output
        assert "twin" not in output
        assert f"{PACKAGE}/v1/notes.py" in output
        assert f"{PACKAGE}/v1/client.py" in output
        assert f"{PACKAGE}/v9" in output
    code, output = _check(project, cache=setting)
    assert f"  symlink: {PACKAGE}/v1/client.py\n" in output
    assert f"  symlink: {PACKAGE}/v9\n" in output


def test_a_fifo_is_drift_and_never_opened(project: Path) -> None:
    os.mkfifo(project / PACKAGE / "v1" / "pipe.py")  # opening it would block
    code, output = _check(project)
    assert code == 1
    assert f"  not a regular file: {PACKAGE}/v1/pipe.py\n" in output


def _tool_copy(folder: Path) -> Path:
    """This tool, copied as an installed one would be, to edit its own code."""
    litter = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "generator", folder / "pipedrive_codegen", ignore=litter)
    shutil.copytree(ROOT / "templates", folder / "templates", ignore=litter)
    return folder


def _run_tool(tool: Path, project: Path, *arguments: str) -> tuple[int, str, str]:
    result = subprocess.run(
        [sys.executable, "-m", "pipedrive_codegen", *arguments]
        + ["--spec", f"v1={SPEC}", "--out", "out"],
        cwd=project,
        env={
            **os.environ,
            "PYTHONPATH": str(tool),
            "PIPEDRIVE_CODEGEN_CACHE": str(project / "cache"),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("module", "differs"),
    [
        # Copied verbatim into the package: the copy is out of date.
        ("runtime/_client.py", "_runtime/_client.py"),
        # Shapes no file but the manifest, which names the generator's digests.
        ("ir/build.py", "_manifest.json"),
    ],
)
def test_editing_the_tool_s_own_code_is_drift(
    tmp_path: Path, module: str, differs: str
) -> None:
    tool = _tool_copy(tmp_path / "tool")
    project = tmp_path / "project"
    project.mkdir()
    assert _run_tool(tool, project, "generate")[0] == 0
    # The fast path (the cache's record of this tree) is taken: nothing is rendered.
    assert _run_tool(tool, project, "check", "--progress")[1:] == (UP_TO_DATE, "")

    edited = tool / "pipedrive_codegen" / module
    edited.write_text(edited.read_text() + "\n# an edit\n")

    code, stdout, stderr = _run_tool(tool, project, "check")
    assert code == 1, stdout + stderr
    assert f"  differs: {PACKAGE}/{differs}\n" in stdout
    assert "+# an edit" in stdout or f'"generator:{module}"' in stdout


def test_a_corrupted_record_of_a_tree_is_not_trusted(project: Path) -> None:
    cache = project / "cache"
    assert _run(project, "generate", "--force", cache=str(cache)).returncode == 0
    records = [p for p in (cache / "fresh").rglob("*") if p.is_file()]
    assert records
    models = project / PACKAGE / "v1" / "models.py"
    models.write_text(models.read_text() + "x = 1\n")
    for record in records:  # an entry edited to list the tampered file's digest
        text = record.read_text().replace(
            json.loads(record.read_text().split("\n", 1)[1])["outputs"]["v1/models.py"],
            _sha256(models),
        )
        record.write_text(text)
    code, output = _check(project, cache=str(cache))
    assert code == 1
    assert f"  differs: {PACKAGE}/v1/models.py\n" in output


# generate replaces only what it wrote


def test_generate_will_not_replace_a_folder_it_did_not_write(tmp_path: Path) -> None:
    mine = tmp_path / "src" / "mine"
    mine.mkdir(parents=True)
    (mine / "__init__.py").write_text("MY_CODE = 1\n")
    (mine / "core.py").write_text("def work(): ...\n")
    before = tree_bytes(tmp_path / "src")

    result = run_cli(
        *("generate", "--spec", f"v1={SPEC}", "--out", "src", "--package", "mine"),
        cwd=tmp_path,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "src/mine: is not a package this tool generated (it has no _manifest.json); "
        "pass --force to replace it\n"
    )
    assert tree_bytes(tmp_path / "src") == before

    forced = run_cli(
        *("generate", "--spec", f"v1={SPEC}", "--out", "src", "--package", "mine"),
        "--force",
        cwd=tmp_path,
    )
    assert forced.returncode == 0, forced.stderr
    assert not (mine / "core.py").exists()


def test_generate_will_not_delete_files_added_to_its_package(project: Path) -> None:
    package = project / PACKAGE
    (package / "v1" / "helpers.py").write_text("def mine(): ...\n")
    (package / "NOTES.md").write_text("my notes\n")
    litter = package / "v1" / "__pycache__"  # Python's: no reason to stop
    litter.mkdir()
    (litter / "models.cpython-311.pyc").write_bytes(b"\x00")
    before = tree_bytes(project / "out")

    result = _run(project, "generate")
    assert result.returncode == 2
    assert result.stderr == (
        f"{PACKAGE}: holds files this tool did not write: NOTES.md, v1/helpers.py; "
        "move them away or pass --force to replace it\n"
    )
    assert tree_bytes(project / "out") == before

    (package / "v1" / "helpers.py").unlink()
    (package / "NOTES.md").unlink()
    assert _run(project, "generate").returncode == 0


def test_generate_will_not_follow_a_package_that_is_a_symlink(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep\n")
    (tmp_path / "out").mkdir()
    (tmp_path / PACKAGE).symlink_to(elsewhere)
    result = _run(tmp_path, "generate")
    assert result.returncode == 2
    assert result.stderr.startswith(f"{PACKAGE}: is a symlink")
    assert _run(tmp_path, "generate", "--force").returncode == 0
    assert (elsewhere / "keep.txt").read_text() == "keep\n"  # the link replaced
    assert not (tmp_path / PACKAGE).is_symlink()


@pytest.mark.parametrize("out", ["../elsewhere", "/tmp/elsewhere", "link/x"])
def test_a_project_s_settings_keep_the_package_inside_the_project(
    tmp_path: Path, out: str
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "link").symlink_to(tmp_path)
    shutil.copy(SPEC, project / "spec.yaml")
    (project / "pyproject.toml").write_text(
        f'[tool.pipedrive-codegen]\nspecs = {{ v1 = "spec.yaml" }}\nout = "{out}"\n'
    )
    result = run_cli("generate", cwd=project)
    assert result.returncode == 2
    assert result.stderr == (
        f"pyproject.toml: [tool.pipedrive-codegen] out {out!r} is outside the "
        "project's folder; name a folder inside it, or pass --out\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]
    # Inside the project it is fine; --out, the user's own choice, may go anywhere.
    (project / "pyproject.toml").write_text(
        '[tool.pipedrive-codegen]\nspecs = { v1 = "spec.yaml" }\nout = "src"\n'
    )
    assert run_cli("generate", "-q", cwd=project).returncode == 0
    assert (project / "src" / "pipedrive_client").is_dir()


@pytest.mark.parametrize("where", ["absolute", "up", "link"])
def test_a_project_s_settings_keep_the_specs_inside_the_project(
    tmp_path: Path, where: str
) -> None:
    # check reads the specs: a pull request that edits pyproject.toml (or plants a
    # link where the default spec is) cannot have CI read a file elsewhere
    project = tmp_path / "project"
    (project / "specs").mkdir(parents=True)
    outside = tmp_path / "secret.yaml"
    shutil.copy(SPEC, outside)
    path = {"absolute": str(outside), "up": "../secret.yaml", "link": "specs/v1.yaml"}
    (project / "specs" / "v1.yaml").symlink_to(outside)
    (project / "pyproject.toml").write_text(
        f'[tool.pipedrive-codegen]\nspecs = {{ v1 = "{path[where]}" }}\n'
    )
    for command in ("check", "generate"):
        result = run_cli(command, cwd=project)
        assert (result.returncode, result.stdout) == (2, ""), result.stderr
        assert result.stderr == (
            f"pyproject.toml: [tool.pipedrive-codegen] specs v1 {path[where]!r} is "
            "outside the project's folder; name a file inside it, or pass --spec\n"
        )
    # the default spec, when pyproject.toml names none
    (project / "pyproject.toml").unlink()
    (project / "specs" / "activities-v1.yaml").symlink_to(outside)
    result = run_cli("check", cwd=project)
    assert (result.returncode, result.stderr) == (
        2,
        "specs/activities-v1.yaml: leads outside the project's folder: pass --spec "
        "to read it\n",
    )
    # --spec, the user's own choice, reads it
    result = run_cli("generate", "-q", "--spec", f"v1={outside}", cwd=project)
    assert result.returncode == 0, result.stderr


def test_a_huge_file_is_drift_and_never_read(project: Path) -> None:
    huge = project / PACKAGE / "v1" / "models.py"
    with open(huge, "r+b") as handle:  # sparse: no disk, but reading it would take
        handle.truncate(64 * 2**30)  # 64 GiB of memory
    code, output = _check(project)
    assert code == 1
    assert f"  too large to read: {PACKAGE}/v1/models.py\n" in output


@pytest.mark.parametrize(
    "manifest",
    [
        b'{"inputs": 5, "outputs": {}}',
        b'{"inputs": {"tool:ruff": 5}, "outputs": [1, 2]}',
        b'{"outputs": {"v1/models.py": 1}}',
        b"[" * 200_000 + b"]" * 200_000,  # deeper than Python's JSON reader goes
        b'["inputs"]',
        b"\xff\xfe not UTF-8",
        b"a folder",
    ],
    ids=["inputs-int", "outputs-list", "digest-int", "deep", "array", "bytes", "dir"],
)
def test_a_manifest_that_is_no_manifest_is_drift_and_stops_generate(
    project: Path, manifest: bytes
) -> None:
    path = project / PACKAGE / "_manifest.json"
    if manifest == b"a folder":
        path.unlink()
        path.mkdir()
    else:
        path.write_bytes(manifest)
    code, output = _check(project)
    assert code == 1, output
    word = "missing" if manifest == b"a folder" else "differs"  # (no file there)
    assert f"  {word}: {PACKAGE}/_manifest.json\n" in output
    assert "Traceback" not in output

    result = _run(project, "generate")
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        f"{PACKAGE}: is not a package this tool generated (its _manifest.json is not "
        "one); pass --force to replace it\n"
    )

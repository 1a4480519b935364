"""The generated package is self-contained: vendored into a project whose venv has only
pydantic and httpx, it imports and calls an operation."""

from __future__ import annotations

import re
import subprocess
import venv
from importlib import metadata
from pathlib import Path

from conftest import run_cli

SCRIPT = """
import json
import httpx
from acme import AcmeClient

def handler(request: httpx.Request) -> httpx.Response:
    assert request.headers["x-api-token"] == "token"
    return httpx.Response(200, json={"success": True, "data": {"id": 5, "subject": "Call"}})

with AcmeClient(api_token="token", transport=httpx.MockTransport(handler)) as client:
    activity = client.v2.get_activity(id=5)
print(json.dumps({"type": type(activity).__name__, "subject": activity.data.subject}))
import sys
print(sorted(m for m in sys.modules if m.split(".")[0] in ("pipedrive_codegen", "yaml", "jinja2", "black")))
import logging  # the runtime logs under the package's own name
print(sorted(n for n in logging.root.manager.loggerDict if n.startswith(("acme", "pipedrive"))))
"""


def _closure(names: list[str]) -> set[str]:
    """The distributions ``names`` need at run time, extras left out."""
    seen: set[str] = set()
    pending = list(names)
    while pending:
        name = pending.pop().lower().replace("_", "-")
        if name in seen:
            continue
        try:
            requirements = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue  # a dependency for other Pythons, not installed here
        seen.add(name)
        for requirement in requirements:
            if "extra ==" in requirement:
                continue
            pending.append(re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0])
    return seen


def _install_only(site: Path, names: list[str]) -> list[str]:
    """Link just these distributions (and what they need) into a venv's site-packages."""
    installed = []
    for name in sorted(_closure(names)):
        distribution = metadata.distribution(name)
        tops = {
            Path(str(f)).parts[0]
            for f in distribution.files or []
            if not str(f).startswith("..")
        }
        for top in sorted(tops):
            source = Path(str(distribution.locate_file(top)))
            if source.exists() and not (site / top).exists():
                (site / top).symlink_to(source)
        installed.append(name)
    return installed


def test_vendored_package_runs_with_only_pydantic_and_httpx(tmp_path: Path) -> None:
    project = tmp_path / "project"
    result = run_cli("generate", "--out", str(project), "--package", "acme")
    assert result.returncode == 0, result.stderr
    assert not any(
        "import pipedrive_codegen" in p.read_text()
        for p in (project / "acme").rglob("*.py")
    )
    assert not any(
        re.search(r"^\s*(from|import) pipedrive_client", p.read_text(), re.M)
        for p in (project / "acme").rglob("*.py")
    ), "absolute imports of the default package name"
    (project / "acme" / "py.typed").stat()

    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(environment)
    site = next(environment.glob("lib/python3*/site-packages"))
    installed = _install_only(site, ["pydantic", "httpx"])
    assert "pydantic" in installed and "httpx" in installed
    assert not {"pyyaml", "jinja2", "black", "datamodel-code-generator"} & set(
        installed
    )

    (project / "script.py").write_text(SCRIPT)
    run = subprocess.run(
        [str(environment / "bin" / "python"), "script.py"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    first, second, third = run.stdout.strip().splitlines()
    assert first == '{"type": "UpsertActivityResponse", "subject": "Call"}'
    assert second == "[]"
    assert third == "['acme']"

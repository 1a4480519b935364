"""What a breadth run on public specs found, each on a minimal spec through the CLI: a
field named ``date`` (its type imported under another name), a ``default`` that breaks
its own schema (ignored, with a located warning), a ``$ref`` with sibling keys (OpenAPI
3.0 ignores them, 3.1 keeps a ``description``), and ``properties`` that is itself a
reference."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from breadth_support import LOCATED_LINE, Generated, generate_all, import_all, mypy_all

from conftest import run_cli

HEAD = """
openapi: {version}
info: {{title: Fixes, version: '1'}}
paths:
  /e:
    get:
      operationId: getEvent
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
"""
DATE_FIELD = """\
                  date: {type: string, format: date}
                  when: {type: string, format: date}
"""
REF_SIBLINGS = """\
                  owner:
                    $ref: '#/components/schemas/User'
                    description: Who owns it
                    type: string
components:
  schemas:
    User:
      type: object
      properties:
        id: {type: integer}
"""
# Defaults that break their schemas: a query parameter's, a response property's and a
# component's (used by the request and the response). Xero's booleans have 'false',
# PagerDuty's integer limit '20 - incident_summary'.
BAD_DEFAULTS = """
openapi: 3.0.3
info: {title: Fixes, version: '1'}
paths:
  /e:
    post:
      operationId: addEvent
      parameters:
        - {name: limit, in: query, schema: {type: integer, default: lots}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                done: {$ref: '#/components/schemas/Flag'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  count: {type: integer, default: many}
                  done: {$ref: '#/components/schemas/Flag'}
components:
  schemas:
    Flag: {type: boolean, default: 'false'}
"""
IGNORED_DEFAULTS = [
    "bad_defaults.yaml:9: #/paths/~1e/post/parameters/0/schema/default: "
    "'lots' is not of type 'integer'; default ignored",
    "bad_defaults.yaml:25: #/paths/~1e/post/responses/200/content/application~1json/"
    "schema/properties/count/default: 'many' is not of type 'integer'; default ignored",
    "bad_defaults.yaml:29: #/components/schemas/Flag/default: "
    "'false' is not of type 'boolean'; default ignored",
]
PROPERTIES_REF = """\
                  $ref: '#/components/schemas/Props'
components:
  schemas:
    Props:
      id: {type: integer}
"""
# the 3.1 form of REF_SIBLINGS: a sibling ``type`` would be a second type at once
REF_DESCRIBED = REF_SIBLINGS.replace("                    type: string\n", "")
SPECS = {
    "date_field": HEAD.format(version="3.0.3") + DATE_FIELD,
    "siblings_30": HEAD.format(version="3.0.3") + REF_SIBLINGS,
    "siblings_31": HEAD.format(version="3.1.0") + REF_DESCRIBED,
    "bad_defaults": BAD_DEFAULTS,
}


@pytest.fixture(scope="module")
def fixes(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, Generated]]:
    out = tmp_path_factory.mktemp("fixes")
    for name, text in SPECS.items():
        (out / f"{name}.yaml").write_text(text)
    jobs = {name: ([f"api={name}.yaml"], out) for name in SPECS}
    results = generate_all(
        jobs, out, options={"bad_defaults": ["--ignore-bad-defaults"]}
    )
    for name, result in results.items():
        assert result.run.returncode == 0, f"{name}: {result.run.stderr}"
    return out, results


@pytest.fixture(scope="module")
def root(fixes: tuple[Path, dict[str, Generated]]) -> Path:
    return fixes[0]


@pytest.fixture(scope="module")
def bad_defaults(root: Path) -> Iterator[ModuleType]:
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module("bad_defaults")
    finally:
        sys.path.remove(str(root))


def test_each_package_imports_and_type_checks(root: Path) -> None:
    assert import_all(root, SPECS) == {name: None for name in SPECS}
    assert mypy_all(root, SPECS) == {name: [] for name in SPECS}


def test_a_field_named_date_keeps_its_type(root: Path) -> None:
    sys.path.insert(0, str(root))
    try:
        models = importlib.import_module("date_field.api.models")
    finally:
        sys.path.remove(str(root))
    event = models.GetEventResponse.model_validate(
        {"date": "2026-12-01", "when": "2026-12-02"}
    )
    assert (event.date, event.when) == (date(2026, 12, 1), date(2026, 12, 2))


def test_ref_siblings_are_ignored_in_3_0_and_described_in_3_1(root: Path) -> None:
    old = (root / "siblings_30" / "api" / "models.py").read_text()
    new = (root / "siblings_31" / "api" / "models.py").read_text()
    # 3.0: the reference is the component, its siblings ignored (no copy of User made
    # a string, no description)
    assert old.endswith("    owner: User | None = None\n")
    assert "Who owns it" not in old and "class GetEventResponseOwner" not in old
    # 3.1: the same component, described where it is used
    assert '    owner: User | None = None\n    """Who owns it"""' in new


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
@pytest.mark.parametrize("command", ["generate", "check"])
def test_properties_that_is_a_reference_is_one_located_line(
    tmp_path: Path, version: str, command: str
) -> None:
    (tmp_path / "spec.yaml").write_text(HEAD.format(version=version) + PROPERTIES_REF)
    run = run_cli(command, "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert LOCATED_LINE.match(run.stderr.strip()), run.stderr
    assert run.stderr.startswith(
        "spec.yaml:16: #/paths/~1e/get/responses/200/content/application~1json/"
        "schema/properties/$ref: "
    )
    assert not (tmp_path / "out").exists()


def test_a_default_that_breaks_its_schema_is_ignored_with_a_located_warning(
    fixes: tuple[Path, dict[str, Generated]],
) -> None:
    root, generated = fixes
    run = generated["bad_defaults"].run
    assert run.stderr.splitlines() == IGNORED_DEFAULTS
    assert all(LOCATED_LINE.match(line) for line in IGNORED_DEFAULTS)
    arguments = ["--spec", "api=bad_defaults.yaml", "--out", str(root)]
    arguments += ["--package", "bad_defaults", "--ignore-bad-defaults"]
    # the cached verdict keeps its warnings; --quiet ("nothing but errors") drops them
    again = run_cli("generate", *arguments, cwd=root)
    assert (again.returncode, again.stderr.splitlines()) == (0, IGNORED_DEFAULTS)
    quiet = run_cli("generate", *arguments, "--quiet", cwd=root)
    assert (quiet.returncode, quiet.stderr, quiet.stdout) == (0, "", "")


def test_a_default_that_breaks_its_schema_stops_the_run_unless_told(
    tmp_path: Path,
) -> None:
    (tmp_path / "bad_defaults.yaml").write_text(BAD_DEFAULTS)
    arguments = ["--spec", "api=bad_defaults.yaml", "--out", "out", "--package", "bad"]
    hint = "; fix the default, or pass --ignore-bad-defaults to drop it with a warning"
    first = IGNORED_DEFAULTS[0].removesuffix("; default ignored") + hint
    stopped = run_cli("generate", *arguments, cwd=tmp_path)
    assert (stopped.returncode, stopped.stderr.splitlines()) == (2, [first])
    assert not (tmp_path / "out").exists()
    # the setting does what the option does; the cached verdict stops the run again
    again = run_cli("generate", *arguments, cwd=tmp_path)
    assert (again.returncode, again.stderr.splitlines()) == (2, [first])
    (tmp_path / "pyproject.toml").write_text(
        "[tool.pipedrive-codegen]\nignore_bad_defaults = true\n"
    )
    told = run_cli("generate", *arguments, cwd=tmp_path)
    assert (told.returncode, told.stderr.splitlines()) == (0, IGNORED_DEFAULTS)


def test_an_ignored_default_is_used_by_nothing_generated(
    bad_defaults: ModuleType,
) -> None:
    models = importlib.import_module("bad_defaults.api.models")
    validators = importlib.import_module("bad_defaults.api.validators")
    assert models.AddEventRequest().model_dump(exclude_unset=True) == {}
    assert models.AddEventResponse.model_validate({}).model_dump() == {
        "count": None,
        "done": None,
    }
    # the schema stays what it says: a boolean, the default's 'false' is none
    assert validators.validate_request("addEvent", {}) == []
    assert validators.validate_request("addEvent", {"done": "false"}) != []
    assert validators.validate_response("addEvent", 200, {"count": "many"}) != []
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={})

    transport = httpx.MockTransport(answer)
    with bad_defaults.BadDefaultsClient(
        transport=transport, base_url="https://x.test"
    ) as client:
        answered = client.api.add_event()
        client.api.add_event(done=False)
    assert (answered.count, answered.done) == (None, None)
    assert [str(request.url) for request in sent] == ["https://x.test/e"] * 2
    assert [json.loads(request.content or b"null") for request in sent] == [
        None,
        {"done": False},
    ]

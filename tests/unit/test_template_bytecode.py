"""Our templates are compiled on a worker while the main process imports what renders
the models: the main process takes Jinja's bytecode from that worker and compiles
none of them again, unless a template's source changed in between."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import jinja2
import pytest

from conftest import ROOT

import pipedrive_codegen.render.package as package
import pipedrive_codegen.render.templates as templates_module
from pipedrive_codegen.ir.build import build_ir
from pipedrive_codegen.output.workers import cores
from pipedrive_codegen.pipeline import render_target
from pipedrive_codegen.spec.load import load_spec
from pipedrive_codegen.spec.resolve import resolve_refs
from pipedrive_codegen.target import DEFAULT_TEMPLATES, Target


def _prepared(
    templates: Path, monkeypatch: pytest.MonkeyPatch, edit: str = ""
) -> list[str]:
    """The templates the main process compiled itself while preparing the rendering,
    with the bytecode a worker made of ``templates`` (``edit`` appended to the API
    package's template once the worker is done)."""
    compiles: list[str] = []
    compile_ = jinja2.Environment.compile

    def noted(
        self: jinja2.Environment, source: str, name: Any = None, *rest: Any
    ) -> Any:
        if self is templates_module.template_environment(
            templates
        ):  # not datamodel-code-generator's
            compiles.append(name)
        return compile_(self, source, name, *rest)

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as worker:
        compiled = worker.submit(templates_module.compiled_templates, templates)
        assert len(compiled.result()) == len(templates_module.TEMPLATES)
        if edit:
            api_init = templates / "package" / "api_init.py.jinja"
            api_init.write_text(api_init.read_text() + edit)
        monkeypatch.setattr(jinja2.Environment, "compile", noted)
        package.prepare_rendering(templates, compiled)
    return compiles


def test_the_templates_a_worker_compiled_are_not_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    assert _prepared(templates, monkeypatch) == []
    monkeypatch.undo()
    api = build_ir(resolve_refs(load_spec(ROOT / "specs" / "activities-v1.yaml")), "v1")
    assert package.render_api(api, templates) == package.render_api(
        api, DEFAULT_TEMPLATES
    )


def test_a_template_changed_since_the_worker_compiled_it_is_compiled_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    edit = "# edited after the worker compiled it\n"
    assert _prepared(templates, monkeypatch, edit) == ["package/api_init.py.jinja"]
    monkeypatch.undo()
    api = build_ir(resolve_refs(load_spec(ROOT / "specs" / "activities-v1.yaml")), "v1")
    assert package.render_api(api, templates)["v1/__init__.py"].endswith(edit)


@pytest.mark.skipif(cores() < 2, reason="one core: no workers, all done in one process")
def test_a_run_with_workers_compiles_no_template_of_ours_in_the_main_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    compiles: list[str] = []
    compile_ = jinja2.Environment.compile

    def noted(
        self: jinja2.Environment, source: str, name: Any = None, *rest: Any
    ) -> Any:
        if self is templates_module.template_environment(
            templates
        ):  # in this process: not a worker's
            compiles.append(name)
        return compile_(self, source, name, *rest)

    monkeypatch.setattr(jinja2.Environment, "compile", noted)
    target = Target(
        specs=(("v1", ROOT / "specs" / "activities-v1.yaml"),),
        out=tmp_path / "out",
        package="activities",
        templates=templates,
    )
    rendered = render_target(target)
    assert "v1/client.py" in rendered.files and compiles == []


def test_compiling_the_templates_imports_no_renderer() -> None:
    """The worker that compiles the templates while the specs are checked imports Jinja
    and the filters, not the renderers (the main process imports those meanwhile: a
    second import of them there was CPU taken from the spec's check)."""
    script = (
        "import sys\n"
        "from pipedrive_codegen.render.templates import compiled_templates\n"
        "from pipedrive_codegen.target import DEFAULT_TEMPLATES\n"
        "assert compiled_templates(DEFAULT_TEMPLATES)\n"
        "print(sorted(m for m in sys.modules if m.startswith('pipedrive_codegen.render')"
        " or m.startswith('datamodel_code_generator')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == [
        "['pipedrive_codegen.render',",
        "'pipedrive_codegen.render.exports',",
        "'pipedrive_codegen.render.literals',",
        "'pipedrive_codegen.render.templates']",
    ]

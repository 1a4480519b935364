"""Stage 5, render: the IR as the text of every file of the generated package.

Templates see only the IR and a few derived strings; they make no decisions of their own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..output.cache import NO_CACHE, Cache
from .client_class import client_class, client_name
from .client_view import client_view
from .exports import root_exports
from .models import prepare_models, render_models
from ..ir.model import Api
from .validators.planner import render_validators
from .templates import load_compiled, template_environment

RUNTIME_DIR = Path(__file__).resolve().parent.parent / "runtime"


@dataclass(frozen=True)
class Package:
    name: str  # the import name, e.g. "pipedrive_client"
    apis: tuple[Api, ...]
    client: str | None = None  # the client class's name; None: from ``name``

    @property
    def client_name(self) -> str:
        return self.client or client_name(self.name)


def render_api(
    api: Api,
    template_dir: Path,
    cache: Cache = NO_CACHE,
    executor: Executor | None = None,
    ready: Callable[[dict[str, str]], None] | None = None,
    rest: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The files of one spec's subpackage (its models generated on ``executor``'s
    workers, if any: meanwhile this thread renders the rest, another waits for them).
    Each part is handed to ``ready`` as soon as it is rendered: the rest first, then the
    models. ``rest``: what ``render_rest`` made of ``api`` already (not rendered again).
    """
    environment = template_environment(template_dir)
    with ThreadPoolExecutor(max_workers=1) as waiting:
        submitted = threading.Event()
        models = waiting.submit(
            _models, api, environment, template_dir, cache, executor, submitted.set
        )
        models.add_done_callback(lambda _: submitted.set())
        # The models' first batch goes to the workers before this thread takes its
        # share of the interpreter: they wait for nothing else.
        submitted.wait()
        files = dict(rest) if rest is not None else render_rest(api, template_dir)
        if ready is not None:
            ready(files)
        modules = models.result()
        if ready is not None:
            ready(modules)
        return {**modules, **files}


def render_rest(api: Api, template_dir: Path) -> dict[str, str]:
    """The files of one spec's subpackage but its models."""
    environment = template_environment(template_dir)
    return {
        f"{api.name}/{name}": render_file(api, environment)
        for name, render_file in API_FILES
    }


def render_shared(package: Package, template_dir: Path) -> dict[str, str]:
    """The files that span the specs: the package root (the runtime core is
    ``runtime_files``)."""
    environment = template_environment(template_dir)
    client = client_class(package.client_name, package.apis)
    files: dict[str, str] = {
        "__init__.py": environment.get_template("package/__init__.py.jinja").render(
            package=package,
            client=client,
            exports=root_exports(client.name, client.async_name),
        ),
        "_client.py": environment.get_template("package/client.py.jinja").render(
            package=package, client=client
        ),
        "py.typed": "",
    }
    return files


def _api_init(api: Api, environment: jinja2.Environment) -> str:
    return environment.get_template("package/api_init.py.jinja").render(api=api)


def _models(
    api: Api,
    environment: jinja2.Environment,
    template_dir: Path,
    cache: Cache,
    executor: Executor | None,
    submitted: Callable[[], None],
) -> dict[str, str]:
    """``models.py``: the models, or for a large spec an index of the parts in
    ``_models/`` that hold them, each loaded on first use."""
    parts = render_models(api, template_dir, cache, executor, submitted)
    if len(parts) == 1:
        template = environment.get_template("models/models.py.jinja")
        return {f"{api.name}/models.py": template.render(api=api, part=parts[0])}
    index = sorted((name, part.module) for part in parts for name in part.names)
    files = {
        f"{api.name}/models.py": environment.get_template(
            "models/index.py.jinja"
        ).render(api=api, parts=parts, index=index),
        f"{api.name}/_models/__init__.py": environment.get_template(
            "models/parts_init.py.jinja"
        ).render(api=api),
    }
    template = environment.get_template("models/part.py.jinja")
    for part in parts:
        files[f"{api.name}/_models/{part.module}.py"] = template.render(
            api=api, part=part
        )
    return files


def _client(api: Api, environment: jinja2.Environment) -> str:
    return environment.get_template("client/operations.py.jinja").render(
        view=client_view(api)
    )


FileRenderer = Callable[[Api, jinja2.Environment], str]

# The files of each spec's subpackage, and what renders each.
API_FILES: tuple[tuple[str, FileRenderer], ...] = (
    ("__init__.py", _api_init),
    ("client.py", _client),
    ("validators.py", render_validators),
)


def runtime_files() -> Mapping[str, str]:
    """The runtime core, copied verbatim: it never varies with the spec, and is this
    project's own source, black-formatted already (the golden and black tests say so),
    so it skips the format stage."""
    return {
        f"_runtime/{path.name}": path.read_text(encoding="utf-8")
        for path in sorted(RUNTIME_DIR.glob("*.py"))
    }


def prepare_rendering(
    template_dir: Path, compiled: Future[dict[str, bytes]], models: bool = True
) -> None:
    """Have our templates loaded, and datamodel-code-generator imported unless not
    ``models``, ahead of the rendering (see ``pipeline.py``: while the specs are
    checked), the templates from what ``compiled_templates`` made on a worker
    meanwhile. Only a head start: what fails here (a template of ``--templates``
    missing or broken) is left to fail where it is used, as it would without this."""
    try:
        if models:
            prepare_models(template_dir)
        load_compiled(template_dir, compiled.result())
    except Exception:  # noqa: BLE001 (reported by the rendering, if it needs it)
        pass

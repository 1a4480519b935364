"""The stages in order: load -> resolve -> check -> build IR -> render -> format.

Every spec is loaded, checked and built first, each in its own process: a spec with an
error fails within the time it takes to load and check it, before anything is rendered.
Then the specs are rendered, their models generated on every core, and the files
formatted; results that are pure functions of their inputs come from the cache when
they can (see ``cache.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import SpecError
from .output.cache import NO_CACHE, Cache
from .spec.files import SMALL_WARM, warm_size
from .output.manifest import MANIFEST, output_digests, render_manifest, sha256
from .output.manifest import spec_inputs, tool_inputs
from .output.progress import QUIET, Progress
from .target import Target
from .output.workers import Paced, collector_paused, cores, few_collections, workers

if TYPE_CHECKING:  # imported where a spec is built, not before the workers fork
    from .ir.model import Api


@dataclass(frozen=True)
class Built:
    """One spec, checked and made IR."""

    api: Api
    inputs: dict[str, str]  # manifest entries of the spec's files
    warnings: tuple[SpecError, ...]  # what the check ignored, and the build's, located


@dataclass(frozen=True)
class Rendered:
    """Every file of the package, and what went into it."""

    files: dict[str, str]  # formatted, the manifest included
    inputs: dict[str, str]  # the manifest's inputs
    outputs: dict[str, str]  # each file's sha256, the manifest's included
    tools: dict[str, str]  # the inputs of the tool itself (``tool_inputs``)
    apis: tuple[Api, ...]
    warnings: tuple[SpecError, ...]  # every spec's, in the order given


def render_target(
    target: Target,
    cache: Cache = NO_CACHE,
    progress: Progress = QUIET,
    tools: dict[str, str] | None = None,
) -> Rendered:
    """Every file of the package, formatted, in memory; raises ``SpecError`` on bad input.
    ``tools``: what ``tool_inputs`` gives for the target, if the caller has it."""
    progress.expect([name for name, _ in target.specs])
    # Asked before the workers parse the specs (and store what they parse): a run
    # whose specs were all parsed before most likely finds their models in the cache
    # too, and does not import datamodel-code-generator ahead of them (a process that
    # meets a model the cache has not imports it itself); on small specs such a run is
    # quicker without workers, which take longer to start than they would save.
    warm = warm_size([path for _, path in target.specs], cache)
    at_most = 1 if warm is not None and warm <= SMALL_WARM else None
    with few_collections(), progress.across_processes() as report:
        built, ahead = _build_specs(
            target, cache, progress, report, warm is None, at_most
        )
        # Imported once every spec is checked (with workers, while they were checked).
        from .output.format import make_formatter
        from .render.package import Package, render_shared, runtime_files

        # The rendering workers are forked now, with datamodel-code-generator already
        # imported (while the specs were checked) where the models are likely new:
        # none of them imports it again.
        with workers(at_most) as executor:
            formatter = make_formatter(target.formatter, cache, executor)
            apis = _client_apis(built)
            # Each spec's files are formatted as they are rendered; its models are
            # generated a few at a time, so the formatter's jobs need not wait for
            # them all.
            models_on = Paced(executor) if executor is not None else None
            _render_apis(
                apis, target, cache, models_on, progress, formatter.submit, ahead
            )
            package = Package(target.package, apis, target.client)
            formatter.submit(render_shared(package, target.templates))
            files = formatter.result()
    files.update(runtime_files())
    tools = tools or tool_inputs(target.templates, target.formatter)
    inputs = dict(tools)
    inputs["option:client"] = package.client_name
    for spec in built:
        inputs.update(spec.inputs)
    outputs = output_digests(files)
    files[MANIFEST] = render_manifest(inputs, outputs)
    outputs[MANIFEST] = sha256(files[MANIFEST].encode("utf-8"))
    warnings = tuple(warning for spec in built for warning in spec.warnings)
    return Rendered(
        dict(sorted(files.items())), inputs, outputs, tools, package.apis, warnings
    )


def _client_apis(built: list[Built]) -> tuple[Api, ...]:
    """The specs' IR as one client serves them: one OAuth app, one kind of credential
    per keyword."""
    from .ir.access import one_kind_per_keyword, one_oauth_app

    return one_kind_per_keyword(one_oauth_app(tuple(spec.api for spec in built)))


def _build_specs(
    target: Target,
    cache: Cache,
    progress: Progress,
    report: Callable[[str, str], None],
    models: bool = True,
    at_most: int | None = None,
) -> tuple[list[Built], dict[str, dict[str, str]]]:
    """Every spec loaded, checked and built, each in a worker of its own if there are
    workers (``at_most`` of them); meanwhile this process prepares the rendering (and
    the models stage, if ``models``). With the specs' files but their models, by
    spec name, that the workers rendered ahead (see ``_build_on``)."""
    with workers(at_most) as executor:
        jobs = [
            (name, path, cache, report if executor else progress.report, target)
            for name, path in target.specs
        ]
        if executor is None:
            return [build_spec(*job) for job in jobs], {}
        # What this process makes meanwhile it keeps: the specs' IR, unpickled as each
        # arrives (the collector would take twice as long again, walking it), and the
        # modules it imports.
        with collector_paused():
            return _build_on(executor, jobs, target.templates, models, progress)


def _build_on(
    executor: Executor,
    jobs: list[tuple[str, Path, Cache, Callable[[str, str], None], Target]],
    template_dir: Path,
    models: bool,
    progress: Progress,
) -> tuple[list[Built], dict[str, dict[str, str]]]:
    """Each spec built on ``executor``'s workers while a thread of this process
    imports what renders the models (datamodel-code-generator only if ``models``),
    and a worker with no spec of its own to check (else the first to be done)
    compiles the templates.

    If every spec is built before that thread is done (a small spec's are), the
    workers, idle otherwise, render each spec's files but its models meanwhile; else
    the rendering does. (They are formatted with the rest.)"""
    futures: list[Future[Built]] = [
        executor.submit(build_spec, *job) for job in jobs[: cores()]
    ]
    templates = executor.submit(_compiled_templates, template_dir)
    futures += [executor.submit(build_spec, *job) for job in jobs[cores() :]]
    # In a thread, so that a spec's error is raised as soon as it is found; not a
    # daemon: on such an error an interpreter that goes on to its teardown waits for
    # the thread's imports (a daemon cut off mid-import there can abort it); the
    # command itself ends at once (``cli.run``).
    preparing = threading.Thread(
        target=_prepare_rendering, args=(template_dir, templates, models)
    )
    preparing.start()
    waiting = set(futures)
    while waiting:
        _, waiting = wait(waiting, timeout=0.2)
        progress.poll()
    # Every spec is checked before any is rendered; the first spec's error, in the
    # order given, is the one raised.
    built = [future.result() for future in futures]
    ahead: dict[str, Future[dict[str, str] | None]] = {}
    # (A template that did not compile: the rendering says so, where it did.)
    if preparing.is_alive() and templates.exception() is None:
        for api in _client_apis(built):
            ahead[api.name] = executor.submit(
                _render_ahead, api, template_dir, templates.result()
            )
    preparing.join()  # before the rendering workers fork: never mid-import
    rendered = {name: future.result() for name, future in ahead.items()}
    return built, {name: files for name, files in rendered.items() if files}


def _render_ahead(
    api: Api, template_dir: Path, compiled: dict[str, bytes]
) -> dict[str, str] | None:
    """``api``'s files but its models, rendered; None on any error: only a head start
    (the rendering stage renders them again, and fails where it would have)."""
    from .render.package import render_rest
    from .render.templates import load_compiled

    try:
        load_compiled(template_dir, compiled)
        return render_rest(api, template_dir)
    except Exception:  # noqa: BLE001 (see above)
        return None


def _compiled_templates(template_dir: Path) -> dict[str, bytes]:
    """``render.templates.compiled_templates``, imported in the worker that runs it:
    this process, meanwhile, goes straight on to importing datamodel-code-generator."""
    from .render.templates import compiled_templates

    return compiled_templates(template_dir)


def _prepare_rendering(
    template_dir: Path, compiled: Future[dict[str, bytes]], models: bool
) -> None:
    """The render and format stages imported, and the rendering prepared (the models'
    too, if ``models`` says so): in a thread while the specs are checked, not before
    the workers that check them are forked (they need none of it)."""
    from .output.format import make_formatter  # noqa: F401 (render_target's)
    from .render.package import prepare_rendering

    prepare_rendering(template_dir, compiled, models)


def _render_apis(
    apis: tuple[Api, ...],
    target: Target,
    cache: Cache,
    executor: Executor | None,
    progress: Progress,
    ready: Callable[[dict[str, str]], None],
    ahead: dict[str, dict[str, str]],
) -> list[dict[str, str]]:
    """The files of each spec's subpackage (unformatted), in the order of ``apis``,
    each part handed to ``ready`` as soon as it is rendered.

    With workers, each spec renders in a thread of this process that hands its models
    to the workers, so every spec's models are generated on every core while the
    threads render the rest."""
    from .render.package import render_api

    def render(api: Api) -> dict[str, str]:
        progress.report(api.name, "rendering")
        rest = ahead.get(api.name)
        files = render_api(api, target.templates, cache, executor, ready, rest)
        progress.report(api.name, "formatting")
        return files

    if executor is None or len(apis) < 2:
        return [render(api) for api in apis]
    with ThreadPoolExecutor(max_workers=len(apis)) as threads:
        return list(threads.map(render, apis))


def build_spec(
    name: str,
    path: Path,
    cache: Cache,
    report: Callable[[str, str], None],
    target: Target,
) -> Built:
    """Load, check and build one spec as subpackage ``name``."""
    # Imported here, in the worker that builds the spec: the process that forks the
    # workers has other things to import meanwhile.
    from .ir.build import build_ir
    from .spec.check import check_once, refused_default
    from .spec.load import load_spec
    from .spec.resolve import resolve_refs

    report(name, "loading")
    spec = load_spec(path, cache, target.allow_refs)
    resolved = resolve_refs(spec)  # first: the validator cannot report a dangling $ref
    report(name, "checking")
    warnings = check_once(spec, cache)
    if warnings and not target.ignore_bad_defaults:
        raise refused_default(warnings[0])
    report(name, "building")
    api = build_ir(resolved, name)
    documents = {k: d.sha256 for k, d in spec.documents.items()}
    inputs = spec_inputs(name, spec.root.key, documents)
    return Built(api, inputs, (*warnings, *api.warnings))

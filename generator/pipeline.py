"""The stages in order: load -> resolve -> check -> build IR -> render -> format.

Specs are independent until the package-level files, so each spec runs its stages in its
own process, and files are formatted in parallel; results that are pure functions of their
inputs come from the cache when they can (see ``cache.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from pathlib import Path

from .ir.build import build_ir
from .output.cache import NO_CACHE, Cache
from .spec.check import check_once
from .output.format import make_formatter
from .ir.model import Api
from .spec.load import load_spec
from .output.manifest import MANIFEST, render_manifest, spec_inputs, tool_inputs
from .output.progress import QUIET, Progress
from .render.package import Package, render_api, render_shared, runtime_files
from .spec.resolve import resolve_refs
from .target import Target
from .output.workers import workers


@dataclass(frozen=True)
class ApiResult:
    api: Api
    files: dict[str, str]  # unformatted
    inputs: dict[str, str]  # manifest entries of the spec's files


@dataclass(frozen=True)
class Rendered:
    """Every file of the package, and what went into it."""

    files: dict[str, str]  # formatted, the manifest included
    inputs: dict[str, str]  # the manifest's inputs
    apis: tuple[Api, ...]


def render_target(
    target: Target, cache: Cache = NO_CACHE, progress: Progress = QUIET
) -> Rendered:
    """Every file of the package, formatted, in memory; raises ``SpecError`` on bad input."""
    progress.expect([name for name, _ in target.specs])
    with progress.across_processes() as report, workers() as executor:
        formatter = make_formatter(target.formatter, cache, executor)
        if executor is None:
            results = []
            for name, path in target.specs:
                results.append(
                    render_spec(
                        name,
                        path,
                        target.templates,
                        cache,
                        progress.report,
                        target.allow_refs,
                    )
                )
                progress.report(name, "formatting")
                formatter.submit(results[-1].files)
        else:
            jobs = [
                (name, path, target.templates, cache, report, target.allow_refs)
                for name, path in target.specs
            ]
            futures = {executor.submit(render_spec, *job): job[0] for job in jobs}
            # A spec's files start formatting as soon as it is rendered, on the
            # workers the other specs leave free.
            waiting: set[Future[ApiResult]] = set(futures)
            while waiting:
                done, waiting = wait(waiting, timeout=0.2, return_when=FIRST_COMPLETED)
                progress.poll()
                for future in done:
                    if future.exception() is None:
                        progress.report(futures[future], "formatting")
                        formatter.submit(future.result().files)
            results = [future.result() for future in futures]  # the first error raises
        package = Package(
            target.package, tuple(result.api for result in results), target.client
        )
        formatter.submit(render_shared(package, target.templates))
        files = formatter.result()
    files.update(runtime_files())
    inputs = tool_inputs(target.templates, target.formatter)
    inputs["option:client"] = package.client_name
    for result in results:
        inputs.update(result.inputs)
    files[MANIFEST] = render_manifest(inputs, files)
    return Rendered(dict(sorted(files.items())), inputs, package.apis)


def render_spec(
    name: str,
    path: Path,
    templates: Path,
    cache: Cache,
    report: Callable[[str, str], None] = QUIET.report,
    allow_refs: Path | None = None,
) -> ApiResult:
    """Load, check, build and render one spec as subpackage ``name``."""
    report(name, "loading")
    spec = load_spec(path, cache, allow_refs)
    resolved = resolve_refs(spec)  # first: the validator cannot report a dangling $ref
    report(name, "checking")
    check_once(spec, cache)
    report(name, "building")
    api = build_ir(resolved, name)
    report(name, "rendering")
    files = render_api(api, templates, cache)
    documents = {k: d.sha256 for k, d in spec.documents.items()}
    inputs = spec_inputs(name, spec.root.key, documents)
    return ApiResult(api, files, inputs)

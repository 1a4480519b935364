"""The stages in order: load -> resolve -> check -> build IR -> render -> format.

Specs are independent until the package-level files, so each spec runs its stages in its
own process, and files are formatted in parallel; results that are pure functions of their
inputs come from the cache when they can (see ``cache.py``).
"""

from __future__ import annotations

from concurrent.futures import as_completed
from dataclasses import dataclass
from pathlib import Path

from .ir.build import build_ir
from .output.cache import NO_CACHE, Cache
from .spec.check import check_once
from .output.format import make_formatter
from .ir.model import Api
from .spec.load import load_spec
from .output.manifest import MANIFEST, render_manifest, spec_inputs, tool_inputs
from .render.package import Package, render_api, render_shared, runtime_files
from .spec.resolve import resolve_refs
from .target import Target
from .output.workers import workers


@dataclass(frozen=True)
class ApiResult:
    api: Api
    files: dict[str, str]  # unformatted
    inputs: dict[str, str]  # manifest entries of the spec's files


def render_target(target: Target, cache: Cache = NO_CACHE) -> dict[str, str]:
    """Every file of the package, formatted, in memory; raises ``SpecError`` on bad input."""
    with workers() as executor:
        formatter = make_formatter(target.formatter, cache, executor)
        jobs = [(name, path, target.templates, cache) for name, path in target.specs]
        if executor is None:
            results = [render_spec(*job) for job in jobs]
            for result in results:
                formatter.submit(result.files)
        else:
            futures = [executor.submit(render_spec, *job) for job in jobs]
            # A spec's files start formatting as soon as it is rendered, on the
            # workers the other specs leave free.
            for future in as_completed(futures):
                if future.exception() is None:
                    formatter.submit(future.result().files)
            results = [future.result() for future in futures]  # the first error raises
        package = Package(target.package, tuple(result.api for result in results))
        formatter.submit(render_shared(package, target.templates))
        files = formatter.result()
    files.update(runtime_files())
    inputs = tool_inputs(target.templates, target.formatter)
    for result in results:
        inputs.update(result.inputs)
    files[MANIFEST] = render_manifest(inputs, files)
    return dict(sorted(files.items()))


def render_spec(name: str, path: Path, templates: Path, cache: Cache) -> ApiResult:
    """Load, check, build and render one spec as subpackage ``name``."""
    spec = load_spec(path, cache)
    resolved = resolve_refs(spec)  # first: the validator cannot report a dangling $ref
    check_once(spec, cache)
    api = build_ir(resolved, name)
    files = render_api(api, templates, cache)
    documents = {k: d.sha256 for k, d in spec.documents.items()}
    inputs = spec_inputs(name, spec.root.key, documents)
    return ApiResult(api, files, inputs)

"""The stages in order: load -> resolve -> check -> build IR -> render -> format."""

from __future__ import annotations

from .build import build_ir
from .check import check_spec
from .format import format_sources
from .load import load_spec
from .manifest import MANIFEST, render_manifest, spec_inputs, tool_inputs
from .render import Package, render_package
from .resolve import resolve_refs
from .target import Target


def render_target(target: Target) -> dict[str, str]:
    """Every file of the package, formatted, in memory; raises ``SpecError`` on bad input."""
    apis = []
    inputs = tool_inputs(target.templates)
    for name, path in target.specs:
        spec = load_spec(path)
        resolved = resolve_refs(
            spec
        )  # first: the validator cannot report a dangling $ref
        check_spec(spec)
        apis.append(build_ir(resolved, name))
        inputs.update(
            spec_inputs(name, {k: d.sha256 for k, d in spec.documents.items()})
        )
    files = format_sources(
        render_package(Package(target.package, tuple(apis)), target.templates)
    )
    files[MANIFEST] = render_manifest(inputs, files)
    return dict(sorted(files.items()))

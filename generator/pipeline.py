"""The stages in order: load -> resolve -> check -> build IR -> render -> format."""

from __future__ import annotations


from dataclasses import dataclass
from pathlib import Path

from .build import build_ir
from .check import check_spec
from .format import format_sources
from .load import load_spec
from .render import Package, render_package
from .resolve import resolve_refs

DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class Target:
    """What one run generates: which specs, as which package, into which folder."""

    specs: tuple[tuple[str, Path], ...]  # (subpackage name, spec file)
    out: Path
    package: str
    templates: Path = DEFAULT_TEMPLATES


def render_target(target: Target) -> dict[str, str]:
    """Every file of the package, formatted, in memory; raises ``SpecError`` on bad input."""
    apis = []
    for name, path in target.specs:
        spec = load_spec(path)
        resolved = resolve_refs(spec)  # first: the validator cannot report a dangling $ref
        check_spec(spec)
        apis.append(build_ir(resolved, name))
    files = render_package(Package(target.package, tuple(apis)), target.templates)
    return format_sources(files)



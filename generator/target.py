"""What one run generates: which specs, as which package, into which folder."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path


def _bundled_templates() -> Path:
    """The templates folder beside this package in a checkout (its own, whatever else
    is installed), or installed as ``pipedrive_codegen_templates``."""
    beside = Path(__file__).resolve().parent.parent / "templates"
    if (beside / "client" / "operations.py.jinja").is_file():
        return beside
    found = importlib.util.find_spec("pipedrive_codegen_templates")
    if found is not None and found.submodule_search_locations:
        return Path(list(found.submodule_search_locations)[0])
    return beside


DEFAULT_TEMPLATES = _bundled_templates()
# The format stage: black, or ruff's formatter, which lays code out as black does.
FORMATTERS = ("black", "ruff")
# As pyproject.toml's ruff extra pins it: its layout is tested on this version.
RUFF_PIN = "0.17.6"
RUFF_MISSING = "formatter ruff is not installed: pip install 'pipedrive-codegen[ruff]'"


@dataclass(frozen=True)
class Target:
    specs: tuple[tuple[str, Path], ...]  # (subpackage name, spec file)
    out: Path
    package: str
    templates: Path = DEFAULT_TEMPLATES
    formatter: str = "black"  # or "ruff": the same layout, faster

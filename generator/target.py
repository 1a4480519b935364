"""What one run generates: which specs, as which package, into which folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class Target:
    specs: tuple[tuple[str, Path], ...]  # (subpackage name, spec file)
    out: Path
    package: str
    templates: Path = DEFAULT_TEMPLATES

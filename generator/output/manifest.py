"""The manifest: sha256 of every input and output, so an unchanged tree is confirmed fast.

``_manifest.json`` sits in the generated package. Inputs are keyed by what they are, never
by where they are on this machine: ``spec:v1:activities-v1.yaml``, ``template:...``,
``generator:...``. ``check`` trusts it only when every input and output hashes the same.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from ..target import FORMATTERS

MANIFEST = "_manifest.json"
GENERATOR_DIR = Path(__file__).resolve().parent.parent


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Pinned tools whose output we commit: their versions are inputs too, with the
# formatter's (black, unless the project chose ruff).
PINNED = ("datamodel-code-generator",)


def tool_inputs(templates: Path, formatter: str = "black") -> dict[str, str]:
    """Digests of the templates, the generator's own code, and the pinned tools' versions."""
    from importlib.metadata import version

    digests = {f"tool:{name}": version(name) for name in (*PINNED, formatter)}
    for kind, root in (("template", templates), ("generator", GENERATOR_DIR)):
        # The generator's code is its .py files; caches and tools' litter are not inputs.
        for path in sorted(root.rglob("*.py" if kind == "generator" else "*")):
            parts = path.relative_to(root).parts
            if path.is_file() and not any(
                part.startswith(".") or part == "__pycache__" for part in parts
            ):
                digests[f"{kind}:{path.relative_to(root).as_posix()}"] = sha256(
                    path.read_bytes()
                )
    return digests


def spec_inputs(
    name: str, root: str, documents: Mapping[str, bytes | str]
) -> dict[str, str]:
    """``documents`` maps each file of one spec (key relative to its root) to a digest;
    ``root`` is the root's key: the file the spec was given as (the same files make
    another spec when another of them is the root)."""
    inputs = {f"spec:{name}:{key}": str(digest) for key, digest in documents.items()}
    inputs[f"root:{name}"] = root
    return inputs


def render_manifest(inputs: Mapping[str, str], files: Mapping[str, str]) -> str:
    outputs = {path: sha256(text.encode("utf-8")) for path, text in files.items()}
    document = {
        "inputs": dict(sorted(inputs.items())),
        "outputs": dict(sorted(outputs.items())),
    }
    return json.dumps(document, indent=1, sort_keys=True) + "\n"


def recorded_formatter(manifest: str) -> str | None:
    """The formatter a manifest says its tree was made with, if it says."""
    try:
        inputs = json.loads(manifest)["inputs"]
    except (ValueError, KeyError, TypeError):
        return None
    named = [name for name in FORMATTERS if f"tool:{name}" in inputs]
    return named[0] if len(named) == 1 else None


def is_fresh(
    package_dir: Path,
    specs: Mapping[str, Path],
    templates: Path,
    formatter: str = "black",
) -> bool:
    """True when the manifest in ``package_dir`` matches every input and output as they are.

    Reads and hashes files only; never parses a spec or renders anything.
    """
    try:
        recorded = json.loads((package_dir / MANIFEST).read_text(encoding="utf-8"))
        inputs, outputs = dict(recorded["inputs"]), dict(recorded["outputs"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
    current = tool_inputs(templates, formatter)
    current.update({f"root:{name}": path.name for name, path in specs.items()})
    for key in inputs:
        if key.startswith("spec:"):
            _, name, document = key.split(":", 2)
            if name not in specs:
                return False
            path = specs[name].parent / document
            try:
                current[key] = sha256(path.read_bytes())
            except OSError:
                return False
    spec_names = {key.split(":", 2)[1] for key in inputs if key.startswith("spec:")}
    if current != inputs or spec_names != set(specs):
        return False
    on_disk = {
        path.relative_to(package_dir).as_posix(): path
        for path in package_dir.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    if set(on_disk) != set(outputs) | {MANIFEST}:
        return False
    return all(
        sha256(on_disk[name].read_bytes()) == digest for name, digest in outputs.items()
    )

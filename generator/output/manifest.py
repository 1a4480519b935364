"""The manifest: sha256 of every input and output of a generated package.

``_manifest.json`` sits in the generated package. Inputs are keyed by what they are, never
by where they are on this machine: ``spec:v1:activities-v1.yaml``, ``template:...``,
``generator:...``. It tells ``generate`` which files it wrote (it replaces only those)
and a reader what made the package; ``check`` never trusts it: the manifest is in the
tree being checked. An unchanged tree is confirmed fast only from a record the tool
keeps outside the tree, in its cache (``record_fresh``, ``fresh_summary``), whose entries
are verified when read.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..target import FORMATTERS
from .cache import installed_version

if TYPE_CHECKING:
    from ..target import Target
    from .cache import Cache

MANIFEST = "_manifest.json"
GENERATOR_DIR = Path(__file__).resolve().parent.parent


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Pinned tools whose output we commit: their versions are inputs too, with the
# formatter's (ruff, unless the project chose black).
PINNED = ("datamodel-code-generator",)


def tool_inputs(templates: Path, formatter: str = "ruff") -> dict[str, str]:
    """Digests of the templates, the generator's own code, and the pinned tools' versions."""
    digests = {f"tool:{name}": installed_version(name) for name in (*PINNED, formatter)}
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


def output_digests(files: Mapping[str, str]) -> dict[str, str]:
    """Each file's sha256, by path."""
    return {path: sha256(text.encode("utf-8")) for path, text in files.items()}


def render_manifest(inputs: Mapping[str, str], outputs: Mapping[str, str]) -> str:
    """The manifest of a tree: its ``inputs`` and its files' ``outputs`` digests."""
    document = {
        "inputs": dict(sorted(inputs.items())),
        "outputs": dict(sorted(outputs.items())),
    }
    return json.dumps(document, indent=1, sort_keys=True) + "\n"


def manifest_part(manifest: str | bytes, part: str) -> dict[str, str] | None:
    """The ``inputs`` or ``outputs`` a manifest's text lists, if it is a manifest as
    this tool writes one (an object of both, each an object of strings); else None. The
    manifest is in the tree, which anyone may have edited: any text gets an answer."""
    try:
        document = json.loads(manifest)
        parts = {name: document[name] for name in ("inputs", "outputs")}
    except (ValueError, KeyError, TypeError, IndexError, RecursionError):
        return None
    for listed in parts.values():
        if not isinstance(listed, dict) or not all(
            type(value) is str for value in listed.values()
        ):
            return None
    chosen: dict[str, str] = parts[part]
    return chosen


def recorded_formatter(manifest: str) -> str | None:
    """The formatter a manifest says its tree was made with, if it says."""
    inputs = manifest_part(manifest, "inputs") or {}
    named = [name for name in FORMATTERS if f"tool:{name}" in inputs]
    return named[0] if len(named) == 1 else None


def freshness_key(target: Target, tools: Mapping[str, str]) -> str:
    """The cache key of what a tree made from ``target``'s inputs holds: the digests of
    the templates, the generator's own code and the pinned tools (``tools``, from
    ``tool_inputs``), the package's name and formatter, every other option that changes
    what a run makes or whether it succeeds (the client's name, where a ``$ref`` may
    read, whether a bad default is only a warning), and each spec's name and root file
    (their contents are in the entry, checked on use)."""
    from .cache import cache_key

    refs = "" if target.allow_refs is None else os.path.realpath(target.allow_refs)
    options = {
        "client": target.client or "",
        "allow_refs": refs,
        "ignore_bad_defaults": "yes" if target.ignore_bad_defaults else "no",
    }
    digests = json.dumps(dict(tools), sort_keys=True)
    chosen = json.dumps(options, sort_keys=True)
    roots = sorted(f"{name}={os.path.realpath(path)}" for name, path in target.specs)
    return cache_key(
        "fresh 2", target.package, target.formatter, digests, chosen, *roots
    )


def record_fresh(
    cache: Cache,
    key: str,
    inputs: Mapping[str, str],
    outputs: Mapping[str, str],
    summary: Mapping[str, Any],
) -> None:
    """Remember, outside the tree, the digests of every spec file and every output
    file of a tree made from the inputs ``key`` names (``inputs``: the manifest's;
    ``outputs``: each file's digest, the manifest's own included), and ``summary``:
    what the run that made it said (``specs``, ``operations`` and ``models`` counted,
    its ``warnings``)."""
    documents = {k: v for k, v in inputs.items() if k.startswith("spec:")}
    entry = {"documents": documents, "outputs": dict(outputs), "summary": summary}
    cache.put("fresh", key, json.dumps(entry, sort_keys=True))


def fresh_summary(
    cache: Cache, key: str, specs: Mapping[str, Path], tree: Mapping[str, bytes]
) -> dict[str, Any] | None:
    """What the run that made ``tree`` said (``record_fresh``'s summary), when the
    cache, which the tool wrote itself, says a tree made from the inputs ``key`` names
    is ``tree`` (posix path -> bytes of every regular file; the caller has found
    nothing else in it) and every spec file is as it was; else None.

    Trusts nothing in the tree: its own manifest is an output like any other.
    """
    text = cache.get("fresh", key)
    if text is None:
        return None
    try:
        entry = json.loads(text)
        documents, outputs = dict(entry["documents"]), dict(entry["outputs"])
        summary = dict(entry["summary"])
        counts = [summary[name] for name in ("specs", "operations", "models")]
        warnings = summary["warnings"]
    except (ValueError, KeyError, TypeError):
        return None
    if not all(type(count) is int for count in counts) or not (
        isinstance(warnings, list) and all(type(w) is str for w in warnings)
    ):
        return None
    if set(tree) != set(outputs):
        return None
    names = {key.split(":", 2)[1] for key in documents}
    if names != set(specs):
        return None
    for name_and_file, digest in documents.items():
        _, name, document = name_and_file.split(":", 2)
        try:
            data = (specs[name].parent / document).read_bytes()
        except OSError:
            return None
        if sha256(data) != digest:
            return None
    if not all(sha256(tree[path]) == digest for path, digest in outputs.items()):
        return None
    return summary

"""Where a cold generation's CPU goes: each stage of each spec, and black's share.

    python bench/stages.py [--specs full|activities]

In one process, one core, no cache: per spec, the seconds of load, resolve, check
(openapi-spec-validator), build and render (datamodel-code-generator and the templates);
then black over every piece the format stage would send it, as rendered (a piece black
changes costs it a second pass), and again over its own output (what black costs on code
it leaves as it is: its floor for this much code); then ruff's formatter over the same
files. The first spec's stages include importing their libraries, as each worker of
the pipeline does. The pipeline spreads all of this over the cores; the sum is about the
CPU a cold run needs, which on 2 busy cores is about twice its wall time.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from _timing import table
from generate import SPECS

from pipedrive_codegen.ir.build import build_ir
from pipedrive_codegen.output.cache import NO_CACHE
from pipedrive_codegen.spec.check import check_spec
from pipedrive_codegen.output.format import CHUNKED, Piece, format_one, split_module
from pipedrive_codegen.spec.load import load_spec
from pipedrive_codegen.render.package import render_api
from pipedrive_codegen.spec.resolve import resolve_refs
from pipedrive_codegen.target import DEFAULT_TEMPLATES

T = TypeVar("T")


def timed(what: dict[str, float], name: str, job: Callable[..., T], *args: Any) -> T:
    """``job(*args)``, its CPU seconds kept in ``what[name]``."""
    start = time.process_time()
    result = job(*args)
    what[name] = time.process_time() - start
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--specs", choices=sorted(SPECS), default="full")
    specs = SPECS[parser.parse_args().specs]
    rows = [("stage (CPU s, one process)", *specs, "total")]
    stages: dict[str, dict[str, float]] = {}
    files: dict[str, str] = {}
    for name, path in specs.items():
        seconds: dict[str, float] = {}
        spec = timed(seconds, "load", load_spec, path)
        resolved = timed(seconds, "resolve", resolve_refs, spec)
        timed(seconds, "check", check_spec, spec)
        api = timed(seconds, "build", build_ir, resolved, name)
        files.update(
            timed(seconds, "render", render_api, api, DEFAULT_TEMPLATES, NO_CACHE)
        )
        stages[name] = seconds
    for stage in ("load", "resolve", "check", "build", "render"):
        values = [stages[name][stage] for name in specs]
        rows.append((stage, *(f"{v:.2f}" for v in values), f"{sum(values):.2f}"))

    modules = {path: text for path, text in files.items() if path.endswith(".py")}
    pieces = [
        (path, piece)
        for path, text in modules.items()
        for piece in (split_module(text) if len(text) > CHUNKED else [Piece(text)])
    ]
    format_one("warm-up.py", Piece("x = 1\n"))  # black's import is not formatting
    start = time.process_time()
    formatted = [format_one(path, piece) for path, piece in pieces]
    black = time.process_time() - start
    changed = sum(
        len(piece.text)
        for (_, piece), out in zip(pieces, formatted)
        if out != piece.text
    )
    again = [
        (path, Piece(out.strip("\n") + "\n", piece.member))
        for (path, piece), out in zip(pieces, formatted)
    ]
    start = time.process_time()
    for path, piece in again:
        format_one(path, piece)
    floor = time.process_time() - start
    size = sum(len(piece.text) for _, piece in pieces)
    blank = [""] * len(specs)
    rows.append(("black, as rendered", *blank, f"{black:.2f}"))
    rows.append(("black, on its own output (its floor)", *blank, f"{floor:.2f}"))
    rows.append(
        ("ruff format (wall, all cores)", *blank, f"{ruff_seconds(modules):.2f}")
    )
    print(table(rows))
    print(
        f"{len(pieces)} pieces, {size / 1e6:.2f} MB; black changes "
        f"{changed / size:.0%} of it (those pieces it formats twice)"
    )


def ruff_seconds(modules: dict[str, str]) -> float:
    """Wall seconds of ``ruff format`` over ``modules`` (written to a temporary folder)."""
    binary = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"
    folder = Path(tempfile.mkdtemp(prefix="bench-stages-"))
    try:
        for path, text in modules.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, encoding="utf-8")
        start = time.perf_counter()
        subprocess.run(
            [binary, "format", "--isolated", "--no-cache", "--line-length=88", "."],
            cwd=folder,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - start
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""``pipedrive-codegen``: generate a typed Pipedrive client from OpenAPI specs."""

from __future__ import annotations

import argparse
import keyword
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import SpecError
from .pipeline import DEFAULT_TEMPLATES, Target, render_target
from .write import write_tree

DEFAULTS: dict[str, Any] = {
    "specs": {"v1": "specs/activities-v1.yaml", "v2": "specs/activities-v2.yaml"},
    "out": "generated",
    "package": "pipedrive_client",
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    try:
        target = _target(arguments, parser)
        return int(arguments.run(target, arguments))
    except SpecError as error:
        print(error, file=sys.stderr)
        return 2


def generate(target: Target, arguments: argparse.Namespace) -> int:
    files = render_target(target)
    written = write_tree(target.out, target.package, files)
    print(f"wrote {len(files)} files to {written}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pipedrive-codegen",
        description="Generate a typed, validated Python client for the Pipedrive API "
        "(or any OpenAPI 3 spec).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    generate_command = commands.add_parser(
        "generate",
        help="render the specs into a Python package",
        description="Render the specs into OUT/PACKAGE, atomically: a failed run leaves "
        "the previous output as it was. Defaults come from [tool.pipedrive-codegen] in "
        "./pyproject.toml, else the Pipedrive activity specs in specs/.",
    )
    _add_target_options(generate_command)
    generate_command.set_defaults(run=generate)
    return parser


def _add_target_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--spec",
        action="append",
        metavar="NAME=PATH",
        help="a spec to generate as subpackage NAME (repeatable)",
    )
    command.add_argument("--out", metavar="DIR", help="folder that receives the package")
    command.add_argument("--package", metavar="NAME", help="import name of the package")
    command.add_argument(
        "--templates", metavar="DIR", help="template folder (default: the bundled one)"
    )


def _target(arguments: argparse.Namespace, parser: argparse.ArgumentParser) -> Target:
    config = {**DEFAULTS, **_project_config(Path("pyproject.toml"))}
    specs: list[tuple[str, Path]] = []
    if arguments.spec:
        for item in arguments.spec:
            name, separator, path = item.partition("=")
            if not separator or not name or not path:
                parser.error(f"--spec takes NAME=PATH, not {item!r}")
            specs.append((name, Path(path)))
    else:
        specs = [(name, Path(path)) for name, path in config["specs"].items()]
    for name, _ in specs:
        if not _is_identifier(name):
            parser.error(f"spec name {name!r} is not a Python identifier")
    if len({name for name, _ in specs}) != len(specs):
        parser.error("each --spec needs a different NAME")
    package = arguments.package or config["package"]
    if not _is_identifier(package):
        parser.error(f"package name {package!r} is not a Python identifier")
    return Target(
        specs=tuple(specs),
        out=Path(arguments.out or config["out"]),
        package=package,
        templates=Path(arguments.templates) if arguments.templates else DEFAULT_TEMPLATES,
    )


def _is_identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("_")


def _project_config(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as error:
        raise SpecError(str(path), "#", None, f"malformed TOML: {error}") from None
    section = data.get("tool", {}).get("pipedrive-codegen", {})
    return {key: section[key] for key in ("specs", "out", "package") if key in section}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""``pipedrive-codegen``: generate a typed Pipedrive client from OpenAPI specs."""

from __future__ import annotations

import argparse
import difflib
import keyword
import os
import sys
import tomllib
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .record.cassettes import RecordingError
from .errors import SpecError
from .target import DEFAULT_TEMPLATES, FORMATTERS, Target

if TYPE_CHECKING:
    from .output.cache import Cache

DEFAULTS: dict[str, Any] = {
    "specs": {"v1": "specs/activities-v1.yaml", "v2": "specs/activities-v2.yaml"},
    "out": "generated",
    "package": "pipedrive_client",
    "formatter": "black",
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    try:
        if arguments.command == "diff":
            return diff(arguments)
        if arguments.command == "record":
            return record(arguments)
        target = _target(arguments, parser)
        return int(arguments.run(target, arguments))
    except (SpecError, RecordingError) as error:
        print(error, file=sys.stderr)
        return 2


@contextmanager
def _cache() -> Iterator[Cache]:
    """The environment's cache, pruned (once a day) after a run that went well."""
    from .output.cache import default_cache

    cache = default_cache()
    yield cache
    cache.prune_daily()


def _render(target: Target) -> dict[str, str]:
    """Every file of the package, through the cache."""
    from .pipeline import render_target

    with _cache() as cache:
        return render_target(target, cache)


def generate(target: Target, arguments: argparse.Namespace) -> int:
    from .output.write import write_tree

    files = _render(target)
    written = write_tree(target.out, target.package, files)
    print(f"wrote {len(files)} files to {written}")
    return 0


def check(target: Target, arguments: argparse.Namespace) -> int:
    """Exit 0 when the committed output is what spec + templates + generator give now."""
    from .output.manifest import MANIFEST, is_fresh, recorded_formatter

    package_dir = target.out / target.package
    if is_fresh(package_dir, dict(target.specs), target.templates, target.formatter):
        print(f"{package_dir} is up to date")
        return 0
    from .output.write import read_tree

    expected = _render(target)
    actual = read_tree(package_dir)
    differing = sorted(
        p for p in set(expected) | set(actual) if expected.get(p) != actual.get(p)
    )
    if not differing:
        print(f"{package_dir} is up to date")
        return 0
    print(f"{package_dir} is out of date; run `pipedrive-codegen generate`:")
    made_with = recorded_formatter(actual.get(MANIFEST, ""))
    if made_with not in (None, target.formatter):
        print(
            f"  (it was made with {made_with}, this check formats with "
            f"{target.formatter}: name one formatter in [tool.pipedrive-codegen])"
        )
    for path in differing:
        state = (
            "missing"
            if path not in actual
            else "unexpected" if path not in expected else "differs"
        )
        print(f"  {state}: {(package_dir / path).as_posix()}")
    for path in differing:
        sys.stdout.writelines(
            difflib.unified_diff(
                actual.get(path, "").splitlines(keepends=True),
                expected.get(path, "").splitlines(keepends=True),
                f"{(package_dir / path).as_posix()} (committed)",
                f"{(package_dir / path).as_posix()} (generated)",
            )
        )
    return 1


def diff(arguments: argparse.Namespace) -> int:
    from .diff.command import diff_command

    with _cache() as cache:
        return diff_command(
            arguments.old,
            arguments.new,
            output_format=arguments.output_format,
            fail_on_breaking=arguments.fail_on_breaking,
            stdout=sys.stdout,
            cache=cache,
        )


def record(arguments: argparse.Namespace) -> int:
    from .record.command import record_command

    return record_command(
        arguments.scenario or None,
        api_token=os.environ.get("PIPEDRIVE_API_TOKEN"),
        out_dir=Path(arguments.out),
        deny=arguments.deny or [],
        stdout=sys.stdout,
        base_url=arguments.base_url,
    )


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
    check_command = commands.add_parser(
        "check",
        help="exit 1 if the generated package is not what the specs and templates give",
        description="The drift check for CI: exit 0 when OUT/PACKAGE equals what generate "
        "would write now, exit 1 with the differing files and a unified diff when not, "
        "exit 2 on bad input. An unchanged tree is confirmed from the hashes in its "
        "_manifest.json alone; any mismatch falls back to a full render and diff.",
    )
    _add_target_options(check_command)
    check_command.set_defaults(run=check)
    diff_command = commands.add_parser(
        "diff",
        help="what changed between two versions of a spec, for a user of the client",
        description="Compare OLD and NEW per operation and model: added and removed "
        "operations, parameters, fields and enum values; type, required-ness and "
        "nullability changes; each classified breaking or compatible for a caller.",
    )
    from .diff.options import add_diff_arguments

    add_diff_arguments(diff_command)
    record_command = commands.add_parser(
        "record",
        help="record contract-test cassettes from the live API (never in CI)",
        description="Run scenarios against the live Pipedrive API with the token in "
        "$PIPEDRIVE_API_TOKEN and write one cassette per scenario. Tokens, secrets, cookies "
        "and every --deny value are redacted before anything touches the disk. Refuses to "
        "run without a token or when $CI is set.",
    )
    record_command.add_argument("scenario", nargs="*", help="scenarios (default: all)")
    record_command.add_argument(
        "--out",
        default="tests/contract/cassettes/recorded",
        metavar="DIR",
        help="where the cassettes go",
    )
    record_command.add_argument(
        "--deny",
        action="append",
        metavar="VALUE",
        help="a value to redact wherever it appears (repeatable)",
    )
    record_command.add_argument(
        "--base-url",
        default="https://api.pipedrive.com",
        metavar="URL",
        help="the API origin, e.g. your company domain",
    )
    return parser


def _add_target_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--spec",
        action="append",
        metavar="NAME=PATH",
        help="a spec to generate as subpackage NAME (repeatable)",
    )
    command.add_argument(
        "--out", metavar="DIR", help="folder that receives the package"
    )
    command.add_argument("--package", metavar="NAME", help="import name of the package")
    command.add_argument(
        "--templates", metavar="DIR", help="template folder (default: the bundled one)"
    )
    command.add_argument(
        "--formatter",
        choices=FORMATTERS,
        help="black (default), or ruff: the same layout, many times faster "
        "(pip install 'pipedrive-codegen[ruff]')",
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
    formatter = arguments.formatter or config["formatter"]
    if formatter not in FORMATTERS:  # --formatter has its choices: pyproject.toml's
        raise SpecError(
            "pyproject.toml",
            "#/tool/pipedrive-codegen/formatter",
            None,
            f"formatter {formatter!r} is none of {', '.join(FORMATTERS)}",
        )
    if formatter == "ruff":
        from .output.format import ruff_problem

        problem = ruff_problem()
        if problem is not None:
            parser.error(problem)
    if arguments.out == "":
        parser.error("--out needs a folder")
    templates = Path(arguments.templates) if arguments.templates else DEFAULT_TEMPLATES
    if not templates.is_dir():
        parser.error(
            f"--templates {templates}: no such folder"
            if arguments.templates
            else f"the bundled templates are missing ({templates}): reinstall"
        )
    return Target(
        specs=tuple(specs),
        out=Path(arguments.out or config["out"]),
        package=package,
        templates=templates,
        formatter=formatter,
    )


def _is_identifier(name: str) -> bool:
    # Python imports a name in its NFKC form: "ﬁ" is imported as "fi".
    return (
        name.isidentifier()
        and not keyword.iskeyword(name)
        and not name.startswith("_")
        and unicodedata.normalize("NFKC", name) == name
    )


def _project_config(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as error:
        raise SpecError(str(path), "#", None, f"malformed TOML: {error}") from None
    section = data.get("tool", {})
    section = section.get("pipedrive-codegen", {}) if isinstance(section, dict) else {}
    if not isinstance(section, dict):
        raise _config_error(path, "", "must be a table")
    unknown = sorted(set(section) - {"specs", "out", "package", "formatter"})
    if unknown:  # a typo must not be ignored
        raise _config_error(path, unknown[0], "is not a setting of pipedrive-codegen")
    config = {}
    for key in ("out", "package", "formatter"):
        if key in section:
            if not isinstance(section[key], str) or not section[key]:
                raise _config_error(path, key, "must be a non-empty string")
            config[key] = section[key]
    if "specs" in section:
        specs = section["specs"]
        if (
            not isinstance(specs, dict)
            or not specs
            or not all(isinstance(v, str) and v for v in specs.values())
        ):
            raise _config_error(path, "specs", 'must be a table of NAME = "PATH"')
        config["specs"] = specs
    return config


def _config_error(path: Path, key: str, problem: str) -> SpecError:
    pointer = "#/tool/pipedrive-codegen" + (f"/{key}" if key else "")
    return SpecError(
        str(path), pointer, None, f"[tool.pipedrive-codegen] {key} {problem}"
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

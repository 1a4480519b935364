"""The command line's options, help and exit codes (``cli`` runs the commands).

Every ``--help`` shows each option's default, an example and the exit codes; building
the parser imports nothing heavy.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any, NoReturn

from .target import DEFAULTS, FORMATTERS

TOKEN_VARIABLE = "PIPEDRIVE_API_TOKEN"
EXIT_CODES = {
    "": "0 done; 1 drift (check) or a breaking change (diff --fail-on-breaking); 2 "
    "bad input (a spec, an option, a setting): nothing is written",
    "generate": "0 written; 2 bad input (a spec, an option, a setting, a folder it did "
    "not write): nothing is written",
    "check": "0 up to date; 1 the package on disk is not what would be generated; 2 "
    "bad input, or a verdict that cannot be written (a full disk)",
    "diff": "0 compared (and nothing breaks, with --fail-on-breaking); 1 a change "
    "breaks callers, with --fail-on-breaking; 2 bad input, or a verdict that cannot be "
    "written (a full disk)",
    "record": "0 recorded; 2 refused (no token, in CI, an API that does not answer or "
    "refuses the token, a --deny word the cassettes are made of) or bad input: nothing "
    "is written",
}


class _HelpFormatter(argparse.HelpFormatter):
    """Paragraphs wrapped, but a paragraph of several lines (examples, exit status) as
    written; each option's default in its help, unless the help says it already."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        return "\n\n".join(
            (
                paragraph
                if "\n" in paragraph
                else textwrap.fill(paragraph, width, initial_indent=indent)
            )
            for paragraph in text.split("\n\n")
        )

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if (
            "default" in text
            or default in (None, False, argparse.SUPPRESS)
            or not action.option_strings
        ):
            return text
        return f"{text} (default: {default})"


class _Version(argparse.Action):
    """``--version``: the installed tool's version (looked up only when asked)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any):
        super().__init__(
            option_strings, argparse.SUPPRESS, nargs=0, help=kwargs.get("help")
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> NoReturn:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("pipedrive-codegen")
        except PackageNotFoundError:
            number = "(not installed)"
        print(f"pipedrive-codegen {number}")
        parser.exit()


def _epilog(command: str, *examples: str) -> str:
    lines = ["example:" if len(examples) == 1 else "examples:"]
    lines += [f"  {example}" for example in examples]
    codes = [f"  {code}" for code in EXIT_CODES[command].split("; ")]
    return "\n".join([*lines, "", "exit status:", *codes])


def build_parser() -> (
    tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]
):
    parser = argparse.ArgumentParser(
        prog="pipedrive-codegen",
        description="Generate a typed, validated Python client for the Pipedrive API "
        "(or any OpenAPI 3 spec).",
        epilog=_epilog(
            "",
            "pipedrive-codegen generate --spec v1=openapi-v1.yaml --out src",
            "pipedrive-codegen check            # in CI: is the package up to date?",
        )
        + "\n\nRun `pipedrive-codegen COMMAND --help` for a command's options.",
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    generate_command = commands.add_parser(
        "generate",
        help="render the specs into a Python package",
        description="Render the specs into OUT/PACKAGE, atomically: a failed run leaves "
        "the previous output as it was, and files whose bytes do not change are left "
        "untouched. It replaces only a package it generated: a folder without its "
        "_manifest.json, or files the manifest does not list, stop the run unless "
        "--force. A package that is byte for byte what its inputs make, by the "
        "record a run keeps in the cache, is left as it is without rendering. "
        "Defaults come from [tool.pipedrive-codegen] in ./pyproject.toml.",
        epilog=_epilog(
            "generate",
            "pipedrive-codegen generate --spec v1=openapi.yaml --out src "
            "--package acme_pipedrive",
        ),
        formatter_class=_HelpFormatter,
    )
    _add_target_options(generate_command)
    generate_command.add_argument(
        "--force",
        action="store_true",
        help="replace OUT/PACKAGE even if it holds files this tool did not write",
    )
    check_command = commands.add_parser(
        "check",
        help="exit 1 if the generated package is not what the specs and templates give",
        description="The drift check for CI: exit 0 when OUT/PACKAGE is byte for byte "
        "what generate would write now, exit 1 with the differing files and a unified "
        "diff (at most 200 lines a file, 2,000 in all) when not, exit 2 on bad input. "
        "Nothing in the package is trusted, its _manifest.json included: any file "
        "generate would not write (a .pyc git tracks, a symlink, an extra module) is "
        "drift. An unchanged tree is confirmed fast from the tool's own record in its "
        "cache, else rendered and compared.",
        epilog=_epilog(
            "check",
            "pipedrive-codegen check --name-only   # the paths that differ, one a line",
        ),
        formatter_class=_HelpFormatter,
    )
    _add_target_options(check_command)
    check_command.add_argument(
        "--format",
        dest="output_format",
        choices=("text", "json"),
        default="text",
        help="text for people, json for tools",
    )
    check_command.add_argument(
        "--name-only",
        action="store_true",
        help="print only the paths that differ, one a line",
    )
    diff_command = commands.add_parser(
        "diff",
        help="what changed between two versions of a spec, for a user of the client",
        description="Compare OLD and NEW per operation and model: added and removed "
        "operations, parameters, fields and enum values; type, required-ness and "
        "nullability changes; each classified breaking or compatible for a caller.",
        epilog=_epilog(
            "diff",
            "pipedrive-codegen diff old/openapi.yaml openapi.yaml --fail-on-breaking",
        ),
        formatter_class=_HelpFormatter,
    )
    from .diff.options import add_diff_arguments

    add_diff_arguments(diff_command)
    record_command = commands.add_parser(
        "record",
        help="record contract-test cassettes from the live API (never in CI)",
        description="Run scenarios against the live Pipedrive API with the token in "
        f"${TOKEN_VARIABLE} and write one cassette per scenario. Tokens, secrets, "
        "cookies and every --deny value are redacted before anything touches the disk. "
        "Refuses to run without a token or when $CI is set.",
        epilog=_epilog(
            "record",
            f"{TOKEN_VARIABLE}=... pipedrive-codegen record v1.get_activities "
            "--deny 'Jane Doe'",
        ),
        formatter_class=_HelpFormatter,
    )
    record_command.add_argument(
        "scenario", nargs="*", help="scenarios to record (default: all)"
    )
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
    subcommands = {
        "generate": generate_command,
        "check": check_command,
        "diff": diff_command,
        "record": record_command,
    }
    return parser, subcommands


def _add_target_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--spec",
        action="append",
        metavar="NAME=PATH",
        help="a spec to generate as subpackage NAME (repeatable; default: the specs "
        "of [tool.pipedrive-codegen], else v1=specs/activities-v1.yaml and "
        "v2=specs/activities-v2.yaml)",
    )
    command.add_argument(
        "--out",
        metavar="DIR",
        help="folder that receives the package (default: [tool.pipedrive-codegen]'s "
        f"out, else {DEFAULTS['out']})",
    )
    command.add_argument(
        "--package",
        metavar="NAME",
        help="import name of the package (default: [tool.pipedrive-codegen]'s "
        f"package, else {DEFAULTS['package']})",
    )
    command.add_argument(
        "--client",
        metavar="NAME",
        help="name of the client class, e.g. AcmeClient; its async twin is "
        "AsyncNAME (default: [tool.pipedrive-codegen]'s client, else from the "
        "package name: pipedrive_client -> PipedriveClient)",
    )
    command.add_argument(
        "--templates", metavar="DIR", help="template folder (default: the bundled one)"
    )
    command.add_argument(
        "--allow-refs",
        metavar="DIR",
        help="a $ref may read files under DIR (default: only under the spec's folder)",
    )
    command.add_argument(
        "--ignore-bad-defaults",
        action="store_true",
        help="a schema default that breaks its own schema is dropped with a located "
        "warning instead of stopping the run (default: [tool.pipedrive-codegen]'s "
        "ignore_bad_defaults, else false)",
    )
    command.add_argument(
        "--formatter",
        choices=FORMATTERS,
        help="ruff, or black: the same layout, black many times slower (default: "
        f"[tool.pipedrive-codegen]'s formatter, else {DEFAULTS['formatter']})",
    )
    command.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print nothing but errors",
    )
    command.add_argument(
        "--progress",
        action="store_true",
        help="show progress on stderr even when it is not a terminal (on a terminal "
        "it shows once a run takes a second)",
    )

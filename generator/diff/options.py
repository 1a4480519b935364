"""The options of ``pipedrive-codegen diff``: light, so that building the CLI's parser
does not import the diff machinery."""

from __future__ import annotations

import argparse
from pathlib import Path

FORMATS = ("text", "json")


def add_diff_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``pipedrive-codegen diff``, for the CLI's subparser."""
    parser.add_argument("old", type=Path, metavar="OLD", help="the spec before")
    parser.add_argument("new", type=Path, metavar="NEW", help="the spec after")
    parser.add_argument(
        "--format",
        dest="output_format",
        choices=FORMATS,
        default="text",
        help="text for people (default), json for tools",
    )
    parser.add_argument(
        "--fail-on-breaking",
        action="store_true",
        help="exit 1 when a change breaks callers of the generated client",
    )

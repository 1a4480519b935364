"""The package root's public names: one list (``generator/render/exports.py``) written
three ways into ``__init__.py`` (the imports type checkers read, the table that loads
each name on first use, ``__all__``), which agree name for name and module for module.
"""

from __future__ import annotations

import ast
import importlib

import pipedrive_client
from conftest import GENERATED


def _type_checking_imports() -> dict[str, str]:
    """What the root imports for type checkers: each name by its module."""
    tree = ast.parse((GENERATED / "pipedrive_client" / "__init__.py").read_text())
    (block,) = [
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    ]
    return {
        alias.name: "." * node.level + (node.module or "")
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def test_the_root_s_imports_table_and_all_agree() -> None:
    table = vars(pipedrive_client)["_EXPORTS"]
    assert list(table) == pipedrive_client.__all__
    assert _type_checking_imports() == table
    for name, module in table.items():
        defined = importlib.import_module(module, "pipedrive_client")
        assert getattr(pipedrive_client, name) is getattr(defined, name), name


def test_the_root_exports_the_errors_the_vocabulary_and_the_clients() -> None:
    assert {
        "PipedriveClient",
        "AsyncPipedriveClient",
        "PipedriveError",
        "NotFoundError",
        "RequestValidationError",
        "ResponseValidationError",
        "InvalidBody",
        "Issue",
        "raw_response",
        "authorization_url",
    } <= set(pipedrive_client.__all__)

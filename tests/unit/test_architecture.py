"""The folders of ``generator/`` are the pipeline's floors: each imports only what its
``__init__`` docstring allows, so no import runs back up and none forms a cycle."""

import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parents[2] / "generator"

# What each folder may import, besides itself (the standard library and third-party
# packages are not our concern here). The top-level modules (cli, pipeline, target,
# errors) wire the floors together and may import anything; ``errors`` and
# ``patterns`` (a spec's regular expressions, matched in linear time) import nothing
# of ours, and the floors that meet a spec's patterns use them.
ALLOWED = {
    "spec": {"errors", "patterns", "output.cache"},
    "ir": {"spec", "errors", "output.cache", "runtime._checks"},
    "render": {"ir", "errors", "patterns", "output.cache"},
    "output": {"errors", "target"},
    "diff": {
        "spec",
        "ir",
        "render",
        "output",
        "errors",
        "target",
        "patterns",
        "runtime",
    },
    "record": {"errors", "runtime"},
    "runtime": set(),
}


def _imports(path: Path) -> list[str]:
    """The modules of the generator that ``path`` imports, dotted from its root."""
    package = list(path.relative_to(GENERATOR).parent.parts)
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            target = base + (node.module.split(".") if node.module else [])
            if node.module is None:  # from . import name: the names are modules
                found += [".".join(target + [alias.name]) for alias in node.names]
            else:
                found.append(".".join(target))
        elif isinstance(node, ast.ImportFrom | ast.Import):
            names = [node.module] if isinstance(node, ast.ImportFrom) else []
            names += [a.name for a in getattr(node, "names", [])]
            assert not any(
                (name or "").split(".")[0] in ("generator", "pipedrive_codegen")
                for name in names
            ), f"{path}: the generator imports itself relatively"
    return found


def _allowed(folder: str, module: str) -> bool:
    if module.split(".")[0] == folder:
        return True
    return any(module == a or module.startswith(a + ".") for a in ALLOWED[folder])


@pytest.mark.parametrize("folder", sorted(ALLOWED))
def test_each_folder_imports_only_what_its_docstring_allows(folder: str) -> None:
    init = GENERATOR / folder / "__init__.py"
    assert ast.get_docstring(ast.parse(init.read_text())), f"{init} says no role"
    wrong = [
        f"{path.relative_to(GENERATOR)} imports {module}"
        for path in sorted((GENERATOR / folder).rglob("*.py"))
        for module in _imports(path)
        if not _allowed(folder, module)
    ]
    assert wrong == []


def test_every_folder_of_the_generator_is_a_known_floor() -> None:
    folders = {
        p.name for p in GENERATOR.iterdir() if p.is_dir() and p.name != "__pycache__"
    }
    assert folders == set(ALLOWED)

"""datamodel-code-generator's code made ours: its import block apart from its classes,
merged with other batches' and pruned; its classes apart from the statements after
them; a field renamed where its name would shadow what the class reads; strings in
double quotes, as black writes them; and what a models module imports from the
runtime."""

from __future__ import annotations

import builtins
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .own_types import WIRE_TYPES, words_of
from .model_schemas import BASES
from ..ir.naming import RESERVED_MODEL_NAMES, free_name

# Public attributes our base classes add to pydantic's BaseModel (``RequestModel``);
# a spec property of that name becomes ``<name>_`` with the spec's name as its alias.
BASE_ATTRIBUTES = ("extra_fields", "with_extra_fields")


# Attributes are the spec's names in snake_case (``resultCode`` -> ``result_code``,
# the spec's name its alias): a camelCase spelling of a base attribute takes ``_`` too.
BASE_ALIASES = {
    spelling: name + "_"
    for name in BASE_ATTRIBUTES
    for spelling in (name, re.sub(r"_(\w)", lambda m: m.group(1).upper(), name))
}


@dataclass(frozen=True)
class ModelsSource:
    imports: tuple[str, ...]  # import lines, ``from __future__`` first
    body: str  # the classes


def merge_imports(blocks: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    """One import block from several: ``from m import a`` and ``from m import b`` are
    ``from m import a, b``."""
    names: dict[str, set[str]] = defaultdict(set)
    plain: set[str] = set()
    for line in (line for block in blocks for line in block):
        module, _, imported = line.partition(" import ")
        if line.startswith("from "):
            names[module].update(imported.split(", "))
        else:
            plain.add(line)
    lines = [f"{module} import {', '.join(sorted(names[module]))}" for module in names]
    future = [line for line in lines if line.startswith("from __future__")]
    return (*future, *sorted({*lines, *plain} - set(future)))


def class_definitions(body: str) -> tuple[list[str], list[str]]:
    """The top-level classes of ``body``, and its other top-level statements (such as
    ``Model.model_rebuild()``), which belong after every class."""
    classes: list[list[str]] = []
    statements: list[str] = []
    for line in body.strip("\n").splitlines():
        if line.startswith("class "):
            classes.append([line])
        elif line and not line[0].isspace() and not line.startswith((")", "]", "}")):
            statements.append(line)
        elif classes:
            classes[-1].append(line)
    return ["\n".join(lines).strip("\n") for lines in classes], statements


def class_name(definition: str) -> str:
    match = re.match(r"class (\w+)", definition)
    return match.group(1) if match else ""


# A field as our template writes it: ``    name: annotation`` (on one line).
_FIELD_LINE = re.compile(r'^    ([^\s:"]+): ', re.M)


_CLASS_LINE = re.compile(r"^class (\w+)\(", re.M)


def renamed_fields(
    source: str, document: dict[str, Any], attributes: frozenset[str]
) -> dict[str, str]:
    """``Model.property`` -> the Python name it must take instead of the one
    datamodel-code-generator gave it in ``source`` (the models of ``document``);
    ``attributes``: pydantic's ``BaseModel``'s. See ``_field_names``."""
    schemas = document["components"]["schemas"]
    classes = _CLASS_LINE.split(source)[1:]  # name, body, name, body...
    renamed = {}
    for name, body in zip(classes[::2], classes[1::2]):
        properties = list(schemas.get(name, {}).get("properties", ()))
        written = [m.group(1) for m in _FIELD_LINE.finditer(body)]
        written = [field for field in written if field.isidentifier()]
        if len(written) != len(properties):  # not one of our models' classes
            continue
        names = _field_names(list(zip(properties, written)), attributes)
        renamed.update({f"{name}.{key}": names[key] for key in names})
    return renamed


def _field_names(
    fields: list[tuple[str, str]], attributes: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Of one class's fields, (JSON key, the Python name written), the keys whose name
    must change -> the name. Python reads a name as its NFKC form (``ﬁle`` is
    ``file``): a name that is not is given that form, lower case, which keeps its
    key as its alias, is no other field's, and shadows nothing the class reads (a
    builtin, what a models module imports, pydantic's attributes). A name that is its
    NFKC form changes only where it is a name the models module binds but
    datamodel-code-generator does not see (``tagged``): it takes ``_``."""
    kept = {
        written
        for _, written in fields
        if _nfkc(written) == written and written not in _IMPORTED_LATER
    }
    taken = kept | _SHADOWED | attributes
    names = {}
    for key, written in fields:
        if written in kept:
            continue
        name = _nfkc(_nfkc(written).lower())
        if name.startswith("_"):  # pydantic's private attribute
            name = "field" + name
        name = free_name(name, taken)
        taken.add(name)
        names[key] = name
    return names


def _nfkc(name: str) -> str:
    return unicodedata.normalize("NFKC", name)


def double_quoted(source: str) -> str:
    """``source`` with its simple single-quoted strings (``Literal['a']``) in double
    quotes, as black writes them, so that black formats the models in one pass."""
    return _STRING.sub(_simple_double_quoted, source)


# A string literal or a comment, scanned from the start of the code, so that a quote
# inside a string or a comment never starts one.
_STRING = re.compile(
    r"[A-Za-z]*(?:'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|"(?:[^"\\\n]|\\.)*")'
    r"|#[^\n]*",
    re.S,
)


def _simple_double_quoted(match: re.Match[str]) -> str:
    """A single-quoted string with neither a double quote nor an escape, in double
    quotes; any other string (prefixed, triple-quoted) or comment as it is."""
    text = match.group()
    if text[0] != "'" or text.startswith("'''") or any(c in text for c in '"\\'):
        return text
    return f'"{text[1:-1]}"'


# Names of the runtime a models module may use, by the module that defines them: the
# request side's apart (``runtime/_request_models.py``), so that parsing a response
# never loads it.
_RUNTIME_TYPES = (
    ("_models", ("ResponseModel", "tagged")),
    ("_request_models", ("RequestModel", *WIRE_TYPES.values())),
)


def runtime_imports(
    body: str, words: frozenset[str]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """What the models of ``body`` import from the runtime, by module."""
    imports = []
    for module, names in _RUNTIME_TYPES:
        used = tuple(name for name in names if _uses(body, name, words))
        if used:
            imports.append((module, used))
    return tuple(imports)


def _uses(body: str, name: str, words: frozenset[str] | None = None) -> bool:
    """Whether ``body`` uses ``name`` (``words``: its words, if known)."""
    if name == "tagged":
        return "tagged(" in body
    if name in BASES.values():
        return f"({name})" in body
    return name in (words_of(body) if words is None else words)


ANNOTATION_IMPORT = "from typing import Annotated, Any"


# Names a models module imports that datamodel-code-generator does not know of (we
# write them in its code): a field so named would shadow them in its class.
_IMPORTED_LATER = frozenset(
    {name for _, names in _RUNTIME_TYPES for name in names}
    | set(ANNOTATION_IMPORT.partition(" import ")[2].split(", "))
)


# What a field's name must not be where we choose it: what a class of the models may
# read (builtins, what a models module imports) and our base classes' attributes.
_SHADOWED = frozenset(
    {*dir(builtins), *RESERVED_MODEL_NAMES, *_IMPORTED_LATER, *BASE_ATTRIBUTES}
    # what ``site`` adds to builtins: the same names whether or not it ran (``-S``)
    | {"copyright", "credits", "exit", "help", "license", "quit"}
)


def drop_unused(line: str, words: frozenset[str]) -> str:
    """``from pydantic import BaseModel, Field`` -> ``from pydantic import Field`` if
    ``BaseModel`` is none of the body's ``words``."""
    if line.startswith("from __future__") or " import " not in line:
        return line
    module, _, names = line.partition(" import ")
    used = [
        name
        for name in names.split(", ")
        # ``date as date_aliased`` (a field named ``date``) binds ``date_aliased``
        if name.split(" as ")[-1] in words
    ]
    return f"{module} import {', '.join(used)}" if used else ""


def imports_and_body(source: str) -> ModelsSource:
    """Separate datamodel-code-generator's import block from its classes (the imports
    as written: ``render_models`` merges, prunes and sorts those of every batch)."""
    imports: list[str] = []
    body: list[str] = []
    for line in source.splitlines():
        if line.startswith("#") and not body:
            continue
        if not body and line.startswith(("from ", "import ")):
            imports.append(line)
        elif body or line.strip():
            body.append(line)
    return ModelsSource(tuple(imports), "\n".join(body).strip() + "\n")

"""Spec names to Python names: the one place that owns casing, keywords and clashes."""

from __future__ import annotations

import builtins
import functools
import keyword
import re

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9]|[^A-Za-z0-9]|$)|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")

# The runtime's helpers (``_runtime/_arguments.py``) that generated methods call to
# encode an argument; header_values and request_body are imported by every client.
ARGUMENT_HELPERS = frozenset(
    {"header_values", "request_body", "delimited", "exploded", "json_text"}
    | {"query_object", "wire_value", "wire_values"}
)
# Names a generated method's arguments never take: the method's own, and the module
# names its body calls.
RESERVED_ARGUMENTS = frozenset({"self", "body", "cast", "models"}) | ARGUMENT_HELPERS

# Names a generated models module imports or inherits from: a model may not take them.
RESERVED_MODEL_NAMES = frozenset(
    {
        "Annotated",
        "Any",
        "BaseModel",
        "ConfigDict",
        "Field",
        "Literal",
        "RequestModel",
        "ResponseModel",
        "RootModel",
        "TypeAlias",
        "TypeAliasType",
        "Schema",
        "UUID",
        "WireDate",
        "WireDateTime",
        "WireUUID",
        "date",
        "datetime",
        "tagged",
        "time",
    }
)
_BANNED_MODEL_NAME = re.compile(r"^(?:Data\d+|Model\d*|Item\d+|Field|Schema)$")


def words(text: str) -> list[str]:
    """``"addActivityRequest"`` -> ``["add", "Activity", "Request"]``."""
    return _WORD.findall(text)


def pascal_case(text: str) -> str:
    """``"userDataWithId"`` -> ``"UserDataWithId"``; ``"user data"`` -> ``"UserData"``."""
    result = "".join(word[:1].upper() + word[1:] for word in words(text))
    if result[:1].isdigit():
        result = "N" + result
    return result


@functools.cache  # a spec's few hundred names, asked for thousands of times
def snake_case(text: str) -> str:
    """``"getActivitiesCollection"`` -> ``"get_activities_collection"``."""
    result = "_".join(word.lower() for word in words(text))
    return result or "value"


def python_identifier(text: str, taken: frozenset[str] = frozenset()) -> str:
    """A snake_case identifier for ``text`` that is no keyword and not in ``taken``."""
    name = snake_case(text)
    if name[0].isdigit():
        name = "n_" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in taken:
        name += "_"
    while name in taken:
        name += "_"
    return name


def is_usable_model_name(name: str) -> bool:
    return (
        bool(name)
        and name not in RESERVED_MODEL_NAMES
        and not _BANNED_MODEL_NAME.match(name)
        and name not in dir(builtins)
    )


def choose_model_name(kind: str, preferred: str, context: str, taken: set[str]) -> str:
    """A usable model name not in ``taken`` (lower case): the title, else the place."""
    suffix = "Request" if kind == "request" else "Response"
    if not is_usable_model_name(preferred):  # a title such as ``Data1`` or ``Schema``
        preferred = context
    candidates = [preferred]
    if kind == "request" and not preferred.endswith(suffix):
        candidates.append(preferred + suffix)  # the response twin keeps the plain name
    candidates += [
        context,
        context + suffix,
        preferred + "Variant",
        context + "Variant",
    ]
    for candidate in candidates:
        if is_usable_model_name(candidate) and candidate.lower() not in taken:
            return candidate
    number = 2
    while f"{context}Variant{number}".lower() in taken:
        number += 1
    return f"{context}Variant{number}"

"""Spec names to Python names: the one place that owns casing, keywords and clashes."""

from __future__ import annotations

import builtins
import functools
import keyword
import re
import unicodedata
from collections.abc import Container

# Words are found in a spelling of each character's class: ``A`` upper case, ``a``
# lower case, ``0`` a digit, ``x`` a letter of a script without case (CJK), `` ``
# anything else. An ASCII name's words are those of the pattern it always had
# (``[A-Z]+(?=[A-Z][a-z0-9]|[^A-Za-z0-9]|$)|[A-Z]?[a-z]+|[A-Z]+|[0-9]+``).
_WORD = re.compile(r"A+(?=A[a0]|[^Aa0]|$)|A?a+|A+|0+|x+")
_ASCII_CLASSES = str.maketrans(
    {
        **{chr(code): " " for code in range(128)},
        **{chr(code): "A" for code in range(ord("A"), ord("Z") + 1)},
        **{chr(code): "a" for code in range(ord("a"), ord("z") + 1)},
        **{chr(code): "0" for code in range(ord("0"), ord("9") + 1)},
    }
)
_CLASSES = {"Lu": "A", "Lt": "A", "Ll": "a", "Nd": "0"}
_ASCII_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_IDENTIFIER = re.compile(r"s[sc]*")  # in a spelling of classes: start, continue

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
    """``"addActivityRequest"`` -> ``["add", "Activity", "Request"]``;
    ``"créerÉtat日本"`` -> ``["créer", "État", "日本"]``.

    A letter is any character a Python identifier may hold, of any script, and the
    words are those of ``text`` as Python reads an identifier: NFKC normalised
    (``ﬁle`` is ``file``). A combining mark that stays apart after that (the
    vowel signs of Indic scripts, Hebrew points) separates words, as no name
    datamodel-code-generator writes holds one."""
    if not text.isascii():
        return _unicode_words(unicodedata.normalize("NFKC", text))
    classes = text.translate(_ASCII_CLASSES)
    return [text[match.start() : match.end()] for match in _WORD.finditer(classes)]


def _unicode_words(text: str) -> list[str]:
    starts: list[int] = []  # where each character but a combining mark is
    classes: list[str] = []
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if char.isascii():
            classes.append(char.translate(_ASCII_CLASSES))
        elif not ("a" + char).isidentifier():
            classes.append(" ")  # no part of an identifier: ``€``, ``…``
        elif category[0] == "M":  # a mark that stayed apart (Devanagari's vowels)
            classes.append(" ")  # datamodel-code-generator's names keep none either
        else:  # a letter, else a digit, else what only continues one (``·``): " "
            classes.append(_CLASSES.get(category, "x" if char.isidentifier() else " "))
        starts.append(index)
    starts.append(len(text))
    return [
        text[starts[match.start()] : starts[match.end()]]
        for match in _WORD.finditer("".join(classes))
    ]


def identifiers_in(code: str) -> list[str]:
    """The names in a line of generated code, ``"list[Café] | None"`` -> ``["list",
    "Café", "None"]``, and every word of its string literals that could be one."""
    if code.isascii():
        return _ASCII_IDENTIFIER.findall(code)
    classes = "".join(
        "s" if char.isidentifier() else "c" if ("a" + char).isidentifier() else " "
        for char in code
    )
    return [
        code[match.start() : match.end()] for match in _IDENTIFIER.finditer(classes)
    ]


def _as_read(name: str) -> str:
    """A name of non-ASCII words as Python reads it (NFKC: casing may decompose a
    letter, ``ΐ`` upper is ``Ϊ`` and a mark), without marks left apart (see
    ``words``); ``""`` if it holds what no identifier may (never seen)."""
    name = "".join(
        char
        for char in unicodedata.normalize("NFKC", name)
        if unicodedata.category(char)[0] != "M"
    )
    return name if ("a" + name).isidentifier() else ""


def constant_case(name: str) -> str:
    """``add_activity`` -> ``ADD_ACTIVITY``, as Python reads it (``ΐ`` -> ``Ϊ``)."""
    upper = name.upper()
    return upper if upper.isascii() else _as_read(upper) or upper


def pascal_case(text: str) -> str:
    """``"userDataWithId"`` -> ``"UserDataWithId"``; ``"user data"`` -> ``"UserData"``;
    ``"café"`` -> ``"Café"``."""
    result = "".join(word[:1].upper() + word[1:] for word in words(text))
    if not result.isascii():
        result = _as_read(result)
    if result[:1].isdigit():
        result = "N" + result
    return result


@functools.cache  # a spec's few hundred names, asked for thousands of times
def snake_case(text: str) -> str:
    """``"getActivitiesCollection"`` -> ``"get_activities_collection"``;
    ``"naïveDate"`` -> ``"naïve_date"``."""
    result = "_".join(word.lower() for word in words(text))
    if not result.isascii():
        result = _as_read(result)
    return result or "value"


def python_identifier(text: str, taken: Container[str] = frozenset()) -> str:
    """A snake_case identifier for ``text`` that is no keyword and not in ``taken``."""
    name = snake_case(text)
    if name[0].isdigit():
        name = "n_" + name
    return free_name(name, taken)


def free_name(name: str, taken: Container[str] = frozenset()) -> str:
    """``name``, or with ``_`` added: no keyword, and not in ``taken``. How every name
    we choose gives way to another (a model's, an import's, an earlier one's)."""
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
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

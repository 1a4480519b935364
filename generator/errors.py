"""The one error type of the generator: it knows where in the spec it happened."""

from __future__ import annotations

import re
from typing import Protocol


class Located(Protocol):
    """Anything that says where in the spec it is: an IR ``Location``, a SpecError."""

    @property
    def file(self) -> str: ...

    @property
    def pointer(self) -> str | None: ...

    @property
    def line(self) -> int | None: ...


class SpecError(Exception):
    """A problem with the input, located in a file at a line and a JSON pointer.

    ``str()`` is one line: ``specs/a.yaml:42: #/paths/~1x/get: what is wrong``. An error
    about something that is no document (a folder, a setting) has no pointer (None):
    ``out/pkg: cannot write the package here: File exists``.
    """

    def __init__(
        self, file: str, pointer: str | None, line: int | None, message: str
    ) -> None:
        super().__init__(file, pointer, line, message)
        self.file = file
        self.pointer = pointer
        self.line = line
        self.message = message

    @classmethod
    def at(cls, location: Located, message: str) -> SpecError:
        """The error ``message`` at ``location`` (its file, pointer and line)."""
        return cls(location.file, location.pointer, location.line, message)

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        message = " ".join(self.message.split())
        if self.pointer is None:
            return printable(f"{place}: {message}")
        return printable(f"{place}: {self.pointer or '#'}: {message}")


def printable(text: str) -> str:
    """``text`` with each character that is not printable written as its Python
    escape: a terminal escape as ``\\x1b``, a bidi control as ``\\u202e``, a line
    break as ``\\x0a``. Spec text goes through it wherever it is shown."""
    return _NOT_ASCII_TEXT.sub(_printable, text)


def escape_character(char: str) -> str:
    """``\\x1b``, ``\\u202e``, ``\\U000e0001``: the escape Python reads as ``char``."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


_NOT_ASCII_TEXT = re.compile(r"[^ -~]")  # then looked at one by one


def _printable(match: re.Match[str]) -> str:
    char = match.group()
    return char if char.isprintable() else escape_character(char)


def escape_pointer_token(token: object) -> str:
    """One JSON pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    """The key a JSON pointer reference token stands for (RFC 6901)."""
    return token.replace("~1", "/").replace("~0", "~")


def join_pointer(pointer: str, *tokens: object) -> str:
    """``join_pointer("#/paths", "/a")`` gives ``#/paths/~1a``."""
    for token in tokens:  # (a loop, not a join: called for most nodes of a spec)
        text = str(token)
        if "~" in text or "/" in text:
            text = escape_pointer_token(text)
        pointer = f"{pointer}/{text}"
    return pointer

"""The one error type of the generator: it knows where in the spec it happened."""

from __future__ import annotations


class SpecError(Exception):
    """A problem with the input, located in a file at a line and a JSON pointer.

    ``str()`` is one line: ``specs/a.yaml:42: #/paths/~1x/get: what is wrong``.
    """

    def __init__(self, file: str, pointer: str, line: int | None, message: str) -> None:
        super().__init__(file, pointer, line, message)
        self.file = file
        self.pointer = pointer
        self.line = line
        self.message = message

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        message = " ".join(self.message.split())
        return f"{place}: {self.pointer or '#'}: {message}"


def escape_pointer_token(token: object) -> str:
    """One JSON pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    """The key a JSON pointer reference token stands for (RFC 6901)."""
    return token.replace("~1", "/").replace("~0", "~")


def join_pointer(pointer: str, *tokens: object) -> str:
    """``join_pointer("#/paths", "/a")`` gives ``#/paths/~1a``."""
    return pointer + "".join("/" + escape_pointer_token(token) for token in tokens)

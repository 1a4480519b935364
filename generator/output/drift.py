"""The drift check's findings: what on disk differs from what would be generated, and
how it is said (text for a person, JSON for a tool).

Everything printed passes through ``printable``: a file's name or a line of it cannot
move the cursor, recolour the terminal or reorder text (control and bidi characters
are escaped). Diffs are capped, so a tree that drifted wholesale stays readable, and
what was cut is counted.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from .write import Entry

FILE_LINES = 200  # diff lines shown for one file
ALL_LINES = 2000  # diff lines shown in all
STATES = (
    "differs",
    "missing",
    "unexpected",
    "symlink",
    "not a regular file",
    "too large to read",
)


@dataclass(frozen=True)
class Difference:
    path: str  # relative to the package
    state: str  # one of STATES


def compare(expected: Mapping[str, str], tree: Mapping[str, Entry]) -> list[Difference]:
    """Every path where the tree on disk is not what would be generated."""
    found = []
    for path in sorted(set(expected) | set(tree)):
        entry = tree.get(path)
        if entry is None:
            found.append(Difference(path, "missing"))
        elif entry.kind == "symlink":  # never followed, its target never read
            found.append(Difference(path, "symlink"))
        elif entry.kind == "large":  # never read: no module we write is that large
            found.append(Difference(path, "too large to read"))
        elif entry.kind != "file":
            found.append(Difference(path, "not a regular file"))
        elif path not in expected:
            found.append(Difference(path, "unexpected"))
        elif entry.data != expected[path].encode("utf-8"):
            found.append(Difference(path, "differs"))
    return found


@dataclass(frozen=True)
class Report:
    """The findings about one package, ready to print."""

    package: str  # as the user named it, e.g. generated/pipedrive_client
    differences: list[Difference]
    expected: Mapping[str, str]
    tree: Mapping[str, Entry]
    note: str | None = None  # e.g. which formatter made the tree
    missing_package: bool = False

    def counts(self) -> dict[str, int]:
        counts = {state: 0 for state in STATES}
        for difference in self.differences:
            counts[difference.state] += 1
        return counts

    def summary(self) -> str:
        if not self.differences:
            return f"{printable(self.package)} is up to date"
        if self.missing_package:
            return f"{printable(self.package)} is missing; run `pipedrive-codegen generate`"
        counts = ", ".join(
            f"{count} {_files(state, count)}"
            for state, count in self.counts().items()
            if count
        )
        return (
            f"{printable(self.package)} is out of date: {counts}; "
            "run `pipedrive-codegen generate`"
        )

    def place(self, path: str) -> str:
        return printable((PurePosixPath(self.package) / path).as_posix())

    def names(self) -> Iterator[str]:
        """The paths that differ, one a line (``--name-only``)."""
        for difference in self.differences:
            yield self.place(difference.path) + "\n"

    def text(self) -> Iterator[str]:
        """The summary, the paths that differ, then their diffs (capped)."""
        yield self.summary() + "\n"
        if not self.differences or self.missing_package:
            return
        if self.note:
            yield f"  ({self.note})\n"
        for difference in self.differences:
            yield f"  {difference.state}: {self.place(difference.path)}\n"
        shown = cut = 0
        for difference in self.differences:
            if difference.state != "differs":
                continue
            lines = self._diff(difference.path)
            room = max(0, min(FILE_LINES, ALL_LINES - shown))
            yield from lines[:room]
            shown += min(room, len(lines))
            if len(lines) > room:
                cut += len(lines) - room
                if room:
                    yield (
                        f"  ... {len(lines) - room:,} more lines of this file's diff "
                        "not shown\n"
                    )
        if cut:
            yield (
                f"({cut:,} diff lines not shown: at most {FILE_LINES} a file and "
                f"{ALL_LINES:,} in all)\n"
            )

    def json(self) -> str:
        """The findings as one JSON document (``--format json``)."""
        files = []
        shown = cut = 0
        for difference in self.differences:
            item: dict[str, object] = {
                "path": (PurePosixPath(self.package) / difference.path).as_posix(),
                "state": difference.state,
            }
            if difference.state == "differs":
                lines = self._diff(difference.path)
                room = max(0, min(FILE_LINES, ALL_LINES - shown))
                item["diff"] = "".join(lines[:room])
                item["diff_lines_cut"] = max(0, len(lines) - room)
                shown += min(room, len(lines))
                cut += max(0, len(lines) - room)
            files.append(item)
        document = {
            "package": self.package,
            "up_to_date": not self.differences,
            "missing_package": self.missing_package,
            "counts": self.counts(),
            "files": files,
            "diff_lines_cut": cut,
            "note": self.note,
        }
        # ensure_ascii: every control and bidi character is an escape in the text.
        return json.dumps(document, indent=1, ensure_ascii=True) + "\n"

    def _diff(self, path: str) -> list[str]:
        import difflib

        entry = self.tree[path]
        on_disk = _lines(entry.data.decode("utf-8", "replace"))
        generated = _lines(self.expected[path])
        place = self.place(path)
        lines = difflib.unified_diff(
            on_disk, generated, f"{place} (on disk)", f"{place} (generated)"
        )
        return [_line(line) for line in lines]


def _files(state: str, count: int) -> str:
    plural = count != 1
    return {
        "differs": "files differ" if plural else "file differs",
        "missing": "missing",
        "unexpected": "unexpected",
        "symlink": "symlinks" if plural else "symlink",
        "not a regular file": "not regular files" if plural else "not a regular file",
        "too large to read": "too large to read",
    }[state]


def _lines(text: str) -> list[str]:
    """``text`` in lines that end at a newline only (``splitlines`` also ends one at a
    carriage return, a form feed, U+2028...: a line of the file would be two)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _line(line: str) -> str:
    """A diff line, printable, ending in one newline."""
    body = line[:-1] if line.endswith("\n") else line
    ending = "\n" if line.endswith("\n") else "\n\\ No newline at end of file\n"
    return printable(body) + ending


_VISIBLE = frozenset("\t")


def printable(text: str) -> str:
    """``text`` with every character that is not plain text to a terminal (controls,
    bidi and other format characters, line and paragraph separators, lone
    surrogates) written as a Python escape."""
    if text.isprintable():
        return text
    return "".join(
        (
            character
            if character in _VISIBLE
            or unicodedata.category(character) not in ("Cc", "Cf", "Zl", "Zp", "Cs")
            else _escape(character)
        )
        for character in text
    )


def _escape(character: str) -> str:
    code = ord(character)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"

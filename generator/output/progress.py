"""Progress of a long run on stderr: which spec is at which stage.

One status line, redrawn in place (``\\r``), shown only on a terminal and only once a
run has taken a second; ``--quiet`` silences it; ``--progress`` asks for it anywhere
(then, on what is not a terminal, one plain line per change). A plain line needs no
library: nothing to import on the fast path, nothing to draw but a few words.

The stages of a spec run in worker processes (see ``workers``); they report through a
pipe the workers inherit, and the main process draws while it waits for them.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TextIO

DELAY = 1.0  # seconds before anything is shown on a terminal


class Progress:
    """The status of a run: a stage per spec (and one for the package)."""

    def __init__(self, stream: TextIO | None, always: bool = False) -> None:
        self.stream = stream
        self.terminal = stream is not None and stream.isatty()
        self.shown = stream is not None and (self.terminal or always)
        self.start = time.monotonic()
        self.stages: dict[str, str] = {}
        self.drawn = ""
        self.reader: int | None = None
        self.pending = b""

    def expect(self, names: list[str]) -> None:
        """Show these in this order, whichever reports first."""
        for name in names:
            self.stages.setdefault(name, "waiting")

    def report(self, name: str, stage: str) -> None:
        """``name`` (a spec, or "package") is now at ``stage``."""
        if self.shown:
            self.stages[name] = stage
            self.draw()

    @contextmanager
    def across_processes(self) -> Iterator[Report]:
        """A ``Report`` for processes forked meanwhile (through a pipe they inherit);
        ``poll`` takes what they reported."""
        if not self.shown:
            yield Report(None)
            return
        self.reader, writer = os.pipe()
        os.set_blocking(self.reader, False)
        try:
            yield Report(writer)
        finally:
            self.poll()
            os.close(self.reader)
            os.close(writer)
            self.reader = None

    def poll(self) -> None:
        """Take what the workers reported, and draw."""
        if self.reader is not None:
            while True:
                try:
                    chunk = os.read(self.reader, 65536)
                except BlockingIOError:
                    break
                if not chunk:
                    break
                self.pending += chunk
            *lines, self.pending = self.pending.split(b"\n")
            for line in lines:  # each, so that a plain line is written for each
                name, _, stage = line.decode("utf-8", "replace").partition("\t")
                self.stages[name] = stage
                self.draw()
        self.draw()

    def draw(self) -> None:
        if not self.shown or self.stream is None:
            return
        if self.terminal and time.monotonic() - self.start < DELAY:
            return
        line = ", ".join(f"{name}: {stage}" for name, stage in self.stages.items())
        line = "".join(c if c.isprintable() else "?" for c in line)
        if line == self.drawn:
            return
        self.drawn = line
        try:
            if self.terminal:
                width = shutil.get_terminal_size().columns - 1
                self.stream.write("\r" + line[:width] + "\x1b[K")
            else:
                self.stream.write(line + "\n")
            self.stream.flush()
        except (OSError, ValueError):
            self.shown = False  # a closed terminal: carry on without

    def note(self, text: str) -> None:
        """Write ``text`` (a warning) as a line of its own, above the status line; a
        run with ``--quiet`` (no stream) writes nothing."""
        if self.stream is None:
            return
        clear = "\r\x1b[K" if self.shown and self.terminal and self.drawn else ""
        self.drawn = ""  # drawn again, below it
        try:
            self.stream.write(f"{clear}{text}\n")
            self.stream.flush()
        except (OSError, ValueError):
            pass
        self.draw()

    def close(self) -> None:
        """Clear the line, so what is printed next starts at the left."""
        if self.shown and self.terminal and self.drawn and self.stream is not None:
            try:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
            except (OSError, ValueError):
                pass
        self.shown = False


@dataclass(frozen=True)
class Report:
    """Reports a stage from a worker process to the main one's ``Progress``."""

    fd: int | None  # the pipe's end the workers inherit; None: nobody listens

    def __call__(self, name: str, stage: str) -> None:
        if self.fd is None:
            return
        line = f"{name}\t{stage}\n".encode("utf-8", "replace")[:512]
        try:
            os.write(self.fd, line)  # a line this short is written whole
        except OSError:
            pass


QUIET = Progress(None)

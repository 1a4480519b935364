"""Progress of a long run on stderr: which spec is at which stage.

On a terminal, once a run has taken a second, a tqdm status line (redrawn in place,
with the time elapsed): each spec's stage, and how many of the run's stages are done.
tqdm is imported then and only then: a quiet run, a piped one, or one done within the
second never loads it. ``--quiet`` silences it; ``--progress`` asks for it anywhere
(then, on what is not a terminal, one plain line per change: a log, not a drawing).

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
from typing import TYPE_CHECKING, Never, TextIO

if TYPE_CHECKING:
    from tqdm import tqdm

DELAY = 1.0  # seconds before anything is shown on a terminal
STAGES = ("loading", "checking", "building", "rendering", "formatting")  # of a spec


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
        self.bar: tqdm[Never] | None = None  # on a terminal, once shown
        self.seen: set[tuple[str, str]] = set()  # (spec, stage) begun
        self.total = 1

    def expect(self, names: list[str]) -> None:
        """Show these in this order, whichever reports first."""
        for name in names:
            self.stages.setdefault(name, "waiting")
        self.total = len(STAGES) * len(names) + 1  # and the package's "writing"

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
        self.seen.update(i for i in self.stages.items() if i[1] != "waiting")
        if self.terminal and time.monotonic() - self.start < DELAY:
            return
        line = ", ".join(f"{name}: {stage}" for name, stage in self.stages.items())
        line = "".join(c if c.isprintable() else "?" for c in line)
        if line == self.drawn:
            return
        self.drawn = line
        try:
            if self.terminal:
                self._bar(line)
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

    def _bar(self, line: str) -> None:
        """Redraw the terminal's status line: each spec's stage, how many of the run's
        stages have begun, the time."""
        bar = self.bar
        if bar is None:
            from tqdm import tqdm  # only now: nothing else ever needs it

            bar = self.bar = tqdm(
                file=self.stream,
                total=self.total,
                bar_format="{desc}  [stage {n_fmt}/{total_fmt}, {elapsed}]",
                leave=False,
            )
            # the run's time, not the bar's
            bar.start_t -= time.monotonic() - self.start
        # shutil's size, not tqdm's own: it honours $COLUMNS and $LINES and falls back
        # to 80x24 where a terminal reports none (tqdm would then draw nothing)
        size = shutil.get_terminal_size()
        bar.ncols, bar.nrows = size.columns - 1, size.lines
        bar.total = max(self.total, len(self.seen))
        bar.n = len(self.seen)
        bar.set_description_str(line, refresh=True)

    def close(self) -> None:
        """Clear the line, so what is printed next starts at the left."""
        if self.bar is not None:
            try:
                self.bar.close()
            except (OSError, ValueError):
                pass
            self.bar = None
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

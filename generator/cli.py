"""``pipedrive-codegen``: generate a typed Pipedrive client from OpenAPI specs."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, cast

from .errors import SpecError
from .options import TOKEN_VARIABLE, build_parser
from .target import Target, target_from

if TYPE_CHECKING:
    from .output.cache import Cache
    from .output.progress import Progress
    from .pipeline import Rendered

BROKEN_PIPE = 128 + 13  # what a shell reports for a process a closed pipe ended


def run() -> NoReturn:
    """The command (``pipedrive-codegen``, ``python -m pipedrive_codegen``): ``main``,
    then the process ends at once, its output flushed, as mypy's does. The interpreter's
    teardown would free one by one all that the run made (the system takes the memory
    back whole), and after a spec's error it would first wait for the thread that
    imports the rendering stage meanwhile (a quarter of a second and more)."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader is gone (``main`` saw to its own writes)
        code = code or BROKEN_PIPE
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    stdout = sys.stdout
    sys.stdout = cast(TextIO, _Output(stdout))
    try:
        return _main(argv)
    except OutputLost as lost:  # a full disk, a device error
        # Not a verdict (1): the verdict was not delivered. What is still buffered
        # would fail again at exit: it goes nowhere.
        _send_nowhere(stdout)
        print(f"standard output: {lost.reason}", file=sys.stderr)
        return 2
    finally:
        sys.stdout = stdout


class OutputLost(Exception):
    """Standard output cannot be written (a closed pipe aside)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.reason = error.strerror or str(error)


class _Output:
    """``stream``, whose failures to write are ``OutputLost``: told apart from any
    other ``OSError``, which is a bug of ours."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        with _lost_as_output_lost():
            return self.stream.write(text)

    def flush(self) -> None:
        with _lost_as_output_lost():
            self.stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def _lost_as_output_lost() -> Iterator[None]:
    """An ``OSError`` of the stream (a closed pipe aside) as ``OutputLost``."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputLost(error) from None


def _send_nowhere(stream: TextIO) -> None:
    """What ``stream`` still holds, and will be given, goes to the null device."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError, AttributeError):  # no file under it (a test's)
        pass


def _main(argv: Sequence[str] | None) -> int:
    started = time.monotonic()
    parser, commands = build_parser()
    arguments, extra = parser.parse_known_args(argv)
    command = commands[arguments.command]
    if extra:  # in the subcommand's words, with its usage
        command.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        if arguments.command == "diff":
            code = diff(arguments)
        elif arguments.command == "record":
            code = record(arguments)
        else:
            run = generate if arguments.command == "generate" else check
            code = run(target_from(arguments, command), arguments, started)
        sys.stdout.flush()  # here, so that a closed pipe is caught here
        return code
    except SpecError as error:
        return _refused(error)
    except BrokenPipeError:  # `check | head -1`: the reader has all it wanted
        # Whatever is still buffered would fail again at exit: send it nowhere.
        _send_nowhere(sys.stdout)
        return BROKEN_PIPE
    except Exception as error:
        # A template of --templates that is missing, broken or fails as it renders is
        # bad input too, said where; anything else is this tool's bug: its traceback.
        located = _template_error(error)
        if located is None:
            raise
        return _refused(located)


def _refused(error: Exception) -> int:
    """Bad input: its one line on stderr, exit status 2."""
    from .output.drift import printable

    print(printable(str(error)), file=sys.stderr)
    return 2


def _template_error(error: BaseException) -> SpecError | None:
    """``error`` located in the template that caused it, if one did."""
    if "jinja2" not in sys.modules:  # nothing was rendered
        return None
    from .render.templates import template_error

    return template_error(error)


@contextmanager
def _cache() -> Iterator[Cache]:
    """The environment's cache, pruned (once a day) after a run that went well."""
    from .output.cache import default_cache

    cache = default_cache()
    yield cache
    cache.prune_daily()


def _progress(arguments: argparse.Namespace) -> Progress:
    from .output.progress import QUIET, Progress

    if arguments.quiet:
        return QUIET
    return Progress(sys.stderr, always=arguments.progress)


def generate(target: Target, arguments: argparse.Namespace, started: float) -> int:
    from .output.manifest import freshness_key, record_fresh, tool_inputs
    from .output.write import Written, refuse_foreign, write_tree

    if not arguments.force:  # before the work, not only after it
        refuse_foreign(target.out / target.package)
    progress = _progress(arguments)
    try:
        with _cache() as cache:
            tools = tool_inputs(target.templates, target.formatter)
            key = freshness_key(target, tools)
            # A tree that is what these inputs make (the record check trusts) is left
            # as it is, unrendered: what a run would write is what it holds. A first
            # run (no record) reads no tree.
            summary = None
            if not arguments.force and cache.has("fresh", key):
                tree, missing = _tree_on_disk(target.out / target.package)
                summary = None if missing else _recorded(target, cache, key, tree)
            if summary is not None:
                for warning in summary["warnings"]:
                    progress.note(warning)
                written = Written(target.out / target.package, 0, len(tree), 0)
            else:
                from .pipeline import render_target

                rendered = render_target(target, cache, progress, tools)
                summary = _summary(rendered)
                for warning in rendered.warnings:
                    progress.note(str(warning))
                progress.report(target.package, "writing")
                written = write_tree(
                    target.out, target.package, rendered.files, arguments.force
                )
                record_fresh(cache, key, rendered.inputs, rendered.outputs, summary)
    finally:
        progress.close()
    if not arguments.quiet:
        seconds = time.monotonic() - started
        print(
            f"{_shown(written.path)}: {_count(summary['specs'], 'spec')}, "
            f"{_count(summary['operations'], 'operation')}, "
            f"{_count(summary['models'], 'model')}; "
            f"{_count(written.written, 'file')} written, {written.unchanged} unchanged, "
            f"{written.removed} removed in {seconds:.1f} s"
        )
    return 0


def _summary(rendered: Rendered) -> dict[str, Any]:
    """What a run's closing line and warnings say, kept with the cache's record of the
    tree it made, so that a run that finds the tree as it was says the same."""
    return {
        "specs": len(rendered.apis),
        "operations": sum(len(api.operations) for api in rendered.apis),
        "models": sum(len(api.models) for api in rendered.apis),
        "warnings": [str(warning) for warning in rendered.warnings],
    }


def _recorded(
    target: Target, cache: Cache, key: str, tree: dict[str, Any]
) -> dict[str, Any] | None:
    """The summary of the run that made ``tree`` (the package as ``_tree_on_disk``
    found it), if the cache's record says these inputs make exactly that tree."""
    from .output.manifest import fresh_summary

    if not tree or any(entry.kind != "file" for entry in tree.values()):
        return None
    files = {path: entry.data for path, entry in tree.items()}
    return fresh_summary(cache, key, dict(target.specs), files)


def check(target: Target, arguments: argparse.Namespace, started: float) -> int:
    """Exit 0 when the package on disk is what spec + templates + generator give now.

    Nothing in the tree is trusted: an unchanged tree is confirmed fast only from the
    cache's record of what these inputs make (``manifest.fresh_summary``), else it is
    rendered and compared byte for byte; a file the generator did not write, a
    symlink (never followed) or anything else is drift.
    """
    from .output.drift import Report, compare
    from .output.manifest import MANIFEST, freshness_key, record_fresh
    from .output.manifest import recorded_formatter, tool_inputs

    package_dir = target.out / target.package
    tree, missing = _tree_on_disk(package_dir)
    tools = tool_inputs(target.templates, target.formatter)
    key = freshness_key(target, tools)
    with _cache() as cache:
        if _recorded(target, cache, key, tree) is None:
            from .pipeline import render_target

            progress = _progress(arguments)
            try:
                rendered = render_target(target, cache, progress, tools)
            finally:
                progress.close()
            differences = compare(rendered.files, tree)
            if not differences:
                summary = _summary(rendered)
                record_fresh(cache, key, rendered.inputs, rendered.outputs, summary)
        else:
            differences = []
            rendered = None
    manifest = tree[MANIFEST].data if MANIFEST in tree else b""  # b"": none read
    made_with = recorded_formatter(manifest.decode("utf-8", "replace"))
    note = None
    if differences and made_with not in (None, target.formatter):
        note = (
            f"it was made with {made_with}, this check formats with "
            f"{target.formatter}: name one formatter in [tool.pipedrive-codegen]"
        )
    report = Report(
        _shown(package_dir),
        differences,
        rendered.files if rendered is not None else {},
        tree,
        note,
        missing,
    )
    if arguments.output_format == "json":
        _write([report.json()])
    elif arguments.name_only:
        _write(report.names())
    elif not arguments.quiet:
        _write(report.text())
    return 1 if differences else 0


def _tree_on_disk(package_dir: Path) -> tuple[dict[str, Any], bool]:
    """The package as it is on disk (see ``write.scan_tree``), and whether it is
    missing. A package that is a symlink or no folder is one entry, "" (its target
    never read)."""
    import stat

    from .output.write import Entry, scan_tree, without_litter

    try:
        status = package_dir.lstat()
    except (FileNotFoundError, NotADirectoryError):  # (generate's write says why)
        return {}, True
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise SpecError(str(package_dir), None, None, f"cannot read it: {reason}")
    if stat.S_ISLNK(status.st_mode):
        return {"": Entry("symlink")}, False
    if not stat.S_ISDIR(status.st_mode):
        return {"": Entry("other")}, False
    try:
        tree = scan_tree(package_dir)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise SpecError(str(package_dir), None, None, f"cannot read it: {reason}")
    return without_litter(package_dir, tree), False


def _write(lines: Iterable[str]) -> None:
    for line in lines:
        sys.stdout.write(line)


def _shown(path: Path) -> str:
    return path.as_posix()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def diff(arguments: argparse.Namespace) -> int:
    from .diff.command import diff_command

    with _cache() as cache:
        return diff_command(
            arguments.old,
            arguments.new,
            output_format=arguments.output_format,
            fail_on_breaking=arguments.fail_on_breaking,
            stdout=sys.stdout,
            cache=cache,
        )


def record(arguments: argparse.Namespace) -> int:
    from .record.command import RecordingError, record_command

    try:
        return record_command(
            arguments.scenario or None,
            api_token=os.environ.get(TOKEN_VARIABLE),
            out_dir=Path(arguments.out),
            deny=arguments.deny or [],
            stdout=sys.stdout,
            base_url=arguments.base_url,
        )
    except RecordingError as error:  # a recording refused: bad input, said where
        return _refused(error)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

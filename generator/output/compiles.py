"""Generated code compiles, or the run fails at the module and line where it does not
(our bug, but say where): nothing that does not compile is cached or written."""

from __future__ import annotations

import warnings
from concurrent.futures import Executor

from ..errors import SpecError


def check_parses(path: str, text: str) -> None:
    """Raise ``SpecError`` unless ``text`` is Python that compiles."""
    problem = _unparsed(path, text)
    if problem is not None:
        raise problem


def _unparsed(path: str, text: str) -> SpecError | None:
    """Why ``text`` is no Python that compiles, or None. Compiled, not ``ast.parse``d:
    the compiler makes no Python objects of the tree, which takes a third longer, and
    finds what the parser finds and more; its warnings are for whoever imports it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:  # ValueError: a NUL byte
        line = getattr(error, "lineno", None)
        reason = getattr(error, "msg", None) or str(error)
        return SpecError(path, None, line, f"generated code does not parse: {reason}")
    return None


def first_unparsed(modules: list[tuple[str, str]]) -> SpecError | None:
    """The error of the first of ``modules`` (path, text) that does not compile."""
    for path, text in modules:
        problem = _unparsed(path, text)
        if problem is not None:
            return problem
    return None


def check_all_parse(modules: dict[str, str], executor: Executor | None) -> None:
    """Raise the error of the first module (in the order given) that does not compile;
    on ``executor``'s workers, the modules in one run of about equal size each."""
    items = list(modules.items())
    if executor is None or len(items) < 2:
        problem = first_unparsed(items)
    else:
        total = sum(len(text) for _, text in items)
        runs: list[list[tuple[str, str]]] = [[]]
        size = 0
        for item in items:
            if size >= total / 2 and len(runs) < 2:
                runs.append([])
            runs[-1].append(item)
            size += len(item[1])
        found = [executor.submit(first_unparsed, run) for run in runs]
        problem = next((p for p in (f.result() for f in found) if p is not None), None)
    if problem is not None:
        raise problem

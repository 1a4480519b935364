"""A spec's client and validators are rendered while its models are generated on the
workers, not after: the main process's share of the rendering is off the path that
waits for datamodel-code-generator. Nothing changes in what is rendered."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any

import pytest

from conftest import ROOT

import pipedrive_codegen.render.models as models
import pipedrive_codegen.render.package as package
from pipedrive_codegen.ir.build import build_ir
from pipedrive_codegen.spec.load import load_spec
from pipedrive_codegen.spec.resolve import resolve_refs
from pipedrive_codegen.target import DEFAULT_TEMPLATES


class HeldWorkers(Executor):
    """Workers that start no job until released; then each job runs at once, in the
    thread that releases or submits it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.released = False
        self.held: list[tuple[Future[Any], Callable[..., Any], tuple[Any, ...]]] = []
        self.submitted = 0

    def submit(
        self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> Future[Any]:
        future: Future[Any] = Future()
        with self.lock:
            self.submitted += 1
            if not self.released:
                self.held.append((future, fn, args))
                return future
        future.set_result(fn(*args))
        return future

    def release(self) -> None:
        with self.lock:
            self.released = True
        for future, fn, args in self.held:
            future.set_result(fn(*args))


def test_the_rest_of_a_spec_renders_while_its_models_are_generated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    api = build_ir(resolve_refs(load_spec(ROOT / "specs" / "activities-v1.yaml")), "v1")
    rendered: list[str] = []
    everything_else = threading.Event()

    def noted(name: str, render: package.FileRenderer) -> package.FileRenderer:
        def render_noted(*args: Any) -> str:
            text = render(*args)
            rendered.append(name)
            if len(rendered) == len(package.API_FILES):
                everything_else.set()
            return text

        return render_noted

    files = [(name, noted(name, render)) for name, render in package.API_FILES]
    monkeypatch.setattr(package, "API_FILES", tuple(files))
    workers = HeldWorkers()
    result: dict[str, dict[str, str]] = {}
    rendering = threading.Thread(
        target=lambda: result.update(
            files=package.render_api(api, DEFAULT_TEMPLATES, executor=workers)
        )
    )
    rendering.start()
    try:
        # (if the models were waited for first, this would wait in vain)
        assert everything_else.wait(timeout=60), rendered
    finally:
        workers.release()
        rendering.join()
    assert workers.submitted  # the models went to the workers
    assert result["files"] == package.render_api(api, DEFAULT_TEMPLATES)


def test_the_rest_of_a_spec_is_handed_to_the_formatter_before_its_models() -> None:
    api = build_ir(resolve_refs(load_spec(ROOT / "specs" / "activities-v1.yaml")), "v1")
    handed: list[dict[str, str]] = []
    first = threading.Event()

    def ready(files: dict[str, str]) -> None:
        handed.append(files)
        first.set()

    workers = HeldWorkers()
    result: dict[str, dict[str, str]] = {}
    rendering = threading.Thread(
        target=lambda: result.update(
            files=package.render_api(
                api, DEFAULT_TEMPLATES, executor=workers, ready=ready
            )
        )
    )
    rendering.start()
    try:
        # the client and validators, while the models are still held on the workers
        assert first.wait(timeout=60)
        assert sorted(handed[0]) == [
            "v1/__init__.py",
            "v1/client.py",
            "v1/validators.py",
        ]
    finally:
        workers.release()
        rendering.join()
    assert len(handed) == 2 and "v1/models.py" in handed[1]
    assert {**handed[0], **handed[1]} == result["files"]
    assert result["files"] == package.render_api(api, DEFAULT_TEMPLATES)


def test_the_models_go_to_the_workers_first_and_the_largest_batch_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spec = ROOT / "specs" / "pipedrive" / "openapi-v1.yaml"
    api = build_ir(resolve_refs(load_spec(spec)), "v1")
    workers = HeldWorkers()
    submitted_before: list[int] = []  # jobs on the workers when each file was rendered
    batch_made: list[int] = []  # jobs on the workers when each batch's input was made

    def noted(render: package.FileRenderer) -> package.FileRenderer:
        def render_noted(*args: Any) -> str:
            submitted_before.append(workers.submitted)
            return render(*args)

        return render_noted

    def document_noted(*args: Any) -> dict[str, Any]:
        batch_made.append(workers.submitted)
        return document(*args)

    files = [(name, noted(render)) for name, render in package.API_FILES]
    monkeypatch.setattr(package, "API_FILES", tuple(files))
    document = models._document
    monkeypatch.setattr(models, "_document", document_noted)
    rendering = threading.Thread(
        target=lambda: package.render_api(api, DEFAULT_TEMPLATES, executor=workers)
    )
    rendering.start()
    try:
        for _ in range(600):  # every file rendered, while the models are held
            if len(submitted_before) == len(files):
                break
            threading.Event().wait(0.1)
    finally:
        workers.release()
        rendering.join()
    assert len(submitted_before) == len(files) and min(submitted_before) >= 1
    # The first batch was on the workers before the last was made ready for them.
    assert batch_made[-1] >= 1 and len(batch_made) == len(workers.held)
    # What datamodel-code-generator reads of each batch, in the order submitted: the
    # largest first, and none much larger than one before it (the order is by their
    # fields, which the length follows).
    sizes = [len(json.dumps(args[:2])) for _, _, args in workers.held]
    assert len(sizes) > 2 and sizes[0] == max(sizes)
    assert all(size * 1.5 >= max(sizes[at:]) for at, size in enumerate(sizes))

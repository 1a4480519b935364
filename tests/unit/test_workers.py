"""The workers a run uses: models are handed to them a few at a time, so a job handed
over directly (the compile check of a spec's client) runs before the models still to
come; and a run leaves the garbage collector as it found it."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import ROOT

from pipedrive_codegen.output.cache import NO_CACHE
from pipedrive_codegen.output.progress import QUIET
from pipedrive_codegen.output.workers import Paced, collector_paused, cores, workers
import pipedrive_codegen.pipeline as pipeline
from pipedrive_codegen.pipeline import render_target
from pipedrive_codegen.target import Target

SPEC = ROOT / "specs" / "activities-v2.yaml"
V1 = ROOT / "specs" / "pipedrive" / "openapi-v1.yaml"


def test_a_job_handed_over_directly_runs_before_the_paced_jobs_still_to_come() -> None:
    started = threading.Event()
    release = threading.Event()
    order: list[str] = []

    def first() -> None:  # holds the only worker until released
        started.set()
        release.wait(10)

    with ThreadPoolExecutor(max_workers=1) as executor:
        paced = Paced(executor)
        paced.submit(first)
        started.wait(10)
        models = [f"model {number}" for number in range(cores() + 4)]
        submitting = threading.Thread(
            target=lambda: [paced.submit(order.append, name) for name in models]
        )
        submitting.start()
        submitting.join(0.2)
        assert submitting.is_alive()  # waiting for a slot: the rest are not queued
        executor.submit(order.append, "compile")  # straight to the worker
        release.set()
        submitting.join(10)
    # The paced jobs queued before it (as many as there are slots but the first's)
    # ran before it; every later one after it.
    assert order.index("compile") == cores()
    assert sorted(order) == sorted([*models, "compile"])


def test_a_run_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    before = gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()
    render_target(Target(specs=(("v2", SPEC),), out=tmp_path, package="p"))
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before
    with workers() as executor:
        if executor is not None:  # frozen while the workers live
            assert gc.get_freeze_count() > 0
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before


def test_the_process_that_forks_the_workers_leaves_loading_specs_to_them() -> None:
    # What only a worker that builds a spec needs (the YAML reader, the checks, the IR
    # builder) is not imported before the workers are forked: meanwhile this process
    # imports what it renders with, which needs none of it either.
    probe = (
        "import sys, pipedrive_codegen.cli, pipedrive_codegen.pipeline\n"
        "import pipedrive_codegen.render.package, pipedrive_codegen.output.format\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    loaded = set(done.stdout.split())
    assert {"pipedrive_codegen.pipeline", "pipedrive_codegen.render.package"} <= loaded
    assert not loaded & {
        "yaml",
        "pipedrive_codegen.spec.load",
        "pipedrive_codegen.spec.check",
        "pipedrive_codegen.ir.build",
    }


def test_the_command_imports_no_more_than_it_needs_before_the_workers_fork() -> None:
    # Until the spec workers are forked the other core idles: the command and the
    # pipeline import neither the IR (the workers build it; the rendering imports it
    # meanwhile) nor the recorder (only ``record`` uses it).
    probe = (
        "import sys, pipedrive_codegen.cli, pipedrive_codegen.pipeline\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    loaded = set(done.stdout.split())
    assert "pipedrive_codegen.pipeline" in loaded
    assert not loaded & {
        "pipedrive_codegen.ir.model",
        "pipedrive_codegen.ir.access",
        "pipedrive_codegen.record.cassettes",
    }


@pytest.mark.skipif(cores() < 2, reason="one core: the specs are built in this process")
def test_no_collection_runs_here_while_the_specs_built_on_workers_come_in(
    tmp_path: Path,
) -> None:
    target = Target(specs=(("v1", V1), ("v2", SPEC)), out=tmp_path, package="p")
    before = sum(generation["collections"] for generation in gc.get_stats())
    built, _ = pipeline._build_specs(target, NO_CACHE, QUIET, _unreported)
    after = sum(generation["collections"] for generation in gc.get_stats())
    assert len(built[0].api.operations) > 200  # a large IR came in, unpickled here
    # None meanwhile; at most the one that runs when the collector is back (dozens
    # while a large IR is unpickled, with it on).
    assert after - before <= 1


def _unreported(spec: str, stage: str) -> None:
    pass


def test_what_a_pause_made_is_frozen_when_the_collector_is_back() -> None:
    frozen = gc.get_freeze_count()
    try:
        with collector_paused():
            assert not gc.isenabled()
            kept = [[index] for index in range(50_000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + len(kept)
    finally:
        gc.unfreeze()


WARM_PROBE = """
import contextlib, hashlib, json, sys
from pathlib import Path
import pipedrive_codegen.pipeline as pipeline
from pipedrive_codegen.output.cache import Cache
from pipedrive_codegen.target import Target
cache, spec, out, small = sys.argv[1:]
pipeline.SMALL_WARM = int(small)
forked = []
workers = pipeline.workers
@contextlib.contextmanager
def noted(at_most=None):
    with workers(at_most) as executor:
        forked.append(executor is not None)
        yield executor
pipeline.workers = noted
target = Target(specs=(("v2", Path(spec)),), out=Path(out), package="p")
files = pipeline.render_target(target, Cache(Path(cache))).files
digest = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()
print("datamodel_code_generator" in sys.modules, any(forked), digest)
"""


@pytest.mark.skipif(cores() < 2, reason="one core: no workers, nothing imported ahead")
def test_a_run_whose_specs_were_parsed_before_leaves_the_models_to_the_cache(
    tmp_path: Path,
) -> None:
    # The process that forks the workers imports datamodel-code-generator ahead of
    # the models (half a second) only where they are likely new: not where every spec
    # was parsed before; and such a run of small specs (under SMALL_WARM bytes) forks
    # no workers. Where the guess is wrong (the models are no longer in the cache), a
    # process that meets a model imports it itself, and the files are the same.
    cache = tmp_path / "cache"

    def run(small: int) -> tuple[bool, bool, str]:
        done = subprocess.run(
            [sys.executable, "-c", WARM_PROBE, str(cache), str(SPEC), str(tmp_path)]
            + [str(small)],
            capture_output=True,
            text=True,
            check=True,
        )
        imported, forked, digest = done.stdout.split()
        return imported == "True", forked == "True", digest

    small = SPEC.stat().st_size + 1  # the spec is small
    imported, forked, files = run(small)
    assert (imported, forked) == (True, True)  # cold: the workers, the models ahead
    assert run(small) == (False, False, files)  # warm, small: one process, no models
    assert run(0) == (False, True, files)  # warm, not small: the workers, no models

    def forget_the_models() -> None:
        for entry in (cache / "models").rglob("*"):
            if entry.is_file():
                entry.unlink()

    forget_the_models()
    assert run(0) == (False, True, files)  # the workers generate them
    forget_the_models()
    assert run(small) == (True, False, files)  # this process generates them


def test_without_a_cache_no_spec_is_read_to_guess_whether_it_is_warm(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import pipedrive_codegen.spec.files as files
    from pipedrive_codegen.output.cache import Cache

    read: list[Path] = []
    reader = files.read_regular_file
    monkeypatch.setattr(
        files, "read_regular_file", lambda p: read.append(p) or reader(p)
    )
    assert files.warm_size([SPEC], NO_CACHE) is None
    assert read == []
    assert files.warm_size([SPEC], Cache(tmp_path)) is None  # asked, not there
    assert read == [SPEC]

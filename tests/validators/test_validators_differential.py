"""Differential test: the generated validators and openapi-core agree on every body.

For every request and response body of the default specs (and of ``specs/features.yaml``,
which uses what they don't), Hypothesis draws valid bodies and bodies broken once (wrong
types, nulls, bad enum values, bad formats, missing required and extra properties,
crossed bounds); the validators are generated afresh from the specs by the generator's
own stages, so a bug planted in the generator shows here. Derandomized: the same cases
on every run. The number of cases is printed at the end of the session.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import SUMMARY
from validators_strategies import broken, valid
from validators_support import (
    CASES,
    DEFAULT_SPECS,
    FEATURES_SPEC,
    BodyCase,
    Oracle,
    body_cases,
    generated_issues,
    import_source,
    render_validators_source,
)

SPECS = {**DEFAULT_SPECS, "features": FEATURES_SPEC}
BODIES = [case for name, path in SPECS.items() for case in body_cases(name, path)]
EXAMPLES = 40  # per body; each checks one valid body and MUTANTS broken copies of it
MUTANTS = 8
MINIMUM_CASES = 5_000  # across the default specs


@pytest.fixture(scope="module")
def validators(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModuleType]:
    directory = tmp_path_factory.mktemp("fresh_validators")
    return {
        name: import_source(
            render_validators_source(path, name), f"fresh_{name}_validators", directory
        )
        for name, path in SPECS.items()
    }


@pytest.fixture(scope="module")
def oracles() -> dict[str, Oracle]:
    return {name: Oracle(path) for name, path in SPECS.items()}


@pytest.fixture(scope="module", autouse=True)
def report_cases(request: pytest.FixtureRequest) -> None:
    """Report how many cases ran in the run's summary."""
    request.config.stash[SUMMARY].append(_describe_cases)


def _describe_cases() -> str | None:
    if not CASES:
        return None
    default = sum(
        counts["cases"]
        for label, counts in CASES.items()
        if not label.startswith("features")
    )
    total = sum(counts["cases"] for counts in CASES.values())
    invalid = sum(counts["invalid"] for counts in CASES.values())
    return (
        f"validators differential: {total} cases over {len(CASES)} bodies checked against "
        f"openapi-core, {default} of them on the default specs ({invalid} invalid, "
        f"{total - invalid} valid)"
    )


def test_the_default_specs_give_enough_cases() -> None:
    default_bodies = [case for case in BODIES if case.spec != "features"]
    assert len(default_bodies) * EXAMPLES * (1 + MUTANTS) >= MINIMUM_CASES


@pytest.mark.parametrize("case", BODIES, ids=lambda case: case.label)
def test_generated_validator_agrees_with_openapi_core(
    case: BodyCase, validators: dict[str, ModuleType], oracles: dict[str, Oracle]
) -> None:
    module, oracle = validators[case.spec], oracles[case.spec]
    counts = CASES.setdefault(case.label, {"cases": 0, "invalid": 0})

    def verdicts(body: Any) -> tuple[list[Any], list[str]]:
        decoded = json.loads(json.dumps(body))  # exactly what openapi-core parses
        ours, theirs = generated_issues(module, case, decoded), oracle.errors(
            case, body
        )
        counts["cases"] += 1
        counts["invalid"] += bool(theirs)
        # A walk that stops at its first issue finds the first of them all.
        assert generated_issues(module, case, decoded, first=True) == ours[:1]
        assert bool(ours) == bool(theirs), (
            f"{case.label} disagrees on {json.dumps(body)[:1500]}\n"
            f"  generated: {[str(issue) for issue in ours] or 'valid'}\n"
            f"  openapi-core: {theirs or 'valid'}"
        )
        return ours, theirs

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=(Phase.explicit, Phase.generate),  # no shrinking: the message pinpoints
    )
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        body = data.draw(valid(case.schema), label="valid body")
        ours, theirs = verdicts(body)
        assert not theirs, f"the strategy drew an invalid 'valid' body: {theirs}"
        for _ in range(MUTANTS):
            verdicts(broken(data, case.schema, body))

    check()
    assert counts["cases"] >= EXAMPLES * (1 + MUTANTS) * 0.9, counts


def test_every_body_of_the_default_specs_is_covered() -> None:
    labels = {case.label for case in BODIES}
    assert "v1-addActivity-response 201" in labels
    assert "v1-addActivity-request" in labels
    assert "v2-getActivities-response 200" in labels
    assert len([case for case in BODIES if case.spec == "v1"]) == 10
    assert len([case for case in BODIES if case.spec == "v2"]) == 7


def test_fresh_validators_are_the_committed_ones(
    validators: dict[str, ModuleType],
) -> None:
    committed = Path(__file__).resolve().parents[2] / "generated" / "pipedrive_client"
    for name in DEFAULT_SPECS:
        fresh = Path(validators[name].__file__ or "").read_text(encoding="utf-8")
        assert (committed / name / "validators.py").read_text(
            encoding="utf-8"
        ) == fresh, name

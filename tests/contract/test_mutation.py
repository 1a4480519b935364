"""Mutation checks: a copy of the generated package with one field's type broken, or one
validator rule dropped, turns the contract tests red, and only where it should."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pipedrive_client

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CONTRACT = "tests/contract/test_contract.py::"
FIELD = '''class ActivityItem(ResponseModel):
    id: int | None = None
    """The ID of the activity"""
    subject: str | None = None
'''
# The rule that checks v1 has_pic is an integer (Pipedrive's examples send false).
HAS_PIC_RULE = re.compile(
    r"^( +)found = _not_integer\(item, \(path, \"has_pic\"\), issues\)$", re.M
)


def broken_copy(
    tmp_path: Path, module: str, old: str | re.Pattern[str], new: str
) -> Path:
    """A copy of the package in which ``module`` has ``old`` replaced by ``new``."""
    package = Path(pipedrive_client.__file__).parent
    copy = tmp_path / "broken"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(package, copy / "pipedrive_client", ignore=ignore)
    path = copy / "pipedrive_client" / module
    assert path.is_file(), f"{module} is not in the generated package"
    text = path.read_text(encoding="utf-8")
    if isinstance(old, str):
        assert old in text, f"{module} changed; update the mutation"
        changed = text.replace(old, new)
    else:
        changed, count = old.subn(new, text)
        assert count == 1, f"{module}: {count} matches of {old.pattern}"
    path.write_text(changed, encoding="utf-8")
    return copy


def run_contract_tests(copy: Path, select: str) -> tuple[int, set[str], str]:
    """Run the contract tests ``select`` picks against ``copy``: code, failed, output.
    In one process (``-n0``): which tests fail does not depend on xdist, and its two
    workers would each start and collect again (about half of this test's time)."""
    completed = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", str(HERE / "test_contract.py")),
            *("-q", "-n0", "-p", "no:cacheprovider", "--tb=short", "-k", select),
        ],
        cwd=ROOT,
        env={**os.environ, "PIPEDRIVE_CONTRACT_PACKAGE_DIR": str(copy)},
        capture_output=True,
        text=True,
        check=False,
    )
    failed = set(re.findall(r"^FAILED (\S+)", completed.stdout, re.MULTILINE))
    return completed.returncode, failed, completed.stdout + completed.stderr


def test_a_broken_model_field_turns_the_contract_tests_red(tmp_path: Path) -> None:
    copy = broken_copy(
        tmp_path,
        "v2/models.py",
        FIELD,
        FIELD.replace("subject: str", "subject: int"),
    )
    code, failed, output = run_contract_tests(copy, "replays or parses_with")
    assert code == 1, output[-3000:]
    assert (
        f"{CONTRACT}test_response_parses_with_the_generated_model"
        "[documented/v2-getActivity.200.json#0]" in failed
    )
    assert (
        f"{CONTRACT}test_cassette_replays_through_the_client"
        "[documented/v2-getActivity.200.json-async]" in failed
    )
    # v1 cassettes and v2 ones without an activity (delete, errors) stay green.
    assert not [test for test in failed if "v1-" in test or "deleteActivity" in test]
    assert "/data/subject: int" in output  # the failures name the broken field


def test_a_dropped_validator_rule_turns_the_contract_tests_red(tmp_path: Path) -> None:
    copy = broken_copy(tmp_path, "v1/validators.py", HAS_PIC_RULE, r"\1found = None")
    code, failed, output = run_contract_tests(copy, "generated_validators")
    assert code == 1, output[-3000:]
    assert (
        f"{CONTRACT}test_response_passes_the_generated_validators"
        "[documented/v1-getActivity.200.json#0]" in failed
    )
    # Only responses with related users (where has_pic is) go red.
    assert not [test for test in failed if "v2-" in test or "errors-" in test]
    assert "has_pic" in output

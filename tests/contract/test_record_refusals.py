"""``record`` on bad input, an unreachable API, deny words it cannot mask and links
planted in its output folder: one line, exit 2, nothing written (or written beside
the links, never through them). Against a fake Pipedrive, never the network."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import run_cli

import pipedrive_client
from pipedrive_codegen.record.command import read_cassette, record_command

TOKEN = "0123456789abcdef0123456789abcdef01234567"
PAGE = {
    "success": True,
    "data": [],
    "additional_data": {"pagination": {"more_items_in_collection": False}},
}


def _record(
    out: Path,
    scenarios: list[str],
    answer: Callable[[httpx.Request], httpx.Response] | None = None,
    **options: Any,
) -> tuple[int, str, str, list[httpx.Request]]:
    sent: list[httpx.Request] = []

    def respond(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return answer(request) if answer else httpx.Response(200, json=PAGE)

    stdout, stderr = io.StringIO(), io.StringIO()
    arguments: dict[str, Any] = {
        "api_token": TOKEN,
        "out_dir": out,
        "deny": [],
        "stdout": stdout,
        "stderr": stderr,
        "environ": {},
        "transport": httpx.MockTransport(respond),
        "package_dir": Path(pipedrive_client.__file__).parents[1],
        **options,
    }
    code = record_command(scenarios, **arguments)
    return code, stdout.getvalue(), stderr.getvalue(), sent


def _tree(folder: Path) -> dict[str, str]:
    """Every entry under ``folder``: a file's text, a link's target, a folder as /."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = f"-> {path.readlink()}"
        elif path.is_dir():
            found[name] = "/"
        else:
            found[name] = path.read_text(encoding="utf-8")
    return found


def test_links_planted_in_the_output_folder_are_never_written_through(
    tmp_path: Path,
) -> None:
    """At the cassette's old temporary name and at its own name (a PR can plant both in
    the default --out): the files they point to outside it stay as they were."""
    out, outside = tmp_path / "recorded", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (outside / "tmp-victim").write_text("precious\n", encoding="utf-8")
    (outside / "own-victim").write_text("precious too\n", encoding="utf-8")
    (out / ".v1.get_activities.json.tmp").symlink_to(outside / "tmp-victim")
    (out / "v1.get_activities.json").symlink_to(outside / "own-victim")

    code, _, stderr, _ = _record(out, ["v1.get_activities"])

    assert (code, stderr) == (0, "")
    assert _tree(outside) == {
        "tmp-victim": "precious\n",
        "own-victim": "precious too\n",
    }
    cassette = out / "v1.get_activities.json"
    assert not cassette.is_symlink()
    assert read_cassette(cassette)["scenario"] == "v1.get_activities"
    # the planted link is left alone, and no temporary is left behind
    assert sorted(p.name for p in out.iterdir()) == [
        ".v1.get_activities.json.tmp",
        "v1.get_activities.json",
    ]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"env": {"PIPEDRIVE_API_TOKEN": TOKEN + "\n"}}, "api_token holds whitespace"),
        ({"args": ["--base-url", "api.pipedrive.com"]}, "base_url must be an absolute"),
    ],
)
def test_a_token_or_base_url_the_client_refuses_is_one_line_from_the_cli(
    tmp_path: Path, setting: dict[str, Any], message: str
) -> None:
    env = {"PIPEDRIVE_API_TOKEN": TOKEN, "CI": "", **setting.get("env", {})}
    out = tmp_path / "recorded"
    run = run_cli(
        "record", "v1.get_activities", "--out", str(out), *setting.get("args", []),
        env=env,
    )  # fmt: skip
    assert run.returncode == 2
    assert run.stderr.startswith("pipedrive-codegen record: ") and message in run.stderr
    assert run.stderr.count("\n") == 1 and TOKEN not in run.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        ({"recorded": "a file"}, "recorded: not a folder"),
        ({"recorded": "a file", "out": "recorded/sub"}, "recorded: not a folder"),
        (
            {"recorded/v2.get_activities.json/": "", "recorded/v1.get_activities.json": "old"},
            "v2.get_activities.json: a folder; cannot write the cassette there",
        ),
    ],
)  # fmt: skip
def test_an_output_folder_that_cannot_take_the_cassettes_is_refused_before_any_call(
    tmp_path: Path, layout: dict[str, str], message: str
) -> None:
    for name, text in layout.items():
        if name == "out":
            continue
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir() if name.endswith("/") else path.write_text(text, encoding="utf-8")
    before = _tree(tmp_path)
    out = tmp_path / layout.get("out", "recorded")

    code, stdout, stderr, sent = _record(
        out, ["v1.get_activities", "v2.get_activities"]
    )

    assert (code, stdout, sent) == (2, "", [])
    assert stderr.count("\n") == 1 and message in stderr
    assert _tree(tmp_path) == before


def test_a_run_that_cannot_write_every_cassette_writes_none(tmp_path: Path) -> None:
    """A folder that appears at the second cassette's name while the calls run: the
    first cassette is not replaced either, and no temporary is left behind."""
    out = tmp_path / "recorded"
    out.mkdir()
    (out / "v1.get_activities.json").write_text("old", encoding="utf-8")

    def answer(request: httpx.Request) -> httpx.Response:
        (out / "v2.get_activities.json").mkdir(exist_ok=True)
        return httpx.Response(200, json=PAGE)

    code, _, stderr, sent = _record(
        out, ["v1.get_activities", "v2.get_activities"], answer
    )

    assert code == 2 and len(sent) == 2
    assert "v2.get_activities.json: cannot write the cassette" in stderr
    assert "nothing is written" in stderr and stderr.count("\n") == 1
    assert _tree(out) == {
        "v1.get_activities.json": "old",
        "v2.get_activities.json": "/",
    }


def test_a_scenario_that_got_no_response_fails_the_run_and_writes_nothing(
    tmp_path: Path,
) -> None:
    out = tmp_path / "recorded"
    out.mkdir()
    good = json.dumps({"format": "pipedrive-codegen cassette 1", "good": True})
    (out / "v1.get_activities.json").write_text(good, encoding="utf-8")

    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    code, _, stderr, sent = _record(
        out, ["v1.get_activities", "v2.get_activities"], unreachable
    )

    assert code == 2 and len(sent) == 1  # the next scenario is not even tried
    assert stderr.count("\n") == 1
    assert "v1.get_activities got no response from https://api.pipedrive.com" in stderr
    assert "Connection refused" in stderr and "nothing is written" in stderr
    assert _tree(out) == {"v1.get_activities.json": good}


def test_a_token_the_api_refuses_at_every_call_leaves_the_cassettes_as_they_were(
    tmp_path: Path,
) -> None:
    # A stale token: its 401s would replace good cassettes with refusals.
    out = tmp_path / "recorded"
    out.mkdir()
    good = json.dumps({"format": "pipedrive-codegen cassette 1", "good": True})
    (out / "v1.get_activities.json").write_text(good, encoding="utf-8")

    def refused(request: httpx.Request) -> httpx.Response:
        body = {"success": False, "error": "unauthorized access", "errorCode": 401}
        return httpx.Response(401, json=body)

    code, _, stderr, _ = _record(out, ["v1.get_activities"], refused)

    assert code == 2 and stderr.count("\n") == 1
    assert "v1.get_activities: the API refused the token (401) at every call" in stderr
    assert "nothing is written" in stderr and TOKEN not in stderr
    assert _tree(out) == {"v1.get_activities.json": good}


@pytest.mark.parametrize("word", ["api", "Data", "Al", "limit", "100"])
def test_a_deny_word_the_cassette_is_built_of_is_refused_not_masked(
    tmp_path: Path, word: str
) -> None:
    """Masking it would mask the cassette's own keys (``api``), header names
    (``x-api-token``), the response's keys (``data``) or its calls' arguments."""
    out = tmp_path / "recorded"
    code, _, stderr, _ = _record(out, ["v1.get_activities"], deny=[word])

    assert code == 2 and stderr.count("\n") == 1
    assert (
        f"a --deny value ({len(word)} characters) is part of the cassette's own "
        "structure, at #/"
    ) in stderr
    assert "masking it would break the cassette" in stderr
    assert not out.exists()


@pytest.mark.parametrize("failing_rename", ["v2 is immutable", "the first onto v2"])
def test_a_rename_that_fails_half_way_puts_every_replaced_cassette_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_rename: str
) -> None:
    """The second cassette cannot be renamed into place (an immutable file, a folder
    raced in after the check; nothing public can time it, so os.replace fails there):
    the first, already replaced, gets its old content back, and the message names the
    cassette, not a temporary that no longer exists."""
    out = tmp_path / "recorded"
    out.mkdir()
    (out / "v1.get_activities.json").write_text("old v1", encoding="utf-8")
    (out / "v2.get_activities.json").write_text("old v2", encoding="utf-8")
    replace, v2, tries = os.replace, out / "v2.get_activities.json", []

    def failing(source: Any, target: Any) -> None:
        """Fail every rename from or onto v2 (as ``chattr +i`` does), or the first
        onto it (a folder raced in after the check, say)."""
        if "immutable" in failing_rename:
            refused = v2 in (Path(source), Path(target))
        else:
            refused = Path(target) == v2 and not tries
        if refused:
            tries.append(source)
            raise PermissionError(1, "Operation not permitted", str(source))
        replace(source, target)

    monkeypatch.setattr(os, "replace", failing)
    code, _, stderr, sent = _record(out, ["v1.get_activities", "v2.get_activities"])
    monkeypatch.undo()

    assert code == 2 and len(sent) == 2 and stderr.count("\n") == 1
    assert (
        f"{out / 'v2.get_activities.json'}: cannot write the cassette: "
        "Operation not permitted; nothing is written"
    ) in stderr
    assert ".tmp" not in stderr
    assert _tree(out) == {
        "v1.get_activities.json": "old v1",
        "v2.get_activities.json": "old v2",
    }


class _Interrupted(BaseException):
    """As ``KeyboardInterrupt`` is (which would stop pytest itself)."""


def test_an_interrupt_between_renames_puts_every_replaced_cassette_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "recorded"
    out.mkdir()
    (out / "v1.get_activities.json").write_text("old v1", encoding="utf-8")
    (out / "v2.get_activities.json").write_text("old v2", encoding="utf-8")
    replace, v2 = os.replace, out / "v2.get_activities.json"

    def interrupted(source: Any, target: Any) -> None:
        if Path(target) == v2 and not str(source).endswith(".old"):
            raise _Interrupted
        replace(source, target)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(_Interrupted):
        _record(out, ["v1.get_activities", "v2.get_activities"])
    monkeypatch.undo()
    assert _tree(out) == {
        "v1.get_activities.json": "old v1",
        "v2.get_activities.json": "old v2",
    }


def test_a_failed_write_leaves_no_folder_it_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "new" / "recorded"

    def refused(source: Any, target: Any) -> None:
        raise PermissionError(1, "Operation not permitted", str(source))

    monkeypatch.setattr(os, "replace", refused)
    code, _, stderr, _ = _record(out, ["v1.get_activities"])
    monkeypatch.undo()
    assert code == 2 and "nothing is written" in stderr
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize(
    "word",
    ["http", "HTTPS://", "api.pipedrive.com", "limit=100", "=1", "s?l", "com/v1"],
)
def test_a_deny_word_in_what_replay_matches_of_a_url_is_refused(
    tmp_path: Path, word: str
) -> None:
    """The URL ``https://api.pipedrive.com/v1/activities?limit=100``: its scheme, host,
    path, query names and anything spanning a name and its value; masked, the cassette
    could never be replayed."""
    out = tmp_path / "recorded"
    code, _, stderr, _ = _record(out, ["v1.get_activities"], deny=[word])

    assert code == 2 and stderr.count("\n") == 1
    assert (
        f"a --deny value ({len(word)} characters) is part of the cassette's own "
        "structure, at #/interactions/0/request/url: masking it would break"
    ) in stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("word", "reason"),
    [
        ("true", "is part of the cassette's JSON syntax"),
        ("NULL", "is part of the cassette's JSON syntax"),
        ('"', "is part of the cassette's JSON syntax"),
        ('": ', "is part of the cassette's JSON syntax"),
        ("*", "is the mask (***) itself"),
        ("***", "is the mask (***) itself"),
        ("****", "is the mask (***) itself"),
    ],
)
def test_a_deny_word_the_format_or_the_mask_is_made_of_is_refused_before_any_call(
    tmp_path: Path, word: str, reason: str
) -> None:
    out = tmp_path / "recorded"
    code, stdout, stderr, sent = _record(out, ["v1.get_activities"], deny=[word])

    assert (code, stdout, sent) == (2, "", [])
    assert stderr.count("\n") == 1 and reason in stderr
    assert "survived" not in stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("word", "body", "where"),
    [
        ("a", PAGE, "at #/format:"),
        ("Jane", {**PAGE, "data": [{"jane_doe": 1}]}, "at #/interactions/0/"
         "response/body/json/data/0/***_doe:"),
    ],
)  # fmt: skip
def test_the_structural_refusal_names_the_format_s_keys_and_masks_the_data_s(
    tmp_path: Path, word: str, body: dict[str, Any], where: str
) -> None:
    out = tmp_path / "recorded"
    code, _, stderr, _ = _record(
        out,
        ["v1.get_activities"],
        lambda _: httpx.Response(200, json=body),
        deny=[word],
    )

    assert code == 2 and stderr.count("\n") == 1
    assert where in stderr

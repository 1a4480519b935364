"""A spec's ``pattern`` in the generated validators: matched by pydantic-core's Rust
regex engine, in time linear in the text however the pattern backtracks in Python's
``re``; read as ``re`` reads it (``[[:alpha:]]`` is no POSIX class), ``$`` the text's
end; a pattern only a backtracking engine runs is not checked, and the module's
docstring names it; the module imports without a warning."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import generated_package

SPEC = """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    post:
      operationId: postA
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/A'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/A'}
components:
  schemas:
    A:
      type: object
      properties:
        nested: {type: string, pattern: '^(a+)+$'}
        posix: {type: string, pattern: '^[[:alpha:]]+$'}
        both: {type: string, pattern: '^[a&&b]+$'}
        behind: {type: string, pattern: '(?<=a)b'}
        ends: {type: string, pattern: '^ab$'}
        items: {type: array, items: {type: string, pattern: '^(a|aa)+$'}}
"""
# Python's re tries 2**n ways to fail ^(a+)+$ on n a's and a '!' (2 s at n = 26);
# the body's text: 100,000 a's and a '!'.
_SCRIPT = """\
import json, sys, time
from pats.v1 import validators
text = "a" * 100_000 + "!"
body = {"nested": text, "items": [text]}
start = time.perf_counter()
request = validators.validate_request("postA", body)
response = validators.validate_response("postA", 200, body)
took = time.perf_counter() - start
print(json.dumps([[i.pointer, i.expected] for i in request + response]), took)
"""


def test_patterns_are_matched_in_linear_time_as_re_reads_them(tmp_path: Path) -> None:
    with generated_package(tmp_path, "pats", {"v1": SPEC}) as package:
        out = tmp_path / "out"
        # In a process of its own: one that takes re's time fails, never hangs.
        imported = subprocess.run(
            [sys.executable, "-c", "import pats.v1.validators"],
            cwd=out,
            capture_output=True,
            text=True,
            timeout=60,
        )
        timed = subprocess.run(
            [sys.executable, "-c", _SCRIPT],
            cwd=out,
            capture_output=True,
            text=True,
            timeout=60,
        )
        from pats.v1 import validators

        def expected(body: dict[str, object]) -> list[tuple[str, str]]:
            issues = validators.validate_request("postA", body)
            return [(issue.pointer, issue.expected) for issue in issues]

        docstring = validators.__doc__ or ""
        assert package.__name__ == "pats"

    assert (imported.returncode, imported.stdout, imported.stderr) == (0, "", "")
    assert timed.returncode == 0, timed.stderr
    found, took = timed.stdout.rsplit(" ", 1)
    nested = ["/nested", "text matching ^(a+)+$"]
    items = ["/items/0", "text matching ^(a|aa)+$"]
    assert json.loads(found) == [nested, items, nested, items]
    assert float(took) < 0.5
    assert expected({"nested": "aaa", "items": ["aaa", "a"]}) == []
    # re reads [[:alpha:]] as a set of '[', ':' and 'alph', then ']'s; [a&&b] as a
    # set of 'a', '&' and 'b' (Rust: a POSIX class; an intersection)
    assert expected({"posix": "p]]", "both": "a&&b"}) == []
    assert expected({"posix": "alpha", "both": "c"}) == [
        ("/posix", "text matching ^[[:alpha:]]+$"),
        ("/both", "text matching ^[a&&b]+$"),
    ]
    # $ is the end of the text, as ECMA-262 has it
    assert expected({"ends": "ab"}) == []
    assert expected({"ends": "ab\n"}) == [("/ends", "text matching ^ab$")]
    # lookbehind: not checked, and said so
    assert expected({"behind": "zzz"}) == []
    assert "Not checked: these patterns" in docstring
    assert "\n* ``(?<=a)b``\n" in docstring

"""The cassette format: one JSON file per scenario, sorted keys, no timestamps.

A body is ``null`` (empty), ``{"json": value}``, ``{"form": [[name, value], ...]}``,
``{"text": "..."}`` or ``{"base64": "..."}``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

CASSETTE_FORMAT = "pipedrive-codegen cassette 1"


class RecordingError(Exception):
    """A recording that must not be written, such as one a secret survived in."""


def body_record(content: bytes, content_type: str) -> dict[str, Any] | None:
    """How a body is stored: ``None`` if empty, else json, form, text or base64."""
    media = content_type.split(";")[0].strip().lower()
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(content).decode("ascii")}
    if not text:
        return None
    if media == "application/x-www-form-urlencoded":
        return {
            "form": [list(pair) for pair in parse_qsl(text, keep_blank_values=True)]
        }
    if media == "application/json" or media.endswith("+json"):
        try:
            return {"json": json.loads(text)}
        except ValueError:
            pass
    return {"text": text}


def body_bytes(record: Mapping[str, Any] | None) -> bytes:
    """The bytes a stored body stands for (JSON re-encoded compactly)."""
    if record is None:
        return b""
    if "json" in record:
        return json.dumps(record["json"], ensure_ascii=False).encode("utf-8")
    if "form" in record:
        return urlencode([tuple(pair) for pair in record["form"]]).encode("ascii")
    if "text" in record:
        return str(record["text"]).encode("utf-8")
    return base64.b64decode(record["base64"])


def dump_cassette(cassette: Mapping[str, Any]) -> str:
    return json.dumps(cassette, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def read_cassette(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != CASSETTE_FORMAT:
        raise ValueError(f"{path}: not a {CASSETTE_FORMAT!r} file")
    return data

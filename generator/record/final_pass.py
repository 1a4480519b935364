"""The last pass over a finished cassette, by value: every secret the redactor found
and every deny-listed word masked wherever else it shows up, then checked gone
(:func:`ensure_clean`).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote, quote_plus

from .cassettes import RecordingError, dump_cassette
from ..runtime._redact import MASK


def sweep(
    cassette: Mapping[str, Any], deny: Iterable[str], found: Iterable[str]
) -> dict[str, Any]:
    """``cassette`` with every known secret masked everywhere (in any letter case,
    URL-encoded too, and inside bodies stored as base64); raises if one stays."""
    any_case = _spellings(deny)  # words a person wrote: in any letter case
    exact = _spellings(found)  # tokens: exactly
    pattern = _pattern(any_case, exact)
    cleaned: dict[str, Any] = _scrub(dict(cassette), pattern)
    ensure_clean(dump_cassette(cleaned), exact, any_case=any_case)
    for blob in _base64_bodies(cleaned):
        text = base64.b64decode(blob).decode("latin-1")
        ensure_clean(text, exact, any_case=any_case)
    return cleaned


def masker(deny: Iterable[str], found: Iterable[str]) -> re.Pattern[str] | None:
    """What :func:`sweep` masks in text, as one pattern (``None``: nothing)."""
    return _pattern(_spellings(deny), _spellings(found))


def _spellings(secrets: Iterable[str]) -> list[str]:
    """The secrets and their URL-encoded forms, longest first."""
    spelled = {form for secret in secrets for form in (secret, quote(secret, safe=""))}
    return sorted(
        spelled | {quote_plus(s) for s in secrets}, key=lambda s: (-len(s), s)
    )


def _pattern(any_case: Sequence[str], exact: Sequence[str]) -> re.Pattern[str] | None:
    parts = [(s, f"(?i:{_regex(s)})") for s in any_case]
    parts += [(s, _regex(s)) for s in exact]
    if not parts:
        return None
    parts.sort(key=lambda part: (-len(part[0]), part[0]))  # the longest first
    return re.compile("|".join(regex for _, regex in parts))


def _scrub(value: Any, pattern: re.Pattern[str] | None) -> Any:
    """``value`` with every secret replaced by ``***`` in every string, keys included,
    in a number that spells one, and in a body stored as base64."""
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(MASK, value)
    if isinstance(value, list):
        return [_scrub(item, pattern) for item in value]
    if isinstance(value, dict):
        raw = _base64_body(value)
        if raw is not None:
            clean = pattern.sub(MASK, raw.decode("latin-1")).encode("latin-1")
            return {"base64": base64.b64encode(clean).decode("ascii")}
        return {_scrub(k, pattern): _scrub(v, pattern) for k, v in value.items()}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return MASK if pattern.fullmatch(json.dumps(value)) else value  # the number
    return value


def _regex(secret: str) -> str:
    """A number is found as a whole number (22122 is not in 221220)."""
    escaped = re.escape(secret)
    return rf"(?<!\d){escaped}(?!\d)" if secret.isdigit() else escaped


def _base64_body(value: Mapping[str, Any]) -> bytes | None:
    """The bytes of a body stored as base64, if ``value`` is one."""
    if set(value) != {"base64"} or not isinstance(value["base64"], str):
        return None
    try:
        return base64.b64decode(value["base64"], validate=True)
    except binascii.Error:  # a JSON object that happens to have that one key
        return None


def _base64_bodies(value: Any) -> list[str]:
    if isinstance(value, list):
        return [blob for item in value for blob in _base64_bodies(item)]
    if isinstance(value, dict):
        if _base64_body(value) is not None:
            return [value["base64"]]
        return [blob for item in value.values() for blob in _base64_bodies(item)]
    return []


def ensure_clean(
    text: str, secrets: Iterable[str], any_case: Iterable[str] = ()
) -> None:
    """Raise :class:`RecordingError` if ``text`` holds a secret, raw or JSON-escaped
    (``any_case`` ones in any letter case)."""
    folded = text.lower()
    for secret, haystack in [
        *((secret, text) for secret in secrets),
        *((secret.lower(), folded) for secret in any_case),
    ]:
        escaped = json.dumps(secret, ensure_ascii=False)[1:-1]
        if secret.isdigit():
            found = re.search(_regex(secret), haystack) is not None
        else:
            found = secret in haystack or escaped in haystack
        if found:
            raise RecordingError(
                f"a secret ({len(secret)} characters) survived redaction; not writing"
            )

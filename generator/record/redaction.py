"""Redaction of recorded exchanges: secrets masked in memory, before anything is written.

:class:`Redactor` masks credential headers and cookies, sensitive query parameters and
secret keys of JSON and form bodies; then every value it masked, and every deny-listed
substring, wherever else it shows up. :func:`ensure_clean` is the last check.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote, quote_plus, unquote_plus

import httpx

from .cassettes import RecordingError, body_record, dump_cassette
from ..runtime._redact import MASK, SENSITIVE_HEADER_NAMES, SENSITIVE_QUERY_NAMES

# JSON keys whose values are secrets. Not ``code``: error bodies carry a plan-limit code.
SENSITIVE_BODY_KEYS = frozenset(
    {"access_token", "api_token", "client_secret", "password", "refresh_token", "token"}
)
# Form bodies are OAuth token requests, whose ``code`` is the authorization code.
SENSITIVE_FORM_NAMES = SENSITIVE_BODY_KEYS | SENSITIVE_QUERY_NAMES
DROPPED_HEADERS = frozenset(
    {"accept-encoding", "connection", "content-encoding", "content-length", "host"}
    | {"keep-alive", "transfer-encoding", "user-agent"}
)
_SCHEMES = frozenset({"basic", "bearer", "token"})
_MIN_FOUND_LENGTH = 4  # shorter masked values are not searched for elsewhere
# Cookie values are masked in their headers; only long ones (session ids, not
# "deleted" or "en") are searched for elsewhere.
_MIN_COOKIE_LENGTH = 16


class Redactor:
    """Makes the cassette records of requests and responses, every secret masked.

    It keeps each value it masks (and the deny-list), so :meth:`finish` can mask their
    echoes anywhere in the cassette and check that none is left.
    """

    def __init__(self, deny: Iterable[str] = ()) -> None:
        self._deny = frozenset(value for value in deny if value)
        self._found: set[str] = set()

    @property
    def secrets(self) -> frozenset[str]:
        found = {value for value in self._found if len(value) >= _MIN_FOUND_LENGTH}
        return self._deny | found - {MASK}

    def request(self, request: httpx.Request) -> dict[str, Any]:
        headers = self._headers(request.headers)
        return {
            "method": request.method,
            "url": self._url(request.url),
            "headers": headers,
            "body": self._body(request.content, headers.get("content-type", "")),
        }

    def response(self, response: httpx.Response) -> dict[str, Any]:
        headers = self._headers(response.headers)
        return {
            "status": response.status_code,
            "headers": headers,
            "body": self._body(response.content, headers.get("content-type", "")),
        }

    def finish(self, cassette: Mapping[str, Any]) -> dict[str, Any]:
        """``cassette`` with every known secret masked everywhere (in any letter case,
        URL-encoded too, and inside bodies stored as base64); raises if one stays."""
        deny = _spellings(self._deny)  # words a person wrote: in any letter case
        found = _spellings(self.secrets - self._deny)  # tokens: exactly
        pattern = _pattern(deny, found)
        cleaned: dict[str, Any] = _scrub(dict(cassette), pattern)
        ensure_clean(dump_cassette(cleaned), found, any_case=deny)
        for blob in _base64_bodies(cleaned):
            text = base64.b64decode(blob).decode("latin-1")
            ensure_clean(text, found, any_case=deny)
        return cleaned

    def _mask(self, *values: str) -> str:
        self._found.update(values)
        return MASK

    def _headers(self, headers: httpx.Headers) -> dict[str, str]:
        merged: dict[str, list[str]] = {}
        for name, value in headers.multi_items():
            name = name.lower()
            if name == "cookie" or name == "set-cookie":  # set-cookie: the first pair
                value = self._cookies(value, every=name == "cookie")
            if name in SENSITIVE_HEADER_NAMES:
                value = self._credential(value)
            if name not in DROPPED_HEADERS:
                merged.setdefault(name, []).append(value)
        return {name: ", ".join(values) for name, values in sorted(merged.items())}

    def _cookies(self, value: str, every: bool) -> str:
        """The cookie header with its values (or, for set-cookie, the first) masked."""
        pairs = value.split(";")
        for index, pair in enumerate(pairs[: None if every else 1]):
            name, separator, cookie = pair.partition("=")
            if separator:
                cookie = cookie.strip(' "')
                if len(cookie) >= _MIN_COOKIE_LENGTH:
                    self._found.add(cookie)
                pairs[index] = f"{name}={MASK}"
        return ";".join(pairs)

    def _credential(self, value: str) -> str:
        """``"Bearer ***"`` for ``"Bearer abc"``; ``"***"`` for anything else."""
        scheme, _, credential = value.partition(" ")
        if not credential or " " in credential or scheme.lower() not in _SCHEMES:
            return self._mask(value)
        try:
            decoded = base64.b64decode(credential, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            decoded = ""
        secret = decoded.partition(":")[2] if scheme.lower() == "basic" else ""
        return f"{scheme} {self._mask(value, credential, secret)}"

    def _url(self, url: httpx.URL) -> str:
        """The URL as sent, but for masked credentials and sensitive query values."""
        if url.userinfo:
            self._mask(url.username, url.password or "")
            url = url.copy_with(username=MASK, password=None)
        pieces = []
        for piece in url.query.decode("ascii").split("&") if url.query else ():
            name, separator, value = piece.partition("=")
            if separator and unquote_plus(name).lower() in SENSITIVE_QUERY_NAMES:
                piece = f"{name}={self._mask(value, unquote_plus(value))}"
            pieces.append(piece)
        query = "&".join(pieces)
        return str(url.copy_with(query=None)) + (f"?{query}" if query else "")

    def _body(self, content: bytes, content_type: str) -> dict[str, Any] | None:
        record = body_record(content, content_type)
        if record is not None and "json" in record:
            return {"json": self._json(record["json"])}
        if record is not None and "form" in record:
            pairs = record["form"]
            return {"form": [[k, self._form_value(k, v)] for k, v in pairs]}
        return record

    def _form_value(self, name: str, value: str) -> str:
        return self._mask(value) if name.lower() in SENSITIVE_FORM_NAMES else value

    def _json(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self._json(item) for item in value]
        if not isinstance(value, dict):
            return value
        return {
            key: (
                self._mask(*_strings(item))
                if key.lower() in SENSITIVE_BODY_KEYS and item not in (None, "")
                else self._json(item)
            )
            for key, item in value.items()
        }


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return [] if value is None or isinstance(value, bool) else [str(value)]


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

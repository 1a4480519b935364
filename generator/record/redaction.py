"""Redaction of recorded exchanges: secrets masked in memory, before anything is written.

:class:`Redactor` masks by name and by value. By name: the value of every header, query
parameter, form field and JSON key whose name says it holds a secret (a word of it is
token, secret, password, key, auth..., session or cookie, in any case and spelling:
``x-api-key``, ``accessToken``, ``SESSION_ID``; see :func:`says_secret`), whatever the
value looks like; a harmless ``key`` (a custom field's) is masked too, as a secret
cannot be told from it. By value, in every other string (header values such as
``Location``, JSON strings, form values, text bodies): ``Bearer``/``Basic``
credentials, ``base64("user:secret")``, passwords in URLs (``//user:pw@``) and the
values of query and fragment parameters whose name says secret. Then (``final_pass``)
every value it masked, and every deny-listed substring, wherever else it shows up.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import unquote_plus

import httpx

from .cassettes import body_record
from .final_pass import masker, sweep
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

# The words of a name (``XApiKey``: X, Api, Key; ``access_token``: access, token) ...
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
# ... of which one says the value is a secret ("author" does not, "authorization" does)
_SECRET_WORD = re.compile(
    r"tokens?|secrets?|passwords?|passwd|passphrase|pass|pwd|keys?|apikeys?"
    r"|auth|authn|authz|authori[sz](?:e|ed|ation)|authenticat\w*|oauth\w*"
    r"|sessions?|sessionid|cookies?|credentials?|signature",
    re.IGNORECASE,
)
# Names written as one word (``apitoken``, ``xsessionid``) hold these.
_SECRET_PARTS = ("token", "secret", "password", "passwd", "apikey", "session", "cookie")
# A value masked by its name alone (``icon_key: "call"``) is searched for elsewhere
# only if it looks like a secret: not a word that would take innocent text with it.
_MIN_NAMED_LENGTH = 16
# In free text: a Bearer or Basic credential ...
_CREDENTIAL = re.compile(
    r"\b(?P<scheme>bearer|basic)\s+(?P<credential>[A-Za-z0-9._~+/-]{8,}=*)",
    re.IGNORECASE,
)
# ... a password in a URL, a query or fragment parameter ...
_USERINFO = re.compile(
    r"(?<=://)(?P<user>[^/?#@\s:\"'<>]+):(?P<password>[^/?#@\s\"'<>]+)@"
)
_PARAMETER = re.compile(
    r"(?<=[?&#;])(?P<name>[^=&#;\s\"'<>]+)=(?P<value>[^&#;\s\"'<>]*)"
)
# ... and base64 that may hide "user:secret".
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{12,}={0,2}(?![A-Za-z0-9+/=])")
_USER_AND_SECRET = re.compile(r"(?P<user>[\w.@+-]*):(?P<secret>[\x21-\x7e]{4,})")


def says_secret(name: str) -> bool:
    """Does ``name`` (a header, query parameter, form field or JSON key) say that its
    value is a secret? ``Authorization``, ``x-api-key``, ``accessToken``,
    ``client_secret``, ``SESSION_ID``, ``Set-Cookie``: yes; ``author``, ``keyword``: no.
    """
    if any(_SECRET_WORD.fullmatch(word) for word in _WORDS.findall(name)):
        return True
    squashed = "".join(char for char in name.lower() if char.isalnum())
    return any(part in squashed for part in _SECRET_PARTS)


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
        # The pattern :meth:`mask` uses, and the secrets it was built for.
        self._masker: tuple[frozenset[str], re.Pattern[str] | None] | None = None

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
        """``cassette`` with every known secret masked everywhere (see
        :func:`final_pass.sweep`); raises if one stays, or if a deny-listed word is
        part of the cassette's own structure."""
        return sweep(cassette, self._deny, self.secrets - self._deny)

    def mask(self, text: str) -> str:
        """``text`` (a line to print) with every secret this knows of masked."""
        text = self._text(text)
        secrets = self.secrets
        if self._masker is None or self._masker[0] != secrets:  # built once per set
            self._masker = secrets, masker(self._deny, secrets - self._deny)
        pattern = self._masker[1]
        return text if pattern is None else pattern.sub(MASK, text)

    def _mask(self, *values: str) -> str:
        self._found.update(values)
        return MASK

    def _headers(self, headers: httpx.Headers) -> dict[str, str]:
        merged: dict[str, list[str]] = {}
        for name, value in headers.multi_items():
            name = name.lower()
            if name == "cookie" or name == "set-cookie":  # set-cookie: the first pair
                value = self._cookies(value, every=name == "cookie")
            if name in SENSITIVE_HEADER_NAMES or says_secret(name):
                value = self._credential(value)
            else:  # a Location, say, or a header that echoes a credential
                value = self._text(value)
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
            if separator and _secret_parameter(unquote_plus(name)):
                piece = f"{name}={self._mask(value, unquote_plus(value))}"
            pieces.append(piece)
        query = "&".join(pieces)
        base = str(url.copy_with(query=None, fragment=None))
        fragment = self._text("#" + url.fragment) if url.fragment else ""
        return self._text(base) + (f"?{query}" if query else "") + fragment

    def _text(self, text: str) -> str:
        """``text`` with the secrets it shows masked: credentials after ``Bearer`` or
        ``Basic``, ``base64("user:secret")``, passwords in URLs, the values of query
        and fragment parameters whose name says secret."""
        if len(text) < 8:
            return text
        text = _CREDENTIAL.sub(self._scheme_credential, text)
        text = _USERINFO.sub(lambda m: f"{self._mask(m['user'], m['password'])}@", text)
        text = _PARAMETER.sub(self._parameter, text)
        return _BASE64.sub(self._base64_pair, text)

    def _scheme_credential(self, match: re.Match[str]) -> str:
        scheme, credential = match["scheme"], match["credential"]
        if scheme.lower() == "basic" and _basic_secret(credential) is None:
            return match.group()  # "Basic authentication" and the like
        secret = _basic_secret(credential) or ""
        return f"{scheme} {self._mask(credential, secret)}"

    def _parameter(self, match: re.Match[str]) -> str:
        name, value = match["name"], match["value"]
        if not value or not _secret_parameter(unquote_plus(name)):
            return match.group()
        return f"{name}={self._mask(value, unquote_plus(value))}"

    def _base64_pair(self, match: re.Match[str]) -> str:
        secret = _basic_secret(match.group())
        return match.group() if secret is None else self._mask(match.group(), secret)

    def _body(self, content: bytes, content_type: str) -> dict[str, Any] | None:
        record = body_record(content, content_type)
        if record is not None and "json" in record:
            return {"json": self._json(record["json"])}
        if record is not None and "form" in record:
            pairs = record["form"]
            return {"form": [[k, self._form_value(k, v)] for k, v in pairs]}
        if record is not None and "text" in record:
            return {"text": self._text(record["text"])}
        return record

    def _form_value(self, name: str, value: str) -> str:
        if name.lower() in SENSITIVE_FORM_NAMES:
            return self._mask(value)
        if says_secret(name) and value:
            return self._named(value)
        return self._text(value)

    def _json(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self._json(item) for item in value]
        if isinstance(value, str):
            return self._text(value)
        if not isinstance(value, dict):
            return value
        return {
            key: (
                self._mask(*_strings(item))
                if key.lower() in SENSITIVE_BODY_KEYS and item not in (None, "")
                else self._named_json(item) if says_secret(key) else self._json(item)
            )
            for key, item in value.items()
        }

    def _named_json(self, value: Any) -> Any:
        """A value under a key that says secret: each string and number masked (not
        ``true``/``false``/``null``, which hide nothing), its shape kept."""
        if isinstance(value, list):
            return [self._named_json(item) for item in value]
        if isinstance(value, dict):
            return {key: self._named_json(item) for key, item in value.items()}
        if isinstance(value, bool) or value is None or value == "":
            return value
        return self._named(str(value))

    def _named(self, value: str) -> str:
        """Mask a value for its name alone; search for it elsewhere only if it looks
        like a secret (``icon_key: "call"`` must not take every "call" with it)."""
        if len(value) >= _MIN_NAMED_LENGTH:
            self._found.add(value)
        return MASK


def _secret_parameter(name: str) -> bool:
    return name.lower() in SENSITIVE_QUERY_NAMES or says_secret(name)


def _basic_secret(credential: str) -> str | None:
    """The secret of ``base64("user:secret")``, or None if ``credential`` is not one."""
    try:
        decoded = base64.b64decode(credential, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    pair = _USER_AND_SECRET.fullmatch(decoded)
    return pair["secret"] if pair else None


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return [] if value is None or isinstance(value, bool) else [str(value)]

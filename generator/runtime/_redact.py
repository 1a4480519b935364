"""Keeping secrets out of ``repr``, ``str``, logs and exception text.

Every secret the client holds (the api token, OAuth access and refresh tokens,
the OAuth client secret) is kept in a :class:`Secret`, whose ``repr`` and
``str`` are ``'***'``; the value comes out only through :meth:`Secret.reveal`,
at the one place that puts it on the wire. Text that may echo a secret back
(an error body, a URL) goes through :func:`redact_text` or :func:`redact_url`,
which mask every form a secret takes in text: as given, stripped, ``repr``'d,
JSON-escaped, URL-encoded (and, where the caller lists it, inside Basic
credentials). A secret is checked when it is set (:func:`checked_secret`): one
with whitespace or a control character (a trailing newline) is refused with an
error that names it, never shows it, before anything is sent. httpx's and
httpcore's own log records, made while a client sends (:data:`SENDING`), are
masked by a filter on their loggers (:func:`watch_httpx_log`).
"""

from __future__ import annotations

import functools
import hmac
import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from urllib.parse import quote, quote_plus, unquote_plus

import httpx

MASK = "***"

# Query parameter names whose values are masked wherever a URL is shown.
SENSITIVE_QUERY_NAMES = frozenset(
    {
        "access_token",
        "api_token",
        "client_secret",
        "code",
        "refresh_token",
        "token",
    }
)

# Response or request header names whose values are masked when shown.
SENSITIVE_HEADER_NAMES = frozenset(
    {
        "authorization",
        "cookie",
        "proxy-authorization",
        "set-cookie",
        "x-api-token",
    }
)

# Secrets shorter than this are not searched for in free text: masking every
# "a" in a message would destroy it and protect nothing.
_MIN_SECRET_LENGTH = 4


class Secret:
    """A string that shows itself as ``'***'``.

    >>> Secret("abc")
    '***'
    """

    __slots__ = ("_value",)

    def __init__(self, value: str | Secret) -> None:
        if isinstance(value, Secret):
            value = value.reveal()
        if not isinstance(value, str):
            raise TypeError("a secret must be a str")
        self._value = value

    def reveal(self) -> str:
        """The secret itself; call it only where the value goes on the wire."""
        return self._value

    def __repr__(self) -> str:
        return repr(MASK)

    def __str__(self) -> str:
        return MASK

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __reduce__(self) -> tuple[type[Secret], tuple[str]]:
        return (Secret, (self._value,))


def checked_secret(name: str, value: str | Secret) -> Secret:
    """``value`` as a :class:`Secret`, if it can be one: printable ASCII, no spaces.

    Anything else (a trailing newline, a tab, a control character) is a
    ``ValueError`` that names ``name`` and never shows the value.
    """
    text = value.reveal() if isinstance(value, Secret) else value
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a str, not {type(text).__name__}")
    if not text:
        raise ValueError(f"{name} must not be empty")
    if not all("!" <= character <= "~" for character in text):
        raise ValueError(
            f"{name} holds whitespace, a control character or a character outside "
            "printable ASCII (a trailing newline?); its value is not shown"
        )
    return Secret(text)


def secret_forms(value: str) -> set[str]:
    """The ways ``value`` may be written in text: as given, stripped, ``repr``'d
    (as str and bytes, alone and inside a string that holds both quotes, where
    ``'`` is written ``\\'``), JSON-escaped (``/`` as is and as ``\\/``) and
    URL-encoded (path and form, ``%2F`` and ``%2f``)."""
    both = "'\""  # a string holding both quotes: repr writes ' as \'
    encoded = [quote(value, safe=""), quote(value), quote_plus(value, safe="")]
    escaped = json.dumps(value)[1:-1]
    return {
        value,
        value.strip(),
        repr(value)[1:-1],
        repr(value + both)[1:-4],
        repr(value.encode("utf-8", "surrogatepass"))[2:-1],
        repr((value + both).encode("utf-8", "surrogatepass"))[2:-4],
        escaped,
        escaped.replace("/", "\\/"),
        *encoded,
        *(re.sub("%[0-9A-F]{2}", _lower, form) for form in encoded),
    }


def _lower(match: re.Match[str]) -> str:
    return match.group(0).lower()


def redact_text(text: str, secrets: Iterable[Secret | str | None]) -> str:
    """``text`` with every occurrence of every secret, in any of its
    :func:`secret_forms`, replaced by ``***``."""
    return masker(secrets)(text)


def masker(secrets: Iterable[Secret | str | None]) -> Callable[[str], str]:
    """A function that does what :func:`redact_text` does with ``secrets``, their
    forms worked out once: for masking many texts (every string of a body)."""
    forms: set[str] = set()
    for secret in secrets:
        if secret is not None:
            forms |= secret_forms(
                secret.reveal() if isinstance(secret, Secret) else secret
            )
    ordered = [
        value
        for value in sorted(forms, key=len, reverse=True)
        if len(value) >= _MIN_SECRET_LENGTH
    ]

    def mask(text: str) -> str:
        for value in ordered:
            if value in text:
                text = text.replace(value, MASK)
        return text

    return mask


def redact_url(url: httpx.URL | str) -> str:
    """``url`` as text, with credentials and sensitive query values masked."""
    parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    if not parsed.query and not parsed.userinfo:
        return str(parsed)
    if parsed.userinfo:
        parsed = parsed.copy_with(username=MASK, password=None)
    if any(name.lower() in SENSITIVE_QUERY_NAMES for name in parsed.params):
        params = [
            (name, MASK if name.lower() in SENSITIVE_QUERY_NAMES else value)
            for name, value in parsed.params.multi_items()
        ]
        parsed = parsed.copy_with(params=params)
    return str(parsed)


def redact_headers(
    headers: Mapping[str, str], secrets: Iterable[Secret | str | None] = ()
) -> dict[str, str]:
    """A copy of ``headers`` with credential-bearing values masked: by the header's
    name, the values of sensitive query parameters in a URL (``Location``), and
    every form of ``secrets`` in any value (a header that echoes one)."""
    mask = masker(secrets)
    return {name: shown_header(name, value, mask) for name, value in headers.items()}


def shown_header(name: str, value: str, mask: Callable[[str], str]) -> str:
    """A header's value as :func:`redact_headers` shows it, ``mask`` (a
    :func:`masker`) hiding the secrets."""
    if name.lower() in SENSITIVE_HEADER_NAMES:
        return MASK
    return mask(re.sub(_QUERY_VALUE, _masked_value, value))


# A query or fragment parameter in text (a URL in a header): its name, its value.
_QUERY_VALUE = r"(?<=[?&#;])([^=&#;\s\"'<>]+)=([^&#;\s\"'<>]*)"


def _masked_value(match: re.Match[str]) -> str:
    name = match.group(1)
    if unquote_plus(name).lower() in SENSITIVE_QUERY_NAMES:
        return f"{name}={MASK}"
    return match.group(0)


def redacted_repr(
    name: str, fields: Mapping[str, object], secret_fields: Iterable[str] = ()
) -> str:
    """``Name(a=1, token='***')``: a repr in which ``secret_fields`` are masked."""
    hidden = set(secret_fields)
    parts = []
    for key, value in fields.items():
        if key in hidden and value is not None:
            parts.append(f"{key}={MASK!r}")
        else:
            parts.append(f"{key}={value!r}")
    return f"{name}({', '.join(parts)})"


# How the client sending in this thread or task shows the values of a log record
# (its ``log_masker``: called once per record, it gives the function that shows each
# value), while it sends a request and reads the answer; ``None`` elsewhere. httpx and
# httpcore log from the caller's thread or task, so what they log meanwhile is that
# client's, and a record of any other httpx client is left as it is.
SENDING: ContextVar[Callable[[], Callable[[object], object]] | None] = ContextVar(
    "SENDING", default=None
)
# The loggers of httpx's line per response (``HTTP Request: GET <url> "HTTP/1.1 401
# <reason phrase>"``) and of httpcore's DEBUG trace (the status line and headers as
# they came). A filter on a logger sees only the records logged to that one.
_HTTP_LOGGERS = (
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)


class _SendingFilter(logging.Filter):
    """Masks a record made while a client sends, through that client's
    ``log_masker``: its message and each of its arguments (a URL, a reason
    phrase; httpcore's records are text already formatted)."""

    def filter(self, record: logging.LogRecord) -> bool:
        log_masker = SENDING.get()
        if log_masker is not None:
            shown = log_masker()  # the client's secrets' forms, once per record
            record.msg = shown(record.msg)
            if isinstance(record.args, tuple):
                record.args = tuple(shown(arg) for arg in record.args)
        return True


_SENDING_FILTER = _SendingFilter()


@functools.cache
def watch_httpx_log() -> None:
    """Put the filter of :data:`SENDING` on httpx's and httpcore's loggers, once per
    process (it changes what is logged while a client sends, never what is sent). Two
    threads making their first clients at once may both get here: a logger skips a
    filter it holds already, and masking a text twice shows it as once."""
    for name in _HTTP_LOGGERS:
        logging.getLogger(name).addFilter(_SENDING_FILTER)

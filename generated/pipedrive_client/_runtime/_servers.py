"""Where a request goes: the spec's server URL, its variables filled, then the path.

Generated code gives each operation its spec's first server URL as the spec writes it
(``https://{company}.example.com/api/{version}``) and the path as the spec writes it
(``/items/{id}``). The client's base URL stands for the part of the server URLs its
specs share (for one spec, the whole URL); what follows that part in an operation's
server URL goes between the base URL and the path. So ``base_url=`` reaches any other
server of the spec, and a package of several specs keeps one base URL.

Pipedrive's OAuth tokens name the company's ``api_domain``; it serves the API under
``/api`` (``{api_domain}/api/v1/...``, ``{api_domain}/api/v2/...``), whatever the
path under ``https://api.pipedrive.com``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# Patterns as text, used through ``re``'s functions: compiled (and cached by ``re``)
# on first use, not each time the client is imported.
_PLACEHOLDER = r"\{([^{}]*)\}"
# A value that cannot move a URL to another host, user or port, nor add a query.
_HOST_VALUE = r"[A-Za-z0-9._~-]+"
_PATH_VALUE = r"[A-Za-z0-9._~!$&'()*+,;=:@/-]*"


def fill_server(
    template: str,
    values: Mapping[str, str],
    choices: Mapping[str, tuple[str, ...]] | None = None,
) -> str:
    """``template`` with each ``{name}`` replaced by its value, checked first: one of
    the spec's ``enum`` values where it gives them, and never a character that would
    take the URL elsewhere (no ``/``, ``@``, ``:``, ``?`` or ``#`` before the path)."""
    authority_end = _authority_end(template)

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise ValueError(f"server variable {name!r} has no value")
        value = values[name]
        if not isinstance(value, str):
            raise TypeError(f"server variable {name!r} must be a str")
        allowed = (choices or {}).get(name, ())
        if allowed and value not in allowed:
            raise ValueError(
                f"server variable {name!r} must be one of {', '.join(allowed)}"
            )
        pattern = _HOST_VALUE if match.start() < authority_end else _PATH_VALUE
        if not re.fullmatch(pattern, value) or ".." in value.split("/"):
            raise ValueError(
                f"server variable {name!r} holds a character its place in the URL "
                "may not"
            )
        return value

    return re.sub(_PLACEHOLDER, fill, template)


def operation_base(server: str, default_base: str, base_url: str) -> tuple[str, str]:
    """Where an operation's path goes, as (base URL, server part): the client's base
    URL and what of the operation's server URL follows the part the base URL stands
    for; a server of another origin than the others, its own URL; a relative server
    URL, a path under the base URL."""
    if default_base and server.startswith(default_base):
        return base_url, server[len(default_base) :]
    if "://" in server:
        return "", server
    return base_url, server


def under_api(path: str) -> str:
    """``path`` as Pipedrive's ``api_domain`` serves it: under ``/api``."""
    return path if path == "/api" or path.startswith("/api/") else "/api" + path


def _authority_end(template: str) -> int:
    """Where the scheme and host of ``template`` end (0 for a relative URL)."""
    scheme = template.find("://")
    if scheme < 0:
        return 0
    slash = template.find("/", scheme + 3)
    return len(template) if slash < 0 else slash

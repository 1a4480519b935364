"""What changed for a caller in the client as a whole: its constructor's keywords (a
credential's, a server variable's), its default base URL and OAuth app, and per
operation who may call it (``security``) and where it is sent (its own server).

The keywords are the generated constructor's, from ``client_class`` on the API as
``generate`` makes it (:func:`generated`); all of them are optional, so one added is
compatible and one removed or renamed breaks the code that passes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ir.access import one_kind_per_keyword, one_oauth_app
from ..ir.model import Api, Operation, ServerVariable
from ..render.client_class import client_class, shared_base
from .types import Change

CLIENT = "(client)"  # the ``operation`` of a change to the client as a whole
OAUTH = "oauth"  # the keyword of the client's OAuth app (with ``oauth_tokens``)


def generated(api: Api) -> Api:
    """``api`` with the credential keywords its generated client gives its schemes."""
    return one_kind_per_keyword(one_oauth_app((api,)))[0]


@dataclass(frozen=True)
class Credential:
    keyword: str
    annotation: str  # what the keyword takes, as the constructor annotates it
    sent: str  # how it is sent


def credentials(api: Api) -> dict[str, Credential]:
    """The constructor's credential keywords of ``api``'s client, ``oauth`` included."""
    client = client_class("Client", [api])
    result = {
        c.keyword: Credential(
            c.keyword, c.annotation, c.doc.removeprefix(f"``{c.keyword}``: ")
        )
        for c in client.credentials
    }
    if client.oauth:
        sent = "OAuth 2.0 credentials (with oauth_tokens=)"
        result[OAUTH] = Credential(OAUTH, "OAuthCredentials | None", sent)
    return result


def variables(api: Api) -> dict[str, ServerVariable]:
    """The constructor's server variable keywords of ``api``'s client."""
    keywords = {v.keyword for v in client_class("Client", [api]).variables}
    first = api.servers[0].variables if api.servers else ()
    return {v.python_name: v for v in first if v.python_name in keywords}


def diff_client(old: Api, new: Api) -> tuple[list[Change], dict[str, str]]:
    """The changes to the client as a whole, and the credential keywords renamed (old
    -> new), so that the operations that need them are not reported again."""
    old, new = generated(old), generated(new)
    changes: list[Change] = []
    renamed = _credentials(changes, credentials(old), credentials(new))
    _variables(changes, variables(old), variables(new))
    before, after = _base(old), _base(new)
    if _unnamed(before) != _unnamed(after):
        message = f"default base URL {before or 'none'} is now {after or 'none'}"
        _add(changes, "client-base-url", "base URL", False, message)
    old_oauth = next((s for s in old.security_schemes if s.kind == "oauth2"), None)
    new_oauth = next((s for s in new.security_schemes if s.kind == "oauth2"), None)
    if old_oauth is not None and new_oauth is not None:
        if old_oauth.token_url != new_oauth.token_url:
            message = (
                f"OAuth tokens now come from {new_oauth.token_url or 'nowhere given'} "
                f"(they came from {old_oauth.token_url or 'nowhere given'})"
            )
            _add(changes, "client-oauth", "keyword oauth=", False, message)
    return changes, renamed


def _base(api: Api) -> str:
    return shared_base([api.servers[0].url] if api.servers else [])


def _unnamed(url: str) -> str:
    """``url``'s placeholders unnamed: a variable renamed is its keyword's change."""
    return re.sub(r"\{[^{}]*\}", "{}", url)


def _add(
    changes: list[Change], kind: str, where: str, breaking: bool, message: str
) -> None:
    changes.append(
        Change(kind, "operation", CLIENT, f"{CLIENT} {where}", breaking, message)
    )


def _credentials(
    changes: list[Change], old: dict[str, Credential], new: dict[str, Credential]
) -> dict[str, str]:
    removed = [old[k] for k in old if k not in new]
    added = [new[k] for k in new if k not in old]
    renamed: dict[str, str] = {}
    if (
        len(removed) == 1
        and len(added) == 1
        and OAUTH
        not in (
            removed[0].keyword,
            added[0].keyword,
        )
    ):
        before, after = removed[0], added[0]
        message = (
            f"now {after.keyword}= ({after.sent}; it was "
            f"{before.sent}); clients made with {before.keyword}= fail"
        )
        _add(
            changes,
            "client-keyword-renamed",
            f"keyword {before.keyword}=",
            True,
            message,
        )
        renamed[before.keyword] = after.keyword
        removed, added = [], []
    for credential in removed:
        message = (
            f"keyword removed ({credential.sent}); clients made with "
            f"{credential.keyword}= fail"
        )
        where = f"keyword {credential.keyword}="
        _add(changes, "client-keyword-removed", where, True, message)
    for credential in added:
        message = f"optional keyword added ({credential.sent})"
        where = f"keyword {credential.keyword}="
        _add(changes, "client-keyword-added", where, False, message)
    for keyword in (k for k in old if k in new):
        before, after = old[keyword], new[keyword]
        where = f"keyword {keyword}="
        if before.annotation != after.annotation:
            message = (
                f"now takes {after.annotation} (it took {before.annotation}): "
                f"{after.sent}"
            )
            _add(changes, "client-keyword-type", where, True, message)
        elif before.sent != after.sent:
            message = f"now {after.sent} (it was {before.sent})"
            _add(changes, "client-keyword-sent", where, False, message)
    return renamed


def _variables(
    changes: list[Change],
    old: dict[str, ServerVariable],
    new: dict[str, ServerVariable],
) -> None:
    removed = [old[k] for k in old if k not in new]
    added = [new[k] for k in new if k not in old]
    pairs = [(old[k], new[k]) for k in old if k in new]
    if len(removed) == 1 and len(added) == 1:
        before, after = removed[0], added[0]
        message = (
            f"now {after.python_name}= (the server "
            f"URL's {{{after.name}}}); clients made with {before.python_name}= fail"
        )
        where = f"keyword {before.python_name}="
        _add(changes, "client-keyword-renamed", where, True, message)
        pairs.append((before, after))
        removed, added = [], []
    for variable in removed:
        message = (
            f"keyword removed (the server URL's {{{variable.name}}}); clients made "
            f"with {variable.python_name}= fail"
        )
        where = f"keyword {variable.python_name}="
        _add(changes, "client-keyword-removed", where, True, message)
    for variable in added:
        message = (
            f"optional keyword added (the server URL's {{{variable.name}}}, "
            f"default {variable.default!r})"
        )
        where = f"keyword {variable.python_name}="
        _add(changes, "client-keyword-added", where, False, message)
    for before, after in pairs:
        _variable(changes, before, after)


def _variable(changes: list[Change], old: ServerVariable, new: ServerVariable) -> None:
    where = f"keyword {new.python_name}="
    if old.values != new.values:
        gone = [v for v in old.values if v not in new.values]
        if new.values and (gone or not old.values):
            shown = ", ".join(map(repr, gone)) if gone else "any value"
            message = f"now one of {', '.join(map(repr, new.values))}: {shown} refused"
            _add(changes, "client-variable-values", where, True, message)
        elif not new.values or any(v not in old.values for v in new.values):
            fresh = [v for v in new.values if v not in old.values]
            shown = ", ".join(map(repr, fresh)) if new.values else "any value"
            message = f"now also takes {shown}"
            _add(changes, "client-variable-values", where, False, message)
    if old.default != new.default:
        message = (
            f"default {old.default!r} is now {new.default!r}: a client made without "
            f"{new.python_name}= sends its requests elsewhere"
        )
        _add(changes, "client-variable-default", where, False, message)


# -- per operation --------------------------------------------------------------------


Needs = frozenset[frozenset[str]]  # alternatives, each the keywords needed together


def needs(api: Api, operation: Operation) -> Needs | None:
    """Who may call ``operation`` (as credential keywords); None: anyone."""
    keyword = {s.name: s.credential for s in api.security_schemes}
    keyword.update((s.name, OAUTH) for s in api.security_schemes if s.kind == "oauth2")
    alternatives = frozenset(
        frozenset(keyword[name] for name in alternative)
        for alternative in operation.security
    )
    if not alternatives or frozenset() in alternatives:
        return None
    return alternatives


def diff_access(
    old_api: Api,
    new_api: Api,
    old: Operation,
    new: Operation,
    renamed: dict[str, str],
) -> list[Change]:
    """The changes to who may call the operation and where it is sent; ``old_api``
    and ``new_api`` as their clients are generated (``generated``)."""
    changes: list[Change] = []
    where = new.operation_id
    before = needs(old_api, old)
    after = needs(new_api, new)
    if before is not None:  # a keyword renamed is listed once, for the client
        before = frozenset(
            frozenset(renamed.get(k, k) for k in alternative) for alternative in before
        )
    if before != after:
        if after is None:
            message = f"no longer needs credentials (it needed {_shown(before)})"
            changes.append(_change("security-changed", where, False, message))
        elif before is None:
            message = (
                f"now needs credentials: {_shown(after)}; a client without them "
                "is refused"
            )
            changes.append(_change("security-changed", where, True, message))
        else:
            # a caller holds the credentials of one old alternative: is one of the
            # new ones still among them?
            lost = [a for a in before if not any(b <= a for b in after)]
            message = f"now needs {_shown(after)} (it needed {_shown(before)})"
            if lost:
                message += f"; a client with only {_shown(frozenset(lost))} is refused"
            changes.append(_change("security-changed", where, bool(lost), message))
    if old.server != new.server:
        message = (
            f"now sent to {new.server or 'the client base URL'} "
            f"(it was sent to {old.server or 'the client base URL'})"
        )
        changes.append(_change("server-changed", where, False, message))
    return changes


def _change(kind: str, operation: str, breaking: bool, message: str) -> Change:
    location = f"{operation} {'server' if kind == 'server-changed' else 'security'}"
    return Change(kind, "operation", operation, location, breaking, message)


def _shown(alternatives: Needs | None) -> str:
    if alternatives is None:
        return "none"
    return " or ".join(
        sorted(" and ".join(f"{k}=" for k in sorted(a)) for a in alternatives)
    )

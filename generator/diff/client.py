"""What changed for a caller in the client as a whole: its constructor's keywords (a
credential's, a server variable's), its default base URL and OAuth app, and per
operation who may call it (``security``) and where it is sent (its own server).

The keywords are the generated constructor's, from ``client_class`` on the API as
``generate`` makes it (:func:`generated`); all of them are optional, so one added is
compatible and one removed or renamed breaks the code that passes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

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


@dataclass(frozen=True)
class Constructor:
    """The keywords of ``api``'s generated client's constructor the diff compares."""

    credentials: dict[str, Credential]  # ``oauth`` included
    variables: dict[str, ServerVariable]  # the server variables', by keyword


def constructor(api: Api) -> Constructor:
    """The credential and server variable keywords of ``api``'s client."""
    client = client_class("Client", [api])
    credentials = {
        c.keyword: Credential(
            c.keyword, c.annotation, c.doc.removeprefix(f"``{c.keyword}``: ")
        )
        for c in client.credentials
    }
    if client.oauth:
        sent = "OAuth 2.0 credentials (with oauth_tokens=)"
        credentials[OAUTH] = Credential(OAUTH, "OAuthCredentials | None", sent)
    keywords = {v.keyword for v in client.variables}
    first = api.servers[0].variables if api.servers else ()
    variables = {v.python_name: v for v in first if v.python_name in keywords}
    return Constructor(credentials, variables)


def diff_client(old: Api, new: Api) -> tuple[list[Change], dict[str, str]]:
    """The changes to the client as a whole, and the credential keywords renamed (old
    -> new), so that the operations that need them are not reported again; ``old``
    and ``new`` as :func:`generated` gives them."""
    changes: list[Change] = []
    before, after = constructor(old), constructor(new)
    renamed = _credentials(changes, before.credentials, after.credentials)
    _variables(changes, before.variables, after.variables)
    old_base, new_base = _base(old), _base(new)
    if _unnamed(old_base) != _unnamed(new_base):
        message = f"default base URL {old_base or 'none'} is now {new_base or 'none'}"
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


@dataclass(frozen=True)
class _Keyword:
    """A constructor keyword as the messages word it, whatever it sets."""

    keyword: str
    sets: str  # what it sets, as the messages show it in parentheses
    offered: str  # the same, for a keyword added
    renamable: bool  # one removed and one added may be the same, renamed


_Option = TypeVar("_Option")


def _keywords(
    changes: list[Change],
    old: dict[str, _Option],
    new: dict[str, _Option],
    worded: Callable[[_Option], _Keyword],
    recall: bool,
) -> tuple[list[tuple[_Option, _Option]], tuple[_Option, _Option] | None]:
    """The keywords removed and added (one of each: renamed; ``recall``: the message
    says what the old one set too); returns the pairs of those kept, in the old order,
    and the pair renamed."""
    removed = [old[k] for k in old if k not in new]
    added = [new[k] for k in new if k not in old]
    kept = [(old[k], new[k]) for k in old if k in new]
    renamed: tuple[_Option, _Option] | None = None
    if len(removed) == 1 and len(added) == 1:
        before, after = worded(removed[0]), worded(added[0])
        if before.renamable and after.renamable:
            was = f"; it was {before.sets}" if recall else ""
            message = (
                f"now {after.keyword}= ({after.sets}{was}); clients made with "
                f"{before.keyword}= fail"
            )
            where = f"keyword {before.keyword}="
            _add(changes, "client-keyword-renamed", where, True, message)
            renamed = (removed[0], added[0])
            removed, added = [], []
    for option in removed:
        gone = worded(option)
        message = (
            f"keyword removed ({gone.sets}); clients made with {gone.keyword}= fail"
        )
        where = f"keyword {gone.keyword}="
        _add(changes, "client-keyword-removed", where, True, message)
    for option in added:
        fresh = worded(option)
        message = f"optional keyword added ({fresh.offered})"
        where = f"keyword {fresh.keyword}="
        _add(changes, "client-keyword-added", where, False, message)
    return kept, renamed


def _credential_keyword(credential: Credential) -> _Keyword:
    sent = credential.sent
    return _Keyword(credential.keyword, sent, sent, credential.keyword != OAUTH)


def _variable_keyword(variable: ServerVariable) -> _Keyword:
    sets = f"the server URL's {{{variable.name}}}"
    offered = f"{sets}, default {variable.default!r}"
    return _Keyword(variable.python_name, sets, offered, True)


def _credentials(
    changes: list[Change], old: dict[str, Credential], new: dict[str, Credential]
) -> dict[str, str]:
    kept, renamed = _keywords(changes, old, new, _credential_keyword, recall=True)
    for before, after in kept:
        where = f"keyword {after.keyword}="
        if before.annotation != after.annotation:
            message = (
                f"now takes {after.annotation} (it took {before.annotation}): "
                f"{after.sent}"
            )
            _add(changes, "client-keyword-type", where, True, message)
        elif before.sent != after.sent:
            message = f"now {after.sent} (it was {before.sent})"
            _add(changes, "client-keyword-sent", where, False, message)
    return {} if renamed is None else {renamed[0].keyword: renamed[1].keyword}


def _variables(
    changes: list[Change],
    old: dict[str, ServerVariable],
    new: dict[str, ServerVariable],
) -> None:
    kept, renamed = _keywords(changes, old, new, _variable_keyword, recall=False)
    for before, after in kept if renamed is None else [*kept, renamed]:
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


def scheme_keywords(api: Api) -> dict[str, str]:
    """Each security scheme of ``api`` (as :func:`generated` gives it) -> the
    constructor keyword that takes its credential."""
    keyword = {s.name: s.credential for s in api.security_schemes}
    keyword.update((s.name, OAUTH) for s in api.security_schemes if s.kind == "oauth2")
    return keyword


def needs(keyword: dict[str, str], operation: Operation) -> Needs | None:
    """Who may call ``operation`` (as credential keywords; ``keyword``: its API's
    ``scheme_keywords``); None: anyone."""
    alternatives = frozenset(
        frozenset(keyword[name] for name in alternative)
        for alternative in operation.security
    )
    if not alternatives or frozenset() in alternatives:
        return None
    return alternatives


def diff_access(
    old_keywords: dict[str, str],
    new_keywords: dict[str, str],
    old: Operation,
    new: Operation,
    renamed: dict[str, str],
) -> list[Change]:
    """The changes to who may call the operation and where it is sent;
    ``old_keywords`` and ``new_keywords``: each API's ``scheme_keywords``."""
    changes: list[Change] = []
    where = new.operation_id
    before = needs(old_keywords, old)
    after = needs(new_keywords, new)
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

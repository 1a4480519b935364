"""The models and type aliases no operation reaches: component schemas the spec defines
but no operation uses. ``generate`` writes them all the same, importable from the
spec's ``models`` by their name, so the diff compares them by name, as the operations'
(``types``): one removed breaks the code that imports it, and a change in one is
listed under ``(models)``, on the side of its kind (they are response models).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..ir.model import Alias, AliasRef, Api, Model, ModelRef, TypeRef
from ..ir.model import held_types, leaves
from .types import Change, Expanded, TypeComparison

MODELS = "(models)"  # the ``operation`` of a change to a model no operation reaches


def named_types(api: Api) -> dict[str, Model | Alias]:
    """The models and recursive type aliases of ``api``, by name."""
    named: dict[str, Model | Alias] = {model.name: model for model in api.models}
    named.update((alias.name, alias) for alias in api.aliases)
    return named


def reached(api: Api, named: Mapping[str, Model | Alias]) -> set[str]:
    """The names of the models and aliases ``api``'s operations use, at any depth,
    discriminated unions' bases included (``types`` compares them), and components
    that are no model whose types they, or another component, hold written out: the
    change to one is listed where that type's is (under ``(models)`` for a model no
    operation uses). ``named``: ``named_types(api)``."""
    found = {alias.name for alias in api.aliases if alias.used}
    todo: list[TypeRef] = []
    for operation in api.operations:
        todo += [parameter.type for parameter in operation.parameters]
        bodies = [operation.request_body, *(r.body for r in operation.responses)]
        for body in bodies:
            if body is not None:
                todo.append(body.type)
                if body.named is not None:  # the alias its signature names
                    todo.append(AliasRef(body.named))
    while todo:
        for leaf in leaves(todo.pop(), bases=True):
            if isinstance(leaf, (ModelRef, AliasRef)) and leaf.name not in found:
                found.add(leaf.name)
                if leaf.name in named:
                    todo += held_types(named[leaf.name])
    return found


def diff_models(
    old: Mapping[str, Model | Alias],
    new: Mapping[str, Model | Alias],
    old_reached: set[str],
    new_reached: set[str],
    expanded: Expanded,
) -> list[Change]:
    """The changes to the models and aliases no operation reaches on one side at
    least (``old``, ``new``: each API's, by name; ``*_reached``: those its operations
    use), and to those reached only by an operation removed or added; ``expanded``:
    the pairs the operations listed already, which are not listed again."""
    comparison = TypeComparison(old, new, MODELS, expanded)
    for name, before in sorted(old.items()):
        if name in old_reached and name in new_reached:
            continue  # its operations say what changed
        where = f"{MODELS} {name}"
        after = new.get(name)
        if after is None:
            # (a component alias is written out where it is used: no rename says so)
            if name not in old_reached or _written_out(before):
                message = (
                    f"{_noun(before)} removed; code that imports it from the models "
                    "fails"
                )
                comparison.add("model-removed", before.kind, where, True, message)
            continue
        if any((name, name, side) in expanded for side in ("request", "response")):
            continue
        comparison.compare(_ref(before), _ref(after), before.kind, where)
    for name, after in sorted(new.items()):
        if name not in old and name not in new_reached:
            message = f"{_noun(after)} added"
            where = f"{MODELS} {name}"
            comparison.add("model-added", after.kind, where, False, message)
    return comparison.changes


def _noun(named: Model | Alias) -> str:
    return "model" if isinstance(named, Model) else "type alias"


def _ref(named: Model | Alias) -> TypeRef:
    return ModelRef(named.name) if isinstance(named, Model) else AliasRef(named.name)


def _written_out(named: Model | Alias) -> bool:
    """A component that is no model: the types that hold it hold its type, not it."""
    return isinstance(named, Alias) and not named.recursive

"""How a spec's models relate: what each refers to, the cycles they form, and from that
the batches datamodel-code-generator sees, the modules they live in and their order."""

from __future__ import annotations

import hashlib
import heapq
from collections import defaultdict
from collections.abc import Iterator

from ..ir.model import Alias, AliasRef, Api, Model, ModelRef, TypeRef
from ..ir.model import held_types, leaves

BATCH = 48  # models in a batch, about


def refers_to(model: Model | Alias) -> Iterator[str]:
    """The models and aliases that ``model`` names."""
    for type_ in held_types(model):
        yield from model_names(type_)


def cycles(refers: dict[str, set[str]]) -> dict[str, str]:
    """Each model's group: the first model (by name) of the cycle of references it is
    on, or itself (Tarjan's strongly connected components, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    group: dict[str, str] = {}
    for start in sorted(refers):
        if start in index:
            continue
        work = [(start, iter(sorted(refers[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(refers[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                for member in members:
                    group[member] = min(members)
    return group


def batches(models: tuple[Model, ...], keys: dict[str, str]) -> list[list[Model]]:
    """The models dealt to batches by the hash of their key (a group's name, or its
    keeper's), so that an edit leaves every other batch as it was."""
    count = max(1, len(models) // BATCH)
    if count == 1 and len(models) >= BATCH // 3:
        count = 2  # on two workers: a small spec's models are its critical path
    batches: list[list[Model]] = [[] for _ in range(count)]
    for model in models:
        digest = hashlib.sha256(keys[model.name].encode()).digest()
        batches[int.from_bytes(digest[:4], "big") % count].append(model)
    return [batch for batch in batches if batch]


def keepers(refers: dict[str, set[str]], groups: dict[str, str]) -> dict[str, str]:
    """Each group's keeper: the group itself when nothing uses it, else the first (by
    name) of the keepers of the groups that use it. It depends on what the models
    name, never on what else they hold."""
    users: dict[str, set[str]] = defaultdict(set)
    for name, names in refers.items():
        for ref in names:
            if groups[ref] != groups[name]:
                users[groups[ref]].add(groups[name])
    uses: dict[str, set[str]] = defaultdict(set)
    for group, its_users in users.items():
        for user in its_users:
            uses[user].add(group)
    waiting = {group: len(users[group]) for group in set(groups.values())}
    ready = sorted(group for group, count in waiting.items() if count == 0)
    keeper: dict[str, str] = {}
    while ready:  # each group after every group that uses it
        group = ready.pop()
        keeper[group] = min((keeper[user] for user in users[group]), default=group)
        for used in uses[group]:
            waiting[used] -= 1
            if waiting[used] == 0:
                ready.append(used)
    return keeper


def homes(
    order: list[str], refers: dict[str, set[str]], groups: dict[str, str]
) -> dict[str, list[str]]:
    """The models by module: a group of models lives in the module of the models that
    use it when they all live in one (so a body's model comes with the models nested
    in it), else (used from several modules, or from none) in a module of its own. A
    module imports only the modules of models it uses, never in a cycle, so loading a
    model loads little more than the models it is made of."""
    users: dict[str, set[str]] = defaultdict(set)
    for name, names in refers.items():
        for ref in names:
            if groups[ref] != groups[name]:
                users[groups[ref]].add(groups[name])
    home: dict[str, str] = {}
    for group in reversed(list(dict.fromkeys(groups[name] for name in order))):
        homes = {home[user] for user in users[group]}  # users come first
        home[group] = homes.pop() if len(homes) == 1 else group
    members: dict[str, list[str]] = defaultdict(list)
    for name in order:
        members[home[groups[name]]].append(name)
    return members


def dependency_order(
    models: tuple[Model | Alias, ...],
    refers: dict[str, set[str]],
    groups: dict[str, str],
    classes: dict[str, str],
) -> list[str]:
    """The models in the IR's order, but each group after the groups it refers to (so
    no class names a class defined below it); a group's models in the order
    datamodel-code-generator gave them."""
    position = {model.name: index for index, model in enumerate(models)}
    made = list(classes)  # as generated: a batch's own order within a group
    members: dict[str, list[str]] = defaultdict(list)
    for name in made:
        members[groups[name]].append(name)
    needs = {
        group: {groups[ref] for name in names for ref in refers[name]} - {group}
        for group, names in members.items()
    }
    waiting = {group: len(needed) for group, needed in needs.items()}
    needed_by: dict[str, list[str]] = defaultdict(list)
    for group, needed in needs.items():
        for other in needed:
            needed_by[other].append(group)
    ready = [
        (min(position[name] for name in members[group]), group)
        for group, count in waiting.items()
        if count == 0
    ]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, group = heapq.heappop(ready)
        order += members[group]
        for other in needed_by[group]:
            waiting[other] -= 1
            if waiting[other] == 0:
                first = min(position[name] for name in members[other])
                heapq.heappush(ready, (first, other))
    return order


def model_names(type_: TypeRef) -> Iterator[str]:
    """The models and aliases ``type_`` names, at any depth."""
    return (
        leaf.name for leaf in leaves(type_) if isinstance(leaf, (ModelRef, AliasRef))
    )


def shape_batches(
    api: Api,
    refers: dict[str, set[str]],
    groups: dict[str, str],
    shapes: dict[str, str] | None,
) -> list[list[Model]]:
    """The batches of ``api``'s models. Where the batches cannot change what is
    written (``shapes`` are known), a model goes with the models that use it and with
    the models of its shape (each of a shape is written from the first's class), so
    that a batch names few models of another (each such name costs
    datamodel-code-generator a stub); else each group goes by its own name, as the
    models have always gone."""
    if shapes is None:
        return batches(api.models, groups)
    first: dict[str, str] = {}
    for name in sorted(shapes):
        first.setdefault(shapes[name], name)
    same = {name: first[shape] for name, shape in shapes.items()}
    merged: dict[str, set[str]] = defaultdict(set)
    for name, names in refers.items():
        merged[same.get(name, name)].update(same.get(ref, ref) for ref in names)
    merged_groups = cycles(merged)
    keeper = keepers(merged, merged_groups)
    keys = {name: keeper[merged_groups[same[name]]] for name in shapes}
    return batches(api.models, keys)

"""Model drafts and their final names: the second pass of typing schemas.

While schemas are typed (``schemas``), each model is a :class:`Draft` known by a
placeholder token, since its name depends on every other model's. ``name_models``
names all drafts at once (responses first, clashes resolved by ``naming``) and turns
them into the IR's :class:`Model` (``name_aliases``: a draft of a schema that holds
itself with no model between into an :class:`Alias`); ``rename_type`` puts the final
names into any type that refers to a draft. Pure: drafts in, models and the token -> name map out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from .model import (
    Alias,
    AliasRef,
    ArrayOf,
    Field,
    Kind,
    Location,
    MapOf,
    Model,
    ModelRef,
    Presence,
    TypeRef,
    UnionOf,
)
from .naming import choose_model_name, pascal_case


@dataclass(frozen=True)
class Place:
    """Where a schema sits: which side of the wire, and the name that place suggests."""

    kind: Kind
    name: str
    parent: str | None = None  # the token of the model this place is inside, if any
    suffix: str = ""  # the name of the place below that model

    def child(self, suffix: str) -> Place:
        part = pascal_case(suffix)
        return Place(self.kind, self.name + part, self.parent, self.suffix + part)


@dataclass
class Draft:
    """A model being typed: its fields and extra properties, and what may name it."""

    token: str
    kind: Kind
    preferred: str
    context_name: str
    description: str | None
    location: Location
    fields: list[Field] = field(default_factory=list)
    extra: TypeRef | bool = True
    nullable_extra: bool = False
    presence: tuple[Presence, ...] = ()
    titled: bool = True  # ``preferred`` is its component name or title, not its place
    parent: str | None = None  # named after the final name of this model ...
    suffix: str = ""  # ... followed by this, rather than by ``context_name``
    alias: TypeRef | None = None  # a type alias's type (no model): an Alias
    recursive: bool = True  # of an alias: False for a component that is no model
    nullable: bool = False  # of a component's alias: null is a value of it
    component: str | None = None  # the component schema it is (or has the shape of)
    used: bool = False  # of a component's alias: another type holds it


def name_models(
    drafts: Iterable[Draft], home: str = ""
) -> tuple[tuple[Model, ...], dict[str, str]]:
    """The models of ``drafts`` under their final names, sorted by name, and each
    draft's token -> its name; ``home``: the file of the spec's root document, whose
    components keep their names before those of other files."""
    drafts = list(drafts)
    names: dict[str, str] = {}
    holders: set[str] = set()  # lower case: names may not differ only by case
    by_token = {draft.token: draft for draft in drafts}
    # A component's name is its own: no title or place takes it (``blocked``: those
    # names and every name taken).
    blocked = {d.preferred.lower() for d in drafts if d.component is not None}

    def name(draft: Draft) -> str:
        if draft.token not in names:
            # A model inside another is named after that one's final name; a
            # component after its own, if that is taken (``FooBarResponse``).
            context = draft.context_name
            if draft.component is not None and draft.titled:
                context = draft.preferred
            elif draft.parent is not None:
                context = name(by_token[draft.parent]) + draft.suffix
            taken = holders if draft.component is not None else blocked
            preferred = draft.preferred if draft.titled else context
            chosen = choose_model_name(draft.kind, preferred, context, taken)
            holders.add(chosen.lower())
            blocked.add(chosen.lower())
            names[draft.token] = chosen
        return names[draft.token]

    # The aliases of components that are no model come last: they never take a
    # model's name. Of components whose names read alike (``foo_bar``, ``FooBar``),
    # the one named exactly so keeps it, whichever way each goes; of two named alike
    # in two files, the root document's (``Pet`` beside other.yaml's). Then responses:
    # where a shape is both sent and received, the model a user reads keeps the plain
    # name and the one sent gets "Request". Where shapes share a title, the one whose
    # place has that name keeps it (``GetMailThreadResponse`` of getMailThread, not of
    # getMailThreads).
    for draft in sorted(
        drafts,
        key=lambda d: (
            _component_alias(d),
            d.component != d.preferred,
            d.component is not None and d.location.file != home,
            d.kind != "response",
            not _at_home(d),
        ),
    ):
        name(draft)
    models = tuple(
        Model(
            name=names[draft.token],
            kind=draft.kind,
            fields=tuple(
                replace(
                    f,
                    type=rename_type(f.type, names),
                    spec_type=f.spec_type and rename_type(f.spec_type, names),
                )
                for f in draft.fields
            ),
            extra=(
                draft.extra
                if isinstance(draft.extra, bool)
                else rename_type(draft.extra, names)
            ),
            description=draft.description,
            location=draft.location,
            nullable_extra=draft.nullable_extra,
            presence=draft.presence,
        )
        for draft in drafts
        if draft.alias is None
    )
    return tuple(sorted(models, key=lambda model: model.name)), names


def name_aliases(
    drafts: Iterable[Draft], names: Mapping[str, str]
) -> tuple[Alias, ...]:
    """The type aliases of ``drafts`` (recursive types, and components that are no
    model), as ``name_models`` named them."""
    aliases = (
        Alias(
            name=names[draft.token],
            kind=draft.kind,
            type=rename_type(draft.alias, names),
            description=draft.description,
            location=draft.location,
            recursive=draft.recursive,
            nullable=draft.nullable,
            used=draft.used,
        )
        for draft in drafts
        if draft.alias is not None
    )
    return tuple(sorted(aliases, key=lambda alias: alias.name))


def rename_type(type_: TypeRef, names: Mapping[str, str]) -> TypeRef:
    """``type_`` with every model and alias token in it replaced by its name."""
    if isinstance(type_, ModelRef):
        return ModelRef(names[type_.name])
    if isinstance(type_, AliasRef):
        return AliasRef(names[type_.name])
    if isinstance(type_, ArrayOf):
        return replace(type_, item=rename_type(type_.item, names))
    if isinstance(type_, MapOf):
        return replace(type_, value=rename_type(type_.value, names))
    if isinstance(type_, UnionOf):
        discriminator = type_.discriminator
        if discriminator is not None and discriminator.base is not None:
            base = rename_type(discriminator.base, names)
            discriminator = replace(discriminator, base=base)
        return replace(
            type_,
            options=tuple(rename_type(option, names) for option in type_.options),
            discriminator=discriminator,
        )
    return type_


def _component_alias(draft: Draft) -> bool:
    return draft.alias is not None and not draft.recursive


def _at_home(draft: Draft) -> bool:
    """A model whose title is also the name of where it sits (an operation's body)."""
    return draft.titled and draft.preferred == draft.context_name

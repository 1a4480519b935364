"""The names of one ``validators.py``: each given once, and constants shared by value."""

from __future__ import annotations

from .plan import Constant


class ModuleNames:
    """Hands out the module's private names: a name asked for twice gets a number
    (``_check_thing_2``), and a constant written twice is one name."""

    def __init__(self) -> None:
        self._taken: set[str] = set()
        self._constants: dict[str, str] = {}  # expression -> name

    def unique(self, name: str) -> str:
        """``name``, or ``name_2``, ``name_3``, ... if it is taken; now taken."""
        candidate, number = name, 2
        while candidate in self._taken:
            candidate, number = f"{name}_{number}", number + 1
        self._taken.add(candidate)
        return candidate

    def constant(self, stem: str, expression: str) -> str:
        """The name of the module constant ``expression``: ``_STEM``, the first time."""
        name = self._constants.get(expression)
        if name is None:
            name = self.unique("_" + stem.upper())
            self._constants[expression] = name
        return name

    def constants(self) -> tuple[Constant, ...]:
        """Every constant, in the order first asked for."""
        return tuple(Constant(name, value) for value, name in self._constants.items())

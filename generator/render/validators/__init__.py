"""The validators renderer: the plan of each spec's ``validators.py``.

``planner`` makes the plan from the IR, ``plan`` holds its types, ``rules`` the Python
expression of each check, ``sharing`` merges the check functions of alike types.

May import: ``ir``, ``render.literals``, ``errors``.
"""

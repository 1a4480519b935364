"""The output stage: format, cache, manifest, the atomic write, and what the drift check
reads and says.

``format`` runs the pinned formatter (ruff or black) and parses what it returns;
``cache`` keeps results that are pure functions of their inputs, each entry verified on
read; ``manifest`` records the digests of inputs and outputs (and, in the cache, what a
tree made from given inputs holds: ``check``'s fast path); ``write`` swaps a whole
package in at once, replacing only what it wrote, and reads a tree without following
symlinks; ``drift`` compares and reports; ``progress`` shows a long run on a terminal;
``workers`` runs jobs in processes.

May import: ``errors`` and ``target``. Every other stage may use ``cache``.
"""

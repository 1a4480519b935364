"""The output stage: format, cache, manifest, and the atomic write.

``format`` runs the pinned formatter (ruff or black); ``cache`` keeps results that are
pure functions of their inputs; ``manifest`` records the digests of inputs and outputs for
the drift check; ``write`` swaps a whole package in at once; ``workers`` runs jobs in
processes.

May import: ``errors`` and ``target``. Every other stage may use ``cache``.
"""

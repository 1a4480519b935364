"""The spec front end: text on disk -> one checked, resolved document.

``load`` reads a spec and the files its ``$ref``s reach (with ``files``, which reads
a file safely and names its parse in the cache, the only modules here that touch the
disk) into ``document``'s ``Document``s, keeping the line of every node
(``json_text`` reads JSON, ``yaml_text`` YAML, most of it in one pass over the
parser's events with ``plain_yaml``); ``resolve`` replaces each ``$ref``
by its target; ``check`` refuses what is not OpenAPI 3.0/3.1. Every error is a located
``SpecError``.

May import: ``errors``, ``patterns`` and ``output.cache``. Nothing here knows the IR.
"""

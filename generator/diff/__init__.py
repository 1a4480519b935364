"""``pipedrive-codegen diff``: what changed between two specs, for a caller.

A tool beside the pipeline: it loads and builds both specs with the pipeline's own
stages (``build``), compares the IRs (``compare``, ``keywords``, ``client``, ``types``,
``shapes``; ``rules`` and ``unions`` word and classify each change) and prints the
result (``command``). ``options`` is light, for the CLI's parser.

May import: ``spec``, ``ir``, ``output``, ``errors``, and from ``render`` what says how
the generated package treats a type (``client_view``, ``client_class``,
``model_schemas``' typed formats, the formats ``validators.rules`` checks), and the
checks the validators make of a value (``runtime._checks``' formats, ``patterns``), to
tell whether an enum's values pass a type's format and bounds.
"""

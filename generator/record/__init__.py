"""``pipedrive-codegen record``: run scenarios on the live API, write redacted cassettes.

A tool beside the pipeline: ``command`` drives a generated client through a recording
transport, ``redaction`` masks secrets before anything is written, ``scenarios`` and
``cassettes`` are the data and its format.

May import: ``errors`` and ``runtime``. It drives a generated package, never the
generator's stages.
"""

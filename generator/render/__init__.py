"""Renderers: the IR as the text of every file of the generated package.

``package`` renders the package through the Jinja2 templates (``templates``: their
environment, filters and bytecode made ahead); ``models`` has
datamodel-code-generator write the pydantic models (``model_graph`` batches and orders
them); ``client_view`` and ``client_types`` decide everything the client templates print
(``client_method`` each method's signature, body and responses, ``client_docs`` the
methods' docstrings and deprecations),
``client_class`` the client classes' name, base URL and constructor keywords,
``exports`` the names the package root exports;
``validators/`` plans the request and response validators. Pure: the IR in, text out.

May import: ``ir``, ``errors``, ``patterns``, ``output.cache``. Never ``spec`` (the IR is
all it sees).
"""

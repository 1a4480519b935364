"""Runtime of a generated Pipedrive client, copied verbatim into each package.

Generated operation methods describe themselves with an ``Operation`` (``_operation``)
and call ``SyncClient.call`` (``_client``) / ``AsyncClient.call`` (``_async_client``),
and ``paginate`` for list operations. Each module is imported by name, from the module that defines
what it needs: this ``__init__`` imports nothing, so a spec's validators load
``_issues`` and ``_checks`` without the client, httpx or pydantic. The package's own
``__init__`` exports the public names (errors, OAuth, rate limits, raw responses, the
validation vocabulary), each loaded on first use.
"""

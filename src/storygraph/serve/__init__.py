"""The story workbench (``storygraph serve``): a local web application over the store.

``app`` builds the ASGI application (Starlette) and its routes; ``pages`` are the page
handlers, which read through ``overview`` (home, search, claims), ``entity``, ``article``
and ``timeline`` and render with ``render`` (Jinja2 templates, JSON, CSV); ``sparql`` reads
SPARQL 1.1 protocol requests, which ``workers`` answer in processes a time limit can stop;
``handle`` keeps the store open read-only; ``edits`` holds the only changes it can make
(``--allow-edits``); ``server`` runs it with uvicorn. Every script and style it serves is in
``static/`` (vendored libraries under ``static/vendor/``, each with its licence): no page
loads anything from another host.
"""

from __future__ import annotations

from storygraph.serve.app import ServeConfig, create_app
from storygraph.serve.server import serve, serving

__all__ = ["ServeConfig", "create_app", "serve", "serving"]

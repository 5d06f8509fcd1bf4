"""``kg serve``: the store over HTTP — SPARQL 1.1 Protocol, Graph Store Protocol
(read side; writes with ``--update-token``), Linked Data pages and a query page.

The lead's CLI wires three names::

    add_arguments(parser)            # declare --store, --host, --port and every option
    options = options_from_args(ns)  # -> ServeOptions (frozen)
    serve(ns.store, ns.host, ns.port, options)   # blocks until interrupted

See docs/serve.md for the options, the error shape and examples.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from kg.serve.options import ServeOptions, add_arguments, options_from_args
from kg.store import generation_of

__all__ = ["ServeOptions", "add_arguments", "options_from_args", "serve"]


def serve(store_dir: Path, host: str, port: int, options: ServeOptions) -> None:
    """Serve ``store_dir`` on ``host:port`` until interrupted (blocking).

    Raises :class:`kg.errors.StoreError` when no store was built at ``store_dir``.
    """
    import uvicorn

    from kg.serve.app import App
    from kg.serve.guard import protocol_class

    generation = generation_of(store_dir)
    app = App(store_dir, options)
    fast = importlib.util.find_spec("uvloop") is not None
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        lifespan="on",
        access_log=False,
        log_level="warning",
        loop="uvloop" if fast else "asyncio",
        http=protocol_class(options) if importlib.util.find_spec("httptools") else "h11",
        server_header=False,
        date_header=False,
        proxy_headers=False,
        timeout_keep_alive=max(1, round(options.idle_timeout)),
        h11_max_incomplete_event_size=options.max_url + 16 * 1024,
    )
    mode = "read-write (updates enabled, 1 worker)" if options.updates_enabled else "read-only"
    print(f"kg serve: {generation} {mode} on http://{host}:{port}/", file=sys.stderr, flush=True)
    uvicorn.Server(config).run()

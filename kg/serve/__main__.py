"""``python -m kg.serve [--store DIR] [--host H] [--port P] [options]``: see docs/serve.md."""

from __future__ import annotations

import argparse
import sys

from kg.errors import KgError
from kg.serve import add_arguments, options_from_args, serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kg serve", description="Serve the store over SPARQL.")
    add_arguments(parser)
    ns = parser.parse_args(argv)
    try:
        serve(ns.store, ns.host, ns.port, options_from_args(ns))
    except KgError as exc:
        print(f"kg serve: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())

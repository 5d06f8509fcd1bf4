"""Reconciling the gazetteer with Wikidata: ``kg link check`` and ``kg link suggest``.

Modules: :mod:`.client` (the polite HTTP client), :mod:`.http` (retries),
:mod:`.cache` (answers on disk), :mod:`.items` (reading items, comparing
names), :mod:`.check`, :mod:`.suggest`, :mod:`.toml_edit` (writing accepted
links) and :mod:`.cli` (argparse glue).  Only ``kg link`` uses the network;
the build never does.
"""

from __future__ import annotations

from kg.wikidata.cli import add_link_arguments, run_link

__all__ = ["add_link_arguments", "run_link"]

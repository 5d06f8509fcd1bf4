"""Command-line options several commands share, declared once."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg import config
from kg.http import RetryPolicy


def add_store_option(parser: argparse.ArgumentParser) -> None:
    """``--store DIR``: the store link (default ``.kg/store`` or ``$KG_STORE``)."""
    parser.add_argument(
        "--store",
        type=Path,
        default=config.DEFAULT_STORE_DIR,
        help=f"store folder (default: {config.DEFAULT_STORE_DIR})",
    )


def add_retry_options(parser: argparse.ArgumentParser, timeout: float) -> None:
    """``--timeout``, ``--retries``, ``--backoff``, ``--max-wait`` of a :class:`RetryPolicy`."""
    default = RetryPolicy()
    parser.add_argument(
        "--timeout", type=float, default=timeout, help=f"seconds per request (default: {timeout:g})"
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=default.attempts - 1,
        help=f"retries after a failure (default: {default.attempts - 1})",
    )
    parser.add_argument(
        "--backoff",
        type=float,
        default=default.backoff,
        help=f"first wait between retries, doubled each time (default: {default.backoff:g} s)",
    )
    parser.add_argument(
        "--max-wait",
        type=float,
        default=default.max_wait,
        help=f"longest wait, Retry-After included (default: {default.max_wait:g} s)",
    )


def retry_policy(ns: argparse.Namespace) -> RetryPolicy:
    """The :class:`RetryPolicy` the options of :func:`add_retry_options` describe."""
    return RetryPolicy(
        attempts=ns.retries + 1, backoff=ns.backoff, max_wait=ns.max_wait, timeout=ns.timeout
    )

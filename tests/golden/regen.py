"""Rewrite ``tests/golden/seeds.nq`` from the current code (``python -m tests.golden.regen``)."""

from __future__ import annotations

from tests.golden.graph import GOLDEN, canonical


def main() -> None:
    data = canonical()
    GOLDEN.write_bytes(data)
    quads = data.count(b"\n")
    print(f"wrote {GOLDEN} ({quads} quads)")


if __name__ == "__main__":
    main()

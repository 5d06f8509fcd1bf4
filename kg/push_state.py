"""The ``kg push`` resume state: which graphs each Graph Store has, with their digests.

:class:`_State` reads and writes ``.kg/push-state.json`` (atomically); :func:`kg.push.push`
skips with ``resume=True`` the graphs it records as pushed with unchanged content.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from kg.errors import DataError


class _State:
    """``{"version": 1, "targets": {graph_store: {graph: {sha256, triples, status, at}}}}``."""

    def __init__(self, path: Path, target: str) -> None:
        self.path, self.target = path, target
        try:
            self.data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.data = {"version": 1, "targets": {}}
        except (OSError, ValueError) as exc:
            raise DataError(f"{path}: unreadable push state ({exc}); delete it") from None

    def done(self, graph: str, digest: str) -> bool:
        entry = self.data["targets"].get(self.target, {}).get(graph, {})
        return bool(entry.get("status") == "pushed" and entry.get("sha256") == digest)

    def record(self, graph: str, digest: str, triples: int, status: str) -> None:
        graphs = self.data["targets"].setdefault(self.target, {})
        graphs[graph] = {
            "sha256": digest,
            "triples": triples,
            "status": status,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp-{os.getpid()}")
        tmp.write_text(json.dumps(self.data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, self.path)

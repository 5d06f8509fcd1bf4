"""The example queries shown on the query page (``queries/*.rq``).

Each file starts with comment lines ``# title: …`` and ``# description: …``:

>>> parse_header("# title: Votes\\n# description: Every vote.\\nSELECT * {}")
('Votes', 'Every vote.')
"""

from __future__ import annotations

import json
from pathlib import Path


def parse_header(text: str) -> tuple[str, str]:
    """``(title, description)`` from the leading comment lines of a query."""
    fields: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        name, sep, value = body.partition(":")
        if sep and name.strip().lower() in ("title", "description"):
            current = name.strip().lower()
            fields[current] = [value.strip()]
        elif current and body:
            fields[current].append(body)  # a continuation line
    return " ".join(fields.get("title", [])), " ".join(fields.get("description", []))


def load(folder: Path) -> list[dict[str, str]]:
    """Every ``*.rq`` of ``folder``, sorted by file name; an absent folder gives none."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        title, description = parse_header(text)
        found.append(
            {
                "name": path.stem,
                "title": title or path.stem,
                "description": description,
                "query": text,
            }
        )
    return found


def as_json(folder: Path) -> bytes:
    return json.dumps(load(folder), ensure_ascii=False).encode()

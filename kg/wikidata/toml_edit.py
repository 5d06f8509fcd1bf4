"""Set a few keys of one ``[kind.key]`` table in a TOML file (or add a table), touching
nothing else.

The gazetteer is edited by historians: its comments, blank lines, order
and quoting are theirs.  So instead of re-serialising the whole document,
only the lines of the keys being set are replaced (or appended at the end
of their table).  The result is then parsed and compared with the original
plus the intended change; anything else (an unusual layout the line editor
misread) aborts with :class:`DataError` and the file is left as it was.
"""

from __future__ import annotations

import copy
import json
import os
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from kg.errors import DataError

_TABLE = re.compile(r"^\s*\[")


def set_fields(path: Path, edits: Mapping[tuple[str, str], Mapping[str, str]]) -> None:
    """Set string ``fields`` of tables ``[kind.key]`` in the TOML file at ``path``.

    ``edits`` maps ``(kind, key)`` to ``{field: value}``.  Writes atomically.
    Raises :class:`DataError` if the file is not valid TOML, a table is
    absent, or the edit would change anything besides those fields.
    """
    original = path.read_bytes().decode("utf-8")
    try:
        before = tomllib.loads(original)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path}: not valid TOML ({exc})") from None
    newline = "\r\n" if "\r\n" in original else "\n"
    lines = original.splitlines()
    expected = copy.deepcopy(before)
    for (kind, key), fields in edits.items():
        table = expected.get(kind, {}).get(key)
        if not isinstance(table, dict):
            raise DataError(f"{path}: no table [{kind}.{key}]")
        table.update(fields)
        lines = _edit_table(lines, kind, key, fields, path)
    text = newline.join(lines) + (newline if original.endswith(("\n", "\r")) else "")
    _verify(text, expected, path)
    _write_atomically(path, text)


def add_table(
    path: Path,
    kind: str,
    key: str,
    fields: Mapping[str, str | Sequence[str]],
    *,
    check: Callable[[Path], object] | None = None,
) -> None:
    """Append a new table ``[kind.key]`` after the last ``[kind.…]`` table of ``path``.

    ``fields`` are strings or lists of strings, written in their order.  The result
    must parse as the original plus exactly that table; ``check`` (given a temporary
    copy of the edited file, e.g. the gazetteer's loader) may reject it by raising.
    Writes atomically.  Raises :class:`DataError` if the file is not valid TOML, the
    table exists already, or the edit would change anything else.
    """
    original = path.read_bytes().decode("utf-8")
    try:
        before = tomllib.loads(original)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path}: not valid TOML ({exc})") from None
    section = before.get(kind, {})
    if not isinstance(section, dict):
        raise DataError(f"{path}: {kind} is not a table")
    if key in section:
        raise DataError(f"{path}: [{kind}.{key}] is already present")
    newline = "\r\n" if "\r\n" in original else "\n"
    lines = original.splitlines()
    header = re.compile(rf"^\s*\[\s*{re.escape(kind)}\s*\.")
    last = max((i for i, line in enumerate(lines) if header.match(line)), default=None)
    if last is None:
        at = len(lines)
    else:  # after the content of the kind's last table
        end = next((i for i in range(last + 1, len(lines)) if _TABLE.match(lines[i])), len(lines))
        at = max(i for i in range(last, end) if _is_content(lines[i])) + 1
    block = ["", f"[{kind}.{key}]"]
    block += [
        f"{f} = {json.dumps(v if isinstance(v, str) else list(v), ensure_ascii=False)}"
        for f, v in fields.items()
    ]
    lines[at:at] = block
    text = newline.join(lines) + newline
    expected = copy.deepcopy(before)
    expected.setdefault(kind, {})[key] = {
        f: v if isinstance(v, str) else list(v) for f, v in fields.items()
    }
    _verify(text, expected, path)
    if check is not None:
        tmp = path.with_name(f".{path.name}.check-{os.getpid()}{path.suffix}")
        try:
            tmp.write_bytes(text.encode("utf-8"))
            check(tmp)
        finally:
            tmp.unlink(missing_ok=True)
    _write_atomically(path, text)


def _edit_table(
    lines: list[str], kind: str, key: str, fields: Mapping[str, str], path: Path
) -> list[str]:
    start = _header_line(lines, kind, key, path)
    end = next((i for i in range(start + 1, len(lines)) if _TABLE.match(lines[i])), len(lines))
    lines = list(lines)
    for field, value in fields.items():
        assignment = f"{field} = {json.dumps(value, ensure_ascii=False)}"
        pattern = re.compile(rf"^\s*{re.escape(field)}\s*=")
        at = next((i for i in range(start + 1, end) if pattern.match(lines[i])), None)
        if at is not None:
            lines[at] = assignment
            continue
        last = max((i for i in range(start, end) if _is_content(lines[i])), default=start)
        lines.insert(last + 1, assignment)
        end += 1
    return lines


def _header_line(lines: list[str], kind: str, key: str, path: Path) -> int:
    quoted = rf"(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')"
    header = re.compile(rf"^\s*\[\s*{re.escape(kind)}\s*\.\s*{quoted}\s*\]\s*(?:#.*)?$")
    for i, line in enumerate(lines):
        if header.match(line):
            return i
    raise DataError(f"{path}: table [{kind}.{key}] is not written as a header; edit it by hand")


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _verify(text: str, expected: dict[str, Any], path: Path) -> None:
    try:
        after = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path}: the edit would break the file ({exc}); edit it by hand") from None
    if after != expected:
        raise DataError(f"{path}: the edit would change more than asked; edit it by hand")


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(text.encode("utf-8"))
    os.chmod(tmp, path.stat().st_mode & 0o777)
    os.replace(tmp, path)

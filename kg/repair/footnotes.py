"""How a Markdown-ish text prints its footnotes: ``kg/data/repair/footnotes.toml``, typed.

A :class:`NoteStyle` says how a note's body opens a line (``(1) …``,
``<sup>1</sup> …``, ``[1] …``, ``[^1]: …``, ``1. …`` under a ``## Notes``
heading) and how the call of such a note prints in the running text.  The
file is checked when loaded: an unknown or missing key, or a regex that does
not compile, is a :class:`~kg.errors.DataError` naming the file and the key.

>>> rules = footnote_rules()
>>> style, m = rules.note_start("[^2]: Voir Lénine, Œuvres, t. 26.", in_notes=False)
>>> style.name, m.group("label")
('markdown', '2')
>>> [rx.pattern for rx in style.call_patterns("2")]
['\\\\[\\\\^2\\\\]']
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.config import DATA_DIR
from kg.errors import DataError

FILE = DATA_DIR / "repair" / "footnotes.toml"
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_TOP_KEYS = {"notes_heading", "orphan_calls", "styles"}
_STYLE_KEYS = {"name", "start", "calls", "under_heading"}


@dataclass(frozen=True)
class NoteStyle:
    """One way notes print: how a note opens its line, how its calls print."""

    name: str
    start: re.Pattern[str]
    calls: tuple[str, ...]  # regex templates: ``{label}`` the escaped label, ``{sup}`` in ¹²³
    under_heading: bool = False

    def call_patterns(self, label: str) -> list[re.Pattern[str]]:
        """The compiled call regexes of note ``label``, in order of preference."""
        sup = re.escape(label.translate(_SUPERSCRIPT))
        return [
            re.compile(c.replace("{label}", re.escape(label)).replace("{sup}", sup))
            for c in self.calls
        ]


@dataclass(frozen=True)
class FootnoteRules:
    styles: tuple[NoteStyle, ...]
    notes_heading: re.Pattern[str]
    orphan_calls: tuple[re.Pattern[str], ...]

    def note_start(self, line: str, in_notes: bool) -> tuple[NoteStyle, re.Match[str]] | None:
        """The style whose note opens ``line`` (``in_notes``: under a notes heading), if any."""
        for style in self.styles:
            if style.under_heading and not in_notes:
                continue
            m = style.start.match(line)
            if m:
                return style, m
        return None


@cache
def footnote_rules(path: Path = FILE) -> FootnoteRules:
    """The checked rules of ``path``. Raises :class:`~kg.errors.DataError`."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{path}: {exc}") from exc
    _keys(path, "", data, _TOP_KEYS, _TOP_KEYS)
    styles = []
    for k, row in enumerate(data["styles"]):
        where = f"styles[{k}]"
        _keys(path, where, row, _STYLE_KEYS, _STYLE_KEYS - {"under_heading"})
        calls = tuple(str(c) for c in row["calls"])
        for c in calls:
            _compile(path, f"{where}.calls", c.replace("{label}", "1").replace("{sup}", "¹"))
        styles.append(
            NoteStyle(
                str(row["name"]),
                _compile(path, f"{where}.start", row["start"]),
                calls,
                bool(row.get("under_heading", False)),
            )
        )
    return FootnoteRules(
        tuple(styles),
        _compile(path, "notes_heading", data["notes_heading"]),
        tuple(_compile(path, "orphan_calls", c) for c in data["orphan_calls"]),
    )


def _keys(path: Path, where: str, row: object, allowed: set[str], required: set[str]) -> None:
    if not isinstance(row, dict):
        raise DataError(f"{path}: {where or 'top level'}: a table is expected")
    for key in row:
        if key not in allowed:
            raise DataError(f"{path}: {where + '.' if where else ''}{key}: unknown key")
    for key in required - set(row):
        raise DataError(f"{path}: {where + '.' if where else ''}{key}: missing key")


def _compile(path: Path, key: str, pattern: object) -> re.Pattern[str]:
    try:
        return re.compile(str(pattern))
    except re.error as exc:
        raise DataError(f"{path}: {key}: {exc}") from exc

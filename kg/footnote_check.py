"""Footnote calls and notes that do not pair, as build warnings with their seed line.

The repair pairs each note ``[n]`` with the call ``[n]`` of the running
text (:class:`~kg.model_text.Footnote`); a call left without its note stays
in the text as ``[n]`` (or `` (n)`` in Markdown), and a note without a call has
``call_start=None``.
Neither stops a build, but both usually mean a damaged seed, so ``kg build``
prints one warning line for each.
"""

from __future__ import annotations

import re

from kg.model_text import RepairedText

_BRACKETED = re.compile(r"\[([0-9]{1,3}|\*{1,3})\]")
#: a Markdown-style call `` (n)`` after a word, left as printed when note ``n`` is missing
_PARENTHESISED = re.compile(r"(?<=[^\W\d_]|[».,;:!?\"]) \(([0-9]{1,3})\)(?=[\s.,;:!?»]|$)")


def footnote_warnings(source: str, repaired: RepairedText) -> tuple[str, ...]:
    """``source:LINE: …`` for each unpaired call and note, in text order.

    >>> from kg.model_text import Footnote
    >>> text = RepairedText("d", "Un appel [1] et un autre [2].\\n\\n[1] La note.",
    ...                     (Footnote("1", 34, 42, 9, 12),), body_end=29)
    >>> footnote_warnings("d.txt", text)
    ('d.txt: footnote call [2] has no note',)
    """
    paired = {f.call_start for f in repaired.footnotes if f.call_start is not None}
    labels = {f.label for f in repaired.footnotes}
    end = repaired.body_end if repaired.body_end >= 0 else len(repaired.text)
    patterns = (_BRACKETED, _PARENTHESISED) if repaired.footnotes else (_BRACKETED,)
    found: list[tuple[int, str]] = [
        (m.start(1) - 1, f"footnote call [{m.group(1)}] has no note")
        for pattern in patterns
        for m in pattern.finditer(repaired.text, 0, end)
        if m.start() not in paired and m.group(1) not in labels
    ]
    found += [
        (f.start, f"note [{f.label}] has no call in the text")
        for f in repaired.footnotes
        if f.call_start is None
    ]
    out = []
    for offset, message in sorted(found):
        line = repaired.source_line(offset)
        out.append(f"{source}:{line}: {message}" if line else f"{source}: {message}")
    return tuple(out)

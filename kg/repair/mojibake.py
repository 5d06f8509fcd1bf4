"""Undo mojibake: UTF-8 bytes decoded as Latin-1 or CP1252 (``rÃ©volution``, ``â€™``).

The decoding is deterministic, so a well-kept library does it: ``ftfy``'s
``fix_encoding`` re-encodes each suspicious run and decodes it as UTF-8 (it
also knows the CP1252 holes and the no-break space that ``à`` leaves,
``Ã\u00a0``).  Text that is not mojibake is left exactly as it is.  A run that
still looks like mojibake afterwards is reported, not guessed.

>>> fix_mojibake("la rÃ©volution dâ€™Octobre").text
'la révolution d’Octobre'
"""

from __future__ import annotations

import re

from kg.repair.lost import Restored, Unresolved

#: Leftovers typical of UTF-8 read as CP1252/Latin-1 in French text.
SIGNS = re.compile(
    r"Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]|â€|Å[“’]|Â[«»°\u00a0]"
)
_WORD = re.compile(r"\S*(?:" + SIGNS.pattern + r")\S*")


def count_signs(text: str) -> int:
    """How many mojibake sequences ``text`` holds."""
    return len(SIGNS.findall(text))


def fix_mojibake(text: str) -> Restored:
    """``text`` re-decoded where it is mojibake; what still looks broken is reported."""
    import ftfy

    fixed = ftfy.fix_encoding(text)
    left = tuple(
        Unresolved(m.start(), m.end(), "mojibake left after decoding")
        for m in _WORD.finditer(fixed)
    )
    return Restored(fixed, left)

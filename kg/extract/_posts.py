"""Post labels and the gazetteer's posts (``[post.*]`` entries).

A label the text prints ("commissaires du peuple à l'Agriculture") is compared
with the gazetteer's labels and aliases after :func:`normalise` (no accents,
case, apostrophes or final plural ``s``); :func:`post_index` maps every
normalised form to its key.  Used by :mod:`~kg.extract.appointments`.

>>> normalise("Commissaires du peuple à l'Agriculture")
'commissaire du peuple a l agriculture'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kg.gazetteer import Gazetteer
from kg.model import EntityKind


def normalise(label: str) -> str:
    """Compare post labels: no accents, case, apostrophes or final plural ``s``."""
    text = (
        unicodedata.normalize("NFKD", re.sub(r"['’]", " ", label))
        .encode("ascii", "ignore")
        .decode()
        .casefold()
    )
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


@lru_cache(maxsize=4)
def post_index(gazetteer: Gazetteer) -> dict[str, str]:
    """Normalised label or alias → key, for every gazetteer post."""
    out: dict[str, str] = {}
    for e in gazetteer.entities:
        if e.kind == EntityKind.POST:
            for form in (e.label_fr, *e.aliases):
                out.setdefault(normalise(form), e.key)
    return out

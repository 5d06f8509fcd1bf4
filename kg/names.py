"""Tolerant, careful name matching: the one home of name variants and context checks.

The rules are data (``kg/data/patterns/names.toml``, checked when loaded).  Three
modules hold the work, used by :mod:`kg.extract.mentions` after its exact pass; this
one re-exports their public names, so ``from kg import names`` stays the import point:

* :mod:`kg.names_keys`: the typed rules (:func:`rules`) and the keys names are compared
  on.  :func:`variant_index` files every gazetteer form under two variant keys, built
  once per gazetteer: *folded* (:func:`fold`: case, accents, punctuation and the
  transliteration equivalences unified) and *lossy* (:func:`lossy`: letters outside
  ASCII and spaces dropped, for texts that lost their accented letters).  A key claimed
  by two entities is ambiguous and links to neither.  Derived forms join them: a
  person's patronymic alone ("Ilitch", :func:`patronymics`), a body's form without a
  droppable adjective, and (bodies, three words or more) the form with the number
  endings dropped.
* :mod:`kg.names_matching`: :func:`widen`, exact body mentions read with the words
  around them that make a longer name (a wing "S-R de gauche", "Parti des" + members,
  a bracketed faction); :func:`tolerant_mentions`, the names the exact pass missed,
  matched on those keys, plus the longer forms with initials or a given name ("V. I.
  Lénine", "Maria Spiridonova") as further mentions of the same person.
* :mod:`kg.names_context`: :func:`screen`, mentions the context contradicts are
  dropped, never guessed: a body of one city named in another ("… de Moscou", "de cette
  ville", the narrative's city), an ordinal that is not the body's ("IIIe Congrès"),
  another constituency ("… de paysans"), an adjective the one-word form lacks ("Congrès
  extraordinaire"), a generic part ("présidium") whose whole is not the body in
  question.  What is dropped is left for :mod:`kg.extract.candidates` to report.
  :func:`city_at` tells the city the text is in at an offset.
"""

from __future__ import annotations

from kg.names_context import city_at, screen
from kg.names_keys import NameRules, VariantIndex, fold, lossy, patronymics, rules, variant_index
from kg.names_matching import tolerant_mentions, widen

__all__ = [
    "NameRules",
    "VariantIndex",
    "city_at",
    "fold",
    "lossy",
    "patronymics",
    "rules",
    "screen",
    "tolerant_mentions",
    "variant_index",
    "widen",
]

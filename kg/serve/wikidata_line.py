"""The one human line an entity page shows for a Wikidata link's evidence."""

from __future__ import annotations

import re

from kg.serve import html as H

#: What kind of source a ``wikidata_evidence`` names, for the page's one human line.
EVIDENCE_SOURCES = (
    ("kg link suggest", "Wikidata's own data (kg link suggest)"),
    ("rows.json", "a Wikidata SPARQL export"),
    ("items.json", "a Wikidata item export"),
    ("split-items", "a Wikidata item export"),
    ("RuBQ", "a question-answering set run on Wikidata (RuBQ)"),
    ("partyfactsdata", "Wikipedia's links to Wikidata (Party Facts)"),
    ("SPOC", "a Wikidata-generated page (obsidian-wikidata-importer)"),
    ("SpocWiki", "a Wikidata-generated page (obsidian-wikidata-importer)"),
)


def evidence_line(qid: str, evidence: str) -> str:
    """One human line for a link's evidence, the full record behind it.

    >>> evidence_line("Q1", "x/y, content/queries/a/rows.json: …; checked 2026-12")[:98]
    '<div class="wikidata-evidence"><p>Wikidata Q1, checked against a Wikidata SPARQL export (2026)</p>'
    """
    kind = next((k for cue, k in EVIDENCE_SOURCES if cue in evidence), "a public source")
    year = re.search(r"checked (\d{4})", evidence)
    when = f" ({year.group(1)})" if year else ""
    return (
        f'<div class="wikidata-evidence"><p>Wikidata {H.esc(qid)}, checked against '
        f"{H.esc(kind)}{when}</p><details><summary>evidence</summary>{H.esc(evidence)}"
        "</details></div>"
    )

"""Footnotes in every style a seed may print them: each note paired with its call.

The passages are written for these tests (kg/data/repair/footnotes.toml holds the styles).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kg.errors import DataError
from kg.model import DocumentMeta, Edition, RepairedText, SourceDocument, SourceFormat
from kg.repair import repair
from kg.repair.footnotes import footnote_rules

BODY = (
    "Le soviet de Vyborg se réunit le 3 (16) septembre{1}. Le maire y parla longuement, "
    "puis la motion des ouvriers de l’usine fut lue{2}."
)
NOTES = ("Voir A. Ivanov, Chroniques du faubourg, t. II, Paris, 1961, p. 77.", "Texte perdu.")


def document(raw: str, fmt: str = "markdown") -> SourceDocument:
    data = raw.encode("utf-8")
    meta = DocumentMeta(
        "t", "t.txt", "Essai", "Essai", "fr", SourceFormat(fmt), "2026", Edition("Test")
    )
    return SourceDocument(meta, Path("t.txt"), raw, hashlib.sha256(data).hexdigest(), data)


def laid_out(call: str, note: str, notes_heading: str = "", separator: str = "\n\n") -> str:
    """The passage with calls printed as ``call`` and notes as ``note`` (``{n}`` = label)."""
    sup = "⁰¹²³⁴⁵⁶⁷⁸⁹"
    body = BODY.replace("{1}", call.format(n=1, s=sup[1])).replace(
        "{2}", call.format(n=2, s=sup[2])
    )
    notes = separator.join(note.format(n=k, s=sup[k]) + text for k, text in enumerate(NOTES, 1))
    heading = f"{notes_heading}\n\n" if notes_heading else ""
    return f"{body}\n\n{heading}{notes}\n"


STYLES = [
    ("parenthesised", " ({n})", "({n}) ", "", "\n\n"),
    ("superscript", "<sup>{n}</sup>", "<sup>{n}</sup> ", "", "\n\n"),
    ("bracketed", " [{n}]", "[{n}] ", "", "\n\n"),
    ("markdown", "[^{n}]", "[^{n}]: ", "", "\n\n"),
    ("numbered list under a heading", "<sup>{n}</sup>", "{n}. ", "## Notes", "\n"),
    ("numbered list, blank lines", "<sup>{n}</sup>", "{n}. ", "## Notes", "\n\n"),
    ("numbered list, bold heading, bracketed calls", " [{n}]", "{n}) ", "**Notes**", "\n"),
    ("numbered list, superscript digit calls", "{s}", "{n}. ", "Notes :", "\n"),
    ("superscript digits", "{s}", "{s} ", "", "\n\n"),
    ("bracketed in sup", "<sup>[{n}]</sup>", "<sup>[{n}]</sup> ", "", "\n\n"),
    ("reference-style brackets", "[{n}]", "[{n}]: ", "", "\n\n"),
    ("pandoc superscript", "^{n}^", "{n}. ", "# Notes", "\n"),
]


@pytest.mark.parametrize(
    ("style", "call", "note", "heading", "sep"), STYLES, ids=[s[0] for s in STYLES]
)
def test_every_style_pairs_notes_and_calls(
    style: str, call: str, note: str, heading: str, sep: str
) -> None:
    r = repair(document(laid_out(call, note, heading, sep)))
    assert [f.label for f in r.footnotes] == ["1", "2"], style
    for f, text in zip(r.footnotes, NOTES, strict=True):
        assert r.text[f.start : f.end] == text
        assert f.call_start is not None and r.text[f.call_start : f.call_end] == f"[{f.label}]"
    assert "septembre[1]." in r.text and "fut lue[2]." in r.text
    assert "Notes" not in r.text[: r.body_end] and "<sup>" not in r.text
    assert not [x for x in r.flags if x.kind == "footnote"]


def test_squared_unit_is_not_a_call() -> None:
    r = repair(document("La place couvrait 900 m² environ.\n"))
    assert "900 m² environ." in r.text and r.footnotes == () and not r.flags


def test_ordinals_in_sup_are_not_calls() -> None:
    r = repair(
        document("Le II<sup>e</sup> Congrès s’ouvrit<sup>1</sup>.\n\n<sup>1</sup> Voir p. 3.\n")
    )
    assert r.text.startswith("Le IIe Congrès s’ouvrit[1].")
    assert [(f.label, f.call_start is not None) for f in r.footnotes] == [("1", True)]


def test_numbered_list_without_notes_heading_stays_text() -> None:
    r = repair(document("Deux points furent votés :\n\n1. La paix.\n2. La terre.\n"))
    assert r.footnotes == () and "1. La paix." in r.text


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("Un mot sans appel.\n\n[^1]: Voir p. 4.\n", "note 1 has no call in the running text"),
        ("Un appel orphelin<sup>3</sup>.\n\n<sup>1</sup> Voir p. 4.\n", "call 3 has no note"),
        ("Un appel[^x] sans note.\n", "call x has no note"),
    ],
)
def test_unpaired_notes_and_calls_are_flagged_not_fatal(raw: str, reason: str) -> None:
    r: RepairedText = repair(document(raw))
    assert reason in [f.reason for f in r.flags if f.kind == "footnote"]


def test_pdf_text_call_glued_to_a_word() -> None:
    raw = (
        "Les délégués gagnèrent le théâtre Mariinski1. La séance fut brève.\n\n"
        "1 Mariinski : théâtre de Petrograd.\n"
    )
    r = repair(document(raw, "pdf-text"))
    (f,) = r.footnotes
    assert r.text[f.call_start : f.call_end] == "[1]" and r.text[f.start : f.end].startswith(
        "Mariinski :"
    )


def test_unknown_key_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "footnotes.toml"
    bad.write_text(
        "notes_heading = '^## Notes'\norphan_calls = []\n"
        "[[styles]]\nname = 'x'\nstart = '^x'\ncalls = []\ncall = 'typo'\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"styles\[0\]\.call: unknown key"):
        footnote_rules(bad)


def test_unlinked_work_keeps_title_volume_and_pages_in_the_graph() -> None:
    """Through the whole pipeline (SHACL included): the edition node of a work the gazetteer
    lacks carries its printed title; its volume and the cited pages hang under it."""
    from rdflib import Dataset, Literal

    from kg import rdf
    from kg.gazetteer import load_gazetteer
    from kg.pipeline import SharedIndex, process
    from kg.vocab import BIBO, DCTERMS

    gazetteer = load_gazetteer()
    raw = laid_out("[^{n}]", "[^{n}]: ")
    shared = SharedIndex(rdf.gazetteer_graph(gazetteer.entities))
    data = process(document(raw), gazetteer, shared).nquads
    g = Dataset(default_union=True)
    g.parse(data=data.decode(), format="nquads")
    (edition,) = g.subjects(DCTERMS.title, Literal("Chroniques du faubourg", lang="fr"))
    (volume,) = g.subjects(DCTERMS.isPartOf, edition)
    assert g.value(volume, BIBO.volume) == Literal("II")
    (part,) = g.subjects(DCTERMS.isPartOf, volume)
    assert g.value(part, BIBO.pages) == Literal("77")


def test_pdf_text_page_number_under_a_note_is_not_part_of_it() -> None:
    raw = (
        "Le comité de quartier siégea toute la nuit1. Au matin, il\n\n"
        "1 Voir B. Sokolov, Nuits de Vyborg, t. I, p. 12.\n"
        "— 12 —\n"
        " se sépara sans avoir rien décidé.\n"
    )
    r = repair(document(raw, "pdf-text"))
    (f,) = r.footnotes
    assert r.text[f.start : f.end] == "Voir B. Sokolov, Nuits de Vyborg, t. I, p. 12."
    assert "— 12 —" not in r.text and "12 —" not in r.text

"""The repair reads PDF, HTML and TEI into the text its Markdown gives; damage is repaired or flagged."""

from __future__ import annotations

import re

import pytest

from kg import rdf
from kg.gazetteer import load_gazetteer
from kg.model import DamageKind, SourceDocument
from kg.pipeline import process
from kg.repair import damage, repair
from kg.repair.lexicon import Lexicon
from kg.validate import SharedIndex

FORMATS = ("html", "tei", "pdf")


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_text_and_notes_as_markdown(passage_docs: dict[str, SourceDocument], fmt: str) -> None:
    want, got = repair(passage_docs["markdown"]), repair(passage_docs[fmt])
    assert got.text == want.text
    assert got.footnotes == want.footnotes
    assert not got.flags


def test_html_navigation_dropped(passage_docs: dict[str, SourceDocument]) -> None:
    text = repair(passage_docs["html"]).text
    for noise in ("Accueil", "Derniers articles", "©", "let x", "↩"):
        assert noise not in text


@pytest.mark.parametrize("fmt", ("tei", "pdf"))
def test_page_anchors(passage_docs: dict[str, SourceDocument], fmt: str) -> None:
    got = repair(passage_docs[fmt])
    assert got.page_at(0) == "41"
    assert got.page_at(got.text.index("Le 16 (29)")) == "42"


def test_tei_names_are_mentions(passage_docs: dict[str, SourceDocument]) -> None:
    got = repair(passage_docs["tei"])
    found = {(got.text[m.start : m.end], m.kind, m.wikidata) for m in got.mentions}
    assert ("Lénine", "person", "Q1394") in found
    assert ("Petrograd", "place", "Q656") in found
    assert ("Comité central", "body", "") in found


def test_same_facts_through_the_pipeline(passage_docs: dict[str, SourceDocument]) -> None:
    gazetteer = load_gazetteer()
    shared = SharedIndex(rdf.gazetteer_graph(gazetteer.entities))

    def facts(doc: SourceDocument) -> set[str]:
        data = process(doc, gazetteer, shared).nquads.decode().replace(doc.doc_id, "DOC")
        data = re.sub(r"(evidence/\d+-\d+)-[0-9a-f]+", r"\1", data)
        return {q for q in data.splitlines() if "sourceFormat" not in q and "sha256:" not in q}

    want = facts(passage_docs["markdown"])
    assert len(want) > 100
    for fmt in FORMATS:
        assert facts(passage_docs[fmt]) == want, fmt


CASES = [
    (
        "lost-letters",
        "La r\ufffdvolution \ufffd Petrograd, l\ufffdinsurrection.",
        "La révolution à Petrograd, l’insurrection.",
    ),
    (
        "mojibake",
        "La rÃ©volution dâ€™Octobre Ã  Petrograd.",
        "La révolution d’Octobre à Petrograd.",
    ),
    (
        "lost-letters",  # a word made only of marks is read like any other word; never as a flag
        "Des soldats erraient \ufffd\ufffd et l\ufffd sur la place.",
        "Des soldats erraient çà et là sur la place.",
    ),
    ("glued-words", "Il parla avecTrotski dansla salle.", "Il parla avec Trotski dans la salle."),
    ("ocr", "La rnême nuit à Petr0grad.", "La même nuit à Petrograd."),
]


@pytest.mark.parametrize(("kind", "damaged", "clean"), CASES)
def test_each_kind_repaired(kind: str, damaged: str, clean: str) -> None:
    got = damage.prepare(damaged, frozenset({DamageKind(kind)}), Lexicon(""))
    assert got.text == clean


def test_unknown_word_is_kept_and_flagged() -> None:
    text = "Le d\ufffdl\ufffdgu\ufffd Zxq\ufffdvrk parla."
    got = damage.prepare(text, frozenset({DamageKind.LOST_LETTERS}), Lexicon(""))
    assert "Zxq\ufffdvrk" in got.text and got.text.startswith("Le délégué")
    flags = damage.flags(got.text, got.reported)
    assert [got.text[f.start : f.end] for f in flags] == ["Zxq\ufffdvrk"]


def test_seed_damage_kinds_detected(docs_by_id: dict[str, SourceDocument]) -> None:
    assert damage.detect(docs_by_id["000_429393bbd9028836"].raw) == {DamageKind.MARKS}
    assert damage.detect(docs_by_id["003_2d74070e7dd118d0"].raw) == frozenset()

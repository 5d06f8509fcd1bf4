"""Tests of the segment stage (kg.segment): offsets, French sentence splitting."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Footnote, RepairedText, SegmentedText
from kg.repair import repair
from kg.seeds import load
from kg.segment import segment

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def segmented() -> dict[str, SegmentedText]:
    return {d.doc_id: segment(repair(d)) for d in load(ROOT / "seeds")}


def _sentences(text: str) -> list[str]:
    seg = segment(RepairedText("t", text))
    return [text[s.start : s.end] for p in seg.paragraphs for s in p.sentences]


def assert_invariants(seg: SegmentedText) -> None:
    text = seg.text
    previous = 0
    for para in seg.paragraphs:
        chunk = text[para.start : para.end]
        assert chunk and chunk == chunk.strip()
        assert previous <= para.start < para.end
        previous = para.end
        inner = para.start
        for sent in para.sentences:
            piece = text[sent.start : sent.end]
            assert piece and piece == piece.strip()
            assert inner <= sent.start < sent.end <= para.end
            inner = sent.end


def test_seed_invariants(segmented: dict[str, SegmentedText]) -> None:
    for seg in segmented.values():
        assert_invariants(seg)
        assert all(p.sentences for p in seg.paragraphs)


@pytest.mark.parametrize(
    ("doc", "count"), [("000_429393bbd9028836", 17), ("003_2d74070e7dd118d0", 3)]
)
def test_footnote_paragraphs(segmented: dict[str, SegmentedText], doc: str, count: int) -> None:
    seg = segmented[doc]
    notes = [p for p in seg.paragraphs if p.footnote]
    assert [p.footnote for p in notes] == [str(n) for n in range(1, count + 1)]
    for para, note in zip(notes, seg.repaired.footnotes, strict=True):
        assert para.end == note.end and para.sentences[0].start == note.start
        assert para.start >= seg.repaired.body_end
    assert all(p.footnote is None for p in seg.paragraphs if p.end <= seg.repaired.body_end)


SPLITS = [
    (
        "Voir V. Lénine, Œuvres, éd. russe, t. 26, p. 207.",
        ["Voir V. Lénine, Œuvres, éd. russe, t. 26, p. 207."],
    ),
    (
        "A. Rykov, commissaire. N. Kroupskaïa écrit.",
        ["A. Rykov, commissaire.", "N. Kroupskaïa écrit."],
    ),
    ("Moscou 1958, pp. 5-25. Il part.", ["Moscou 1958, pp. 5-25.", "Il part."]),
    ("Moscou 1954, t. Il, première partie.", ["Moscou 1954, t. Il, première partie."]),
    ("les banques, etc. mais non. Puis.", ["les banques, etc. mais non.", "Puis."]),
    ("arrêter les directeurs, etc. Même eux.", ["arrêter les directeurs, etc.", "Même eux."]),
    ("du présent recueil. N.R.)", ["du présent recueil. N.R.)"]),
    ("1. Ne jamais jouer. Il faut.", ["1. Ne jamais jouer.", "Il faut."]),
    ("éclata spontanément[1]. Mais le parti.", ["éclata spontanément[1].", "Mais le parti."]),
    ("Troisième point. »[3] En terminant.", ["Troisième point. »[3]", "En terminant."]),
    ("rire : « Croyez-vous ? » Évidemment, non.", ["rire : « Croyez-vous ? »", "Évidemment, non."]),
    ("« Tout aux Soviets ! », dit-il.", ["« Tout aux Soviets ! », dit-il."]),
    ("en 1897. Les bundistes.", ["en 1897.", "Les bundistes."]),
    ("le pays... Et la coalition ?", ["le pays...", "Et la coalition ?"]),
    ("Le 25 octobre. 15 heures passèrent.", ["Le 25 octobre.", "15 heures passèrent."]),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_sentence_splitting(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_paragraphs_are_blank_line_separated() -> None:
    seg = segment(RepairedText("t", "  Un. Deux.\n\n\n Trois\nquatre. \n \n"))
    assert [seg.text[p.start : p.end] for p in seg.paragraphs] == ["Un. Deux.", "Trois\nquatre."]


def test_footnote_label_and_sentences_after_it() -> None:
    text = "Corps[1].\n\n[1] Voir p. 3. Fin."
    start = text.index("Voir")
    rep = RepairedText("t", text, (Footnote("1", start, len(text), 5, 8),), body_end=9)
    seg = segment(rep)
    assert seg.paragraphs[1].footnote == "1"
    assert [text[s.start : s.end] for s in seg.paragraphs[1].sentences] == ["Voir p. 3.", "Fin."]


_ALPHABET = st.sampled_from([*"ab AÉé.!?…»«[]1()\n\n\t\u00a0N.R.t.", "etc.", " V. ", "[2]"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_invariants_on_random_text(text: str) -> None:
    seg = segment(RepairedText("t", text))
    assert_invariants(seg)
    covered = "".join(text[s.start : s.end] for p in seg.paragraphs for s in p.sentences)
    assert "".join(covered.split()) == "".join(text.split())  # no visible character lost


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_invariants_on_any_text(text: str) -> None:
    assert_invariants(segment(RepairedText("t", text)))

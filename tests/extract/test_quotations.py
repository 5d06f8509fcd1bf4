"""The quotations extractor: words said or written, their speaker and source; titles and scare quotes are not."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from kg.extract import documents, prepare
from kg.extract.quotations import extract, quoted_spans
from kg.gazetteer import load_gazetteer
from kg.model import FactKind, FactRef, Quotation, RepairedText
from kg.pipeline import repaired_text
from kg.seeds import load
from kg.segment import segment

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
DOC_KRUPSKAYA = "000_429393bbd9028836"
DOC_LENIN = "003_2d74070e7dd118d0"


def quotations(text: str) -> tuple[Quotation, ...]:
    seg = segment(RepairedText("t", text))
    ctx = prepare(seg, load_gazetteer())
    return extract(ctx, documents.extract(ctx))


@cache
def real(doc_id: str) -> tuple[Quotation, ...]:
    doc = next(d for d in load(SEEDS) if d.doc_id == doc_id)
    seg = segment(repaired_text(doc))
    ctx = prepare(seg, load_gazetteer())
    return extract(ctx, documents.extract(ctx))


def by_start(found: tuple[Quotation, ...], words: str) -> Quotation:
    return next(q for q in found if q.text.startswith(words))


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        (
            'Lénine tranche : "Il faut rompre les pourparlers."',
            "Il faut rompre les pourparlers.",
            "lenin",
        ),
        ('Pour Kamenev, "il n\'y a pas de quoi rompre".', "il n'y a pas de quoi rompre", "kamenev"),
        (
            "« Proposer la paix aux peuples, c’est s’assurer la victoire », écrivait Lénine.",
            "Proposer la paix aux peuples, c’est s’assurer la victoire",
            "lenin",
        ),
        (
            "Marx a cité le mot de Danton, le plus grand maître : « de l’audace, encore de l’audace »",
            "de l’audace, encore de l’audace",
            "danton",
        ),
        (
            "Lénine partit d’un éclat de rire : « Croyez-vous que quelqu’un parmi nous la possède ? »",
            "Croyez-vous que quelqu’un parmi nous la possède ?",
            "lenin",
        ),
        (
            'Lounatcharski accuse Lénine de se complaire à la guerre : "A la fin restera un seul dictateur".',
            "A la fin restera un seul dictateur",
            "lunacharsky",
        ),
    ],
)
def test_attributed_quotations(text: str, quote: str, speaker: str) -> None:
    (q,) = quotations(text)
    assert q.text == quote and q.speaker is not None and q.speaker.key == speaker
    assert text[q.evidence.start : q.evidence.end] == quote


@pytest.mark.parametrize(
    "text",
    [
        "Des journaux bolcheviks, dont la « Pravda », furent interdits.",  # a title
        "Cela veut dire : offensive contre notre « garde bourgeoise » (élèves-officiers).",  # a scare quote
        'La droite veut la "coalition" avec les "socialistes".',  # single words
        '"Le gouvernement de coalition ou les marins"\n\nJe ne peux pas présenter de rapport.',  # a heading
        'Quand on nous dit que nous "n\'avons pas le pouvoir", il faut les arrêter.',  # indirect speech
        "J’ai écrit : « Les bolcheviks garderont-ils le pouvoir ? »",  # a title after a verb of saying
    ],
)
def test_titles_and_scare_quotes_are_not_quotations(text: str) -> None:
    assert quotations(text) == ()


def test_unnamed_speaker_is_described() -> None:
    (q,) = quotations('Un délégué de Tver au congrès des soviets a dit : "Arrêtez-les tous !"')
    assert q.speaker is None and q.speaker_label == "Un délégué de Tver au congrès des soviets"


def test_nested_spans() -> None:
    text = "« Marx écrivait : « Comme la guerre, l’insurrection est un art. » Fin. »"
    assert [(s, e, d) for s, e, d in quoted_spans(text)] == [(0, len(text), 0), (18, 65, 1)]


def test_krupskaya_quotations() -> None:
    found = real(DOC_KRUPSKAYA)
    marx = by_start(found, "Comme la guerre")
    assert marx.speaker.key == "marx" and marx.within  # type: ignore[union-attr]
    assert by_start(found, "de l’audace").speaker.key == "danton"  # type: ignore[union-attr]
    conseils = by_start(found, "… l’insurrection armée")
    assert (conseils.speaker.key, conseils.work, conseils.footnote) == (
        "lenin",
        FactRef(FactKind.DECREE, "advice-of-an-onlooker"),
        "7",
    )  # type: ignore[union-attr]
    appeal = by_start(found, "Le Gouvernement provisoire est renversé")
    assert appeal.speaker.key == "military-revolutionary-committee" and appeal.work == FactRef(
        FactKind.DECREE, "appeal-to-citizens-of-russia"
    )  # type: ignore[union-attr]
    report = by_start(found, "Des voix se font entendre")
    assert (report.speaker.key, report.work, report.date.julian.isoformat()) == (
        "lenin",
        FactRef(FactKind.DECREE, "report-on-land"),
        "1917-10-26",
    )  # type: ignore[union-attr]
    assert by_start(found, "Un jour il me chargea").speaker.key == "fofanova"  # type: ignore[union-attr]
    dialogue = [q for q in found if q.within and q.within.key.startswith("fofanova")]
    assert len(dialogue) == 3 and all(q.speaker and q.speaker.key == "lenin" for q in dialogue)
    assert by_start(found, "Je suis parti là").speaker.key == "lenin"  # type: ignore[union-attr]
    assert by_start(found, "La direction des diverses").work == FactRef(
        FactKind.DECREE, "decree-formation-of-government"
    )
    texts = {q.text for q in found}
    assert not texts & {
        "garde bourgeoise",
        "Pravda",
        "avantage moral",
        "sale bureaucratie",
        "Aux citoyens de Russie",
    }
    assert len(found) == 17


def test_lenin_speech_quotations() -> None:
    found = real(DOC_LENIN)
    speakers = {q.text[:20]: (q.speaker.key if q.speaker else q.speaker_label) for q in found}
    assert speakers["Il faut rompre les p"] == "lenin"
    assert speakers["il n'y a pas de quoi"] == "kamenev"
    assert speakers["Les bolcheviks ne vo"] == "lunacharsky"
    assert speakers["Tous les bolcheviks "] == "krasin"
    assert speakers["de mettre fin à des "] == "trotsky"
    assert speakers["Arrêtez-les tous !"] == "Un délégué de Tver au congrès des soviets"
    assert speakers["Pas d'accords, c'est"] == "lenin"  # "Notre slogan", in Lenin's own speech
    assert "coalition" not in {q.text for q in found}
    assert len(found) == 12

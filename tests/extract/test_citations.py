"""The citations extractor: footnote references as bibliographic records."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from kg.extract import documents, prepare, quotations
from kg.extract.citations import extract, inline_references, references
from kg.extract.context import Context
from kg.extract.rules import load_rules
from kg.gazetteer import load_gazetteer
from kg.model import Citation, FactKind, FactRef, Footnote, RepairedText
from kg.pipeline import repaired_text
from kg.seeds import load
from kg.segment import segment

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
DOC_KRUPSKAYA = "000_429393bbd9028836"
DOC_LENIN = "003_2d74070e7dd118d0"


def with_note(
    body: str,
    running: str = "« Proposer la paix aux peuples, c’est s’assurer la victoire »[1], écrivait Lénine.",
) -> Context:
    """A running text whose quotation is followed by call [1], and note 1 = ``body``."""
    call = running.index("[1]")
    text = f"{running}\n\n[1] {body}"
    start = text.index(body)
    note = Footnote("1", start, start + len(body), call, call + 3)
    seg = segment(RepairedText("t", text, (note,), body_end=len(running)))
    return prepare(seg, load_gazetteer())


@cache
def real(doc_id: str) -> dict[str, Citation]:
    doc = next(d for d in load(SEEDS) if d.doc_id == doc_id)
    seg = segment(repaired_text(doc))
    ctx = prepare(seg, load_gazetteer())
    return {c.footnote: c for c in extract(ctx, quotations.extract(ctx, documents.extract(ctx)))}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Voir V. Lénine, Œuvres, 4e éd. russe, t. 26, pp. 1-3.",
            {
                "work_title": "Œuvres",
                "edition": "4e éd. russe",
                "volume": "26",
                "pages": "1-3",
                "work": "bolsheviks-must-assume-power",
                "author": "lenin",
            },
        ),
        (
            "Voir V. Lénine, Marx-Engels-Marxisme. Éditions en langues étrangères. Moscou 1954, pp. 454-455.",
            {
                "work_title": "Marx-Engels-Marxisme",
                "pages": "454-455",
                "year": 1954,
                "publisher": "Éditions en langues étrangères",
                "place": "Moscou",
                "work": "marxism-and-insurrection",
            },
        ),
        (
            "Voir V. Lénine, Œuvres choisies en deux volumes, Éditions en langues étrangères, Moscou 1954, "
            "t. Il, première partie, p. 325-326.",
            {
                "volume": "II",
                "part": "première partie",
                "pages": "325-326",
                "work": "report-on-land",
            },
        ),
        (
            "Extraits du procès-verbal des débats du comité de Petrograd du 1er novembre 1917, in Bulletin de "
            "l'Opposition, n° 7, novembre-décembre 1929, pp. 6 à 8 (supprimé du volume publié à Moscou en 1927).",
            {
                "work": "petrograd-committee-minutes",
                "container_title": "Bulletin de l'Opposition",
                "issue": "7",
                "pages": "6-8",
                "year": 1929,
                "place": "",
            },
        ),
        (
            "L’auteur fait allusion à la fable de Krylov « Le cygne, le brochet et l’écrevisse ». (Note du Trad.)",
            {
                "work": "swan-pike-crawfish",
                "author": "krylov",
                "characterisation": "citesAsRelated",
            },
        ),
    ],
)
def test_reference_fields(body: str, expected: dict[str, object]) -> None:
    (c,) = references(with_note(body))
    for name, value in expected.items():
        got = getattr(c, name)
        got = got.key if name == "author" and got is not None else got
        assert got == value, name


def test_explanatory_notes_are_not_references() -> None:
    assert references(with_note("G. Erlich, social-démocrate menchévik.")) == ()


def test_reference_supports_the_quotation_before_its_call() -> None:
    ctx = with_note("Voir V. Lénine, Œuvres, 4e éd. russe, t. 26, pp. 1-3.")
    (c,) = extract(ctx, quotations.extract(ctx, documents.extract(ctx)))
    assert c.cites is not None and c.cites.kind is FactKind.QUOTATION
    assert c.cites.key.startswith("lenin-Proposer-la-paix")


def test_krupskaya_references() -> None:
    found = real(DOC_KRUPSKAYA)
    assert sorted(found, key=int) == ["2", "3", "5", "6", "7", "8", "10", "14", "16", "17"]
    assert (found["5"].repeats, found["5"].year, found["5"].place) == (
        FactRef(FactKind.CITATION, "note-3"),
        1954,
        "Moscou",
    )
    assert found["7"].work == "advice-of-an-onlooker" and found["6"].work == "advice-of-an-onlooker"
    assert found["6"].author.key == "lenin"  # type: ignore[union-attr]  # not Krupskaya, who is named first
    assert (found["10"].work_title, found["10"].pages) == ("Lénine tel qu’il fut", "722")
    assert all(c.cites for c in found.values())
    assert (
        found["17"].work == "decree-formation-of-government"
        and found["17"].cites is not None
        and found["17"].cites.kind is FactKind.QUOTATION
    )


def test_lenin_speech_reference() -> None:
    (c,) = real(DOC_LENIN).values()
    assert (c.work, c.issue, c.pages, c.year) == ("petrograd-committee-minutes", "7", "6-8", 1929)
    assert c.container is not None and c.container.key == "bulletin-of-the-opposition"


def test_concordance_names_gazetteer_works() -> None:
    gazetteer = load_gazetteer()
    for row in load_rules()["citations"]["concordance"]:
        assert gazetteer.get(row["book"]) is not None and gazetteer.get(row["work"]) is not None


# --------------------------------------------------------------------------- as printed


@pytest.mark.parametrize(
    ("body", "title", "volume", "pages", "year"),
    [
        # a work the gazetteer lacks keeps its printed title; place and year of the imprint
        (
            "M. Petrov, Souvenirs d’un cheminot, Paris, 1962, pp. 14-19.",
            "Souvenirs d’un cheminot",
            "",
            "14-19",
            1962,
        ),
        # the note's own date before "voir" is not the imprint's year
        (
            "Tract du 3 (16) mars 1917 ; voir Archives de la Néva, t. IV, p. 88.",
            "Archives de la Néva",
            "IV",
            "88",
            None,
        ),
        # an English title, a two-word place
        (
            "J. Smith, Red Days in the Capital, New York, 1958, p. 201.",
            "Red Days in the Capital",
            "",
            "201",
            1958,
        ),
        # "recueillis dans" introduces the book; a Roman volume
        (
            "Récit de S. Orlov, recueillis dans Témoins de la Baltique, t. III, Moscou, 1970, pp. 5-9.",
            "Témoins de la Baltique",
            "III",
            "5-9",
            1970,
        ),
        # a publisher after the place
        (
            "Voir P. Duval, Les soviets de province, Lyon, Éditions du Rhône, 1949, p. 312.",
            "Les soviets de province",
            "",
            "312",
            1949,
        ),
    ],
)
def test_title_as_printed(body: str, title: str, volume: str, pages: str, year: int | None) -> None:
    (c,) = references(with_note(body))
    assert (c.work_title, c.printed_title, c.volume, c.pages, c.year) == (
        title,
        title,
        volume,
        pages,
        year,
    )
    assert c.book is None


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ("N. Belov, Le faubourg rouge, Paris, Éditions du Quai, 1972.", "Le faubourg rouge"),
        ("Voir notamment A. Ivanov, Chroniques du faubourg, p. 3.", "Chroniques du faubourg"),
    ],
)
def test_reference_without_locator_or_with_longer_lead(body: str, title: str) -> None:
    (c,) = references(with_note(body))
    assert c.work_title == title


def test_explanatory_note_ending_with_a_year_is_not_a_reference() -> None:
    assert references(with_note("Ouvrier de l’usine Poutilov, arrêté en 1915.")) == ()


def test_printed_title_beside_a_gazetteer_edition() -> None:
    (c,) = references(with_note("V. Lénine, Œuvres complètes, 5e éd., t. 40, pp. 1-2."))
    assert (c.book.key if c.book else None, c.printed_title, c.volume) == (  # type: ignore[union-attr]
        "lenin-oeuvres",
        "Œuvres complètes",
        "40",
    )


def test_a_periodical_part_has_no_printed_title() -> None:
    (c,) = references(with_note("Compte rendu de la séance, in La Gazette ouvrière, n° 4, p. 2."))
    assert c.printed_title == "" and c.container_title == "La Gazette ouvrière"


def in_text(running: str) -> Context:
    seg = segment(RepairedText("t", running, (), body_end=len(running)))
    return prepare(seg, load_gazetteer())


@pytest.mark.parametrize(
    ("running", "expected"),
    [
        (
            "Il le répéta souvent (Œuvres, t. 26, pp. 192-194) devant les délégués.",
            [("Œuvres", "26", "192-194")],
        ),
        (
            "On lira le récit dans Chroniques du faubourg, t. II, p. 45, qui reste précieux.",
            [("Chroniques du faubourg", "II", "45")],
        ),
        (
            "La lettre est connue (voir A. Ivanov, Chroniques du faubourg, Paris, 1961, p. 77).",
            [("Chroniques du faubourg", "", "77")],
        ),
        ("Le congrès dura du 3 (16) au 5 (18) juin ; 822 délégués y siégèrent.", []),
        ("Ce point est discuté ailleurs (voir plus haut, p. 4).", []),
    ],
)
def test_inline_references(running: str, expected: list[tuple[str, str, str]]) -> None:
    ctx = in_text(running)
    found = inline_references(ctx)
    assert [(c.work_title, c.volume, c.pages) for c in found] == expected
    assert all(c.inline and c.footnote == "" and c.key.startswith("ref-") for c in found)


def with_notes(*bodies: str) -> Context:
    """A running text calling notes 1…n, one body each."""
    running = " ".join(f"Phrase {k}[{k}]." for k in range(1, len(bodies) + 1))
    text = running + "".join(f"\n\n[{k}] {b}" for k, b in enumerate(bodies, 1))
    notes = []
    for k, b in enumerate(bodies, 1):
        start, call = text.index(f"[{k}] {b}") + len(f"[{k}] "), running.index(f"[{k}]")
        notes.append(Footnote(str(k), start, start + len(b), call, call + len(f"[{k}]")))
    return prepare(
        segment(RepairedText("t", text, tuple(notes), body_end=len(running))), load_gazetteer()
    )


@pytest.mark.parametrize(
    ("bodies", "expected"),
    [
        (
            ("A. Ivanov, Chroniques du faubourg, Paris, 1961, p. 77.", "Ibid., p. 80."),
            [
                ("Chroniques du faubourg", "", "77", None),
                ("Chroniques du faubourg", "", "80", "note-1"),
            ],
        ),
        (
            (
                "B. Sokolov, Nuits de Vyborg, tome III, Moscou, 1966, pages 12 à 15.",
                "A. Ivanov, Chroniques du faubourg, p. 9.",
                "Sokolov, op. cit., p. 40.",
            ),
            [
                ("Nuits de Vyborg", "III", "12-15", None),
                ("Chroniques du faubourg", "", "9", None),
                ("Nuits de Vyborg", "III", "40", "note-1"),
            ],
        ),
        (
            ("Cf. Archives de la Néva, vol. 2, p. 5.", "Id., vol. 4, p. 1."),
            [("Archives de la Néva", "2", "5", None), ("Archives de la Néva", "4", "1", "note-1")],
        ),
    ],
)
def test_repeats_and_volume_words(
    bodies: tuple[str, ...], expected: list[tuple[str, str, str, str | None]]
) -> None:
    got = [
        (c.work_title, c.volume, c.pages, c.repeats.key if c.repeats else None)
        for c in references(with_notes(*bodies))
    ]
    assert got == expected

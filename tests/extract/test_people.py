"""The people extractor: typed name forms and "Birthname (Pseudonym)" pairs."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from kg.extract import prepare
from kg.extract.context import Context
from kg.extract.people import extract, name_type
from kg.gazetteer import load_gazetteer
from kg.model import NameType, NameUsage, RepairedText
from kg.pipeline import repaired_text
from kg.seeds import load
from kg.segment import segment

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

DOC_KRUPSKAYA = "000_429393bbd9028836"
DOC_LENIN = "003_2d74070e7dd118d0"


def context(text: str, doc_id: str = "t") -> Context:
    seg = segment(RepairedText(doc_id, text))
    return prepare(seg, load_gazetteer())


@cache
def usages(doc_id: str) -> tuple[NameUsage, ...]:
    doc = next(d for d in load(SEEDS) if d.doc_id == doc_id)
    seg = segment(repaired_text(doc))
    return extract(prepare(seg, load_gazetteer()))


def forms(found: tuple[NameUsage, ...]) -> set[tuple[str, str, str]]:
    return {(u.person.key, u.person.span.text, u.person.name_type.value) for u in found}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "L. Bronstein (Trotski), aux Affaires étrangères.",
            {("trotsky", "L. Bronstein", "birth-name"), ("trotsky", "Trotski", "pseudonym")},
        ),
        (
            "Vladimir Oulianov (Lénine) fut nommé Président.",
            {("lenin", "Vladimir Oulianov", "birth-name"), ("lenin", "Lénine", "pseudonym")},
        ),
        (
            "G. Oppokov (Lomov) à la Justice.",
            {("lomov", "G. Oppokov", "birth-name"), ("lomov", "Lomov", "pseudonym")},
        ),
        (
            "N. Avilov (Glébov) aux Postes.",
            {("avilov", "N. Avilov", "birth-name"), ("avilov", "Glébov", "pseudonym")},
        ),
        (
            "Au cours de mes rencontres avec Vladimir Ilitch, je lui parlai.",
            {("lenin", "Vladimir Ilitch", "patronymic")},
        ),
        # the patronymic alone of a "Given Patronymic" form is that person's too
        ("Ce soir-là, Ilitch relut longuement ses notes.", {("lenin", "Ilitch", "patronymic")}),
        ("A. Rykov, commissaire du peuple.", {("rykov", "A. Rykov", "initials")}),
        # initials before a hyphenated name the gazetteer also knows cut ("I. Skvortsov")
        (
            "Il céda la parole à I. I. Skvortsov-Stépanov.",
            {
                ("skvortsov-stepanov", "I. I. Skvortsov-Stépanov", "initials"),
                ("skvortsov-stepanov", "Skvortsov-Stépanov", "surname"),
            },
        ),
        (
            "I. Todorovitch, à l'Alimentation.",
            {("teodorovich", "I. Todorovitch", "transliteration")},
        ),
        (
            "En l'absence de Lénine et de Trotsky.",
            {("lenin", "Lénine", "pseudonym"), ("trotsky", "Trotsky", "transliteration")},
        ),
        ("Une proposition de Kamenev.", {("kamenev", "Kamenev", "transliteration")}),
        ("Avec Génia Egorova, nous montâmes.", {("egorova", "Génia Egorova", "full")}),
        ("Spiridonova était assise.", {("spiridonova", "Spiridonova", "surname")}),
        # a given name alone, or an epithet, has no NameType: left untyped
        ("Par le truchement de Margarita il m'adressait des missives.", set()),
        ("Rykov (Alexis le bègue) se sont détachés.", {("rykov", "Rykov", "surname")}),
    ],
)
def test_name_forms(sentence: str, expected: set[tuple[str, str, str]]) -> None:
    assert forms(extract(context(sentence))) == expected


def test_pair_needs_one_person_in_both_parts() -> None:
    # the parenthesis names another person: not a pseudonym
    found = extract(context("A. Rykov (Kamenev) parla."))
    assert all(u.person.name_type is not NameType.BIRTH_NAME for u in found)


def test_pair_usages_point_at_each_other_with_the_pair_as_evidence() -> None:
    birth, pseudo = extract(context("J. Djougachvili (Staline), président."))[:2]
    assert birth.paired == pseudo.ref and pseudo.paired == birth.ref
    assert birth.evidence.text == pseudo.evidence.text == "J. Djougachvili (Staline)"


def test_name_type_uses_the_gazetteer() -> None:
    ctx = context("Staline.")
    stalin = ctx.gazetteer["stalin"]
    assert name_type(ctx, "Staline", stalin) is NameType.PSEUDONYM
    assert name_type(ctx, "Djougachvili", stalin) is NameType.BIRTH_NAME


@pytest.mark.parametrize(
    ("key", "form", "expected"),
    [
        # party and pen names are pseudonyms, by the gazetteer's data (issue 14)
        ("molotov", "Molotov", NameType.PSEUDONYM),
        ("zinoviev", "Zinoviev", NameType.PSEUDONYM),
        ("gorky", "Gorki", NameType.PSEUDONYM),
        ("kamkov", "Kamkov", NameType.PSEUDONYM),
        ("molotov", "Skriabine", NameType.BIRTH_NAME),
        ("gorky", "Pechkov", NameType.BIRTH_NAME),
        # a surname that is the person's own stays a surname
        ("sverdlov", "Sverdlov", NameType.SURNAME),
        ("rykov", "Rykov", NameType.SURNAME),
    ],
)
def test_pseudonyms_are_typed_from_the_gazetteer(key: str, form: str, expected: NameType) -> None:
    ctx = context(f"{form}.")
    assert name_type(ctx, form, ctx.gazetteer[key]) is expected


def test_seed_pseudonyms_are_typed_as_such() -> None:
    """Molotov, Zinoviev and Gorki in the seeds are pseudonyms, not surnames."""
    found = {
        (u.person.key, u.person.name_type)
        for doc_id in (DOC_KRUPSKAYA, DOC_LENIN)
        for u in usages(doc_id)
        if u.person.key in ("molotov", "zinoviev", "gorky")
    }
    assert {key for key, _ in found} == {"molotov", "zinoviev", "gorky"}
    assert {kind for _, kind in found} == {NameType.PSEUDONYM}


def test_krupskaya_pairs() -> None:
    pairs = {
        (u.person.key, u.person.span.text)
        for u in usages(DOC_KRUPSKAYA)
        if u.person.name_type is NameType.BIRTH_NAME
    }
    assert pairs == {
        ("lenin", "Vladimir Oulianov"),
        ("trotsky", "L. Bronstein"),
        ("stalin", "J. Djougachvili"),
        ("lomov", "G. Oppokov"),
        ("antonov-ovseyenko", "V. Ovséenko"),
        ("skvortsov-stepanov", "I. Skvortsov"),
        ("avilov", "N. Avilov"),
    }


def test_documents_spell_names_differently() -> None:
    assert ("trotsky", "Trotski", "pseudonym") in forms(usages(DOC_KRUPSKAYA))
    assert ("trotsky", "Trotsky", "transliteration") in forms(usages(DOC_LENIN))
    assert ("kamenev", "Kaménev", "pseudonym") in forms(usages(DOC_KRUPSKAYA))
    assert ("kamenev", "Kamenev", "transliteration") in forms(usages(DOC_LENIN))
    assert ("teodorovich", "Teodorovitch", "surname") in forms(usages(DOC_LENIN))


def test_keys_are_unique_and_evidence_is_exact() -> None:
    for doc_id in (DOC_KRUPSKAYA, DOC_LENIN):
        found = usages(doc_id)
        assert len({u.key for u in found}) == len(found)
        for u in found:
            assert u.person.span.text in u.evidence.text


@pytest.mark.parametrize(
    ("forms_by_person", "expected"),
    [
        # one person's "Given Patronymic": the patronymic alone is a variant key of theirs
        ({"a": ("Piotr Ivanovitch",), "b": ("Boris Sokolov",)}, ("a",)),
        # two persons share the patronymic: it links to neither
        ({"a": ("Piotr Ivanovitch",), "b": ("Pavel Ivanovitch",)}, None),
        # no given name before it: no patronymic form
        ({"a": ("Le Ivanovitch",)}, None),
    ],
)
def test_patronymic_alone(forms_by_person: dict, expected: tuple[str, ...] | None) -> None:
    from kg import names
    from kg.gazetteer_model import Gazetteer
    from kg.model import Entity, EntityKind

    gaz = Gazetteer(
        tuple(
            Entity(key, EntityKind.PERSON, forms[0], aliases=forms)
            for key, forms in forms_by_person.items()
        )
    )
    keys = names.variant_index(gaz).folded.get(names.fold("Ivanovitch"))
    assert (keys if keys is None or len(keys) == 1 else None) == expected

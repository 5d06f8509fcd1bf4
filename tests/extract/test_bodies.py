"""The bodies extractor: memberships, part-of and other stated relations, located places."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from kg.extract import prepare
from kg.extract.bodies import extract
from kg.gazetteer import load_gazetteer
from kg.model import BodyRelation, Fact, Membership, RepairedText
from kg.pipeline import repaired_text
from kg.seeds import load
from kg.segment import segment

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

DOC_KRUPSKAYA = "000_429393bbd9028836"
DOC_LENIN = "003_2d74070e7dd118d0"


def facts_of(text: str) -> tuple[Fact, ...]:
    seg = segment(RepairedText("t", text))
    return extract(prepare(seg, load_gazetteer()))


@cache
def doc_facts(doc_id: str) -> tuple[Fact, ...]:
    doc = next(d for d in load(SEEDS) if d.doc_id == doc_id)
    seg = segment(repaired_text(doc))
    return extract(prepare(seg, load_gazetteer()))


def memberships(facts: tuple[Fact, ...]) -> set[tuple[str, str, str]]:
    return {(f.member.key, f.role, f.body.key) for f in facts if isinstance(f, Membership)}


def relations(facts: tuple[Fact, ...]) -> set[tuple[str, str, str]]:
    return {(f.part.key, f.relation, f.whole.key) for f in facts if isinstance(f, BodyRelation)}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Le même jour, un centre militaire révolutionnaire fut constitué afin d’assurer la "
            "direction de "
            "l’insurrection, comprenant les camarades Staline, Sverdlov, Dzerjinski et d’autres.",
            {
                ("stalin", "member", "military-revolutionary-centre"),
                ("sverdlov", "member", "military-revolutionary-centre"),
                ("dzerzhinsky", "member", "military-revolutionary-centre"),
            },
        ),
        (
            "À la tête du Comité de Petrograd des socialistes-révolutionnaires se trouvaient "
            "Natanson, "
            "Spiridonova et Kamkov.",
            {
                ("natanson", "head", "sr-petrograd-committee"),
                ("spiridonova", "head", "sr-petrograd-committee"),
                ("kamkov", "head", "sr-petrograd-committee"),
            },
        ),
        (
            "Après leur départ, Kamkov, l’un des leaders des socialistes-révolutionnaires de "
            "gauche, déclara.",
            {("kamkov", "leader", "left-srs")},
        ),
        (
            "Avec Génia Egorova, secrétaire du comité de l’arrondissement de Vyborg, nous "
            "montâmes.",
            {("egorova", "secretary", "vyborg-district-committee")},
        ),
        ("G. Erlich, social-démocrate menchévik.", {("erlich", "member", "mensheviks")}),
        (
            "Lénine se cachait dans l’appartement d’un membre du parti, Margarita Fofanova, dans "
            "un quartier.",
            {("fofanova", "member", "bolshevik-party")},
        ),
        (
            "Le 4 novembre, cinq membres du comité central (Kamenev, Zinoviev et Rykov) en "
            "démissionnent.",
            {
                ("kamenev", "member", "central-committee"),
                ("zinoviev", "member", "central-committee"),
                ("rykov", "member", "central-committee"),
            },
        ),
        (
            "Une délégation du comité exécutif central des soviets, conduite par Kamenev, se rend "
            "à la table.",
            {("kamenev", "head", "cec-delegation-to-vikzhel")},
        ),
        (
            "Tous les bolcheviks éminents, Kamenev, Zinoviev, se sont déjà détachés de Lénine.",
            {("kamenev", "member", "bolshevik-party"), ("zinoviev", "member", "bolshevik-party")},
        ),
        # not a membership: a meeting attended, a group of unnamed members
        (
            "Le Gouvernement provisoire décida de traduire en justice les membres du Comité "
            "militaire "
            "révolutionnaire.",
            set(),
        ),
        ("L’ex- et futur bolchevik Léonide Krassine écrit le 7 novembre à sa femme.", set()),
    ],
)
def test_memberships(sentence: str, expected: set[tuple[str, str, str]]) -> None:
    assert memberships(facts_of(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Un appel émanant du Comité militaire révolutionnaire du Soviet de Petrograd fut mis "
            "sous presse.",
            {("military-revolutionary-committee", "part-of", "petrograd-soviet")},
        ),
        (
            "Le pouvoir a passé aux mains du Comité militaire révolutionnaire, organe du Soviet "
            "des députés "
            "ouvriers et soldats de Petrograd, placé à la tête du prolétariat.",
            {("military-revolutionary-committee", "organ-of", "petrograd-soviet")},
        ),
        (
            "Et le Comité militaire révolutionnaire travaillait sous la direction immédiate du "
            "Comité Central.",
            {("military-revolutionary-committee", "directed-by", "central-committee")},
        ),
        (
            "Au cours de cette soirée, le Congrès devait se constituer, élire son présidium.",
            {("congress-presidium", "part-of", "second-congress-of-soviets")},
        ),
        (
            "On nommait Pré-parlement le Conseil provisoire de la République de Russie – organe "
            "consultatif "
            "créé près le Gouvernement provisoire – choisi dans le sein de la Conférence "
            "démocratique.",
            {("pre-parliament", "attached-to", "provisional-government")},
        ),
        ("Le présidium se réunit.", set()),  # no whole named: nothing stated
    ],
)
def test_relations(sentence: str, expected: set[tuple[str, str, str]]) -> None:
    assert relations(facts_of(sentence)) == expected


def test_krupskaya_memberships() -> None:
    found = memberships(doc_facts(DOC_KRUPSKAYA))
    mrc = {m for m, _, b in found if b == "military-revolutionary-committee"}
    assert mrc == {"stalin", "sverdlov", "molotov", "dzerzhinsky", "bubnov"}
    assert {m for m, _, b in found if b == "military-naval-committee"} == {
        "antonov-ovseyenko",
        "krylenko",
        "dybenko",
    }
    assert ("krupskaya", "section-head", "vyborg-education-section") in found
    assert ("krupskaya", "member", "sovnarkom-single-management-commission") in found
    assert ("chugurin", "co-worker", "vyborg-district-municipality") in found
    assert ("kishkin", "leader", "kadets") in found
    assert ("kishkin", "minister", "provisional-government") in found
    assert ("rahja", "liaison", "bolshevik-party") in found
    assert len(found) == 30


def test_centre_membership_is_dated() -> None:
    centre = [
        f
        for f in doc_facts(DOC_KRUPSKAYA)
        if isinstance(f, Membership) and f.body.key == "military-revolutionary-centre"
    ]
    assert {f.date.julian.isoformat() for f in centre} == {"1917-10-16"}
    assert {f.date.gregorian.isoformat() for f in centre} == {"1917-10-29"}


def test_flat_with_address() -> None:
    flat = next(
        f
        for f in doc_facts(DOC_KRUPSKAYA)
        if isinstance(f, BodyRelation) and f.relation == "located-in"
    )
    assert (flat.part.key, flat.whole.key) == ("fofanova-flat", "vyborg-district")
    assert (
        flat.address
        == "à l’angle des rues Bolchoï Sampsonievski et Serdobolskaïa, 92/1, appartement 42"
    )


def test_lenin_document() -> None:
    facts = doc_facts(DOC_LENIN)
    assert ("novaya-zhizn", "newspaper-of", "gorky") in relations(facts)
    assert ("central-committee", "part-of", "bolshevik-party") in relations(facts)
    assert ("mezhraiontsy", "member", "bolshevik-party") in memberships(facts)
    assert len(memberships(facts)) == 10


def test_evidence_is_exact_text() -> None:
    for doc in load(SEEDS):
        text = repaired_text(doc).text
        for fact in doc_facts(doc.doc_id):
            assert text[fact.evidence.start : fact.evidence.end] == fact.evidence.text


def _mentions(text: str) -> set[tuple[str, str]]:
    seg = segment(RepairedText("t", text))
    ctx = prepare(seg, load_gazetteer())
    return {(m.key, m.span.text) for m in ctx.mentions if m.kind.value == "body"}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a form of the whole then the words of its wing: the wing
        ("Les S-R de gauche votèrent avec eux.", {("left-srs", "S-R de gauche")}),
        ("Les S-R, de gauche comme de droite, hésitaient.", {("sr-party", "S-R")}),
        # "Parti des" + the members' plural: the members' party
        (
            "Le Parti des socialistes-révolutionnaires de gauche siégea trois jours.",
            {("left-srs", "Parti des socialistes-révolutionnaires de gauche")},
        ),
        # the singular (an adjective) of a form of three words or more
        (
            "Il prit un adjoint socialiste-révolutionnaire de gauche, puis un autre.",
            {("left-srs", "socialiste-révolutionnaire de gauche")},
        ),
        # a droppable adjective left out, three words or more remaining
        ("Le Conseil de la République siégea.", {("pre-parliament", "Conseil de la République")}),
        ("Le Gouvernement tomba.", set()),
        # a party with its faction in brackets: the faction's party
        (
            "Le Parti ouvrier social-démocrate de Russie (menchevik) protesta.",
            {("mensheviks", "Parti ouvrier social-démocrate de Russie (menchevik)")},
        ),
        (
            "Le Parti ouvrier social-démocrate de Russie (1898) est ancien.",
            {("rsdlp", "Parti ouvrier social-démocrate de Russie")},
        ),
    ],
)
def test_longer_body_names(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _mentions(sentence) == expected

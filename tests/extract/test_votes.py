"""The votes extractor: decisions, counts, named voters, delegate counts, walkouts."""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

from kg.extract.votes import extract
from kg.model import DelegateCount, FactKind, FactRef, Vote, Walkout
from tests.extract.test_meetings import KRUPSKAYA, LENIN, context, document


@cache
def facts(doc_id: str) -> tuple:
    return extract(document(doc_id))


def votes(found: tuple) -> dict[str, Vote]:
    return {f.key: f for f in found if isinstance(f, Vote)}


def summary(v: Vote) -> tuple:
    return (
        v.motion,
        v.proposer.key if v.proposer else None,
        v.for_count,
        v.against_count,
        v.unanimous,
        tuple(p.key for p in v.voters_against),
        v.result,
        tuple(b.key for b in v.bodies),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Le 1er novembre, rien. Le comité central, par 10 voix contre 4 (dont Lénine et Trotsky), "
            "s'oppose à l'interruption des pourparlers.",
            [
                (
                    "s'oppose à l'interruption des pourparlers",
                    None,
                    10,
                    4,
                    False,
                    ("lenin", "trotsky"),
                    "pass",
                    ("central-committee",),
                )
            ],
        ),
        (
            "Le comité central vote à l'unanimité une proposition de Kamenev, qui juge nécessaire d'élargir la base.",
            [
                (
                    "juge nécessaire d'élargir la base",
                    "kamenev",
                    None,
                    None,
                    True,
                    (),
                    "pass",
                    ("central-committee",),
                )
            ],
        ),
        (
            "Le Comité Central décida, sur la proposition de Lénine, de déclencher l’insurrection. "
            "Zinoviev et Kaménev se prononcèrent contre.",
            [
                (
                    "déclencher l’insurrection",
                    "lenin",
                    None,
                    None,
                    False,
                    ("zinoviev", "kamenev"),
                    "pass",
                    ("central-committee",),
                )
            ],
        ),
        ("Lénine décida d’aller lui-même à Smolny.", []),
        ("Bref, il propose de remettre en cause le résultat de l'insurrection.", []),
    ],
)
def test_sentences(text: str, expected: list[tuple]) -> None:
    assert [summary(v) for v in votes(extract(context(text))).values()] == expected


def test_a_refusal_fails_the_proposal() -> None:
    found = votes(
        extract(
            context(
                "Ce 1er novembre, une réunion du comité de Petrograd suit celle du comité central. "
                "Lénine propose d'exclure Lounatcharski du parti. "
                "Le président de séance et la majorité des militants refusent."
            )
        )
    )
    (vote,) = found.values()
    assert (vote.proposer.key, vote.result, vote.against_label, vote.meeting) == (
        "lenin",
        "fail",
        "Le président de séance et la majorité des militants",
        FactRef(FactKind.MEETING, "petrograd-committee-1917-11-01"),
    )


def test_several_decrees_adopted_at_once_are_one_decision_each() -> None:
    text = (
        "J’assistai à la séance du IIe Congrès des Soviets du 26 octobre (8 novembre). "
        "Les décrets sur la terre, sur la paix, sur le contrôle ouvrier furent adoptés."
    )
    subjects = sorted(v.subjects[0].key for v in votes(extract(context(text))).values())
    assert subjects == ["decree-on-land", "decree-on-peace", "decree-on-workers-control"]


# ------------------------------------------------------------------ the real documents


def test_central_committee_1917_11_01() -> None:
    found = votes(facts(LENIN))
    talks = found["central-committee-1917-11-01-s-oppose-a-l-interruption-des-pourparler"]
    assert (talks.for_count, talks.against_count, [p.key for p in talks.voters_against]) == (
        10,
        4,
        ["lenin", "trotsky"],
    )
    motion = found["central-committee-1917-11-01-qui-leur-donne-l-objectif-de-mettre-fin"]
    assert (motion.proposer.key, motion.result) == ("trotsky", "pass")
    assert found["central-committee-1917-10-29-juge-necessaire-d-elargir-la-base-du-gou"].unanimous
    assert (
        found["central-committee-1917-11-02-l-opposition-qui-veut-ceder-aux-ultimatu"].proposer.key
        == "lenin"
    )


def test_krupskaya_decisions() -> None:
    found = votes(facts(KRUPSKAYA))
    insurrection = found["central-committee-1917-10-10-declencher-linsurrection"]
    assert insurrection.meeting == FactRef(FactKind.MEETING, "central-committee-1917-10-10")
    assert [p.key for p in insurrection.voters_against] == ["zinoviev", "kamenev"]
    land = found["second-congress-of-soviets-1917-10-26-decree-on-land"]
    assert (land.proposer.key, land.result) == ("lenin", "pass")
    assert {k for k in found if k.startswith("second-congress-of-soviets-1917-10-26-")} >= {
        "second-congress-of-soviets-1917-10-26-decree-on-peace",
        "second-congress-of-soviets-1917-10-26-decree-on-workers-control",
        "second-congress-of-soviets-1917-10-26-death-penalty-abolition",
    }
    approvals = {
        v.meeting.key
        for v in found.values()
        if v.meeting and v.motion.startswith("le projet de constitution")
    }
    assert approvals == {
        "petrograd-soviet-executive-committee-1917-10-17",
        "petrograd-soviet-1917-10-17",
    }
    government = found["provisional-government-1917-10-24-traduire-en-justice-les-membres-du-comit"]
    assert (government.meeting, government.date.gregorian) == (None, date(1917, 11, 6))
    joined = found["peasants-soviet-executive-committee-1917-10-25-se-joindre-a-eux"]
    assert [b.key for b in joined.bodies] == [
        "peasants-soviet-executive-committee",
        "menshevik-fraction",
        "sr-fraction",
    ]


def test_second_congress_delegates() -> None:
    counts = {
        (c.group.key if c.group else None): c
        for c in facts(KRUPSKAYA)
        if isinstance(c, DelegateCount)
    }
    assert {k: c.count for k, c in counts.items()} == {
        None: 670,
        "bolshevik-party": 300,
        "sr-party": 193,
        "mensheviks": 68,
        "left-srs": 169,
    }
    assert counts["left-srs"].subset_of == counts["sr-party"].ref
    assert {c.meeting for c in counts.values()} == {
        FactRef(FactKind.MEETING, "second-congress-of-soviets-1917-10-25")
    }


def test_second_congress_walkout() -> None:
    (walkout,) = (f for f in facts(KRUPSKAYA) if isinstance(f, Walkout))
    assert [g.key for g in walkout.groups] == ["right-srs", "mensheviks", "bund"]
    assert [g.key for g in walkout.partial_groups] == ["menshevik-internationalists"]
    assert (walkout.count, walkout.date.julian) == (50, date(1917, 10, 25))


def test_no_walkout_when_they_did_not_leave() -> None:
    text = (
        "Dans la soirée du 25 octobre, s’ouvrit le IIe Congrès des Soviets de Russie. "
        "Les socialistes-révolutionnaires de gauche ne quittèrent pas le Congrès."
    )
    assert not [f for f in extract(context(text)) if isinstance(f, Walkout)]


# ------------------------------------------------------------------ counts (_tallies.py, _votes_counts.py)


def tally(v: Vote) -> tuple:
    return (v.for_count, v.against_count, v.abstentions, v.unanimous, v.result)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # digits, adoption: the majority is for
        (
            "Le 2 novembre, le Comité central adopta la motion de Trotski par 11 voix contre 3.",
            (11, 3, None, False, "pass"),
        ),
        # number words, and abstentions after "et"
        (
            "Le 2 novembre, la résolution de Kamenev fut adoptée par cinq voix contre trois "
            "et deux abstentions.",
            (5, 3, 2, False, "pass"),
        ),
        # compound number words
        (
            "Le 2 novembre, le Comité central vota l'ordre du jour par vingt et une voix "
            "contre quatre-vingt-dix.",
            (21, 90, None, False, "pass"),
        ),
        # rejection: the first count is against, the second for
        (
            "Le 2 novembre, la proposition de Zinoviev fut repoussée par 15 voix contre 6.",
            (6, 15, None, False, "fail"),
        ),
        (
            "Le 2 novembre, le Comité central rejeta par neuf voix contre deux la motion de Kamenev.",
            (2, 9, None, False, "fail"),
        ),
        # abstentions given by a verb, after a comma
        (
            "Le 2 novembre, la motion de Staline fut acceptée par 8 voix contre 2, 3 s'abstinrent.",
            (8, 2, 3, False, "pass"),
        ),
        # roles printed: "N voix pour, M contre"; no deciding verb: the counts decide
        (
            "Le 2 novembre, la motion obtint au Comité central 12 voix pour, 4 contre.",
            (12, 4, None, False, "pass"),
        ),
        # unanimity less N: not unanimous, N against
        (
            "Le 2 novembre, le Comité central approuva le plan de Sverdlov à l'unanimité "
            "(moins deux voix).",
            (None, 2, None, False, "pass"),
        ),
        (
            "Le 2 novembre, le Comité central adopta la résolution à l'unanimité.",
            (None, None, None, True, "pass"),
        ),
        # a large majority: adopted, no counts
        (
            "Le 2 novembre, le Comité central adopta à une large majorité le texte de Lénine.",
            (None, None, None, False, "pass"),
        ),
    ],
)
def test_tallies(text: str, expected: tuple) -> None:
    (vote,) = votes(extract(context(text))).values()
    assert tally(vote) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # counts before the verb, no "par"
        (
            "Le 5 novembre, la majorité du Comité central (12 voix contre 3) se prononça "
            "pour la rupture.",
            ("pour la rupture", 12, 3, None, "pass", ()),
        ),
        # abstaining delegates as a participle
        (
            "Le 5 novembre, la résolution fut adoptée par 200 voix contre 100, "
            "30 délégués s'abstenant.",
            ("la résolution", 200, 100, 30, "pass", ()),
        ),
        # the minority in brackets, the motion after the counts
        (
            "Le 5 novembre, le Comité central vote par 10 voix contre 2 (Zinoviev et Kamenev) "
            "la résolution de Lénine sur l'insurrection.",
            (
                "la résolution de Lénine sur l'insurrection",
                10,
                2,
                None,
                "pass",
                ("zinoviev", "kamenev"),
            ),
        ),
        # present passive rejection
        (
            "Le 5 novembre, la proposition de Kamenev est rejetée par 8 voix contre 3.",
            ("la proposition de Kamenev", 3, 8, None, "fail", ()),
        ),
        # no deciding verb: the counts decide the result
        (
            "Le 5 novembre, mise aux voix, la motion de Kamenev recueille 45 voix contre 60.",
            (
                "la motion de Kamenev",
                45,
                60,
                None,
                "fail",
                (),
            ),
        ),
        # the majority's count alone, adopted or rejected
        (
            "Le 5 novembre, Sverdlov fut élu président du Comité central par 370 voix sur 400.",
            ("Sverdlov", 370, None, None, "pass", ()),
        ),
        (
            "Le 5 novembre, la motion de Kamenev fut repoussée par 300 voix.",
            ("la motion de Kamenev", None, 300, None, "fail", ()),
        ),
        # counts of minutes
        (
            "Le 5 novembre, le Comité central vota la paix : pour : 12 ; contre : 3 ; abstentions : 2.",
            ("la paix", 12, 3, 2, "pass", ()),
        ),
        # an election
        (
            "Le 5 novembre, le Comité central élut Sverdlov président par 300 voix contre 12.",
            ("Sverdlov président", 300, 12, None, "pass", ()),
        ),
        # an intransitive verb: the motion is its subject
        (
            "Le 5 novembre, la motion de Trotski l'emporta par quatorze voix contre sept, "
            "avec une abstention.",
            ("la motion de Trotski", 14, 7, 1, "pass", ()),
        ),
    ],
)
def test_motions_of_tallies(text: str, expected: tuple) -> None:
    (v,) = votes(extract(context(text))).values()
    got = (v.motion, v.for_count, v.against_count, v.abstentions, v.result)
    assert (*got, tuple(p.key for p in v.voters_against)) == expected


def test_unanimity_less_two_names_the_opponents() -> None:
    text = (
        "Le 2 novembre, le Comité central décida de boycotter la conférence, à l'unanimité "
        "moins deux voix, celles de Zinoviev et Kamenev."
    )
    (vote,) = votes(extract(context(text))).values()
    assert (vote.unanimous, vote.against_count, [p.key for p in vote.voters_against]) == (
        False,
        2,
        ["zinoviev", "kamenev"],
    )
    assert vote.motion == "boycotter la conférence"


def test_the_minority_named_after_a_rejection_voted_for() -> None:
    text = "Le 2 novembre, la motion de Staline fut rejetée par 10 voix contre 1, celle de Staline."
    (vote,) = votes(extract(context(text))).values()
    assert ([p.key for p in vote.voters_for], vote.voters_against) == (["stalin"], ())
    assert (vote.for_count, vote.against_count, vote.proposer.key) == (1, 10, "stalin")


def test_anaphoric_motion_takes_the_motion_named_before() -> None:
    text = (
        "Le 2 novembre, Kamenev déposa une motion réclamant la paix ; "
        "elle fut rejetée par 8 voix contre 3."
    )
    (vote,) = votes(extract(context(text))).values()
    assert (vote.motion, vote.for_count, vote.against_count, vote.result) == (
        "une motion réclamant la paix",
        3,
        8,
        "fail",
    )


def test_elliptic_election_list() -> None:
    text = "Le 2 novembre, à l'élection du bureau, Sverdlov obtint 40 voix sur 42, Staline 38, et Trotski 35."
    found = sorted(
        (v.motion, v.for_count) for v in votes(extract(context(text))).values() if v.for_count
    )
    assert found == [("Staline", 38), ("Sverdlov", 40), ("Trotski", 35)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Le 2 novembre, la motion de Lénine fut adoptée par 3 voix contre 2 et 1 abstention. "
            "Votèrent pour : Staline, Lénine, Sverdlov ; contre : Kamenev, Zinoviev ; "
            "s'abstint : Trotski.",
            (("stalin", "lenin", "sverdlov"), ("kamenev", "zinoviev"), ("trotsky",)),
        ),
        (
            "Le 2 novembre, la motion de Lénine fut adoptée par 3 voix contre 2 et 1 abstention. "
            "Pour : Lénine, Trotski, Staline. Contre : Kamenev, Zinoviev. Abstention : Sverdlov.",
            (("lenin", "trotsky", "stalin"), ("kamenev", "zinoviev"), ("sverdlov",)),
        ),
        (  # voters as the subject of the next sentence
            "Le 2 novembre, la motion de Lénine fut adoptée par 10 voix contre 2. "
            "Zinoviev et Kamenev votèrent contre. Staline parla ensuite.",
            ((), ("zinoviev", "kamenev"), ()),
        ),
        (
            "Le 2 novembre, la motion de Lénine fut adoptée par 10 voix contre 2 et une abstention. "
            "Seul Trotski s'abstint.",
            ((), (), ("trotsky",)),
        ),
        (  # a list not right after the counts is no roll call
            "Le 2 novembre, la motion de Lénine fut adoptée par 3 voix contre 2. "
            "Le soir, Trotski parla. Pour : Kamenev.",
            ((), (), ()),
        ),
    ],
)
def test_roll_calls(text: str, expected: tuple) -> None:
    (vote,) = votes(extract(context(text))).values()
    got = tuple(
        tuple(p.key for p in side)
        for side in (vote.voters_for, vote.voters_against, vote.voters_abstaining)
    )
    assert got == expected


@pytest.mark.parametrize(
    ("text", "motion"),
    [
        (
            "Le 2 novembre, le Comité central se prononça contre toute coalition avec les cadets.",
            "contre toute coalition avec les cadets",
        ),
        (
            "Le 2 novembre, le Comité central décréta que la séance resterait secrète.",
            "que la séance resterait secrète",
        ),
        (
            "Le 2 novembre, le Comité central constitua une commission de contrôle.",
            "une commission de contrôle",
        ),
    ],
)
def test_decisions_without_counts(text: str, motion: str) -> None:
    (vote,) = votes(extract(context(text))).values()
    assert (vote.motion, vote.result, [b.key for b in vote.bodies]) == (
        motion,
        "pass",
        ["central-committee"],
    )


@pytest.mark.parametrize(
    "text",
    [
        "Le 2 novembre, Lénine se prononça contre la coalition.",
        "Le 2 novembre, les bolcheviks disposaient de 300 voix contre 200 aux mencheviks.",
        "Le 2 novembre, la salle du Comité central applaudit à l'unanimité.",
        "Le 2 novembre, Trotski obtint trois jours de repos.",
    ],
)
def test_no_vote(text: str) -> None:
    assert not votes(extract(context(text)))


def test_a_person_deciding_is_no_decision_of_a_body() -> None:
    assert not votes(extract(context("Le 2 novembre, Lénine se prononça contre la coalition.")))


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("7", 7),
        ("sept", 7),
        ("dix-sept", 17),
        ("vingt et un", 21),
        ("soixante-dix", 70),
        ("quatre-vingts", 80),
        ("quatre-vingt-dix-neuf", 99),
        ("deux cents", 200),
        ("trois cent douze", 312),
        ("mille deux cents", 1200),
        ("beaucoup", None),
    ],
)
def test_number_words(words: str, value: int | None) -> None:
    from kg.extract._tallies import number

    assert number(context("Rien."), words) == value

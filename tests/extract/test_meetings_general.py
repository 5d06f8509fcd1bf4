"""How French prose states a sitting, in general (issue 10): one table per rule family of
``kg/data/patterns/meetings.toml``, each with sentences that state a sitting and sentences
that look alike but do not; and the sittings a dated decision implies (pass ``implied``).

Every sentence here is written for these tests.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

from kg.extract import extract
from kg.gazetteer import load_gazetteer
from kg.model import Meeting, RepairedText, Vote
from kg.segment import segment


@cache
def _facts(text: str) -> tuple:
    return extract(segment(RepairedText("t", text)), load_gazetteer()).facts


def sittings(text: str) -> dict[str, Meeting]:
    return {f.key: f for f in _facts(text) if isinstance(f, Meeting)}


def votes(text: str) -> list[Vote]:
    return [f for f in _facts(text) if isinstance(f, Vote)]


def summary(text: str) -> set[tuple[str | None, date | None]]:
    """(body key, Julian day) of every sitting."""
    return {
        (m.body.key if m.body else None, m.date.julian if m.date else None)
        for m in sittings(text).values()
    }


CC, CEC, SOVNARKOM = "central-committee", "all-russian-cec", "sovnarkom"
PETROGRAD, MOSCOW, PRE = "petrograd-soviet", "moscow-soviet", "pre-parliament"


# --------------------------------------------------------------------------- rule families

POSITIVE = [
    # se-reunit-sujet: the subject beyond an incise
    (
        "Le Comité central, convoqué en hâte par Sverdlov, se réunit le 12 (25) mai 1917.",
        {(CC, date(1917, 5, 12))},
    ),
    # se-reunit-aussitot: no date of its own, the narrative's day
    (
        "Le 3 (16) mai, la nouvelle arriva de Cronstadt. Le Soviet de Petrograd se réunit aussitôt.",
        {(PETROGRAD, date(1917, 5, 3))},
    ),
    # reuni-le: a participle opening the sentence, a body or a pronoun after it
    (
        "Réuni le 14 (27) décembre, le Conseil des commissaires du peuple examina le budget.",
        {(SOVNARKOM, date(1917, 12, 14))},
    ),
    (
        "Le Comité central discuta longuement de la grève. Réuni le 2 (15) novembre, il "
        "repoussa tout accord.",
        {(CC, date(1917, 11, 2))},
    ),
    # ouvert-le: a participle after the body
    (
        "Le Pré-parlement, ouvert le 7 (20) octobre, siégea au palais Marie.",
        {(PRE, date(1917, 10, 7))},
    ),
    # s-ouvrit-sujet: the body is the subject of « s'ouvrit »
    (
        "Le Pré-parlement, installé dans un palais de la capitale, s'ouvrit le 7 (20) octobre.",
        {(PRE, date(1917, 10, 7))},
    ),
    # seance-s-ouvrit: the sitting of the body named before
    (
        "Les délégués du Soviet de Petrograd arrivaient. La séance s'ouvrit le 12 (25) mai "
        "sous les cris.",
        {(PETROGRAD, date(1917, 5, 12))},
    ),
    # seance-du-jour: « lors de la séance du … », the current sitting's body
    (
        "Le Comité central se réunit le 3 (16) octobre. Lors de la séance du 10 (23) octobre, "
        "Lénine l'emporta.",
        {(CC, date(1917, 10, 3)), (CC, date(1917, 10, 10))},
    ),
    # mise-aux-voix: a vote at the sitting the narrative is telling
    (
        "Le Soviet de Moscou se réunit le 5 (18) mai. Le lendemain, la motion fut mise aux "
        "voix le 6 (19) mai.",
        {(MOSCOW, date(1917, 5, 5)), (MOSCOW, date(1917, 5, 6))},
    ),
    # vint-devant: a question brought before a body
    (
        "Le projet sur les usines vint devant le Soviet de Moscou le 2 (15) décembre.",
        {(MOSCOW, date(1917, 12, 2))},
    ),
    # reunion-qualifiee: an adjective between « réunion » and the body
    (
        "Le 11 (24) avril, Trotski prit la parole à une réunion extraordinaire du Comité central "
        "avec des militants de province.",
        {(CC, date(1917, 4, 11))},
    ),
    # une-reunion-se-tient: a meeting of no named body
    (
        "Le 14 (27) juin, une réunion se tint dans l'arrière-salle d'une boulangerie.",
        {(None, date(1917, 6, 14))},
    ),
    # y-presenta: a dated report at the current body's sitting; undated, the same sitting
    (
        "Le Comité central se réunit le 3 (16) mai. Le 4 (17) mai, Lénine y présenta un rapport.",
        {(CC, date(1917, 5, 3)), (CC, date(1917, 5, 4))},
    ),
    (
        "Le Comité central se réunit le 3 (16) mai. Staline y présenta le rapport.",
        {(CC, date(1917, 5, 3))},
    ),
    # relative days carried from the narrative
    (
        "Le 3 (16) mai, les troupes quittèrent la ville. Le soir même, le Comité central se réunit.",
        {(CC, date(1917, 5, 3))},
    ),
    # after 31 January 1918 a bare day is Gregorian
    (
        "Le 20 février 1918, le Comité central se réunit.",
        {(CC, date(1918, 2, 7))},
    ),
]

NEGATIVE = [
    "Les ouvriers se réunirent le 4 (17) mai devant l'usine.",  # no body
    "Réunis le 2 (15) novembre, les grévistes quittèrent les ateliers.",  # no body
    "Le magasin, ouvert le 3 (16) mai, ferma bientôt.",  # no body
    "La porte s'ouvrit le 3 (16) mai sans un bruit.",  # no body
    "La séance s'ouvrit le 12 (25) mai sous les cris.",  # no body anywhere
    "Le cortège vint devant le palais le 4 (17) novembre.",  # not a body
    "Le 11 (24) avril, il prit la parole à une réunion extraordinaire des habitants.",  # no body
    "Au cours de la séance du 10 (23) octobre, on parla beaucoup.",  # no body anywhere
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_a_sitting_is_read(text: str, expected: set) -> None:
    assert summary(text) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_sitting_is_read(text: str) -> None:
    assert summary(text) == set()


# --------------------------------------------------------------------------- who attended


@pytest.mark.parametrize(
    ("text", "attending"),
    [
        # reuni-avec: the other body attends
        (
            "Le 19 (1er) juin, le Comité central, réuni avec les membres du Comité de Petrograd, étudia les "
            "rapports des districts.",
            {"petrograd-committee"},
        ),
        # tinrent-seance: a joint sitting, the first body holds it
        (
            "Le 21 novembre (4 décembre), le Comité exécutif central et le Soviet de Petrograd "
            "tinrent une séance commune.",
            {PETROGRAD},
        ),
        # se-joignit: the joining body attends the current sitting, on its own day
        (
            "Le Soviet de Petrograd se réunit le 3 (16) mai. Le 5 (18) mai, le Comité central "
            "se joignit à lui.",
            {CC},
        ),
        # a heading, and the list of those present
        (
            "Séance du Comité central du 10 (23) octobre 1917\n\nPrésents : Lénine, Trotski, "
            "Staline.",
            {"lenin", "trotsky", "stalin"},
        ),
    ],
)
def test_attendees(text: str, attending: set[str]) -> None:
    found = sittings(text)
    dated = [m for m in found.values() if m.date is not None]
    last = max(dated, key=lambda m: m.date.julian)  # type: ignore[union-attr]
    assert {p.key for p in last.participants} == attending


def test_a_lone_comma_after_a_person_is_no_sitting() -> None:
    assert summary("Lénine, réuni avec ses proches, attendit le 9 (22) mai.") == set()


def test_present_as_an_adverb_names_no_attendee() -> None:
    found = sittings("Le Comité central se réunit le 3 (16) mai. À présent, Lénine hésitait.")
    assert [p.key for m in found.values() for p in m.participants] == []


# --------------------------------------------------------------------------- day from context


@pytest.mark.parametrize(
    ("text", "from_context"),
    [
        ("Le 3 (16) mai, la ville dormait. Le lendemain, le Comité central se réunit.", True),
        ("Le 3 (16) mai, la ville dormait. Ce soir-là, le Comité central se réunit.", True),
        ("Le Comité central se réunit le 4 (17) mai.", False),
    ],
)
def test_day_from_context(text: str, from_context: bool) -> None:
    (meeting,) = sittings(text).values()
    assert meeting.day_from_context is from_context


# --------------------------------------------------------------------------- implied sittings


def test_a_dated_decision_implies_a_sitting() -> None:
    text = "Le 2 (15) septembre, le Soviet de Moscou adopta une motion sur la paix par 120 voix contre 40."
    (meeting,) = sittings(text).values()
    (vote,) = votes(text)
    assert (meeting.body.key, meeting.date.julian, meeting.inferred) == (  # type: ignore[union-attr]
        MOSCOW,
        date(1917, 9, 2),
        True,
    )
    assert meeting.rule == "meetings.implied"
    assert vote.meeting == meeting.ref
    assert vote.date is not None  # the vote keeps its own day


def test_an_undated_decision_implies_no_sitting() -> None:
    text = "Le Soviet de Moscou adopta une motion sur la paix par 120 voix contre 40."
    assert sittings(text) == {}


def test_a_narrated_sitting_is_not_duplicated() -> None:
    text = (
        "Le 4 (17) mai, le Comité central se réunit. Il adopta la motion de Lénine par 9 voix "
        "contre 3."
    )
    (meeting,) = sittings(text).values()
    assert not meeting.inferred


def test_a_decision_naming_no_body_carries_the_last_decider() -> None:
    text = (
        "Le 4 (17) mars 1917, le Comité central repoussa la motion de Lénine par 6 voix contre 5.\n\n"
        "Le lendemain, une résolution de Boukharine l'emporta par 8 voix contre 4."
    )
    found = sittings(text)
    assert set(found) == {f"{CC}-1917-03-04", f"{CC}-1917-03-05"}
    assert all(m.inferred for m in found.values())
    assert found[f"{CC}-1917-03-05"].day_from_context


def test_a_body_that_is_voted_on_does_not_sit() -> None:
    text = (
        "Le 3 (16) mai, les délégués votèrent la dissolution du Soviet de Moscou par 50 voix "
        "contre 10."
    )
    assert all(m.body is None or m.body.key != MOSCOW for m in sittings(text).values())


# --------------------------------------------------------------------------- bodies the gazetteer lacks


def test_a_congress_of_a_known_party_is_its_own_body() -> None:
    text = "Le VIIe Congrès du Parti bolchévik (communiste) s'ouvrit le 6 mars 1918."
    (meeting,) = sittings(text).values()
    assert meeting.body is not None and meeting.body.candidate_key is not None
    assert meeting.body.span.text == "VIIe Congrès du Parti bolchévik (communiste)"
    assert meeting.date is not None and meeting.date.julian == date(1918, 2, 21)  # Gregorian


def test_a_bare_congress_names_the_congress_named_before() -> None:
    text = (
        "Le VIIe Congrès du Parti bolchévik (communiste) s'ouvrit le 6 mars 1918.\n\n"
        "Le 8 mars 1918, le congrès adopta la motion de Lénine par 30 voix contre 12."
    )
    bodies = {m.body.key for m in sittings(text).values() if m.body}
    assert bodies == {"candidate:body-viie-congres-du-parti-bolchevik-communiste"}


# --------------------------------------------------------------------------- pronouns, scenes


def test_a_pronoun_stands_for_the_body_the_previous_subject_names() -> None:
    text = (
        "Le 4 (17) mai, le Soviet de Moscou forma un comité de grève. Le comité, où siégeaient "
        "des cheminots, s'installa près de la gare. Le lendemain, il siégeait en permanence."
    )
    found = [m for m in sittings(text).values() if m.key.endswith("permanente-1917-05-05")]
    assert [m.body.span.text for m in found if m.body] == ["comité de grève"]
    assert found[0].day_from_context


def test_a_pronoun_with_no_body_before_makes_no_sitting() -> None:
    assert summary("Le jour suivant, il siégea en permanence.") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "À Moscou, la grève éclata le 4 (17) mai. Le soir même, le soviet des députés "
            "ouvriers se réunit.",
            {(MOSCOW, date(1917, 5, 4))},
        ),
        (
            "À Petrograd, la grève éclata le 4 (17) mai. Le soir même, le soviet des députés "
            "ouvriers et soldats se réunit.",
            {(PETROGRAD, date(1917, 5, 4))},
        ),
    ],
)
def test_the_soviet_of_the_city_the_paragraph_is_set_in(text: str, expected: set) -> None:
    assert summary(text) == expected


def test_no_scene_no_city_soviet() -> None:
    text = (
        "Dans les villes, la grève éclata le 4 (17) mai. Le soir même, le soviet des "
        "députés ouvriers se réunit."
    )
    bodies = {key for key, _ in summary(text)}
    assert bodies and not bodies & {MOSCOW, PETROGRAD}  # an unlinked soviet, not a city's


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the body named in « la séance du X s'ouvrit »
        (
            "Le Soviet de Petrograd se réunit le 2 (15) mai. Le 3 (16) mai, la séance du Comité "
            "central s'ouvrit dans la soirée.",
            {(PETROGRAD, date(1917, 5, 2)), (CC, date(1917, 5, 3))},
        ),
        # the subject of the sentence before « dans sa séance du … », not the sitting told before
        (
            "Le Soviet de Petrograd se réunit le 2 (15) mai. Le Comité central, dans sa séance du "
            "4 (17) mai, approuva la grève.",
            {(PETROGRAD, date(1917, 5, 2)), (CC, date(1917, 5, 4))},
        ),
    ],
)
def test_a_named_body_wins_over_the_current_sitting(text: str, expected: set) -> None:
    assert summary(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "L'Assemblée constituante ne se réunit plus jamais.",  # a negation
        "Le 5 (18) mai, le Soviet de Petrograd ne siégea pas en permanence.",
        "Le Comité central devait se réunir le 20 octobre (2 novembre).",  # an infinitive
        # « y » is a place here, and no sitting is being told
        "Le 3 (16) décembre, Trotski arriva à Brest. La délégation y présenta une déclaration.",
    ],
)
def test_no_sitting_is_stated(text: str) -> None:
    assert summary(text) == set()


def test_a_participle_with_a_place() -> None:
    text = "Le Soviet de Moscou, réuni au Grand Théâtre le 2 (15) mai, élut son bureau."
    assert summary(text) == {(MOSCOW, date(1917, 5, 2))}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # clotura: the closing sitting
        (
            "Le Soviet de Moscou, après dix jours de débats, clôtura ses travaux le 9 (22) juin.",
            {(MOSCOW, date(1917, 6, 9))},
        ),
        # seance-de-eut-lieu
        (
            "Le 4 (17) juin, la séance du Comité central eut lieu chez Lénine.",
            {(CC, date(1917, 6, 4))},
        ),
        # au-congres: a sentence set at a congress, the narrative's day
        (
            "Le 26 octobre (8 novembre), la ville resta calme. Au IIe Congrès des Soviets, Lénine "
            "lut le décret sur la paix.",
            {("second-congress-of-soviets", date(1917, 10, 26))},
        ),
        # a capitalised pronoun subject
        (
            "Le Comité central attendait Lénine. Il se réunit le 9 (22) juin.",
            {(CC, date(1917, 6, 9))},
        ),
    ],
)
def test_more_sittings(text: str, expected: set) -> None:
    assert summary(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Les ouvriers clôturèrent leurs travaux le 9 (22) juin.",  # no body
        "Le Comité central ne clôtura ses travaux que fort tard.",  # a negation
    ],
)
def test_no_more_sittings(text: str) -> None:
    assert summary(text) == set()


def test_a_congress_set_sentence_is_that_congress() -> None:
    text = "Le Congrès des cheminots s'ouvrit le 3 (16) juin. Au Congrès, on vota peu."
    bodies = {m.body.key for m in sittings(text).values() if m.body}
    assert bodies == {"candidate:body-congres-des-cheminots"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the members of a body meeting are its sitting
        (
            "Le 3 (16) juin, neuf membres du Comité central se réunirent en secret.",
            {(CC, date(1917, 6, 3))},
        ),
        # se-tint-sujet
        (
            "Le Congrès des cheminots se tint à Moscou le 3 (16) juin.",
            {("candidate:body-congres-des-cheminots", date(1917, 6, 3))},
        ),
    ],
)
def test_subjects(text: str, expected: set) -> None:
    assert summary(text) == expected


def test_a_held_sitting_of_a_named_session_is_not_read_twice() -> None:
    text = "Le 3 (16) juin se tint une séance du Comité central à Smolny."
    assert summary(text) == {(CC, date(1917, 6, 3))}


def test_a_day_carried_across_a_paragraph_implies_no_sitting() -> None:
    text = (
        "Le 4 (17) mai 1917, la ville fut calme.\n\n"
        "En mai, le Soviet de Moscou adopta une motion sur la paix par 120 voix contre 40."
    )
    assert sittings(text) == {}


def test_a_heading_lists_those_absent() -> None:
    text = (
        "Séance du Comité central du 16 (29) octobre 1917\n\nPrésents : Lénine, Zinoviev. "
        "Absents : Trotski."
    )
    (meeting,) = sittings(text).values()
    assert [p.key for p in meeting.participants] == ["lenin", "zinoviev"]
    assert [p.key for p in meeting.absentees] == ["trotsky"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Le IIe Congrès des Soviets siégeait à Smolny. La deuxième séance du Congrès eut lieu "
            "le 26 octobre (8 novembre).",
            {("second-congress-of-soviets", date(1917, 10, 26))},
        ),
        (
            "Le 25 octobre (7 novembre), la ville attendait. La première séance du IIe Congrès "
            "des Soviets s'ouvrit dans la soirée.",
            {("second-congress-of-soviets", date(1917, 10, 25))},
        ),
    ],
)
def test_an_ordinal_sitting(text: str, expected: set) -> None:
    assert summary(text) == expected


def test_a_heading_with_a_comma() -> None:
    text = "Réunion du Comité central, 3 (16) juin 1917\n\nPrésents : Lénine, Staline."
    (meeting,) = sittings(text).values()
    assert (meeting.body.key, meeting.date.julian) == (CC, date(1917, 6, 3))  # type: ignore[union-attr]
    assert {p.key for p in meeting.participants} == {"lenin", "stalin"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "le gouvernement" names the Council of People's Commissars from 26 October 1917 on
        (
            "Le 2 (15) novembre 1917, le gouvernement se réunit à midi.",
            {("sovnarkom", date(1917, 11, 2))},
        ),
        # not before: then it is no body the sitting can be given to
        ("Le 2 (15) septembre 1917, le gouvernement se réunit à midi.", set()),
        # "Conseil de la République" is the Pre-parliament's name without its dropped
        # adjective (names.toml 'droppable'), whatever the day
        (
            "Le 9 (22) octobre 1917, le Conseil de la République se réunit à midi.",
            {(PRE, date(1917, 10, 9))},
        ),
    ],
)
def test_a_form_bounded_in_time(text: str, expected: set) -> None:
    assert summary(text) == expected


def test_bodies_met_together() -> None:
    text = (
        "Le 28 mai (10 juin), le Comité central et le Comité de Petrograd, réunis ensemble, "
        "ajournèrent le cortège."
    )
    (meeting,) = sittings(text).values()
    assert (meeting.body.key, meeting.date.julian) == (CC, date(1917, 5, 28))  # type: ignore[union-attr]
    assert [p.key for p in meeting.participants] == ["petrograd-committee"]

"""Names the gazetteer lacks (kg/extract/candidates.py) and tolerant, careful name matching
(kg/names.py): table-driven, with sentences written for these tests."""

from __future__ import annotations

import pytest

from kg.extract import candidates, prepare
from kg.gazetteer import load_gazetteer
from kg.model import RepairedText
from kg.segment import segment


def context(text: str):
    return prepare(segment(RepairedText("t", text)), load_gazetteer())


def found(text: str) -> set[tuple[str, str]]:
    return {(c.kind.value, c.label) for c in candidates.extract(context(text))}


def linked(text: str) -> dict[str, str]:
    return {m.span.text: m.key for m in context(text).mentions}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # people: a title, a given name, initials, a surname ending, a list with a person
        ("Le lieutenant Abramovitch commandait la batterie.", {("person", "Abramovitch")}),
        ("Le soir, Boris Savinkov quitta la ville.", {("person", "Boris Savinkov")}),
        (
            "M. Tchernichev prit la parole après le délégué Pétrouchine.",
            {("person", "Tchernichev"), ("person", "Pétrouchine")},
        ),
        (
            "Les sous-officiers Kirillov et Ivanenko furent arrêtés.",
            {("person", "Kirillov"), ("person", "Ivanenko")},
        ),
        # bodies: a head noun and its complements; an ordinal; "Le" is an article
        (
            "Le Conseil des cheminots de Samara refusa de siéger.",
            {("body", "Conseil des cheminots de Samara")},
        ),
        ("Le Ve Congrès se réunit à l’automne.", {("body", "Ve Congrès")}),
        # a complement that is a known body's name runs to its end
        (
            "Le IIe Congrès du Parti ouvrier social-démocrate de Russie (menchevik) dura.",
            {("body", "IIe Congrès du Parti ouvrier social-démocrate de Russie (menchevik)")},
        ),
        # places: a locative preposition, a verb of movement
        (
            "Les marins arrivèrent à Helsingfors, puis gagnèrent Reval.",
            {("place", "Helsingfors"), ("place", "Reval")},
        ),
        (
            "Dans la nuit, les fuyards gagnent Toksovo, près de la frontière.",
            {("place", "Toksovo")},
        ),
        # works: a title after the noun announcing it
        ("Le journal Novaïa Jizn publia la nouvelle le lendemain.", {("work", "Novaïa Jizn")}),
        # a title before its apposition, a title (with its article) after a verb of writing
        (
            "Il écrivit à la rédaction de Novy Put, le journal des marins de Reval.",
            {("work", "Novy Put")},
        ),
        (
            "Réfugié en Finlande, il y rédige La Révolution et les paysans[3]. Puis il part.",
            {("work", "La Révolution et les paysans")},
        ),
        ("Il achève Les Tâches du moment, puis rentre.", {("work", "Les Tâches du moment")}),
    ],
)
def test_unknown_names_become_candidates(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= found(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Le Comité central décida de retarder le soulèvement.",  # known: linked, not a candidate
        "Le Gouvernement provisoire est renversé.",
        "Le Parti bolchévik passa dans la clandestinité.",
        "Le comité se réunit le soir.",  # a head alone is a reference, not a name
        "Les gardes rouges occupent le Smolny et rejoignent Kamenev.",
    ],
)
def test_known_names_and_bare_heads_are_not_candidates(sentence: str) -> None:
    assert not {label for kind, label in found(sentence) if kind == "body" or "Le " in label}


def test_candidate_keys_forms_and_repeats() -> None:
    text = "Le général Vassili Boldyrev arriva. Boldyrev parla ensuite."
    (person,) = [c for c in candidates.extract(context(text)) if c.kind.value == "person"]
    assert person.key == "person-vassili-boldyrev"
    assert person.forms == ("Vassili Boldyrev", "Boldyrev")
    assert len(person.mentions) == 2


@pytest.mark.parametrize(
    ("sentence", "form", "key"),
    [
        # case, accents, transliterations, initials
        ("Le discours de Kerensky fut interrompu.", "Kerensky", "kerensky"),
        ("Le discours de Kérenski fut interrompu.", "Kérenski", "kerensky"),
        ("Un article de Zinovief parut le lendemain.", "Zinovief", "zinoviev"),
        ("On entendit ensuite V. I. Lénine.", "V. I. Lénine", "lenin"),
        ("La délégation passa par Pétrograd.", "Pétrograd", "petrograd"),
    ],
)
def test_tolerant_matching_links_variants(sentence: str, form: str, key: str) -> None:
    assert linked(sentence).get(form) == key


@pytest.mark.parametrize(
    ("sentence", "form", "not_key"),
    [
        # a body of another city is not Petrograd's, whatever its name
        (
            "À Moscou, le Comité militaire révolutionnaire fut formé le soir même.",
            "Comité militaire révolutionnaire",
            "military-revolutionary-committee",
        ),
        (
            "Le Soviet de Moscou vota la motion ; le Comité militaire révolutionnaire de cette "
            "ville prit le pouvoir.",
            "Comité militaire révolutionnaire",
            "military-revolutionary-committee",
        ),
        # the IIIrd Congress is not the IInd
        (
            "Le IIIe Congrès des soviets s’ouvrit en janvier.",
            "Congrès des soviets",
            "second-congress-of-soviets",
        ),
    ],
)
def test_context_forbids_a_wrong_link(sentence: str, form: str, not_key: str) -> None:
    assert not_key not in linked(sentence).get(form, "")


def test_the_right_ordinal_links() -> None:
    text = "Le IIe Congrès des soviets s’ouvrit le soir."
    assert linked(text)["IIe Congrès des soviets"] == "second-congress-of-soviets"


def test_de_cette_ville_picks_the_city_named_last() -> None:
    text = (
        "Kérenski avait filé sur Pskov. Le Comité militaire révolutionnaire de cette ville ne "
        "l’arrêta pas."
    )
    assert (
        linked(text)["Comité militaire révolutionnaire"] == "pskov-military-revolutionary-committee"
    )


def test_a_body_of_another_city_is_reported_as_a_candidate() -> None:
    text = "À Moscou, le Comité militaire révolutionnaire fut formé le soir même."
    assert ("body", "Comité militaire révolutionnaire (Moscou)") in found(text)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a note paragraph the repair did not separate, read from its last cue
        (
            "Le récit suit.\n\n[1] Sur cette grève, voir Les ouvriers de Petrograd en 1917, "
            "Paris, 1970, p. 4.\n",
            "Les ouvriers de Petrograd en 1917",
        ),
        # an author with initials, then the title
        (
            "Le récit suit.\n\n[^2]: A. Ivanov, Souvenirs d’un typographe, Moscou, 1925, p. 8.\n",
            "Souvenirs d’un typographe",
        ),
    ],
)
def test_titles_of_note_paragraphs(text: str, title: str) -> None:
    assert ("work", title) in found(text)


def test_a_note_without_a_reference_gives_no_title() -> None:
    text = "Le récit suit.\n\n[1] Théâtre de la ville où siégeait l’assemblée.\n"
    assert not {label for kind, label in found(text) if kind == "work"}


def test_a_body_of_this_city_is_labelled_with_it() -> None:
    text = (
        "Le Soviet de Moscou vota la motion ; le Comité militaire révolutionnaire de cette "
        "ville prit le pouvoir."
    )
    assert ("body", "Comité militaire révolutionnaire (Moscou)") in found(text)


@pytest.mark.parametrize(
    "sentence",
    [
        "« Assez ! », écrit Soukhanov dans ses notes.",  # an author after the verb
        "Il gagna Kazan, la ville des marchands.",  # an apposition that is no work's
        "Il rédige Le soir même une lettre.",  # no lower-case word of a title after it
    ],
)
def test_no_work_without_its_cue(sentence: str) -> None:
    assert not {label for kind, label in found(sentence) if kind == "work"}


def test_a_part_whose_complement_names_another_head_is_its_own_body() -> None:
    # the gazetteer's "présidium" is the Congress's: a conference's presidium is another
    text = (
        "Le Congrès siégea au théâtre.\n\n"
        "Le 20, le présidium de la conférence choisit une commission de rédaction."
    )
    assert ("body", "présidium de la conférence") in found(text)
    assert "présidium" not in linked(text)
    # the complement names the whole's own head: the gazetteer's part
    assert linked("Le Congrès siégea. Le présidium du congrès leva la séance.")["présidium"] == (
        "congress-presidium"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Le 11 (24) octobre, le Congrès des soviets de la région du Nord s'ouvrit à Smolny.",
        "Le Congrès des soviets de Sibérie protesta.",
        "Le Congrès de l'Oural vota la motion.",
    ],
)
def test_a_one_word_form_before_another_territory_is_not_that_body(sentence: str) -> None:
    assert "second-congress-of-soviets" not in linked(sentence).values()


def test_a_one_word_form_without_a_territory_keeps_its_link() -> None:
    assert linked("Le Congrès des soviets vota la motion.")["Congrès"] == (
        "second-congress-of-soviets"
    )

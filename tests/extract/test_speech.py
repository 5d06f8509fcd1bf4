"""The reported-speech extractor: what someone said in the narrator's words, with its speaker."""

from __future__ import annotations

import pytest

from kg.extract import prepare, speech
from kg.gazetteer import load_gazetteer
from kg.model import RepairedText, ReportedSpeech
from kg.segment import segment


def reported(text: str) -> tuple[ReportedSpeech, ...]:
    ctx = prepare(segment(RepairedText("t", text)), load_gazetteer())
    return speech.extract(ctx)


@pytest.mark.parametrize(
    ("text", "speaker", "verb", "content", "mode"),
    [
        (
            "Le camarade Lénine constate que la situation est mûre pour l’insurrection.",
            "lenin",
            "constate",
            "la situation est mûre pour l’insurrection",
            "statement",
        ),
        (
            "Trotski déclara qu’aucun accord n’était possible avec les mencheviks.",
            "trotsky",
            "déclara",
            "aucun accord n’était possible avec les mencheviks",
            "statement",
        ),
        (  # an apposition between the speaker and the verb
            "Kamenev, très inquiet, affirma que le parti courait à sa perte.",
            "kamenev",
            "affirma",
            "le parti courait à sa perte",
            "statement",
        ),
        (  # a compound past with an indirect object
            "Zinoviev leur a répondu que la décision était déjà prise.",
            "zinoviev",
            "leur a répondu",
            "la décision était déjà prise",
            "statement",
        ),
        (  # a proposal
            "Sverdlov proposa de suspendre la séance jusqu’au matin.",
            "sverdlov",
            "proposa",
            "suspendre la séance jusqu’au matin",
            "proposal",
        ),
        (  # a pronoun: the subject of the sentence before
            "Staline arriva tard. Il expliqua que les trains ne circulaient plus.",
            "stalin",
            "expliqua",
            "les trains ne circulaient plus",
            "statement",
        ),
    ],
)
def test_reported_speech(text: str, speaker: str, verb: str, content: str, mode: str) -> None:
    (r,) = reported(text)
    assert (r.speaker.key if r.speaker else None, r.verb, r.content, r.mode) == (
        speaker,
        verb,
        content,
        mode,
    )
    assert r.rule.startswith("quotations.")


@pytest.mark.parametrize(
    "text",
    [
        "On déclara que la séance était close.",  # nobody named: no speaker, no fact
        "Les journaux affirmèrent que la ville était calme.",  # not a speaker the text names
        "Lénine écrivit : « Trotski déclara que tout était perdu. »",  # inside a quotation
        "La proposition de Lénine, que le Comité adopta, fut publiée.",  # no verb of saying
        "Il faut que Lénine parte.",  # an impersonal "il"
    ],
)
def test_no_reported_speech(text: str) -> None:
    assert reported(text) == ()


def test_an_adverb_between_verb_and_clause() -> None:
    (r,) = reported("Boukharine proposa ensuite de rompre les pourparlers de paix.")
    assert (r.speaker.key, r.content) == (  # type: ignore[union-attr]
        "candidate:person-boukharine",
        "rompre les pourparlers de paix",
    )

"""Extractor: reported speech (:class:`ReportedSpeech`), what someone said in the narrator's words.

``[[reported]]`` rules of ``kg/data/patterns/quotations.toml`` find a verb of saying
followed by "que" (a statement) or "de" + infinitive (a proposal).  The speaker is
the person or body named just before the verb ("Le camarade Lénine constate que",
"Trotski, hors de lui, déclara que"), or what a pronoun opening the sentence stands
for (the first person named in the sentence before);
when neither names anyone nothing is recorded: reported speech without a speaker
says nothing.  Words inside a quotation are the quotation's own.
"""

from __future__ import annotations

import re

from kg.extract._speakers import antecedent, name_before, rx
from kg.extract._works import matching_text, quoted_spans
from kg.extract.context import Context
from kg.extract.rules import Rule, RuleFile
from kg.iris import slug
from kg.model import Mention, ReportedSpeech, Sentence

# a pronoun opening its sentence (after a linking adverb at most): "Il expliqua que …"
_PRONOUN = re.compile(
    r"\s*(?:(?:[Pp]uis|[Aa]lors|[Ee]nsuite|[Ee]nfin|[Mm]ais|[Ee]t|[Bb]ref|[Aa]ussitôt)\s*,?\s*)?"
    r"(?:[Ii]l|[Ee]lle)\s+$"
)
_CONJUNCTION = re.compile(r"\s*(?:que|qu['’]|de|d['’])\s*$")


def patterns(ctx: Context) -> RuleFile:
    """The checked ``quotations.toml`` (:mod:`kg.extract.rules`)."""
    return ctx.rules["quotations"]


def extract(ctx: Context) -> tuple[ReportedSpeech, ...]:
    """Pass ``speech``: every reported statement or proposal with a speaker, in text order."""
    quoted = [(s, e) for s, e, _d in quoted_spans(ctx.text)]
    found: dict[int, ReportedSpeech] = {}
    for para, sent in ctx.sentences():
        if para.footnote is not None:
            continue
        for rule in patterns(ctx).rules("reported"):
            for m in rx(rule).finditer(matching_text(ctx), sent.start, sent.end):
                if m.start() in found or any(s < m.start() < e for s, e in quoted):
                    continue
                speech = _speech(ctx, rule, m, sent)
                if speech is not None:
                    found[m.start()] = speech
    return tuple(found[k] for k in sorted(found))


def _speech(ctx: Context, rule: Rule, m: re.Match[str], sent: Sentence) -> ReportedSpeech | None:
    speaker = _speaker(ctx, sent.start, m.start())
    if speaker is None:
        return None
    content = m.group("content").strip(" ,\n")
    verb = _CONJUNCTION.sub("", ctx.text[m.start() : m.start("content")]).strip()
    start = min(speaker.span.start, m.start()) if speaker.span.start >= sent.start else m.start()
    words = "-".join(re.findall(r"\w+", content)[:6])
    dates = ctx.dates_in(sent.start, m.end())
    return ReportedSpeech(
        key=f"{slug(speaker.key)}-{slug(words)}",
        evidence=ctx.span(start, m.end("content")),
        speaker=speaker,
        verb=verb,
        content=content,
        mode=rule["mode"].value,
        date=dates[-1] if dates else None,
        rule=rule.id,
    )


def _speaker(ctx: Context, sent_start: int, verb_at: int) -> Mention | None:
    named = name_before(ctx, sent_start, verb_at)
    if named is not None:
        return named
    # a pronoun further in may stand for anyone the clause names: no guess
    pronoun = _PRONOUN.match(matching_text(ctx), sent_start, verb_at)
    return antecedent(ctx, sent_start) if pronoun else None

"""Extractor: quotations of someone's words (:class:`Quotation`).

Candidates are « … » (nested) and "…" spans and the dialogue lines ("— …")
inside an accepted quotation.  ``kg/data/patterns/quotations.toml`` says,
as data, which candidates are quotations of speech or writing rather than
titles (« Pravda ») or scare quotes (« garde bourgeoise », "coalition"): a
quotation has a minimum number of words and is *attributed*, by a pattern
ending its lead-in, a verb of saying or a ":" before it, a document the text
introduces just before it, an inverted "…», écrivait Lénine", or a reference
footnote called right after it.

The speaker is the person who said or wrote the words, never the author
reporting them: the subject of the lead-in, the author of the document it is
quoted from, or what a pronoun stands for.  ``work`` is the key of the
document record (see :mod:`kg.extract.documents`) it comes from, from the
footnote called after it or the document introduced before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kg.extract._speakers import (
    SPEAKER_KINDS,
    antecedent,
    body_subject,
    leading_name,
    names,
    rx,
)
from kg.extract._works import first_person, matching_text, quoted_spans
from kg.extract.context import Context
from kg.extract.rules import Rule, RuleFile, SpeakerFrom
from kg.iris import slug
from kg.model import Citation, DateRef, Decree, EntityKind, FactKind, FactRef, Mention, Quotation


def patterns(ctx: Context) -> RuleFile:
    """The checked ``quotations.toml`` (:mod:`kg.extract.rules`)."""
    return ctx.rules["quotations"]


@dataclass(frozen=True)
class _Attribution:
    speaker: Mention | None = None
    label: str = ""
    document: Decree | None = None
    how: str = ""
    anchor: int = -1  # where the speaker is named, for dating
    co_speakers: tuple[Mention, ...] = ()


def find_quotations(ctx: Context, docs: tuple[Decree, ...]) -> tuple[Quotation, ...]:
    """Every quotation of speech or writing, outermost first within text order.

    Reads the documents pass (``docs``) and the references pass (``ctx.references``).
    """
    cites = {c.footnote: c for c in ctx.references}
    accepted: list[tuple[int, int, Quotation]] = []
    candidates = [(o + 1, c - 1, d) for o, c, d in quoted_spans(ctx.text)]
    for start, end, _depth in candidates:
        q = _quotation(ctx, start, end, docs, cites, accepted)
        if q is not None:
            accepted.append((start, end, q))
            accepted.extend(_dialogue(ctx, start, end, q, docs, cites, accepted))
    return tuple(q for _s, _e, q in sorted(accepted, key=lambda t: (t[0], -t[1])))


def extract(ctx: Context, documents: tuple[Decree, ...]) -> tuple[Quotation, ...]:
    """Pass ``quotations``: needs the documents pass's records."""
    return find_quotations(ctx, documents)


# --------------------------------------------------------------------------- one candidate


def _quotation(
    ctx: Context,
    start: int,
    end: int,
    docs: tuple[Decree, ...],
    cites: dict[str, Citation],
    accepted: list[tuple[int, int, Quotation]],
    lead_start: int | None = None,
) -> Quotation | None:
    span = ctx.span(start, end)
    if len(re.findall(r"\w+", span.text)) < patterns(ctx)["min_words"] or _is_title(
        ctx, span.start, span.end
    ):
        return None
    lead_from = _lead_start(ctx, start - 1) if lead_start is None else lead_start
    if lead_from is None:
        return None
    # "Comme il insistait : « … », Lénine répondit : « … »":
    # the second lead-in starts after the first quotation; a nested one's inside its quotation
    spans = quoted_spans(ctx.text)
    lead_from = max(
        [lead_from]
        + [e for s, e, _d in spans if lead_from <= s and e <= start - 1]
        + [s + 1 for s, e, _d in spans if s < start - 1 and end < e]
    )
    note = _note_after(ctx, end + 1)
    citation = cites.get(note) if note else None
    who = _attribute(ctx, lead_from, start - 1, end + 1, docs)
    if who is None:
        who = _continuation(ctx, start, accepted)
    if who is None and citation is not None:
        who = _Attribution(speaker=citation.author, how="quotations.footnote")
    if who is None:
        return None
    work = (
        FactRef(FactKind.DECREE, citation.work)
        if citation is not None and citation.work
        else (who.document.ref if who.document else None)
    )
    within = next((q.ref for s, e, q in reversed(accepted) if s <= start and end <= e), None)
    speaker = who.speaker
    words = "-".join(re.findall(r"\w+", span.text)[:6])
    key = f"{speaker.key if speaker else slug(who.label) or 'x'}-{words}"
    return Quotation(
        key=key,
        evidence=span,
        text=span.text,
        speaker=speaker,
        date=_date(ctx, lead_from, who),
        work=work,
        footnote=note or "",
        speaker_label=who.label,
        within=within,
        rule=who.how,
        co_speakers=who.co_speakers,
    )


def _is_title(ctx: Context, start: int, end: int) -> bool:
    """A work's name covers the candidate, or it is a heading (a paragraph of its own, not
    introduced).
    """
    covered = sum(m.span.end - m.span.start for m in ctx.mentions_in(start, end, EntityKind.WORK))
    if covered >= patterns(ctx)["title_share"] * (end - start):
        return True
    para = ctx.paragraph_at(start)
    if para is None:
        return False
    own = re.sub(r"\[\d+\]", "", ctx.text[para.start : para.end]).strip(' «»"\n')
    if own != ctx.text[start:end].strip():
        return False
    previous = [p for p in ctx.seg.paragraphs if p.end <= para.start]
    return not previous or not ctx.text[previous[-1].start : previous[-1].end].rstrip().endswith(
        ":"
    )


def _lead_start(ctx: Context, open_at: int) -> int | None:
    """Start of the lead-in: the sentence's start, or the previous paragraph's last sentence after
    a ":".
    """
    sent = ctx.sentence_at(open_at)
    if ctx.text[sent.start : open_at].strip(' \n«"—'):
        return sent.start
    previous = [s for _p, s in ctx.sentences() if s.end <= open_at and _p.footnote is None]
    if previous and ctx.text[previous[-1].start : previous[-1].end].rstrip().endswith(":"):
        return previous[-1].start
    return sent.start


def _note_after(ctx: Context, close_end: int) -> str | None:
    for note in ctx.seg.repaired.footnotes:
        if note.call_start is not None and close_end <= note.call_start <= close_end + 3:
            return note.label
    return None


def _attribute(
    ctx: Context, lead_from: int, open_at: int, close_end: int, docs: tuple[Decree, ...]
) -> _Attribution | None:
    """The speaker by the first rule of quotations.toml that applies (see its header)."""
    text = matching_text(ctx)
    lead = text[lead_from:open_at]
    for rule in patterns(ctx).rules("lead"):
        who = _by_rule(ctx, rule, rx(rule).search(lead), lead_from, open_at)
        if who is not None:
            return who
    after_end = close_end + patterns(ctx)["after_window"]
    for rule in patterns(ctx).rules("after"):
        m = rx(rule).search(text[close_end:after_end])
        who = _by_rule(ctx, rule, m, close_end, open_at)
        if who is not None:
            return who
    doc = _document_in(ctx, lead_from, open_at, docs)
    if doc is not None:
        authors = (
            doc.authors or tuple(x for x in (doc.reported_by, doc.adopted_by) if x is not None)[:1]
        )
        if len(authors) == 1:
            return _Attribution(
                speaker=authors[0], document=doc, how="quotations.document", anchor=lead_from
            )
        issued = _issuer(ctx, lead, lead_from, open_at)
        if issued is not None:
            return replace(issued, document=doc)
        return _Attribution(document=doc, how="quotations.document", anchor=lead_from)
    issued = _issuer(ctx, lead, lead_from, open_at)
    if issued is not None:
        return issued
    stripped = lead.rstrip(' \n—«"“')
    if any(rx(r).search(stripped) for r in patterns(ctx).rules("indirect")):
        return None
    for rule in patterns(ctx).rules("introducer"):
        who = _by_rule(ctx, rule, rx(rule).search(stripped), lead_from, open_at)
        if who is not None:
            return who
    return None


def _issuer(ctx: Context, lead: str, lead_from: int, open_at: int) -> _Attribution | None:
    """Who issued the document the lead-in introduces ("l’appel du Comité …", "Son appel")."""
    for rule in patterns(ctx).rules("document"):
        m = rx(rule).search(lead)
        if m is not None and names(ctx, lead_from, lead_from + m.start()):
            return None  # "Trotski lut la déclaration de la fraction :" — the reader speaks
        who = _by_rule(ctx, rule, m, lead_from, open_at)
        if who is not None and (who.speaker is not None or who.label):
            return who
    return None


def _by_rule(
    ctx: Context, rule: Rule, m: re.Match[str] | None, base: int, open_at: int
) -> _Attribution | None:
    """What a matching rule says of the speaker (``None``: the rule does not apply after all)."""
    if m is None:
        return None
    how = rule.id
    mode = rule["speaker"]
    if mode is SpeakerFrom.FIRST_PERSON:
        return _Attribution(speaker=first_person(ctx), how=how, anchor=base + m.start())
    if mode is SpeakerFrom.SIGNATORIES:
        s, e = base + m.start("who"), base + m.end("who")
        signed = names(ctx, s, e, SPEAKER_KINDS)
        if not signed or leading_name(ctx, s, e) is None:
            return None
        return _Attribution(
            speaker=signed[0], co_speakers=tuple(signed[1:]), how=how, anchor=signed[0].span.start
        )
    if mode is SpeakerFrom.GROUP:
        s, e = base + m.start("who"), base + m.end("who")
        speaker = leading_name(ctx, s, e)
        if speaker is not None:
            return _Attribution(speaker=speaker, how=how, anchor=s)
        described = rule.get("describe") and patterns(ctx)["described_rx"].match(m.group("who"))
        label = " ".join(described.group().split()) if described else ""
        return _Attribution(label=label, how=how, anchor=s) if label else None
    if mode is SpeakerFrom.PRONOUN:
        group = next(g for g in m.groupdict() if g.startswith("pronoun") and m.group(g))
        at = base + m.start(group)
        # the cue is plain: with no antecedent the quotation stays without a speaker
        return _Attribution(speaker=antecedent(ctx, min(at, open_at)), how=how, anchor=at)
    lead_from = base
    return replace(_subject(ctx, lead_from, open_at), how=how)


def _subject(ctx: Context, lead_from: int, open_at: int) -> _Attribution:
    """The subject of the lead-in: its first person named, a pronoun's antecedent, "je", or a
    described speaker.
    """
    sent_start = lead_from
    lead = matching_text(ctx)[sent_start:open_at]
    found = names(ctx, sent_start, open_at)
    person = found[0] if found else None
    pronoun = re.search(r"\b(?:[Ii]l|[Ee]lle)\b", lead)
    if pronoun and (person is None or sent_start + pronoun.start() < person.span.start):
        at = sent_start + pronoun.start()
        return _Attribution(speaker=antecedent(ctx, at), anchor=at)
    if person is not None:
        return _Attribution(speaker=person, anchor=person.span.start)
    body = body_subject(ctx, sent_start, open_at)
    if body is not None:
        return _Attribution(speaker=body, anchor=body.span.start)
    label = patterns(ctx)["speaker_label_rx"].search(lead)
    if label:
        return _Attribution(label=" ".join(label.group("label").split()), anchor=sent_start)
    if re.search(r"\b(?:[Jj]e|[Jj]’|[Nn]ous|[Nn]otre)\b", lead):
        return _Attribution(speaker=first_person(ctx), anchor=sent_start)
    return _Attribution(anchor=sent_start)


def _document_in(
    ctx: Context, lead_from: int, open_at: int, docs: tuple[Decree, ...]
) -> Decree | None:
    """A document whose statement lies in the lead-in (or the sentence before it): the quotation's
    source.
    """
    previous = [s for _p, s in ctx.sentences() if s.end <= lead_from]
    anaphoric = patterns(ctx)["anaphoric_lead_rx"].match(matching_text(ctx), lead_from)
    window_start = previous[-1].start if previous and anaphoric else lead_from
    found = []
    text = matching_text(ctx)
    verb = patterns(ctx)["verb_rx"]
    for d in docs:
        if d.doc_type in ("newspaper", "periodical"):
            continue  # a newspaper is named, not quoted from, in a lead-in
        for span in (d.evidence, *d.more_evidence):
            inside = window_start <= span.start and span.end <= open_at
            # "il me dit, en tapotant un journal … :" — the verb governs the quotation
            if inside and not verb.search(text, window_start, span.start):
                found.append((span.start, d))
    return max(found, key=lambda t: t[0])[1] if found else None


def _continuation(
    ctx: Context, start: int, accepted: list[tuple[int, int, Quotation]]
) -> _Attribution | None:
    """A second quotation in the sentence of an attributed one continues it."""
    sent = ctx.sentence_at(start)
    for s, e, q in reversed(accepted):
        if sent.start <= s and e < start and (q.speaker or q.speaker_label):
            return _Attribution(
                speaker=q.speaker, label=q.speaker_label, how="quotations.continuation", anchor=s
            )
    return None


def _date(ctx: Context, lead_from: int, who: _Attribution) -> DateRef | None:
    """When the words were said or written: the document's date, else a date the lead-in gives
    before the speaker.
    """
    if who.document is not None and who.document.date is not None:
        return who.document.date
    para = ctx.paragraph_at(lead_from)
    if para is None or who.anchor < 0:
        return None
    found = ctx.dates_in(para.start, max(who.anchor, lead_from))
    return found[-1] if found else None


# --------------------------------------------------------------------------- dialogue lines


def _dialogue(
    ctx: Context,
    start: int,
    end: int,
    outer: Quotation,
    docs: tuple[Decree, ...],
    cites: dict[str, Citation],
    accepted: list[tuple[int, int, Quotation]],
) -> list[tuple[int, int, Quotation]]:
    """Lines "— …" inside a quotation, each introduced by the paragraph before ("il me dit :").

    A line inside a quotation nested in this one is that quotation's line, not this one's:
    each line is read once, from its innermost quotation.
    """
    out: list[tuple[int, int, Quotation]] = []
    nested = [
        (s + 1, e - 1) for s, e, _d in quoted_spans(ctx.text) if start < s + 1 and e - 1 <= end
    ]
    for para in ctx.seg.paragraphs:
        if not (start <= para.start and para.end <= end + 2):
            continue
        if any(s <= para.start and para.start < e for s, e in nested):
            continue
        line = re.match(r"\s*—\s*", ctx.text[para.start : para.end])
        if line is None:
            continue
        s = para.start + line.end()
        e = min(para.end, end)
        previous = [p for p in ctx.seg.paragraphs if p.end <= para.start]
        lead = (
            previous[-1].sentences[-1].start if previous and previous[-1].sentences else para.start
        )
        q = _quotation(ctx, s, e, docs, cites, accepted + out, lead_start=lead)
        if q is not None:
            out.append((s, e, q))
    return out

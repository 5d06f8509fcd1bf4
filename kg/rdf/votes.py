"""RDF for decisions and votes, delegate counts and walkouts (Popolo, MODELLING §3.6-3.7).

::

    <doc/D/vote/K> a okg:Decision , opengov:VoteEvent , schema:Event , sem:Event ;
        opengov:motion <doc/D/motion/K> ; opengov:result opengov:Pass ;
        schema:superEvent <doc/D/meeting/M> ; schema:organizer <body/central-committee> ;
        okg:forCount 10 ; okg:againstCount 4 ; okg:abstentionCount 2 ; okg:votesCast 16 ;
        schema:description "… fut adoptée par 10 voix contre 4 et 2 abstentions"@fr ;
        opengov:count <doc/D/count/K-yes> , <doc/D/count/K-no> ;
        opengov:vote <doc/D/ballot/K-lenin> .
    <doc/D/meeting/M> okg:decided <doc/D/vote/K> .
    <doc/D/motion/K> a opengov:Motion ; schema:text "…"@fr ; schema:creator <person/…> ;
        okg:proposedBy <person/…> ; opengov:result opengov:Pass ; dcterms:subject <work/decree-on-land> .
    <doc/D/count/K-yes> a opengov:Count , opengov:YesCount ; opengov:option "yes" ; opengov:value 10 .
    <doc/D/ballot/K-lenin> a opengov:Vote ; opengov:voter <person/lenin> ; opengov:option "no" .
    <doc/D/count/K-abstain> a opengov:Count ; opengov:option "abstain" ; opengov:value 2 .

Counts whose outcome the text does not tell ("X obtint 97 voix sur 102") make an
``opengov:VoteEvent`` that is no ``okg:Decision`` (it has no result).  ``schema:description``
is the clause that states the vote, as printed.

A proposal whose fate the text does not tell is only an ``opengov:Motion``
(``okg:proposedAt`` its sitting).  Delegate counts are ``okg:DelegateCount``
nodes (attendance, not votes); a walkout is an ``okg:Walkout`` event.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.model import DelegateCount, Fact, Vote, Walkout
from kg.rdf.context import RdfContext
from kg.vocab import DCTERMS, OKG, OPENGOV, RDF, RDFS, SCHEMA, SEM, XSD

_RESULTS = {"pass": OPENGOV.Pass, "fail": OPENGOV.Fail}
_COUNT_TYPES = {"yes": OPENGOV.YesCount, "no": OPENGOV.NoCount}


def _count(n: int) -> Literal:
    """A count as ``xsd:integer`` (Oxigraph stores xsd:nonNegativeInteger as xsd:integer; shapes check >= 0)."""
    return Literal(n, datatype=XSD.integer)


def add_vote(ctx: RdfContext, fact: Fact) -> None:
    """A decision (and its motion), or a bare motion when its fate is not told."""
    assert isinstance(fact, Vote)
    voted = (
        fact.for_count is not None
        or fact.against_count is not None
        or fact.unanimous
        or fact.abstentions is not None
        or bool(fact.voters_for or fact.voters_against or fact.voters_abstaining)
    )
    if not fact.result and not voted:
        node = _motion(ctx, ctx.node(fact), fact)
        if fact.meeting:
            ctx.add(node, OKG.proposedAt, ctx.node_of(fact.meeting))
        ctx.evidence(node, fact.evidence)
        return
    node = ctx.typed(ctx.node(fact), SCHEMA.Event, SEM.Event)
    if fact.result:  # counts whose outcome is not told ("X obtint 97 voix") are no decision
        ctx.typed(node, OKG.Decision)
    if voted:
        ctx.typed(node, OPENGOV.VoteEvent)
    ctx.add(node, RDFS.label, _label(fact), lang="fr")
    ctx.add(node, SCHEMA.description, fact.statement or None, lang="fr")
    ctx.add(node, OPENGOV.motion, _motion(ctx, ctx.node_for("motion", fact.key), fact))
    ctx.add(node, OPENGOV.result, _RESULTS.get(fact.result))
    if fact.meeting:
        meeting = ctx.node_of(fact.meeting)
        ctx.add(node, SCHEMA.superEvent, meeting)
        if fact.result:  # a count whose outcome is not told is part of the sitting, no decision
            ctx.add(meeting, OKG.decided, node)
    for body in fact.bodies:
        ctx.add(node, SCHEMA.organizer, ctx.ref(body))
        ctx.add(node, SEM.hasActor, ctx.ref(body))
    ctx.when(node, fact.date)
    _tally(ctx, node, fact)
    ctx.evidence(node, fact.evidence)


def _label(fact: Vote) -> str:
    return f"Décision : {decision_label(fact.statement, fact.motion)}"


#: Longest label text before words are left out.
LABEL_LIMIT = 120


def decision_label(statement: str, motion: str, limit: int = LABEL_LIMIT) -> str:
    """What was decided, said with the clause's own verb (issue 14).

    The whole clause stating the decision when it is short; else its words
    around the motion (the verb before or after it first, then the motion, then
    who decided), the rest left out as "…".  Never the motion alone, which may
    have lost its verb ("La peine de mort, instaurée au front par Kérenski").

    >>> decision_label("La peine de mort, instaurée au front, fut abolie", "La peine de mort, instaurée au front")
    'La peine de mort, instaurée au front, fut abolie'
    >>> decision_label("Le comité de la ville, réuni en séance plénière, décida de ne pas dissoudre sa milice", "ne pas dissoudre sa milice", 60)
    'Le comité … plénière, décida de ne pas dissoudre sa milice'
    >>> decision_label("Le projet de statut de la milice ouvrière de la ville fut approuvé après un long débat", "Le projet de statut de la milice ouvrière de la ville", 60)
    'Le projet de statut de la milice ouvrière … fut approuvé …'
    """
    clause = " ".join(statement.split())
    motion = " ".join(motion.split())
    if not clause:
        return _short(motion)
    if len(clause) <= limit:
        return clause
    at = clause.find(motion) if motion else -1
    if at < 0:
        return _short(clause)
    words = clause.split(" ")
    n_head = len(clause[:at].split())
    n_motion = len(motion.split())
    head = list(range(n_head))
    body = list(range(n_head, n_head + n_motion))
    tail = list(range(n_head + n_motion, len(words)))
    order = [*tail[:2], *head[-3:], *body[:8], *head[:4], *body[8:], *head, *tail]
    kept: set[int] = set()
    for i in dict.fromkeys(order):
        if len(_render(words, kept | {i})) > limit:
            break
        kept.add(i)
    return _render(words, kept)


def _render(words: list[str], kept: set[int]) -> str:
    """The kept words in order, each run of left-out words as one "…"."""
    out: list[str] = []
    for i, word in enumerate(words):
        if i in kept:
            out.append(word)
        elif not out or out[-1] != "…":
            out.append("…")
    return " ".join(out)


def _short(text: str) -> str:
    """``text``, or its first 117 characters and an ellipsis when it has 120 or more."""
    return text if len(text) < 120 else text[:117] + "…"


def _motion(ctx: RdfContext, node: URIRef, fact: Vote) -> URIRef:
    ctx.typed(node, OPENGOV.Motion)
    ctx.add(node, SCHEMA.text, fact.motion, lang="fr")
    ctx.add(node, RDFS.label, _short(fact.motion), lang="fr")
    if fact.proposer is not None:
        ctx.add(node, SCHEMA.creator, ctx.ref(fact.proposer))
        ctx.add(node, OKG.proposedBy, ctx.ref(fact.proposer))
    ctx.add(node, OPENGOV.result, _RESULTS.get(fact.result))
    for subject in fact.subjects:
        ctx.add(node, DCTERMS.subject, ctx.ref(subject))
    return node


def _tally(ctx: RdfContext, node: URIRef, fact: Vote) -> None:
    ctx.add(node, OKG.unanimous, Literal(True) if fact.unanimous else None)
    if fact.votes_cast is not None:
        ctx.add(node, OKG.votesCast, _count(fact.votes_cast))
    for option, n, prop in (
        ("yes", fact.for_count, OKG.forCount),
        ("no", fact.against_count, OKG.againstCount),
        ("abstain", fact.abstentions, OKG.abstentionCount),
    ):
        if n is None:
            continue
        ctx.add(node, prop, _count(n))
        count = ctx.typed(
            ctx.node_for("count", f"{fact.key}-{option}"),
            OPENGOV.Count,
            *([_COUNT_TYPES[option]] if option in _COUNT_TYPES else []),
        )
        ctx.add(count, OPENGOV.option, option)
        ctx.add(count, OPENGOV.value, _count(n))
        ctx.add(count, RDF.value, _count(n))
        ctx.add(node, OPENGOV["count"], count)
    for option, voters in (
        ("yes", fact.voters_for),
        ("no", fact.voters_against),
        ("abstain", fact.voters_abstaining),
    ):
        for voter in voters:
            ballot = ctx.typed(ctx.node_for("ballot", f"{fact.key}-{voter.key}"), OPENGOV.Vote)
            ctx.add(ballot, OPENGOV.voter, ctx.ref(voter))
            ctx.add(ballot, SCHEMA.agent, ctx.ref(voter))
            ctx.add(ballot, OPENGOV.option, option)
            ctx.add(ballot, OPENGOV.voteEvent, node)
            ctx.add(node, OPENGOV.vote, ballot)
    ctx.add(node, OKG.againstDescription, fact.against_label, lang="fr")


def add_delegate_count(ctx: RdfContext, fact: Fact) -> None:
    """How many delegates (of one party, or in all) a sitting had."""
    assert isinstance(fact, DelegateCount) and fact.meeting is not None
    node = ctx.typed(ctx.node(fact), OKG.DelegateCount)
    meeting = ctx.node_of(fact.meeting)
    ctx.add(meeting, OKG.delegateCount, node)
    ctx.add(node, OPENGOV.value, _count(fact.count))
    ctx.add(node, RDF.value, _count(fact.count))
    if fact.group is not None:
        ctx.add(node, OPENGOV.group, ctx.ref(fact.group))
    if fact.subset_of:
        ctx.add(node, OKG.subsetOf, ctx.node_of(fact.subset_of))
    ctx.evidence(node, fact.evidence)


def add_walkout(ctx: RdfContext, fact: Fact) -> None:
    """Groups leaving a sitting (okg:Walkout), with the number who left when given."""
    assert isinstance(fact, Walkout) and fact.meeting is not None
    node = ctx.typed(ctx.node(fact), OKG.Walkout, SCHEMA.Event, SEM.Event)
    ctx.add(node, RDFS.label, "Départ du " + ", ".join(g.span.text for g in fact.groups), lang="fr")
    meeting = ctx.node_of(fact.meeting)
    ctx.add(node, SCHEMA.superEvent, meeting)
    ctx.add(node, OKG.walkoutFrom, meeting)
    for group in fact.groups:
        ctx.add(node, SEM.hasActor, ctx.ref(group))
    for group in fact.partial_groups:
        ctx.add(node, OKG.partialActor, ctx.ref(group))
    if fact.count is not None:
        ctx.add(node, OKG.leftCount, _count(fact.count))
    ctx.when(node, fact.date)
    ctx.evidence(node, fact.evidence)

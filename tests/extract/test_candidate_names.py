"""Names the gazetteer lacks, as the relation passes see them: ``ctx.names_in`` gives the
uses of every candidate beside the gazetteer's mentions, linking lets them through, and the
RDF layer points them at the document's candidate node."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kg import iris
from kg.extract import extract, prepare
from kg.gazetteer import load_gazetteer
from kg.link import link
from kg.model import EntityKind, Mention, RepairedText, Span
from kg.rdf.context import RdfContext
from kg.segment import segment

TEXT = (
    "Le soir, Lénine reçut Piotr Stoutchka et le général Markov. "
    "Stoutchka parla longuement de la situation à Riga."
)


def _ctx(text: str = TEXT):
    return prepare(segment(RepairedText("t", text)), load_gazetteer())


def test_names_in_lists_known_and_unknown_names_in_text_order():
    ctx = _ctx()
    names = ctx.names_in(0, len(TEXT))
    assert [m.span.text for m in names][:1] == ["Lénine"]
    unknown = [m for m in names if m.candidate_key is not None]
    assert any("Stoutchka" in m.span.text for m in unknown), names
    # each use of a candidate points back at one of the document's candidates
    keys = {c.key for c in ctx.candidates}
    assert all(m.candidate_key in keys for m in unknown)


def test_name_at_prefers_the_first_name_of_the_span():
    ctx = _ctx()
    start = TEXT.index("Stoutchka parla")
    found = ctx.name_at(start, start + len("Stoutchka"), EntityKind.PERSON)
    assert found is not None and found.candidate_key is not None


def test_passes_must_run_before_names_in():
    from kg.errors import ExtractionError
    from kg.extract.context import Context

    ctx = _ctx()
    bare = Context.make(ctx.seg, ctx.mentions, ctx.dates, ctx.gazetteer, ctx.rules)
    with pytest.raises(ExtractionError, match="candidates"):
        bare.names_in(0, 10)


def test_linking_and_rdf_accept_a_candidate_mention():
    seg = segment(RepairedText("t", TEXT))
    extraction = extract(seg, load_gazetteer())
    linked = link(seg, extraction, load_gazetteer())  # no DataError for candidate keys
    cand = next(c for c in extraction.facts if c.KIND.value == "candidate")
    mention = Mention(cand.kind, f"candidate:{cand.key}", Span("t", 0, 3, TEXT[:3]))
    rdf = RdfContext(Graph(), "t", TEXT, {e.key: e for e in linked.entities})
    assert rdf.ref(mention) == iris.fact("t", "candidate", cand.key)
    assert rdf.label(mention) == TEXT[:3]

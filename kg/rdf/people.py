"""RDF for typed name usages (:class:`~kg.model.NameUsage`).

::

    <doc/D/nameusage/trotsky-birth-name-l-bronstein> a okg:NameMention , opengov:OtherName ;
        rdfs:label "L. Bronstein"@fr ; okg:surfaceForm "L. Bronstein"@fr ;
        okg:refersTo <person/trotsky> ; okg:nameType okg:BirthName ;
        okg:pairedName <doc/D/nameusage/trotsky-pseudonym-trotski> .
    <person/trotsky> opengov:otherName <doc/D/nameusage/trotsky-birth-name-l-bronstein> .

Popolo's ``other_names`` (``opengov:otherName`` → ``opengov:OtherName``, its
``name`` as ``rdfs:label``) carries the form; ``okg:nameType`` says what kind
of name it is; the evidence is the span the form was read from.
"""

from __future__ import annotations

from rdflib import Literal

from kg.model import Fact, NameType, NameUsage
from kg.rdf.context import RdfContext
from kg.vocab import OKG, OPENGOV, RDFS

#: okg concept of each name type (the same terms kg.rdf.entities uses for mentions).
NAME_TYPES = {
    NameType.SURNAME: OKG.Surname,
    NameType.FULL: OKG.FullName,
    NameType.INITIALS: OKG.InitialsName,
    NameType.PATRONYMIC: OKG.Patronymic,
    NameType.BIRTH_NAME: OKG.BirthName,
    NameType.PSEUDONYM: OKG.Pseudonym,
    NameType.TRANSLITERATION: OKG.Transliteration,
}


def add_name_usage(ctx: RdfContext, fact: Fact) -> None:
    """One ``opengov:OtherName`` per typed form, linked from its person, with evidence."""
    assert isinstance(fact, NameUsage)
    node = ctx.typed(ctx.node(fact), OKG.NameMention, OPENGOV.OtherName)
    person = ctx.ref(fact.person)
    form = " ".join(fact.person.span.text.split())
    ctx.add(node, RDFS.label, Literal(form, lang="fr"))
    ctx.add(node, OKG.surfaceForm, Literal(form, lang="fr"))
    ctx.add(node, OKG.refersTo, person)
    if fact.person.name_type is not None:
        ctx.add(node, OKG.nameType, NAME_TYPES[fact.person.name_type])
    if fact.paired:
        ctx.add(node, OKG.pairedName, ctx.node_of(fact.paired))
    ctx.add(person, OPENGOV.otherName, node)
    ctx.evidence(node, fact.evidence)

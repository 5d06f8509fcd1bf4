"""The editorial layer: seeds/notes/*.toml loaded and checked, then turned into Web Annotations."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg import iris, rdf
from kg.errors import DataError
from kg.model import Entity, EntityKind, NoteKind
from kg.notes import load_notes, read_notes_file
from kg.vocab import DCTERMS, OA, OKG, RDF, XSD

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
HEAD = 'document = "doc1"\ncreator = "A. Historian"\ncreated = 2026-12-01\n'
GOOD = (
    HEAD + '[notes.n1]\nkind = "contradicted"\nfact = "membership/x"\n'
    'comment = "Not so."\nsource = "Some Book, Paris, 1990"\n'
)
TEXT = "Le 13 (26) octobre, le comité se réunit. Le 13 encore."


def write(tmp_path: Path, body: str, name: str = "doc1.toml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_a_good_file_loads_into_typed_notes(tmp_path: Path) -> None:
    (note,) = read_notes_file(write(tmp_path, GOOD))
    assert note.kind is NoteKind.CONTRADICTED
    assert note.anchor.fact == str(iris.document("doc1")) + "/membership/x"
    assert (note.creator, note.created, note.language) == ("A. Historian", date(2026, 12, 1), "en")


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ('kind = "wrong"\nfact = "x"\ncomment = "c"', "[notes.n1]: kind: 'wrong' is not one of"),
        ('kind = "comment"\nfact = "x"\ncomment = "c"\ncolour = 1', "unknown key 'colour'"),
        ('kind = "comment"\ncomment = "c"', "give exactly one anchor"),
        ('kind = "comment"\nfact = "x"\nquote = "q"\ncomment = "c"', "give exactly one anchor"),
        ('kind = "comment"\nfact = "x"', "[notes.n1]: comment: missing"),
        ('kind = "comment"\nfact = "x"\ncomment = ""', "comment: must be a non-empty string"),
        ('kind = "disputed"\nfact = "x"\ncomment = "c"', "source: a disputed note cites"),
        (
            'kind = "corrected-date"\nfact = "x"\ncomment = "c"\nsource = "s"',
            "corrected_julian/corrected_time",
        ),
        (
            'kind = "comment"\nfact = "x"\ncomment = "c"\ncorrected_julian = 1917-10-12',
            "corrected_julian/corrected_time",
        ),
        (
            'kind = "corrected-date"\nfact = "x"\ncomment = "c"\nsource = "s"\n'
            'corrected_time = "25:00"',
            "corrected_time: '25:00' is not HH:MM",
        ),
        (
            'kind = "corrected-date"\nfact = "x"\ncomment = "c"\nsource = "s"\n'
            'corrected_julian = "1917-10-12"',
            "corrected_julian: must be a TOML date",
        ),
        ('kind = "misattribution"\nfact = "x"\ncomment = "c"\nsource = "s"', "attributed_to"),
        ('kind = "comment"\nquote = "q"\noccurrence = 0\ncomment = "c"', "occurrence"),
        ('kind = "comment"\nfact = "x"\noccurrence = 2\ncomment = "c"', "occurrence"),
    ],
)
def test_a_bad_note_is_one_line_naming_file_table_and_key(
    tmp_path: Path, note: str, message: str
) -> None:
    path = write(tmp_path, f"{HEAD}[notes.n1]\n{note}\n")
    with pytest.raises(DataError) as err:
        read_notes_file(path)
    assert str(err.value).startswith(f"{path}: ")
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_file_level_errors(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=re.escape("no [notes.<key>] tables")):
        read_notes_file(write(tmp_path, HEAD))
    with pytest.raises(DataError, match="unknown key 'author'"):
        read_notes_file(write(tmp_path, 'author = "x"\n' + GOOD))
    with pytest.raises(DataError, match=re.escape("doc1.toml: ")):
        read_notes_file(write(tmp_path, "kind = = 1"))


def test_no_notes_folder_means_no_notes(tmp_path: Path) -> None:
    assert load_notes(tmp_path) == ()


def _graph(tmp_path: Path, body: str):  # type: ignore[no-untyped-def]
    notes = read_notes_file(write(tmp_path, body))
    engels = Entity("engels", EntityKind.PERSON, "Engels")
    return rdf.editorial_graph(notes, {"doc1": TEXT}, [engels])


def test_a_fact_note_is_an_assessing_annotation_targeting_the_fact(tmp_path: Path) -> None:
    g = _graph(tmp_path, GOOD)
    note = iris.note("doc1", "n1")
    assert (note, RDF.type, OKG.EditorialNote) in g and (note, RDF.type, OA.Annotation) in g
    assert g.value(note, OA.motivatedBy) == OA.assessing
    assert g.value(note, OKG.noteKind) == OKG.Contradicted
    assert g.value(note, OA.hasTarget) == URIRef(str(iris.document("doc1")) + "/membership/x")
    assert g.value(note, DCTERMS.created) == Literal("2026-12-01", datatype=XSD.date)
    source = g.value(note, DCTERMS.source)
    assert str(g.value(source, DCTERMS.bibliographicCitation)) == "Some Book, Paris, 1990"
    body = g.value(note, OA.hasBody)
    assert g.value(body, RDF.value) == Literal("Not so.", lang="en")


def test_a_quote_note_targets_the_span_with_both_selectors(tmp_path: Path) -> None:
    body = (
        HEAD + '[notes.n1]\nkind = "corrected-date"\nquote = "Le 13"\noccurrence = 2\n'
        'corrected_julian = 1917-10-12\ncorrected_time = "03:10"\ncomment = "c"\nsource = "s"\n'
    )
    g = _graph(tmp_path, body)
    note = iris.note("doc1", "n1")
    target = g.value(note, OA.hasTarget)
    assert g.value(target, OA.hasSource) == iris.text("doc1")
    starts = {int(o) for o in g.objects(None, OA.start)}
    assert starts == {TEXT.index("Le 13", 1)}
    assert g.value(note, OA.motivatedBy) == OA.editing
    text_body = g.value(note, OA.hasBody)
    day = g.value(text_body, OKG.correctedDate)
    assert str(g.value(day, OKG.gregorianDate)) == "1917-10-25"
    assert g.value(text_body, OKG.correctedTime) == Literal("03:10:00", datatype=XSD.time)


@pytest.mark.parametrize(
    ("anchor", "message"),
    [
        ('quote = "Le 13"', "found 2 times; add occurrence"),
        ('quote = "absent words"', "quote: not in the document's text"),
        ('quote = "Le 13"\noccurrence = 3', "found only 2 times"),
        ('quote = "comité"\ndocument = "other"', "document: no seed document 'other'"),
    ],
)
def test_a_quote_that_does_not_resolve_is_a_data_error(
    tmp_path: Path, anchor: str, message: str
) -> None:
    body = HEAD + f'[notes.n1]\nkind = "comment"\n{anchor}\ncomment = "c"\n'
    with pytest.raises(DataError, match=re.escape("seeds/notes/doc1.toml: [notes.n1]: ")) as err:
        _graph(tmp_path, body)
    assert message in str(err.value)


def test_a_misattribution_names_the_right_author(tmp_path: Path) -> None:
    body = (
        HEAD + '[notes.n1]\nkind = "misattribution"\nfact = "quotation/q"\n'
        'attributed_to = "engels"\ncomment = "c"\nsource = "s"\n'
    )
    g = _graph(tmp_path, body)
    assert (None, OKG.correctAttribution, iris.entity("person", "engels")) in g
    with pytest.raises(DataError, match="attributed_to: no gazetteer entry 'nobody'"):
        _graph(tmp_path, body.replace('"engels"', '"nobody"'))


def test_the_seed_notes_load_and_cover_the_issue_14_list() -> None:
    notes = {n.key: n for n in load_notes(SEEDS)}
    assert notes["molotov-central-committee"].kind is NoteKind.CONTRADICTED
    assert notes["insurrection-art-engels"].attributed_to == "engels"
    assert notes["central-committee-1-october-sic"].kind is NoteKind.SIC
    dated = {k for k, n in notes.items() if n.kind is NoteKind.CORRECTED_DATE}
    assert {
        "executive-committee-date",
        "petrograd-soviet-date",
        "regiment-committees-date",
    } <= dated
    assert {"pre-parliament-opening", "congress-resumption-time"} <= dated
    assert all(n.source for n in notes.values() if n.kind is not NoteKind.COMMENT)


def test_the_digest_follows_the_notes(tmp_path: Path) -> None:
    from kg.notes import digest

    (tmp_path / "notes").mkdir()
    empty = digest(tmp_path)
    write(tmp_path / "notes", GOOD)
    assert digest(tmp_path) != empty


def test_a_note_on_a_fact_the_graph_lacks_fails_the_build(tmp_path: Path) -> None:
    import shutil

    from kg.errors import ValidationError
    from kg.pipeline import build

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    bad = seeds / "notes" / "zz.toml"
    bad.write_text(
        'document = "003_2d74070e7dd118d0"\ncreator = "A. Historian"\ncreated = 2026-12-01\n'
        '[notes.ghost]\nkind = "comment"\nfact = "meeting/no-such-meeting"\ncomment = "c"\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as err:
        build(seeds, tmp_path / "store")
    assert str(err.value).startswith("seeds/notes/zz.toml: [notes.ghost]: fact: ")
    assert not (tmp_path / "store").exists()

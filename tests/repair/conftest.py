"""A short passage of our own in every format the repair reads, and damage generators.

The passage (written for these tests, not taken from any source) is laid out
as Markdown, a PDF (generated here with fpdf2), an HTML page (with
navigation to drop) and a TEI P5 file (with encoded names); each fixture
returns a seeds folder holding it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from kg.model import DocumentMeta, Edition, SourceDocument, SourceFormat

TITLE = "Une nuit d’octobre au Comité central"
#: Paragraphs; ``{n}`` is the call of note n.
PARAGRAPHS = (
    "Le 10 (23) octobre 1917, le Comité central du parti bolchevik se réunit en secret à "
    "Petrograd, dans l’appartement d’un sympathisant. Lénine, revenu de Finlande sous un "
    "déguisement, y plaida longuement pour l’insurrection armée{1}. Après une nuit de "
    "discussion, la résolution fut adoptée par 10 voix contre 2 : Zinoviev et Kamenev "
    "votèrent contre.",
    "Le 16 (29) octobre, une réunion élargie confirma ce choix. Trotski, président du Soviet "
    "de Petrograd, dirigeait déjà le Comité militaire révolutionnaire{2}. Les deux opposants "
    "publièrent leur désaccord dans un journal, ce que Lénine tint pour une trahison.",
)
NOTES = (
    ("1", "Voir V. Lénine, Œuvres, t. 26, p. 162."),
    ("2", "Le comité fut créé le 12 (25) octobre 1917 auprès du Soviet."),
)
#: Encoded names of the TEI version: (printed form, element, ref).
NAMES = (
    ("Comité central", "orgName", "#bolshevik-cc"),
    ("Lénine", "persName", "wd:Q1394"),
    ("Petrograd", "placeName", "https://www.wikidata.org/entity/Q656"),
    ("Trotski", "persName", "wd:Q33391"),
)
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def _calls(text: str, render: object) -> str:
    return re.sub(r"\{(\d+)\}", lambda m: render(m.group(1)), text)  # type: ignore[operator]


def markdown() -> str:
    body = "\n\n".join(_calls(p, lambda n: f" ({n})") for p in PARAGRAPHS)
    notes = "\n\n".join(f"({n}) {t}" for n, t in NOTES)
    return f"## {TITLE}\n\n{body}\n\n{notes}\n"


def html() -> str:
    body = "\n".join(
        "<p>" + _calls(p, lambda n: f'<sup><a href="#fn{n}" id="r{n}">{n}</a></sup>') + "</p>"
        for p in PARAGRAPHS
    )
    notes = "".join(
        f'<li id="fn{n}">{t} <a href="#r{n}" role="doc-backlink">↩</a></li>' for n, t in NOTES
    )
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Essai</title>'
        "<style>p { margin: 0 }</style></head><body>"
        '<header><nav><a href="/">Accueil</a> · <a href="/archives">Archives</a></nav></header>'
        '<div class="sidebar"><h2>Derniers articles</h2><p>Rien de neuf.</p></div>'
        f"<main><article><h1><b>{TITLE.replace('octobre', '<i>octobre</i>')}</b></h1>\n{body}\n"
        f'<section class="footnotes"><h2>Notes</h2><ol>{notes}</ol></section></article></main>'
        "<footer>© 2026 Un site d’histoire</footer><script>let x = 1;</script></body></html>"
    )


def tei() -> str:
    def encode(text: str) -> str:
        for form, element, ref in NAMES:
            text = text.replace(form, f'<{element} ref="{ref}">{form}</{element}>', 1)
        return text

    notes = dict(NOTES)
    paragraphs = [
        _calls(encode(p), lambda n: f'<note n="{n}" place="foot">{notes[n]}</note>')
        for p in PARAGRAPHS
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">'
        "<teiHeader><fileDesc><titleStmt><title>Essai</title></titleStmt>"
        "<publicationStmt><p>Fichier de test.</p></publicationStmt>"
        "<sourceDesc><p>Texte original.</p></sourceDesc></fileDesc></teiHeader>\n"
        '<text><body><pb n="41"/><fw type="header">HISTOIRE D’OCTOBRE</fw>'
        f"<div><head>{TITLE}</head>\n<p>{paragraphs[0]}</p>\n"
        f'<pb n="42"/><fw type="header">42</fw>\n<p>{paragraphs[1]}</p></div></body></text></TEI>\n'
    )


def pdf() -> bytes:
    """Two pages: running heads with page numbers, footnotes in a smaller size."""
    from fpdf import FPDF

    doc = FPDF(format=(148, 210))
    doc.add_font("Serif", "", str(FONT))
    doc.set_auto_page_break(False)
    for k, (page, paragraph) in enumerate(zip(("41", "42"), PARAGRAPHS, strict=True)):
        doc.add_page()
        doc.set_font("Serif", size=8)
        head = "HISTOIRE D’OCTOBRE"
        doc.cell(0, 5, f"{head}{' ' * 40}{page}" if k == 0 else f"{page}{' ' * 40}{head}")
        doc.ln(10)
        if k == 0:
            doc.set_font("Serif", size=14)
            doc.multi_cell(0, 7, TITLE, new_x="LMARGIN", new_y="NEXT")
            doc.ln(4)
        doc.set_font("Serif", size=10)
        for part in re.split(r"(\{\d+\})", paragraph):
            if re.fullmatch(r"\{\d+\}", part):
                doc.set_font("Serif", size=6)
                doc.char_vpos = "SUP"
                doc.write(5, part[1:-1])
                doc.char_vpos = "LINE"
                doc.set_font("Serif", size=10)
            else:
                doc.write(5, part)
        doc.ln(14)
        doc.set_font("Serif", size=7)
        label, note = NOTES[k]
        doc.multi_cell(0, 4, f"{label} {note}", new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


def document(
    name: str, fmt: str, content: str | bytes, damage: tuple[str, ...] = ()
) -> SourceDocument:
    """A SourceDocument as :func:`kg.seeds.load` would make it."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    meta = DocumentMeta(
        name,
        f"{name}.txt",
        TITLE,
        "Essai",
        "fr",
        SourceFormat(fmt),
        "2026",
        Edition("Test"),
        damage=damage,
    )
    raw = "" if fmt == "pdf" else data.decode("utf-8")
    return SourceDocument(meta, Path(f"{name}.txt"), raw, hashlib.sha256(data).hexdigest(), data)


@pytest.fixture(scope="session")
def passage_docs() -> dict[str, SourceDocument]:
    """The passage in each format, as documents."""
    if not FONT.is_file():
        pytest.skip(f"no {FONT} to embed in the test PDF")
    return {
        "markdown": document("p_md", "markdown", markdown()),
        "html": document("p_html", "html", html()),
        "tei": document("p_tei", "tei", tei()),
        "pdf": document("p_pdf", "pdf", pdf()),
    }


@pytest.fixture(scope="session")
def docs_by_id() -> dict[str, SourceDocument]:
    from kg.seeds import load

    return {d.doc_id: d for d in load(Path(__file__).resolve().parents[2] / "seeds")}

"""A synthetic corpus for the build benchmark: N documents made from the seeds' paragraphs.

Run: ``.venv/bin/python benchmarks/synth.py OUT_DIR --documents 200 [--seed 1917]``

Every document is a shuffled sample of the *repaired* running-text
paragraphs of both seeds (``kg.pipeline.repaired_text``), 10-50 KB long, with

* names varied: each gazetteer name is replaced, one time in two, by another
  form of the same entity (its label or one of its aliases);
* dates varied: every ``<day> <month>`` of a paragraph moves by the same
  number of days, so that paired Julian/Gregorian dates stay 13 days apart;
* counts varied: numbers from 32 to 999 (not days, hours or years) change by up to 30 %;
* two to six numbered notes taken from the seeds' footnotes.

One document in three is written as ``pdf-text`` and damaged the way the
PDF damaged seed 000 (``benchmarks/repair_accuracy.py``: accents broken,
spurious spaces, hard-wrapped lines, notes as ``n Text`` lines), so the heavy
repair path is measured too; the others are ``markdown`` (notes ``(n)``).
The output is a seeds folder (``manifest.toml`` + files) for ``kg build --seeds``.
Deterministic for a given ``--seed``.
"""

from __future__ import annotations

import argparse
import datetime
import random
import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "benchmarks"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from repair_accuracy import damage, space_rates  # noqa: E402

from kg.gazetteer import load_gazetteer  # noqa: E402
from kg.model import SourceFormat  # noqa: E402
from kg.pipeline import repaired_text  # noqa: E402
from kg.seeds import load  # noqa: E402

SEEDS = ROOT / "seeds"
_MONTH_NAMES = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_MONTHS = "|".join(_MONTH_NAMES)
_DAY = re.compile(rf"\b([1-9]|[12][0-9]|3[01])(er)?(\s+)({_MONTHS})\b")
_COUNT = re.compile(
    r"(?<![\d\[(/.,-])\b([1-9][0-9]{1,2})\b(?![\d\])/.,-])(?!\s+(?:" + _MONTHS + "))"
)
_CALL = re.compile(r"\s?\[\d{1,3}\]")
_WORD = r"[\w\u00C0-\u024F]"
_AUTHORS = (("Nadejda Kroupskaïa", "krupskaya"), ("Vladimir Lénine", "lenin"))


class Material:
    """What documents are made of: the seeds' paragraphs and notes, the gazetteer's names."""

    def __init__(self) -> None:
        docs = load(SEEDS)
        self.paragraphs: list[str] = []
        self.notes: list[str] = []
        for doc in docs:
            rep = repaired_text(doc)
            body = rep.text if rep.body_end < 0 else rep.text[: rep.body_end]
            self.paragraphs += [_CALL.sub("", p).strip() for p in body.split("\n\n") if len(p) > 80]
            self.notes += [rep.text[f.start : f.end].strip() for f in rep.footnotes]
        self.notes = [n for n in self.notes if n and n[0].isupper()] or ["Voir le texte."]
        pdf = next(d for d in docs if d.meta.format is SourceFormat.PDF_TEXT)
        self.rates = space_rates(pdf.raw)
        self.forms: dict[str, list[str]] = {}
        for entity in load_gazetteer().entities:
            forms = sorted({entity.label_fr, *entity.aliases} - {""})
            for form in forms:
                self.forms.setdefault(form, [])
                self.forms[form] = sorted({*self.forms[form], *forms})
        names = sorted(self.forms, key=len, reverse=True)
        alternation = "|".join(re.escape(n) for n in names)
        self.names = re.compile(rf"(?<!{_WORD})(?:{alternation})(?!{_WORD})")


def vary(text: str, rng: random.Random, m: Material) -> str:
    """The same paragraph with other names, days and counts."""
    text = m.names.sub(
        lambda x: rng.choice(m.forms[x.group(0)]) if rng.random() < 0.5 else x.group(0), text
    )
    shift = datetime.timedelta(days=rng.randint(-12, 12))
    text = _DAY.sub(lambda x: _shifted(x, shift), text)
    return _COUNT.sub(lambda x: _count(x, rng), text)


def _count(match: re.Match[str], rng: random.Random) -> str:
    """Another count; numbers up to 31 (days, hours) are left alone."""
    n = int(match.group(1))
    return match.group(0) if n <= 31 else str(max(32, round(n * rng.uniform(0.7, 1.3))))


def _shifted(match: re.Match[str], shift: datetime.timedelta) -> str:
    try:
        day = datetime.date(1917, _MONTH_NAMES.index(match.group(4)) + 1, int(match.group(1)))
    except ValueError:  # "31 novembre" in a quotation: leave it
        return match.group(0)
    day += shift
    first = "er" if day.day == 1 else ""
    return f"{day.day}{first}{match.group(3)}{_MONTH_NAMES[day.month - 1]}"


def document(i: int, rng: random.Random, m: Material) -> tuple[str, str, SourceFormat]:
    """(title, text, format) of document ``i``."""
    fmt = SourceFormat.PDF_TEXT if i % 3 == 2 else SourceFormat.MARKDOWN
    size = rng.randint(10_000, 50_000)
    body: list[str] = []
    while sum(len(p) for p in body) < size:
        body.append(vary(rng.choice(m.paragraphs), rng, m))
    notes = [vary(n, rng, m) for n in rng.sample(m.notes, k=min(len(m.notes), rng.randint(2, 6)))]
    title = f"Document synthétique n° {i}"
    if fmt is SourceFormat.MARKDOWN:
        return title, _markdown(title, body, notes, rng), fmt
    return title, _pdf(title, body, notes, rng, m), fmt


def _markdown(title: str, body: list[str], notes: list[str], rng: random.Random) -> str:
    calls = sorted(rng.sample(range(len(body)), k=min(len(notes), len(body))))
    for label, at in enumerate(calls, 1):
        body[at] = _with_call(body[at], f" ({label})")
    out = [
        f"**{title}**",
        *body,
        *(f"({n}) {note}" for n, note in enumerate(notes[: len(calls)], 1)),
    ]
    return "\n\n".join(out) + "\n"


def _pdf(title: str, body: list[str], notes: list[str], rng: random.Random, m: Material) -> str:
    calls = sorted(rng.sample(range(len(body)), k=min(len(notes), len(body))))
    lines = [title, ""]
    for k, paragraph in enumerate(body):
        label = calls.index(k) + 1 if k in calls else None
        if label is not None:
            paragraph = _with_call(paragraph, str(label))
        lines += [*textwrap.wrap(damage(paragraph, m.rates, rng), width=96), ""]
        if label is not None:  # the note at the foot of this "page", then a page break
            lines += textwrap.wrap(f"{label} {damage(notes[label - 1], m.rates, rng)}", width=96)
            lines += ["", f" {label + 4}", ""]
    return "\n".join(lines) + "\n"


def _with_call(paragraph: str, call: str) -> str:
    """Put a note call after the paragraph's last word (before its final punctuation)."""
    match = re.search(r"[^\W\d_](?=[.!?…»]*\s*$)", paragraph)
    if not match:
        return paragraph
    return paragraph[: match.end()] + call + paragraph[match.end() :]


def write_corpus(out: Path, documents: int, seed: int = 1917) -> int:
    """Write ``documents`` documents and their manifest into ``out``; return the bytes written."""
    m = Material()
    out.mkdir(parents=True, exist_ok=True)
    manifest = ["# Synthetic corpus made by benchmarks/synth.py\n"]
    total = 0
    for i in range(documents):
        rng = random.Random(f"{seed}-{i}")
        title, text, fmt = document(i, rng, m)
        doc_id = f"synth_{i:05d}"
        data = text.encode("utf-8")
        (out / f"{doc_id}.txt").write_bytes(data)
        total += len(data)
        author, key = _AUTHORS[i % 2]
        manifest.append(
            f'[documents.{doc_id}]\nfile = "{doc_id}.txt"\ntitle = "{title}"\nauthor = "{author}"\n'
            f'author_key = "{key}"\nlanguage = "fr"\nformat = "{fmt.value}"\n'
            f'date_written = "1917-11-{rng.randint(10, 28)}"\n'
            f'[documents.{doc_id}.edition]\ntitle = "Corpus synthétique"\nyear = 2024\n'
        )
    (out / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="seeds folder to write")
    parser.add_argument("--documents", "-n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1917)
    ns = parser.parse_args()
    total = write_corpus(ns.out, ns.documents, ns.seed)
    print(f"{ns.documents} documents, {total / 1e6:.1f} MB, in {ns.out}")


if __name__ == "__main__":
    main()

"""Works the gazetteer lacks, for :mod:`kg.extract.candidates`: titles after a noun or
verb announcing them, documents named by their subject, the title part of a note."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg import names
from kg.extract._candidate_rules import (
    _INITIALS,
    _NAME,
    _Hit,
    _is_name,
    _overlaps,
    _qualifiers,
    _regexes,
    rules,
)
from kg.extract.context import Context
from kg.model import EntityKind


def _works(ctx: Context) -> Iterator[_Hit]:
    text = ctx.text
    rx = _regexes()
    for m in rx["work_cue"].finditer(text):
        if m.group("quoted"):
            yield _Hit(EntityKind.WORK, m.start("quoted"), m.end("quoted"), "quoted-title")
            continue
        start = m.start("title")
        end = _title_end(text, start, m.end("title"))
        words = [w for w in text[start:end].split() if w not in _TITLE_ARTICLES]
        if end > start and words and _is_name(words[0].split("’")[-1]):
            yield _Hit(EntityKind.WORK, start, end, "title-after-cue")
    for m in rx["work_apposed"].finditer(text):
        if _is_name(m.group("title").split()[0]):
            yield _Hit(EntityKind.WORK, m.start("title"), m.end("title"), "title-apposed")
    for m in rx["work_verb"].finditer(text):
        start = m.start("title")
        end = _title_end(text, start, m.end("title"))
        if end > start and any(w.islower() for w in text[start:end].split()[1:]):
            yield _Hit(EntityKind.WORK, start, end, "title-after-verb")
    for m in rx["work_head"].finditer(text):
        end, count = _qualifiers(text, m.end(), rules().links | {"sur"})
        if count:
            yield _Hit(EntityKind.WORK, m.start(), end, "document-subject")


_TITLE_ARTICLES = {"Le", "La", "Les", "L’", "Un", "Une"}


def _title_end(text: str, start: int, limit: int) -> int:
    """A title in running text: up to the punctuation when it is short (six words at
    most: "Les tâches du prolétariat,"), else its capitalised words."""
    words = list(re.finditer(r"[\w’'-]+", text[start:limit]))
    if len(words) <= 6 and limit < len(text) and text[limit] in ",.;:!?()":
        return start + len(text[start:limit].rstrip())
    end = start
    for i, w in enumerate(words):
        if w.group(0)[0].isupper():
            end = start + w.end()
            continue
        tail = text[start + w.start() : limit]
        if i > 0 and re.fullmatch(r"(?:et|de|du|des)\s+(?:(?:la|le|les)\s+)?[\w’'-]+\s*", tail):
            return start + len(text[start:limit].rstrip())
        break
    return end


def _footnote_works(ctx: Context) -> Iterator[_Hit]:
    """The title part of a footnote reference: the first comma-separated part that is not
    an author (a person's name), a city, a publisher, a year or a locator."""
    r = rules()
    cities = {names.fold(c) for c in names.rules().cities}
    people = [(m.span.start, m.span.end) for m in ctx.mentions if m.kind is EntityKind.PERSON]
    cue = re.compile(rf"(?<![\w’])(?:{'|'.join(map(re.escape, r.footnote_skip))})\s+")
    for note_start, note_end in _notes(ctx):
        body = ctx.text[note_start:note_end]
        offset = note_start
        cues = list(cue.finditer(body))  # read from the last cue: "…, voir X, Paris, 1964"
        if cues:
            last = cues[-1]
            body, offset = body[last.end() :], offset + last.end()
        at = 0
        for part in body.split(","):
            start = offset + at + len(part) - len(part.lstrip())
            end = offset + at + len(part.rstrip())
            at += len(part) + 1
            printed = ctx.text[start:end]
            if not printed or not printed[0].isupper():
                if printed and printed[:1].isdigit():
                    break
                continue
            author = len(printed.split()) <= 3 and (
                _overlaps(people, start, end) or re.fullmatch(rf"{_INITIALS}\s*{_NAME}", printed)
            )
            if (
                author
                or printed.split()[0] in r.locators
                or printed.startswith(r.publishers)
                or names.fold(printed) in cities
                or len(printed.split()) < 2
            ):
                continue
            yield _Hit(EntityKind.WORK, start, end, "footnote-title")
            break


_NOTE_LABEL = re.compile(r"\s*(?:\[\^?\d+\]:?|\(\d+\)|\d+\.)\s+")
_REFERENCE = re.compile(r"(?<![\w’])(?:pp?|t|vol)\.\s*[\dIVXL]|\b1[89]\d\d\b")


def _notes(ctx: Context) -> list[tuple[int, int]]:
    """The footnotes, and paragraphs printed as notes ("[2] …", "[^2]: …", "(2) …") that
    read as references (a locator or a year): the notes the repair did not separate."""
    spans = [(n.start, n.end) for n in ctx.seg.repaired.footnotes]
    for paragraph in ctx.seg.paragraphs:
        text = ctx.text[paragraph.start : paragraph.end]
        label = _NOTE_LABEL.match(text)
        if label is None or not _REFERENCE.search(text):
            continue
        start = paragraph.start + label.end()
        if not _overlaps(spans, start, paragraph.end):
            spans.append((start, paragraph.start + len(text.rstrip())))
    return spans

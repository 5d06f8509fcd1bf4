"""What every pass reads: the segmented text, its mentions and dates, the data, and
what the earlier passes found.

:func:`kg.extract.extract` makes the Context (:meth:`Context.make`) and fills
its pass fields in order (``clock``, ``body_forms``, ``sittings``,
``references``) with :meth:`Context.with_`; a pass reading a field an earlier
pass has not filled raises :class:`~kg.errors.ExtractionError`.  The helpers
here keep the passes short (find the sentence around an offset, the mentions
inside a span, the last date before a position, make a Span).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from typing import Any

from kg.errors import ExtractionError
from kg.extract.resolution import Resolution
from kg.extract.rules import Rules
from kg.gazetteer import Gazetteer
from kg.model import (
    CANDIDATE_PREFIX,
    Candidate,
    Citation,
    DateRef,
    EntityKind,
    Meeting,
    Mention,
    Paragraph,
    SegmentedText,
    Sentence,
    Span,
)

#: ``(offset, day)`` of every day the narrative gives, in text order (the clock pass).
Clock = tuple[tuple[int, DateRef], ...]


@dataclass(frozen=True)
class Sittings:
    """The meetings pass: the document's meetings and ``(offset, key)`` of every occurrence."""

    meetings: tuple[Meeting, ...]
    occurrences: tuple[tuple[int, str], ...]


@dataclass(frozen=True, eq=False)
class Context:
    seg: SegmentedText
    mentions: tuple[Mention, ...]
    dates: tuple[DateRef, ...]
    gazetteer: Gazetteer
    rules: Rules
    resolution: Resolution
    _mention_starts: tuple[int, ...] = field(default=(), repr=False)
    # filled by the passes, in this order (see kg.extract.extract)
    clock_: Clock | None = field(default=None, repr=False)
    body_forms_: tuple[Mention, ...] | None = field(default=None, repr=False)
    sittings_: Sittings | None = field(default=None, repr=False)
    references_: tuple[Citation, ...] | None = field(default=None, repr=False)
    candidates_: tuple[Candidate, ...] | None = field(default=None, repr=False)
    _names: tuple[Mention, ...] = field(default=(), repr=False)  # mentions + candidate uses
    _name_starts: tuple[int, ...] = field(default=(), repr=False)

    @classmethod
    def make(
        cls,
        seg: SegmentedText,
        mentions: tuple[Mention, ...],
        dates: tuple[DateRef, ...],
        gazetteer: Gazetteer,
        rules: Rules,
        resolution: Resolution | None = None,
    ) -> Context:
        mentions = tuple(sorted(mentions, key=lambda m: (m.span.start, m.span.end)))
        resolution = resolution or Resolution.of(mentions)
        starts = tuple(m.span.start for m in mentions)
        return cls(seg, mentions, dates, gazetteer, rules, resolution, starts)

    def with_(self, **passes: Any) -> Context:
        """This context with the results of a pass: ``ctx.with_(clock=…)``."""
        changes = {f"{name}_": value for name, value in passes.items()}
        if "candidates" in passes:  # index every use of a candidate beside the mentions
            uses = [
                Mention(c.kind, CANDIDATE_PREFIX + c.key, span)
                for c in passes["candidates"]
                for span in c.mentions or (c.evidence,)
            ]
            names = tuple(sorted((*self.mentions, *uses), key=lambda m: (m.span.start, m.span.end)))
            changes["_names"] = names
            changes["_name_starts"] = tuple(m.span.start for m in names)
        return replace(self, **changes)

    def _needs(self, value: Any, name: str) -> Any:
        if value is None:
            raise ExtractionError(f"{self.doc_id}: the {name} pass has not run yet")
        return value

    @property
    def clock(self) -> Clock:
        return self._needs(self.clock_, "clock")  # type: ignore[no-any-return]

    @property
    def body_forms(self) -> tuple[Mention, ...]:
        return self._needs(self.body_forms_, "body forms")  # type: ignore[no-any-return]

    @property
    def sittings(self) -> Sittings:
        return self._needs(self.sittings_, "meetings")  # type: ignore[no-any-return]

    @property
    def references(self) -> tuple[Citation, ...]:
        return self._needs(self.references_, "references")  # type: ignore[no-any-return]

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        """Every name the gazetteer lacks (the candidates pass, run in ``prepare``)."""
        return self._needs(self.candidates_, "candidates")  # type: ignore[no-any-return]

    def resolved(self, key: str) -> str:
        """An ambiguous key ``a|b`` read as linking will read it (:mod:`~kg.extract.resolution`)."""
        return self.resolution.key(key)

    @property
    def doc_id(self) -> str:
        return self.seg.doc_id

    @property
    def text(self) -> str:
        return self.seg.text

    def span(self, start: int, end: int) -> Span:
        """Evidence for ``text[start:end]`` (whitespace at the edges trimmed)."""
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return Span(self.doc_id, start, end, text[start:end])

    def mentions_in(
        self, start: int, end: int, kind: EntityKind | None = None
    ) -> tuple[Mention, ...]:
        """Mentions lying inside ``[start, end)``, in text order."""
        lo = bisect.bisect_left(self._mention_starts, start)
        hi = bisect.bisect_left(self._mention_starts, end)
        return tuple(
            m
            for m in self.mentions[lo:hi]
            if m.span.end <= end and (kind is None or m.kind == kind)
        )

    def mentions_starting(self, start: int, end: int) -> tuple[Mention, ...]:
        """Mentions whose first character lies in ``[start, end)`` (they may run past
        ``end``), in text order."""
        lo = bisect.bisect_left(self._mention_starts, start)
        hi = bisect.bisect_left(self._mention_starts, end)
        return self.mentions[lo:hi]

    def mention_at(self, start: int, end: int, kind: EntityKind | None = None) -> Mention | None:
        """The first mention inside ``[start, end)``."""
        found = self.mentions_in(start, end, kind)
        return found[0] if found else None

    def names_in(self, start: int, end: int, kind: EntityKind | None = None) -> tuple[Mention, ...]:
        """Like :meth:`mentions_in`, with the uses of names the gazetteer lacks as well
        (mentions keyed ``candidate:<key>``, see :attr:`Mention.candidate_key`): what a
        relation pass reads to name a voter, a holder or a body nobody has linked yet."""
        self._needs(self.candidates_, "candidates")
        lo = bisect.bisect_left(self._name_starts, start)
        hi = bisect.bisect_left(self._name_starts, end)
        return tuple(
            m for m in self._names[lo:hi] if m.span.end <= end and (kind is None or m.kind == kind)
        )

    def name_at(self, start: int, end: int, kind: EntityKind | None = None) -> Mention | None:
        """The first name (known or candidate) inside ``[start, end)``."""
        found = self.names_in(start, end, kind)
        return found[0] if found else None

    def mention_of(self, key: str, start: int, end: int) -> Mention | None:
        """The first mention of entity ``key`` inside ``[start, end)``."""
        return next((m for m in self.mentions_in(start, end) if m.key == key), None)

    def sentences(self) -> tuple[tuple[Paragraph, Sentence], ...]:
        return tuple((p, s) for p in self.seg.paragraphs for s in p.sentences)

    def sentence_at(self, offset: int) -> Sentence:
        for p in self.seg.paragraphs:
            if p.start <= offset < p.end:
                for s in p.sentences:
                    if s.start <= offset < s.end:
                        return s
                return Sentence(p.start, p.end)
        return Sentence(offset, offset)

    def paragraph_at(self, offset: int) -> Paragraph | None:
        return next((p for p in self.seg.paragraphs if p.start <= offset < p.end), None)

    def dates_in(self, start: int, end: int) -> tuple[DateRef, ...]:
        return tuple(d for d in self.dates if start <= d.span.start and d.span.end <= end)

    def date_before(self, offset: int) -> DateRef | None:
        """The last date the text gave before ``offset`` (the narrative's current day)."""
        before = [d for d in self.dates if d.span.end <= offset]
        return before[-1] if before else None

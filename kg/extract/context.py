"""What every extractor reads: the segmented text, its mentions and dates.

Extractors are pure functions ``extract(ctx) -> tuple[Fact, ...]``; the
helpers here keep them short (find the sentence around an offset, the
mentions inside a span, the last date before a position, make a Span).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from kg.model import DateRef, EntityKind, Mention, Paragraph, SegmentedText, Sentence, Span


@dataclass(frozen=True, eq=False)  # identity hash: per-document caches key on it cheaply
class Context:
    seg: SegmentedText
    mentions: tuple[Mention, ...]
    dates: tuple[DateRef, ...]
    _mention_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    @classmethod
    def make(
        cls, seg: SegmentedText, mentions: tuple[Mention, ...], dates: tuple[DateRef, ...]
    ) -> Context:
        mentions = tuple(sorted(mentions, key=lambda m: (m.span.start, m.span.end)))
        return cls(seg, mentions, dates, tuple(m.span.start for m in mentions))

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

    def mention_at(self, start: int, end: int, kind: EntityKind | None = None) -> Mention | None:
        """The first mention inside ``[start, end)``."""
        found = self.mentions_in(start, end, kind)
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

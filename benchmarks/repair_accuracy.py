"""How well does the repair undo each kind of damage?  Prints figures per kind.

Run: ``.venv/bin/python benchmarks/repair_accuracy.py``

Seed 000's kind ("marks") is measured as it always was (figures 1 and 2
below).  The other kinds (figure 3) are produced from clean text by the
damage generators of this module (:func:`lose_letters`, :func:`mojibake`,
:func:`glue`, :func:`ocr_confuse`; the tests use them too) on held-out
words, the frequent French words of ``wordfreq`` that neither seed prints and
that the French dictionary (:mod:`kg.repair.spelling`) accepts in lower case
(``wordfreq``'s list also carries misspellings, ``trés``, lower-cased names,
``grèce``, and fragments, ``ème``, which no repair should write), and
repaired by
:func:`kg.repair.damage.prepare` without any corpus bonus.  Per kind:
damaged words restored exactly (whether flagged or not), reported (flagged:
kept as printed, or restored with a doubt that names the other reading),
wrong (changed silently into another word: must be 0), and
undamaged words changed (must be 0).  Figure 4: the dev set's lost-letter
passage (``../shared/devset/passages/205_*``) against its clean copy, word
for word, when the dev set is there.

1. **In-corpus**: the passages the seeds print undamaged (the quotations and
   notes of seed 000, all of seed 003) are damaged the way the PDF damaged
   seed 000, restored, and compared word by word.
2. **Held-out**: the most frequent accented French words of ``wordfreq`` that
   occur in neither seed, damaged and restored one by one.

The damage model is measured on seed 000 itself: each accented letter
becomes its base letter + U+FFFD; inside a word a spurious space follows the
mark with the probability observed for that (base letter, next letter) pair;
at a word end a space always follows (``Comité  Central``, ``arrivé .``);
capitals: É -> ``EP`` + space, À -> ``AO`` + space; ï -> ``ïF``, î -> ``ï``
+ mark.  The restorer runs *without* the corpus bonus (it would know the
very words being tested): only ``wordfreq`` and the default-variant rule.
"""

from __future__ import annotations

import dataclasses
import difflib
import random
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kg.repair.accents import MARK, AccentRestorer, rewrite_codes  # noqa: E402
from kg.repair.markdown import repair_markdown  # noqa: E402
from kg.seeds import load  # noqa: E402

SEEDS = ROOT / "seeds"
_WORD = re.compile(r"[^\W\d_]+")
_DAMAGED_PAIR = re.compile(rf"([^\W\d_]){MARK}( ?)([^\W\d_])")
_ACCENTS = set("éèêëàâäîïôöûùüçÿ")
HELD_OUT_SIZE = 3000


@dataclass(frozen=True)
class Score:
    """Damaged words restored exactly, out of all damaged words."""

    correct: int
    total: int
    errors: tuple[tuple[str, str], ...]
    reported: int = 0  # errors whose restored word the repair reported (a doubt)

    @property
    def rate(self) -> float:
        return self.correct / self.total if self.total else 1.0


def space_rates(damaged: str) -> dict[tuple[str, str], float]:
    """P(spurious space | base letter, next letter), measured on a damaged text."""
    seen: Counter[tuple[str, str]] = Counter()
    spaced: Counter[tuple[str, str]] = Counter()
    for m in _DAMAGED_PAIR.finditer(rewrite_codes(damaged)):
        key = (m.group(1).lower(), m.group(3).lower())
        for k in (key, (key[0], "")):
            seen[k] += 1
            spaced[k] += bool(m.group(2))
    return {k: spaced[k] / n for k, n in seen.items()}


def damage(text: str, rates: dict[tuple[str, str], float], rng: random.Random) -> str:
    """Damage ``text`` the way the PDF extraction damaged seed 000."""
    out: list[str] = []
    for k, ch in enumerate(text):
        nxt = text[k + 1] if k + 1 < len(text) else ""
        if ch == "É":
            out.append("EP ")
        elif ch == "À":
            out.append("AO ")
        elif ch == "ï":
            out.append("ïF")
        elif ch.lower() in _ACCENTS:
            base = "ï" if ch == "î" else unicodedata.normalize("NFD", ch)[0]
            out.append(base + MARK + _spurious_space(base.lower(), nxt, rates, rng))
        else:
            out.append(ch)
    return "".join(out)


def _spurious_space(
    base: str, nxt: str, rates: dict[tuple[str, str], float], rng: random.Random
) -> str:
    if not nxt or nxt == "\n":
        return ""
    if not nxt.isalpha():
        return " "  # word end: "Comité  Central", "arrivé ."
    rate = rates.get((base, nxt.lower()), rates.get((base, ""), 0.0))
    return " " if rng.random() < rate else ""


def score_text(original: str, restored: str) -> Score:
    """Compare the accented words of ``original`` with their restoration."""
    correct = total = 0
    errors: list[tuple[str, str]] = []
    for before, after in zip(original.split("\n"), restored.split("\n"), strict=True):
        words, got = _WORD.findall(before), _WORD.findall(after)
        matcher = difflib.SequenceMatcher(a=words, b=got, autojunk=False)
        ok = {
            i
            for block in matcher.get_matching_blocks()
            for i in range(block.a, block.a + block.size)
        }
        for i, word in enumerate(words):
            if _ACCENTS & set(word.lower()):
                total += 1
                correct += i in ok
                if i not in ok:
                    errors.append((word, after))
    return Score(correct, total, tuple(errors))


def clean_corpus() -> str:
    """The undamaged text of the seeds: clean lines of seed 000, all of seed 003."""
    docs = load(SEEDS)
    pdf = next(d for d in docs if d.meta.format.value == "pdf-text")
    lines = [rewrite_codes(x) for x in pdf.raw.split("\n")]
    clean = [x for x in lines if MARK not in x and _ACCENTS & set(x.lower())]
    md = next(d for d in docs if d.meta.format.value == "markdown")
    return "\n".join(clean) + "\n" + repair_markdown(md).text


def in_corpus(seeds: range = range(5)) -> Score:
    """Figure 1: the corpus's clean passages, damaged (once per random seed) and restored."""
    pdf_raw = next(d for d in load(SEEDS) if d.meta.format.value == "pdf-text").raw
    rates = space_rates(pdf_raw)
    original = unicodedata.normalize("NFC", clean_corpus())
    restorer = AccentRestorer()
    correct = total = 0
    errors: list[tuple[str, str]] = []
    for seed in seeds:
        damaged = damage(original, rates, random.Random(seed))
        restored = "\n".join(restorer.restore(rewrite_codes(x)) for x in damaged.split("\n"))
        score = score_text(original, restored)
        correct, total = correct + score.correct, total + score.total
        errors.extend(score.errors)
    return Score(correct, total, tuple(errors))


def held_out(size: int = HELD_OUT_SIZE, seed: int = 17) -> Score:
    """Figure 2: frequent accented French words absent from the seeds."""
    import wordfreq

    docs = load(SEEDS)
    pdf_raw = next(d for d in docs if d.meta.format.value == "pdf-text").raw
    rates = space_rates(pdf_raw)
    from kg.repair.spelling import is_word

    corpus = {w.lower() for w in _WORD.findall(clean_corpus())}
    words: list[str] = []
    for word in wordfreq.iter_wordlist("fr"):
        if word.isalpha() and _ACCENTS & set(word) and word not in corpus and len(word) > 1:
            if not is_word(word):  # a misspelling, a lower-cased name (see held_out_words)
                continue
            words.append(word)
            if len(words) == size:
                break
    rng = random.Random(seed)
    restorer = AccentRestorer()
    text = "\n".join(words)
    damaged = "\n".join(damage(w, rates, rng) for w in words)
    restored = "\n".join(restorer.restore(rewrite_codes(x)).strip() for x in damaged.split("\n"))
    score = score_text(text, restored)
    doubted = {w.lower() for w in restorer.doubts}
    reported = sum(1 for _, got in score.errors if got.lower() in doubted)
    return dataclasses.replace(score, reported=reported)


# ----------------------------------------------------------------------------- other kinds

#: Short words that a lost space glues to the next word ("dansla", "deZinoviev").
GLUE_LEFT = (
    "de", "la", "le", "les", "et", "dans", "avec", "pour", "par", "sur", "en", "du", "des",
    "au", "un", "une", "que", "qui", "il", "ne", "se", "son", "sa", "aux", "ces",
)  # fmt: skip
#: OCR confusions the generator applies (clean letters -> what the OCR printed).
OCR_DAMAGE = (("o", "0"), ("l", "1"), ("m", "rn"))


@dataclass(frozen=True)
class KindScore:
    """One damage kind on held-out words."""

    kind: str
    damaged: int
    restored: int
    reported: int
    wrong: tuple[tuple[str, str], ...]  # (clean, repaired) changed silently
    undamaged: int
    changed: tuple[tuple[str, str], ...]  # undamaged words the repair changed

    @property
    def rate(self) -> float:
        return self.restored / self.damaged if self.damaged else 1.0


def lose_letters(text: str) -> str:
    """A wrong charset: every non-ASCII character becomes one U+FFFD."""
    return "".join(MARK if not ch.isascii() else ch for ch in text)


def mojibake(text: str) -> str:
    """UTF-8 bytes decoded as CP1252 (Latin-1 where CP1252 has a hole)."""
    import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")

    return text.encode("utf-8").decode("sloppy-windows-1252")


def glue(left: str, right: str) -> str:
    """A lost space."""
    return left + right


def ocr_confuse(word: str, rng: random.Random) -> str | None:
    """One look-alike confusion in ``word`` (``None`` if it has no confusable letter)."""
    sites = [(k, a, b) for a, b in OCR_DAMAGE for k in range(len(word)) if word.startswith(a, k)]
    if not sites:
        return None
    k, a, b = rng.choice(sites)
    return word[:k] + b + word[k + len(a) :]


def held_out_words(size: int, accented: bool | None = None) -> list[str]:
    """Frequent French words (length > 1) neither seed prints, most frequent first.

    A word is one the French dictionary accepts as written (in lower case:
    proper nouns are the gazetteer's, measured on the dev set).
    """
    import wordfreq

    from kg.repair.spelling import is_word

    corpus = {w.lower() for w in _WORD.findall(clean_corpus())}
    out: list[str] = []
    for word in wordfreq.iter_wordlist("fr"):
        if not word.isalpha() or len(word) < 2 or word in corpus:
            continue
        if accented is not None and accented != (not word.isascii()):
            continue
        if not is_word(word):
            continue
        out.append(word)
        if len(out) == size:
            break
    return out


def _repair_units(units: list[str], kind: str) -> tuple[list[str], set[int]]:
    """Repair the units as one text, one per line; return them and the reported unit numbers."""
    from kg.model import DamageKind
    from kg.repair.damage import flags, prepare
    from kg.repair.lexicon import Lexicon

    text = "Mots\n" + "\n".join(units)
    prepared = prepare(text, frozenset({DamageKind(kind)}), Lexicon(""))
    lines = prepared.text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    reported = {
        next(i for i in range(len(lines)) if starts[i] <= f.start < starts[i + 1]) - 1
        for f in flags(prepared.text, prepared.reported)
    }
    return lines[1:], reported


def score_kind(kind: str, clean: list[str], damaged: list[str]) -> KindScore:
    """Repair ``damaged`` (one unit per clean unit) and compare with ``clean``."""
    repaired, reported = _repair_units(damaged, kind)
    restored = rep = dmg = und = 0
    wrong: list[tuple[str, str]] = []
    changed: list[tuple[str, str]] = []
    for i, (c, d, r) in enumerate(zip(clean, damaged, repaired, strict=True)):
        if c == d:
            und += 1
            if r != c:
                changed.append((c, r))
            continue
        dmg += 1
        if r == c:
            restored += 1
        elif i in reported:
            rep += 1
        else:
            wrong.append((c, r))
    return KindScore(kind, dmg, restored, rep, tuple(wrong), und, tuple(changed))


def other_kinds(size: int = HELD_OUT_SIZE, seed: int = 17) -> list[KindScore]:
    """Figure 3: lost letters, mojibake, glued words, OCR confusions on held-out words."""
    rng = random.Random(seed)
    accented = held_out_words(size, accented=True)
    plain = held_out_words(size, accented=False)
    scores = []
    # lost letters and mojibake: accented words damaged, ASCII words beside them intact
    mixed = [w for pair in zip(accented, plain, strict=True) for w in pair]
    scores.append(score_kind("lost-letters", mixed, [lose_letters(w) for w in mixed]))
    scores.append(score_kind("mojibake", mixed, [mojibake(w) for w in mixed]))
    # glued: a short word glued to a held-out word, beside intact held-out words; a pair
    # whose glued form is itself a French word ("du" + "ma" = "duma") is left out: no
    # repair can tell it from the word
    from kg.repair.accents import log_frequency

    clean, damaged = [], []
    for k, word in enumerate(plain[: size // 2] + accented[: size // 2]):
        left = rng.choice(GLUE_LEFT)
        if log_frequency(glue(left, word)) is not None:
            continue
        clean += [f"{left} {word}", plain[-1 - k]]
        damaged += [glue(left, word), plain[-1 - k]]
    scores.append(score_kind("glued-words", clean, damaged))
    # OCR: one confusion per word, beside intact words; a confusion that gives another
    # French word ("mot" -> "rnot" is not one, "ma" -> "rna" is not, "lui" -> "1ui" is kept)
    clean, damaged = [], []
    for k, word in enumerate(plain + accented):
        bad = ocr_confuse(word, rng)
        if bad is None or log_frequency(bad) is not None or len(clean) >= 2 * size:
            continue
        intact = plain[-1 - k % len(plain)]
        clean += [word, intact]
        damaged += [bad, intact]
    scores.append(score_kind("ocr", clean, damaged))
    return scores


def devset_205(devset: Path = ROOT.parent / "shared" / "devset") -> tuple[int, int, int] | None:
    """Figure 4: (words, words differing from the clean copy, reported) for passage 205."""
    from kg.model import DocumentMeta, Edition, SourceDocument, SourceFormat
    from kg.repair import repair

    found = sorted((devset / "passages").glob("205_*.txt"))
    clean = sorted((devset / "clean").glob("205_*.clean.txt"))
    if not found or not clean:
        return None

    def repaired(path: Path):  # type: ignore[no-untyped-def]
        meta = DocumentMeta(
            path.stem, path.name, "t", "a", "fr", SourceFormat.PDF_TEXT, "2026", Edition("")
        )
        raw = path.read_text(encoding="utf-8")
        return repair(SourceDocument(meta, path, raw, ""))

    got, want = repaired(found[0]), repaired(clean[0])
    flagged = {
        k
        for k, m in enumerate(re.finditer(r"\S+", got.text))
        if any(f.start < m.end() and m.start() < f.end for f in got.flags)
    }
    a, b = got.text.split(), want.text.split()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    differing = max(len(a), len(b)) - same
    unreported = sum(
        1
        for tag, i1, i2, _, _ in matcher.get_opcodes()
        if tag != "equal"
        for i in range(i1, i2)
        if i not in flagged
    )
    return len(b), differing, unreported


def main() -> None:
    for name, score in (
        ("marks, in-corpus (clean passages)", in_corpus()),
        ("marks, held-out wordfreq", held_out()),
    ):
        print(
            f"{name}: {score.correct}/{score.total} damaged words restored = {score.rate:.2%}; "
            f"of the {len(score.errors)} others, {score.reported} reported"
        )
        for word, context in score.errors[:15]:
            print(f"    {word!r}: {context[:90]!r}")
    print(
        "| damage | damaged words | restored exactly | reported | wrong (silent) | undamaged changed |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    kinds = other_kinds()
    for k in kinds:
        print(
            f"| {k.kind} | {k.damaged} | {k.restored} ({k.rate:.2%}) | {k.reported} | "
            f"{len(k.wrong)} | {len(k.changed)} of {k.undamaged} |"
        )
    for k in kinds:
        for clean, got in (*k.wrong[:8], *k.changed[:8]):
            print(f"    {k.kind}: {clean!r} -> {got!r}")
    dev = devset_205()
    if dev is not None:
        words, differing, unreported = dev
        print(
            f"devset 205 (lost letters): {words} words; {differing} differ from the clean copy, "
            f"{unreported} of them not reported"
        )


if __name__ == "__main__":
    main()

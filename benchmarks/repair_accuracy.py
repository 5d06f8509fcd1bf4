"""How well does the accent restorer undo the PDF damage?  Prints two figures.

Run: ``.venv/bin/python benchmarks/repair_accuracy.py``

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
    corpus = {w.lower() for w in _WORD.findall(clean_corpus())}
    words: list[str] = []
    for word in wordfreq.iter_wordlist("fr"):
        if word.isalpha() and _ACCENTS & set(word) and word not in corpus and len(word) > 1:
            words.append(word)
            if len(words) == size:
                break
    rng = random.Random(seed)
    restorer = AccentRestorer()
    text = "\n".join(words)
    damaged = "\n".join(damage(w, rates, rng) for w in words)
    restored = "\n".join(restorer.restore(rewrite_codes(x)).strip() for x in damaged.split("\n"))
    return score_text(text, restored)


def main() -> None:
    for name, score in (
        ("in-corpus (clean passages)", in_corpus()),
        ("held-out wordfreq", held_out()),
    ):
        print(f"{name}: {score.correct}/{score.total} damaged words restored = {score.rate:.2%}")
        for word, context in score.errors[:15]:
            print(f"    {word!r}: {context[:90]!r}")


if __name__ == "__main__":
    main()

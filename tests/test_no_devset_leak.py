"""No text of the dev set in the repository (issue 10).

The dev set (``<repo>/../shared/devset``: ``passages/*.txt`` and their clean copies
``clean/*.txt``) measures whether the rules generalise; a sentence of it copied into a
rule, a test, a comment or the documentation makes the score measure memory instead.
This test fails, naming ``file:line``, on every run of words that a tracked file shares
with a dev passage, when the run is at least :data:`MIN_CHARS` characters long once
normalised (case, accents, punctuation, whitespace and the U+FFFD of damaged text do not
count).  Runs the seed corpus (``seeds/``) or the gazetteer's names also contain are not
the dev set's own, nor are the few phrases in :data:`GENERIC` (titles of works and the
bibliographic formula every text on the subject uses).

Skipped when the dev set is not beside the checkout (it is in CI).
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEVSET = REPO.parent / "shared" / "devset"

#: what is checked: tracked files under these folders, and these files
SCOPE = (
    "kg",
    "tests",
    "shapes",
    "queries",
    "docs",
    "ontology",
    "benchmarks",
    "README.md",
    "CHANGELOG.md",
)
#: not checked: the golden graph is generated from the seeds; vendored third-party code
EXCLUDED = ("tests/golden/", "kg/serve/static/vendor/")

#: a shared run is made of overlapping runs of this many words ...
GRAM = 4
#: ... and is a leak from this many characters (normalised, words joined by one space):
#: a sentence's worth, longer than a date ("le 25 octobre 7 novembre 1917" is 29) or a
#: body's name
MIN_CHARS = 30

#: phrases any text on the period uses, whichever passage also has them (normalised)
GENERIC = (
    "dix jours qui ebranlerent le monde",
    "histoire de la revolution russe",
    "oeuvres completes 5e ed t",
    "commandant de la region militaire de moscou",
    # official names of parties, as every text on the period prints them
    "parti des socialistes revolutionnaires",
    "socialiste revolutionnaire de gauche",
    "congres du parti ouvrier social democrate de russie",
)

_WORD = re.compile(r"[a-z0-9]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "\ufffd": None})


def normalise(text: str) -> str:
    """Lower case, without accents, ligatures spelt out, U+FFFD dropped.

    >>> normalise("Comité exécutif, Œuvres, r\\ufffdvolution")
    'comite executif, oeuvres, rvolution'
    """
    text = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def words(text: str) -> list[tuple[str, int]]:
    """The words of ``text`` with their line numbers (1-based).

    >>> words("Le Soviet,\\nl'Armée")
    [('le', 1), ('soviet', 1), ('l', 2), ('armee', 2)]
    """
    return [
        (m.group(), n)
        for n, line in enumerate(text.splitlines(), 1)
        for m in _WORD.finditer(normalise(line))
    ]


def grams(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + GRAM]) for i in range(len(tokens) - GRAM + 1)}


def text_grams(texts: Iterable[str]) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for text in texts:
        out |= grams([w for w, _ in words(text)])
    return out


def shared_runs(text: str, dev: set[tuple[str, ...]]) -> Iterator[tuple[int, str]]:
    """(line, run) for every run of ``text`` of at least MIN_CHARS made of dev grams.

    A run is a chain of dev grams each starting one word after the previous one, so two
    unrelated dev phrases side by side do not join into one.
    """
    ws = words(text)
    tokens = [w for w, _ in ws]
    starts = [i for i in range(len(tokens) - GRAM + 1) if tuple(tokens[i : i + GRAM]) in dev]
    k = 0
    while k < len(starts):
        first = last = starts[k]
        while k + 1 < len(starts) and starts[k + 1] == last + 1:
            k += 1
            last = starts[k]
        k += 1
        run = " ".join(tokens[first : last + GRAM])
        if len(run) >= MIN_CHARS:
            yield ws[first][1], run


def tracked_files() -> list[str]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--", *SCOPE],
            cwd=REPO,
            capture_output=True,
            check=True,
            text=True,
        ).stdout.split("\0")
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: walk the folders
        listed = [
            p.relative_to(REPO).as_posix()
            for name in SCOPE
            for p in ([REPO / name] if (REPO / name).is_file() else (REPO / name).rglob("*"))
            if p.is_file() and ".venv" not in p.parts and "__pycache__" not in p.parts
        ]
    return sorted(f for f in listed if f and not f.startswith(EXCLUDED))


def read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):  # an image, a deleted file
        return None


def dev_grams() -> set[tuple[str, ...]]:
    """The dev set's own grams: its passages' and clean copies', less the seeds', the
    gazetteer's and GENERIC's."""
    dev = text_grams(
        p.read_text(encoding="utf-8")
        for folder in ("passages", "clean")
        for p in sorted((DEVSET / folder).glob("*.txt"))
    )
    common = [t for p in sorted((REPO / "seeds").rglob("*")) if p.is_file() and (t := read_text(p))]
    common.append((REPO / "kg" / "data" / "gazetteer.toml").read_text(encoding="utf-8"))
    common.extend(GENERIC)
    return dev - text_grams(common)


needs_devset = pytest.mark.skipif(
    not (DEVSET / "passages").is_dir(), reason=f"no dev set beside the checkout ({DEVSET})"
)


@pytest.fixture(scope="module")
def dev() -> set[tuple[str, ...]]:
    return dev_grams()


@needs_devset
def test_no_file_shares_a_run_with_the_dev_set(dev: set[tuple[str, ...]]) -> None:
    leaks = [
        f"{name}:{line}: {run}"
        for name in tracked_files()
        if (text := read_text(REPO / name)) is not None
        for line, run in shared_runs(text, dev)
    ]
    assert not leaks, (
        "dev-set text in the repository (write your own French sentences):\n" + "\n".join(leaks)
    )


@needs_devset
def test_the_detector_finds_a_dev_sentence_and_passes_generic_phrases(
    dev: set[tuple[str, ...]],
) -> None:
    # a sentence of a passage, taken at run time (never stored here), damaged or not
    passage = sorted((DEVSET / "passages").glob("*.txt"))[1].read_text(encoding="utf-8")
    sentence = max(re.split(r"(?<=[.!?])\s+", passage)[:12], key=len)
    planted = f'"""A docstring.\n\n{sentence.upper()}\n"""\n'
    found = list(shared_runs(planted, dev))
    assert found and {line for line, _ in found} <= set(range(3, 3 + sentence.count("\n") + 1))
    assert sum(len(run) for _, run in found) >= len(" ".join(sentence.split())) // 2
    # the same words, out of their order, or a generic phrase: no leak
    scrambled = " ".join(sorted(sentence.split()))
    assert list(shared_runs(scrambled, dev)) == []
    generic = "Le 25 octobre (7 novembre) 1917, le Comité central du parti bolchevik ; " + (
        "J. Reed, Dix jours qui ébranlèrent le monde ; Lénine, Œuvres complètes, 5e éd., t. 26."
    )
    assert list(shared_runs(generic, dev)) == []

"""A literal prefilter for a rule's regex: words a text must hold for the regex to match.

Most rules of ``kg/data/patterns/*.toml`` need a word the text rarely holds (« réunit »,
« séance », « voix »).  :func:`needed` reads the compiled regex's syntax tree (the
standard library's own parser) and returns strings of which **at least one** occurs in
every match, or ``None`` when it cannot tell (case-insensitive patterns, a match that may
be literal-free); :func:`may_match` then skips a text holding none of them without running
the regex.  It only ever skips texts the regex cannot match, so results are unchanged.

>>> sorted(needed(re.compile(r"\\bse\\s+(?:réunit|réunissait)\\b")))
['réuni']
>>> sorted(needed(re.compile(r"(?:la|une)\\s+séance|Présents\\s*:")))
['Présents', 'séance']
>>> needed(re.compile(r"\\d+\\s+\\w+")) is None
True
>>> needed(re.compile(r"(?i)séance")) is None
True
>>> may_match(frozenset({"voix"}), "par dix voix contre deux"), may_match(None, "x")
(True, True)
"""

from __future__ import annotations

import functools
import re
from re import _parser as sre_parse  # type: ignore[attr-defined]  # the stdlib parser, no stub
from typing import Any

from kg.extract.rules import Rule

_MIN = 3  # shorter literals are too common to filter anything
_OPS = sre_parse.__dict__  # the parser's opcodes (LITERAL, BRANCH, …)


@functools.lru_cache(maxsize=4096)
def needed(regex: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of ``regex`` contains, or ``None``."""
    if regex.flags & re.IGNORECASE:
        return None
    try:
        tree = sre_parse.parse(regex.pattern, regex.flags)
    except re.error:  # pragma: no cover - the regex compiled, so it parses
        return None
    found = _sequence(list(tree))
    return frozenset(found) if found else None


def may_match(words: frozenset[str] | None, text: str) -> bool:
    """False only when ``text`` holds none of ``words`` (so the regex cannot match it)."""
    return words is None or any(w in text for w in words)


def may_find(regex: re.Pattern[str], text: str) -> bool:
    """False only when ``regex`` cannot match anywhere in ``text`` (a sentence's slice)."""
    return may_match(needed(regex), text)


def _sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The best requirement of a sequence: a literal run, or one item's requirement."""
    best: set[str] | None = None
    run: list[str] = []

    def consider(option: set[str] | None) -> None:
        nonlocal best
        if option and (best is None or _score(option) > _score(best)):
            best = option

    for op, arg in items:
        if op is _OPS["LITERAL"]:
            run.append(chr(arg))
            continue
        if len("".join(run)) >= _MIN:
            consider({"".join(run)})
        run = []
        if op is _OPS["SUBPATTERN"]:
            if not arg[1] & re.IGNORECASE:  # a scoped (?i:…) needs no exact letters
                consider(_sequence(list(arg[-1])))
        elif op is _OPS["BRANCH"]:
            consider(_branch(arg[1]))
        elif op in (_OPS["MAX_REPEAT"], _OPS["MIN_REPEAT"], _OPS.get("POSSESSIVE_REPEAT")):
            low, _high, body = arg
            if low >= 1:
                consider(_sequence(list(body)))
        elif op is _OPS.get("ATOMIC_GROUP"):
            consider(_sequence(list(arg)))
        # anything else (a class, an anchor, a lookaround, a back-reference) needs nothing
    if len("".join(run)) >= _MIN:
        consider({"".join(run)})
    return best


def _branch(alternatives: list[Any]) -> set[str] | None:
    """Every alternative must need something: the union of their needs."""
    out: set[str] = set()
    for alt in alternatives:
        need = _sequence(list(alt))
        if not need:
            return None
        out |= need
    return _shortened(out)


def _shortened(words: set[str]) -> set[str]:
    """Drop a word that contains another (needing "réunit" or "réuni" is needing "réuni")."""
    return {w for w in words if not any(o != w and o in w for o in words)}


def _score(words: set[str]) -> tuple[int, int]:
    """Fewer alternatives, then longer shortest word, filter better."""
    return (-len(words), min(len(w) for w in words))


class Screen:
    """The prefilter of a whole rule array at once: which rules may match a sentence
    (every rule without a prefilter always may).

    >>> rules = (re.compile(r"se\\s+réunit"), re.compile(r"\\bréunion\\b"), re.compile(r"\\d+"))
    >>> Screen(rules).passing("la réunion du 3")
    frozenset({1, 2})
    >>> sorted(Screen(rules).passing("il se réunit"))
    [0, 2]
    """

    def __init__(self, regexes: tuple[re.Pattern[str], ...]) -> None:
        self.always = frozenset(i for i, r in enumerate(regexes) if needed(r) is None)
        by_word: dict[str, set[int]] = {}
        for i, r in enumerate(regexes):
            for word in needed(r) or ():
                by_word.setdefault(word, set()).add(i)
        self._rules = {w: frozenset(rules) for w, rules in by_word.items()}

    def passing(self, text: str) -> frozenset[int]:
        """Indices of the rules that may match ``text``.

        A substring test per needed word: a few dozen ``in`` scans of a sentence cost
        less than one regex alternation tried at every position of it.
        """
        found = [rules for word, rules in self._rules.items() if word in text]
        return self.always.union(*found) if found else self.always


@functools.lru_cache(maxsize=256)
def screen(regexes: tuple[re.Pattern[str], ...]) -> Screen:
    """The (cached) :class:`Screen` of a rule array's regexes."""
    return Screen(regexes)


@functools.lru_cache(maxsize=256)
def rule_screen(rules: tuple[Rule, ...]) -> Screen:
    """The (cached) :class:`Screen` of an array of loaded rules, each with a regex.

    What a pass asks once per sentence: the key is the rules themselves, hashed by
    identity (a :class:`~kg.extract.rules.Rule` is loaded once), where :func:`screen`'s key
    hashes every compiled regex's code (39 µs per sentence for the 27 ``[[post]]`` rules).
    Raises :class:`ValueError` for a rule without a regex.
    """
    regexes = tuple(rule.regex for rule in rules if rule.regex is not None)
    if len(regexes) != len(rules):
        raise ValueError("a rule without a regex has no prefilter")
    return Screen(regexes)


def passing_rules(rules: tuple[Rule, ...], text: str) -> list[Rule]:
    """The rules, in order, whose regex may match ``text`` (a sentence): the others need
    a word it does not hold.  Raises :class:`ValueError` for a rule without a regex."""
    ok = rule_screen(rules).passing(text)
    return [rule for i, rule in enumerate(rules) if i in ok]

"""What each extractor reads besides its rules: a patterns file's settings, compiled once.

:data:`PREPARE` maps a file stem to the function that turns the file's other tables and
values (word lists, macros, settings) into what its extractor reads, its regexes
compiled; :func:`kg.extract.rules.load_file` calls it and turns a bad regex, a missing
setting or a bad enum value into a :class:`~kg.errors.DataError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kg.errors import DataError
from kg.model import DocType


def _appointments(data: dict[str, Any]) -> dict[str, Any]:
    lst = dict(data["list"])
    for name in ("opening", "strip", "elliptic", "collective"):
        lst[name] = re.compile(lst[name])
    apposition = dict(data["apposition"], gap_regex=re.compile(data["apposition"]["gap"]))
    macros = data.get("macros", {})

    def rx(source: str) -> re.Pattern[str]:
        for macro, text in macros.items():
            source = source.replace("{" + macro + "}", text)
        return re.compile(source)

    holder = {k: rx(v) if isinstance(v, str) else tuple(v) for k, v in data["holder"].items()}
    appos = data["apposition_any"]
    apposition_any = {k: rx(v) if isinstance(v, str) else tuple(v) for k, v in appos.items()}
    plist = data["post_list"]
    post_list = dict(
        plist,
        item=rx(plist["item"]),
        split=rx(plist["split"]),
        and_name=rx(plist["and_name"]),
        heads=tuple(dict(h, heading=rx(h["heading"])) for h in plist["heads"]),
    )
    tally = {k: rx(v) if k != "label" else v for k, v in data["tally"].items()}
    return dict(
        data,
        list=lst,
        apposition=apposition,
        holder=holder,
        apposition_any=apposition_any,
        post_list=post_list,
        tally=tally,
    )


def _citations(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "cues": tuple(re.compile(c) for c in data["reference_cues"]),
        "fields": {k: tuple(re.compile(r) for r in v) for k, v in data["fields"].items()},
        "characterisations": tuple(
            (re.compile(k), v) for k, v in data["characterisations"].items()
        ),
        "default_characterisation": data["default_characterisation"],
        "volume_fixes": dict(data.get("volume_fixes", {})),
        "printed_title": _printed_title(data["printed_title"]),
        "inline": tuple(re.compile(r, re.M) for r in data["inline"]),
        "ibid": re.compile(data["ibid"]),
        "op_cit": re.compile(data["op_cit"]),
    }


_PRINTED_TITLE_KEYS = {"lead", "separators", "intro", "author", "place", "locators"}


def _printed_title(data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - _PRINTED_TITLE_KEYS
    missing = _PRINTED_TITLE_KEYS - set(data)
    if unknown or missing:
        bad = ", ".join(sorted(unknown | missing))
        raise DataError(f"citations.toml: [printed_title]: unknown or missing key(s): {bad}")
    out: dict[str, Any] = {k: re.compile(v) for k, v in data.items() if k != "locators"}
    out["locators"] = tuple(re.compile(r) for r in data["locators"])
    return out


def _documents(data: dict[str, Any]) -> dict[str, Any]:
    return dict(
        data,
        work_cues=tuple((re.compile(k, re.I), v) for k, v in data["work_cues"].items()),
        doc_types_by_name=tuple(
            (re.compile(k, re.I), DocType(v)) for k, v in data["doc_types_by_name"].items()
        ),
        doc_types_by_class={k: DocType(v) for k, v in data["doc_types_by_class"].items()},
        first_person_rx=re.compile(data["first_person"], re.I),
        topics={
            " ".join(k.replace("'", "’").split()).casefold(): v for k, v in data["topics"].items()
        },
    )


def _meetings(data: dict[str, Any]) -> dict[str, Any]:
    time = dict(data["time"], relative_regex=re.compile(data["time"]["relative"]))
    relative = [(re.compile(k), v) for k, v in data["relative_days"].items()]
    return dict(data, time=time, relative_regex=relative)


def _quotations(data: dict[str, Any]) -> dict[str, Any]:
    macros = data.get("macros", {})
    saying = data["saying"]
    for macro, text in macros.items():
        saying = saying.replace("{" + macro + "}", text)
    return dict(
        data,
        speaker_label_rx=re.compile(data["speaker_label"]),
        described_rx=re.compile(data["described"]),
        anaphoric_lead_rx=re.compile(data["anaphoric_lead"]),
        verb_rx=re.compile(saying),
    )


def _votes(data: dict[str, Any]) -> dict[str, Any]:
    numbers = data["numbers"]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in numbers.values()):
        raise DataError("votes.toml: [numbers]: every value must be an integer")
    rollcall = dict(
        data["rollcall"],
        label_regex=re.compile(data["rollcall"]["label"]),
        gap_regex=re.compile(data["rollcall"]["gap"]),
    )
    return dict(
        data,
        pass_regex=re.compile(data["verbs"]["pass"]),
        fail_regex=re.compile(data["verbs"]["fail"]),
        intransitive_regex=re.compile(data["verbs"]["intransitive"]),
        relative_regex=re.compile(data["verbs"]["relative"]),
        anaphoric_motion_regex=re.compile(data["verbs"]["anaphoric_motion"]),
        rollcall=rollcall,
        proposer_of_regex=re.compile(data["proposer"]["of"]),
        proposer_verb_regex=re.compile(data["proposer"]["verb"]),
    )


PREPARE: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "appointments": _appointments,
    "citations": _citations,
    "documents": _documents,
    "meetings": _meetings,
    "quotations": _quotations,
    "votes": _votes,
}

"""Query 23 (contested statements) on the real built store: the rows a historian expects."""

from __future__ import annotations

from pathlib import Path

from tests.queries.test_works_queries import rows

BASE = "https://w3id.org/october1917/"
KRUPSKAYA = BASE + "doc/000_429393bbd9028836"
SPEECH = BASE + "doc/003_2d74070e7dd118d0"


def _by_note(built_store: Path) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for row in rows(built_store, "23"):
        out.setdefault(row["note"].rsplit("/", 1)[1], []).append(row)
    return out


def test_23_is_documented() -> None:
    text = next((Path(__file__).parents[2] / "queries").glob("23-*.rq")).read_text()
    assert text.startswith("# title: ") and "\n# description: " in text and "PREFIX " in text


def test_23_lists_the_contradicted_claims_with_the_sources_words(built_store: Path) -> None:
    notes = _by_note(built_store)
    (molotov,) = notes["molotov-central-committee"]
    assert molotov["kind"] == "contradicted"
    assert molotov["statement"] == KRUPSKAYA + "/membership/molotov-member-central-committee"
    assert "Molotov" in molotov["claim"] and "Comité Central" in molotov["claim"]
    assert "1921" in molotov["comment"] and "Protokoly" in molotov["source"]
    (control,) = notes["workers-control-decree"]
    assert control["statement"] == KRUPSKAYA + "/decree/decree-on-workers-control"
    assert "14 (27) November" in control["comment"]


def test_23_gives_the_corrected_dates_in_both_calendars(built_store: Path) -> None:
    notes = _by_note(built_store)
    expected = {
        "executive-committee-date": ("1917-10-25", "1917-10-12"),
        "petrograd-soviet-date": ("1917-10-29", "1917-10-16"),
        "regiment-committees-date": ("1917-11-03", "1917-10-21"),
        "pre-parliament-opening": ("1917-10-20", "1917-10-07"),
    }
    for key, (gregorian, julian) in expected.items():
        assert {(r["correctedGregorian"], r["correctedJulian"]) for r in notes[key]} == {
            (gregorian, julian)
        }, key
    executive = {r["statement"] for r in notes["executive-committee-date"]}
    assert any("/meeting/petrograd-soviet-executive-committee-1917-10-13" in s for s in executive)
    time = notes["congress-resumption-time"]
    assert {r["correctedTime"] for r in time} == {"03:10:00"}
    assert {r["claim"] for r in time} == {"A 15 heures 10"}
    assert any("/meeting/second-congress-of-soviets" in r["statement"] for r in time)


def test_23_names_the_right_author_and_keeps_the_sic(built_store: Path) -> None:
    notes = _by_note(built_store)
    (engels,) = notes["insurrection-art-engels"]
    assert engels["kind"] == "misattribution"
    assert engels["rightAuthor"] == BASE + "person/engels"
    assert engels["claim"].startswith("Comme la guerre")
    sic = notes["central-committee-1-october-sic"]
    assert {r["kind"] for r in sic} == {"sic"}
    assert {r["statement"] for r in sic} >= {SPEECH + "/meeting/central-committee-1917-10-01"}
    assert all(r["creator"] and r["created"] == "2026-12-02" for rs in notes.values() for r in rs)

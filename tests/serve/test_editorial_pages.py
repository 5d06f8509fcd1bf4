"""The historian's notes on the reading pages of the seeds graph (entity, fact and document)."""

from __future__ import annotations

from tests.serve.test_site import get

MOLOTOV_CC = "/doc/000_429393bbd9028836/membership/molotov-member-central-committee"


def test_an_entity_page_shows_the_notes_on_its_facts(site):
    status, _, page = get(site, "/person/molotov")
    assert status == 200
    assert 'id="editorial-notes"' in page and "contradicted by other sources" in page
    assert "entered the Central Committee only in 1921" in page
    assert "Protokoly" in page  # the historian's source
    status, _, fact = get(site, MOLOTOV_CC)
    assert status == 200 and "entered the Central Committee only in 1921" in fact


def test_a_person_without_notes_has_no_editorial_section(site):
    _, _, page = get(site, "/person/trotsky")
    assert 'id="editorial-notes"' not in page or "Molotov was not" not in page


def test_a_document_page_lists_its_notes_beside_the_text(site):
    status, _, page = get(site, "/doc/000_429393bbd9028836")
    assert status == 200
    assert "Editorial notes" in page
    assert "inauguré le 7 (20) novembre" in page and "1917-10-20 (Julian 1917-10-07)" in page
    assert "at 03:10" in page and "misattribution" in page
    _, _, speech = get(site, "/doc/003_2d74070e7dd118d0")
    assert "sic: the source reads so" in speech and "Molotov was not" not in speech

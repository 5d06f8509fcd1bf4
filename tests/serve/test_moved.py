"""Old IRIs redirect to the new ones (docs/decisions/0008-document-iris-by-kind.md)."""

from __future__ import annotations

import pytest

KRUPSKAYA = "/doc/000_429393bbd9028836"
LENIN = "/doc/003_2d74070e7dd118d0"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (f"{KRUPSKAYA}/decree/swan-pike-crawfish", f"{KRUPSKAYA}/fable/swan-pike-crawfish"),
        (f"{KRUPSKAYA}/decree/pravda", f"{KRUPSKAYA}/newspaper/pravda"),
        (f"{KRUPSKAYA}/decree/note-lenin-fofanova", f"{KRUPSKAYA}/letter/note-lenin-fofanova"),
        (f"{LENIN}/decree/delo-naroda", f"{LENIN}/newspaper/delo-naroda"),
        (f"{LENIN}/decree/delo-naroda.ttl", f"{LENIN}/newspaper/delo-naroda.ttl"),
        ("/work/rabochiy-put", "/work/pravda"),  # gazetteer former_keys
    ],
)
def test_an_old_iri_redirects_permanently(site, old: str, new: str) -> None:
    status, headers, _ = site.request("GET", old, headers={"Accept": "text/turtle"})
    assert (status, headers.get("location")) == (301, new)
    status, _, _ = site.request("GET", new, headers={"Accept": "text/turtle"})
    assert status == 200


def test_a_decree_keeps_its_iri_and_an_unknown_one_is_not_found(site) -> None:
    status, _, _ = site.request(
        "GET", f"{KRUPSKAYA}/decree/decree-on-land", headers={"Accept": "text/turtle"}
    )
    assert status == 200
    status, headers, _ = site.request("GET", f"{KRUPSKAYA}/decree/no-such-thing")
    assert status == 404 and "location" not in headers

import tomllib

import pytest

from kg.errors import DataError
from kg.wikidata.toml_edit import set_fields

SOURCE = """\
# header comment
[person.a]
label_fr = "A"  # inline comment
wikidata = ""

# between tables
[person."b-2"]
label_fr = "B"
aliases = [
  "Bé",
]

[body.c]
label_fr = "C"
"""


def test_replaces_and_inserts_keeping_comments(tmp_path):
    path = tmp_path / "g.toml"
    path.write_text(SOURCE, encoding="utf-8")
    set_fields(
        path,
        {
            ("person", "a"): {"wikidata": "Q1"},
            ("person", "b-2"): {"wikidata": "Q2", "wikidata_evidence": 'said "so"'},
        },
    )
    text = path.read_text(encoding="utf-8")
    assert 'wikidata = "Q1"\n\n# between tables' in text
    assert ']\nwikidata = "Q2"\nwikidata_evidence = "said \\"so\\""\n\n[body.c]' in text
    assert "# header comment" in text and "# inline comment" in text
    data = tomllib.loads(text)
    assert data["person"]["b-2"]["wikidata_evidence"] == 'said "so"'


def test_crlf_files_stay_crlf(tmp_path):
    path = tmp_path / "g.toml"
    path.write_bytes(SOURCE.replace("\n", "\r\n").encode())
    set_fields(path, {("body", "c"): {"wikidata": "Q3"}})
    raw = path.read_bytes()
    assert b'label_fr = "C"\r\nwikidata = "Q3"\r\n' in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("person = { a = { label_fr = 'A' } }\n", r"not written as a header"),
        ("[person.a]\nlabel_fr = 'A'\n", r"no table \[person.z\]"),
        ("[person.z\n", "not valid TOML"),
    ],
)
def test_refuses_what_it_cannot_edit_safely(tmp_path, source, message):
    path = tmp_path / "g.toml"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        set_fields(
            path,
            {("person", "z" if "z" in message or "TOML" in message else "a"): {"wikidata": "Q1"}},
        )
    assert path.read_text(encoding="utf-8") == source


def test_the_real_gazetteer_survives_an_edit(tmp_path):
    gazetteer = pytest.importorskip("kg.gazetteer")
    source = gazetteer.default_path()
    if not source.exists():
        pytest.skip("no gazetteer yet")
    path = tmp_path / "gazetteer.toml"
    path.write_bytes(source.read_bytes())
    entity = gazetteer.load_gazetteer(path).unlinked()[0]
    set_fields(
        path,
        {(entity.kind.value, entity.key): {"wikidata": "Q90000999", "wikidata_evidence": "test"}},
    )
    assert gazetteer.load_gazetteer(path).get(entity.key).wikidata == "Q90000999"
    before, after = source.read_text().splitlines(), path.read_text().splitlines()
    assert len(after) - len(before) == 2 and set(before) <= set(after)

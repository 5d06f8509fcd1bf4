"""The curated gazetteer: it loads, it validates, its links carry evidence."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

import pytest

from kg import config
from kg.errors import DataError
from kg.gazetteer import (
    QID_RE,
    Gazetteer,
    default_path,
    load_gazetteer,
    normalize_form,
    surface_forms,
)
from kg.model import Entity, EntityKind
from kg.seeds import read_manifest

SEEDS = config.PROJECT_DIR / "seeds"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def raw() -> dict:
    return tomllib.loads(default_path().read_text(encoding="utf-8"))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "gazetteer.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the shipped file


def test_default_path_is_in_the_package() -> None:
    assert default_path() == config.DATA_DIR / "gazetteer.toml"
    assert default_path().is_file()


def test_loads_every_kind(gaz: Gazetteer) -> None:
    for kind in EntityKind:
        assert gaz.by_kind(kind), kind
    assert gaz.by_kind("person") == gaz.by_kind(EntityKind.PERSON)
    assert len(gaz) == len(gaz.keys()) == len(set(gaz.keys()))
    assert all(isinstance(e, Entity) for e in gaz)


def test_linked_and_unlinked_partition(gaz: Gazetteer) -> None:
    assert len(gaz.linked()) + len(gaz.unlinked()) == len(gaz)
    assert all(e.wikidata for e in gaz.linked())
    assert not any(e.wikidata for e in gaz.unlinked())


@pytest.mark.parametrize(
    ("key", "qid"),
    [("lenin", "Q1394"), ("trotsky", "Q33391"), ("stalin", "Q855")],
)
def test_known_good_links(gaz: Gazetteer, key: str, qid: str) -> None:
    assert gaz[key].wikidata == qid
    assert gaz.by_qid(qid) is gaz[key]


def test_krupskaya_is_not_elizabeth_barrett_browning(gaz: Gazetteer) -> None:
    # Q152925 was once guessed for Krupskaya: it is Elizabeth Barrett Browning.
    assert gaz.by_qid("Q152925") is None
    assert gaz["krupskaya"].wikidata != "Q152925"


def test_every_qid_is_well_formed_and_has_evidence(gaz: Gazetteer) -> None:
    for e in gaz.linked():
        assert QID_RE.match(e.wikidata), e.key
        # evidence names where it was seen: a repository path or an address
        assert len(e.wikidata_evidence) >= 20, e.key
        assert "/" in e.wikidata_evidence or "SPOC-" in e.wikidata_evidence, e.key


def test_qids_are_unique(gaz: Gazetteer) -> None:
    qids = [e.wikidata for e in gaz.linked()]
    assert len(qids) == len(set(qids))


def test_evidence_shorthands_are_defined(raw: dict) -> None:
    header = default_path().read_text(encoding="utf-8").split("[person.", 1)[0]
    for section in raw.values():
        for entry in section.values():
            for short in re.findall(r"SPOC-[A-Z]+", entry.get("wikidata_evidence", "")):
                assert f"{short} " in header, short


def test_keys_are_slugs(gaz: Gazetteer) -> None:
    for e in gaz:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", e.key), e.key


def test_every_alias_normalises(gaz: Gazetteer) -> None:
    for e in gaz:
        for form in surface_forms(e):
            norm = normalize_form(form)
            assert norm, (e.key, form)
            assert normalize_form(norm) == norm
            assert "'" not in norm and "  " not in norm
            assert unicodedata.is_normalized("NFC", norm)


def test_part_of_targets_exist_and_share_kind(gaz: Gazetteer) -> None:
    for e in gaz:
        if e.part_of:
            assert gaz[e.part_of].kind is e.kind
    assert gaz["central-committee"].part_of == "bolshevik-party"
    assert gaz["military-revolutionary-committee"].part_of == "petrograd-soviet"
    assert gaz["central-committee"] in gaz.parts_of("bolshevik-party")


def test_commissar_posts_are_kinds_of_peoples_commissar(gaz: Gazetteer) -> None:
    commissars = {e.key for e in gaz if e.broader == "peoples-commissar"}
    assert "commissar-foreign-affairs" in commissars and len(commissars) == 13
    assert "chairman-of-sovnarkom" not in commissars  # Lenin's post is its own item


def test_birth_names_and_pseudonyms(gaz: Gazetteer) -> None:
    trotsky = gaz["trotsky"]
    assert trotsky.birth_name == "Lev Bronstein"
    assert "Trotski" in trotsky.pseudonyms and "Trotsky" in trotsky.pseudonyms
    assert "Lev Bronstein" in trotsky.aliases
    assert "L. Bronstein" in trotsky.aliases
    assert gaz["stalin"].pseudonyms == ("Staline",)
    assert "J. Djougachvili" in gaz["stalin"].aliases
    for e in gaz:
        if e.kind is not EntityKind.PERSON:
            assert not e.birth_name and not e.pseudonyms, e.key


@pytest.mark.parametrize(
    ("key", "birth_name"),
    [
        ("molotov", "Viatcheslav Skriabine"),
        ("zinoviev", "Ovseï-Guerchon Radomyslski"),
        ("gorky", "Alexeï Pechkov"),
    ],
)
def test_party_and_pen_names_are_pseudonyms(gaz: Gazetteer, key: str, birth_name: str) -> None:
    """Issue 14: Molotov, Zinoviev, Gorki are not surnames."""
    assert gaz[key].pseudonyms == (gaz[key].label_fr,) and gaz[key].birth_name == birth_name


def test_one_newspaper_under_two_titles_is_one_work(gaz: Gazetteer) -> None:
    pravda = gaz["pravda"]
    assert pravda.former_titles == ("Rabotchi Pout",) and "Rabotchi Pout" in pravda.aliases
    assert pravda.former_keys == ("rabochiy-put",) and gaz.get("rabochiy-put") is None
    assert [e.key for e in gaz.lookup("Rabotchi Pout")] == ["pravda"]


def test_alias_index(gaz: Gazetteer) -> None:
    index = gaz.alias_index()
    assert index[normalize_form("Kaménev")] == ("kamenev",)
    assert index[normalize_form("Kamenev")] == ("kamenev",)
    assert index[normalize_form("Palais d’Hiver")] == index[normalize_form("palais d'Hiver")]
    assert index[normalize_form("Comité  Central")] == ("central-committee",)
    assert index[normalize_form("Vikjel")] == ("vikzhel",)
    assert index[normalize_form("Todorovitch")] == index[normalize_form("Teodorovitch")]
    assert set(index[normalize_form("Comité militaire révolutionnaire")]) == {
        "military-revolutionary-committee",
        "pskov-military-revolutionary-committee",
    }
    assert gaz.lookup("LÉNINE")[0].key == "lenin"
    assert gaz.lookup("Smolny", kind="person") == ()
    assert gaz.lookup("nobody at all") == ()


def test_only_declared_ambiguities_within_a_kind(gaz: Gazetteer) -> None:
    for form, keys in gaz.ambiguous_forms().items():
        kinds = [gaz[k].kind for k in keys]
        for kind in set(kinds):
            same = [k for k in keys if gaz[k].kind is kind]
            if len(same) > 1:
                assert all(form in gaz.ambiguous[k] for k in same), form


def test_initial_forms_as_printed(gaz: Gazetteer) -> None:
    printed = {
        "A. Rykov": "rykov",
        "V. Milioutine": "milyutin",
        "N. Krylenko": "krylenko",
        "P. Dybenko": "dybenko",
        "V. Noguine": "nogin",
        "A. Lounatcharski": "lunacharsky",
        "I. Skvortsov": "skvortsov-stepanov",
        "L. Bronstein": "trotsky",
        "G. Oppokov": "lomov",
        "I. Todorovitch": "teodorovich",
        "N. Avilov": "avilov",
        "J. Djougachvili": "stalin",
        "V. Ovséenko": "antonov-ovseyenko",
        "M. Fofanova": "fofanova",
        "N. Kichkine": "kishkin",
        "G. Erlich": "erlich",
        "N. Kroupskaïa": "krupskaya",
        "V. Lénine": "lenin",
        "A. Chliapnikov": "shlyapnikov",
    }
    for form, key in printed.items():
        assert [e.key for e in gaz.lookup(form)] == [key], form


# Aliases must be surface forms the texts print.  The memoir is a damaged PDF
# extraction (accents lost), so compare on an accent-free skeleton of both.
def _skeleton(text: str) -> str:
    text = re.sub("\ufffd ?", "", text)  # "Le\ufffdnine", "e\ufffd te\ufffd"
    text = text.replace("ïF", "ï").replace("EP ", "E").replace("AO ", "A")
    text = re.sub(r"</?sup>|\*", "", text)
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'")
    text = re.sub(r"-\s*\n\s*", "-", text)  # "Bontch-\nBrouévitch"
    return re.sub(r"\s+", " ", text).casefold()


def test_aliases_are_printed_in_the_seed_texts(raw: dict) -> None:
    texts = " ".join(_skeleton(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt"))
    missing = [
        (kind, key, alias)
        for kind, table in raw.items()
        for key, entry in table.items()
        for alias in entry.get("aliases", [])
        if _skeleton(alias) not in texts
    ]
    assert missing == []


# --------------------------------------------------------------------------- manifest


def test_manifest_authors_agree_with_gazetteer(gaz: Gazetteer) -> None:
    for meta in read_manifest(SEEDS):
        if meta.author_key:
            assert meta.author_key in gaz, meta.doc_id
            entity = gaz[meta.author_key]
            assert entity.kind is EntityKind.PERSON
            if meta.author_wikidata and entity.wikidata:
                assert meta.author_wikidata == entity.wikidata, meta.doc_id
            if meta.author_wikidata:
                # a manifest QID must be vouched for here first
                assert entity.wikidata, meta.doc_id


# --------------------------------------------------------------------------- errors

GOOD = """
[person.a]
label_fr = "A"
aliases = ["Alpha"]

[body.b]
label_fr = "B"

[body.c]
label_fr = "C"
part_of = "b"
"""


def test_minimal_file_loads(tmp_path: Path) -> None:
    gaz = load_gazetteer(write(tmp_path, GOOD))
    assert gaz.keys() == ("a", "b", "c")
    assert gaz["a"].types == ("foaf:Person", "schema:Person")  # default types
    assert gaz["b"].types == ("org:Organization",)
    assert gaz.unlinked() == tuple(gaz)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[person.x\n", "invalid TOML"),
        ('[people.x]\nlabel_fr = "X"\n', "[people]: unknown section"),
        ('[person.x]\nlabel_en = "X"\n', "[person.x]: missing label_fr"),
        ('[person.x]\nlabel_fr = "  "\n', "[person.x]: missing label_fr"),
        (
            '[person.x]\nlabel_fr = "X"\nwikidata = "X12"\nwikidata_evidence = "a/b"\n',
            "[person.x]: wikidata 'X12' is not a QID",
        ),
        (
            '[person.x]\nlabel_fr = "X"\nwikidata = "Q012"\nwikidata_evidence = "a/b"\n',
            "wikidata 'Q012' is not a QID",
        ),
        ('[person.x]\nlabel_fr = "X"\nwikidata = "Q12"\n', "has no wikidata_evidence"),
        ('[person.x]\nlabel_fr = "X"\nwikidata_evidence = "a/b"\n', "evidence without wikidata"),
        ('[body.x]\nlabel_fr = "X"\npart_of = "nowhere"\n', "part_of 'nowhere' is not a"),
        (
            '[place.p]\nlabel_fr = "P"\n[body.x]\nlabel_fr = "X"\npart_of = "p"\n',
            "part_of 'p' is a place, not a body",
        ),
        (
            '[body.x]\nlabel_fr = "X"\npart_of = "y"\n[body.y]\nlabel_fr = "Y"\npart_of = "x"\n',
            "part_of cycle",
        ),
        ('[person.x]\nlabel_fr = "X"\npart_of = "y"\n', "part_of is for bodies and places"),
        ('[body.x]\nlabel_fr = "X"\nbroader = "y"\n', "broader is for posts only"),
        ('[post.x]\nlabel_fr = "X"\nbroader = "y"\n', "broader 'y' is not another post"),
        (
            '[post.x]\nlabel_fr = "X"\nbroader = "y"\n[post.y]\nlabel_fr = "Y"\nbroader = "z"\n'
            '[post.z]\nlabel_fr = "Z"\n',
            "broader 'y' has a broader post itself",
        ),
        (
            '[person.x]\nlabel_fr = "X"\nwikidata = "Q5"\nwikidata_evidence = "a/b"\n'
            '[person.y]\nlabel_fr = "Y"\nwikidata = "Q5"\nwikidata_evidence = "a/b"\n',
            "[person.y]: wikidata Q5 already used by [person.x]",
        ),
        (
            '[person.x]\nlabel_fr = "X"\naliases = ["Même"]\n'
            '[person.y]\nlabel_fr = "Y"\naliases = ["même"]\n',
            "alias 'même' is also claimed by [person.x]",
        ),
        (
            '[body.x]\nlabel_fr = "X"\naliases = ["Même"]\nambiguous_aliases = ["Même"]\n'
            '[body.y]\nlabel_fr = "Y"\naliases = ["même"]\n',
            "list it in ambiguous_aliases of both",
        ),
        (
            '[body.x]\nlabel_fr = "X"\nambiguous_aliases = ["Autre"]\n',
            "ambiguous alias 'autre' is not one of its own forms",
        ),
        ('[person.X]\nlabel_fr = "X"\n', "[person.X]: key must be lower-case"),
        ('[person.x]\nlabel_fr = "X"\n[body.x]\nlabel_fr = "X2"\n', "key already used"),
        ('[person.x]\nlabel_fr = "X"\nalias = ["typo"]\n', "unknown field 'alias'"),
        ('[person.x]\nlabel_fr = "X"\naliases = "one"\n', "aliases must be a list of strings"),
        ('[person.x]\nlabel_fr = "X"\naliases = [" X "]\n', "leading or trailing spaces"),
        ('[person.x]\nlabel_fr = "X"\naliases = [" "]\n', "empty alias"),
        ('[body.x]\nlabel_fr = "X"\nbirth_name = "Y"\n', "birth_name is for people only"),
        ('[person.x]\nlabel_fr = "X"\nformer_titles = ["Y"]\n', "former_titles is for works only"),
        (
            '[work.x]\nlabel_fr = "X"\nformer_keys = ["y"]\n[work.y]\nlabel_fr = "Y"\n',
            "former key 'y' is still an entity's key",
        ),
        ('[work.x]\nlabel_fr = "X"\nformer_keys = ["Y Z"]\n', "former key 'Y Z' must be"),
        ('[body.x]\nlabel_fr = "X"\ntypes = ["Organization"]\n', "is not a CURIE"),
        ('[body.x]\nlabel_fr = "X"\ntypes = ["zzz:Thing"]\n', "unknown prefix 'zzz'"),
        ("person = 3\n", "[person]: must be a table"),
    ],
)
def test_broken_files_are_reported_in_one_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DataError) as info:
        load_gazetteer(path)
    text_of_error = str(info.value)
    assert message in text_of_error
    assert "\n" not in text_of_error
    assert text_of_error.startswith(f"{path}: ")


def test_declared_ambiguity_is_accepted(tmp_path: Path) -> None:
    gaz = load_gazetteer(
        write(
            tmp_path,
            '[body.x]\nlabel_fr = "X"\naliases = ["Même"]\nambiguous_aliases = ["Même"]\n'
            '[body.y]\nlabel_fr = "Y"\naliases = ["même"]\nambiguous_aliases = ["même"]\n'
            '[person.z]\nlabel_fr = "Z"\naliases = ["Même"]\n',  # other kind: allowed
        )
    )
    assert gaz.alias_index()["même"] == ("x", "y", "z")
    assert [e.key for e in gaz.lookup("MÊME", kind="body")] == ["x", "y"]


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="cannot read gazetteer"):
        load_gazetteer(tmp_path / "absent.toml")
    path = tmp_path / "latin1.toml"
    path.write_bytes('[person.x]\nlabel_fr = "Lénine"\n'.encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8"):
        load_gazetteer(path)


def test_default_path_is_shown_relative(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, '[person.x]\nlabel_fr = "X"\nwikidata = "X12"\nwikidata_evidence = "a/b"\n')
    with pytest.raises(DataError) as info:
        load_gazetteer(Path("gazetteer.toml"))
    assert str(info.value) == "gazetteer.toml: [person.x]: wikidata 'X12' is not a QID"


def test_normalize_form() -> None:
    assert normalize_form("Palais d'Hiver") == "palais d’hiver"
    assert normalize_form("Palais d\u02bcHiver") == "palais d’hiver"
    assert normalize_form("Comité\u00a0\u202fCentral\n") == "comité central"
    assert normalize_form("Comite\u0301 central") == "comité central"  # NFC
    assert normalize_form("Kaménev") != normalize_form("Kamenev")  # accents are kept


def test_gazetteer_is_hashable_and_comparable(gaz: Gazetteer) -> None:
    # kg.extract.mentions caches its matcher per gazetteer (functools.lru_cache)
    assert hash(gaz) == hash(load_gazetteer())
    assert gaz == load_gazetteer()

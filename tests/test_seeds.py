from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.errors import SeedError
from kg.model import SourceFormat
from kg.seeds import load, read_manifest


def test_loads_both_seeds_with_metadata(seeds_dir: Path) -> None:
    docs = {d.doc_id: d for d in load(seeds_dir)}
    assert set(docs) == {"000_429393bbd9028836", "003_2d74070e7dd118d0"}
    memoir = docs["000_429393bbd9028836"].meta
    assert memoir.format is SourceFormat.PDF_TEXT
    assert memoir.date_written == "1933"
    assert memoir.edition.year == 1958 and memoir.edition.pages == "5-25"
    speech = docs["003_2d74070e7dd118d0"].meta
    assert speech.format is SourceFormat.MARKDOWN
    assert speech.author_wikidata == "Q1394"


@pytest.fixture()
def seeds_copy(tmp_path: Path, seeds_dir: Path) -> Path:
    dest = tmp_path / "seeds"
    shutil.copytree(seeds_dir, dest)
    return dest


def _add_entry(seeds: Path, doc_id: str, fmt: str = "markdown") -> None:
    with (seeds / "manifest.toml").open("a", encoding="utf-8") as f:
        f.write(
            f'\n[documents.{doc_id}]\nfile = "{doc_id}.txt"\ntitle = "T"\nauthor = "A"\n'
            f'language = "fr"\nformat = "{fmt}"\ndate_written = "1917"\n'
        )


def test_new_document_with_entry_is_picked_up(seeds_copy: Path) -> None:
    (seeds_copy / "004_new.txt").write_text("Le 25 octobre, Lénine parla.\n", encoding="utf-8")
    _add_entry(seeds_copy, "004_new")
    assert [d.doc_id for d in load(seeds_copy)][-1] == "004_new"


@pytest.mark.parametrize(
    ("content", "entry", "message"),
    [
        (b"Du texte.\n", False, r"004_new\.txt: not in"),
        (b"   \n\n", True, r"004_new\.txt: empty document"),
        (b"caf\xe9 au lait\n", True, r"004_new\.txt: not UTF-8"),
    ],
)
def test_bad_documents_get_one_line_errors(
    seeds_copy: Path, content: bytes, entry: bool, message: str
) -> None:
    (seeds_copy / "004_new.txt").write_bytes(content)
    if entry:
        _add_entry(seeds_copy, "004_new")
    with pytest.raises(SeedError, match=message) as info:
        load(seeds_copy)
    assert "\n" not in str(info.value)


def test_manifest_entry_without_file(seeds_copy: Path) -> None:
    _add_entry(seeds_copy, "005_missing")
    with pytest.raises(SeedError, match=r"005_missing\.txt: listed in the manifest but missing"):
        load(seeds_copy)


def test_manifest_errors(tmp_path: Path) -> None:
    with pytest.raises(SeedError, match="no such seeds folder"):
        read_manifest(tmp_path / "nope")
    (tmp_path / "manifest.toml").write_text("[documents.x]\nfile = 'x.txt'\n", encoding="utf-8")
    with pytest.raises(SeedError, match=r"\[documents.x\]: missing title"):
        read_manifest(tmp_path)
    (tmp_path / "manifest.toml").write_text("not = [toml", encoding="utf-8")
    with pytest.raises(SeedError, match=r"manifest\.toml"):
        read_manifest(tmp_path)

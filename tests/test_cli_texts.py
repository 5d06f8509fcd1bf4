"""What ``kg --help`` and each command's ``--help`` tell a user."""

from __future__ import annotations

import pytest

from kg.cli import _parser, main

COMMANDS = ["build", "text", "query", "export", "push", "link", "validate", "serve", "stats"]


def test_top_level_help_describes_the_tool(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "October 1917 knowledge graph" in out and "Exit codes" in out
    assert "parse options" not in out  # not the module's developer docstring


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_description(command):
    sub = next(a for a in _parser()._actions if a.dest == "==SUPPRESS==" and a.choices)
    description = sub.choices[command].description
    assert description and description[0].isupper() and description.endswith(".")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [(["push", "--help"], "/sparql (kg serve)"), (["export", "--help"], "else trig")],
)
def test_help_texts(argv, expected, capsys):
    with pytest.raises(SystemExit):
        main(argv)
    assert expected in " ".join(capsys.readouterr().out.split())


def test_a_missing_query_file_is_a_one_line_error(tmp_path, capsys):
    assert main(["query", "--store", str(tmp_path / "none"), "-f", "nope.rq"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope.rq: no such query file" in err


def test_query_file_falls_back_to_the_shipped_queries(tmp_path, monkeypatch):
    from pathlib import Path

    from kg.cli import _query_file

    monkeypatch.chdir(tmp_path)  # a folder holding no queries/
    text = _query_file(Path("queries/07-first-council-of-peoples-commissars.rq"))
    assert text.startswith("# title: The first Council of People's Commissars")

"""``reportgen letter``: files written, exit codes as ``render`` (0 written, 2 invalid input)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from tests.conftest import EXAMPLES


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner, *args):
    return runner.invoke(main, ["letter", *args])


def test_all_parents_both_languages_docx(runner, tmp_path):
    result = run(runner, str(EXAMPLES / "01-complete-sibling-group.json"), "--format", "docx", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [f"01-complete-sibling-group.parent{n}.{lang}.docx" for n in (1, 2) for lang in ("en", "es")]


def test_a_parent_who_has_died_is_skipped_with_all_and_refused_by_number(runner, tmp_path):
    case = str(EXAMPLES / "06-appla-for-12-year-old.json")
    result = run(runner, case, "--all", "--lang", "en", "--format", "docx", "-o", str(tmp_path))
    assert result.exit_code == 0
    assert "parents[1]: skipped: the parent has died" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["06-appla-for-12-year-old.parent1.en.docx"]
    refused = run(runner, case, "--parent", "2", "-o", str(tmp_path / "two"))
    assert refused.exit_code == 2
    assert "parents[1].status: the parent has died" in refused.output
    assert not (tmp_path / "two").exists() or not any((tmp_path / "two").iterdir())


@pytest.mark.parametrize(("args", "message"), [
    (["--parent", "3"], "has no parent 3 (it has 2)"),
    (["--parent", "1", "--all"], "--parent and --all: choose one"),
])
def test_bad_choices_exit_2_and_write_nothing(runner, tmp_path, args, message):
    result = run(runner, str(EXAMPLES / "01-complete-sibling-group.json"), *args, "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_an_invalid_case_exits_2_naming_the_field(runner, tmp_path):
    data = json.loads((EXAMPLES / "02-no-concurrent-plan.json").read_text(encoding="utf-8"))
    data["parents"][0]["role"] = "aunt"
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    result = run(runner, str(source), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "parents[0].role: must be one of" in result.output


def test_reads_standard_input(runner, tmp_path):
    text = (EXAMPLES / "03-plan-names-no-family.json").read_text(encoding="utf-8")
    result = runner.invoke(main, ["letter", "-", "--parent", "2", "--lang", "es", "--format", "docx",
                                  "-o", str(tmp_path)], input=text)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "standard-input.parent2.es.docx").is_file()

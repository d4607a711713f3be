"""``reportgen render`` over many cases in one process: one report per case in the -o folder,
--jsonl lines, the worst exit status, and nothing written for a case that fails."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.render.embed import extract_case_bytes
from reportgen.schema import load_case
from tests.conftest import BASE_CASE, EXAMPLES, read_json

JSON_EXAMPLES = sorted(EXAMPLES.glob("*.json"))
DRAFT_EXAMPLE = EXAMPLES / "02-no-concurrent-plan.json"


def invoke(*args: object, stdin: str | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], input=stdin, catch_exceptions=False)


@pytest.fixture
def cases(tmp_path):
    """A folder with the complete example, a draft with objections and an invalid case."""
    folder = tmp_path / "cases"
    folder.mkdir()
    shutil.copy(BASE_CASE, folder / "a-complete.json")
    shutil.copy(DRAFT_EXAMPLE, folder / "b-draft.json")
    (folder / "c-broken.json").write_text('{"schema_version": "1.0", "child": {"dob": "2015-02-30"}}')
    return folder


def rows(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_a_folder_of_cases_renders_each_into_the_output_folder_as_docx(tmp_path):
    out = tmp_path / "out"
    result = invoke("render", EXAMPLES, "-o", out, "--format", "docx", "--jsonl")
    assert result.exit_code == 0, result.stderr
    lines = rows(result)
    assert [r["file"] for r in lines] == [str(p) for p in JSON_EXAMPLES]
    for row, example in zip(lines, JSON_EXAMPLES, strict=True):
        target = out / f"{example.stem}.docx"
        assert row == {"file": str(example), "exit": 0, "outputs": [str(target)], "problems": [], "warnings": []}
        # each report carries the data of its own case, not another's
        assert load_case(extract_case_bytes(target.read_bytes())) == load_case(read_json(example))
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{p.stem}.docx" for p in JSON_EXAMPLES)


def test_both_formats_and_the_worst_status_with_invalid_case_still_rendering_the_rest(cases, tmp_path):
    out = tmp_path / "out"
    result = invoke("render", cases, "-o", out, "--format", "both", "--jsonl")
    assert result.exit_code == 2
    complete, draft, broken = rows(result)
    assert complete["exit"] == draft["exit"] == 0
    assert complete["outputs"] == [str(out / "a-complete.docx"), str(out / "a-complete.pdf")]
    assert (out / "a-complete.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "b-draft.docx").read_bytes().startswith(b"PK\x03\x04")
    assert broken["exit"] == 2 and broken["outputs"] == []
    assert {"path": "child.dob", "message": "is not a date; write it as YYYY-MM-DD"} in broken["problems"]
    assert sorted(p.name for p in out.iterdir()) == ["a-complete.docx", "a-complete.pdf", "b-draft.docx",
                                                    "b-draft.pdf"]


def test_final_refuses_the_case_with_objections_writes_the_others_and_exits_1(cases, tmp_path):
    (cases / "c-broken.json").unlink()
    out = tmp_path / "out"
    result = invoke("render", cases, "-o", out, "--format", "docx", "--final")
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["a-complete.docx"]
    draft = cases / "b-draft.json"
    assert f"{draft}: not rendering a final report: 2 objections outstanding; nothing was written" in result.stderr
    assert f"{draft}:   CP101  concurrent-plan-missing" in result.stderr
    assert result.stdout.startswith(f"{cases / 'a-complete.json'}\nwrote {out / 'a-complete.docx'}\n")
    assert result.stdout.rstrip().endswith("2 case(s): 1 written, 1 refused as final, 0 invalid or not written")


def test_a_template_error_fails_each_case_by_name_and_writes_nothing(cases, county, tmp_path):
    (county / "report.css").unlink()
    out = tmp_path / "out"
    result = invoke("render", BASE_CASE, DRAFT_EXAMPLE, "-o", out, "--format", "both", "--template-dir", county)
    assert result.exit_code == 2
    for source in (BASE_CASE, DRAFT_EXAMPLE):
        assert f"{source}: template {county / 'report.css'}: is missing from the template folder" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert list(out.iterdir()) == []


def test_standard_input_is_written_under_a_fixed_name(tmp_path):
    out = tmp_path / "out"
    result = invoke("render", "-", "-o", out, "--format", "docx", "--jsonl", stdin=BASE_CASE.read_text())
    assert result.exit_code == 0, result.stderr
    (row,) = rows(result)
    assert row["file"] == "standard input" and row["outputs"] == [str(out / "standard-input.docx")]


def test_one_case_into_an_existing_folder(tmp_path):
    result = invoke("render", BASE_CASE, "-o", tmp_path, "--format", "docx")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / f"{BASE_CASE.stem}.docx").is_file()


def test_both_formats_of_one_case_need_a_folder_not_a_file_name(tmp_path):
    result = invoke("render", BASE_CASE, "-o", tmp_path / "report.pdf", "--format", "both")
    assert result.exit_code == 2 and "names a file" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_two_cases_with_one_name_are_refused_before_anything_is_written(tmp_path):
    other = tmp_path / "elsewhere"
    other.mkdir()
    shutil.copy(DRAFT_EXAMPLE, other / BASE_CASE.name)
    out = tmp_path / "out"
    result = invoke("render", BASE_CASE, other / BASE_CASE.name, "-o", out, "--format", "docx")
    assert result.exit_code == 2
    assert "would be written here; render them into separate folders" in result.stderr
    assert list(out.iterdir()) == []


def test_a_report_never_replaces_the_file_it_is_read_from(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    first = invoke("render", BASE_CASE, "-o", folder / "case.pdf")
    assert first.exit_code == 0, first.stderr
    before = (folder / "case.pdf").read_bytes()
    result = invoke("render", folder, "-o", folder, "--format", "pdf")
    assert result.exit_code == 2 and "would replace the file itself" in result.stderr
    assert (folder / "case.pdf").read_bytes() == before


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "{tmp}/out"], "say --format docx, pdf or both"),
    (["-o", "{tmp}/file.txt", "--format", "docx"], "is a file; several reports need a folder"),
    (["-o", "{tmp}/no/such", "--format", "docx"], "does not exist"),
    (["-o", "{tmp}/report.pdf", "--format", "pdf"], "names a file, but several reports"),
])
def test_batch_usage_problems_exit_2_naming_the_output(tmp_path, args, message):
    (tmp_path / "file.txt").write_text("x")
    result = invoke("render", BASE_CASE, DRAFT_EXAMPLE, *(a.format(tmp=tmp_path) for a in args))
    assert result.exit_code == 2
    assert message in result.stderr


def test_progress_bar_only_on_a_terminal(tmp_path, monkeypatch):
    plain = invoke("render", BASE_CASE, "-o", tmp_path / "a", "--format", "docx", "--jsonl")
    assert "Rendering" not in plain.stderr
    monkeypatch.setattr("reportgen.cli.batch._show_progress", lambda: True)
    bar = invoke("render", BASE_CASE, DRAFT_EXAMPLE, "-o", tmp_path / "b", "--format", "docx", "--jsonl")
    assert "Rendering" in bar.stderr and len(bar.stdout.splitlines()) == 2

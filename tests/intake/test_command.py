"""The verify and intake commands through click's CliRunner: exit codes,
text and JSON output, and the intake index (CSV + HTML, re-run skips)."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from reportgen.intake.checks import CHECKS
from reportgen.intake.command import intake_command, verify_command
from tests.intake.conftest import append_incremental_update, resave, write

CHECK_NAMES = [c.__name__ for c in CHECKS]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_verify_passing_pdf_exits_0_with_one_line_per_check(runner, tmp_path, base_pdf):
    path = write(tmp_path, "report.pdf", base_pdf)
    result = runner.invoke(verify_command, [str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("report.pdf: PASS")
    for name in CHECK_NAMES:
        assert sum(1 for line in result.output.splitlines() if line.split()[:2] == [name, "PASS"]) == 1


def test_verify_some_fail_exits_1(runner, tmp_path, base_pdf):
    good = write(tmp_path, "good.pdf", base_pdf)
    bad = write(tmp_path, "bad.pdf", append_incremental_update(base_pdf))
    result = runner.invoke(verify_command, [str(good), str(bad)])
    assert result.exit_code == 1
    assert "bad.pdf: FAIL" in result.output
    assert any(line.split()[:2] == ["unchanged", "FAIL"] for line in result.output.splitlines())


def test_verify_unreadable_exits_2_without_traceback(runner, tmp_path, base_pdf):
    good = write(tmp_path, "good.pdf", base_pdf)
    bad = write(tmp_path, "notes.pdf", b"these are not the droids")
    result = runner.invoke(verify_command, [str(good), str(bad), str(tmp_path / "missing.pdf")])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "notes.pdf: UNREADABLE" in result.output
    assert "missing.pdf: UNREADABLE" in result.output


def test_verify_json_shape(runner, tmp_path, base_pdf):
    path = write(tmp_path, "report.pdf", base_pdf)
    result = runner.invoke(verify_command, ["--json", str(path)])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert isinstance(data, list) and len(data) == 1
    item = data[0]
    assert set(item) == {"file", "sha256", "result", "case_number", "child_initials", "hearing_date", "checks", "objections",
                         "draft", "open_objections", "report_status"}
    assert item["result"] == "pass" and item["case_number"] == "JV-2026-004817"
    assert [c["name"] for c in item["checks"]] == CHECK_NAMES
    assert all(set(c) == {"name", "status", "reason", "explanation"} for c in item["checks"])


def test_intake_writes_index_and_rerun_skips(runner, tmp_path, base_pdf):
    folder = tmp_path / "received"
    folder.mkdir()
    for n in range(18):
        write(folder, f"report-{n:02d}.pdf", resave(base_pdf, str(n)))
    write(folder, "tampered.pdf", append_incremental_update(base_pdf))
    write(folder, "<img src=x onerror=alert(1)>.pdf", b"not a pdf at all")
    write(folder, "readme.txt", b"ignored: not a PDF name")
    index = tmp_path / "intake.csv"

    first = runner.invoke(intake_command, [str(folder), "--index", str(index)])
    assert first.exit_code == 2, first.output  # one unreadable file
    assert "20 verified (18 passed, 1 failed, 1 unreadable), 0 already in the index" in first.output
    with index.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 20
    assert len({r["digest"] for r in rows}) == 20
    passed = [r for r in rows if r["result"] == "pass"]
    assert len(passed) == 18
    assert {r["case_number"] for r in passed} == {"JV-2026-004817"}
    assert {r["child_initials"] for r in passed} == {"S.R."}
    assert {r["hearing_date"] for r in passed} == {"2026-11-24"}
    tampered = next(r for r in rows if r["file"] == "tampered.pdf")
    assert tampered["result"] == "fail" and "unchanged" in tampered["failing_checks"].split()

    page = (tmp_path / "intake.html").read_text(encoding="utf-8")
    assert page.count('<tr><th scope="row">') == 20
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in page and "<img" not in page
    assert "2 cross-reference section(s)" in page and "ask the agency for the original" in page

    again = runner.invoke(intake_command, [str(folder), "--index", str(index)])
    assert again.exit_code == 0, again.output
    assert "0 verified (0 passed, 0 failed, 0 unreadable), 20 already in the index" in again.output
    with index.open(newline="", encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == 20


def test_intake_no_progress_bar_when_not_a_terminal(runner, tmp_path, base_pdf):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "a.pdf", base_pdf)
    result = runner.invoke(intake_command, [str(folder), "--index", str(tmp_path / "i.csv")])
    assert result.exit_code == 0
    assert "Verifying" not in result.output


def _batch(folder, base_pdf):
    folder.mkdir()
    for n in range(7):
        write(folder, f"report-{n}.pdf", resave(base_pdf, f"copy {n}"))
    write(folder, "tampered.pdf", append_incremental_update(base_pdf))
    write(folder, "garbage.pdf", b"%PDF-1.7 and then nothing a reader could use")


def _rows(path):
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_intake_with_two_jobs_writes_the_same_rows_as_one(runner, tmp_path, base_pdf):
    folder = tmp_path / "received"
    _batch(folder, base_pdf)
    serial = runner.invoke(intake_command, [str(folder), "--index", str(tmp_path / "one.csv"), "--jobs", "1"])
    parallel = runner.invoke(intake_command, [str(folder), "--index", str(tmp_path / "two.csv"), "--jobs", "2"])
    assert serial.exit_code == parallel.exit_code == 2, (serial.output, parallel.output)
    one, two = _rows(tmp_path / "one.csv"), _rows(tmp_path / "two.csv")
    assert len(one) == 9
    assert one == two  # same files, same order, same results and reasons
    assert [r["result"] for r in two].count("pass") == 7
    summary = "9 verified (7 passed, 1 failed, 1 unreadable), 0 already in the index"
    assert summary in serial.output and summary in parallel.output


def test_intake_rejects_zero_jobs(runner, tmp_path, base_pdf):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "a.pdf", base_pdf)
    result = runner.invoke(intake_command, [str(folder), "--index", str(tmp_path / "i.csv"), "--jobs", "0"])
    assert result.exit_code == 2 and "--jobs" in result.output
    assert not (tmp_path / "i.csv").exists()

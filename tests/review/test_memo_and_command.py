"""The objection memo (DOCX and PDF) and ``reportgen review``'s exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.review import review_path, write_memo
from reportgen.rules import check
from reportgen.schema import load_case
from tests.conftest import BASE_CASE, EXAMPLES, read_json
from tests.review.conftest import corpus_file, reviewed

BAD_REPORT = corpus_file("04-kern-passing-adoption", "pdf")
GOOD_REPORT = corpus_file("02-fresno-plan-b", "docx")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def docx_text(data: bytes) -> str:
    from reportgen.review.memo import docx_text as text_of

    return text_of(data)


def body_and_appendix(text: str) -> tuple[str, str]:
    body, _, appendix = text.partition("Appendix: rules relied on")
    return body, appendix


def test_case_json_findings_are_exactly_the_catalogue():
    result = review_path(EXAMPLES / "02-no-concurrent-plan.json")
    assert result.source == "case-json" and not result.heuristic
    assert result.findings == check(load_case(read_json(EXAMPLES / "02-no-concurrent-plan.json")))
    assert "CP101" in {f.code for f in result.objections}


def test_docx_memo_numbers_each_objection_with_citation_and_order():
    """Whichever reader's findings (the test follows the result, not one reader's codes)."""
    from reportgen.review.memo import requested_order, silent_on

    result = reviewed(BAD_REPORT)
    body, appendix = body_and_appendix(docx_text(write_memo(result, "docx")))
    objections = result.objections
    assert len(objections) >= 2 and "CP101" in {f.code for f in objections}
    for number, finding in enumerate(objections, start=1):
        assert f"\n{number}. " in body and finding.citation in body and requested_order(finding.code) in body
        assert f"{number} | {finding.code} | {finding.name}" in appendix  # codes only in the appendix
        assert finding.code not in body and finding.name not in body
        if finding.passage:
            assert f"“{finding.passage}”" in body
        else:
            assert f"The report is silent on {silent_on(finding.code)}." in body
    assert f"\n{len(objections) + 1}. " not in body
    assert "Minor's counsel asks the Court to order that the Agency file an addendum report setting out a specific" in body
    assert "Drafting note (delete before filing): this report was not made by reportgen" in body
    assert "In re Jayden Brooks, a person coming under the juvenile court law." in body and "JD-145902" in body


def test_pdf_memo_text(tmp_path: Path):
    target = tmp_path / "memo.pdf"
    data = write_memo(reviewed(BAD_REPORT), target)
    assert target.read_bytes() == data
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True,
                          check=True).stdout
    body, appendix = body_and_appendix(text)
    assert "Objections of Counsel for the Child to the Disposition Report" in body
    assert "WIC §358.1(b); CRC 5.690(a)(1)(B)(ii)" in body and "CEB §12.47" in body
    assert "CP101" not in body and "CP101" in appendix and "concurrent-plan-missing" in appendix
    assert "Page 1 of" in text


def test_memo_for_case_data_lists_warnings_as_other_matters_without_codes_or_paths():
    import dataclasses

    from reportgen.rules import registry
    from reportgen.rules.base import Finding

    result = review_path(EXAMPLES / "04-caregiver-said-no.json")
    rule = registry().get("CP110")
    assert rule is not None and rule.severity == "warn"
    warn = Finding(rule.code, rule.slug, rule.severity, rule.citation, rule.message,
                   ("concurrent_plan.alternative_home_efforts",))  # left blank in this example
    result = dataclasses.replace(result, findings=[*result.findings, warn])
    body, _ = body_and_appendix(docx_text(write_memo(result, "docx")))
    assert "Other matters" in body
    assert "The alternative plan should list concrete steps" in body  # "Practice:" prefix dropped
    assert "The report is silent on efforts toward another home that could be permanent (concurrent plan)." in body
    assert "Drafting note" not in body and "reportgen" not in body
    for f in result.findings:
        assert f.code not in body
        for path in f.fields:
            assert path not in body
    assert "placement." not in body and "concurrent_plan" not in body


def test_review_exit_0_without_objections(runner):
    out = runner.invoke(main, ["review", str(BASE_CASE)])
    assert out.exit_code == 0, out.output
    assert "0 objection(s)" in out.output


def test_review_exit_1_with_objections_and_json(runner):
    out = runner.invoke(main, ["review", str(BAD_REPORT), "--json"])
    assert out.exit_code == 1
    data = json.loads(out.stdout)
    assert data["source"] == "foreign-pdf" and data["heuristic"] is True
    assert {f["code"] for f in data["findings"]} == {f.code for f in reviewed(BAD_REPORT).findings} >= {"CP101"}
    assert all(f["heuristic"] for f in data["findings"])
    assert {e["element"] for e in data["elements"]} >= {"plan_goal", "plan_specific", "caregiver", "siblings"}


def test_review_exit_0_for_good_foreign_report_and_memo_written(runner, tmp_path):
    memo = tmp_path / "memo.docx"
    out = runner.invoke(main, ["review", str(GOOD_REPORT), "--memo", str(memo)])
    assert out.exit_code == 0, out.output
    assert "Counsel raises no objection to the report." in docx_text(memo.read_bytes())


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"just some words", "is not a PDF, a Word (.docx) file or a reportgen case JSON file"),
        (b'{"schema_version": "1.0", "child": {"dob": "soon"}}', "child.dob: is not a date"),
        (b"%PDF-1.7\n1 0 obj\n<<", "damaged or incomplete"),
    ],
    ids=["not-a-report", "invalid-case", "truncated-pdf"],
)
def test_review_exit_2_with_path_message_and_no_traceback(runner, tmp_path, content, expected):
    target = tmp_path / "input.bin"
    target.write_bytes(content)
    out = runner.invoke(main, ["review", str(target)])
    assert out.exit_code == 2
    assert expected in out.stderr
    assert "Traceback" not in out.output + out.stderr
    assert out.stdout == ""


def test_review_exit_2_for_missing_file_and_bad_memo_suffix(runner, tmp_path):
    out = runner.invoke(main, ["review", str(tmp_path / "nope.pdf")])
    assert out.exit_code == 2 and "nope.pdf: no such file" in out.stderr
    out = runner.invoke(main, ["review", str(BASE_CASE), "--memo", str(tmp_path / "memo.txt")])
    assert out.exit_code == 2 and "memo.txt: the memo can be written as .docx or .pdf only" in out.stderr
    assert not (tmp_path / "memo.txt").exists()


def test_soffice_opens_the_docx_memo(tmp_path):
    """The DOCX is meant to be edited: LibreOffice must be able to open and convert it."""
    memo = tmp_path / "memo.docx"
    write_memo(reviewed(BAD_REPORT), memo)
    assert shutil.which("soffice")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "txt:Text", "--outdir", str(tmp_path), str(memo)], check=True, capture_output=True, timeout=120)
    converted = (tmp_path / "memo.txt").read_text(encoding="utf-8", errors="replace")
    assert "1. The report recommends removal but gives no plan for legal permanence" in converted


def test_docx_memo_survives_control_characters_in_report_text():
    """Text read from a foreign PDF can carry characters XML forbids; the DOCX must still be written."""
    from reportgen.review.memo import Memo, Objection, to_docx

    memo = Memo(attorney=["Counsel\x02Name"], court=["COURT"], in_re="In re A\x01B", case_lines=["Case No. 1"],
                title="T", intro=["form\x0cfeed"], other=["bell\x07point"],
                objections=[Objection(1, "g\x00round", "CEB §12.47", "The report states: “x\x1by”", "order",
                                      "CP101", "concurrent-plan-missing")])
    text = docx_text(to_docx(memo))
    for expected in ("Counsel Name", "In re A B", "form feed", "bell point", "1. g round (CEB §12.47.)", "“x y”",
                     "1 | CP101 | concurrent-plan-missing"):
        assert expected in text


def edited_result():
    """A reportgen report whose text no longer matches its data, as the review reports it."""
    import dataclasses

    from reportgen.review import Edited
    from reportgen.review.edited import EDITED, TextCheck
    from reportgen.rules.base import Finding

    data_finding = Finding("CP105", "plan-names-no-family", "object", "CEB §12.47", "The plan names no family.",
                           ("concurrent_plan.prospective_family",))
    check_ = TextCheck(EDITED, ["the report says 'guardianship' where its data says 'adoption', near '…plan is'"])
    return dataclasses.replace(reviewed(GOOD_REPORT), source="edited-reportgen-docx",
                               edited=Edited(check_, [data_finding]))


def test_memo_of_an_edited_report_has_one_neutral_sentence_and_the_right_drafting_note():
    import dataclasses

    result = edited_result()
    text = docx_text(write_memo(result, "docx"))
    assert text.count("The text of the report differs from the case data carried in the report file") == 1
    assert "Drafting note" not in text  # no finding read from text, nothing to confirm
    # With findings read from the text and not yet confirmed (the command line's memo), a note says so.
    result = dataclasses.replace(result, findings=reviewed(BAD_REPORT).findings)
    text = docx_text(write_memo(result, "docx"))
    assert "its text no longer matches the case data it carries, so reportgen read its text" in text
    assert text.index("Drafting note") < text.index("In re ")  # above the caption, to be deleted
    assert "not made by reportgen" not in text


def test_review_text_and_json_of_an_edited_report_show_the_differences_and_the_data():
    from reportgen.review.command import result_text

    result = edited_result()
    text = result_text(result)
    assert "This report was changed after reportgen produced it:" in text
    assert "  - the report says 'guardianship' where its data says 'adoption'" in text
    assert "The data inside the file says:" in text and "OBJECTION  CP105  plan-names-no-family" in text
    as_json = json.loads(json.dumps(result.as_dict()))
    assert as_json["heuristic"] is True and as_json["source"] == "edited-reportgen-docx"
    assert as_json["edited"]["status"] == "edited" and as_json["edited"]["data_findings"][0]["code"] == "CP105"
    assert reviewed(GOOD_REPORT).as_dict()["edited"] is None

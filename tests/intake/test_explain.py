"""The clerk's words: every check has a sentence saying what is wrong and what to do,
the technical reason stays beside it, and a draft never reads as a plain pass."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from reportgen.intake import verify_bytes
from reportgen.intake.checks import CHECKS
from reportgen.intake.command import intake_command, verify_command
from reportgen.intake.explain import FALLBACK, explain, report_status, table
from reportgen.intake.result import FAIL
from tests.intake.conftest import append_incremental_update, attached_json, replace_attachment, write

CHECK_NAMES = [c.__name__ for c in CHECKS]
#: Each sentence tells the clerk what to do; these are the verbs it may start that part with.
TO_DO = ("ask the agency", "choose the file", "refer ", "do not ", "check it with")


def every_sentence() -> list[tuple[str, str]]:
    t = table()
    out = [("common", e.says) for e in t.common]
    for name, entries in t.checks.items():
        out += [(name, e.says) for e in entries]
    return out


@pytest.mark.parametrize("name", CHECK_NAMES)
def test_every_check_has_its_own_sentence(name: str) -> None:
    assert name in table().checks, f"explanations.yml has no sentence for the check {name!r}"
    assert explain(name, "some reason no pattern knows") != FALLBACK


def test_the_table_names_no_check_that_does_not_exist() -> None:
    assert set(table().checks) <= set(CHECK_NAMES)


@pytest.mark.parametrize(("where", "says"), every_sentence(), ids=lambda v: v[:40])
def test_each_sentence_says_what_is_wrong_then_what_to_do(where: str, says: str) -> None:
    wrong, dash, to_do = says.partition(" — ")
    assert dash and wrong[:1].isupper() and to_do.endswith("."), says
    assert any(verb in to_do for verb in TO_DO), f"{where}: {says!r} does not say what to do"


def status(result, name):  # type: ignore[no-untyped-def]
    return next(c for c in result.checks if c.name == name)


def test_a_changed_file_is_explained_in_the_clerks_words(base_pdf: bytes) -> None:
    result = verify_bytes(append_incremental_update(base_pdf), "changed.pdf")
    check = status(result, "unchanged")
    assert check.status == FAIL and "/Prev" in check.reason
    assert explain(check.name, check.reason) == ("The file was changed after the agency produced it — "
                                                 "ask the agency for the original.")


def test_edited_words_and_other_failures_get_their_narrower_sentence(base_pdf: bytes) -> None:
    data = attached_json(base_pdf)
    assert b"misses her mother" in data  # the child's words, wherever the case model keeps them
    edited = verify_bytes(replace_attachment(base_pdf, data.replace(b"misses her mother", b"misses her nother")),
                          "edited.pdf")
    check = status(edited, "text_matches_data")
    assert check.status == FAIL
    assert explain(check.name, check.reason).startswith("The words on the pages differ from the report's own data")
    letter = verify_bytes(b"Dear clerk, please find attached...", "letter.txt")
    assert explain("opens", letter.checks[0].reason).startswith("The file is not a PDF — ask the agency")
    assert explain("unchanged", "made before reportgen recorded its length").startswith("The file carries no record")
    assert explain("pdfa", "could not be checked: the file is damaged (PdfError: x)").startswith("Part of the file")
    assert explain("pdfa", "the document info Producer 'x' disagrees with XMP pdf:Producer 'y'").startswith(
        "The file's description")
    assert explain("a_check_added_later", "whatever") == FALLBACK


def test_a_draft_reads_as_a_draft_with_its_open_objections(other_pdfs: dict[str, bytes], base_pdf: bytes) -> None:
    draft = verify_bytes(other_pdfs["02-no-concurrent-plan.json"], "draft.pdf")
    assert draft.result == "pass"  # a draft with gaps is a valid filing of a draft...
    assert draft.draft is True and draft.open_objections == 2
    assert draft.report_status == "Draft — 2 objections open"  # ...but never a plain pass
    final = verify_bytes(base_pdf, "final.pdf")
    assert final.draft is False and final.open_objections == 0 and final.report_status == "Final"
    unread = verify_bytes(b"not a pdf", "x.pdf")
    assert unread.draft is None and unread.report_status == ""


@pytest.mark.parametrize(("draft", "count", "words"), [
    (True, 1, "Draft — 1 objection open"), (True, 0, "Draft"), (True, None, "Draft"),
    (False, 3, "Presented as final, but 3 objections open"), (False, 0, "Final"),
    (False, None, "Final (objections not checked: no usable report data)"), (None, 2, ""),
])
def test_report_status_words(draft: bool | None, count: int | None, words: str) -> None:
    assert report_status(draft, count) == words


def test_cli_prints_the_sentence_with_the_reason_below_and_the_draft_status(tmp_path, base_pdf, other_pdfs) -> None:  # type: ignore[no-untyped-def]
    changed = write(tmp_path, "changed.pdf", append_incremental_update(base_pdf))
    draft = write(tmp_path, "draft.pdf", other_pdfs["02-no-concurrent-plan.json"])
    result = CliRunner().invoke(verify_command, [str(changed), str(draft)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    at = next(i for i, line in enumerate(lines) if line.split()[:2] == ["unchanged", "FAIL"])
    assert lines[at].endswith("The file was changed after the agency produced it — ask the agency for the original.")
    assert lines[at + 1].split()[0] == "reason:" and "/Prev" in lines[at + 1]
    assert "  report: Draft — 2 objections open" in lines

    as_json = json.loads(CliRunner().invoke(verify_command, ["--json", str(changed), str(draft)]).output)
    unchanged = next(c for c in as_json[0]["checks"] if c["name"] == "unchanged")
    assert unchanged["explanation"].startswith("The file was changed") and "/Prev" in unchanged["reason"]
    assert as_json[1]["report_status"] == "Draft — 2 objections open" and as_json[1]["draft"] is True
    assert as_json[1]["open_objections"] == 2


def test_the_index_has_the_status_and_the_clerks_words_beside_the_reasons(tmp_path, base_pdf, other_pdfs) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "a-changed.pdf", append_incremental_update(base_pdf))
    write(folder, "b-draft.pdf", other_pdfs["02-no-concurrent-plan.json"])
    index = tmp_path / "intake.csv"
    result = CliRunner().invoke(intake_command, [str(folder), "--index", str(index)])
    assert result.exit_code == 1
    assert "  b-draft.pdf: PASS [Draft — 2 objections open]" in result.output
    with index.open(newline="", encoding="utf-8") as fh:
        rows = {r["file"]: r for r in csv.DictReader(fh)}
    assert rows["b-draft.pdf"]["report_status"] == "Draft — 2 objections open"
    assert rows["b-draft.pdf"]["open_objections"] == "2"
    changed = rows["a-changed.pdf"]
    problems, reasons = changed["problems"].splitlines(), changed["reasons"].splitlines()
    assert [p.split(":")[0] for p in problems] == [r.split(":")[0] for r in reasons] == changed["failing_checks"].split()
    assert "unchanged: The file was changed after the agency produced it — ask the agency for the original." in problems
    assert any(r.startswith("unchanged: the file was changed after it was produced") for r in reasons)
    page = (tmp_path / "intake.html").read_text(encoding="utf-8")
    assert "Draft — 2 objections open" in page
    assert "<details><summary>Technical reason</summary>" in page


def test_an_index_begun_by_an_earlier_version_keeps_its_columns(tmp_path, base_pdf) -> None:  # type: ignore[no-untyped-def]
    old = "file,digest,case_number,child_initials,hearing_date,result,failing_checks,reasons\r\n"
    index = tmp_path / "intake.csv"
    index.write_text(old + "old.pdf,abc,JV-1,A.B.,2026-01-02,pass,,\r\n", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "new.pdf", append_incremental_update(base_pdf))
    assert CliRunner().invoke(intake_command, [str(folder), "--index", str(index)]).exit_code == 1
    with index.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    assert header == old.strip().split(",")
    assert all(len(r) == len(header) for r in rows) and rows[1][0] == "new.pdf" and rows[1][5] == "fail"

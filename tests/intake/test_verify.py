"""verify_bytes on rendered reports: a clean report passes every check, and
each kind of tampering fails the check that names it, with a clear reason."""

from __future__ import annotations

import copy
import io
import json

import pikepdf
import pytest

from reportgen.intake import verify_bytes
from reportgen.intake.checks import CHECKS
from reportgen.intake.result import FAIL, PASS
from tests.intake.conftest import (
    append_incremental_update,
    attached_json,
    case_json,
    render,
    replace_attachment,
)

CHECK_NAMES = [c.__name__ for c in CHECKS]


def status(result, name):
    return next(c for c in result.checks if c.name == name)


def only_failures(result):
    return {c.name for c in result.checks if c.status == FAIL}


def test_rendered_report_passes_every_check(base_pdf):
    result = verify_bytes(base_pdf, "report.pdf")
    assert [c.name for c in result.checks] == CHECK_NAMES
    assert {c.name: c.status for c in result.checks} == dict.fromkeys(CHECK_NAMES, PASS)
    assert result.result == "pass"
    assert result.case_number == "JV-2026-004817"
    assert result.child_initials == "S.R."
    assert result.hearing_date == "2026-11-24"
    assert len(result.sha256) == 64 and result.sha256 in status(result, "digest").reason


def test_other_examples_pass(other_pdfs):
    for name, data in other_pdfs.items():
        result = verify_bytes(data, name)
        assert only_failures(result) == set(), (name, result.failing)
        assert result.result == "pass"


def test_changed_visible_plan_goal_is_caught(base_raw, base_pdf):
    """Pages rendered with another plan goal, carrying the original data (goal adoption).

    The other goal is one that changes no finding, so the goal itself is the
    first difference (a goal that adds an objection would first differ in the
    DRAFT mark, which is also caught)."""
    forged_case = copy.deepcopy(base_raw)
    forged_case["concurrent_plan"]["goal"] = "fit_willing_relative"
    forged = replace_attachment(render(forged_case), attached_json(base_pdf))
    result = verify_bytes(forged, "forged.pdf")
    assert result.result == "fail"
    assert only_failures(result) == {"text_matches_data"}
    reason = status(result, "text_matches_data").reason
    assert "the PDF says 'placement with a fit and willing relative" in reason  # "The concurrent plan is ..."
    assert "where the case data says 'adoption.'" in reason
    assert "near '…" in reason
    assert "another version of the report layout" not in reason  # same layout: nothing to excuse it


def test_one_letter_changed_in_embedded_data_is_caught(base_raw, base_pdf):
    changed = copy.deepcopy(base_raw)
    statement = changed["child"]["child_statement"]
    assert "misses her mother" in statement
    changed["child"]["child_statement"] = statement.replace("misses her mother", "misses her nother")
    result = verify_bytes(replace_attachment(base_pdf, case_json(changed)), "edited.pdf")
    assert result.result == "fail"
    assert only_failures(result) == {"text_matches_data"}
    assert "the PDF says 'mother' where the case data says 'nother'" in status(result, "text_matches_data").reason


def test_embedded_data_swapped_for_another_case_is_caught(base_pdf, other_pdfs):
    other = next(iter(other_pdfs.values()))
    result = verify_bytes(replace_attachment(base_pdf, attached_json(other)), "swapped.pdf")
    assert result.result == "fail"
    assert "text_matches_data" in only_failures(result)
    assert "the visible text does not match the embedded case data: the PDF " in status(result, "text_matches_data").reason


def test_invalid_embedded_data_fails_case_data(base_raw, base_pdf):
    broken = copy.deepcopy(base_raw)
    broken["concurrent_plan"]["goal"] = "adoptiom"
    result = verify_bytes(replace_attachment(base_pdf, case_json(broken)), "invalid.pdf")
    assert result.result == "fail"
    assert status(result, "case_data").status == FAIL
    assert "concurrent_plan.goal" in status(result, "case_data").reason
    assert status(result, "text_matches_data").status == FAIL


def test_incremental_update_is_caught(base_pdf):
    updated = append_incremental_update(base_pdf)
    with pikepdf.open(io.BytesIO(updated)) as pdf:  # the update is valid PDF: qpdf reads it
        assert str(pdf.docinfo["/Producer"]) == "edited after signing"
    result = verify_bytes(updated, "updated.pdf")
    assert result.result == "fail"
    assert "unchanged" in only_failures(result)
    assert "2 cross-reference section(s)" in status(result, "unchanged").reason


def test_bytes_after_end_of_file_are_caught(base_pdf):
    result = verify_bytes(base_pdf + b"\n% a note\n", "appended.pdf")
    assert status(result, "unchanged").status == FAIL
    assert f"{len(base_pdf) + 10:,} bytes where the producer recorded {len(base_pdf):,}" in status(result, "unchanged").reason


def test_embedded_data_changed_without_resealing_fails_unchanged_too(base_raw, base_pdf):
    """A forger who rewrites the file without knowing the record fails both checks."""
    changed = copy.deepcopy(base_raw)
    changed["child"]["child_statement"] = changed["child"]["child_statement"].replace("misses her mother", "misses her nother")
    result = verify_bytes(replace_attachment(base_pdf, case_json(changed), sealed=False), "edited.pdf")
    assert only_failures(result) == {"text_matches_data", "unchanged"}
    assert "differs from the one recorded" in status(result, "unchanged").reason


def _encrypt(data: bytes, user: str) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner-secret", user=user))
        return out.getvalue()


def test_password_protected_pdf_is_unreadable(base_pdf):
    result = verify_bytes(_encrypt(base_pdf, "user-secret"), "locked.pdf")
    assert result.result == "unreadable"
    assert [c.name for c in result.checks] == ["opens"]
    assert "needs a password" in result.checks[0].reason


def test_encrypted_pdf_without_user_password_fails_opens(base_pdf):
    result = verify_bytes(_encrypt(base_pdf, ""), "restricted.pdf")
    assert result.result == "fail"
    assert status(result, "opens").status == FAIL
    assert "encrypted" in status(result, "opens").reason


def test_not_a_pdf_is_unreadable():
    result = verify_bytes(b"Dear clerk, please find attached...", "letter.txt")
    assert result.result == "unreadable"
    assert "not a PDF" in result.checks[0].reason


def test_truncated_pdf_never_raises(base_pdf):
    result = verify_bytes(base_pdf[: len(base_pdf) // 3], "truncated.pdf")
    assert result.result in ("fail", "unreadable")
    assert result.checks


def test_javascript_and_second_attachment_are_caught(base_pdf):
    with pikepdf.open(io.BytesIO(base_pdf)) as pdf:
        pdf.Root.OpenAction = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
        pdf.attachments["extra.txt"] = pikepdf.AttachedFileSpec(pdf, b"hello", mime_type="text/plain")
        out = io.BytesIO()
        pdf.save(out)
    result = verify_bytes(out.getvalue(), "active.pdf")
    reason = status(result, "no_active_content").reason
    assert status(result, "no_active_content").status == FAIL
    assert "JavaScript" in reason and "2 embedded files" in reason


def test_time_budget_stops_a_slow_file(base_pdf):
    result = verify_bytes(base_pdf, "slow.pdf", time_budget=-1)
    assert result.result == "fail"
    assert all(c.status == FAIL and "too long" in c.reason for c in result.checks)


def test_result_as_dict_is_json(base_pdf):
    data = json.loads(json.dumps(verify_bytes(base_pdf, "r.pdf").as_dict()))
    assert set(data) == {"file", "sha256", "result", "case_number", "child_initials", "hearing_date", "checks", "objections",
                         "draft", "open_objections", "report_status"}


@pytest.mark.parametrize("name", ["page_numbers", "letter_size", "caption"])
def test_layout_checks_fail_on_a_foreign_pdf(name):
    """A PDF from elsewhere (A4, no page numbers, no caption) fails the layout checks by name."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    pdf.save(out)
    result = verify_bytes(out.getvalue(), "foreign.pdf")
    assert status(result, name).status == FAIL


def test_inventory_shortcut_finds_what_the_full_walk_finds(base_pdf, monkeypatch):
    """Objects whose serialised form names nothing notable are not walked; on a
    clean report and on one with active content the findings are the same as
    walking every object."""
    import re
    import time

    from reportgen.intake import checks

    with pikepdf.open(io.BytesIO(base_pdf)) as pdf:
        pdf.Root.OpenAction = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("x")))
        link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 9, 9],
                                  A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("javascript:alert(1)")))
        pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link)]))
        out = io.BytesIO()
        pdf.save(out)
    for data in (base_pdf, out.getvalue()):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            quick = checks.take_inventory(checks.Received(data, "r.pdf", pdf, time.monotonic() + 30))
            with monkeypatch.context() as m:
                m.setattr(checks, "_MAY_MATTER", re.compile(b""))  # matches every object: walk them all
                full = checks.take_inventory(checks.Received(data, "r.pdf", pdf, time.monotonic() + 30))
        assert quick == full
        assert quick.fonts and all(embedded for _, embedded in quick.fonts)
    assert any("JavaScript" in a for a in quick.active)
    assert any("javascript:alert" in a for a in quick.active)


def test_a_report_printed_by_another_layout_says_so(base_raw, county):
    """A PDF made by an older (here: edited) layout still fails the word comparison,
    but the reason names both layouts, so a clerk does not take a wording change
    for tampering."""
    from reportgen.render.html import layout_id
    from reportgen.render.pdf import render_pdf
    from reportgen.render.templates import default_template_dir
    from reportgen.schema import load_case

    older = county  # a county copy stands in for an older layout
    html = older / "report.html"
    html.write_text(html.read_text(encoding="utf-8").replace("{{ r.label }}{% if r.value %}: {{ r.value }}",
                                                               "{{ r.label }}{% if r.value %} = {{ r.value }}"), encoding="utf-8")
    case = load_case(copy.deepcopy(base_raw))
    data = render_pdf(case, template_dir=older, as_of=case["court"]["report_date"])
    with pikepdf.open(io.BytesIO(data)) as pdf:
        desc = str(pdf.Root.AF[0].Desc)
    assert f"(layout {layout_id(older)})" in desc
    result = verify_bytes(data, "older.pdf")
    assert only_failures(result) == {"text_matches_data"}
    reason = status(result, "text_matches_data").reason
    assert f"another version of the report layout, {layout_id(older)}" in reason
    assert f"this reportgen prints {layout_id(default_template_dir())}" in reason


def test_a_failing_template_is_named_without_quoting_case_data(base_pdf, monkeypatch):
    from reportgen.intake import report

    def broken(case, as_of, profile=None):
        raise KeyError(case["court"]["case_number"])

    monkeypatch.setattr(report, "expected_text", broken)
    result = verify_bytes(base_pdf, "report.pdf")
    reason = status(result, "text_matches_data").reason
    assert "the report template failed: KeyError" in reason
    assert "JV-2026-004817" not in reason


def test_a_county_changing_its_profile_does_not_fail_the_reports_it_filed_before(base_pdf, monkeypatch):
    """The report records the county profile it was printed with; verification
    re-renders with that one, not with the profile configured today."""
    from reportgen.render.profile import ENV_VAR

    monkeypatch.setenv(ENV_VAR, "findings-first")
    result = verify_bytes(base_pdf, "report.pdf")
    assert only_failures(result) == set()
    assert status(result, "text_matches_data").reason == "every word on the pages matches the embedded case data"

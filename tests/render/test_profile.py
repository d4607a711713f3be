"""The county profile: section order and titles, letterhead,
signature block and caption words as data, selected per render, recorded in
every PDF and DOCX, and used again when the file is verified, so a county that
changes its profile does not make the reports it filed before fail."""

from __future__ import annotations

import copy
import datetime as dt
import gc
import io
import warnings
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.intake import verify_bytes
from reportgen.intake.result import FAIL, PASS
from reportgen.render import profile as prof
from reportgen.render import words as w
from reportgen.render.context import build_context
from reportgen.render.embed import PROFILE_NOTE, attachment_description, data_description
from reportgen.render.html import LAYOUT_NOTE
from reportgen.schema import load_case
from tests.conftest import BASE_CASE, read_json
from tests.intake.conftest import reseal

AS_OF = dt.date(2026, 11, 19)
OTHER = "findings-first"


def case() -> dict[str, Any]:
    return load_case(read_json(BASE_CASE))


def render(kind: str, profile: str | None) -> bytes:
    from reportgen.render.docx import render_docx
    from reportgen.render.pdf import render_pdf

    loaded = case()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)  # WeasyPrint's sRGB file, not ours
        if kind == "pdf":
            data = render_pdf(loaded, as_of=loaded["court"]["report_date"], profile=profile)
        else:
            data = render_docx(loaded, as_of=loaded["court"]["report_date"], profile=profile)
        gc.collect()
    return data


@pytest.fixture(scope="module")
def generic_pdf() -> bytes:
    return render("pdf", prof.DEFAULT)


@pytest.fixture(scope="module")
def other_pdf() -> bytes:
    return render("pdf", OTHER)


@pytest.fixture(scope="module")
def other_docx() -> bytes:
    return render("docx", OTHER)


def status(result: Any, name: str) -> Any:
    return next(c for c in result.checks if c.name == name)


def failures(result: Any) -> set[str]:
    return {c.name for c in result.checks if c.status == FAIL}


def with_description(data: bytes, change: Any, sealed: bool = True) -> bytes:
    """The PDF with its case data's description changed by ``change(desc)``;
    ``sealed``: as a forger who also rewrites the recorded length and digest."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        spec = pdf.Root.AF[0]
        spec.Desc = pikepdf.String(change(str(spec.Desc)))
        if sealed:
            return reseal(pdf)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def recorded_in(data: bytes) -> str:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        desc = attachment_description(pdf) or ""
    return desc[desc.index(PROFILE_NOTE) + len(PROFILE_NOTE):]


def swap_profile(desc: str, name: str) -> str:
    return desc[:desc.index(PROFILE_NOTE)] + PROFILE_NOTE + prof.load(name).record()


# --- the profiles and what they change ---------------------------------------------


def test_every_shipped_profile_is_valid_and_orders_every_section_once():
    assert {prof.DEFAULT, OTHER} <= set(prof.shipped())
    for name in prof.shipped():
        p = prof.load(name)
        assert p.name == name
        assert sorted(p.section_order) == sorted(prof._section_keys())


def test_the_default_profile_is_the_generic_california_order():
    ids = [s["id"] for s in build_context(case(), AS_OF)["sections"]]
    assert ids[:3] == ["reason_for_hearing", "detention_jurisdiction_history", "statements"]
    assert build_context(case(), AS_OF)["profile"].name == prof.DEFAULT


def test_the_second_profile_puts_findings_first_and_the_assessment_last_with_its_own_words():
    ctx = build_context(case(), AS_OF, OTHER)
    ids = [s["id"] for s in ctx["sections"]]
    assert ids[0] == "findings" and ids[-1] == "assessment"
    titles = {s["id"]: s["title"] for s in ctx["sections"]}
    assert titles["findings"] == "Recommendation" and titles["assessment"] == "Assessment/Evaluation"
    name = case()["children"][0]["name"]
    assert ctx["caption"]["in_re"] == f"In the Matter of {name}"
    assert ctx["caption"]["person"].startswith("A minor coming under")
    assert ctx["caption"]["title"].startswith("Jurisdiction/Disposition Social Study")
    assert ctx["letterhead"]["lines"][0] == "Children and Family Services"
    assert ctx["signatures"]["submitted"] == "Submitted by,"
    assert ctx["doc"]["title"].startswith("Jurisdiction/Disposition Social Study")
    # outside the render the default is back
    assert w.section("findings")["title"] == "Recommended findings and orders"


def test_the_setting_selects_the_profile_and_an_explicit_one_wins(monkeypatch):
    monkeypatch.setenv(prof.ENV_VAR, OTHER)
    assert build_context(case(), AS_OF)["sections"][0]["id"] == "findings"
    assert build_context(case(), AS_OF, prof.DEFAULT)["sections"][0]["id"] == "reason_for_hearing"


@settings(max_examples=25, deadline=None)
@given(st.permutations(prof.load(prof.DEFAULT).section_order))
def test_any_order_a_profile_gives_is_the_order_the_report_prints(order):
    data = copy.deepcopy(prof.load(prof.DEFAULT).data)
    data["section_order"] = list(order)
    ids = [s["id"] for s in build_context(case(), AS_OF, prof._make(data, "test"))["sections"]]
    assert ids == [key for key in order if key in ids]


def test_letterhead_lines_fill_from_the_agency_and_drop_blank_ones():
    from reportgen.case import Case
    from reportgen.render.context import letterhead

    lines = ["COUNTY OF NOWHERE", "{agency}", "{address}", "Tel. {phone}"]
    full = Case({"agency": {"name": "Agency", "address": "1 Main St\nTown, CA", "phone": "555"}})
    assert letterhead(full, lines) == {"name": "COUNTY OF NOWHERE",
                                       "lines": ["Agency", "1 Main St", "Town, CA", "Tel. 555"]}
    assert letterhead(Case({}), lines) == {"name": "COUNTY OF NOWHERE", "lines": []}
    assert letterhead(Case({}), ["{agency}", "{address}", "Telephone {phone}"]) is None


def _profile_file(tmp_path: Path, change: Any) -> Path:
    data = yaml.safe_load((prof.profiles_dir() / f"{prof.DEFAULT}.yml").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "county.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "said"), [
    (lambda d: d.pop("caption"), "the profile: lacks caption"),
    (lambda d: d["section_order"].append("findings"), "section_order: lists twice findings"),
    (lambda d: d["section_order"].remove("icwa"), "section_order: lacks icwa"),
    (lambda d: d["section_order"].append("recommendation"), "has unknown sections recommendation"),
    (lambda d: d["caption"].update(in_re="In re {child}"), "caption.in_re: uses {child}"),
    (lambda d: d["caption"].update(in_re="In re {name:>999999999}"), "caption.in_re: a placeholder is written plainly"),
    (lambda d: d["letterhead"].append("{agency.__class__}"), "letterhead[3]: uses {agency.__class__}"),
    (lambda d: d["caption"].update(person="A child {"), "caption.person: a brace is not closed"),
    (lambda d: d["letterhead"].append("At {address}"), "letterhead[3]: {address} must be a line of its own"),
    (lambda d: d["sections"]["placement"].pop("topic"), "sections.placement: lacks topic"),
    (lambda d: d["signature"].update(extra="x"), "signature: has unknown keys extra"),
    (lambda d: d.update(name="Tamarack County"), "name: must be lower-case"),
])
def test_a_wrong_profile_is_refused_naming_the_file_and_the_key(tmp_path, change, said):
    path = _profile_file(tmp_path, change)
    with pytest.raises(prof.ProfileError) as err:
        prof.load(str(path))
    assert str(err.value).startswith(f"county profile {path}: ")
    assert said in str(err.value)


def test_a_county_copy_of_the_profile_loads_and_an_unknown_name_is_refused(tmp_path):
    path = _profile_file(tmp_path, lambda d: d["sections"]["placement"].update(title="Where the child lives"))
    with prof.using(str(path)):
        assert w.section("placement")["title"] == "Where the child lives"
    with pytest.raises(prof.ProfileError, match="is not a shipped profile"):
        prof.load("no-such-county")
    (tmp_path / "broken.yml").write_text("name: [x\n", encoding="utf-8")
    with pytest.raises(prof.ProfileError, match=r"is not valid YAML \(line"):
        prof.load(str(tmp_path / "broken.yml"))


def test_a_recorded_profile_is_checked_as_strictly_as_a_file():
    """A received report is untrusted: its recorded profile cannot ask for a huge padding or an attribute."""
    data = copy.deepcopy(prof.load(prof.DEFAULT).data)
    data["signature"]["approved_on"] = "Approved {date:>999999999}"
    with pytest.raises(prof.ProfileError, match="recorded in the report: signature.approved_on"):
        prof.from_record(prof._record(data))
    with pytest.raises(prof.ProfileError, match="is larger than 32 KB"):
        prof.from_record(" " * (prof.MAX_RECORD + 1))


def test_the_record_reads_back_as_the_same_profile():
    p = prof.load(OTHER)
    back = prof.from_record(p.record())
    assert back.digest == p.digest and back.words() == p.words()
    assert p.record().isascii() and len(p.record()) < 4096
    with pytest.raises(prof.ProfileError, match="recorded in the report: is damaged"):
        prof.from_record("{not json")


# --- the file records its profile; verification uses it ------------------------------


def test_the_pdf_records_its_profile_after_the_layout_id(other_pdf):
    assert recorded_in(other_pdf) == prof.load(OTHER).record()
    with pikepdf.open(io.BytesIO(other_pdf)) as pdf:
        assert LAYOUT_NOTE.search(attachment_description(pdf) or "")


def test_a_report_made_with_one_profile_verifies_after_the_default_changes(monkeypatch, generic_pdf, other_pdf):
    monkeypatch.setenv(prof.ENV_VAR, OTHER)
    assert failures(verify_bytes(generic_pdf, "generic.pdf")) == set()
    monkeypatch.setenv(prof.ENV_VAR, prof.DEFAULT)
    result = verify_bytes(other_pdf, "other.pdf")
    assert failures(result) == set()
    assert status(result, "text_matches_data").status == PASS


def test_a_report_made_before_profiles_were_recorded_is_read_with_the_generic_order(monkeypatch, generic_pdf):
    legacy = with_description(generic_pdf, lambda d: d[:d.index(PROFILE_NOTE)])
    monkeypatch.setenv(prof.ENV_VAR, OTHER)
    assert failures(verify_bytes(legacy, "legacy.pdf")) == set()


def test_a_recorded_profile_altered_after_production_fails_unchanged(other_pdf):
    # a word the pages do not print: only the integrity seal can tell
    altered = with_description(other_pdf, lambda d: d.replace("close with the assessment", "end with the assessment"),
                               sealed=False)
    assert altered != other_pdf
    result = verify_bytes(altered, "altered.pdf")
    assert failures(result) == {"unchanged"}


def test_a_file_claiming_a_profile_it_was_not_made_with_fails_text_matches_data(other_pdf):
    forged = with_description(other_pdf, lambda d: swap_profile(d, prof.DEFAULT))  # resealed by the forger
    result = verify_bytes(forged, "forged.pdf")
    assert failures(result) == {"text_matches_data"}
    assert "does not match the embedded case data" in status(result, "text_matches_data").reason


def test_a_damaged_recorded_profile_fails_text_matches_data_with_the_reason(other_pdf):
    damaged = with_description(other_pdf, lambda d: d[:d.index(PROFILE_NOTE)] + PROFILE_NOTE + '{"name": 1')
    reason = status(verify_bytes(damaged, "damaged.pdf"), "text_matches_data").reason
    assert "county profile recorded in the report: is damaged" in reason


def test_the_attorneys_edited_report_check_uses_the_recorded_profile(monkeypatch, other_pdf, other_docx):
    import docx

    from reportgen.render.embed import extract_case_bytes
    from reportgen.review.edited import EDITED, MATCHES, check_docx, check_pdf, docx_profile

    monkeypatch.setenv(prof.ENV_VAR, prof.DEFAULT)
    check = check_pdf(other_pdf)
    assert check is not None and check.status == MATCHES
    document = docx.Document(io.BytesIO(other_docx))
    assert docx_profile(document) == prof.load(OTHER).record()
    check = check_docx(document, extract_case_bytes(other_docx))
    assert check is not None and check.status == MATCHES
    # the same DOCX claiming the default profile reads as edited
    part = next(rel.target_part for rel in document.part.rels.values() if b"urn:reportgen:case" in rel.target_part.blob)
    from xml.sax.saxutils import quoteattr

    part._blob = part.blob.replace(quoteattr(prof.load(OTHER).record()).encode(),
                                   quoteattr(prof.load(prof.DEFAULT).record()).encode())
    assert docx_profile(document) == prof.load(prof.DEFAULT).record()
    check = check_docx(document, extract_case_bytes(other_docx))
    assert check is not None and check.status == EDITED


def test_the_description_helper_puts_the_profile_last():
    desc = data_description("data", "0123456789ab", prof.load(OTHER))
    assert desc.startswith("data (layout 0123456789ab) profile={")
    assert LAYOUT_NOTE.search(desc).group(1) == "0123456789ab"


# --- the command line -------------------------------------------------------------------


def test_render_takes_a_profile_and_refuses_an_unknown_one(tmp_path):
    from reportgen.cli import main

    runner = CliRunner()
    target = tmp_path / "r.docx"
    ok = runner.invoke(main, ["render", str(BASE_CASE), "-o", str(target), "--profile", OTHER])
    assert ok.exit_code == 0, ok.output
    import docx

    from reportgen.review.edited import docx_profile

    assert docx_profile(docx.Document(str(target))) == prof.load(OTHER).record()
    bad = runner.invoke(main, ["render", str(BASE_CASE), "-o", str(tmp_path / "x.docx"), "--profile", "nowhere"])
    assert bad.exit_code == 2
    assert "county profile nowhere: is not a shipped profile" in bad.output
    assert not (tmp_path / "x.docx").exists()


def test_the_wizards_preview_follows_the_setting_and_a_bad_one_is_a_template_error(monkeypatch):
    from reportgen.render.html import render_html
    from reportgen.render.templates import TemplateError

    monkeypatch.setenv(prof.ENV_VAR, OTHER)
    html = render_html(case(), as_of=AS_OF)  # what the wizard's preview and downloads call
    assert html.index(">Recommendation<") < html.index(">Assessment/Evaluation<")
    monkeypatch.setenv(prof.ENV_VAR, "/nowhere/county.yml")
    with pytest.raises(TemplateError) as err:  # the wizard's template page, exit 2 on the command line
        render_html(case(), as_of=AS_OF)
    assert err.value.exit_code == 2 and str(err.value) == "county profile /nowhere/county.yml: is not a file"

"""A reportgen report whose visible text no longer matches its embedded data is
reviewed from its text, with the differences named and the data beside it
(including a PDF whose case.json was swapped for another case's)."""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pikepdf
import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.cli import main
from reportgen.render.docx import render_docx
from reportgen.render.pdf import render_pdf
from reportgen.review import EXACT_SOURCES, SOURCE_KINDS, review_bytes, review_path, write_memo
from reportgen.review.edited import EDITED, MATCHES, OTHER_LAYOUT, differences, verdict
from reportgen.rules import check
from reportgen.schema import InvalidCase, load_case
from reportgen.web import get_store
from tests.conftest import EXAMPLES, ROOT, read_json
from tests.web.conftest import PASSWORD, AuthActions, make_app

RENDERED = ROOT / "examples" / "rendered"
COMPLETE = EXAMPLES / "01-complete-sibling-group.json"
NO_PLAN = EXAMPLES / "02-no-concurrent-plan.json"


def loaded(path: Path) -> dict[str, Any]:
    return load_case(read_json(path))


# --- the files ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def complete_docx() -> bytes:
    return render_docx(loaded(COMPLETE))


GOAL, EDITED_GOAL = "The concurrent plan is adoption", "The concurrent plan is legal guardianship"


def edit_in_word(data: bytes) -> bytes:
    """What a worker does in Word: the plan's goal changed to guardianship, and the
    explanation of why the plan is realistic and meets the child's needs deleted (up to
    the plan's "Siblings" line or the next heading). The customXml data is kept."""
    document = docx.Document(io.BytesIO(data))
    goal = [p for p in document.paragraphs if p.text.startswith(GOAL)]
    assert goal, "the rendered DOCX no longer states the plan the way this test edits it"
    goal[0].text = goal[0].text.replace(GOAL, EDITED_GOAL, 1)
    deleting, deleted = False, 0
    for p in document.paragraphs:
        if p.text == "Why the plan is realistic":
            deleting = True
        elif p.text == "Siblings" or (p.style is not None and p.style.name.startswith("Heading")):
            deleting = False
        if deleting:
            p._p.getparent().remove(p._p)
            deleted += 1
    assert deleted >= 2, "the rendered DOCX no longer explains the plan the way this test edits it"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def without_data_docx(data: bytes) -> bytes:
    """The same Word file without its case data: what the review reads as a report made elsewhere."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = docx.Document(io.BytesIO(data))
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype == RT.CUSTOM_XML:
            document.part.drop_rel(rid)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def without_data_pdf(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        del pdf.Root["/AF"]
        names = pdf.Root.get("/Names")
        if isinstance(names, pikepdf.Dictionary) and "/EmbeddedFiles" in names:
            del names["/EmbeddedFiles"]
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def codes(findings: Any) -> list[tuple[str, str]]:
    return sorted((f.code, f.severity) for f in findings)


@pytest.fixture(scope="module")
def edited_docx(complete_docx: bytes) -> bytes:
    return edit_in_word(complete_docx)


def swap_attachment(pdf_bytes: bytes, case_json: bytes, layout: str | None = None) -> bytes:
    """The PDF with its case.json replaced (the text untouched), as a polyglot or a
    swapped attachment would be; ``layout`` rewrites the layout id its description names."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        swapped = 0
        for spec in pdf.Root.AF:
            if spec.get("/AFRelationship") != "/Data":
                continue
            for key in ("/F", "/UF"):
                stream = spec.EF.get(key)
                if isinstance(stream, pikepdf.Stream):
                    stream.write(case_json)
                    if "/Params" in stream:
                        del stream["/Params"]
                    swapped += 1
            if layout is not None:
                spec.Desc = pikepdf.String(re.sub(r"\(layout [0-9a-f]{12}\)", f"(layout {layout})", str(spec.Desc)))
        assert swapped
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def swapped_pdf() -> bytes:
    """A report with no concurrent plan, carrying the complete case's data. Rendered here, so that it
    names this reportgen's layout (examples/rendered may name an older one whose words are the same)."""
    return swap_attachment(render_pdf(loaded(NO_PLAN)), COMPLETE.read_bytes())


# --- unedited reports: exact findings, as before -------------------------------------------------


@pytest.mark.parametrize("path", sorted(RENDERED.glob("*.*")), ids=lambda p: p.name)
def test_no_rendered_example_is_said_to_be_edited(path: Path) -> None:
    result = review_path(path)
    assert result.source == f"reportgen-{path.suffix.lstrip('.')}"
    assert result.edited is None and not result.heuristic
    assert result.findings == check(loaded(EXAMPLES / f"{path.stem}.json"))


def test_a_docx_reopened_and_saved_by_python_docx_unchanged_still_matches(complete_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(complete_docx))
    out = io.BytesIO()
    document.save(out)
    result = review_bytes(out.getvalue(), "resaved.docx")
    assert result.source == "reportgen-docx" and result.edited is None


def test_source_kinds_list_every_source() -> None:
    assert set(EXACT_SOURCES) < set(SOURCE_KINDS)
    assert {"edited-reportgen-pdf", "edited-reportgen-docx", "other-layout-reportgen-pdf",
            "other-layout-reportgen-docx"} < set(SOURCE_KINDS)


# --- a DOCX edited in Word ------------------------------------------------------------------------


def test_docx_edited_in_word_is_said_to_be_edited_and_names_the_change(edited_docx: bytes) -> None:
    result = review_bytes(edited_docx, "edited.docx")
    assert result.source == "edited-reportgen-docx" and result.source in SOURCE_KINDS
    assert result.heuristic
    assert result.edited is not None and result.edited.check.status == EDITED
    listed = result.edited.check.differences
    assert listed[0].startswith("the report says 'legal guardianship.' where its data says 'adoption.', near '…")
    assert any(d.startswith("the report leaves out 'Why the plan is realistic") for d in listed)
    assert len(listed) <= 10
    # The text is read as a report made elsewhere would be: the deleted realism paragraph is an
    # objection there, while the data says nothing is wrong.
    assert codes(result.findings) == codes(review_bytes(without_data_docx(edited_docx), "plain.docx").findings)
    assert "CP111" in {f.code for f in result.objections}
    assert result.edited.data_findings == check(loaded(COMPLETE)) == []
    assert result.notes[0].startswith("This report was changed after reportgen produced it.")
    # The file names this reportgen's layout, so no "another version" caveat.
    assert result.edited.check.layout == result.edited.check.current_layout
    assert "does not record" not in result.edited.explanation


def test_memo_of_an_edited_report_says_so_neutrally(edited_docx: bytes) -> None:
    result = review_bytes(edited_docx, "edited.docx")
    assert result.edited is not None
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(write_memo(result, "docx"))).paragraphs)
    assert result.edited.memo_sentence in text
    assert "its text no longer matches the case data it carries" in text
    assert "was not made by reportgen" not in text


def test_cli_json_of_an_edited_docx(edited_docx: bytes, tmp_path: Path) -> None:
    path = tmp_path / "edited.docx"
    path.write_bytes(edited_docx)
    result = CliRunner().invoke(main, ["review", str(path), "--json"])
    assert result.exit_code == 1  # the text's objections
    out = json.loads(result.output)
    assert out["source"] == "edited-reportgen-docx" and out["heuristic"] is True
    assert out["edited"]["status"] == "edited"
    assert out["edited"]["headline"] == "This report was changed after reportgen produced it"
    assert "'legal guardianship.' where its data says 'adoption.'" in out["edited"]["differences"][0]
    assert out["edited"]["data_findings"] == []
    assert "CP111" in {f["code"] for f in out["findings"] if f["severity"] == "object"}


def test_cli_text_of_an_edited_docx(edited_docx: bytes, tmp_path: Path) -> None:
    path = tmp_path / "edited.docx"
    path.write_bytes(edited_docx)
    result = CliRunner().invoke(main, ["review", str(path)])
    assert result.exit_code == 1
    assert "This report was changed after reportgen produced it:" in result.output
    assert "The data inside the file says:" in result.output


def with_docx_layout(data: bytes, layout: str | None) -> bytes:
    """The DOCX with the layout id on its case data part replaced (None: removed, as in files made before it)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = docx.Document(io.BytesIO(data))
    [part] = [r.target_part for r in document.part.rels.values() if r.reltype == RT.CUSTOM_XML
              and b"urn:reportgen:case" in r.target_part.blob]
    new = b"" if layout is None else f' layout="{layout}"'.encode()
    part._blob = re.sub(rb' layout="[0-9a-f]{12}"', new, part.blob, count=1)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_rendered_docx_names_its_layout(complete_docx: bytes) -> None:
    from reportgen.render.html import docx_layout_id, layout_id
    from reportgen.render.templates import default_template_dir
    from reportgen.review.edited import docx_layout

    named = docx_layout(docx.Document(io.BytesIO(complete_docx)))
    assert named == docx_layout_id(default_template_dir()) and named != layout_id(default_template_dir())
    assert docx_layout(docx.Document(io.BytesIO(with_docx_layout(complete_docx, None)))) is None


def test_an_edited_docx_naming_another_layout_is_another_layout(edited_docx: bytes) -> None:
    result = review_bytes(with_docx_layout(edited_docx, "0123456789ab"), "old.docx")
    assert result.source == "other-layout-reportgen-docx"
    assert result.edited is not None and result.edited.check.layout == "0123456789ab"
    assert "CP111" in {f.code for f in result.objections}


def test_an_edited_docx_naming_no_layout_is_edited_with_a_caveat(edited_docx: bytes) -> None:
    result = review_bytes(with_docx_layout(edited_docx, None), "older.docx")
    assert result.source == "edited-reportgen-docx"
    assert result.edited is not None and result.edited.check.layout is None
    assert "does not record which version of reportgen's layout printed it" in result.edited.explanation


def test_an_unedited_docx_naming_another_layout_is_exact(complete_docx: bytes) -> None:
    result = review_bytes(with_docx_layout(complete_docx, "0123456789ab"), "old-but-same.docx")
    assert result.source == "reportgen-docx" and result.edited is None


# --- a PDF carrying another case's data -----------------------------------------------------------


def test_pdf_with_a_swapped_case_json_is_not_reviewed_from_it(swapped_pdf: bytes) -> None:
    result = review_bytes(swapped_pdf, "swapped.pdf")
    assert result.source == "edited-reportgen-pdf"
    assert result.edited is not None and result.edited.check.status == EDITED
    assert result.edited.data_findings == []  # the attached data is of a complete case ...
    # ... the visible report has no concurrent plan: it is read as it would be without the data, and objected to.
    assert result.objections
    assert codes(result.findings) == codes(review_bytes(without_data_pdf(swapped_pdf), "plain.pdf").findings)
    assert result.edited.check.differences


def test_cli_exit_status_of_a_swapped_pdf_follows_the_text(swapped_pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "swapped.pdf"
    path.write_bytes(swapped_pdf)
    result = CliRunner().invoke(main, ["review", str(path), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["source"] == "edited-reportgen-pdf"


def test_a_pdf_naming_another_layout_is_another_layout_not_edited() -> None:
    pdf = swap_attachment((RENDERED / "02-no-concurrent-plan.pdf").read_bytes(), COMPLETE.read_bytes(),
                          layout="0123456789ab")
    result = review_bytes(pdf, "old.pdf")
    assert result.source == "other-layout-reportgen-pdf"
    assert result.edited is not None and result.edited.check.status == OTHER_LAYOUT
    assert result.edited.check.layout == "0123456789ab"
    assert "another version of reportgen's layout" in result.edited.headline
    assert "changed after" not in result.edited.headline


def test_a_pdf_naming_another_layout_whose_text_matches_is_exact() -> None:
    original = (RENDERED / "02-no-concurrent-plan.pdf").read_bytes()
    pdf = swap_attachment(original, json.dumps(read_json(NO_PLAN)).encode(), layout="0123456789ab")
    result = review_bytes(pdf, "old-but-same.pdf")
    assert result.source == "reportgen-pdf" and result.edited is None


def test_a_pdf_whose_text_was_edited_is_edited() -> None:
    """The other direction: the data kept, the visible report from another case."""
    complete_pdf = render_pdf(loaded(COMPLETE))
    pdf = swap_attachment(complete_pdf, json.dumps(read_json(NO_PLAN)).encode())
    result = review_bytes(pdf, "other.pdf")
    assert result.source == "edited-reportgen-pdf"
    assert result.edited is not None
    assert {f.code for f in result.edited.data_findings if f.severity == "object"} >= {"CP101"}


def test_a_pdf_whose_pages_cannot_be_read_is_not_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """check_pdf itself (it runs in the sandbox child); the page reader failing must not mean "matches"."""
    from reportgen.intake import pdftext
    from reportgen.review.edited import NOT_COMPARED, check_pdf

    data = (RENDERED / "01-complete-sibling-group.pdf").read_bytes()
    found = check_pdf(data)
    assert found is not None and found.matches

    def unreadable(*args: Any, **kwargs: Any) -> Any:
        raise pdftext.TextError("a stream expands to more than 32 MB")

    monkeypatch.setattr(pdftext, "pdf_text", unreadable)
    found = check_pdf(data)
    assert found is not None and found.status == NOT_COMPARED
    assert found.differences == ["the visible text could not be read to compare it with the data "
                                 "(a stream expands to more than 32 MB)"]


def test_a_pdf_carrying_invalid_case_data_is_refused_not_passed() -> None:
    invalid = b'{"schema_version": "1.0", "child": {"dob": "not a date"}}'
    pdf = swap_attachment((RENDERED / "02-no-concurrent-plan.pdf").read_bytes(), invalid)
    with pytest.raises(InvalidCase) as err:
        review_bytes(pdf, "invalid-data.pdf")
    assert any(path == "child.dob" for path, _ in err.value.problems)


def test_a_pdf_carrying_an_empty_case_is_read_from_its_text() -> None:
    pdf = swap_attachment(render_pdf(loaded(NO_PLAN)), b'{"schema_version": "1.0"}')
    result = review_bytes(pdf, "empty-data.pdf")
    assert result.source == "edited-reportgen-pdf"
    assert result.objections


# --- the web upload --------------------------------------------------------------------------------


@pytest.fixture
def web(tmp_path: Path) -> Iterator[tuple[FlaskClient, AuthActions]]:
    """The attorney logged in to a fresh SQLite wizard (the web tests run both databases; one is enough here)."""
    from reportgen.store import migrate

    url = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    migrate(url)
    app: Flask = make_app(url)
    store = get_store(app)
    with store.write() as session:
        store.create_user(session, "attorney", PASSWORD, "attorney", team="")
    client = app.test_client()
    auth = AuthActions(client)
    auth.login("attorney")
    yield client, auth
    store.dispose()


def upload(web: tuple[FlaskClient, AuthActions], data: bytes, name: str) -> Any:
    client, auth = web
    token = auth.csrf("/attorney/")
    response = client.post("/attorney/review", data={"csrf_token": token, "report": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")
    response.request.input_stream.close()
    if response.status_code == 303:  # the review is kept: its page
        return client.get(response.headers["Location"])
    return response


def test_attorney_page_shows_the_edit_box_with_differences_and_data(web: Any, edited_docx: bytes) -> None:
    response = upload(web, edited_docx, "edited.docx")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    box = re.search(r'<section class="notice edited.*?</section>', page, re.S)
    assert box, "no edited box on the page"
    text = html.unescape(re.sub(r"<[^>]+>", " ", box.group(0)))
    assert "This report was changed after reportgen produced it" in text
    assert "the report says 'legal guardianship.' where its data says 'adoption.'" in text
    assert "The data inside the file says" in text and "No finding" in text
    assert "whose text no longer matches its embedded case data" in page
    # The memo of the kept review mentions the edit.
    client, _ = web
    memo = client.get(f"{response.request.path}/memo/docx")
    assert memo.status_code == 200
    memo_text = "\n".join(p.text for p in docx.Document(io.BytesIO(memo.data)).paragraphs)
    assert "differs from the case data carried in the report file" in memo_text


def test_attorney_page_of_a_swapped_pdf_lists_the_data_findings(web: Any) -> None:
    # The other direction: a complete-looking report carrying a defective case's data.
    pdf = swap_attachment((RENDERED / "01-complete-sibling-group.pdf").read_bytes(), NO_PLAN.read_bytes())
    response = upload(web, pdf, "swapped.pdf")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    box = re.search(r'<section class="notice edited.*?</section>', page, re.S)
    assert box and "<strong>CP101</strong>" in box.group(0)


def test_an_unedited_upload_has_no_edit_box(web: Any) -> None:
    response = upload(web, (RENDERED / "04-caregiver-said-no.pdf").read_bytes(), "04.pdf")
    assert response.status_code == 200
    assert 'class="notice edited' not in response.get_data(as_text=True)


# --- naming the differences --------------------------------------------------------------------------


def test_differences_name_replacement_omission_and_addition() -> None:
    data = "The concurrent plan is adoption by the maternal aunt who has cared for them since October"
    printed = "The concurrent plan is guardianship by the maternal aunt who has cared for them since October too"
    listed, more = differences(printed, data)
    assert listed == [
        "the report says 'guardianship' where its data says 'adoption', near '…The concurrent plan is'",
        "the report says 'too', which its data does not, near '…has cared for them since October'",
    ] and more == 0
    listed, _ = differences("plan is by the aunt", "plan is adoption by the aunt")
    assert listed == ["the report leaves out 'adoption', which its data says, near '…plan is'"]
    assert differences("x plan", "plan")[0] == ["the report says 'x', which its data does not at the very start"]


def test_where_the_spaces_fall_and_repeated_headings_are_not_differences() -> None:
    assert verdict("the plan is adop tion", "the plan is adoption").status == MATCHES
    listed, _ = differences("a b c Step Who When d e", "a b c d e", repeatable=["Step Who When"])
    assert listed == []


def test_at_most_ten_differences_are_listed_and_the_rest_counted() -> None:
    data = " ".join(f"w{i} same{i}" for i in range(30))
    printed = " ".join(f"x{i} same{i}" for i in range(30))
    listed, more = differences(printed, data)
    assert len(listed) == 10 and more == 20
    assert listed[0].startswith("the report says 'x0' where its data says 'w0'")
    assert listed[1].endswith("near '…w0 same0'")  # in reading order


VOCABULARY = ["plan", "adoption", "aunt", "the", "child", "home", "is", "not", "court", "visits", "mother",
              "father", "sibling", "weekly", "school", "placed", "with", "since", "October", "report"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), min_size=3, max_size=20, unique=True), st.data())
def test_one_changed_word_is_named_exactly(text: list[str], data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(text) - 1))
    changed = [*text[:at], "guardianship", *text[at + 1:]]
    assert verdict(" ".join(text), " ".join(text)).status == MATCHES
    found = verdict(" ".join(changed), " ".join(text))
    assert found.status == EDITED
    assert len(found.differences) == 1
    assert found.differences[0].startswith(f"the report says 'guardianship' where its data says '{text[at]}'")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY[:4]), min_size=3, max_size=60), st.data())
def test_a_changed_word_among_repeated_ones_is_still_named(text: list[str], data: st.DataObject) -> None:
    # Repeated words make the alignment ambiguous; the change is still named, never lost.
    at = data.draw(st.integers(0, len(text) - 1))
    changed = [*text[:at], "guardianship", *text[at + 1:]]
    found = verdict(" ".join(changed), " ".join(text))
    assert found.status == EDITED
    assert any("guardianship" in d for d in found.differences)

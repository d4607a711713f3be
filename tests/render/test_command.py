"""``reportgen render``: each exit status of the contract, nothing half-written,
and template errors that name the file (and line) instead of a traceback."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner
from docx import Document

from reportgen.cli import main
from reportgen.cli import render as command
from reportgen.render.html import render_html
from reportgen.render.templates import ENV_VAR, TemplateError, default_template_dir, resolve_template_dir
from reportgen.schema import load_case
from tests.conftest import BASE_CASE, EXAMPLES, read_json

DRAFT_EXAMPLE = EXAMPLES / "02-no-concurrent-plan.json"


@pytest.fixture
def runner():
    return CliRunner()


def render(runner, *args):
    return runner.invoke(main, ["render", *map(str, args)])


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir())


def test_writes_the_report_and_exits_0(runner, tmp_path):
    out = tmp_path / "report.docx"
    result = render(runner, BASE_CASE, "--format", "docx", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"PK\x03\x04")
    assert leftovers(tmp_path) == ["report.docx"]


def test_format_follows_the_file_name(runner, tmp_path):
    out = tmp_path / "report.pdf"
    result = render(runner, BASE_CASE, "-o", out, "--as-of", "2026-11-19")
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


def test_invalid_case_exits_2_and_writes_nothing(runner, tmp_path):
    bad = read_json(BASE_CASE)
    bad["child"]["dob"] = "15/03/2020"
    bad["court"]["bogus"] = 1
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(bad), encoding="utf-8")
    out = tmp_path / "report.pdf"
    result = render(runner, source, "--format", "pdf", "-o", out)
    assert result.exit_code == 2
    assert "child.dob: is not a date; write it as YYYY-MM-DD" in result.output
    assert "court.bogus:" in result.output
    assert leftovers(tmp_path) == ["bad.json"]


def test_unreadable_input_exits_2(runner, tmp_path):
    result = render(runner, tmp_path / "missing.json", "--format", "docx", "-o", tmp_path / "x.docx")
    assert result.exit_code == 2
    assert "no such file" in result.output
    assert leftovers(tmp_path) == []


def test_final_with_objections_exits_1_lists_them_and_writes_nothing(runner, tmp_path):
    out = tmp_path / "final.docx"
    result = render(runner, DRAFT_EXAMPLE, "--format", "docx", "-o", out, "--final")
    assert result.exit_code == 1
    assert "CP101" in result.output and "nothing was written" in result.output
    assert leftovers(tmp_path) == []


def test_final_without_objections_is_written(runner, tmp_path):
    out = tmp_path / "final.docx"
    result = render(runner, BASE_CASE, "--format", "docx", "-o", out, "--final")
    assert result.exit_code == 0, result.output
    assert "DRAFT" not in Document(str(out)).sections[0].header.paragraphs[0].text


def test_draft_is_written_with_its_mark(runner, tmp_path):
    out = tmp_path / "draft.docx"
    result = render(runner, DRAFT_EXAMPLE, "--format", "docx", "-o", out)
    assert result.exit_code == 0, result.output
    assert "draft: 2 objections outstanding" in result.output
    header = Document(str(out)).sections[0].header.paragraphs[0].text
    assert "DRAFT — 2 objections outstanding" in header


def test_failure_while_writing_leaves_the_old_file_and_no_temp(runner, tmp_path, monkeypatch):
    out = tmp_path / "report.docx"
    out.write_bytes(b"previous version")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(command.os, "replace", broken_replace)
    result = render(runner, BASE_CASE, "--format", "docx", "-o", out)
    assert result.exit_code == 2
    assert "cannot be written: No space left on device" in result.output
    assert out.read_bytes() == b"previous version"
    assert leftovers(tmp_path) == ["report.docx"]


def test_failure_while_rendering_writes_nothing(runner, tmp_path, monkeypatch):
    import reportgen.render.docx as docx_module

    def explode(*args, **kwargs):
        raise TemplateError(default_template_dir() / "report.docx", "simulated failure midway")

    monkeypatch.setattr(docx_module, "render_docx", explode)
    result = render(runner, BASE_CASE, "--format", "docx", "-o", tmp_path / "r.docx")
    assert result.exit_code == 2
    assert "simulated failure midway" in result.output
    assert leftovers(tmp_path) == []


def test_unknown_format_and_missing_folder_exit_2(runner, tmp_path):
    assert render(runner, BASE_CASE, "-o", tmp_path / "report.txt").exit_code == 2
    result = render(runner, BASE_CASE, "--format", "pdf", "-o", tmp_path / "no" / "such" / "r.pdf")
    assert result.exit_code == 2 and "does not exist" in result.output


# --- templates -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_jinja_syntax_error_names_file_and_line(runner, county, tmp_path, fmt):
    if fmt == "pdf":
        lines = (county / "report.html").read_text(encoding="utf-8").splitlines()
        lines.insert(9, "{% if caption.court %}unclosed {{ caption.court }")
        (county / "report.html").write_text("\n".join(lines), encoding="utf-8")
        broken, where = county / "report.html", "line 10"
    else:
        doc = Document(str(county / "report.docx"))
        doc.add_paragraph("{% for x in %}")
        doc.save(str(county / "report.docx"))
        broken, where = county / "report.docx", "in the paragraph reading: '{% for x in %}'"
    out = tmp_path / f"report.{fmt}"
    result = render(runner, BASE_CASE, "--format", fmt, "-o", out, "--template-dir", county)
    assert result.exit_code == 2
    assert str(broken) in result.output and where in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_template_runtime_error_names_file_and_line(county):
    path = county / "report.html"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(9, "{{ caption.no_such_thing.deeper }}")
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(TemplateError) as err:
        render_html(load_case(read_json(BASE_CASE)), county)
    assert err.value.path == path and err.value.line == 10
    assert "does not provide" in str(err.value)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_template_error_does_not_quote_case_data(runner, county, tmp_path, fmt):
    # A KeyError's message is the missing key: here the case number (WIC §827).
    code = '{{ ("%(" ~ caption.rows[0].value ~ ")s") % {} }}'
    if fmt == "pdf":
        lines = (county / "report.html").read_text(encoding="utf-8").splitlines()
        lines.insert(9, code)
        (county / "report.html").write_text("\n".join(lines), encoding="utf-8")
    else:
        doc = Document(str(county / "report.docx"))
        doc.add_paragraph(code)
        doc.save(str(county / "report.docx"))
    out = tmp_path / f"report.{fmt}"
    result = render(runner, BASE_CASE, "--format", fmt, "-o", out, "--template-dir", county)
    assert result.exit_code == 2
    assert "failed while rendering (KeyError)" in result.output
    assert "JV-2026-004817" not in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_missing_template_file_is_named(runner, county, tmp_path):
    (county / "report.css").unlink()
    result = render(runner, BASE_CASE, "--format", "pdf", "-o", tmp_path / "r.pdf", "--template-dir", county)
    assert result.exit_code == 2
    assert f"{county / 'report.css'}: is missing from the template folder" in result.output


def test_template_dir_that_is_not_a_folder(runner, tmp_path):
    result = render(runner, BASE_CASE, "-o", tmp_path / "r.docx", "--template-dir", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "is not a folder (from --template-dir)" in result.output


def test_environment_variable_chooses_the_template_folder(county, monkeypatch):
    html = (county / "report.html").read_text(encoding="utf-8")
    (county / "report.html").write_text(html.replace("<main>", "<main><p>County of Example layout</p>"),
                                        encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(county))
    assert resolve_template_dir() == county.resolve()
    assert resolve_template_dir(default_template_dir()) == default_template_dir().resolve()
    assert "County of Example layout" in render_html(load_case(read_json(BASE_CASE)))
    monkeypatch.delenv(ENV_VAR)
    assert "County of Example layout" not in render_html(load_case(read_json(BASE_CASE)))


def test_written_file_is_private_to_its_owner(runner, tmp_path):
    out = tmp_path / "report.docx"
    assert render(runner, BASE_CASE, "-o", out).exit_code == 0
    assert os.stat(out).st_mode & 0o077 == 0

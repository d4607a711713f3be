"""Shared renders for the rendering tests.

Rendering is the slow part, so every example (and the hostile "user text is
data" case) is rendered ONCE per session, to PDF and DOCX, and every DOCX is
converted by ONE LibreOffice call. Tests read these fixtures and never render
the same thing twice.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from reportgen.case import Case
from reportgen.render.context import build_context
from reportgen.render.docx import render_docx
from reportgen.render.pdf import render_pdf
from reportgen.rules.examples import apply_overlay
from reportgen.schema import load_case
from tests.conftest import BASE_CASE, EXAMPLES, read_json

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))
EXAMPLE_NAMES = [p.stem for p in EXAMPLE_FILES]
HOSTILE = "hostile-user-text"

# --- the hostile case: user text that must come out as data -----------------------

RLO = "\u202e"
NAMES = {
    "vietnamese": "Nguyễn Thị Phương",
    "chinese": "王小明",
    "armenian": "Անի Հակոբյան",
    "russian": "Алексей Смирнов",
    "arabic": "ليلى حسن",
    "tagalog": "Maria Dela Cruz",
}
INJECTIONS = {
    "jinja_expr": "{{ 7*7 }}",
    "jinja_block": "{% for x in y %}",
    "script": "<script>alert(1)</script>",
    "wordml": "</w:t><w:t>",
    "entity": "&amp;",
    "emoji": "Sofía 🙂 👍 ☕",
}
#: Text after the override character shows reversed in a PDF (that is what
#: U+202E asks for); the words before it, and anything set after the value,
#: must be untouched.
RLO_VALUE = f"Marisol {RLO}Quintero"
URLS_IN_TEXT = '<img src="http://example.invalid/x.png"> file:///etc/passwd <img src="file:///etc/passwd">'


def hostile_case() -> dict[str, Any]:
    """The complete example with names and narratives a template must not interpret."""
    overlay = {
        "child": {
            "name": NAMES["vietnamese"],
            "child_statement": f"She said {INJECTIONS['jinja_expr']} and {INJECTIONS['jinja_block']} "
                               f"and {INJECTIONS['script']}.",
            "wishes": f"To stay with {NAMES['tagalog']} {INJECTIONS['emoji']}.",
        },
        "parents": {
            0: {"name": NAMES["chinese"], "prior_services_offered": f"Split {INJECTIONS['wordml']} here {INJECTIONS['entity']} there."},
            1: {"name": RLO_VALUE},
        },
        "placement": {"caregiver": {"name": NAMES["tagalog"]}},
        "siblings": {0: {"name": NAMES["armenian"]}},
        "relatives": {"people": {0: {"name": NAMES["russian"]}, 1: {"name": NAMES["arabic"]}}},
        "summary": f"Links in user text are text: {URLS_IN_TEXT}",
    }
    return apply_overlay(read_json(BASE_CASE), overlay)


# --- rendering --------------------------------------------------------------------------


@dataclass
class Rendered:
    name: str
    raw: dict[str, Any]
    case: dict[str, Any]
    as_of: dt.date | None
    context: dict[str, Any]
    pdf: bytes
    docx: bytes
    files: dict[str, Path] = field(default_factory=dict)
    office_text: str = ""  # the DOCX as LibreOffice lays it out, through pdftotext


def as_of_for(case: dict[str, Any]) -> dt.date | None:
    """Render examples as of their report date, so timelines are reproducible."""
    return Case(case).report_date


def render_one(name: str, raw: dict[str, Any]) -> Rendered:
    case = load_case(copy.deepcopy(raw))
    as_of = as_of_for(case)
    return Rendered(
        name=name, raw=raw, case=case, as_of=as_of, context=build_context(case, as_of),
        pdf=render_pdf(case, as_of=as_of), docx=render_docx(case, as_of=as_of),
    )


def pdftotext(path: Path, *args: str) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(path), "-"],
                         capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def pages_text(path: Path) -> list[str]:
    """Text per page (pdftotext separates pages with form feeds)."""
    pages = pdftotext(path).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def flat(text: str) -> str:
    """Whitespace collapsed, so a fact wrapped over two lines still reads as one
    (a line broken after a hyphen joins without a space)."""
    text = re.sub(r"(?<=\w-)[ \t]*\n\s*", "", text.replace("\u00ad", ""))
    return re.sub(r"\s+", " ", text).strip()


def office_convert(docx_files: list[Path], out_dir: Path, profile: Path) -> None:
    """Convert DOCX files to PDF (``out_dir/<stem>.pdf``) with ONE LibreOffice
    run on its own profile (parallel runs on one profile collide)."""
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, docx_files)],
        capture_output=True, check=True, timeout=240,
    )


@pytest.fixture(scope="session")
def render_dir() -> Path:
    with tempfile.TemporaryDirectory(prefix="reportgen-render-tests-") as folder:
        yield Path(folder)


@pytest.fixture(scope="session")
def rendered(render_dir: Path) -> dict[str, Rendered]:
    """Every example and the hostile case, rendered once, written to a private folder,
    and every DOCX converted to PDF by one LibreOffice run with its own profile."""
    out: dict[str, Rendered] = {}
    for path in EXAMPLE_FILES:
        out[path.stem] = render_one(path.stem, read_json(path))
    out[HOSTILE] = render_one(HOSTILE, hostile_case())
    docx_dir, office_dir = render_dir / "docx", render_dir / "office"
    docx_dir.mkdir()
    for r in out.values():
        r.files["pdf"] = render_dir / f"{r.name}.pdf"
        r.files["pdf"].write_bytes(r.pdf)
        r.files["docx"] = docx_dir / f"{r.name}.docx"
        r.files["docx"].write_bytes(r.docx)
    office_convert([r.files["docx"] for r in out.values()], office_dir, render_dir / "lo-profile")
    for r in out.values():
        r.files["office"] = office_dir / f"{r.name}.pdf"
        r.office_text = pdftotext(r.files["office"])
    return out


@pytest.fixture(scope="session")
def examples(rendered: dict[str, Rendered]) -> list[Rendered]:
    return [rendered[n] for n in EXAMPLE_NAMES]

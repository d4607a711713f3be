"""Bidi spoofing: no direction control or right-to-left letter in a
user value can reorder the words outside that value, in any output.

The report (HTML, PDF, DOCX), the objection memo (DOCX, PDF), the intake index
and the web pages that show case values. The in-process outputs are checked
over generated values (Hypothesis) holding every explicit direction control
(RLO LRO RLE LRE PDF RLI LRI FSI PDI) and the marks (ALM RLM LRM), Hebrew,
Arabic and Arabic-Indic digits, across line breaks; the PDFs (WeasyPrint and
LibreOffice) on a few fixed cases, by the order in which their text reads.

"Cannot reorder" is judged two ways: structurally (in every text node,
attribute and Word paragraph, the text outside isolates holds no right-to-left
letter and no control, and every isolate is closed on its own line) and by the
Unicode Bidirectional Algorithm itself, as fribidi (the library Pango lays
WeasyPrint's text out with) implements it.
"""

from __future__ import annotations

import copy
import ctypes
import ctypes.util
import html
import io
import re
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from reportgen.render import bidi
from reportgen.render.context import build_context
from reportgen.render.docx import render_docx
from reportgen.render.html import html_from_context
from reportgen.render.pdf import render_pdf
from reportgen.render.templates import default_template_dir
from reportgen.schema import load_case
from tests.conftest import BASE_CASE, read_json
from tests.render.conftest import office_convert, pdftotext

RLO, LRO, RLE, LRE, PDF = "\u202e", "\u202d", "\u202b", "\u202a", "\u202c"
RLI, LRI, FSI, PDI = "\u2067", "\u2066", "\u2068", "\u2069"
ALM, RLM, LRM = "\u061c", "\u200f", "\u200e"
CONTROLS = RLO + LRO + RLE + LRE + PDF + RLI + LRI + FSI + PDI + ALM + RLM + LRM
#: Bidirectional classes that can move text other than their own (UAX #9).
REORDERING = {"R", "AL", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
INITIATORS = {"LRI", "RLI", "FSI"}
#: Bidirectional class B: ends a paragraph (a line of a narrative).
PARAGRAPH = re.compile("[\n\r\x1c\x1d\x1e\x85\u2029]")

_chars = st.sampled_from([*CONTROLS, *"Ab9 -().", "א", "ב", "ل", "ي", "\u0661"])
_piece = st.text(_chars, max_size=10)
#: A value with at least one direction control, sometimes over several lines.
VALUES = st.tuples(_piece, st.sampled_from(CONTROLS), _piece, st.sampled_from(["", "\n"]), _piece).map("".join)
SETTINGS = settings(max_examples=30, deadline=None)


# --- the Unicode Bidirectional Algorithm, by fribidi -----------------------------------

_FRIBIDI = ctypes.CDLL(ctypes.util.find_library("fribidi") or "libfribidi.so.0")
_FRIBIDI.fribidi_get_par_embedding_levels_ex.restype = ctypes.c_int8
_PAR_LTR = 0x110  # FRIBIDI_PAR_LTR


def levels(paragraph: str) -> list[int]:
    """The embedding level of each character of one paragraph set left to right."""
    n = len(paragraph)
    chars = (ctypes.c_uint32 * n)(*map(ord, paragraph))
    types, brackets = (ctypes.c_uint32 * n)(), (ctypes.c_uint32 * n)()
    out = (ctypes.c_int8 * n)()
    base = ctypes.c_uint32(_PAR_LTR)
    _FRIBIDI.fribidi_get_bidi_types(chars, n, types)
    _FRIBIDI.fribidi_get_bracket_types(chars, n, types, brackets)
    assert _FRIBIDI.fribidi_get_par_embedding_levels_ex(types, brackets, n, ctypes.byref(base), out) > 0
    return list(out)


def visual(paragraph: str) -> str:
    """``paragraph`` in the order it is displayed (UAX #9 L2: from the highest
    level down, every run at that level or higher is reversed)."""
    if not paragraph:
        return ""
    lv = levels(paragraph)
    order = list(range(len(paragraph)))
    for level in range(max(lv), 0, -1):
        i = 0
        while i < len(order):
            if lv[order[i]] >= level:
                j = i
                while j < len(order) and lv[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return "".join(paragraph[i] for i in order)


def lines(text: str) -> list[str]:
    return PARAGRAPH.split(text)


def displayed(text: str) -> list[str]:
    """Each line of ``text`` as displayed, without the invisible controls."""
    return [visual(line).translate(dict.fromkeys(map(ord, CONTROLS))) for line in lines(text)]


# --- the structural check ---------------------------------------------------------------


def outside_isolates(line: str) -> str:
    """The characters of one line that are not inside a closed isolate; fails
    if an isolate stays open at the end of the line (it would swallow the
    words after the value)."""
    depth, out = 0, []
    for ch in line:
        kind = unicodedata.bidirectional(ch)
        if kind in INITIATORS:
            depth += 1
        elif kind == "PDI" and depth:
            depth -= 1
        elif depth == 0:
            out.append(ch)
    assert depth == 0, f"an isolate is left open in {line!r}"
    return "".join(out)


def assert_isolated(text: str, where: str) -> None:
    """Everything in ``text`` that could reorder its neighbours sits inside an isolate."""
    for line in lines(text):
        loose = [ch for ch in outside_isolates(line) if unicodedata.bidirectional(ch) in REORDERING]
        assert not loose, f"{where}: {loose!r} outside any isolate in {line!r}"


# --- the isolate itself -----------------------------------------------------------------


@SETTINGS
@given(VALUES)
def test_an_isolated_value_cannot_move_the_words_around_it(value):
    text = "Case " + bidi.isolate(value) + " (filed) end."
    shown = displayed(text)
    assert shown[0].startswith("Case ")
    assert shown[-1].endswith(" (filed) end.")
    assert_isolated(text, "isolate()")


@SETTINGS
@given(VALUES, VALUES)
def test_an_isolated_value_inside_an_isolated_phrase(name, number):
    """The context builder isolates a name inside a phrase ("Name — Mother"),
    the template then isolates the whole phrase: both hold."""
    phrase = bidi.isolate("In re " + bidi.isolate(name) + " — " + bidi.isolate(number) + " — Mother")
    text = "Header: " + phrase + ", filed."
    shown = displayed(text)
    assert shown[0].startswith("Header: In re ")
    assert shown[-1].endswith(" — Mother, filed.")
    assert_isolated(text, "nested")


def test_the_issue_example():
    """An override in the case number reverses the rest of its own value (that
    is what U+202E asks for; H4's schema refuses it in identifiers) and no more."""
    value = "JV-\u202e123-999"
    assert displayed("Case No. " + value + " (filed today) end.") == ["Case No. JV-.dne )yadot delif( 999-321"]
    assert displayed("Case No. " + bidi.isolate(value) + " (filed today) end.") == [
        "Case No. JV-999-321 (filed today) end."]


def test_a_stray_pop_cannot_end_the_isolate_early():
    value = f"JV-{PDI}{RLO}123-999"
    bare = visual(f"Case {FSI}{value}{PDI} (filed) end.")
    assert bare.endswith("999-321"), "without balancing, the override runs on past the value"
    assert visual(f"Case {bidi.isolate(value)} (filed) end.").endswith(" (filed) end.")


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(max_codepoint=0x58F, exclude_categories=("Cs",)), max_size=30))
def test_text_that_cannot_reorder_is_left_alone(text):
    """Latin, Greek, Cyrillic and Armenian text (below the Hebrew block) and
    the names of the other scripts the report is tested with print unchanged."""
    assert bidi.isolate(text) == text
    for name in ("Nguyễn Thị Phương", "王小明", "Անի Հակոբյան", "Sofía 🙂 👍 ☕"):
        assert bidi.isolate(name) == name


def test_every_reordering_character_is_recognised():
    """The module's character class is checked against every code point's class."""
    missed = [f"U+{cp:04X}" for cp in range(0x110000)
              if unicodedata.bidirectional(chr(cp)) in REORDERING and not bidi.needs_isolation(chr(cp))]
    assert not missed


# --- the report: HTML and DOCX, in process --------------------------------------------

#: Where a value lands in the report: the caption, the running header and the
#: title (case number, child), headings with a role after the name (parents),
#: table lines (siblings), facts, narratives, the signature block, an attribute
#: (the author). The schema refuses controls in identifiers, so
#: the values are set in the loaded (2.0) case: what an old file or foreign data may hold.
CHILD = ("children", 0)
PATHS = (
    ("court", "case_number"), (*CHILD, "name"), ("parents", 0, "name"), ("parents", 1, "name"),
    (*CHILD, "siblings", 0, "name"), (*CHILD, "placement", "caregiver", "name"), ("relatives", "people", 1, "name"),
    ("parents", 0, "reunification", "services", 0, "service"), ("summary",), (*CHILD, "wishes"),
    ("social_worker", "name"),
)


@pytest.fixture(scope="module")
def base_case() -> dict[str, Any]:
    return load_case(read_json(BASE_CASE))


def with_values(base: dict[str, Any], values: list[str]) -> dict[str, Any]:
    case = copy.deepcopy(base)
    for path, value in zip(PATHS, values, strict=True):
        target = case
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return case


class _Skeleton(HTMLParser):
    """The tags and attribute names of a page, and its text nodes and attribute values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.texts: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(f"<{tag} {' '.join(name for name, _ in attrs)}>")
        self.texts += [value for _, value in attrs if value]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(f"</{tag}>")
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.texts.append(data)


def skeleton(page: str) -> _Skeleton:
    parser = _Skeleton()
    parser.feed(page)
    parser.close()
    return parser


def report_html(case: dict[str, Any]) -> str:
    return html_from_context(build_context(case, case["court"]["report_date"]), default_template_dir())


@pytest.fixture(scope="module")
def plain_tags(base_case) -> list[str]:
    return skeleton(report_html(with_values(base_case, [f"Plain {i}" for i in range(len(PATHS))]))).tags


@SETTINGS
@given(st.lists(VALUES, min_size=len(PATHS), max_size=len(PATHS)))
def test_report_html_isolates_every_value_and_keeps_its_markup(base_case, plain_tags, values):
    page = report_html(with_values(base_case, values))
    parsed = skeleton(page)
    assert parsed.tags == plain_tags, "a value changed the page's markup"
    for text in parsed.texts:
        assert_isolated(text, "report HTML")
    printed = visible(html.unescape(page))
    for value in values:  # every value is printed, with its own characters
        assert visible(value) in printed


def visible(text: str) -> str:
    return "".join(ch for ch in text if ch not in CONTROLS and not ch.isspace())


def docx_paragraphs(data: bytes) -> dict[str, list[str]]:
    """The text of every paragraph of the body, headers and footers (a line break as a newline)."""
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    out: dict[str, list[str]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name):
                root = etree.fromstring(z.read(name))
                out[name] = [
                    "".join(e.text or "" if e.tag == f"{ns}t" else "\n" for e in p.iter(f"{ns}t", f"{ns}br"))
                    for p in root.iter(f"{ns}p")
                ]
    return out


@SETTINGS
@given(st.lists(VALUES, min_size=len(PATHS), max_size=len(PATHS)))
def test_report_docx_isolates_every_value_in_body_headers_and_footers(base_case, values):
    case = with_values(base_case, values)
    parts = docx_paragraphs(render_docx(case, as_of=case["court"]["report_date"]))
    assert "word/document.xml" in parts and any(k.startswith("word/header") for k in parts)
    for name, paragraphs in parts.items():
        for text in paragraphs:
            assert_isolated(text, name)
    header = "".join(t for k, ps in parts.items() if k.startswith("word/header") for t in ps)
    assert FSI in header, "the running header carries the child's name and case number, isolated"


# --- the PDFs: WeasyPrint and LibreOffice -------------------------------------------------

NAME = f"Ana {RLO}Ruiz"                     # an override left open at the end of the child's name
PARENT = f"JV-{PDI}{RLO}123-999"            # the issue's example, with a stray PDI, as a parent's name
NARRATIVE = f"First {RLE}line\nSecond {RLI}line"  # an embedding and an isolate left open, over two lines


@pytest.fixture(scope="module")
def spoofed(base_case, tmp_path_factory) -> dict[str, Any]:
    """One case with a spoofing value in the case number, the child's name, a
    parent's name and the summary, rendered to PDF, and to DOCX converted by LibreOffice."""
    case = copy.deepcopy(base_case)
    case["court"]["case_number"] = "JV-\u202e123-999"
    case["children"][0]["name"] = NAME
    case["parents"][1]["name"] = PARENT
    case["summary"] = NARRATIVE
    folder = tmp_path_factory.mktemp("bidi")
    (folder / "report.pdf").write_bytes(render_pdf(case, as_of=case["court"]["report_date"]))
    (folder / "report.docx").write_bytes(render_docx(case, as_of=case["court"]["report_date"]))
    office_convert([folder / "report.docx"], folder / "office", folder / "profile")
    return {"case": case, "weasyprint": folder / "report.pdf", "libreoffice": folder / "office" / "report.pdf"}


def shown(text: str) -> str:
    """Text with direction controls and all whitespace removed: LibreOffice
    sets a value's isolate as its own run and pdftotext -raw then breaks the
    line or drops the space beside it, but never changes the characters' order."""
    return re.sub(r"\s+", "", text.translate(dict.fromkeys(map(ord, CONTROLS))))


def pages(pdf: Path) -> list[str]:
    """Each page's characters in the order their glyphs are drawn (pdftotext
    -raw does not reorder right-to-left runs, so this is the displayed order)."""
    return [shown(page) for page in pdftotext(pdf, "-raw").split("\f") if page.strip()]


@pytest.mark.parametrize("renderer", ["weasyprint", "libreoffice"])
def test_pdf_reads_in_order_after_each_value(spoofed, renderer):
    """The override reverses the rest of its own value and nothing after it."""
    text = "".join(pages(spoofed[renderer]))
    assert "JV-999-321—Presumedfather" in text  # the parent's role follows the name
    assert "rehtaf" not in text
    assert "InreAnaziuRAchildcomingunderthejuvenilecourtlaw" in text  # the caption
    assert "CasenumberJV-999-321ChildAnaziuRHearing" in text  # label, spoofed number, the next row
    assert "SummaryFirstlineSecondline" in text  # an embedding and an isolate left open, each line in order


@pytest.mark.parametrize("renderer", ["weasyprint", "libreoffice"])
def test_running_header_reads_in_order_on_every_page(spoofed, renderer):
    """The running header: the child's name, then the case number (WeasyPrint
    fills it from an attribute through string-set, Word from the header part)."""
    every = pages(spoofed[renderer])
    assert len(every) > 5
    for page in every:
        assert "InreAnaziuR—JV-999-321" in page


# --- the memo -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def memo(spoofed, tmp_path_factory) -> dict[str, Any]:
    from reportgen.review import ReviewResult
    from reportgen.review.memo import build, to_docx, to_pdf
    from reportgen.rules import check

    case = spoofed["case"]
    result = ReviewResult(
        source="case-json", label=f"report-{RLO}fdp.exe", case=case, findings=list(check(case)), elements=[],
        caption={"child": NAME, "case_number": case["court"]["case_number"], "hearing_date": "2026-11-24",
                 "county": f"Sacra{RLO}mento", "department": f"Dept. {RLI}95"},
    )
    parts = build(result)
    folder = tmp_path_factory.mktemp("memo")
    (folder / "memo.pdf").write_bytes(to_pdf(parts))
    docx = to_docx(parts)
    return {"docx": docx, "pdf": folder / "memo.pdf"}


def test_memo_docx_isolates_every_value(memo):
    parts = docx_paragraphs(memo["docx"])
    texts = [t for ps in parts.values() for t in ps]
    for text in texts:
        assert_isolated(text, "memo DOCX")
    assert any(f"In re {FSI}{NAME}{PDF}{PDI}, a person coming under the juvenile court law." == t for t in texts)


def test_memo_pdf_reads_in_order(memo):
    text = "".join(pages(memo["pdf"]))
    assert "InreAnaziuR,apersoncomingunderthejuvenilecourtlaw.CaseNo.JV-999-321" in text
    assert "Hearing:2026-11-24;Dept.95" in text
    assert "report-exe.pdf" not in text  # a filing names no uploaded file


# --- the clerk's intake index (HTML page) ------------------------------------------------


class _BdiPlacement(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.loose: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += tag == "bdi"

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "bdi"

    def handle_data(self, data: str) -> None:
        if self.depth == 0 and any(unicodedata.bidirectional(ch) in REORDERING for ch in data):
            self.loose.append(data)


@SETTINGS
@given(st.lists(VALUES, min_size=5, max_size=5))
def test_intake_index_sets_every_value_from_a_file_in_bdi(values):
    from reportgen.intake.index import render_html

    file, number, initials, date, reason = values
    row = {"file": file, "digest": "ab" * 32, "case_number": number, "child_initials": initials,
           "hearing_date": date, "result": "fail", "reasons": f"text_matches_data: the PDF says '{reason}'"}
    parser = _BdiPlacement()
    parser.feed(render_html([row]))
    parser.close()
    assert not parser.loose


# --- the clerk's comparison of the visible text with the case data -----------------------


def test_isolating_characters_do_not_break_the_clerks_word_comparison(base_case):
    """The report adds FSI/PDI/PDF around values (and users type marks such as
    LRM): none of them prints, so the clerk's check must not count them as text.
    (A value whose override or right-to-left letters reverse its own display is
    still reported as differing: the PDF's text is in displayed order.)"""
    from reportgen.intake import verify_bytes

    case = copy.deepcopy(base_case)
    case["children"][0]["name"] = f"Ana {LRM}Ruiz"
    case["summary"] = f"Plain {LRE}embedded{PDF} text, an {LRI}isolate{PDI} and a stray {PDI} pop."
    pdf = render_pdf(case, as_of=case["court"]["report_date"])
    result = verify_bytes(pdf, "report.pdf")
    check = next(c for c in result.checks if c.name == "text_matches_data")
    assert check.status == "pass", check.reason

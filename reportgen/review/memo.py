"""The objection memo: what the child's attorney files against a disposition report.

The memo reads as a filing. It opens with the attorney's block (name, State
Bar number, office, telephone) and the caption (the court; "In re" every child
the report covers; the case number and the document's title), then numbered
objections in prose: what is wrong, the authority, the report's own words
(with page and paragraph) or what it is silent on, and the order counsel asks
for (texts per rule in ``memo_requests.yml``). Rule codes, field paths and
internal draft numbers never appear in the body: the codes behind each
objection are listed in an appendix, for counsel, which may be removed.

Which findings become objections is the caller's choice (:func:`build`'s
``findings``): on the web page, the attorney's confirmed ones and the rule
catalogue's exact ones; from the command line, all of them, with a drafting
note when some were read from text and not yet confirmed.

The memo is built once as a plain structure and written as an editable DOCX
(python-docx) or a PDF (WeasyPrint, from HTML made of the same parts), so the
two formats cannot say different things. Every value taken from the report is
a bidirectional isolate (:func:`reportgen.render.bidi.isolate`) and is written
as text, never markup: python-docx escapes XML, the HTML is escaped here.
"""

from __future__ import annotations

import html
import io
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from reportgen.case import value_at
from reportgen.render.bidi import isolate
from reportgen.review.caption import child_names, joined
from reportgen.review.heuristics import HeuristicFinding

if TYPE_CHECKING:
    from reportgen.review import ReviewResult
    from reportgen.rules.base import Finding

FORMATS = ("docx", "pdf")
CONFIDENTIAL = "CONFIDENTIAL: juvenile case file material (Welf. & Inst. Code § 827)"
BLANK = "____________________"
#: Prefixes of a rule's message that name its authority, which the objection states on its own.
_AUTHORITY_PREFIX = re.compile(r"^(?:CEB §\s?12\.47|Practice):\s*")


class MemoError(Exception):
    """The memo cannot be written (unknown format, unwritable path)."""


@lru_cache(maxsize=1)
def _requests() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (resources.files("reportgen.review") / "memo_requests.yml").read_text(encoding="utf-8")
    )
    return data


def requested_order(code: str) -> str:
    """The order the attorney asks for on a finding of this code (from YAML)."""
    data = _requests()
    text = str(data.get("requests", {}).get(code) or data["default"])
    return f"Minor's counsel asks the Court to order {text}"


@dataclass
class Attorney:
    """The attorney block; a blank field prints as a line to fill in."""

    name: str = ""
    bar_number: str = ""
    office: str = ""
    phone: str = ""
    email: str = ""

    def lines(self, role: str) -> list[str]:
        out = [self.name or BLANK, f"State Bar No. {self.bar_number or BLANK}"]
        out += [line.strip() for line in self.office.splitlines() if line.strip()] or [BLANK]
        out.append(f"Telephone: {self.phone or BLANK}")
        if self.email:
            out.append(f"E-mail: {self.email}")
        out.append(role)
        return [isolate(line) for line in out]


@dataclass
class Objection:
    """One numbered objection, in prose; ``code`` and ``rule`` go to the appendix only."""

    number: int
    ground: str
    citation: str
    passage: str
    order: str
    code: str = ""
    rule: str = ""


@dataclass
class Memo:
    attorney: list[str]
    court: list[str]
    in_re: str
    case_lines: list[str]
    title: str
    intro: list[str]
    objections: list[Objection] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    drafting: list[str] = field(default_factory=list)

    @property
    def appendix(self) -> list[tuple[str, str, str, str]]:
        """(objection, rule code, rule, authority) for counsel's reference."""
        return [(str(o.number), o.code, o.rule, o.citation) for o in self.objections]


# --- the prose ------------------------------------------------------------------------------------


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _subject(path: str) -> str:
    """A field in words ("efforts toward another home that could be permanent (concurrent plan)"), never its path."""
    from reportgen.render.words import label

    path = re.sub(r"^children\[\d*\]\.", "", path)  # a child's own field reads as in a one-child report
    text = label(path)
    if "." in text or "_" in text:  # no label: the last part of the path, in words
        text = re.sub(r"\[\d*\]", "", path).rsplit(".", 1)[-1].replace("_", " ")
    group = re.sub(r"\[\d*\]", "", path).split(".")[0].replace("_", " ")
    text = _lower_first(text)
    return text if group in text.lower() else f"{text} ({group})"


def _said(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _where(finding: HeuristicFinding) -> str:
    location = finding.location if finding.location and not finding.location.startswith("page ") else ""
    parts = [f"page {finding.page}" if finding.page else "", isolate(location) if location else ""]
    text = ", ".join(p for p in parts if p)
    return f"At {text}, the" if text else "The"


def silent_on(code: str) -> str | None:
    """What a report is silent on when a finding of this code quotes nothing (from YAML)."""
    text = _requests().get("silent", {}).get(code)
    return str(text) if text else None


def passage_text(result: ReviewResult, finding: Finding | HeuristicFinding) -> str:
    """The report's own words the objection rests on, or what the report is silent on."""
    from reportgen.case import blank

    if isinstance(finding, HeuristicFinding):
        if finding.passage:
            return f"{_where(finding)} report states: “{isolate(finding.passage)}”"
        subject = silent_on(finding.code)
        return f"The report is silent on {subject}." if subject else "The report is silent on this point."
    said, silent = [], []
    for path in finding.fields:
        value = value_at(result.case, path) if result.case is not None else None
        if blank(value) or isinstance(value, (dict, list)):
            silent.append(_subject(path))
        else:
            said.append(f"as to {_subject(path)}, “{isolate(_said(value))}”")
    parts = []
    if said:
        parts.append("The report states " + "; ".join(said) + ".")
    if silent:
        parts.append(f"The report is silent on {joined(silent)}.")
    return " ".join(parts) or "The report is silent on this point."


def _children_of(finding: Finding | HeuristicFinding) -> list[str]:
    if isinstance(finding, HeuristicFinding) and finding.child:
        return [finding.child]
    return [str(c) for c in getattr(finding, "children", ()) or ()]


def ground_text(finding: Finding | HeuristicFinding, several: bool) -> str:
    """The rule's message as the objection's first sentence, naming the child in a report on several."""
    text = _AUTHORITY_PREFIX.sub("", finding.message)
    text = text[:1].upper() + text[1:]
    kids = _children_of(finding)
    if several and kids:
        text = text.removesuffix(f" (for {joined(kids)})")  # the rule's own note of the child, said up front here
        text = f"As to {isolate(joined(kids))}: {text}"
    return isolate(text)


# --- the memo -------------------------------------------------------------------------------------


def build(result: ReviewResult, findings: Sequence[Finding | HeuristicFinding] | None = None,
          attorney: Attorney | None = None) -> Memo:
    """The memo's parts, from ``findings`` (all of the result's when None)."""
    chosen = list(result.findings if findings is None else findings)
    c = {key: isolate(value) if isinstance(value, str) else value for key, value in result.caption.items()}
    names = [isolate(n) for n in child_names(result.caption)]
    several = len(names) > 1
    court = c.get("court") or (f"Superior Court of California, County of {c['county']}" if c.get("county")
                               else f"Superior Court of California, County of {BLANK}")
    children = joined(names) if names else BLANK
    in_re = (f"In re {children}, persons coming under the juvenile court law." if several
             else f"In re {children}, a person coming under the juvenile court law.")
    counsel = "the children" if several else "the child"
    title = f"Objections of Counsel for the {'Children' if several else 'Child'} to the Disposition Report"
    case_lines = [f"Case No. {c.get('case_number') or BLANK}", title.upper()]
    hearing = c.get("hearing_date")
    case_lines.append(f"Hearing: {hearing or BLANK}" + (f"; {c['department']}" if c.get("department") else ""))
    intro = [
        f"Counsel for {counsel} objects to the disposition report the Agency filed for the hearing"
        + (f" of {hearing}" if hearing else "")
        + " and asks the Court to make the orders below before it adopts the recommended findings and orders.",
    ]
    if result.edited is not None:  # the report's text no longer matches its data
        intro.append(result.edited.memo_sentence)
    memo = Memo(attorney=(attorney or Attorney()).lines(f"Attorney for {counsel}"), court=[court.upper(),
                "JUVENILE DIVISION"], in_re=in_re, case_lines=case_lines, title=title, intro=intro)
    unconfirmed = findings is None and any(isinstance(f, HeuristicFinding) for f in chosen)
    if unconfirmed:
        why = ("its text no longer matches the case data it carries" if result.edited is not None
               else "this report was not made by reportgen")
        memo.drafting.append(
            f"Drafting note (delete before filing): {why}, so reportgen read its text. Each objection below rests "
            "on that reading; confirm it against the report before filing."
        )
    for f in chosen:
        if f.severity == "object":
            memo.objections.append(Objection(
                number=len(memo.objections) + 1, ground=ground_text(f, several), citation=isolate(f.citation),
                passage=passage_text(result, f), order=requested_order(f.code), code=f.code, rule=f.name,
            ))
        elif f.severity == "warn":
            memo.other.append(f"{ground_text(f, several)} ({isolate(f.citation)}.) {passage_text(result, f)}")
    memo.closing = ["Dated: ____________________", "Respectfully submitted,", "______________________________",
                    memo.attorney[0], f"Attorney for {counsel}"]
    return memo


# --- DOCX -----------------------------------------------------------------------

#: Characters XML 1.0 forbids; python-docx refuses them (a foreign PDF's text can carry them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub(" ", text)


NO_OBJECTION = "Counsel raises no objection to the report."
OTHER_MATTERS = "Counsel further asks the Agency to address the following in an addendum report:"
APPENDIX_TITLE = "Appendix: rules relied on (for counsel's reference; may be removed before filing)"
APPENDIX_HEAD = ("Objection", "Rule code", "Rule", "Authority")


def to_docx(memo: Memo) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Liberation Serif"
    normal.font.size = Pt(12)
    for level in (1, 2):
        document.styles[f"Heading {level}"].font.name = "Liberation Serif"
    document.sections[0].footer.paragraphs[0].text = CONFIDENTIAL
    for text in memo.drafting:
        document.add_paragraph().add_run(_xml(text)).italic = True
    for line in memo.attorney:
        document.add_paragraph(_xml(line)).paragraph_format.space_after = Pt(0)
    for line in memo.court:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(_xml(line)).bold = True
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text = _xml(memo.in_re)
    right = table.cell(0, 1)
    right.text = _xml(memo.case_lines[0])
    for line in memo.case_lines[1:]:
        right.add_paragraph(_xml(line))
    heading = document.add_heading(_xml(memo.title), level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in memo.intro:
        document.add_paragraph(_xml(text))
    document.add_heading("Objections", level=2)
    if not memo.objections:
        document.add_paragraph(NO_OBJECTION)
    for o in memo.objections:
        document.add_paragraph(_xml(f"{o.number}. {o.ground} ({o.citation}.)"))
        document.add_paragraph(_xml(o.passage))
        document.add_paragraph(_xml(o.order))
    if memo.other:
        document.add_heading("Other matters", level=2)
        document.add_paragraph(OTHER_MATTERS)
        for text in memo.other:
            document.add_paragraph(_xml(text), style="List Bullet")
    for line in memo.closing:
        document.add_paragraph(_xml(line))
    if memo.objections:
        document.add_page_break()
        document.add_heading(APPENDIX_TITLE, level=2)
        rows = memo.appendix
        grid = document.add_table(rows=len(rows) + 1, cols=len(APPENDIX_HEAD))
        grid.style = "Table Grid"
        for j, text in enumerate(APPENDIX_HEAD):
            grid.cell(0, j).text = text
        for i, row in enumerate(rows, start=1):
            for j, text in enumerate(row):
                grid.cell(i, j).text = _xml(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_text(data: bytes) -> str:
    """Every paragraph of a memo DOCX, table cells included, in order (for tests and checks)."""
    import docx

    document = docx.Document(io.BytesIO(data))
    out: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            out.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif child.tag.endswith("}tbl"):
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = [c for c in row if c.tag.endswith("}tc")]
                    out.append(" | ".join("\n".join("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                                                    for p in cell if p.tag.endswith("}p")) for cell in cells))
    return "\n".join(out)


# --- PDF ------------------------------------------------------------------------


def to_html(memo: Memo) -> str:
    e = html.escape
    parts = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">', f"<title>{e(memo.title)}</title></head><body>"]
    parts += [f'<p class="drafting">{e(text)}</p>' for text in memo.drafting]
    parts.append('<div class="attorney">' + "".join(f"<p>{e(line)}</p>" for line in memo.attorney) + "</div>")
    parts.append('<div class="court">' + "".join(f"<p>{e(line)}</p>" for line in memo.court) + "</div>")
    parts.append(f'<table class="caption"><tr><td>{e(memo.in_re)}</td><td>'
                 + "".join(f"<p>{e(line)}</p>" for line in memo.case_lines) + "</td></tr></table>")
    parts.append(f"<h1>{e(memo.title)}</h1>")
    parts += [f"<p>{e(text)}</p>" for text in memo.intro]
    parts.append("<h2>Objections</h2>")
    if not memo.objections:
        parts.append(f"<p>{e(NO_OBJECTION)}</p>")
    for o in memo.objections:
        parts.append(f'<section class="objection"><p>{o.number}. {e(o.ground)} ({e(o.citation)}.)</p>'
                     f"<p>{e(o.passage)}</p><p>{e(o.order)}</p></section>")
    if memo.other:
        parts.append(f"<h2>Other matters</h2><p>{e(OTHER_MATTERS)}</p>")
        parts.append("<ul>" + "".join(f"<li>{e(text)}</li>" for text in memo.other) + "</ul>")
    parts += [f'<p class="closing">{e(line)}</p>' for line in memo.closing]
    if memo.objections:
        parts.append(f'<section class="appendix"><h2>{e(APPENDIX_TITLE)}</h2><table><thead><tr>'
                     + "".join(f'<th scope="col">{e(h)}</th>' for h in APPENDIX_HEAD) + "</tr></thead><tbody>")
        parts += ["<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in row) + "</tr>" for row in memo.appendix]
        parts.append("</tbody></table></section>")
    parts.append("</body></html>")
    return "".join(parts)


def to_pdf(memo: Memo) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    from reportgen.logsafe import withhold_document_text

    withhold_document_text()

    class RefuseAll(URLFetcher):
        """The memo needs nothing from outside: its CSS is passed in as a string."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"blocked URL: {url}")

    css = (resources.files("reportgen.review") / "memo.css").read_text(encoding="utf-8")
    fetcher = RefuseAll()
    document = HTML(string=to_html(memo), url_fetcher=fetcher)
    result: bytes = document.write_pdf(stylesheets=[CSS(string=css, url_fetcher=fetcher)])
    return result


# --- entry point ----------------------------------------------------------------


def memo_format(path_or_format: str | Path) -> str:
    text = str(path_or_format)
    fmt = text.lower() if text.lower() in FORMATS else Path(text).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise MemoError("the memo can be written as .docx or .pdf only")
    return fmt


def render(memo: Memo, fmt: str) -> bytes:
    return to_docx(memo) if fmt == "docx" else to_pdf(memo)


def write_memo(result: ReviewResult, path_or_format: str | Path,
               findings: Sequence[Finding | HeuristicFinding] | None = None,
               attorney: Attorney | None = None) -> bytes:
    """Render the memo; when given a path (not just "docx"/"pdf"), write it there atomically."""
    fmt = memo_format(path_or_format)
    data = render(build(result, findings, attorney), fmt)
    if str(path_or_format).lower() not in FORMATS:
        target = Path(path_or_format)
        try:
            fd, tmp = tempfile.mkstemp(prefix=".memo-", suffix=f".{fmt}", dir=target.parent or Path("."))
        except OSError as err:
            raise MemoError(f"cannot write the memo there: {err.strerror or err}") from None
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except OSError as err:
            Path(tmp).unlink(missing_ok=True)
            raise MemoError(f"cannot write the memo there: {err.strerror or err}") from None
    return data

"""The objection memo: what the child's attorney files (after editing) against a report.

The memo is built once as a plain list of parts (:func:`build`) and written as
an editable DOCX (python-docx) or a PDF (WeasyPrint, from HTML made of the
same parts), so the two formats cannot say different things.

Layout: the case caption; one numbered objection per objection-level finding,
each with the ground, the citation, the report's passage (or a statement that
the report is silent) and the order the attorney asks for (texts per code in
``memo_requests.yml``); then the warn-level findings as points to verify.
Heuristic findings say so, with the reason they rest on.
"""

from __future__ import annotations

import html
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from reportgen.case import value_at
from reportgen.render.bidi import isolate
from reportgen.review.heuristics import HeuristicFinding

if TYPE_CHECKING:
    from reportgen.review import ReviewResult

FORMATS = ("docx", "pdf")
TITLE = "Minor's Counsel's Objections to the Disposition Report"
CONFIDENTIAL = "CONFIDENTIAL: juvenile case file material (Welf. & Inst. Code § 827)"


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
class Objection:
    number: int
    code: str
    name: str
    ground: str
    citation: str
    passage: str
    order: str
    heuristic_note: str | None = None


@dataclass
class Memo:
    caption: list[str]
    title: str
    intro: list[str]
    objections: list[Objection] = field(default_factory=list)
    points: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)


def _passage(result: ReviewResult, finding: Any) -> str:
    if isinstance(finding, HeuristicFinding):
        if finding.passage:
            where = f" ({isolate(finding.location)})" if finding.location else ""
            return f"The report says{where}: “{isolate(finding.passage)}”"
        return "The report is silent on this point."
    from reportgen.case import blank

    said = []
    for path in finding.fields:
        value = value_at(result.case, path)
        if not blank(value) and not isinstance(value, (dict, list)):
            said.append(f"{path}: “{isolate(str(value))}”")
    if said:
        return "The report states: " + "; ".join(said)
    return f"The report is silent on this point ({', '.join(finding.fields)} not answered)."


def build(result: ReviewResult) -> Memo:
    """The memo's parts. Every value from the report (caption facts, file
    name, passages, messages) is a bidirectional isolate
    (:func:`reportgen.render.bidi.isolate`): a direction control in the
    child's name must not reverse ", a person coming under ..." after it."""
    c = {key: isolate(value) if isinstance(value, str) else value for key, value in result.caption.items()}
    court = c.get("court") or (f"Superior Court of California, County of {c['county']}" if c.get("county")
                                else "Superior Court of California, County of ________")
    caption = [court.upper(), "JUVENILE DIVISION" + (f", {c['department']}" if c.get("department") else "")]
    caption.append(f"In re {c.get('child', '________')}, a person coming under the juvenile court law.")
    caption.append(f"Case No. {c.get('case_number', '________')}")
    caption.append(f"Disposition hearing: {c.get('hearing_date', '________')}")
    intro = [
        f"Counsel for the child objects to the disposition report reviewed from “{isolate(result.label)}” and asks the "
        "Court to make the orders below before it adopts the recommended findings and orders.",
    ]
    if result.edited is not None:  # the report's text no longer matches its data
        intro.append(result.edited.memo_sentence)
    if result.heuristic:
        why = ("its text no longer matches the case data it carries" if result.edited is not None
               else "this report was not made by reportgen")
        intro.append(
            f"Drafting note (delete before filing): {why}, so reportgen read its "
            "text. Each objection marked heuristic rests on that reading and on the reason given; check it against "
            "the report before filing."
        )
    memo = Memo(caption=caption, title=TITLE, intro=intro)
    number = 0
    for f in result.findings:
        if f.severity == "object":
            number += 1
            memo.objections.append(Objection(
                number=number, code=f.code, name=isolate(f.name), ground=isolate(f.message),
                citation=isolate(f.citation), passage=_passage(result, f), order=requested_order(f.code),
                heuristic_note=f"Heuristic finding: {isolate(f.reason)}" if isinstance(f, HeuristicFinding) else None,
            ))
        elif f.severity == "warn":
            note = f" Heuristic finding: {isolate(f.reason)}" if isinstance(f, HeuristicFinding) else ""
            memo.points.append(f"{f.code} ({isolate(f.name)}): {isolate(f.message)} "
                               f"Citation: {isolate(f.citation)}.{note}")
    memo.closing = [
        "Dated: ____________________",
        "______________________________",
        "Attorney for the child",
    ]
    return memo


# --- DOCX -----------------------------------------------------------------------

#: Characters XML 1.0 forbids; python-docx refuses them (a foreign PDF's text can carry them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub(" ", text)


def to_docx(memo: Memo) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Liberation Serif"
    normal.font.size = Pt(12)
    for level in (1, 2):
        style = document.styles[f"Heading {level}"]
        style.font.name = "Liberation Serif"
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = CONFIDENTIAL
    for line in memo.caption:
        p = document.add_paragraph()
        p.add_run(_xml(line)).bold = line.isupper()
    title = document.add_heading(memo.title, level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in memo.intro:
        document.add_paragraph(_xml(text))
    document.add_heading("Objections", level=1)
    if not memo.objections:
        document.add_paragraph("The review found no objection-level defect.")
    for o in memo.objections:
        document.add_heading(_xml(f"Objection {o.number}: {o.code} {o.name}"), level=2)
        _labelled(document, "Ground: ", o.ground)
        _labelled(document, "Authority: ", o.citation)
        _labelled(document, "The report: ", o.passage)
        if o.heuristic_note:
            _labelled(document, "", o.heuristic_note, italic=True)
        _labelled(document, "Requested order: ", o.order)
    document.add_heading("Points to verify", level=1)
    if not memo.points:
        document.add_paragraph("None.")
    for point in memo.points:
        document.add_paragraph(_xml(point), style="List Bullet")
    for line in memo.closing:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _labelled(document: Any, label: str, text: str, italic: bool = False) -> None:
    p = document.add_paragraph()
    if label:
        p.add_run(label).bold = True
    run = p.add_run(_xml(text))
    run.italic = italic


# --- PDF ------------------------------------------------------------------------


def to_html(memo: Memo) -> str:
    e = html.escape
    parts = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
             f"<title>{e(memo.title)}</title></head><body>", '<div class="caption">']
    parts += [f"<p>{e(line)}</p>" for line in memo.caption]
    parts.append(f"</div><h1>{e(memo.title)}</h1>")
    parts += [f"<p>{e(text)}</p>" for text in memo.intro]
    parts.append("<h2>Objections</h2>")
    if not memo.objections:
        parts.append("<p>The review found no objection-level defect.</p>")
    for o in memo.objections:
        parts.append(f'<section class="objection"><h3>Objection {o.number}: {e(o.code)} {e(o.name)}</h3>')
        parts.append(f"<p><b>Ground:</b> {e(o.ground)}</p><p><b>Authority:</b> {e(o.citation)}</p>")
        parts.append(f"<p><b>The report:</b> {e(o.passage)}</p>")
        if o.heuristic_note:
            parts.append(f'<p class="heuristic">{e(o.heuristic_note)}</p>')
        parts.append(f"<p><b>Requested order:</b> {e(o.order)}</p></section>")
    parts.append("<h2>Points to verify</h2>")
    parts.append("<ul>" + "".join(f"<li>{e(p)}</li>" for p in memo.points) + "</ul>" if memo.points else "<p>None.</p>")
    parts += [f'<p class="closing">{e(line)}</p>' for line in memo.closing]
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


def write_memo(result: ReviewResult, path_or_format: str | Path) -> bytes:
    """Render the memo; when given a path (not just "docx"/"pdf"), write it there atomically."""
    fmt = memo_format(path_or_format)
    memo = build(result)
    data = to_docx(memo) if fmt == "docx" else to_pdf(memo)
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

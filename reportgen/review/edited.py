"""Is a reportgen report still what reportgen printed from the data it carries?

A reportgen PDF or DOCX carries its case data, and the review used to trust
that data. But a report can be edited in Word after it was produced, or a PDF
can carry another case's data (a swapped attachment, a polyglot file): the
court reads the text, so a review of the data alone can then report nothing
on a visibly defective report.

So the visible text is compared with what reportgen prints from the embedded
data, with the clerk's helpers (:mod:`reportgen.intake.words` and
:mod:`reportgen.intake.report`):

* a PDF's page bodies (running header and footer excluded, as verification
  reads them) against the words of the HTML rendered from its data;
* a DOCX's header and body text against that of the DOCX rendered from its
  data, both read by :func:`docx_text`.

Both checks run in the sandboxed child process of
:mod:`reportgen.review.extract` (the file and its data are untrusted). When
the words differ the differences are named, the text is read as a report made
elsewhere would be, and the data's own findings are kept beside it
(:class:`Edited`). A file that names another layout than the one this
reportgen prints (a PDF in its case data's description, a DOCX on its case
data part) is "another layout", not "edited": its fixed wording may simply
have changed between versions. Either is compared with the report re-rendered
with the county profile the file recorded (:mod:`reportgen.render.profile`), so a
county's change of profile does not make its earlier reports look edited.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.rules.base import Finding

MATCHES = "matches"
EDITED = "edited"
OTHER_LAYOUT = "other-layout"
NOT_COMPARED = "not-compared"
STATUSES = (MATCHES, EDITED, OTHER_LAYOUT, NOT_COMPARED)
#: Differences named one by one; the rest are counted.
MAX_LISTED = 10
#: Words each side is aligned over (a report has a few thousand); beyond, differences are not listed.
MAX_WORDS = 30_000
CONTEXT_WORDS = 6
_LAYOUT_ID = re.compile(r"[0-9a-f]{12}")


@dataclass
class TextCheck:
    """How a file's visible text compares with the case data it carries."""

    status: str
    differences: list[str] = field(default_factory=list)
    more: int = 0  # differences beyond those listed
    layout: str | None = None  # the layout id the PDF names
    current_layout: str | None = None  # the layout id this reportgen prints

    @property
    def matches(self) -> bool:
        return self.status == MATCHES

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "differences": list(self.differences), "more": self.more,
                "layout": self.layout, "current_layout": self.current_layout}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TextCheck:
        status = str(data.get("status"))
        return cls(status=status if status in STATUSES else NOT_COMPARED,
                   differences=[str(d) for d in data.get("differences") or []],
                   more=int(data.get("more") or 0), layout=data.get("layout"),
                   current_layout=data.get("current_layout"))


@dataclass
class Edited:
    """What a review of an edited reportgen report keeps beside the reading of its text:
    why its text was not trusted to match, and what the data inside the file says."""

    check: TextCheck
    data_findings: list[Finding] = field(default_factory=list)

    @property
    def headline(self) -> str:
        if self.check.status == OTHER_LAYOUT:
            return "This report was printed by another version of reportgen's layout, and its text differs from its data"
        if self.check.status == NOT_COMPARED:
            return "This report's text could not be compared with the case data it carries"
        return "This report was changed after reportgen produced it"

    @property
    def explanation(self) -> str:
        """One plain paragraph: what was found and how the review proceeded."""
        c = self.check
        if c.status == OTHER_LAYOUT:
            first = (f"The file names the report layout {c.layout}; this reportgen prints {c.current_layout}, and the "
                     "file's text does not match what it prints from the case data inside the file. The differences "
                     "may be the layout's own wording or changes made after the report was produced.")
        elif c.status == NOT_COMPARED:
            reason = f" ({c.differences[0]})" if c.differences else ""
            first = f"The review could not confirm that the visible text matches the case data inside the file{reason}."
        elif c.layout is None:  # made before files recorded their layout
            first = ("Its visible text no longer matches the case data inside the file. (The file does not record "
                     "which version of reportgen's layout printed it: one made with another version or a county's "
                     "own template would also differ in the template's fixed wording.)")
        else:
            first = "Its visible text no longer matches the case data inside the file."
        return (f"{first} The review reads the text, as the court would, the way it reads a report made elsewhere: "
                "every finding is heuristic. What the data inside the file says is shown beside it.")

    @property
    def memo_sentence(self) -> str:
        """The neutral sentence the objection memo carries."""
        if self.check.status == OTHER_LAYOUT:
            return ("The text of the report differs from the case data carried in the report file (the file was "
                    "printed by another version of the report layout); these objections address the report's text.")
        return ("The text of the report differs from the case data carried in the report file, which indicates the "
                "report was changed after it was produced; these objections address the report's text as filed.")

    def as_dict(self) -> dict[str, Any]:
        d = self.check.as_dict()
        d["headline"] = self.headline
        d["data_findings"] = [f.as_dict() for f in self.data_findings]
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Edited:
        from reportgen.rules.base import Finding

        findings = [Finding(d["code"], d["name"], d["severity"], d["citation"], d["message"], tuple(d["fields"]),
                            tuple(d.get("children") or ()))
                    for d in data.get("data_findings") or []]
        return cls(TextCheck.from_dict(data), findings)


# --- naming the differences -------------------------------------------------------------------


def _squash(text: str) -> str:
    from reportgen.intake.words import normalise

    return "".join(normalise(text).split())


def differences(printed: str, expected: str, repeatable: list[str] | None = None,
                limit: int = MAX_LISTED) -> tuple[list[str], int]:
    """The differences between what the report shows (``printed``) and what its
    data prints (``expected``), in reading order, as sentences; and how many
    more there are beyond ``limit``.

    Words are aligned with :mod:`difflib`; a change that is only where the
    spaces fall (the same characters split into other words) is not a
    difference, nor is a table heading that a PDF repeats on the next page.
    """
    from reportgen.intake.words import Words

    said, meant = Words.of(printed), Words.of(expected)
    a, b = said.words[:MAX_WORDS], meant.words[:MAX_WORDS]
    repeats = sorted({r for r in map(_squash, repeatable or []) if r}, key=len, reverse=True)
    found: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        shown, data = "".join(a[a1:a2]), "".join(b[b1:b2])
        if shown == data:
            continue
        if not data and repeats:
            for r in repeats:
                shown = shown.replace(r, "")
            if not shown:
                continue
        found.append(_sentence(" ".join(a[a1:a2]), " ".join(b[b1:b2]), b[max(0, b1 - CONTEXT_WORDS): b1]))
    if len(said.words) > MAX_WORDS or len(meant.words) > MAX_WORDS:
        found.append(f"the text is longer than {MAX_WORDS} words; differences after that were not listed")
    return found[:limit], max(0, len(found) - limit)


def _sentence(said: str, meant: str, before: list[str]) -> str:
    from reportgen.intake.words import difference_sentence

    return difference_sentence(said, meant, before, shown="the report", source="its data")


def verdict(printed: str, expected: str, repeatable: list[str] | None = None,
            layout: str | None = None, current_layout: str | None = None) -> TextCheck:
    """Compare the two texts: the match itself is decided by the clerk's
    :func:`~reportgen.intake.words.first_difference` (whitespace aside, every
    character); only a mismatch is worked out word by word."""
    from reportgen.intake.words import first_difference

    first = first_difference(printed, expected, repeatable)
    if first is None:
        return TextCheck(MATCHES, layout=layout, current_layout=current_layout)
    listed, more = differences(printed, expected, repeatable)
    if not listed:  # the alignment found nothing the character comparison did: name that
        listed = [first.replace("the PDF", "the report").replace("the case data", "its data")]
    status = OTHER_LAYOUT if layout and current_layout and layout != current_layout else EDITED
    return TextCheck(status, listed, more, layout, current_layout)


# --- in the sandboxed child (reportgen.review.extract) ---------------------------------------


def _as_of(case: dict[str, Any], printed: str) -> dt.date | None:
    """The day the printed timeline was computed for, else the report date (as verification does)."""
    from reportgen.intake.report import printed_as_of
    from reportgen.intake.words import normalise

    day = printed_as_of(normalise(printed))
    if day is None:
        report_date = (case.get("court") or {}).get("report_date")
        day = report_date if isinstance(report_date, dt.date) else None
    return day


def _not_rebuilt(err: Exception) -> TextCheck:
    from reportgen.render.templates import TemplateError

    # A TemplateError names the file and line; any other message may quote case data.
    cause = str(err) if isinstance(err, TemplateError) else type(err).__name__
    return TextCheck(NOT_COMPARED, [f"the report's text could not be rebuilt from its data to compare (the report "
                                    f"template failed: {cause})"])


def check_pdf(data: bytes, deadline: float | None = None) -> TextCheck | None:
    """The PDF's page bodies against the words its embedded case prints; None
    when the file carries no valid case data (there is nothing to compare)."""
    import pikepdf

    from reportgen.intake import report
    from reportgen.intake.checks import bounded_bytes
    from reportgen.intake.pdftext import TextError, pdf_text

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            embedded = report.read_embedded(data, pdf)
            if embedded.case is None:
                return None
            pages = pdf_text(pdf, stream_reader=bounded_bytes, deadline=deadline)
    except (TextError, pikepdf.PdfError, ValueError, TypeError, KeyError, AttributeError) as err:
        reason = str(err) if isinstance(err, TextError) else "the page content is damaged"
        return TextCheck(NOT_COMPARED, [f"the visible text could not be read to compare it with the data ({reason})"])
    printed = " ".join(page.body for page in pages)
    try:
        expected, headers = report.expected_text(embedded.case, _as_of(embedded.case, printed), embedded.profile)
        current = report.current_layout()
    except Exception as err:  # noqa: BLE001 - a renderer/template fault is not the file's fault
        return _not_rebuilt(err)
    return verdict(printed, expected, headers, embedded.layout, current)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SHOWN = (f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr")


def docx_text(document: Any) -> str:
    """The characters a python-docx ``document`` shows, a line per paragraph:
    the first section's own header, then the body (table cells included) in
    document order. Read straight from the XML, because the comparison needs
    only the characters and python-docx's per-paragraph API is twenty times
    slower; the same function reads both sides, so they cannot disagree in
    how they read."""
    roots = []
    if len(document.sections) and not document.sections[0].header.is_linked_to_previous:
        roots.append(document.sections[0].header._element)
    roots.append(document.element.body)
    return "\n".join("".join((node.text or "") if node.tag == _SHOWN[0] else " " for node in p.iter(*_SHOWN))
                     for root in roots for p in root.iter(f"{_W}p"))


def docx_layout(document: Any) -> str | None:
    """The layout id a python-docx ``document`` names on its reportgen case data part, if any."""
    root = _data_part(document)
    layout = "" if root is None else str(root.get("layout") or "")
    return layout if _LAYOUT_ID.fullmatch(layout) else None


def docx_profile(document: Any) -> str | None:
    """The county profile record on a DOCX's reportgen case data part (None: made before reports recorded one)."""
    root = _data_part(document)
    found = None if root is None else root.get("profile")
    return None if found is None else str(found)


def _data_part(document: Any) -> Any:
    """The root element of a python-docx ``document``'s reportgen case data part, if any."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    from reportgen.render.embed import DATA_NS

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    for rel in document.part.rels.values():
        if rel.reltype != RT.CUSTOM_XML or rel.is_external:
            continue
        blob = rel.target_part.blob
        if DATA_NS.encode() not in blob:
            continue
        try:
            root = etree.fromstring(blob, parser=parser)
        except etree.XMLSyntaxError:
            continue
        if root.tag == f"{{{DATA_NS}}}reportgen":
            return root
    return None


def check_docx(document: Any, raw_case: Any) -> TextCheck | None:
    """The DOCX's text against that of the DOCX its embedded case renders to;
    None when the case data is not valid (the review refuses the file then)."""
    import docx

    from reportgen.intake.report import recorded_profile
    from reportgen.render.docx import render_docx
    from reportgen.render.html import docx_layout_id
    from reportgen.render.templates import resolve_template_dir
    from reportgen.schema import InvalidCase, load_case

    try:
        case = load_case(raw_case)
    except InvalidCase:
        return None
    printed = docx_text(document)
    try:
        rendered = render_docx(case, as_of=_as_of(case, printed), profile=recorded_profile(docx_profile(document)))
        expected = docx_text(docx.Document(io.BytesIO(rendered)))
        current = docx_layout_id(resolve_template_dir(None))
    except Exception as err:  # noqa: BLE001 - a renderer/template fault is not the file's fault
        return _not_rebuilt(err)
    return verdict(printed, expected, None, docx_layout(document), current)


__all__ = ["MATCHES", "EDITED", "OTHER_LAYOUT", "NOT_COMPARED", "TextCheck", "Edited", "differences", "verdict",
           "check_pdf", "check_docx", "docx_text", "docx_layout", "docx_profile"]

"""The child's attorney's review of a disposition report.

One entry point for the command line and the web page::

    result = review_bytes(data, "report.pdf")     # or review_path(path)
    memo = write_memo(result, "docx")             # reportgen.review.memo

A case JSON, or a reportgen PDF/DOCX carrying its case data, is checked with
the rule catalogue itself (``reportgen.rules.check``): the findings are exact.
A reportgen PDF/DOCX counts only while its visible text still matches that
data (:mod:`reportgen.review.edited`); one edited after it was produced, or
carrying another case's data, is read as text like a report made elsewhere,
with the differences named and the data's findings kept beside the text's
(source ``edited-reportgen-*``, or ``other-layout-reportgen-*`` when the file
names another version of the layout). Any other PDF or DOCX is read as text in a bounded child process
(:mod:`reportgen.review.extract`), split into sections
(:mod:`reportgen.review.sections`) and read against CEB §12.47
(:mod:`reportgen.review.heuristics`); those findings say they are heuristic.

Uploaded bytes are written only to a private temporary directory (mode 0700)
for the child process to read, and the directory is deleted when the review
ends, whatever happens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.review.edited import Edited
from reportgen.review.extract import (
    MAX_UPLOAD_BYTES,
    NOT_SUPPORTED,
    OLD_WORD,
    TOO_LARGE,
    ExtractError,
    extract_bytes,
    sniff,
)
from reportgen.review.heuristics import Element, HeuristicFinding
from reportgen.rules.base import Finding
from reportgen.schema import InvalidCase

#: Sources whose findings are exactly the rule catalogue's on case data.
EXACT_SOURCES = ("case-json", "reportgen-pdf", "reportgen-docx")
SOURCE_KINDS = (*EXACT_SOURCES, "edited-reportgen-pdf", "edited-reportgen-docx", "other-layout-reportgen-pdf",
                "other-layout-reportgen-docx", "foreign-pdf", "foreign-docx")


class ReviewError(InvalidCase):
    """The file cannot be reviewed; ``problems`` are ``(label, message)`` pairs."""


@dataclass
class ReviewResult:
    """What a review found.

    ``findings`` are exactly ``reportgen.rules.check()``'s for case data, and
    :class:`HeuristicFinding` (marked ``heuristic``) for a report made elsewhere
    or a reportgen report whose text no longer matches its data; ``edited``
    then says how it differs and holds the data's own findings.
    """

    source: str
    label: str
    caption: dict[str, str]
    findings: list[Finding | HeuristicFinding]
    elements: list[Element]
    notes: list[str] = field(default_factory=list)
    case: dict[str, Any] | None = None
    edited: Edited | None = None

    @property
    def heuristic(self) -> bool:
        return self.source not in EXACT_SOURCES

    @property
    def objections(self) -> list[Finding | HeuristicFinding]:
        return [f for f in self.findings if f.severity == "object"]

    def as_dict(self) -> dict[str, Any]:
        findings = []
        for f in self.findings:
            d = f.as_dict()
            d.setdefault("heuristic", False)
            findings.append(d)
        return {
            "source": self.source,
            "label": self.label,
            "heuristic": self.heuristic,
            "caption": self.caption,
            "elements": [e.as_dict() for e in self.elements],
            "findings": findings,
            "notes": list(self.notes),
            "edited": self.edited.as_dict() if self.edited is not None else None,
        }


def review_path(path: str | Path, *, timeout: float | None = None) -> ReviewResult:
    """Review a file on disk; raises :class:`ReviewError` (an ``InvalidCase``)."""
    p = Path(path)
    label = str(p)
    try:
        if p.is_dir():
            raise ReviewError([(label, "is a folder, not a report")])
        if p.stat().st_size > MAX_UPLOAD_BYTES:
            raise ReviewError([(label, TOO_LARGE)])
        data = p.read_bytes()
    except FileNotFoundError:
        raise ReviewError([(label, "no such file")]) from None
    except PermissionError:
        raise ReviewError([(label, "cannot be read: permission denied")]) from None
    except OSError as err:
        raise ReviewError([(label, f"cannot be read: {err.strerror or err}")]) from None
    return review_bytes(data, p.name, label=label, timeout=timeout)


def review_bytes(data: bytes, filename: str, *, label: str | None = None, timeout: float | None = None,
                 trusted_json: bool = False) -> ReviewResult:
    """Review an uploaded file's bytes. ``filename`` is only used for messages.

    Every kind of file, case JSON included, is parsed in a sandbox worker
    (:mod:`reportgen.untrusted`); only ``trusted_json`` (a draft this server
    stored itself) is read in this process.
    Raises :class:`ReviewError` (or ``InvalidCase`` for case data that fails
    the schema) with plain-language messages; never anything else for bad input.
    """
    from reportgen.textnorm import visible_name

    label = visible_name(label or filename or "upload")  # a file name: shown, never reordered
    if len(data) > MAX_UPLOAD_BYTES:
        raise ReviewError([(label, TOO_LARGE)])
    kind = sniff(data)
    if kind == "json":
        return _review_case_json(data, label, sandboxed=not trusted_json)
    if kind == "doc":
        raise ReviewError([(label, OLD_WORD)])
    if kind not in ("pdf", "docx"):
        raise ReviewError([(label, "is empty" if not data.strip() else NOT_SUPPORTED)])
    try:
        extracted = extract_bytes(data, timeout)
    except ExtractError as err:
        raise ReviewError([(label, str(err))]) from None
    if extracted.embedded is not None:
        from reportgen.rules import check
        from reportgen.schema import load_case

        case = load_case(extracted.embedded)
        from reportgen.review.edited import NOT_COMPARED, TextCheck

        text_check = (TextCheck.from_dict(extracted.text_check) if extracted.text_check is not None
                      else TextCheck(NOT_COMPARED, ["the visible text was not compared with the data"]))
        if not text_check.matches:  # the court reads the text: never trust data it does not match
            return _review_edited(extracted, kind, label, case, Edited(text_check, list(check(case))))
        from reportgen.review.casedata import case_elements

        return ReviewResult(
            source=f"reportgen-{kind}", label=label, caption=_caption_from_case(case),
            findings=list(check(case)), elements=case_elements(case), notes=extracted.notes, case=case,
        )
    return _review_foreign(extracted, kind, label)


def _review_case_json(data: bytes, label: str, *, sandboxed: bool) -> ReviewResult:
    from reportgen.review.casedata import case_elements
    from reportgen.rules import check
    from reportgen.schema import load_case

    if sandboxed:
        from reportgen.untrusted import json_case

        raw = json_case(data, label)  # parsed and validated once in a worker, under its limits
    else:
        from reportgen.sources import parse_json_case

        raw = parse_json_case(data, label)
    case = load_case(raw)
    return ReviewResult(source="case-json", label=label, caption=_caption_from_case(case),
                        findings=list(check(case)), elements=case_elements(case), case=case)


def _caption_from_case(case: dict[str, Any]) -> dict[str, str]:
    from reportgen.review.caption import from_case

    return from_case(case)


FOREIGN_NOTE = ("This report was not made by reportgen (it carries no case data), so it was read as text: "
                "every finding is heuristic and says what it rests on.")


def _review_edited(extracted: Any, kind: str, label: str, case: dict[str, Any], edited: Edited) -> ReviewResult:
    """A reportgen report whose text no longer matches its data: the text is what
    the court reads, so it is read as a report made elsewhere would be, and
    what the data says is kept beside it (never instead of it)."""
    result = _review_foreign(extracted, kind, label, note=f"{edited.headline}. {edited.explanation}")
    prefix = "other-layout" if edited.check.status == "other-layout" else "edited"
    result.source = f"{prefix}-reportgen-{kind}"
    result.case = case
    result.edited = edited
    return result


def _review_foreign(extracted: Any, kind: str, label: str, note: str = FOREIGN_NOTE) -> ReviewResult:
    from reportgen.review.caption import from_blocks
    from reportgen.review.heuristics import assess, findings_for
    from reportgen.review.sections import split

    doc = split(extracted.blocks)
    elements = assess(doc)
    notes = list(extracted.notes)
    notes.insert(0, note)
    if not doc.headings():
        notes.append("no section headings were recognised; the whole text was read as one section")
    return ReviewResult(source=f"foreign-{kind}", label=label, caption=from_blocks(extracted.blocks),
                        findings=list(findings_for(elements)), elements=elements, notes=notes)


def write_memo(result: ReviewResult, path_or_format: str | Path) -> bytes:
    """The objection memo as DOCX or PDF bytes; written to the path when one is given."""
    from reportgen.review.memo import write_memo as _write

    return _write(result, path_or_format)


__all__ = [
    "SOURCE_KINDS",
    "EXACT_SOURCES",
    "Edited",
    "ReviewError",
    "ReviewResult",
    "review_bytes",
    "review_path",
    "write_memo",
    "Element",
    "HeuristicFinding",
]

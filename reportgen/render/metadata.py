"""The document properties of a report (PDF Info and XMP, DOCX core and app
properties), chosen here and nowhere else.

A report's metadata travels further than its pages: file listings, search
indexes, e-mail previews and the PDF viewer's window title show it without
the WIC §827 notice beside it. So it is built from an allowlist of the case's
fields that identify the *filing*, never the family:

* title: the report's kind and the case number, "Disposition Report
  (WIC §358) — JV-2026-004817" (the PDF's /DisplayDocTitle puts it in the
  window title);
* subject: the same kind, the case number and the hearing date;
* no author: the social worker signs on the last page, where the signature
  gives the name its meaning; an Author field copies it into every index the
  file passes through, and no workflow here reads it;
* no keywords, no initials (the case number already identifies the case to
  the court; initials would only narrow down the child), creator "reportgen".

Neither renderer takes these from the template: a county's template with a
``<meta name="keywords" content="{{ ... }}">`` cannot put a name back in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportgen.case import Case
from reportgen.render import words as w

CREATOR = "reportgen"


@dataclass(frozen=True)
class DocumentProperties:
    """What a report says about itself outside its pages."""

    title: str
    subject: str
    lang: str
    creator: str = CREATOR


def document_properties(case: dict[str, Any]) -> DocumentProperties:
    """The properties of the report of a loaded case: kind, case number, hearing date."""
    c = Case(case)
    kind = w.report("title")
    number = c.get("court.case_number")
    hearing = c.disposition_date
    title = " — ".join(x for x in (kind, number) if x)
    subject = "; ".join(x for x in (kind, number, f"hearing {w.fmt_date(hearing)}" if hearing else None) if x)
    return DocumentProperties(title=title, subject=subject, lang=w.report("lang"))


def apply_to_weasyprint(metadata: Any, props: DocumentProperties) -> None:
    """Replace whatever the HTML's ``<head>`` put into a rendered WeasyPrint
    document's metadata (title, author, description, keywords, generator,
    dates, custom ``<meta>`` names) with ``props``; the generator becomes the
    Info dictionary's /Creator and the XMP's xmp:CreatorTool."""
    metadata.title = props.title
    metadata.description = props.subject
    metadata.authors = []
    metadata.keywords = []
    metadata.generator = props.creator
    metadata.created = None
    metadata.modified = None
    metadata.custom = {}
    metadata.lang = props.lang

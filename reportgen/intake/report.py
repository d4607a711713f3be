"""What a reportgen report should look like, taken from the renderer itself.

Verification never keeps its own copy of the report's wording: the caption
date format, the confidentiality notice, the draft mark and the whole body text
all come from :mod:`reportgen.render`, so a change of wording there cannot
make every received report fail here.

The body text is rebuilt with :func:`reportgen.render.html.render_html` (the
HTML template only, no layout), which takes a few milliseconds; WeasyPrint is
never imported by verification.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from reportgen.case import Case
from reportgen.intake.words import html_text
from reportgen.schema import InvalidCase, load_case


@dataclass(frozen=True)
class Embedded:
    """The case data a PDF carries: ``case`` when present and valid, else ``problem`` says why not."""

    case: dict[str, Any] | None
    problem: str | None = None
    #: The layout id the PDF says printed it (see reportgen.render.html.layout_id).
    layout: str | None = None
    #: The county profile the PDF recorded (its JSON record; None for a file made
    #: before reports recorded one: see reportgen.render.profile).
    profile: str | None = None


def read_embedded(data: bytes, pdf: Any = None) -> Embedded:
    """The case data inside ``data``; ``pdf`` is the same bytes already opened
    with pikepdf, which saves opening the file a second time (about a tenth of
    verification's time on a tagged report)."""
    from reportgen.render.embed import EmbeddedDataError, extract_case_bytes

    try:
        raw = _case_in_open_pdf(pdf) if pdf is not None and data.startswith(b"%PDF") else extract_case_bytes(data)
    except EmbeddedDataError as err:
        return Embedded(None, f"no usable case data inside the file: {err}")
    layout, profile = _notes_in_open_pdf(pdf) if pdf is not None and data.startswith(b"%PDF") else (None, None)
    try:
        return Embedded(load_case(raw), layout=layout, profile=profile)
    except InvalidCase as err:
        shown = "; ".join(f"{p}: {m}" for p, m in err.problems[:3])
        more = f" (and {len(err.problems) - 3} more)" if len(err.problems) > 3 else ""
        return Embedded(None, f"the embedded case data is not valid against the schema: {shown}{more}")


def _case_in_open_pdf(pdf: Any) -> dict[str, Any]:
    """:func:`reportgen.render.embed.extract_case_bytes` for a PDF that is already open:
    the same steps and the same messages, without parsing the file again.

    It uses the embed module's own reader so the two readings cannot drift apart.
    """
    from reportgen.render.embed import case_from_open_pdf

    return case_from_open_pdf(pdf)


def _notes_in_open_pdf(pdf: Any) -> tuple[str | None, str | None]:
    """The layout id and the county profile record the case data's description names."""
    from reportgen.render.embed import attachment_description, profile_in_description
    from reportgen.render.html import LAYOUT_NOTE

    desc = attachment_description(pdf) or ""
    found = LAYOUT_NOTE.search(desc)
    return (found.group(1) if found else None), profile_in_description(desc)


def recorded_profile(record: str | None) -> Any:
    """The county profile a report was printed with: the one it recorded, or for a
    file made before reports recorded one, the shipped default (the order and
    wording reports had then). Never the profile configured today: a county that
    changes its profile must not make the reports filed before fail. Raises
    :class:`reportgen.render.profile.ProfileError` when the record is damaged."""
    from reportgen.render import profile

    return profile.from_record(record) if record is not None else profile.load(profile.DEFAULT)


def current_layout() -> str:
    """The layout id of the template verification re-renders with."""
    from reportgen.render.html import layout_id
    from reportgen.render.templates import resolve_template_dir

    return layout_id(resolve_template_dir(None))


def hearing_day(case: dict[str, Any]) -> dt.date | None:
    day = Case(case).hearing_date
    return day if isinstance(day, dt.date) else None


def caption_parts(case: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, text as printed) for the court, the case number and the hearing date."""
    from reportgen.render import words as w

    court = case.get("court") or {}
    parts: list[tuple[str, str]] = []
    for label, value in (("court", court.get("court_name")), ("case number", court.get("case_number"))):
        parts.append((label, str(value) if value else w.report("not_stated")))
    day = hearing_day(case)
    parts.append(("hearing date", w.fmt_date(day) if day else w.report("not_stated")))
    return parts


def has_notice(page_text: str) -> bool:
    from reportgen.render import words as w

    notice = " ".join(w.report("notice").split())
    return notice in " ".join(page_text.split())


def child_initials(case: dict[str, Any]) -> str | None:
    """"S.R." for "Sofia Ramírez": the index names a child only by initials (WIC §827).

    A report on a family (case model 2.0, ``children``) gives each child's, "S.R., M.R."."""
    family = case.get("children")
    kids: list[Any] = family if isinstance(family, list) else [case.get("child")]
    found = [_initials(kid.get("name")) for kid in kids if isinstance(kid, dict)]
    return ", ".join(f for f in found if f) or None


def _initials(name: Any) -> str:
    if not name:
        return ""
    letters = [part[0].upper() for part in re.split(r"[\s\-]+", str(name)) if part and part[0].isalpha()]
    return "".join(f"{ch}." for ch in letters)


def _as_of_pattern() -> re.Pattern[str]:
    from reportgen.render import words as w

    phrase = " ".join(str(w.phrase("timeline_as_of")).split())
    head = phrase.split("{date}")[0]
    return re.compile(re.escape(head).replace(r"\ ", r"\s+") + r"([A-Z][a-z]+\s+\d{1,2},\s+\d{4})")


def printed_as_of(text: str) -> dt.date | None:
    """The day the timeline was computed for, as printed ("Dates computed as of November 19, 2026").

    The renderer judges "already past" against this day, so the same day must
    be used to rebuild the text; it is not case data and is not recorded elsewhere.
    """
    m = _as_of_pattern().search(text)
    if not m:
        return None
    try:
        return dt.datetime.strptime(" ".join(m.group(1).split()), "%B %d, %Y").date()
    except ValueError:
        return None


def expected_text(case: dict[str, Any], as_of: dt.date | None,
                  profile: str | None = None) -> tuple[str, list[str]]:
    """The words the report of ``case`` prints in its page bodies, and the
    column headings of its tables (WeasyPrint repeats those at the top of
    every page a table runs onto, so the PDF may show them more than once).
    ``profile`` is the county profile record the file carries (see :func:`recorded_profile`)."""
    from reportgen.render.context import build_context
    from reportgen.render.html import html_from_context
    from reportgen.render.templates import resolve_template_dir

    if as_of is None:
        report_date = (case.get("court") or {}).get("report_date")
        as_of = report_date if isinstance(report_date, dt.date) else None
    context = build_context(case, as_of, recorded_profile(profile))
    headers = [
        " ".join(str(c) for c in block.get("columns", []))
        for section in context.get("sections", [])
        for block in section.get("blocks", [])
        if block.get("kind") == "table"
    ]
    return html_text(html_from_context(context, resolve_template_dir(None))), headers


def objections(case: dict[str, Any]) -> list[dict[str, Any]]:
    from reportgen.rules import check

    return [f.as_dict() for f in check(case) if f.severity == "object"]


def claims_final(first_page: str) -> bool:
    """A report without the draft mark on page one presents itself as final."""
    from reportgen.render import words as w

    head = w.report("draft_mark").split("{")[0].strip()
    return head not in first_page


__all__ = ["Embedded", "read_embedded", "recorded_profile", "current_layout", "caption_parts", "has_notice", "child_initials", "expected_text",
           "printed_as_of", "objections", "claims_final"]

"""One context for both renderers: a loaded case, its timeline and its findings
turned into a plain dict of strings and lists.

The DOCX template (docxtpl) and the HTML template (Jinja, then WeasyPrint) read
only this dict, so the two formats cannot say different things. The dict is
deliberately generic: a report is a list of sections, each a list of *blocks*:

``{"kind": "facts", "title": str | None, "rows": [{"label", "value"}]}``
    label/value rows (a value the report does not give reads "Not stated.");
``{"kind": "text", "label": str | None, "text": str}``
    a narrative exactly as the social worker wrote it, or (without a label)
    facts stated as sentences from the word table ("The mother is not
    incarcerated."), ending with "Not stated: ..." for those never answered;
``{"kind": "heading", "text": str}``
    a sub-heading for one person (a parent, a sibling);
``{"kind": "table", "name": str, "title": str | None, "columns": [str], "rows": [[str]], "lines": [str]}``
    ``name`` says which table it is (``timeline``, ``steps``...) for styling;
    ``lines`` are the rows as running text, one per row (the PDF prints those:
    see :func:`reportgen.render.sections.table_block`).

A section with nothing to show carries ``silent`` ("The report is silent on
...") and no blocks: the renderer states the gap and never invents text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from reportgen.case import Case
from reportgen.family import ChildView, child_views, is_family, names
from reportgen.render import review_sections
from reportgen.render import sections as sec
from reportgen.render import words as w
from reportgen.render.metadata import document_properties
from reportgen.render.profile import LETTERHEAD_FIELDS, Profile, active, using
from reportgen.render.sections import isolate


class ObjectionsOutstanding(Exception):
    """A final report was asked for while objection-level findings remain."""

    exit_code = 1

    def __init__(self, context: dict[str, Any]):
        self.objections = [f for f in context["findings"] if f["severity"] == "object"]
        super().__init__(f"{len(self.objections)} {w.plural(len(self.objections), 'objection')} outstanding")


def section_builders(as_of: dt.date | None) -> dict[str, Callable[[Case], list[sec.Block]]]:
    """Every section the report can print, by the key ``section_order`` of the
    county profile (:mod:`reportgen.render.profile`) uses; the profile decides the order."""
    return {
        "reason_for_hearing": sec.narrative("reason_for_hearing"),
        "detention_jurisdiction_history": sec.narrative("detention_jurisdiction_history"),
        "statements": sec.statements,
        "prior_cws_history": sec.narrative("prior_cws_history"),
        "criminal_history": sec.narrative("criminal_history"),
        "family_background": sec.narrative("family_background"),
        "assessment": sec.narrative("assessment"),
        "findings": sec.findings,
        "summary": lambda c: sec.text_blocks(c, "summary", label=False),
        "services": sec.services,
        "concurrent_plan": sec.concurrent_plan,
        "placement": sec.placement,
        "siblings": sec.siblings,
        "relatives": sec.relatives,
        "grandparents": lambda c: sec.text_blocks(c, "relatives.grandparent_visitation", label=False),
        "icwa": sec.icwa,
        "wellbeing": sec.wellbeing,
        "voice": lambda c: sec.text_blocks(c, "child.wishes", "child.case_plan_input"),
        "visitation": sec.visitation,
        "timeline": lambda c: sec.timeline(c, as_of),
        "attachments": sec.attachments,
        # a review report's own sections (reportgen/render/review_sections.py); none prints in a disposition report
        **{key: review_sections.single(key, as_of) for key in review_sections.KEYS},
    }


#: Sections about one child. In a report on several children each child has its
#: own part of them, under the child's name; a one-child report prints them as is.
PER_CHILD = frozenset({"concurrent_plan", "placement", "siblings", "wellbeing", "voice", "timeline", "icwa"})
# (ICWA: each child's status, the family's inquiry once; the timeline: each
# child's dates, the basis and the notes once; see _section_blocks)


def _section_blocks(key: str, builder: Callable[[Case], list[sec.Block]], views: list[ChildView],
                    family: Case, as_of: dt.date | None) -> list[sec.Block]:
    """A section's blocks; in a report on several children what the family
    shares prints once and each child's own part under the child's name."""
    if key in review_sections.KEYS:
        return review_sections.blocks(key, views, family, as_of)
    if len(views) == 1:
        return builder(views[0].case if key in PER_CHILD else family)
    if key == "statements":
        return sec.statements(family, [v.data.get("child") or {} for v in views])
    if key == "findings":
        # each child's own orders only (the view lays the family's under them)
        return sec.findings(family, [(v.label, {"recommended": {
            k: val for k, val in (v.data.get("recommended") or {}).items() if k in v.own_orders}}) for v in views])
    if key == "services":
        return sec.services(family, {v.id: isolate(v.label) for v in views if v.id})
    if key == "icwa":
        return sec.icwa(family, [(v.label, v.data.get("child") or {}) for v in views])
    if key == "timeline":
        return sec.family_timeline(family, [(v.label, v.case) for v in views], as_of)
    if key not in PER_CHILD:
        return builder(family)
    blocks: list[sec.Block] = []
    seen: dict[str, tuple[str, list[sec.Block]]] = {}  # siblings not before the court, described once
    for i, v in enumerate(views):
        with w.about(isolate(v.label) if v.label else None):
            own = sec.siblings(v.case, described={w.squash(x.label) for x in views[:i]}, seen=seen,
                               label=v.label) if key == "siblings" else builder(v.case)
        blocks += [sec.child_heading(v.label)] + (own or sec.not_stated_block(None))
    return blocks


def _sections(builders: dict[str, Callable[[Case], list[sec.Block]]], views: list[ChildView], family: Case,
              as_of: dt.date | None) -> list[dict[str, Any]]:
    """The report's sections in the profile's order; in a report on several
    children the table's "the child" says "the children" (each child's own part: its name)."""
    with w.about([isolate(v.label) for v in views if v.label] if len(views) > 1 else None):
        made = (sec.make_section(key, _section_blocks(key, builders[key], views, family, as_of))
                for key in w.section_order())
        return [section for section in made if section is not None]


def build_context(case: dict[str, Any], as_of: dt.date | None = None,
                  profile: Profile | str | None = None) -> dict[str, Any]:
    """The template context for a case loaded by :func:`reportgen.schema.load_case`.

    ``as_of`` is the day the timeline judges "already past" against; when None
    it is the report's own date (see :func:`reportgen.render.sections.as_of_day`),
    so the same case renders the same report on any day. ``profile`` is the
    county profile (a name, a path or a :class:`Profile`; None: the active one,
    see :func:`reportgen.render.profile.resolve`); the context's ``profile`` is
    the one used, which the renderers record in the file.
    """
    with using(profile) as chosen:
        context = _build_context(case, as_of)
        context["profile"] = chosen
        return context


def letterhead(c: Case, lines: list[str]) -> dict[str, Any] | None:
    """Page one's letterhead from the profile's ``lines``: ``{agency}``,
    ``{address}`` (a line of its own, one line per address line) and ``{phone}``
    filled from the case; a line whose placeholders are all blank is left out.
    The first line of the profile is the agency's name (set apart); None when
    nothing is left (the report then has no letterhead rather than a blank one)."""
    agency = c.get("agency") or {}
    values = {"agency": sec.shown(agency.get("name")) or "", "phone": sec.shown(agency.get("phone")) or ""}
    address = [b["text"] for b in sec.paragraphs(None, agency.get("address"))]
    name, rest = "", []
    for i, line in enumerate(lines):
        if line.strip() == "{address}":
            filled = address
        else:
            used = [f for f in LETTERHEAD_FIELDS if "{" + f + "}" in line]
            filled = [line.format(**values, address="")] if not used or any(values.get(f) for f in used) else []
        if i == 0:
            name, filled = (filled[0] if filled else ""), filled[1:]
        rest += filled
    if not name and not rest:
        return None
    return {"name": name, "lines": rest}


def _build_context(case: dict[str, Any], as_of: dt.date | None) -> dict[str, Any]:
    from reportgen.rules import check

    views = child_views(case) if is_family(case) else [ChildView(
        index=0, id=None, label="", several=False, data=case, parent_index=(), sibling_path=(),
        own_orders=frozenset(), own_dates=frozenset())]
    c = Case(case)
    family = c
    if len(views) > 1:
        # the family's own orders, not the first child's laid over them
        family = Case({**c.data, "recommended": case.get("recommended"), "dates": case.get("dates")})
    builders = section_builders(as_of)
    findings = [f.as_dict() for f in check(case)]  # the family: every child judged
    objections = [f for f in findings if f["severity"] == "object"]
    count = len(objections)
    approval = case.get("approval") or {}
    unapproved = bool(approval) and not approval.get("approved_at")
    noun = w.plural(count, "objection")
    child = names([v for v in views if v.data.get("child", {}).get("name")]) if len(views) > 1 else c.get(
        "child.name")
    number = c.get("court.case_number")
    # the running header names the first child "et al." in a report on several: every page
    # has room for one name beside the case number and the draft mark
    running = w.phrase("et_al", name=views[0].label) if len(views) > 1 and child else child
    title = review_sections.title(case) or w.report("title")
    props = document_properties(case)  # metadata chosen on purpose: no names (see render.metadata)
    return {
        "title": title,
        "lang": w.report("lang"),
        "notice": w.report("notice"),
        "not_stated": w.report("not_stated"),
        "doc": {"title": props.title, "author": "", "subject": props.subject},
        "running": " — ".join(
            x for x in (w.phrase("caption_child", name=isolate(running)) if running else None,
                        number and isolate(number)) if x),
        "draft": {
            # a version the wizard's server rendered unapproved (see sections.approval_line) is a draft too
            "active": count > 0 or unapproved,
            "count": count,
            "mark": w.report("draft_mark").format(count=count, noun=noun) if count
            else w.report("draft_unapproved") if unapproved else "",
        },
        "caption": {**sec.caption(c, [v.label for v in views] if len(views) > 1 else None), "title": title},
        "letterhead": letterhead(c, active().letterhead),
        "sections": _sections(builders, views, family, as_of),
        "signatures": sec.signatures(c),
        "appendix": sec.appendix(objections, findings),
        "findings": findings,
    }


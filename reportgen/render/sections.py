"""The sections of the report context, one builder per topic.

Each builder reads a :class:`~reportgen.case.Case` and returns *blocks* (see
:mod:`reportgen.render.context` for their shapes); an empty list means the
case says nothing on the topic, and the section then reads "The report is
silent on ...". Words come from ``words.yml`` through :mod:`.words`.

Every answer prints as given (:func:`reportgen.case.answered`): enumeration
values in their words, free text as typed. Yes/no and enumerated facts about
a person print as sentences naming that person ("The current caregiver, Dana
Whitlock, is not willing to provide a permanent home."); narratives and the
tables a court report keeps (services, steps, timeline) stay as they were.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from reportgen.case import Case, answered
from reportgen.render import bidi
from reportgen.render import words as w

Block = dict[str, Any]
Row = tuple[str, Any] | tuple[str, Any, str | None]

def make_section(key: str, blocks: list[Block]) -> dict[str, Any] | None:
    """A section of the report; a narrative section with nothing written is
    None (it prints nothing at all), any other says the report is silent."""
    meta = w.section(key)
    if not blocks and not meta.get("topic"):
        return None
    return {
        "id": key,
        "title": meta["title"],
        "silent": None if blocks else w.report("silent").format(topic=meta["topic"]),
        "blocks": blocks,
    }


def shown(value: Any, enum: str | None = None) -> str | None:
    """A value as the report prints it, or None when it was never answered.

    Every answer prints as given: an enumeration value ("unknown", "pending",
    "none") in its words, free text exactly as typed, even "None" or "N/A"
    (whether that is a factual discussion is for the rules to say)."""
    return w.show(value, enum) if answered(value) else None


def facts_block(base: dict[str, Any] | None, prefix: str, fields: Iterable[Row], title: str | None = None,
           optional: Iterable[str] = ()) -> list[Block]:
    """One facts block from ``fields`` (``(name, enum)`` pairs) of ``base``.

    Fields named in ``optional`` are left out when the report does not give
    them; the rest read "Not stated." so a gap is visible where it matters.
    An all-blank block is dropped.
    """
    skip = set(optional)
    rows, any_value = [], False
    for row in fields:
        name, enum = row[0], row[1]
        value = shown(Case.at(base, name), enum)
        if value is None and name in skip:
            continue
        any_value = any_value or value is not None
        label = row[2] if len(row) > 2 and row[2] else w.label(f"{prefix}.{name}" if prefix else name)
        rows.append({"label": label, "value": value if value is not None else w.report("not_stated")})
    if not any_value:
        return []
    return [{"kind": "facts", "title": title, "rows": rows}]


def table_block(name: str, title: str | None, columns: list[str], rows: list[list[str]],
                lines: list[str] | None = None) -> Block:
    """A table: ``rows`` of cells under ``columns`` (the DOCX prints a Word table),
    and the same rows as ``lines`` of running text (the PDF prints one paragraph
    per row: a table costs WeasyPrint about 10 ms to lay out, a third of the
    complete example's time went to its three). Unless given, a line is the
    first cell, then each further non-empty cell after its column name."""
    if lines is None:
        lines = []
        for first, *rest in rows:
            named = "; ".join(f"{column}: {cell}" for column, cell in zip(columns[1:], rest, strict=True) if cell)
            lines.append(f"{first} — {named}" if named else first)
    return {"kind": "table", "name": name, "title": title, "columns": columns, "rows": rows, "lines": lines}


def text_block(label: str | None, value: Any) -> list[Block]:
    return [{"kind": "text", "label": label, "text": str(value)}] if answered(value) else []


def paragraphs(label: str | None, value: Any) -> list[Block]:
    """The worker's narrative as its paragraphs, one text block each: a line
    break in the text (the wizard's Enter, a Word paragraph) starts a new
    paragraph, blank lines are dropped. ``label`` heads the first one."""
    if not answered(value):
        return []
    lines = [line.strip() for line in str(value).split("\n")]
    return [{"kind": "text", "label": label if i == 0 else None, "text": line}
            for i, line in enumerate(x for x in lines if x)]


def prose_block(sentences: Iterable[str | None], gaps: Iterable[str | None] = ()) -> list[Block]:
    """Facts stated as sentences in one paragraph, and the facts the report must
    state but never answered named after them in one "Not stated: ..." sentence."""
    text = " ".join(x for x in sentences if x)
    missing = [x for x in gaps if x]
    if missing:
        text = " ".join(x for x in (text, w.phrase("not_stated_list", items="; ".join(missing))) if x)
    return [{"kind": "text", "label": None, "text": text}] if text else []


def not_stated_block(label: str | None) -> list[Block]:
    """A labelled "Not stated." where the report must say something and does not."""
    return [{"kind": "text", "label": label, "text": w.report("not_stated")}]


def required_text(label: str, value: Any) -> list[Block]:
    """``value`` as a text block, or "Not stated." under ``label`` when it is blank."""
    return text_block(label, value) or not_stated_block(label)


def text_blocks(c: Case, *paths: str, label: bool = True) -> list[Block]:
    out: list[Block] = []
    for path in paths:
        out += text_block(w.label(path) if label else None, c.get(path))
    return out


def isolate(value: str) -> str:
    """``value`` as a bidirectional isolate when it holds right-to-left text or
    direction controls, so that, set beside other words ("Name — Mother", the
    running header), an Arabic name keeps its place and a stray override
    (U+202E) cannot reverse the words after it. Plain text is left alone; see
    :mod:`reportgen.render.bidi` (the value is balanced first, so a stray
    U+2069 in it cannot end the isolate early)."""
    return bidi.isolate(value)


def iso(value: str | None) -> str | None:
    return isolate(value) if value else value


def child_heading(label: str) -> Block:
    """The heading of one child's part of a section in a report on several children."""
    return {"kind": "heading", "text": isolate(label), "child": True}


def person_heading(name: Any, what: str, n: int, role: str | None = None) -> str:
    head = isolate(str(name)) if answered(name) else w.phrase("unnamed", what=what, n=n)
    return f"{head} — {role}" if role else head


# --- sections ----------------------------------------------------------------


def caption(c: Case, children: list[str] | None = None) -> dict[str, Any]:
    """The caption; ``children`` names every child of a report on several children."""
    court = c.get("court") or {}
    child = c.get("child.name")
    if children:
        child = children[0] if len(children) == 1 else ", ".join(children[:-1]) + " and " + children[-1]
    rows = [
        ("court.case_number", court.get("case_number"), None),
        ("child.name", child, None),
        ("court.hearing_type", court.get("hearing_type"), "hearing_type"),
        # "Hearing date": a review report's is the review hearing's (review.hearing_date), not the disposition's
        ("dates.disposition_hearing_date", c.hearing_date, None),
        ("court.hearing_time", court.get("hearing_time"), None),
        ("court.department", court.get("department"), None),
        ("court.report_date", court.get("report_date"), None),
    ]
    out = [{"label": w.phrase("children_label") if path == "child.name" and children and len(children) > 1
             else w.label(path), "value": shown(value, enum) or w.report("not_stated")}
           for path, value, enum in rows]
    return {
        "court": court_line(court),
        "county": shown(court.get("county")),
        "in_re": w.phrase("caption_child", name=isolate(child)) if answered(child) else None,
        "person": w.phrase("caption_persons" if children and len(children) > 1 else "caption_person"),
        "title": w.report("title"),
        "rows": out,
    }


def court_line(court: dict[str, Any]) -> str:
    """The court's name, with the county when the name does not say it."""
    name, county = shown(court.get("court_name")), shown(court.get("county"))
    if county and not name:
        return w.phrase("court_of_county", county=county)
    if county and name and w.squash(county) not in w.squash(name):
        return f"{name}, {w.phrase('county_of', county=county)}"
    return name or w.report("not_stated")


def letterhead(c: Case) -> dict[str, Any] | None:
    """The agency's name, address lines and telephone, or None when the case
    names no agency (the report then has no letterhead rather than a blank one)."""
    agency = c.get("agency") or {}
    name = shown(agency.get("name"))
    lines = [b["text"] for b in paragraphs(None, agency.get("address"))]
    phone = shown(agency.get("phone"))
    if phone:
        lines.append(w.phrase("agency_phone", phone=phone))
    if not name and not lines:
        return None
    return {"name": name or "", "lines": lines}


def narrative(field: str) -> Callable[[Case], list[Block]]:
    """The builder of one narrative section (``narrative.<field>``): its paragraphs, no label."""
    def build(c: Case) -> list[Block]:
        return paragraphs(None, c.get(f"narrative.{field}"))
    return build


def statements(c: Case, kids: list[dict[str, Any]] | None = None) -> list[Block]:
    """What the child (each child of ``kids``, for a report on several) and each
    parent told the worker, each under the person's name."""
    blocks: list[Block] = []
    for kid in kids if kids is not None else [c.get("child") or {}]:
        name = kid.get("name")
        child = f"{isolate(str(name))} — {w.phrase('child_role')}" if answered(name) else w.phrase("the_child")
        blocks += paragraphs(child, kid.get("child_statement"))
    for i, parent in c.items("parents"):
        label = person_heading(parent.get("name"), "Parent", i + 1, shown(parent.get("role"), "parent_role"))
        blocks += paragraphs(label, parent.get("statement"))
    return blocks


#: The orders a child may hold for itself, with their word tables (schema.ChildOrdersSchema).
CHILD_ORDERS = (("disposition_option", "disposition_option"), ("stated_fr_months", "fr_months"),
                ("stated_six_month_review_date", None), ("stated_permanency_hearing_date", None))


def findings(c: Case, kids: list[tuple[str, dict[str, Any]]] | None = None) -> list[Block]:
    """The recommended findings and orders; for a report on several children
    (``kids``: each child's name and view) the orders a child holds for itself
    print in one table, a row a child, and the family's block leaves them out."""
    rec = c.get("recommended") or {}
    own = [k for k, _ in CHILD_ORDERS if kids and any(answered(Case.at(v, f"recommended.{k}")) for _, v in kids)]
    nxt = rec.get("next_hearing") or {}
    next_text = " — ".join(x for x in (iso(shown(nxt.get("type"))), shown(nxt.get("date"))) if x) or None
    blocks = facts_block(rec, "recommended", [
        ("disposition_option", "disposition_option"),
        ("stated_fr_months", "fr_months"),
        ("sibling_group_rule", "sibling_group_rule"),
        ("stated_six_month_review_date", None),
        ("stated_permanency_hearing_date", None),
        ("limits_parent_education_rights", None),
    ], optional=("sibling_group_rule", "limits_parent_education_rights", *own))
    if next_text:
        row = {"label": w.label("recommended.next_hearing"), "value": next_text}
        blocks = blocks or [{"kind": "facts", "title": None, "rows": []}]
        blocks[0]["rows"].append(row)
    if own and kids:
        enums = dict(CHILD_ORDERS)
        blocks.append(table_block(
            "orders", w.phrase("child_orders"), [w.phrase("child_column")] + [w.label(f"recommended.{k}") for k in own],
            [[isolate(label)] + [shown(Case.at(v, f"recommended.{k}"), enums[k]) or w.report("not_stated")
                                 for k in own] for label, v in kids]))
    return blocks + text_blocks(c, "recommended.removal_grounds", "recommended.findings")


def _who(parent: dict[str, Any], roles: list[Any]) -> tuple[str, bool]:
    """How sentences name a parent: "the mother" when the role is one no other
    parent has, else the name; ``True`` when that is a name (kept as written)."""
    role, name = parent.get("role"), parent.get("name")
    if answered(role) and roles.count(role) == 1:
        return w.clause("parent_role", role), False
    if answered(name):
        return isolate(str(name)), True
    return w.phrase("this_parent"), False


def parent_facts(parent: dict[str, Any], roles: list[Any], kids: dict[str, str] | None = None) -> list[Block]:
    """A parent's yes/no and enumerated facts as sentences ("The mother is not
    incarcerated and is not in residential treatment."). ``kids`` names the
    children of a report on several children by id, so that a parent of some
    of them is said to be theirs ("... is the alleged father of Mateo")."""
    who, is_name = _who(parent, roles)
    whose = w.possessive(who)
    name, role, parentage = parent.get("name"), parent.get("role"), parent.get("parentage_status")

    def say(text: str | None, starts_with_who: bool = True) -> str | None:
        return w.sentence(text, starts_with_name=is_name and starts_with_who) if text else None

    def fact(field: str) -> str | None:
        return w.fact(f"parents[].{field}", parent.get(field), who=who, whose=whose)

    sentences: list[str | None] = []
    gaps: list[str | None] = []
    theirs = [kids[k] for k in parent.get("children") or [] if kids and k in kids]
    if answered(name):
        role_words = w.clause("parent_role", role) if answered(role) else w.phrase("a_parent")
        text = (w.phrase("parent_of", name=isolate(str(name)), role=role_words, children=w.join(theirs)) if theirs
                else w.phrase("parent_is", name=isolate(str(name)), role=role_words))
        if answered(parentage):
            text += f" ({w.phrase('parentage', text=parentage)})"
        sentences.append(w.sentence(text, starts_with_name=True))
    elif answered(parentage):
        sentences.append(w.sentence(w.phrase("parentage", text=parentage)))
    status = parent.get("status")
    if answered(status):
        sentences.append(say(w.clause("parent_status", status, who=who, whose=whose)))
    if not answered(role):
        gaps.append(w.phrase("role_gap", whose=whose))
    if not answered(parentage):
        gaps.append(w.phrase("parentage_gap", whose=whose))
    known = parent.get("whereabouts_known")
    if known is None:
        gaps.append(fact("whereabouts_known"))
    else:
        sentences.append(say(fact("whereabouts_known")))
    doing: list[str] = []
    for field in ("lived_with_child_at_300_events", "incarcerated", "in_residential_treatment"):
        if parent.get(field) is None:
            gaps.append(fact(field))
        elif field == "incarcerated" and parent[field] and answered(parent.get("facility")):
            doing.append(w.phrase("incarcerated_at", facility=parent["facility"]))
        else:
            doing.append(fact(field) or "")
    if doing:
        sentences.append(say(f"{who} {w.join(doing)}"))
    if parent.get("incarcerated") and parent.get("release_date"):
        sentences.append(say(w.phrase("released", whose=whose, date=w.fmt_date(parent["release_date"]))))
    advised = parent.get("adoption_planning_advised")
    if advised is None:
        gaps.append(fact("adoption_planning_advised"))
    else:
        sentences.append(say(f"{who} {fact('adoption_planning_advised')}"))
    given = parent.get("letter_given") or {}
    if answered(given):  # the plan disclosed to the parent in plain words (reportgen.letter)
        sentences.append(say(w.phrase(
            "letter_given", who=who,
            date=w.phrase("letter_on", date=w.fmt_date(given["date"])) if given.get("date") else "",
            method=f" {w.enum_word('letter_method', given['method'])}" if answered(given.get("method")) else "",
            language=f", {w.enum_word('letter_language', given['language'])}" if answered(given.get("language")) else "",
        )))
    recommended = Case.at(parent, "reunification.recommended")
    if answered(recommended):
        sentences.append(say(w.clause("reunification", recommended, who=who), starts_with_who=False))
    else:
        gaps.append(w.fact("parents[].reunification.recommended", None, who=who))
    return prose_block(sentences, gaps)


def due_diligence(parent: dict[str, Any], roles: list[Any]) -> list[Block]:
    """The search made for a parent who cannot be found: when, how, with what result."""
    search = parent.get("due_diligence") or {}
    if not answered(search):
        return []
    name = parent.get("name")
    whom = isolate(str(name)) if answered(name) else _who(parent, roles)[0]
    start, end = search.get("started_date"), search.get("completed_date")
    spans = w.phrase("searched_span")
    span = (spans["both"] if start and end else spans["started"] if start else spans["completed"] if end else "")
    text = w.phrase("searched", whom=whom, span=span.format(start=start and w.fmt_date(start),
                                                            end=end and w.fmt_date(end)))
    label = w.phrase("due_diligence", whom=whom)
    return ([{"kind": "text", "label": label, "text": text}]
            + paragraphs(w.label("parents[].due_diligence.methods"), search.get("methods"))
            + paragraphs(w.label("parents[].due_diligence.result"), search.get("result")))


def other_child_sentence(child: dict[str, Any]) -> str:
    """A child who is not before the court, in one sentence ("Jayden Cole, born
    March 2, 2012 (half-brother), lives with his father and is a sibling of the child.")."""
    name = child.get("name")
    born = f", {w.phrase('born', date=w.fmt_date(child['dob']))}" if child.get("dob") else ""
    rel = aside(child["relationship"]) if answered(child.get("relationship")) else ""
    head = (w.phrase("other_child", name=isolate(str(name)), born=born, relationship=rel) if answered(name)
            else w.phrase("other_child_unnamed") + born + rel)
    if child.get("is_sibling") is not None:
        head = f"{head.rstrip(',')}, {w.fact('other_children[].is_sibling', child['is_sibling'])},"
    if answered(child.get("lives_with")):
        # "Jayden Cole, born March 2, 2012 (half-brother), a sibling of the child, lives with ..."
        head = head.rstrip(",") + ("," if born or head.endswith(",") else "")
        head = f"{head} {w.phrase('lives_with', who=iso(str(child['lives_with'])))}"
    return w.sentence(head.rstrip(","), starts_with_name=answered(name))


def other_children(label: str, kids: Any) -> list[Block]:
    """Children who are not before the court (a parent's other children, the
    children living in the placement home), one sentence each under ``label``."""
    listed = [k for k in kids or [] if isinstance(k, dict) and answered(k)]
    return [{"kind": "text", "label": label if i == 0 else None, "text": other_child_sentence(k)}
            for i, k in enumerate(listed)]


def services(c: Case, kids: dict[str, str] | None = None) -> list[Block]:
    """The parents and their services; ``kids`` (a report on several children:
    each child's name by id) lets a parent of only some of them be said to be theirs."""
    blocks = text_blocks(c, "reasonable_efforts", "reunification_plan")
    parents = [p for _, p in c.items("parents")]
    roles = [p.get("role") for p in parents]
    # a review report prints each service's progress once, in its own section (render/review_sections.py)
    review = c.get("court.hearing_type") not in (None, "disposition")
    for i, parent in enumerate(parents):
        theirs = [kids[k] for k in parent.get("children") or [] if kids and k in kids]
        with w.about(theirs) if theirs else contextlib.nullcontext():
            blocks += parent_blocks(i, parent, roles, kids, progress=not review)
    return blocks


def parent_blocks(i: int, parent: dict[str, Any], roles: list[Any], kids: dict[str, str] | None,
                  progress: bool = True) -> list[Block]:
    """One parent in the services section: facts as sentences, the search for an
    absent parent, other children, requests, the bypass and the services (with their
    progress unless ``progress`` is False: a review report prints it in its own section)."""
    blocks: list[Block] = []
    role = shown(parent.get("role"), "parent_role")
    blocks.append({"kind": "heading", "text": person_heading(parent.get("name"), "Parent", i + 1, role)})
    blocks += parent_facts(parent, roles, kids)
    blocks += due_diligence(parent, roles)
    who, is_name = _who(parent, roles)
    blocks += other_children(w.sentence(w.phrase("other_children_of", whose=w.possessive(who)),
                                        starts_with_name=is_name).rstrip("."), parent.get("other_children"))
    in_sentence = bool(parent.get("incarcerated"))  # the facility and release date are said above
    blocks += facts_block(parent, "parents[]", [
        ("custody_request", None),
        ("facility", None),
        ("release_date", None),
        ("barriers_to_services", None),
        ("contact_plan", None),
        ("prior_services_offered", None),
        ("adoption_planning_response", None),
        ("reunification.not_applicable_reason", None),
    ] if not in_sentence else [
        ("custody_request", None),
        ("barriers_to_services", None),
        ("contact_plan", None),
        ("prior_services_offered", None),
        ("adoption_planning_response", None),
        ("reunification.not_applicable_reason", None),
    ], optional=("custody_request", "facility", "release_date", "barriers_to_services",
                 "contact_plan", "reunification.not_applicable_reason"))
    reun = parent.get("reunification") or {}
    if reun.get("recommended") == "bypass" or answered(reun.get("bypass")):
        bypass = reun.get("bypass") or {}
        blocks += facts_block(bypass, "parents[].reunification.bypass",
                         [("subdivision", None), ("facts", None), ("parent_notified_date", None)],
                         title=w.phrase("bypass_heading")) or not_stated_block(w.phrase("bypass_heading"))
    services = [s for s in reun.get("services") or [] if isinstance(s, dict)]
    for n, service in enumerate(services, start=1):
        name = service.get("service")
        title = (w.phrase("service_heading", n=n, name=isolate(str(name))) if answered(name)
                 else w.phrase("unnamed_service", n=n))
        blocks += facts_block(service, "parents[].reunification.services[]", [
            ("provider", None), ("frequency", None), ("start_date", None), ("goal", None),
            ("addresses_problem", None), *([("progress", None)] if progress else []),
        ], title=title, optional=("start_date", "progress")) or [{"kind": "text", "label": None, "text": title}]
    if reun.get("recommended") == "services" and not services:
        blocks.append({"kind": "text", "label": None, "text": w.phrase("services_none_listed")})
    return blocks


def aside(text: Any) -> str:
    """`` (maternal aunt)`` after a name; with commas when the words hold
    parentheses of their own, so they never nest."""
    words = iso(str(text)) or ""
    return f", {words}," if "(" in words else f" ({words})"


def _same_person(a: Any, b: Any) -> bool:
    return answered(a) and answered(b) and " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()


def plan_people(c: Case) -> list[Block]:
    """The plan's goal, the family it names and the current caregiver's
    willingness, each fact beside the person it belongs to: the caregiver's
    "not willing" must never read as the prospective family's refusal."""
    plan = c.get("concurrent_plan") or {}
    family = plan.get("prospective_family") or {}
    caregiver = c.get("placement.caregiver") or {}
    goal = plan.get("goal")
    sentences: list[str | None] = []
    gaps: list[str | None] = []
    if answered(goal):
        words = w.clause("plan_goal", goal)
        other = plan.get("goal_other")
        sentences.append(w.phrase("plan_is_other", goal=words, named=iso(str(other))) if goal == "other"
                         and answered(other) else w.phrase("plan_is", goal=words))
    else:
        gaps.append(w.phrase("plan_goal_gap"))
    kinds = w.phrase("family_kind")
    kind = kinds.get(str(goal), kinds["default"])
    family_name = family.get("name")
    if answered(family):
        name = isolate(str(family_name)) if answered(family_name) else w.phrase("family_unnamed")
        text = w.phrase("family_is", kind=kind, name=name)
        if answered(family.get("relationship")):
            text += aside(family["relationship"]).rstrip(",")
        current = w.fact("concurrent_plan.prospective_family.is_current_caregiver", family.get("is_current_caregiver"))
        if family.get("is_current_caregiver") is not None and current:
            text += f", {current}"
        together = w.fact("concurrent_plan.prospective_family.includes_siblings", family.get("includes_siblings"))
        if family.get("includes_siblings") is not None and together:
            text += ", " + w.phrase("family_siblings", pred=together)
        sentences.append(w.sentence(text))
        sentences += family_answers(family, kind)
    else:
        gaps.append(w.phrase("family_gap", kind=kind))
    willing = c.get("placement.caregiver_permanency_willingness")
    cg_name = caregiver.get("name")
    family_is_caregiver = answered(family_name) and (
        family.get("is_current_caregiver") is True or _same_person(family_name, cg_name))
    # The caregiver is named in apposition ("The current caregiver, Dana Whitlock, is ..."):
    # the subject stays singular for a couple, and the sentence cannot be read as the family's.
    named = ""
    if answered(cg_name):
        rel = caregiver.get("relationship")
        named = f", {isolate(str(cg_name))}"
        if answered(rel) and not family_is_caregiver:  # the family's sentence already gave it
            named += aside(rel).rstrip(",")
        named += ","
    if answered(willing) and family_is_caregiver and family.get("willingness") == willing:
        pass  # the family's own sentence above says it, with when and whether in writing
    elif answered(willing):
        sentences.append(w.phrase("caregiver_willingness", name=named, willingness=w.clause("willingness", willing)))
    else:
        gaps.append(w.phrase("caregiver_willingness_gap", name=named))
    target = plan.get("target_date")
    if target:
        sentences.append(w.phrase("target_date", date=w.fmt_date(target)))
    else:
        gaps.append(w.phrase("target_date_gap"))
    return prose_block(sentences, gaps)


def _dated(forms: dict[str, str], key: Any, day: Any) -> str:
    return (forms.get(str(key)) or forms["default"]).format(date=w.fmt_date(day)) if day else ""


def family_answers(family: dict[str, Any], kind: str) -> list[str]:
    """The prospective family's own answer on permanence (in writing or not, when)
    and its own assessment, said of the family by its name: they are never the
    current caregiver's answers unless the family is the caregiver."""
    name = family.get("name")
    named = f", {isolate(str(name))}," if answered(name) else ""
    out: list[str] = []
    willing = family.get("willingness")
    if answered(willing):
        writing, day = family.get("willingness_in_writing"), family.get("willingness_date")
        forms = w.phrase("family_in_writing")
        key = ("yes" if writing else "no") if writing is not None else None
        how = forms[f"{key}_dated" if day else key] if key else forms["dated"] if day else ""
        out.append(w.phrase("family_willingness", kind=kind, name=named,
                            willingness=w.clause("willingness", willing),
                            how=how.format(date=day and w.fmt_date(day))))
    status, day = family.get("assessment_status"), family.get("assessment_date")
    if answered(status):
        out.append(w.phrase("family_assessment", kind=kind, name=named, status=w.clause("assessment_status", status),
                            date=_dated(w.phrase("family_assessment_date"), status, day)))
    return out


def concurrent_plan(c: Case) -> list[Block]:
    plan = c.get("concurrent_plan") or {}
    placement = c.get("placement") or {}
    if not (answered(plan) or answered(placement.get("caregiver_permanency_willingness"))
            or answered(placement.get("caregiver_permanency_suitability"))):
        return []
    blocks = plan_people(c)
    kinds = w.phrase("family_kind")
    kind = kinds.get(str(plan.get("goal")), kinds["default"])
    blocks += paragraphs(w.phrase("family_assessment_notes", kind=kind),
                         (plan.get("prospective_family") or {}).get("assessment_notes"))
    blocks += text_blocks(c, "concurrent_plan.goal_reason")
    cg_name = c.get("placement.caregiver.name")
    blocks += required_text(
        w.phrase("suitability_of", name=f", {isolate(str(cg_name))}," if answered(cg_name) else ""),
        placement.get("caregiver_permanency_suitability"))
    blocks += text_blocks(c, "concurrent_plan.family_search_steps", "concurrent_plan.alternative_home_efforts")
    steps = [s for s in plan.get("steps") or [] if isinstance(s, dict)]
    if steps:
        blocks.append(table_block(
            "steps", w.phrase("concurrent_steps"), list(w.phrase("steps_columns")),
            [[shown(s.get("action")) or w.report("not_stated"), shown(s.get("responsible")) or "",
              shown(s.get("due_date")) or ""] for s in steps],
        ))
    for path in ("why_realistic", "short_term_needs", "long_term_needs"):
        blocks += required_text(w.label(f"concurrent_plan.{path}"), plan.get(path))
    blocks += text_blocks(c, "concurrent_plan.sibling_permanency_note")
    if plan.get("goal") == "appla" or answered(plan.get("appla_compelling_reason")):
        blocks += required_text(w.label("concurrent_plan.appla_compelling_reason"),
                                plan.get("appla_compelling_reason"))
    return blocks


def placement_facts(c: Case) -> list[Block]:
    """Where and with whom the child lives, as sentences."""
    placement = c.get("placement") or {}
    caregiver = placement.get("caregiver") or {}
    name, rel = caregiver.get("name"), caregiver.get("relationship")
    sentences: list[str | None] = []
    gaps: list[str | None] = []
    if answered(name):
        person = isolate(str(name)) + (aside(rel) if answered(rel) else "")
    else:
        person = w.phrase("unnamed_caregiver")
        gaps.append(w.fact("placement.caregiver.name", None))
    if answered(name) and not answered(rel):
        gaps.append(w.fact("placement.caregiver.relationship", None))
    if placement.get("date_placed"):
        sentences.append(w.phrase("placed_with", caregiver=person, date=w.fmt_date(placement["date_placed"])))
    else:
        sentences.append(w.phrase("placed_with_undated", caregiver=person.rstrip(",")))
        gaps.append(w.fact("placement.date_placed", None))
    if answered(placement.get("type")):
        sentences.append(w.phrase("placement_is", kind=w.clause("placement_type", placement["type"])))
    else:
        gaps.append(w.fact("placement.type", None))
    doing = []
    for field in ("is_relative", "approved"):
        said = w.fact(f"placement.caregiver.{field}", caregiver.get(field))
        if caregiver.get(field) is None:
            gaps.append(said)
        elif said:
            doing.append(said)
    if doing:
        sentences.append(w.sentence(f"{w.phrase('the_caregiver')} {w.join(doing)}"))
    return prose_block(sentences, gaps)


def placement(c: Case) -> list[Block]:
    placement = c.get("placement") or {}
    if not answered(placement):
        return []
    blocks = placement_facts(c)
    blocks += text_blocks(c, "placement.reason")
    unlicensed = placement.get("type") in {"relative", "nrefm"} or c.get("placement.caregiver.is_relative")
    checks = placement.get("relative_checks")
    if unlicensed or answered(checks):
        blocks += facts_block(checks or {}, "placement.relative_checks", [
            ("home_visit_date", None), ("clets_check_date", None), ("fingerprint_date", None),
            ("child_abuse_check_date", None),
        ], title=w.phrase("checks_heading")) or not_stated_block(w.phrase("checks_heading"))
    in_home = placement.get("other_children_in_home")
    if in_home is not None:
        blocks.append({"kind": "text", "label": None, "text": w.fact("placement.other_children_in_home", in_home)})
    blocks += other_children(w.phrase("other_children_in_home"), placement.get("other_children"))
    blocks += text_blocks(c, "placement.school_of_origin_considered")
    if c.reason_to_know or answered(placement.get("icwa_placement_preference_compliance")):
        blocks += required_text(w.label("placement.icwa_placement_preference_compliance"),
                                placement.get("icwa_placement_preference_compliance"))
    return blocks


def sibling_facts(sib: dict[str, Any]) -> list[Block]:
    """A sibling's date of birth and yes/no facts as one sentence ("Diego
    Ramírez, born June 1, 2017, is under the court's jurisdiction, ...")."""
    name = sib.get("name")
    who = isolate(str(name)) if answered(name) else w.phrase("this_sibling")
    gaps: list[str | None] = []
    if sib.get("dob"):
        who += ", " + w.phrase("born", date=w.fmt_date(sib["dob"])) + ","
    else:
        gaps.append(w.phrase("dob_gap"))
    doing = []
    if sib.get("half_sibling") is not None:
        doing.append(w.fact("siblings[].half_sibling", sib["half_sibling"]) or "")
    for field in ("under_court_jurisdiction", "removed_same_time", "placed_together"):
        said = w.fact(f"siblings[].{field}", sib.get(field))
        if sib.get(field) is None:
            if field == "removed_same_time" and sib.get("under_court_jurisdiction") is False:
                continue  # a sibling outside the court's jurisdiction was not removed: nothing to state
            gaps.append(said)
        elif said:
            doing.append(said)
    text = w.sentence(f"{who} {w.join(doing)}", starts_with_name=answered(name)) if doing else None
    return prose_block([text], gaps)


def siblings(c: Case, described: set[str] | None = None, seen: dict[str, tuple[str, list[Block]]] | None = None,
             label: str = "") -> list[Block]:
    """The child's siblings. In a report on several children (``described``: the
    names of the children whose part came before) each heading says what the
    sibling is; a sibling who is a child of the report described in an earlier
    part is only named ("Described above, under their own names: ..."), and a
    sibling not before the court whose relationship and visits read the same as
    under an earlier child (``seen``: by name, that child's ``label`` and the
    blocks) gets its sentence and a pointer there, not the same facts again."""
    blocks: list[Block] = []
    if c.get("has_siblings") is False:
        blocks.append({"kind": "text", "label": None, "text": w.phrase("no_siblings")})
    blocks += text_blocks(c, "siblings_note", label=False)
    above: list[str] = []
    for i, sib in c.items("siblings"):
        name = sib.get("name")
        if described and answered(name) and w.squash(str(name)) in described:
            above.append(isolate(str(name)))
            continue
        role = None
        if described is not None:
            role = w.phrase("half_sibling_role" if sib.get("half_sibling") else "sibling_role")
        blocks.append({"kind": "heading", "text": person_heading(name, "Sibling", i + 1, role)})
        blocks += sibling_facts(sib)
        detail = facts_block(sib, "siblings[]", [
            ("placement", None), ("relationship_description", None),
            ("maintain_relationship_appropriate", None), ("reason_apart", None),
            ("efforts_to_place_together", None), ("efforts_inappropriate_reason", None),
        ], optional=("reason_apart", "efforts_to_place_together", "efforts_inappropriate_reason", "placement"))
        apart = sib.get("placed_together") is False
        detail += facts_block(sib.get("visits"), "siblings[].visits", [
            ("frequency", None), ("nature", None), ("supervised", None), ("supervision_reason", None),
            ("no_contact_reason", None),
        ], title=w.phrase("visits_heading"), optional=("supervision_reason", "no_contact_reason")
            + (() if apart else ("frequency", "nature", "supervised")))
        key = w.squash(str(name)) if answered(name) else None
        if seen is not None and key and key in seen and seen[key][1] == detail and detail:
            blocks.append({"kind": "text", "label": None, "text": w.phrase("sibling_described", name=seen[key][0])})
            continue
        if seen is not None and key and key not in seen and label:
            seen[key] = (isolate(label), detail)
        blocks += detail
    if above:
        blocks.insert(0, {"kind": "text", "label": None, "text": w.phrase("siblings_above", names=w.join(above))})
    return blocks


def relatives(c: Case) -> list[Block]:
    rel = c.get("relatives") or {}
    blocks = facts_block(rel, "relatives", [
        ("identified_count", None), ("located_count", None), ("notified_count", None),
        ("interested_contact_count", None), ("interested_placement_count", None),
    ], title=w.phrase("relative_counts"))
    for i, person in c.items("relatives.people"):
        name = person.get("name")
        blocks.append({"kind": "heading", "text": person_heading(name, "Relative", i + 1)})
        blocks += relative_facts(person, i)
        for field in ("factors_considered", "denial_reason", "placement_ended_reason"):
            blocks += paragraphs(w.label(f"relatives.people[].{field}"), person.get(field))
        contacts = [k for k in person.get("contacts") or [] if isinstance(k, dict) and answered(k)]
        if contacts:
            name = person.get("name")
            blocks.append(table_block(
                "contacts", w.phrase("relative_contacts", name=isolate(str(name)) if answered(name)
                                     else w.phrase("unnamed", what="Relative", n=i + 1)),
                list(w.phrase("contacts_columns")),
                [[shown(k.get("date")) or w.report("not_stated"), shown(k.get("method")) or "",
                  shown(k.get("outcome")) or ""] for k in contacts]))
    return blocks


def relative_facts(person: dict[str, Any], i: int) -> list[Block]:
    """A relative's contact, notice, interest, request and assessment as sentences
    ("Teresa Morales (maternal aunt) was contacted on October 2, 2026 and notified
    ... Teresa Morales is interested in the child's placement and asked for it.")."""
    name, rel = person.get("name"), person.get("relationship")
    who = isolate(str(name)) if answered(name) else w.phrase("unnamed", what="Relative", n=i + 1)
    subject = who + (aside(rel).rstrip(",") if answered(rel) else "")
    gaps = w.phrase("relative_gaps")
    said = {"who": who, "whose": w.possessive(who)}
    missing = [] if answered(rel) else [gaps["relationship"].format(**said)]
    when = []
    for field, key in (("contacted_date", "contacted"), ("notified_date", "notified")):
        if person.get(field):
            when.append(w.phrase(f"relative_{key}", date=w.fmt_date(person[field])))
        else:
            missing.append(gaps[key].format(**said))
    sentences: list[str | None] = []
    if when:
        sentences.append(w.sentence(w.phrase("relative_was", who=subject, when=w.join(when)), starts_with_name=True))
        subject = who
    doing = []
    interest = person.get("interest")
    if answered(interest):
        doing.append(w.clause("relative_interest", interest))
    else:
        missing.append(gaps["interest"].format(**said))
    if person.get("requested_placement") is not None:
        doing.append(w.fact("relatives.people[].requested_placement", person["requested_placement"]) or "")
    if doing:
        sentences.append(w.sentence(f"{subject} {w.join(doing)}", starts_with_name=answered(name)))
    status = person.get("assessment_status")
    if answered(status):
        sentences.append(w.phrase("relative_assessment", whose=w.possessive(who),
                                  status=w.clause("assessment_status", status)))
    return prose_block(sentences, missing)


def icwa(c: Case, kids: list[tuple[str, dict[str, Any]]] | None = None) -> list[Block]:
    """The ICWA inquiry; for a report on several children (``kids``: each child's
    name and ``child`` group) each child's status, then the family's inquiry once."""
    icwa = c.get("icwa") or {}
    statuses = ([(w.phrase("indian_status_of", name=isolate(label)), kid.get("indian_status")) for label, kid in kids]
                if kids else [(w.label("child.indian_status"), c.get("child.indian_status"))])
    if not (answered(icwa) or any(answered(s) for _, s in statuses)):
        return []
    rows = [{"label": label, "value": shown(status, "indian_status") or w.report("not_stated")}
            for label, status in statuses]
    to_know = any(status in {"reason_to_know", "indian_child"} for _, status in statuses)
    known = shown(icwa.get("extended_family_known"))
    if known:
        rows.append({"label": w.label("icwa.extended_family_known"), "value": known})
    bia = shown(icwa.get("bia_notice_date"))
    if bia:
        rows.append({"label": w.label("icwa.bia_notice_date"), "value": bia})
    blocks: list[Block] = [{"kind": "facts", "title": None, "rows": rows}]
    inquiry = [q for _, q in c.items("icwa.inquiry")]
    if inquiry:
        blocks.append(table_block(
            "inquiry", w.phrase("icwa_inquiry"), list(w.phrase("icwa_inquiry_columns")),
            [[
                " — ".join(x for x in (iso(shown(q.get("person"))), shown(q.get("person_type"), "icwa_person_type")) if x),
                shown(q.get("relationship")) or "",
                shown(q.get("date")) or "",
                "\n".join(x for x in (shown(q.get("answer"), "icwa_answer"), shown(q.get("details"))) if x),
            ] for q in inquiry],
        ))
    blocks += text_blocks(c, "icwa.further_inquiry_steps")
    tribes = [t for _, t in c.items("icwa.tribes")]
    if tribes:
        blocks.append(table_block(
            "tribes", w.phrase("icwa_tribes"), list(w.phrase("tribes_columns")),
            [[shown(t.get("name")) or w.report("not_stated"), shown(t.get("notice_date")) or "",
              shown(t.get("response")) or ""] for t in tribes],
        ))
    for path in ("active_efforts", "qew"):
        value = icwa.get(path)
        if path == "qew" and isinstance(value, dict):
            value = "\n".join(x for x in (shown(value.get("name")), shown(value.get("qualifications"))) if x)
        label = w.label(f"icwa.{path}")
        blocks += required_text(label, value) if to_know else text_block(label, value)
    return blocks


def wellbeing(c: Case) -> list[Block]:
    child = c.get("child") or {}
    education = dict(child.get("education") or {})
    holder = education.get("rights_holder") or {}
    if answered(holder):
        education["rights_holder"] = " — ".join(
            x for x in (iso(shown(holder.get("name"))), shown(holder.get("relationship"))) if x)
    blocks: list[Block] = []
    if answered(child.get("education")):
        blocks += facts_block(education, "child.education", [
            ("school", None), ("grade", None), ("school_of_origin", None), ("school_changed", None),
            ("iep_504", None), ("rights_holder", None),
        ], title=w.phrase("education"), optional=("rights_holder", "school_changed", "iep_504"))
        blocks += text_block(w.label("child.education.plan"), education.get("plan"))
    blocks += facts_block(child.get("health"), "child.health", [
        ("summary", None), ("providers", None), ("medications", None), ("developmental_screening", None),
        ("mental_health", None),
    ], title=w.phrase("health"), optional=("developmental_screening", "mental_health", "medications"))
    if not blocks:
        return []  # a date of birth alone says nothing about education or health
    return child_basics(child) + blocks


def child_basics(child: dict[str, Any]) -> list[Block]:
    """The child's date of birth, gender and language in one sentence ("The child
    was born on March 15, 2020 (gender: female; language: Spanish and English).")."""
    more = "; ".join(f"{w.label(f'child.{k}').lower()}: {shown(child.get(k))}"
                     for k in ("gender", "language") if answered(child.get(k)))
    aside_ = f" ({more})" if more else ""
    if child.get("dob"):
        return prose_block([w.phrase("child_born", date=w.fmt_date(child["dob"]), more=aside_)])
    said = [w.sentence(w.phrase("child_about", more=more))] if more else []
    return prose_block(said, [w.phrase("child_dob_gap")])


def visitation(c: Case) -> list[Block]:
    blocks: list[Block] = []
    for i, parent in c.items("parents"):
        visits = facts_block(parent.get("visitation"), "parents[].visitation", [
            ("frequency", None), ("duration", None), ("supervision", "supervision"), ("location", None),
            ("who_supervises", None), ("liberalization_criteria", None),
        ], title=person_heading(parent.get("name"), "Parent", i + 1, shown(parent.get("role"), "parent_role")),
            optional=("who_supervises", "liberalization_criteria", "location", "duration"))
        blocks += visits
    return blocks


def as_of_day(c: Case, as_of: dt.date | None) -> tuple[dt.date, str]:
    """The day the timeline is judged on, and the words naming it.

    The report's own date, so that a report filed on time never prints its own
    deadlines as past however late it is rendered; the disposition hearing date
    when the report is undated; today only when the case has neither. An
    explicit ``as_of`` wins. The words depend only on the case and the day, so
    the clerk's check, which reads the day back from the page, prints them alike."""
    from reportgen.timeline import today

    report_date, hearing = c.get("court.report_date"), c.disposition_date
    day = as_of or report_date or hearing or today()
    bases = w.phrase("as_of_basis")
    if day == report_date:
        return day, f", {bases['report_date']}"
    if report_date is None and day == hearing:
        return day, f", {bases['hearing_date']}"
    return day, ""


def case_dates(c: Case) -> list[Block]:
    """The case's own dates, which the statutory dates are computed from, as sentences."""
    dates = c.get("dates") or {}
    sentences: list[str] = []
    authority = dates.get("removal_authority")
    said = f", {w.clause('removal_authority', authority)}" if answered(authority) else ""
    if dates.get("removal_date"):
        sentences.append(w.phrase("removed_on", date=w.fmt_date(dates["removal_date"]), authority=said))
    elif said:
        sentences.append(w.phrase("removed_undated", authority=said[2:]))
    detained = w.fact("dates.detained", dates.get("detained")) if dates.get("detained") is not None else None
    events = []
    for key in ("petition_filed_date", "detention_hearing_date", "jurisdiction_hearing_date"):
        if dates.get(key):
            event = w.phrase("case_date", what=w.label(f"dates.{key}"), date=w.fmt_date(dates[key]))
            if key == "detention_hearing_date" and detained:
                event, detained = f"{event} ({detained})", None
            events.append(event)
    if detained:
        events.append(detained)
    if events:
        sentences.append(w.sentence("; ".join(events[:1] + [e[0].lower() + e[1:] for e in events[1:]])))
    return prose_block(sentences)


def _timeline_table(c: Case, day: dt.date, notes: list[str]) -> Block | None:
    """The statutory dates of one child as a table; each distinct note is added
    to ``notes`` (most entries share the month-arithmetic caveat) and referred
    to by its number."""
    from reportgen.timeline import compute

    rows: list[list[str]] = []
    lines: list[str] = []
    for entry in compute(c, as_of=day):
        when = w.fmt_date(entry.date) if entry.date else w.phrase(
            "timeline_missing", fields=", ".join(w.label(p) for p in entry.missing) or w.report("not_stated"))
        event = entry.label
        if entry.note:
            note = w.said(entry.note)  # reportgen.timeline's words, never the worker's
            if note not in notes:
                notes.append(note)
            event += f" [{notes.index(note) + 1}]"
        status = [*entry.flags, *([w.phrase("timeline_done", what=entry.done)] if entry.done else [])]
        rows.append([
            "\n".join(x for x in (event, entry.formula) if x),
            "\n".join([when, *status]),
            entry.citation,
        ])
        flags = f" ({'; '.join(status)})" if status else ""
        basis = " ".join(x for x in (entry.formula, f"({entry.citation})" if entry.citation else "") if x)
        lines.append(f"{event}: {when}{flags}" + (f" — {basis}" if basis else ""))
    return table_block("timeline", None, list(w.phrase("timeline_columns")), rows, lines) if rows else None


def _as_of_block(day: dt.date, day_words: str) -> Block:
    return {"kind": "text", "label": None, "text": w.phrase("timeline_as_of", date=w.fmt_date(day), basis=day_words)}


def _notes_block(notes: list[str]) -> list[Block]:
    return [{"kind": "text", "label": w.phrase("timeline_notes"),
             "text": "\n".join(f"[{i}] {note}" for i, note in enumerate(notes, start=1))}] if notes else []


def timeline(c: Case, as_of: dt.date | None) -> list[Block]:
    day, day_words = as_of_day(c, as_of)
    notes: list[str] = []
    table = _timeline_table(c, day, notes)
    if table is None:
        return []
    return [*case_dates(c), _as_of_block(day, day_words), table, *_notes_block(notes)]


def family_timeline(family: Case, kids: list[tuple[str, Case]], as_of: dt.date | None) -> list[Block]:
    """The timeline of a report on several children: the family's dates and the
    day they are judged on once, each child's statutory dates under the child's
    name (a child removed on another day says so), the notes once at the end."""
    day, day_words = as_of_day(family, as_of)
    notes: list[str] = []
    blocks: list[Block] = [*case_dates(family), _as_of_block(day, day_words)]
    tables = []
    for label, case in kids:
        with w.about(isolate(label) if label else None):  # a note about "the child" names the child
            tables.append(_timeline_table(case, day, notes))
    # a date that is the same for every child (the hearing, the report, the case plan) prints once
    shared = set.intersection(*(set(t["lines"]) if t else set() for t in tables))

    def part(table: Block, keep: Callable[[str], bool]) -> Block:
        pairs = [(row, line) for row, line in zip(table["rows"], table["lines"], strict=True) if keep(line)]
        return {**table, "rows": [r for r, _ in pairs], "lines": [x for _, x in pairs]}

    first = tables[0]
    if shared and first:
        blocks += [child_heading(w.phrase("timeline_all")), part(first, lambda line: line in shared)]
    removed = family.get("dates.removal_date")
    for (label, case), table in zip(kids, tables, strict=True):
        own = case.get("dates.removal_date")
        blocks.append(child_heading(label))
        if own and own != removed:
            blocks += case_dates(Case({"dates": {"removal_date": own,
                                                  "removal_authority": case.get("dates.removal_authority")}}))
        mine = part(table, lambda line: line not in shared) if table else None
        blocks += [mine] if mine and mine["rows"] else not_stated_block(None) if not table else []
    return blocks + _notes_block(notes)


def attachments(c: Case) -> list[Block]:
    rows = [{"label": shown(a.get("title")) or w.report("not_stated"), "value": shown(a.get("description")) or ""}
            for _, a in c.items("attachments")]
    blocks: list[Block] = [{"kind": "facts", "title": None, "rows": rows}] if rows else []
    blocks += facts_block(c.get("case_plan"), "case_plan", [
        ("completed_date", None), ("attached", None), ("parent_signed", None), ("child_signed", None),
    ], title=w.phrase("case_plan"))
    return blocks


def approval_line(approval: dict[str, Any]) -> str:
    """The supervisor's approval as recorded (``approval``, written by the wizard's server):
    "Approved December 2, 2026 · version 3", or "Not approved (version 4)" for a version
    not approved; "" when the case carries no approval record (a case file). Never from
    typed text: ``supervisor.approved_date`` is not printed."""
    version = approval.get("version")
    at = approval.get("approved_at")
    if at is not None and approval.get("supervisor"):
        line = str(w.phrase("approved_on", date=w.fmt_date(at.date() if isinstance(at, dt.datetime) else at)))
        return f"{line} · {w.phrase('approved_version', version=version)}" if version is not None else line
    return str(w.phrase("not_approved", version=version)) if version is not None else ""


def signatures(c: Case) -> dict[str, Any]:
    worker = c.get("social_worker") or {}
    supervisor = c.get("supervisor") or {}
    approval = c.get("approval") or {}
    approver = shown(approval.get("supervisor")) if approval.get("approved_at") else None
    return {
        "title": w.section("signatures")["title"],
        "submitted": w.phrase("submitted"),
        "agency": letterhead(c),
        "signature_line": w.phrase("signature_line"),
        "date_line": w.phrase("date_line"),
        "people": [
            {"role": w.phrase("social_worker"), "name": shown(worker.get("name")) or w.report("not_stated"),
             "detail": " · ".join(x for x in (shown(worker.get("unit")), shown(worker.get("phone"))) if x)},
            {"role": w.phrase("supervisor"),
             "name": approver or shown(supervisor.get("name")) or w.report("not_stated"),
             "detail": approval_line(approval)},
        ],
    }


def appendix(objections: list[dict[str, Any]], findings: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not objections:
        return None
    warnings = sum(1 for f in findings if f["severity"] == "warn")
    notes = sum(1 for f in findings if f["severity"] == "info")
    count = len(objections)
    return {
        "title": w.section("appendix")["title"],
        "intro": w.phrase("appendix_intro", count=count, noun=w.plural(count, "objection")),
        "other": w.phrase("appendix_other", warnings=warnings, warning_noun=w.plural(warnings, "warning"),
                          notes=notes, note_noun=w.plural(notes, "note")) if warnings or notes else "",
        "citation_label": w.phrase("finding_citation"),
        "fields_label": w.phrase("finding_fields"),
        "entries": [
            {"heading": f"{f['code']} {f['name']}", "message": f["message"], "citation": f["citation"],
             "fields": ", ".join(f["fields"])}
            for f in objections
        ],
    }

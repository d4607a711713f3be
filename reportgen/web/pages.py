"""Step pages built from the spec: every field bound to its concrete path, its
value, its errors and the findings that point at it.

The templates only lay these objects out; every decision about what a page
shows (which items a repeat has, where a finding goes, whether a section is
hidden) is made here, where it can be tested without a browser.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from reportgen import timeline
from reportgen.case import blank
from reportgen.family import child_views
from reportgen.rules import Finding
from reportgen.schema import Date
from reportgen.web.checking import Evaluation
from reportgen.web.forms import (
    FieldSpec,
    FormSpec,
    SectionSpec,
    StepSpec,
    applies,
    child_index,
    child_name,
    children_of,
    display,
    field_id,
    get_in,
    kind_of,
    max_items,
    normalize,
)

#: A name in an item's legend is cut here: a very long legal name must not stretch the page.
LEGEND_NAME = 80
#: The schema asks for ISO dates (right for a JSON file); the wizard reads dates as people type
#: them (:func:`reportgen.web.forms.typed_date`), so its message shows those ways instead.
SCHEMA_DATE_ERROR = str(Date().error_messages["invalid"])
WIZARD_DATE_ERROR = "is not a date; write it as 12/02/2026 or 2026-12-02 (month first; 12/2/26 is read as 2026)"
#: The statutory dates (reportgen.timeline entry keys) shown beside the field where the worker
#: types the date they bound: the hearing is set, or the review asked for, against its limit.
DEADLINES: dict[str, tuple[str, ...]] = {
    "dates.disposition_hearing_date": ("disposition_deadline",),
    "recommended.stated_six_month_review_date": ("six_month_review", "fr_period_end"),
    "recommended.stated_permanency_hearing_date": ("permanency_12m",),
    "children[].recommended.stated_six_month_review_date": ("six_month_review", "fr_period_end"),
    "children[].recommended.stated_permanency_hearing_date": ("permanency_12m",),
}


@dataclass
class Feedback:
    """What is attached to one place on the page."""

    errors: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class BoundField:
    path: str
    id: str
    label: str
    help: str
    widget: str
    value: str
    options: list[tuple[str, str]]
    readonly: bool
    feedback: Feedback = field(default_factory=Feedback)
    warning: str = ""
    warning_shown: bool = False
    warn_equals: str = ""
    show_if: str = ""  # the conditions (JSON) under which the field applies; "" always
    hidden: bool = False  # does not apply to this case and holds no answer
    deadlines: list[str] = field(default_factory=list)  # "Deadline: 2026-12-02 — …, WIC §…"
    deadline_slot: bool = False  # a date field a deadline may sit beside (filled again by autosave)

    @property
    def anchor(self) -> str:
        """Where an error-summary link lands: the first control of the field."""
        return f"{self.id}-true" if self.widget == "bool" else self.id

    @property
    def describedby(self) -> str:
        ids = [f"{self.id}-help"] if self.help else []
        if self.deadline_slot:
            ids.append(f"{self.id}-deadline")
        ids.append(f"{self.id}-fb")
        if self.warning:
            ids.append(f"{self.id}-warn")
        return " ".join(ids)


@dataclass
class Group:
    """A section, a repeat (list of items) or one item of a repeat."""

    kind: str  # "section" | "repeat" | "item"
    id: str
    path: str
    legend: str
    intro: str = ""
    fields: list[BoundField] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    feedback: Feedback = field(default_factory=Feedback)
    hidden: bool = False
    show_if: str = ""  # the conditions (JSON) under which the group applies; "" always
    done: bool = False  # an entry every applicable field of which is answered, with nothing to fix: shown folded
    add_label: str = ""
    remove_label: str = ""
    empty_text: str = ""
    fixed: bool = False
    limit: int = 0  # a repeat's most entries (the schema's limit); 0 for sections and items

    @property
    def full(self) -> bool:
        """A repeat holding its most entries: "Add" is refused."""
        return self.kind == "repeat" and len(self.groups) >= self.limit


@dataclass
class StepPage:
    step: StepSpec
    groups: list[Group]
    anchors: dict[str, BoundField | Group]
    general: Feedback = field(default_factory=Feedback)
    summary: list[tuple[str, str, str]] = field(default_factory=list)  # (anchor, label, message)

    def fields(self) -> list[BoundField]:
        return [a for a in self.anchors.values() if isinstance(a, BoundField)]


def _options(spec: FormSpec, path: str, widget: str, choices: tuple[Any, ...]) -> list[tuple[str, str]]:
    if widget == "bool":
        return [("true", "Yes"), ("false", "No"), ("", "Not answered")]
    if widget == "choice":
        return [(str(c), spec.choice_label(path, c)) for c in choices]
    return []


def _all_fields(group: Group) -> list[BoundField]:
    return group.fields + [f for g in group.groups for f in _all_fields(g)]


def _reveal(groups: list[Group]) -> bool:
    """Show every part that has something to say (an error, a finding) although its
    condition does not hold, and the groups around it; True when any was shown."""
    shown = False
    for g in groups:
        inner = _reveal(g.groups)
        for f in g.fields:
            if f.feedback.errors or f.feedback.findings:
                f.hidden = False
                inner = True
        if g.hidden and (inner or g.feedback.errors or g.feedback.findings):
            g.hidden = False
        shown = shown or inner or bool(g.feedback.errors or g.feedback.findings)
    return shown


def _has_feedback(group: Group) -> bool:
    return bool(group.feedback.errors or group.feedback.findings) or any(
        f.feedback.errors or f.feedback.findings for f in group.fields) or any(_has_feedback(g) for g in group.groups)


def _fold_done(groups: list[Group]) -> None:
    """Mark each entry of a list (a parent, a child, a service, a relative ...) done when every
    field of it that applies is answered and nothing in it asks for attention: the page shows it
    folded under its name, so a long step shows what is left to do."""
    for g in groups:
        if g.kind == "item":
            shown = [f for f in _all_fields(g) if not f.hidden]
            g.done = bool(shown) and all(f.value for f in shown) and not _has_feedback(g)
        _fold_done(g.groups)


def _value_text(values: dict[str, Any], raw: dict[str, Any], path: str) -> str:
    if path in values:
        return str(values[path])
    return display(get_in(raw, path))


def _item_legend(sec: SectionSpec, item: Any, n: int) -> str:
    name = item.get("name") if isinstance(item, dict) else None
    name = name.strip() if isinstance(name, str) and name.strip() else ""
    if len(name) > LEGEND_NAME:
        name = name[: LEGEND_NAME - 1] + "…"
    if sec.fixed:
        return f"{sec.item_legend} {name or f'parent {n}'}"
    return f"{sec.item_legend} {n}: {name}" if name else f"{sec.item_legend} {n}"


def deadline_text(entry: timeline.Entry) -> str:
    """One statutory date as the worker reads it beside a date field."""
    flags = "".join(f" ({flag})" for flag in entry.flags)
    return f"Deadline: {entry.date.isoformat() if entry.date else ''} — {entry.label}, {entry.citation}{flags}"


def deadlines_of(case: dict[str, Any] | None, child: int | None = None) -> dict[str, list[str]]:
    """The known deadlines by the field (schema path) they sit beside, from the saved case's
    timeline for one child (the first child on a family step: the family's dates and orders);
    none for a date the timeline cannot compute yet (its facts are missing)."""
    if case is None:
        return {}
    views = child_views(case)
    return view_deadlines(views[child or 0] if (child or 0) < len(views) else views[0])


def view_deadlines(view: Any) -> dict[str, list[str]]:
    """:func:`deadlines_of` one child's view of the case (:func:`reportgen.family.child_views`)."""
    entries = {e.key: e for e in timeline.compute(view.case)}
    out: dict[str, list[str]] = {}
    for path, keys in DEADLINES.items():
        known = [deadline_text(e) for k in keys if (e := entries.get(k)) is not None and e.date is not None]
        if known:
            out[path] = known
    return out


def _children_options(raw: dict[str, Any], but: int | None = None) -> list[tuple[str, str]]:
    """The children of the report as choices (id, name), leaving out the child at index ``but``."""
    return [(str(c.get("id") or ""), child_name(c, i)) for i, c in enumerate(children_of(raw))
            if i != but and c.get("id")]


class _Binder:
    def __init__(self, spec: FormSpec, raw: dict[str, Any], values: dict[str, str], readonly: bool,
                 child_age: int | None, deadlines: dict[str, list[str]] | None = None, child: int | None = None):
        self.spec, self.raw, self.values, self.readonly = spec, raw, values, readonly
        self.child_age = child_age
        self.deadlines = deadlines or {}
        self.child = child
        self.anchors: dict[str, BoundField | Group] = {}

    def field(self, fs: FieldSpec, prefix: str) -> BoundField:
        path = prefix + fs.path
        kind = kind_of(path)
        widget = kind.widget
        options = _options(self.spec, path, kind.widget, kind.choices)
        if fs.choices_from == "other_children":
            widget, options = "choice", _children_options(self.raw, but=child_index(path))
        elif widget == "ids":
            options = _children_options(self.raw)
        bf = BoundField(
            path=path, id=field_id(path), label=fs.label, help=fs.help, widget=widget,
            value=_value_text(self.values, self.raw, path),
            options=options, readonly=self.readonly,
            deadlines=list(self.deadlines.get(normalize(path), [])), deadline_slot=normalize(path) in DEADLINES,
        )
        if fs.show_if:
            bf.show_if, met = self.condition(fs.show_if, prefix)
            bf.hidden = not met and not bf.value
        warn = fs.warn_if
        if warn and self.child_age is not None and self.child_age < int(warn.get("age_under", 0)):
            bf.warning = str(warn.get("message", ""))
            bf.warn_equals = str(warn.get("equals", ""))
            bf.warning_shown = bf.value == bf.warn_equals
        self.anchors[path] = bf
        return bf

    def section(self, sec: SectionSpec, prefix: str) -> Group:
        if sec.repeat:
            return self.repeat(sec, prefix)
        group = Group(kind="section", id=field_id(f"sec-{prefix}{sec.legend}"), path=prefix.rstrip("."),
                      legend=sec.legend, intro=sec.intro)
        group.fields = [self.field(f, prefix) for f in sec.fields]
        group.groups = [self.section(s, prefix) for s in sec.sections]
        if sec.show_if:
            group.show_if, met = self.condition(sec.show_if, prefix)
            group.hidden = not met and not any(f.value for f in _all_fields(group))
        return group

    def condition(self, show_if: Any, prefix: str) -> tuple[str, bool]:
        """A ``show_if`` of steps.yml (one condition, or a list of which any may hold; each a
        field and the value or values that make the part apply) as the JSON the page's script
        re-evaluates on every change, and whether it holds for the stored answers. A path
        written ``/court.hearing_type`` is the case's own (not the list item's), answered on
        another step: it is decided when the page is made, and the script leaves the part as it is."""
        conditions = show_if if isinstance(show_if, list) else [show_if]
        out = []
        for cond in conditions:
            path, wanted = str(cond["path"]), cond.get("equals")
            if not path.startswith("/"):
                values = [display(v) for v in (wanted if isinstance(wanted, list) else [wanted])]
                out.append({"name": prefix + path, "values": values})
        met = applies(show_if, lambda path: _value_text(self.values, self.raw, path), prefix)
        return (json.dumps(out, separators=(",", ":")) if out else ""), met

    def repeat(self, sec: SectionSpec, prefix: str) -> Group:
        list_path = prefix + (sec.repeat or "")
        items = get_in(self.raw, list_path)
        group = Group(kind="repeat", id=field_id(f"list-{list_path}"), path=list_path, legend=sec.item_legend,
                      intro=sec.intro, add_label=sec.add_label, remove_label=sec.remove_label,
                      empty_text=sec.empty_text, fixed=sec.fixed, limit=max_items(normalize(list_path)))
        if sec.show_if:
            group.show_if, met = self.condition(sec.show_if, prefix)
            group.hidden = not met and not (isinstance(items, list) and items)
        self.anchors[list_path] = group
        for i, item in enumerate(items if isinstance(items, list) else []):
            item_path = f"{list_path}[{i}]"
            child = Group(kind="item", id=field_id(f"item-{item_path}"), path=item_path,
                          legend=_item_legend(sec, item, i + 1), remove_label=sec.remove_label, fixed=sec.fixed)
            self.anchors[item_path] = child
            child.fields = [self.field(f, item_path + ".") for f in sec.fields]
            child.groups = [self.section(s, item_path + ".") for s in sec.sections]
            group.groups.append(child)
        return group


def place(page: StepPage, path: str) -> BoundField | Group | None:
    probe = path
    while probe:
        if probe in page.anchors:
            return page.anchors[probe]
        if probe.endswith("]"):
            probe = probe[: probe.rindex("[")]
        else:
            probe = probe.rpartition(".")[0]
    return None


def label_of(anchor: BoundField | Group) -> str:
    return anchor.label if isinstance(anchor, BoundField) else anchor.legend


def anchor_id(anchor: BoundField | Group) -> str:
    return anchor.anchor if isinstance(anchor, BoundField) else anchor.id


def bind_step(
    spec: FormSpec,
    step: StepSpec,
    raw: dict[str, Any],
    ev: Evaluation,
    values: dict[str, str] | None = None,
    readonly: bool = False,
    child: int | None = None,
) -> StepPage:
    """The page for one step (for a per-child step, of the child at index ``child``);
    ``values`` (what was just posted) win over stored ones."""
    child = (child or 0) if step.per_child else None
    binder = _Binder(spec, raw, values or {}, readonly, ev.child_age(child or 0), ev.deadlines(child),
                     child)
    prefix = f"children[{child}]." if step.per_child else ""
    groups = [binder.section(s, prefix) for s in step.sections]
    page = StepPage(step=step, groups=groups, anchors=binder.anchors)

    def here(path: str) -> bool:
        return spec.step_for(path) == step.id and (not step.per_child or child_index(path) == child)

    for path, message in ev.problems:
        if not here(path):
            continue
        anchor = place(page, path)
        if anchor is None:
            page.general.errors.append(message)
            continue
        if isinstance(anchor, BoundField) and anchor.widget == "date" and message == SCHEMA_DATE_ERROR:
            message = WIZARD_DATE_ERROR
        anchor.feedback.errors.append(message)
        page.summary.append((anchor_id(anchor), label_of(anchor), message))
    for finding in ev.findings:
        mine = [p for p in finding.fields if here(p)]
        if not mine:
            continue
        anchor = next((a for a in (place(page, p) for p in mine) if a is not None), None)
        (anchor.feedback if anchor is not None else page.general).findings.append(finding)
        for path in mine:
            at = place(page, path)
            if isinstance(at, BoundField) and at.widget in ("text", "textarea"):
                note = uncounted_note(at.value)
                if note and note not in at.feedback.notes:
                    at.feedback.notes.append(note)
    _reveal(page.groups)
    _fold_done(page.groups)
    if step.id == "concurrent_plan":
        note = worksheet_note(raw)
        if note:
            page.general.notes.append(note)
    return page


def worksheet_note(raw: dict[str, Any]) -> str:
    """The prognosis worksheet's answers counted, shown beside the concurrent plan to the
    worker and the supervisor (never printed in the report); "" when nothing is recorded."""
    from reportgen.prognosis import LIKELY, POOR, present

    answers = raw.get("prognosis") if isinstance(raw.get("prognosis"), dict) else None
    if not answers:
        return ""
    poor, likely = len(present(raw, POOR)), len(present(raw, LIKELY))

    def signs(n: int, what: str) -> str:
        return f"{n} sign{'' if n == 1 else 's'} {what}"

    return (f"Prognosis worksheet (advisory, not printed): {signs(poor, 'of a poor prognosis')} and "
            f"{signs(likely, 'that reunification is likely')} recorded on the Prognosis worksheet step.")


def uncounted_note(value: str) -> str:
    """What the wizard says beside a field the check points at whose answer is a bare
    placeholder ("N/A", "None", "TBD"): the report prints it as typed, but the check
    does not count it as an answer (WIC §358.1 asks for a factual discussion), so
    the worker learns why the finding stays although the field is filled."""
    if not value.strip() or not blank(value):
        return ""
    return (f"“{value.strip()}” alone is printed as typed, but the check does not count it as an answer: "
            "WIC §358.1 asks for a factual discussion. Say what it means, for example "
            "“None: the child is an only child.”")


def feedback_json(page: StepPage) -> dict[str, Any]:
    """The feedback of a page as the autosave script consumes it."""
    places = []
    for anchor in page.anchors.values():
        fb = anchor.feedback
        if fb.errors or fb.findings or fb.notes:
            places.append({
                "id": f"{anchor.id}-fb",
                "errors": fb.errors,
                "findings": [f.as_dict() for f in fb.findings],
                "notes": fb.notes,
            })
    deadlines = [{"id": f"{f.id}-deadline", "lines": f.deadlines} for f in page.fields() if f.deadline_slot]
    return {"places": places, "general": {"errors": page.general.errors,
                                          "findings": [f.as_dict() for f in page.general.findings]},
            "deadlines": deadlines}

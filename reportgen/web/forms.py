"""The wizard's steps, read from ``forms/steps.yml``, and the paths they bind.

The YAML is the only place the steps are described; this module turns it into
small frozen objects and answers the questions the pages ask: which step holds
a schema path, what kind of input a field needs (from the marshmallow schema,
so the form can never disagree with the model), and how to read and write a
concrete path such as ``parents[0].reunification.services[1].provider`` in the
raw case dict.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml
from marshmallow import fields as mf
from marshmallow import validate

from reportgen.render import words
from reportgen.resources import forms_dir
from reportgen.schema import SHORT, CaseSchema, name_children
from reportgen.textnorm import clean_text, removal_notice

#: The most entries of a repeatable group when the schema states no limit for its list.
MAX_ITEMS = 100
_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_INDEX = re.compile(r"\[\d+\]")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})", re.ASCII)


# --- concrete paths -----------------------------------------------------------------


def tokens(path: str) -> list[str | int]:
    """``"a.b[2].c"`` -> ``["a", "b", 2, "c"]``."""
    return list(_parsed(path))


@lru_cache(maxsize=8192)
def _parsed(path: str) -> tuple[str | int, ...]:
    """:func:`tokens`, kept: a save or a page reads the same few hundred paths many times over
    (each step's progress walks every question), and parsing each again was a twentieth of a save."""
    return tuple(int(index) if index else name for name, index in _TOKEN.findall(path))


def normalize(path: str) -> str:
    """A concrete path as the schema writes it: ``siblings[1].name`` -> ``siblings[].name``."""
    return _INDEX.sub("[]", path)


def field_id(path: str) -> str:
    """An HTML id for a concrete path, stable and usable in ``href="#..."``."""
    return "f-" + re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")


def get_in(data: Any, path: str) -> Any:
    node = data
    for tok in _parsed(path):
        if isinstance(tok, int):
            if not isinstance(node, list) or tok >= len(node):
                return None
            node = node[tok]
        else:
            if not isinstance(node, dict):
                return None
            node = node.get(tok)
    return node


def set_in(data: dict[str, Any], path: str, value: Any) -> None:
    """Set a value, creating the groups and list items on the way."""
    toks = tokens(path)
    node: Any = data
    for tok, nxt in zip(toks, toks[1:], strict=False):
        empty: Any = [] if isinstance(nxt, int) else {}
        if isinstance(tok, int):
            while len(node) <= tok:
                node.append({})
            if not isinstance(node[tok], (dict, list)):
                node[tok] = empty
            node = node[tok]
        else:
            if not isinstance(node.get(tok), (dict, list)):
                node[tok] = empty
            node = node[tok]
    last = toks[-1]
    if isinstance(last, int):
        while len(node) <= last:
            node.append({})
    node[last] = value


# --- the schema, read for field kinds ------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """How a schema field is entered: text, textarea, date, bool, choice or int."""

    widget: str
    choices: tuple[Any, ...] = ()


def _schema_field(path: str) -> mf.Field | None:
    schema: Any = _case_schema()
    found: mf.Field | None = None
    for part in normalize(path).split("."):
        name = part.removesuffix("[]")
        if schema is None or name not in schema.fields:
            return None
        found = schema.fields[name]
        inner = found.inner if isinstance(found, mf.List) else found
        schema = inner.schema if isinstance(inner, mf.Nested) else None
    return found


@cache
def _case_schema() -> CaseSchema:
    return CaseSchema()


@cache
def kind_of(path: str) -> Kind:
    """The input a schema path needs; KeyError when the path is not a leaf field.
    A list of ids (``parents[].children``, the children of the report a parent is
    parent of) is one field: ``ids``, asked as a checkbox per child."""
    fld = _schema_field(path)
    if isinstance(fld, mf.List) and not isinstance(fld.inner, mf.Nested):
        return Kind("ids")
    if fld is None or isinstance(fld, (mf.Nested, mf.List)):
        raise KeyError(path)
    one_of = next((v for v in _validators(fld) if isinstance(v, validate.OneOf)), None)
    if one_of is not None:
        return Kind("choice", tuple(one_of.choices))
    if isinstance(fld, mf.Date):
        return Kind("date")
    if isinstance(fld, mf.Boolean):
        return Kind("bool")
    if isinstance(fld, mf.Integer):
        return Kind("int")
    length = next((v for v in _validators(fld) if isinstance(v, validate.Length)), None)
    if length is not None and (length.max or 0) > SHORT:
        return Kind("textarea")
    return Kind("text")


@cache
def max_items(list_path: str) -> int:
    """How many entries the list at ``list_path`` may hold: the schema's own limit, so the
    page states, the Add button obeys and a save enforces one number."""
    fld = _schema_field(list_path)
    length = next((v for v in _validators(fld) if isinstance(v, validate.Length)), None) if fld else None
    return int(length.max) if length is not None and length.max is not None else MAX_ITEMS


def over_limit(name: str) -> str | None:
    """The entry in ``name`` that lies past its list's limit (``"siblings[25]"``), if any."""
    prefix = ""
    for tok in tokens(name):
        if isinstance(tok, int):
            prefix += f"[{tok}]"
            if tok >= max_items(normalize(prefix[: prefix.rindex("[")])):
                return prefix
        else:
            prefix += f".{tok}" if prefix else tok
    return None


def _validators(fld: mf.Field) -> list[Any]:
    return list(getattr(fld, "validators", []) or [])


# --- the spec -------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    path: str
    label: str
    help: str = ""
    warn_if: dict[str, Any] | None = None
    choices_from: str = ""  # "other_children": the report's other children are the choices
    show_if: Any = None  # asked only when another answer makes it apply (see steps.yml)
    optional: bool = False  # left empty is itself an answer (the page says what empty means)


@dataclass(frozen=True)
class SectionSpec:
    legend: str = ""
    intro: str = ""
    fields: tuple[FieldSpec, ...] = ()
    sections: tuple[SectionSpec, ...] = ()
    repeat: str | None = None
    fixed: bool = False
    item_legend: str = ""
    add_label: str = ""
    remove_label: str = ""
    empty_text: str = ""
    show_if: Any = None
    optional: bool = False  # every field in it may be left empty (see FieldSpec.optional)
    required: bool = False  # a list that must hold an entry (a report has children and parents)


@dataclass(frozen=True)
class StepSpec:
    id: str
    title: str
    intro: str
    sections: tuple[SectionSpec, ...]
    per_child: bool = False  # asked once per child; the paths are relative to ``children[i]``

    @property
    def prefix(self) -> str:
        """The schema prefix of this step's paths: ``children[].`` for a per-child step."""
        return "children[]." if self.per_child else ""

    def field_paths(self) -> list[str]:
        """Every field on this step as a schema path (lists written ``name[]``)."""
        out: list[str] = []

        def walk(sections: tuple[SectionSpec, ...], prefix: str) -> None:
            for sec in sections:
                base = f"{prefix}{sec.repeat}[]." if sec.repeat else prefix
                out.extend(base + f.path for f in sec.fields)
                walk(sec.sections, base)

        walk(self.sections, self.prefix)
        return out

    @cached_property
    def path_set(self) -> frozenset[str]:
        """:meth:`field_paths` as a set, computed once per step."""
        return frozenset(self.field_paths())


@dataclass(frozen=True)
class FormSpec:
    steps: tuple[StepSpec, ...]
    automatic: dict[str, str]
    _index: dict[str, str] = field(default_factory=dict, compare=False)

    def step(self, step_id: str) -> StepSpec | None:
        return next((s for s in self.steps if s.id == step_id), None)

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.steps]

    def step_for(self, concrete_path: str) -> str | None:
        """The first step holding this path, or holding the group it lies in."""
        path = normalize(concrete_path)
        while path:
            if path in self._index:
                return self._index[path]
            path = path.rpartition(".")[0]
        return None

    def choice_label(self, path: str, value: Any) -> str:
        """A choice in the report's own words for the value (one table for both:
        ``enums`` in reportgen/render/words.yml, found from the schema's field)."""
        enum = words.enum_of(path)
        return words.enum_word(enum, value) if enum else str(value).replace("_", " ").capitalize()


def _field(raw: dict[str, Any]) -> FieldSpec:
    return FieldSpec(path=raw["path"], label=raw["label"], help=raw.get("help", ""), warn_if=raw.get("warn_if"),
                     choices_from=raw.get("choices_from", ""), show_if=raw.get("show_if"),
                     optional=bool(raw.get("optional", False)))


def _worksheet_sections() -> tuple[SectionSpec, ...]:
    """The prognosis worksheet's questions, made from forms/prognosis.yml (a section
    ``indicators: prognosis`` in steps.yml): one part per kind of sign, and for each
    sign whether it is present and the evidence, so an indicator added to the data is
    asked without editing the steps."""
    from reportgen.prognosis import LIKELY, POOR, worksheet

    titles = {LIKELY: "Signs that reunification is likely", POOR: "Signs of a poor prognosis"}
    parts = []
    for kind in (LIKELY, POOR):
        fields = []
        for ind in (i for i in worksheet().indicators if i.kind == kind):
            label = ind.text + (" (may reflect poverty: read with care)" if ind.poverty else "")
            fields.append(FieldSpec(path=f"prognosis.{ind.id}.present", label=label))
            fields.append(FieldSpec(path=f"prognosis.{ind.id}.evidence", label="Evidence for the answer",
                                    show_if={"path": f"prognosis.{ind.id}.present", "equals": [True, False]}))
        parts.append(SectionSpec(legend=titles[kind], fields=tuple(fields)))
    return tuple(parts)


def _section(raw: dict[str, Any]) -> SectionSpec:
    if raw.get("indicators") == "prognosis":
        return SectionSpec(legend=raw.get("legend", ""), intro=raw.get("intro", ""),
                           fields=tuple(_field(f) for f in raw.get("fields") or ()), sections=_worksheet_sections())
    return SectionSpec(
        legend=raw.get("legend", ""),
        intro=raw.get("intro", ""),
        fields=tuple(_field(f) for f in raw.get("fields") or ()),
        sections=tuple(_section(s) for s in raw.get("sections") or ()),
        repeat=raw.get("repeat"),
        fixed=bool(raw.get("fixed", False)),
        item_legend=raw.get("item_legend", ""),
        add_label=raw.get("add_label", ""),
        remove_label=raw.get("remove_label", ""),
        empty_text=raw.get("empty_text", ""),
        show_if=raw.get("show_if"),
        optional=bool(raw.get("optional", False)),
        required=bool(raw.get("required", False)),
    )


def parse_spec(raw: dict[str, Any]) -> FormSpec:
    steps = tuple(
        StepSpec(id=s["id"], title=s["title"], intro=s.get("intro", ""),
                 sections=tuple(_section(x) for x in s.get("sections") or ()), per_child=bool(s.get("per_child")))
        for s in raw.get("steps") or ()
    )
    index: dict[str, str] = {}
    for step in steps:
        for path in step.field_paths():
            prefix = path
            while prefix:
                index.setdefault(prefix, step.id)
                prefix = prefix.rpartition(".")[0]
    return FormSpec(steps=steps, automatic=dict(raw.get("automatic") or {}), _index=index)


@lru_cache(maxsize=4)
def load_spec(path: Path | None = None) -> FormSpec:
    """The wizard's steps; read once per process."""
    source = path or forms_dir() / "steps.yml"
    return parse_spec(yaml.safe_load(source.read_text(encoding="utf-8")))


# --- values between the form and the raw case ------------------------------------------


def display(value: Any) -> str:
    """A stored value as the text an input shows."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def coerce(path: str, text: str) -> Any:
    """What a typed value is stored as. Anything that does not convert is kept as typed,
    so the schema can report it and the worker sees it again.

    The text is cleaned first, as the schema would (:func:`reportgen.textnorm.clean_text`),
    so the draft never holds a character the report cannot; the form's strings become the
    JSON types the schema insists on: ``"true"``/``"false"`` from the yes/no radios become
    booleans and digits become integers (the schema takes no ``"1"`` for true or for 1).
    """
    kind = kind_of(path)
    text, _ = clean_text(text)
    if not text.strip():
        return None
    if kind.widget == "bool":
        return {"true": True, "false": False}.get(text, text)
    if kind.widget == "ids":
        return [part.strip() for part in text.split(",") if part.strip()] or None
    if kind.widget == "int" or (kind.widget == "choice" and kind.choices and isinstance(kind.choices[0], int)):
        stripped = text.strip()
        return int(stripped) if re.fullmatch(r"-?\d{1,9}", stripped) else text
    if kind.widget == "date":
        return typed_date(text.strip())
    if kind.widget == "choice":
        return text.strip()
    return text


def typed_date(text: str) -> str:
    """A date as a worker types it, stored as ISO: ``2026-12-02``, ``12/02/2026`` and
    ``12/2/26`` are all 2 December 2026. Slashes are read month first, as people write
    dates in California; a two-digit year is read as 20yy (``12/2/26`` is 2026, never
    1926). Anything else, or a day the calendar lacks (``2/30/2026``), is kept as typed,
    so the schema names the problem and the worker sees their text again."""
    if m := _ISO_DATE.fullmatch(text):
        year, month, day = (int(g) for g in m.groups())
    elif m := _US_DATE.fullmatch(text):
        month, day = int(m[1]), int(m[2])
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
    else:
        return text
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return text


def accepts(step: StepSpec, name: str, child: int | None = None) -> bool:
    """Whether a posted name is a field of this step, with indices within each list's limit;
    on a per-child step, a field of the page's own child (``child``, its index)."""
    if normalize(name) not in step.path_set or name != _canonical(name):
        return False
    if step.per_child and not name.startswith(f"children[{child}]."):
        return False
    return over_limit(name) is None


def _canonical(name: str) -> str:
    out = ""
    for tok in tokens(name):
        out += f"[{tok}]" if isinstance(tok, int) else (f".{tok}" if out else tok)
    return out


def apply_posted(step: StepSpec, case: dict[str, Any], form: dict[str, str], child: int | None = None) -> list[str]:
    """Write the posted fields of ``step`` into ``case``. Returns the notices the worker
    must read after the save: one per field that lost characters a report cannot hold
    (``"parents[0].name: removed 2 control characters ..."``)."""
    notices: list[str] = []
    for name, text in form.items():
        if accepts(step, name, child):
            removed = clean_text(text)[1]
            if removed:
                notices.append(removal_notice(name, removed))
            set_in(case, name, coerce(name, text))
    return notices


# --- what a page still asks ----------------------------------------------------------------


def applies(show_if: Any, text_of: Any, prefix: str) -> bool:
    """Whether a ``show_if`` of steps.yml holds (one condition, or a list of which any may hold).
    ``text_of(path)`` gives an answer as an input shows it; a path written ``/court.hearing_type``
    is the case's own, any other is relative to ``prefix`` (the list item or the child)."""
    conditions = show_if if isinstance(show_if, list) else [show_if]
    for cond in conditions:
        path, wanted = str(cond["path"]), cond.get("equals")
        values = [display(v) for v in (wanted if isinstance(wanted, list) else [wanted])]
        if text_of(path[1:] if path.startswith("/") else prefix + path) in values:
            return True
    return False


def unanswered(step: StepSpec, raw: dict[str, Any], child: int | None = None) -> list[str]:
    """The concrete paths of the questions a page asks that have no answer yet.

    A page is done when this is empty: every field that applies (its ``show_if``, and its
    section's, hold for the saved answers) holds an answer, which may be an explicit "none"
    (a "No" to a yes/no question, a choice such as "No interest" or "Unknown", text such as
    "None known"). A field or section marked ``optional`` in steps.yml is one whose page says
    what leaving it empty means ("leave every box empty when ... all of them"), so empty is an
    answer there. Each entry of a list asks its fields; an empty list asks nothing (a list whose
    emptiness is itself an answer has its own question, ``has_siblings``) unless it is
    ``required`` (the report's children and parents), when the list itself is unanswered."""
    out: list[str] = []

    # Each question is read from the node of its list entry (or its child), found once, instead of
    # from the draft's root by a path joined for it: a save counts every page's questions.
    def text_at(node: Any, path: str) -> str:
        return display(get_in(node, path)).strip()

    def holds(show_if: Any, node: Any) -> bool:
        """:func:`applies`, a relative path read from ``node``, an absolute one from the draft."""
        for cond in show_if if isinstance(show_if, list) else [show_if]:
            path, wanted = str(cond["path"]), cond.get("equals")
            values = [display(v) for v in (wanted if isinstance(wanted, list) else [wanted])]
            if (text_at(raw, path[1:]) if path.startswith("/") else text_at(node, path)) in values:
                return True
        return False

    def fields(specs: tuple[FieldSpec, ...], node: Any, prefix: str) -> None:
        for f in specs:
            if f.optional or (f.show_if and not holds(f.show_if, node)):
                continue
            if not text_at(node, f.path):
                out.append(prefix + f.path)

    def walk(sections: tuple[SectionSpec, ...], node: Any, prefix: str) -> None:
        for sec in sections:
            if sec.optional or (sec.show_if and not holds(sec.show_if, node)):
                continue
            if sec.repeat:
                items = get_in(node, sec.repeat)
                if sec.required and not items:
                    out.append(prefix + sec.repeat)
                for i in range(len(items) if isinstance(items, list) else 0):
                    item = f"{prefix}{sec.repeat}[{i}]."
                    fields(sec.fields, items[i], item)
                    walk(sec.sections, items[i], item)
                continue
            fields(sec.fields, node, prefix)
            walk(sec.sections, node, prefix)

    if step.per_child:
        kids = raw.get("children")
        n = child or 0
        node = kids[n] if isinstance(kids, list) and n < len(kids) else None
        walk(step.sections, node, f"children[{n}].")
    else:
        walk(step.sections, raw, "")
    return out


# --- the family's children -----------------------------------------------------------------

_CHILD = re.compile(r"^children\[(\d+)\]")


def child_index(path: str) -> int | None:
    """The child a 2.0 path belongs to: ``children[1].placement.type`` -> 1; None for the family's."""
    m = _CHILD.match(path)
    return int(m.group(1)) if m else None


def children_of(raw: dict[str, Any]) -> list[dict[str, Any]]:
    """The children of a raw (2.0) draft, each a dict (anything else is left to the schema)."""
    kids = raw.get("children")
    return [c for c in kids if isinstance(c, dict)] if isinstance(kids, list) else []


def child_name(child: dict[str, Any], index: int) -> str:
    """How the wizard names a child: the name typed, else "Child 2"."""
    name = child.get("name")
    return name.strip() if isinstance(name, str) and name.strip() else f"Child {index + 1}"


def new_child_id(raw: dict[str, Any]) -> str:
    """An id no child of the draft has yet (``c1``, ``c2``, ...): kept for the child's whole life,
    so a sibling entry, a parent's children and the kept text in the browser follow the child
    even when another child before it is removed."""
    taken = {c.get("id") for c in children_of(raw)}
    n = 1
    while f"c{n}" in taken:
        n += 1
    return f"c{n}"


_ATOMS = (str, int, float, bool, type(None))


def copy_tree(value: Any) -> Any:
    """A deep copy of JSON-shaped data (dicts, lists, text, numbers), about five times faster
    than :func:`copy.deepcopy`, which a draft goes through several times a request; anything
    else inside is copied with :func:`copy.deepcopy`."""
    kind = type(value)
    if kind is dict:
        return {k: v if type(v) in _ATOMS else copy_tree(v) for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _ATOMS else copy_tree(v) for v in value]
    if kind in _ATOMS:
        return value
    import copy

    return copy.deepcopy(value)


def upgrade(raw: Any) -> dict[str, Any]:
    """A stored draft in the wizard's shape, schema 2.0: a 1.0 draft (one child) is migrated as
    :func:`reportgen.migrate.v1_to_v2` migrates a case, even while some answers are invalid
    (the schema still names them, now at their 2.0 paths), and every child has an id.
    Returns a new dict; the stored draft changes only on its next save."""
    from reportgen.migrate import v1_to_v2

    data: dict[str, Any] = copy_tree(raw) if isinstance(raw, dict) else {}
    if data.get("schema_version") == "1.0" and all(
            isinstance(data.get(k), (dict, type(None))) for k in ("child", "recommended")):
        data = v1_to_v2(data)
    if isinstance(data.get("children"), list) and all(isinstance(c, dict) for c in data["children"]):
        name_children(data)
    return data

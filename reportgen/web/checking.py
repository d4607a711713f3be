"""Validation and findings for a raw draft, and where each one belongs.

A draft is what the worker typed, valid or not. :func:`evaluate` validates it
with the schema and runs the rule catalogue. Findings are wanted even while
one field is wrong, so when the draft is invalid the offending values are set
aside (on a copy) and the rest is checked: one typo in a date must not hide
every objection in the report.
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    bindparam,
    delete,
    insert,
    select,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reportgen.family import ChildView, child_views, is_family
from reportgen.rules import Finding, check
from reportgen.schema import InvalidCase
from reportgen.store import Store, utcnow
from reportgen.web.forms import (
    FormSpec,
    StepSpec,
    child_index,
    child_name,
    children_of,
    get_in,
    tokens,
    unanswered,
    upgrade,
)

DONE, INCOMPLETE, INVALID = "done", "incomplete", "invalid"
STATUS_TEXT = {
    DONE: "done",
    INCOMPLETE: "incomplete",
    INVALID: "has errors",
}


def page_text(status: str, unanswered: int = 0, objections: int = 0) -> str:
    """A page's progress as the step list says it: whether it is done (every question that applies
    answered), how many questions are left, and, apart from that, its objections."""
    text = STATUS_TEXT.get(status, "incomplete")
    if status == INCOMPLETE and unanswered:
        text = f"{unanswered} unanswered"
    if objections:
        text += f"; {objections} objection{'s' if objections != 1 else ''}"
    return text


class _LoadedCase:
    """``Evaluation.case``: given, or loaded from ``raw`` when first read (an evaluation read
    back from ``findings_cache`` has its findings; most pages never need the loaded case)."""

    def __get__(self, obj: Evaluation | None, owner: type | None = None) -> Any:
        if obj is None:
            return None  # the field's default
        value = obj.__dict__.get("_case")
        if value is _PENDING:
            value = obj.__dict__["_case"] = best_effort(obj.raw or {})[1]
        return value

    def __set__(self, obj: Evaluation, value: dict[str, Any] | None) -> None:
        obj.__dict__["_case"] = value


_PENDING: Any = object()


@dataclass
class Evaluation:
    problems: list[tuple[str, str]]
    findings: list[Finding]
    case: _LoadedCase = _LoadedCase()  # the loaded (best-effort) case: dict[str, Any] | None
    statuses: dict[str, str] = field(default_factory=dict)  # page key -> done, incomplete or invalid
    unanswered: dict[str, int] = field(default_factory=dict)  # page key -> questions without an answer
    objected: dict[str, int] = field(default_factory=dict)  # page key -> objections pointing at it
    children: list[tuple[str, str]] = field(default_factory=list)  # (id, name) of each child of the draft
    raw: dict[str, Any] | None = field(default=None, repr=False)  # the draft, when ``case`` is loaded lazily
    #: What a step page shows from the loaded case, per child: its age and the deadlines beside its
    #: date fields. Kept with the findings (:func:`keep_in`), so a process that reads them back makes
    #: a page without loading the case (a schema load costs more than the rest of the page); None:
    #: computed from ``case``.
    shown: list[tuple[int | None, dict[str, list[str]]]] | None = field(default=None, repr=False)
    #: The child views of ``case`` the rules judged (:func:`reportgen.family.child_views`), when made.
    views: list[ChildView] | None = field(default=None, repr=False, compare=False)

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def objections(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "object"]

    def child_age(self, child: int = 0) -> int | None:
        """The age on the report date of the child at index ``child`` (the first by default)."""
        if self.shown is not None:
            return self.shown[child][0] if child < len(self.shown) else None
        if self.case is None:
            return None
        views = child_views(self.case)
        return views[child].case.age_now if child < len(views) else None

    def deadlines(self, child: int | None = None) -> dict[str, list[str]]:
        """:func:`reportgen.web.pages.deadlines_of` the loaded case for the child at index ``child``."""
        if self.shown is None:
            from reportgen.web.pages import deadlines_of

            return deadlines_of(self.case, child)
        if not self.shown:
            return {}
        return self.shown[child or 0][1] if (child or 0) < len(self.shown) else self.shown[0][1]

    def page_facts(self) -> list[tuple[int | None, dict[str, list[str]]]]:
        """Each child's age and deadlines (what :attr:`shown` keeps), from the loaded case; kept
        in :attr:`shown` once made, so the page a save answers with reads them from there."""
        if self.shown is not None:
            return self.shown
        if self.case is None:
            facts: list[tuple[int | None, dict[str, list[str]]]] = []
        else:
            from reportgen.web.pages import view_deadlines

            views = self.views if self.views is not None else child_views(self.case)
            facts = [(view.case.age_now, view_deadlines(view)) for view in views]
        self.shown = facts
        return facts

    def child_id(self, index: int | None) -> str | None:
        return self.children[index][0] if index is not None and 0 <= index < len(self.children) else None


def step_key(step: StepSpec, child_id: str | None) -> str:
    """The key of one page of the wizard: the step's id, and for a per-child step the child's id
    (``placement:c2``). Statuses, the visited list and the browser's kept text use it."""
    return f"{step.id}:{child_id}" if step.per_child else step.id


def page_keys(spec: FormSpec, children: list[tuple[str, str]]) -> list[tuple[StepSpec, int | None]]:
    """Every page of the wizard in order: each step, a per-child step once per child."""
    out: list[tuple[StepSpec, int | None]] = []
    i = 0
    steps = spec.steps
    while i < len(steps):
        if not steps[i].per_child:
            out.append((steps[i], None))
            i += 1
            continue
        block = []
        while i < len(steps) and steps[i].per_child:
            block.append(steps[i])
            i += 1
        out.extend((s, n) for n in range(len(children)) for s in block)
    return out


def key_of(spec: FormSpec, ev: Evaluation, path: str) -> str | None:
    """The page a 2.0 path is entered on (its step, and its child for a per-child step)."""
    step_id = spec.step_for(path)
    step = spec.step(step_id) if step_id else None
    if step is None:
        return None
    return step_key(step, ev.child_id(child_index(path)))


def _set_aside(data: dict[str, Any], paths: list[str]) -> None:
    """Blank the values at ``paths``; list items named by their index are dropped."""
    drops: list[tuple[list[Any], int]] = []
    for path in paths:
        toks = tokens(path)
        if not toks:
            continue
        parent = get_in(data, _join(toks[:-1])) if len(toks) > 1 else data
        last = toks[-1]
        if isinstance(last, int) and isinstance(parent, list) and last < len(parent):
            drops.append((parent, last))
        elif isinstance(last, str) and isinstance(parent, dict) and last in parent:
            parent[last] = None
    for parent, index in sorted(drops, key=lambda d: -d[1]):
        if index < len(parent):
            del parent[index]


def _join(toks: list[str | int]) -> str:
    out = ""
    for tok in toks:
        out += f"[{tok}]" if isinstance(tok, int) else (f".{tok}" if out else tok)
    return out


def load_case(data: Any) -> dict[str, Any]:
    """:func:`reportgen.schema.load_case` (shared schema instances, same errors)."""
    from reportgen.schema import load_case as load

    return load(data)


def evaluate(raw: dict[str, Any], spec: FormSpec, visited: set[str] | None = None,
             before: Evaluation | None = None) -> Evaluation:
    """Problems, findings and each step's status for a raw draft (a 1.0 draft is read as 2.0,
    :func:`reportgen.web.forms.upgrade`), every path a 2.0 path.

    ``before``, the evaluation of the version this draft was changed from, lets a save validate
    only what it changed (:func:`load_changed`) when that version was valid and its case is loaded."""
    raw = upgrade(raw)
    loaded = load_changed(raw, before) if before is not None else None
    problems, loaded = ([], loaded) if loaded is not None else best_effort(raw)
    # The report is judged child by child; each finding names its 2.0 path (children[i]...). The
    # child views are kept: the deadlines a page shows come from the same views' timelines.
    views = child_views(loaded) if loaded is not None and is_family(loaded) else None
    findings = check(loaded, views) if loaded is not None else []
    kids = [(str(c.get("id") or ""), child_name(c, i)) for i, c in enumerate(children_of(raw))]
    result = Evaluation(problems=problems, findings=findings, case=loaded, children=kids, raw=raw, views=views)
    result.statuses = statuses(spec, result, visited or set())
    return result


def best_effort(raw: dict[str, Any]) -> tuple[list[tuple[str, str]], dict[str, Any] | None]:
    """The draft's problems, and the case loaded with the offending values set aside."""
    problems: list[tuple[str, str]] = []
    attempt = upgrade(raw)  # a copy of its own (upgrade returns a new tree): set-aside values change it
    for round_ in range(4):
        try:
            return problems, load_case(attempt)
        except InvalidCase as err:
            if round_ == 0:
                problems = list(err.problems)
            _set_aside(attempt, [p for p, _ in err.problems if p != "case"])
    return problems, None


def load_changed(raw: dict[str, Any], before: Evaluation) -> dict[str, Any] | None:
    """The case ``raw`` loaded by validating only the parts of it that differ from ``before.raw``
    (a top-level group, or one child of the report) and taking the rest from ``before``'s loaded
    case, then checking the whole case's own rules (dates in order, references between children).
    None, for a full load instead, unless ``before`` was valid with its case loaded, the draft has the
    same groups and children, and everything checked here passes: a problem is always reported by
    the full load, so its message and path are those of any other load.

    A save changes one page, so this validates a child's part or one group instead of the whole
    report (a full load was the largest part of a save's processor time). The loaded case shares
    what did not change with ``before.case``: a loaded case is never changed once made (evaluations
    are kept and served to every request of their version)."""
    from marshmallow import ValidationError

    from reportgen.schema import CaseSchema, _schema, name_children

    old_case = before.__dict__.get("_case")
    old = before.raw
    if before.problems or not isinstance(old_case, dict) or old is None or raw.keys() != old.keys():
        return None
    if raw.get("schema_version") != old.get("schema_version"):
        return None
    schema: CaseSchema = _schema()
    case = dict(old_case)
    changed = [key for key in raw if raw[key] != old[key]]
    try:
        for key in changed:
            field_ = schema.fields.get(key)
            if field_ is None or field_.data_key or field_.attribute:
                return None
            case[key] = _load_part(field_, raw[key], old[key], old_case.get(key), key, raw)
        if changed:
            schema.impossible_facts(case)
    except ValidationError:
        return None
    name_children(case)
    return case


def _load_part(field_: Any, value: Any, was: Any, loaded: Any, name: str, data: dict[str, Any]) -> Any:
    """``value`` loaded by ``field_`` (a field of the case schema, ``was`` its earlier raw value and
    ``loaded`` that loaded): unchanged, ``loaded``; a group whose schema has no hooks of its own,
    with the same keys, each changed key loaded the same way; a list of groups of the same length,
    each changed entry; anything else loaded whole, cleaned as the case schema cleans it first.
    Raises marshmallow's ValidationError as a load would (the caller then loads the whole case)."""
    from marshmallow import fields as mf
    from marshmallow import validate as mv

    from reportgen.schema import clean_tree

    if value == was:
        return loaded
    if (isinstance(field_, mf.Nested) and not field_.validators and isinstance(value, dict)
            and isinstance(was, dict) and isinstance(loaded, dict) and value.keys() == was.keys()):
        schema = field_.schema
        if not any(schema._hooks.values()):
            out = dict(loaded)
            for key in value:
                inner = schema.fields.get(key)
                if inner is None or inner.data_key or inner.attribute or key not in loaded:
                    break
                out[key] = _load_part(inner, value[key], was[key], loaded[key], key, value)
            else:
                return out
    if (isinstance(field_, mf.List) and isinstance(field_.inner, mf.Nested)
            and all(isinstance(v, mv.Length) for v in field_.validators) and isinstance(value, list)
            and isinstance(was, list) and isinstance(loaded, list) and len(value) == len(was) == len(loaded)):
        return [_load_part(field_.inner, new, old, done, name, data) for new, old, done in zip(value, was, loaded, strict=True)]
    return field_.deserialize(clean_tree({name: value})[0][name], name, data)


def statuses(spec: FormSpec, ev: Evaluation, visited: set[str]) -> dict[str, str]:
    """Each page's progress (a step, or a per-child step for one child): "invalid" when an answer
    on it cannot be taken, "done" when every question on it that applies is answered (an
    explicit none counts: :func:`reportgen.web.forms.unanswered`), else "incomplete". Objections
    are counted apart (``ev.objected``): a page can be done and still draw one. Also fills
    ``ev.unanswered``. ``visited`` (the pages the worker has saved) is recorded with the draft
    but does not make a page done: a page saved half-answered is not."""
    out: dict[str, str] = {}
    raw = upgrade(ev.raw or {})
    invalid = {key_of(spec, ev, p) for p, _ in ev.problems}
    objected: dict[str, int] = {}
    for f in ev.objections:
        for key in {key_of(spec, ev, path) for path in f.fields} - {None}:
            objected[str(key)] = objected.get(str(key), 0) + 1
    ev.objected, ev.unanswered = objected, {}
    for step, child in page_keys(spec, ev.children):
        key = step_key(step, ev.child_id(child))
        left = len(unanswered(step, raw, child))
        if left:
            ev.unanswered[key] = left
        out[key] = INVALID if key in invalid else (INCOMPLETE if left else DONE)
    return out


def status_record(ev: Evaluation, visited: set[str]) -> dict[str, Any]:
    """The step-status cache stored with the draft (counts only, no case content)."""
    return {
        "visited": sorted(visited),
        "steps": ev.statuses,
        "unanswered": ev.unanswered,
        "objected": ev.objected,
        "objections": len(ev.objections),
        "warnings": sum(1 for f in ev.findings if f.severity == "warn"),
        "problems": len(ev.problems),
    }


class EvaluationCache:
    """Evaluations of stored drafts by (draft id, version): a version never changes content,
    so a page load or a findings refresh after a save reuses the save's work. Per process,
    bounded, thread-safe; a version saved by another process is simply computed again."""

    def __init__(self, size: int = 256):
        self.size = size
        self._items: OrderedDict[tuple[int, int], Evaluation] = OrderedDict()
        self._bases: OrderedDict[int, Evaluation] = OrderedDict()
        self._lock = threading.Lock()

    def basis(self, draft_id: int) -> Evaluation | None:
        """The newest valid evaluation of the draft kept here with its case loaded, whatever its
        version: a save validates only what differs from it (:func:`load_changed`). With several
        web processes, the version a save starts from was often saved by another one."""
        with self._lock:
            return self._bases.get(draft_id)

    def get(self, draft_id: int, version: int) -> Evaluation | None:
        with self._lock:
            ev = self._items.get((draft_id, version))
            if ev is not None:
                self._items.move_to_end((draft_id, version))
            return ev

    def put(self, draft_id: int, version: int, ev: Evaluation) -> None:
        with self._lock:
            self._items[(draft_id, version)] = ev
            self._items.move_to_end((draft_id, version))
            while len(self._items) > self.size:
                self._items.popitem(last=False)
            if ev.valid and ev.raw is not None and isinstance(ev.__dict__.get("_case"), dict):
                self._bases[draft_id] = ev
                self._bases.move_to_end(draft_id)
                while len(self._bases) > self.size:
                    self._bases.popitem(last=False)


# --- findings kept for every web process ---------------------------------------------------------

#: One draft's problems and findings under the digest of the version they were computed for
#: (migration 0008). Core, not the ORM: only this module reads it.
findings_cache = Table(
    "findings_cache", MetaData(),
    Column("draft_id", Integer, primary_key=True),
    Column("digest", String(64), nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("created_at", DateTime, nullable=False),
)


#: The web layer's modules whose output is kept: the deadline texts (:attr:`Evaluation.shown`).
_KEPT_FROM_WEB = ("pages.py",)


@functools.lru_cache(maxsize=1)
def _code_id() -> str:
    """A digest of the code and data the findings follow (the package's .py and .yml files
    outside the web layer, and the web modules whose output is kept with them): kept findings
    of an older release are never served."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".yml") and p.is_file()
                       and ("web" not in p.relative_to(root).parts[:1] or p.name in _KEPT_FROM_WEB)):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def version_digest(raw: dict[str, Any] | str) -> str:
    """What decides a draft version's findings: its content, the court's date and the code.
    ``raw`` is the draft, or the JSON text it is stored as (``Draft.case_json``): the digest is
    of that text, so a save and a page that reads the version back digest the text they both
    have instead of writing the draft out again."""
    from reportgen.clock import today

    text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False, default=str)
    data = "\0".join((_code_id(), today().isoformat(), text))
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


def kept_evaluation(store: Store, draft_id: int, raw: dict[str, Any], spec: FormSpec,
                    visited: set[str], stored: str | None = None) -> Evaluation:
    """The evaluation of a stored draft's version: read back when any web process computed it
    (the loaded case then loads when first read), else computed here and kept. ``stored``: the
    draft's JSON text as stored, digested instead of ``raw`` (:func:`version_digest`)."""
    key = version_digest(raw if stored is None else stored)
    with store.read() as session:
        row = session.execute(select(findings_cache.c.data).where(
            findings_cache.c.draft_id == draft_id, findings_cache.c.digest == key)).first()
    if row is None:
        ev = evaluate(raw, spec, visited)
        keep_evaluation(store, draft_id, raw, ev, key)
        return ev
    data = json.loads(bytes(row[0]).decode("utf-8", "surrogatepass"))
    ev = Evaluation(problems=[(p, m) for p, m in data["problems"]],
                    findings=[Finding(**{**f, "fields": tuple(f["fields"]), "children": tuple(f.get("children", ()))})
                              for f in data["findings"]],
                    case=_PENDING, children=[(i, n) for i, n in data["children"]], raw=raw,
                    shown=[(age, deadlines) for age, deadlines in data["shown"]] if "shown" in data else None)
    ev.statuses = statuses(spec, ev, visited)
    return ev


def keep_evaluation(store: Store, draft_id: int, raw: dict[str, Any], ev: Evaluation, key: str | None = None) -> None:
    """Keep a version's problems and findings for the other web processes (one row per draft)."""
    try:
        with store.write() as session:
            keep_in(session, draft_id=draft_id, raw=raw, ev=ev, key=key)
    except IntegrityError:  # another process kept it at the same moment, or the draft was deleted
        pass


def keep_in(session: Session | Connection, stored: str | None = None, *, draft_id: int, raw: dict[str, Any],
            ev: Evaluation, key: str | None = None) -> None:
    """:func:`keep_evaluation` inside a transaction already open: a save keeps its version's findings
    in its own transaction (one commit, and never findings without their version). ``stored``: the
    draft's JSON text as the save stored it, digested instead of ``raw``."""
    key = key or (version_digest(stored) if stored is not None else None)
    data = json.dumps({"problems": ev.problems, "findings": [f.as_dict() for f in ev.findings],
                       "children": ev.children, "shown": ev.page_facts()},
                      ensure_ascii=False).encode("utf-8", "surrogatepass")
    values = {"draft_id": draft_id, "digest": key or version_digest(raw), "data": data, "created_at": utcnow()}
    dialect = session.dialect if isinstance(session, Connection) else session.get_bind().dialect
    if dialect.name in ("postgresql", "sqlite"):  # one statement, compiled once
        session.execute(_UPSERT, values)
        return
    session.execute(delete(findings_cache).where(findings_cache.c.draft_id == draft_id))
    session.execute(insert(findings_cache).values(**values))


#: Insert or replace a draft's row (PostgreSQL and SQLite 3.24+ say it the same way).
_UPSERT = text(
    "INSERT INTO findings_cache (draft_id, digest, data, created_at) VALUES (:draft_id, :digest, :data, :created_at) "
    "ON CONFLICT (draft_id) DO UPDATE SET digest = excluded.digest, data = excluded.data, "
    "created_at = excluded.created_at"
).bindparams(bindparam("data", type_=LargeBinary), bindparam("created_at", type_=DateTime))

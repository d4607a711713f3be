"""Validation and findings for a raw draft, and where each one belongs.

A draft is what the worker typed, valid or not. :func:`evaluate` validates it
with the schema and runs the rule catalogue. Findings are wanted even while
one field is wrong, so when the draft is invalid the offending values are set
aside (on a copy) and the rest is checked: one typo in a date must not hide
every objection in the report.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from reportgen.case import Case
from reportgen.rules import Finding, check
from reportgen.schema import InvalidCase
from reportgen.web.forms import FormSpec, get_in, tokens

DONE, INCOMPLETE, OBJECTIONS, INVALID = "done", "incomplete", "objections", "invalid"
STATUS_TEXT = {
    DONE: "done",
    INCOMPLETE: "incomplete",
    OBJECTIONS: "has objections",
    INVALID: "has errors",
}


@dataclass
class Evaluation:
    problems: list[tuple[str, str]]
    findings: list[Finding]
    case: dict[str, Any] | None = None  # the loaded (best-effort) case
    statuses: dict[str, str] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def objections(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "object"]

    def child_age(self) -> int | None:
        return Case(self.case).age_now if self.case is not None else None


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


def evaluate(raw: dict[str, Any], spec: FormSpec, visited: set[str] | None = None) -> Evaluation:
    """Problems, findings and each step's status for a raw draft."""
    problems: list[tuple[str, str]] = []
    loaded: dict[str, Any] | None = None
    attempt = copy.deepcopy(raw)
    for round_ in range(4):
        try:
            loaded = load_case(attempt)
            break
        except InvalidCase as err:
            if round_ == 0:
                problems = list(err.problems)
            _set_aside(attempt, [p for p, _ in err.problems if p != "case"])
    # The wizard's steps ask one child's questions (the one-child shape), so its
    # findings point at that shape's paths.
    findings = check(Case(loaded)) if loaded is not None else []
    result = Evaluation(problems=problems, findings=findings, case=loaded)
    result.statuses = statuses(spec, result, visited or set())
    return result


def statuses(spec: FormSpec, ev: Evaluation, visited: set[str]) -> dict[str, str]:
    """Each step: has errors, has objections, done (saved at least once) or incomplete."""
    out: dict[str, str] = {}
    invalid = {spec.step_for(p) for p, _ in ev.problems}
    objected = {spec.step_for(path) for f in ev.objections for path in f.fields}
    for step in spec.steps:
        if step.id in invalid:
            out[step.id] = INVALID
        elif step.id in objected:
            out[step.id] = OBJECTIONS
        elif step.id in visited:
            out[step.id] = DONE
        else:
            out[step.id] = INCOMPLETE
    return out


def status_record(ev: Evaluation, visited: set[str]) -> dict[str, Any]:
    """The step-status cache stored with the draft (counts only, no case content)."""
    return {
        "visited": sorted(visited),
        "steps": ev.statuses,
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
        self._lock = threading.Lock()

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

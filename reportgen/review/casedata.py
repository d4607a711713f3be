"""The CEB §12.47 element table for case data (a case JSON or a reportgen report).

With case data the findings come from the rule catalogue itself; this table
only lays the same answers out element by element, quoting the field that
answers each, so the attorney sees the same view for every kind of input.
"""

from __future__ import annotations

from typing import Any

from reportgen.case import Case, blank
from reportgen.review.heuristics import FOUND, NOT_APPLICABLE, NOT_FOUND, PLAN_ELEMENTS, Element

#: Enumerated fields quoted in the element table, shown in the report's own words.
_ENUMS = {
    "concurrent_plan.goal": "plan_goal",
    "placement.caregiver_permanency_willingness": "willingness",
}


def _words(path: str, value: Any) -> str:
    """A stored value as the report prints it (enumerations and yes/no in words)."""
    from reportgen.render import words

    if isinstance(value, dict):
        parts = (f"{words.label(f'{path}.{k}')}: {_words(f'{path}.{k}', v)}"
                 for k, v in value.items() if not blank(v))
        return "; ".join(parts)
    return words.show(value, _ENUMS.get(path)) or ""


def _first(case: Case, *paths: str) -> tuple[str | None, str | None]:
    for path in paths:
        value = case.get(path)
        if not blank(value):
            return _words(path, value), path
    return None, None


def case_elements(data: dict[str, Any]) -> list[Element]:
    """The element table; for a report on several children, one table per child,
    each element naming its child and the 2.0 field that answers it."""
    from reportgen.family import child_views, is_family

    if not is_family(data):
        return _elements(Case(data), None, lambda path: path)
    views = child_views(data)
    return [element for v in views
            for element in _elements(v.case, v.label if v.several else None, v.family_path)]


def _elements(case: Case, child: str | None, where_in: Any) -> list[Element]:
    out: list[Element] = []

    def add(index: int, ok: bool | None, paths: tuple[str, ...], reason: str) -> None:
        key, label, codes = PLAN_ELEMENTS[index]
        passage, where = _first(case, *paths)
        status = NOT_APPLICABLE if ok is None else FOUND if ok else NOT_FOUND
        out.append(Element(key, label, status, reason, codes, passage if ok else None, None,
                           where_in(where) if ok and where else None, child))

    removed = case.removed
    goal = case.get("concurrent_plan.goal")
    willing = case.get("placement.caregiver_permanency_willingness")
    na = None if not removed else True
    add(0, na and not blank(goal), ("concurrent_plan.goal",), "from concurrent_plan.goal")
    add(1, na and not (blank(case.get("concurrent_plan.prospective_family"))
                       and blank(case.get("concurrent_plan.family_search_steps"))),
        ("concurrent_plan.prospective_family", "concurrent_plan.family_search_steps"),
        "from concurrent_plan.prospective_family and family_search_steps")
    add(2, na and willing not in (None, "not_asked")
        and not blank(case.get("placement.caregiver_permanency_suitability")),
        ("placement.caregiver_permanency_willingness", "placement.caregiver_permanency_suitability"),
        "from placement.caregiver_permanency_willingness and caregiver_permanency_suitability")
    add(3, None if willing not in ("no", "unsure") else not blank(case.get("concurrent_plan.alternative_home_efforts")),
        ("concurrent_plan.alternative_home_efforts",), "from concurrent_plan.alternative_home_efforts")
    add(4, None if blank(goal) else all(not blank(case.get(f"concurrent_plan.{k}"))
                                        for k in ("why_realistic", "short_term_needs", "long_term_needs")),
        ("concurrent_plan.why_realistic",), "from concurrent_plan.why_realistic, short_term_needs, long_term_needs")
    answered = case.get("has_siblings")
    sibling_ok = answered is False or (answered is True and not blank(case.get("siblings")))
    passage = "the report says the child has no siblings" if answered is False else (
        ", ".join(str(s.get("name")) for _, s in case.items("siblings") if s.get("name")) or None)
    out.append(Element("siblings", "Siblings addressed: placement together, reasons if apart, visits",
                       FOUND if sibling_ok else NOT_FOUND, "from has_siblings and siblings[]", ("SB201",),
                       passage if sibling_ok else None, None, where_in("has_siblings") if sibling_ok else None,
                       child))
    return out

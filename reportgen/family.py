"""One report, several children: each child's part of a 2.0 case seen on its own.

The law asks its questions child by child: is *this* child's caregiver willing
to be permanent, does *this* child have a concurrent plan, is *this* child
placed apart from a sibling. A 2.0 case keeps what the family shares once (the
parents, relatives, ICWA inquiry, orders) and each child's own part in
``children``. :func:`child_views` puts the two together for one child, in the
one-child shape the rules, the timeline and the report's sections read
(``child``, ``placement``, ``concurrent_plan``, ``siblings``, the parents of
*this* child, the orders with the child's own overrides), and maps every path
of that view back to the 2.0 path it came from, so a finding points at the
field the worker must fill.

The other children of the report are the child's siblings without retyping:
a sibling entry may name another child by ``child_id`` (its name and date of
birth then come from that child), an entry one child holds about another
serves both (placed together or apart is one fact), and a child of the report
that neither names is still listed as a sibling, with what the report knows
(both placements name the same caregiver: together).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from reportgen.case import Case, answered

#: Fields of a 2.0 child entry that are the one-child view's ``child`` group.
CHILD_FIELDS = (
    "name", "dob", "gender", "language", "indian_status", "child_statement", "wishes",
    "case_plan_input", "education", "health", "review",
)
#: Fields of a 2.0 child entry that are top-level groups of the one-child view.
OWN_GROUPS = ("placement", "has_siblings", "siblings_note", "siblings", "concurrent_plan")
#: Facts about a pair of siblings, true of both whichever child's entry holds them.
PAIR_FIELDS = (
    "placed_together", "relationship_description", "maintain_relationship_appropriate",
    "reason_apart", "efforts_to_place_together", "efforts_inappropriate_reason", "visits",
    "half_sibling", "removed_same_time",
)

_INDEX = re.compile(r"^(\w+)\[(\d+)\](.*)$")


def is_family(data: Any) -> bool:
    """True for 2.0 data (a report on the family), False for a one-child view."""
    return isinstance(data, dict) and ("children" in data or data.get("schema_version") == "2.0")


def children(case: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in (case.get("children") or []) if isinstance(c, dict)]


def child_label(child: dict[str, Any] | None, index: int) -> str:
    """How a finding or a heading names a child: the name, else its place in the report."""
    name = (child or {}).get("name")
    return str(name) if name else f"child {index + 1} (unnamed)"


@dataclass(frozen=True)
class ChildView:
    """One child of a report, in the one-child shape, and the way back to 2.0 paths."""

    index: int
    id: str | None
    label: str
    several: bool
    data: dict[str, Any]
    parent_index: tuple[int, ...]
    sibling_path: tuple[str, ...]
    own_orders: frozenset[str]
    own_dates: frozenset[str]

    @cached_property
    def case(self) -> Case:
        """The view as a :class:`Case`, one per view (a Case keeps what it works out: its timelines)."""
        return Case(self.data)

    def family_path(self, path: str) -> str:
        """The 2.0 path of a path in this view (``placement.type`` →
        ``children[1].placement.type``; ``parents[0]`` → the family's index)."""
        me = f"children[{self.index}]"
        head, _, rest = path.partition(".")
        tail = f".{rest}" if rest else ""
        if head == "child":
            return f"{me}{tail}"
        if head in ("placement", "concurrent_plan", "has_siblings", "siblings_note", "siblings", "siblings[]"):
            return f"{me}.{path}"
        if head == "recommended" and rest.split(".")[0] in self.own_orders:
            return f"{me}.{path}"
        if head == "dates" and rest.split(".")[0] in self.own_dates:
            return f"{me}.{path}"
        found = _INDEX.match(head)
        if found:
            name, number, suffix = found.group(1), int(found.group(2)), found.group(3)
            if name == "siblings" and number < len(self.sibling_path):
                target = self.sibling_path[number]
                return target if target.endswith("[]") else f"{target}{suffix}{tail}"
            if name == "parents" and number < len(self.parent_index):
                return f"parents[{self.parent_index[number]}]{suffix}{tail}"
        return path


def _merged(base: Any, own: Any) -> Any:
    """The family's group with the child's own answers laid over it."""
    if not isinstance(own, dict) or not any(v is not None for v in own.values()):
        return base
    merged = dict(base) if isinstance(base, dict) else {}
    merged.update({k: v for k, v in own.items() if v is not None})
    return merged


def _caregiver(child: dict[str, Any]) -> str | None:
    name = ((child.get("placement") or {}).get("caregiver") or {}).get("name")
    return " ".join(str(name).casefold().split()) if name and str(name).strip() else None


def _removal(case: dict[str, Any], child: dict[str, Any]) -> Any:
    return (child.get("dates") or {}).get("removal_date") or (case.get("dates") or {}).get("removal_date")


def _same(a: Any, b: Any) -> bool | None:
    if a is None or b is None:
        return None
    return a == b


def _of(parent: dict[str, Any], child_id: str | None) -> bool:
    named = parent.get("children")
    return not named or child_id in named


def child_views(case: dict[str, Any]) -> list[ChildView]:
    """Each child of a 2.0 case as a one-child view; one view (of an unnamed,
    empty child) when the report names no child yet, so the rules still say
    what is missing."""
    kids = children(case) or [{}]
    several = len(kids) > 1
    by_id = {c.get("id"): (j, c) for j, c in enumerate(kids) if c.get("id")}
    shared = {k: v for k, v in case.items() if k != "children"}
    views = []
    for i, child in enumerate(kids):
        parents = [(n, p) for n, p in enumerate(case.get("parents") or []) if isinstance(p, dict)]
        mine = [(n, p) for n, p in parents if _of(p, child.get("id"))]
        siblings, paths = _siblings(case, kids, by_id, i, child)
        data = dict(shared)
        data["schema_version"] = "1.0"
        data["child"] = {key: child.get(key) for key in CHILD_FIELDS}
        for key in OWN_GROUPS:
            data[key] = child.get(key)
        data["siblings"] = siblings or child.get("siblings")
        if several:
            data["has_siblings"] = True
        data["parents"] = [p for _, p in mine] if case.get("parents") is not None else None
        own_orders = {k for k, v in (child.get("recommended") or {}).items() if v is not None}
        own_dates = {k for k, v in (child.get("dates") or {}).items() if v is not None}
        data["recommended"] = _merged(case.get("recommended"), child.get("recommended"))
        data["dates"] = _merged(case.get("dates"), child.get("dates"))
        views.append(ChildView(
            index=i, id=child.get("id"), label=child_label(child, i), several=several, data=data,
            parent_index=tuple(n for n, _ in mine), sibling_path=tuple(paths),
            own_orders=frozenset(own_orders), own_dates=frozenset(own_dates),
        ))
    return views


def _siblings(case: dict[str, Any], kids: list[dict[str, Any]], by_id: dict[Any, tuple[int, dict[str, Any]]],
              i: int, child: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """The child's siblings in the one-child shape, and the 2.0 path of each."""
    me = f"children[{i}]"
    out: list[dict[str, Any]] = []
    paths: list[str] = []
    named: set[int] = set()

    def derived(j: int, other: dict[str, Any]) -> dict[str, Any]:
        a, b = _caregiver(child), _caregiver(other)
        return {
            "name": other.get("name"), "dob": other.get("dob"), "under_court_jurisdiction": True,
            "removed_same_time": _same(_removal(case, child), _removal(case, other)),
            "placed_together": _same(a, b),
        }

    for k, entry in enumerate(child.get("siblings") or []):
        ref = by_id.get(entry.get("child_id")) if entry.get("child_id") else None
        if ref is not None and ref[0] != i:
            j, other = ref
            named.add(j)
            base = derived(j, other)
            base.update({key: value for key, value in entry.items() if value is not None})
            base["name"], base["dob"] = other.get("name"), other.get("dob")
            out.append(base)
        else:
            out.append(entry)
        paths.append(f"{me}.siblings[{k}]")
    for j, other in enumerate(kids):
        if j == i or j in named:
            continue
        back = next(((k, e) for k, e in enumerate(other.get("siblings") or [])
                     if e.get("child_id") and e.get("child_id") == child.get("id")), None)
        entry = derived(j, other)
        if back is not None:
            k, held = back
            entry.update({key: held[key] for key in PAIR_FIELDS if held.get(key) is not None})
            paths.append(f"children[{j}].siblings[{k}]")
        else:
            paths.append(f"{me}.siblings[]")  # nothing said of the pair yet: the child's list is where to say it
        out.append(entry)
    return out, paths


def family_view(case: dict[str, Any]) -> dict[str, Any]:
    """The one-child shape for what the family shares: the first child's view
    with every parent of the report (the report's family-wide sections)."""
    view = dict(child_views(case)[0].data)
    view["parents"] = case.get("parents")
    return view


def names(views: list[ChildView]) -> str:
    """"Sofia, Leo and Ana" for a list of views."""
    labels = [v.label for v in views]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def answered_children(case: dict[str, Any]) -> int:
    """How many children the report names or describes."""
    return sum(1 for c in children(case) if answered(c))

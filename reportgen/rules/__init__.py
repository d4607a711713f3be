"""The completeness catalogue: every rule, listed explicitly by topic.

``registry()`` builds the catalogue once; ``check(case)`` runs every rule and
returns the findings, objections first.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportgen.case import Case
from reportgen.family import ChildView, child_views, is_family
from reportgen.rules import (
    child,
    concurrent_plan,
    icwa,
    procedure,
    relatives,
    reviews,
    services,
    siblings,
)
from reportgen.rules.base import (
    INFO,
    OBJECT,
    SEVERITY_ORDER,
    WARN,
    Finding,
    Hit,
    Registry,
    Rule,
)

TOPICS = (concurrent_plan, siblings, services, relatives, icwa, child, procedure, reviews)


@lru_cache(maxsize=1)
def registry() -> Registry:
    reg = Registry()
    for topic in TOPICS:
        for r in topic.RULES:
            reg.add(r)
    return reg


def check(case: dict[str, Any] | Case, views: list[ChildView] | None = None) -> list[Finding]:
    """Run the whole catalogue over a loaded case.

    A report on the family (2.0) is judged child by child
    (:func:`reportgen.family.child_views`): each finding points at the 2.0 field,
    and in a report on several children it names the children it is about,
    unless it is about a shared field and holds for all of them, when it is
    given once. A one-child view (:class:`Case`, or its dict) is judged as is. ``views``: the
    family's child views when the caller has made them (``child_views(case)``).
    """
    if isinstance(case, Case) or not is_family(case):
        view = case if isinstance(case, Case) else Case(case)
        hearing = view.get("court.hearing_type")
        findings = [f for r in registry() if r.applies(hearing) for f in r.run(view)]
    else:
        findings = _per_child(views if views is not None else child_views(case),
                              (case.get("court") or {}).get("hearing_type"))
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.code, f.fields))
    return findings


def _per_child(views: list[ChildView], hearing: str | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for r in registry():
        if not r.applies(hearing):
            continue
        about: dict[tuple[Any, ...], list[ChildView]] = {}
        hits: dict[tuple[Any, ...], Hit] = {}
        for view in views:
            for h in r.func(view.case):  # one Case per view for every rule: it keeps its timelines
                at = tuple(view.family_path(p) for p in (h.fields or r.fields))
                key = (at, h.detail, h.severity)
                hits.setdefault(key, h)
                about.setdefault(key, []).append(view)
        for key, who in _one_per_field(about).items():
            at = key[0]
            own = any(p.startswith("children[") for p in at)
            named = () if not who[0].several or (len(who) == len(views) and not own) else tuple(
                v.label for v in sorted(who, key=lambda v: v.index))
            h = hits.get(key) or Hit(at, None, key[2])
            findings.append(r.finding(h, at, named))
    return findings


def _one_per_field(about: dict[tuple[Any, ...], list[ChildView]]) -> dict[tuple[Any, ...], list[ChildView]]:
    """One finding per missing field: a fact about a pair of siblings of the report
    (why they live apart, their visits) is one field, which each child's view
    reaches with the other child named as its sibling. Those findings become one,
    about both children, without the per-child detail."""
    by_field: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
    for key in about:
        by_field.setdefault((key[0], key[2]), []).append(key)
    out: dict[tuple[Any, ...], list[ChildView]] = {}
    for (at, severity), keys in by_field.items():
        children = [v for key in keys for v in about[key]]
        distinct = len({v.index for v in children}) == len(children)
        if len(keys) > 1 and distinct:
            out[(at, None, severity)] = children
        else:
            out.update({key: about[key] for key in keys})
    return out


__all__ = ["registry", "check", "Finding", "Rule", "OBJECT", "WARN", "INFO"]

"""The completeness catalogue: every rule, listed explicitly by topic.

``registry()`` builds the catalogue once; ``check(case)`` runs every rule and
returns the findings, objections first.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportgen.case import Case
from reportgen.rules import (
    child,
    concurrent_plan,
    icwa,
    procedure,
    relatives,
    services,
    siblings,
)
from reportgen.rules.base import (
    INFO,
    OBJECT,
    SEVERITY_ORDER,
    WARN,
    Finding,
    Registry,
    Rule,
)

TOPICS = (concurrent_plan, siblings, services, relatives, icwa, child, procedure)


@lru_cache(maxsize=1)
def registry() -> Registry:
    reg = Registry()
    for topic in TOPICS:
        for r in topic.RULES:
            reg.add(r)
    return reg


def check(case: dict[str, Any] | Case) -> list[Finding]:
    """Run the whole catalogue over a loaded case."""
    view = case if isinstance(case, Case) else Case(case)
    findings: list[Finding] = []
    for r in registry():
        findings.extend(r.run(view))
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.code, f.fields))
    return findings


__all__ = ["registry", "check", "Finding", "Rule", "OBJECT", "WARN", "INFO"]

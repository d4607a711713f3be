"""The one formatter for findings on the command line, and the exit status they mean."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from reportgen.cli.errors import EXIT_OBJECTIONS, EXIT_OK
from reportgen.rules.base import Finding

LABELS = {"object": "OBJECTION", "warn": "WARNING", "info": "NOTE"}


def status_of(findings: Iterable[Finding]) -> int:
    """0 when no finding is an objection, else 1 (DESIGN.md's exit table)."""
    return EXIT_OBJECTIONS if any(f.severity == "object" for f in findings) else EXIT_OK


def findings_json(findings: list[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)


def findings_text(case: dict[str, Any], findings: list[Finding]) -> str:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in LABELS}
    number = (case.get("court") or {}).get("case_number") or "(no case number)"
    lines = [
        f"Case {number}: {counts['object']} objection(s), {counts['warn']} warning(s), {counts['info']} note(s)",
    ]
    for f in findings:
        lines.append("")
        lines.append(f"{LABELS[f.severity]:<9}  {f.code}  {f.name}")
        lines.append(f"           {f.message}")
        lines.append(f"           Citation: {f.citation}")
        lines.append(f"           Fields: {', '.join(f.fields)}")
    if not findings:
        lines.append("No findings: every rule in the catalogue is satisfied.")
    return "\n".join(lines)

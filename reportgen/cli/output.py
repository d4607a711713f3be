"""The one formatter for findings on the command line, and the exit status they mean."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from reportgen.cli.errors import EXIT_OBJECTIONS, EXIT_OK
from reportgen.rules.base import Finding

LABELS = {"object": "OBJECTION", "warn": "WARNING", "info": "NOTE"}


def status_of(findings: Iterable[Finding]) -> int:
    """0 when no finding is an objection, else 1 (the exit table in docs/design.md)."""
    return EXIT_OBJECTIONS if any(f.severity == "object" for f in findings) else EXIT_OK


def finding_lines(f: Finding, labels: dict[str, str] = LABELS, tag: str = "") -> list[str]:
    """A finding's block as every command prints it: severity label, code and name, then the
    message and the citation indented under them (the caller adds its own further lines)."""
    return [
        f"{labels[f.severity]:<9}  {f.code}  {f.name}{tag}",
        f"           {f.message}",
        f"           Citation: {f.citation}",
    ]


def findings_json(findings: list[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)


def findings_text(case: dict[str, Any], findings: list[Finding]) -> str:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in LABELS}
    number = (case.get("court") or {}).get("case_number") or "(no case number)"
    lines = [
        f"Case {number}: {counts['object']} objection(s), {counts['warn']} warning(s), {counts['info']} note(s)",
    ]
    for f in findings:
        lines += ["", *finding_lines(f), f"           Fields: {', '.join(f.fields)}"]
    if not findings:
        lines.append("No findings: every rule in the catalogue is satisfied.")
    return "\n".join(lines)

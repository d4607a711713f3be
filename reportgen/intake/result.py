"""What verifying one PDF produces: named checks and an overall result.

Kept apart from the checks themselves so the web page and the index writer can
use the result types without importing pikepdf.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PASS, FAIL, WARN = "pass", "fail", "warn"
#: Overall results. ``unreadable`` (not a PDF, damaged, needs a password, too
#: large) is kept apart from ``fail`` because the clerk's next step differs:
#: ask for the file again rather than reject the report.
PASSED, FAILED, UNREADABLE = "pass", "fail", "unreadable"


@dataclass(frozen=True)
class Check:
    """One named check: ``status`` is pass, fail or warn; ``reason`` says why in plain words."""

    name: str
    status: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "status": self.status, "reason": self.reason}


@dataclass
class VerifyResult:
    """Everything a clerk learns about one received PDF."""

    filename: str
    sha256: str
    result: str
    checks: list[Check] = field(default_factory=list)
    case_number: str | None = None
    child_initials: str | None = None
    hearing_date: str | None = None
    objections: list[dict[str, Any]] = field(default_factory=list)

    @property
    def failing(self) -> list[Check]:
        return [c for c in self.checks if c.status == FAIL]

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.filename,
            "sha256": self.sha256,
            "result": self.result,
            "case_number": self.case_number,
            "child_initials": self.child_initials,
            "hearing_date": self.hearing_date,
            "checks": [c.as_dict() for c in self.checks],
            "objections": self.objections,
        }

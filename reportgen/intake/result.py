"""What verifying one PDF produces: named checks and an overall result.

Kept apart from the checks themselves so the web page and the index writer can
use the result types without importing pikepdf.
"""

from __future__ import annotations

import re
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
    #: Whether page one carries the draft mark (None: page one could not be read).
    draft: bool | None = None
    #: Objection-level findings on the embedded data (None: no usable data to run the rules on).
    open_objections: int | None = None

    @property
    def failing(self) -> list[Check]:
        return [c for c in self.checks if c.status == FAIL]

    @property
    def report_status(self) -> str:
        """"Draft — 2 objections open", "Final", ...: never left to be read into a plain PASS."""
        from reportgen.intake.explain import report_status

        return report_status(self.draft, self.open_objections)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.filename,
            "sha256": self.sha256,
            "result": self.result,
            "case_number": self.case_number,
            "child_initials": self.child_initials,
            "hearing_date": self.hearing_date,
            "draft": self.draft,
            "open_objections": self.open_objections,
            "report_status": self.report_status,
            "checks": [_with_explanation(c) for c in self.checks],
            "objections": self.objections,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> VerifyResult:
        """The result :meth:`as_dict` gave, as the sandbox worker sends it back.

        Text is made storable on the way in: a lone surrogate from a hostile
        file's case data (JSON's ``"\\ud800"``) becomes U+FFFD, so it cannot
        break the CSV, the database or the page that shows the row."""
        return cls(
            filename=_text(d["file"]), sha256=_text(d["sha256"]), result=_text(d["result"]),
            checks=[Check(_text(c["name"]), _text(c["status"]), _text(c["reason"])) for c in d["checks"]],
            case_number=_text(d["case_number"]) if d.get("case_number") is not None else None,
            child_initials=_text(d["child_initials"]) if d.get("child_initials") is not None else None,
            hearing_date=_text(d["hearing_date"]) if d.get("hearing_date") is not None else None,
            objections=[{_text(k): _text(v) if isinstance(v, str) else v for k, v in o.items()}
                        for o in d.get("objections", [])],
            draft=d["draft"] if isinstance(d.get("draft"), bool) else None,
            open_objections=_count(d.get("open_objections")),
        )


def _with_explanation(check: Check) -> dict[str, str]:
    """A check as JSON; a failing one also says in the clerk's words what is wrong and what to do."""
    from reportgen.intake.explain import explain

    out = check.as_dict()
    out["explanation"] = explain(check.name, check.reason) if check.status == FAIL else ""
    return out


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value: Any) -> str:
    return _SURROGATE.sub("\ufffd", str(value))

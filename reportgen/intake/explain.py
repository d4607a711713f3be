"""The clerk's words for a failing check and for a report's status.

A check's reason is written for whoever investigates the file ("2
cross-reference section(s) and 2 trailer(s) where a produced file has one");
the clerk at the counter needs to know what is wrong and what to do ("The file
was changed after the agency produced it — ask the agency for the original").
The sentences are data, one per check name, in ``explanations.yml`` beside this
module, so the wording can be reviewed and changed without touching the checks;
the technical reason is always kept beside the sentence, never replaced by it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class _Says:
    pattern: re.Pattern[str] | None
    says: str


@dataclass(frozen=True)
class Table:
    common: tuple[_Says, ...]
    checks: dict[str, tuple[_Says, ...]]  # the narrower sentences first, the check's own last


def _entries(items: object, where: str) -> tuple[_Says, ...]:
    if not isinstance(items, list):
        raise ValueError(f"explanations.yml: {where} must be a list")
    out = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("says"), str) or not isinstance(item.get("pattern"), str):
            raise ValueError(f"explanations.yml: each entry of {where} needs 'pattern' and 'says'")
        out.append(_Says(re.compile(item["pattern"]), item["says"]))
    return tuple(out)


@lru_cache(maxsize=1)
def table() -> Table:
    """The sentences of ``explanations.yml``, read once and checked for shape."""
    raw = yaml.safe_load((resources.files("reportgen.intake") / "explanations.yml").read_text(encoding="utf-8"))
    checks: dict[str, tuple[_Says, ...]] = {}
    for name, entry in raw["checks"].items():
        if not isinstance(entry, dict) or not isinstance(entry.get("says"), str):
            raise ValueError(f"explanations.yml: check {name!r} needs 'says'")
        checks[name] = _entries(entry.get("when", []), f"checks.{name}.when") + (_Says(None, entry["says"]),)
    return Table(_entries(raw.get("common", []), "common"), checks)


#: For a check this version of the table does not know (a check added without its sentence).
FALLBACK = "This check failed — ask the agency to send the report again, and refer the technical reason to your supervisor."


def explain(name: str, reason: str) -> str:
    """What a failing check means for the clerk and what to do, in one sentence."""
    t = table()
    for entry in t.common + t.checks.get(name, ()):
        if entry.pattern is None or entry.pattern.search(reason):
            return entry.says
    return FALLBACK


def report_status(draft: bool | None, open_objections: int | None) -> str:
    """How the report presents itself: "Draft — 2 objections open", "Final", ...

    A draft or a report with open objections must never read as a plain pass, so
    the result tables give this beside the result. Empty when the file's first
    page could not be read (nothing is known)."""
    if draft is None:
        return ""
    count = ""
    if open_objections:
        count = f"{open_objections} objection{'' if open_objections == 1 else 's'} open"
    if draft:
        return f"Draft — {count}" if count else "Draft"
    if count:
        return f"Presented as final, but {count}"
    return "Final" if open_objections == 0 else "Final (objections not checked: no usable report data)"


__all__ = ["explain", "report_status", "table", "FALLBACK"]

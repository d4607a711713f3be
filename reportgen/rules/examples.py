"""The named cases each rule is tested with, read from ``cases/<CODE>.yml``.

A case file holds, per case, an ``overlay``: a small fragment laid over a
complete base case (the complete example), and ``triggers``: whether the rule
must fire on the result. The same fragments document the rule in
``reportgen rules CODE``, so the documentation cannot drift from the tests.

Overlay semantics (:func:`apply_overlay`): mappings merge key by key; a list
replaces the list beneath it; a mapping laid over a list with integer keys
(``{0: {...}}``) merges into those elements, and the key one past the end
(``{1: {...}}`` over a one-element list) adds an element; ``null`` sets the
value to null.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class RuleCase:
    code: str
    name: str
    description: str
    overlay: dict[str, Any]
    triggers: bool
    severity: str | None = None  # when set, every finding of the rule must have this severity
    #: the base the overlay is laid on: None, the 1.0 complete example; "v2", the 2.0 one
    #: (examples/01-complete-sibling-group.json), for facts only a 2.0 case holds (previous_report)
    base: str | None = None


def apply_overlay(base: Any, overlay: Any) -> Any:
    if isinstance(overlay, dict) and isinstance(base, dict):
        out = dict(base)
        for key, value in overlay.items():
            out[key] = apply_overlay(base.get(key), value)
        return out
    if isinstance(overlay, dict) and isinstance(base, list) and all(isinstance(k, int) for k in overlay):
        out_list = list(base)
        for index, value in sorted(overlay.items()):
            if index == len(out_list):
                out_list.append(apply_overlay(None, value))
            else:
                out_list[index] = apply_overlay(out_list[index], value)
        return out_list
    return copy.deepcopy(overlay)


def cases_for(code: str) -> list[RuleCase]:
    """The named cases of one rule; an empty list when it has no case file."""
    path = resources.files("reportgen.rules") / "cases" / f"{code}.yml"
    if not path.is_file():
        return []
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for name, body in (raw.get("cases") or {}).items():
        out.append(
            RuleCase(
                code=code,
                name=str(name),
                description=str(body.get("description", "")),
                overlay=body.get("overlay") or {},
                triggers=bool(body["triggers"]),
                severity=body.get("severity"),
                base=body.get("base"),
            )
        )
    return out


def all_case_codes() -> list[str]:
    folder = resources.files("reportgen.rules") / "cases"
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".yml"))

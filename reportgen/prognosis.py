"""The prognosis worksheet (advisory): indicators kept as data in forms/prognosis.yml.

The worker records, for each indicator, whether it is present and the evidence
for it (``prognosis.<id>.present`` / ``.evidence`` in the case). The worksheet
decides nothing: it is shown to the worker and the supervisor beside the
concurrent plan, is never printed in the court report, and is left out of the
case data a filed PDF or DOCX carries (:func:`without_worksheet`). One rule
(CP116) reads it: several signs of a poor prognosis while the concurrent plan
names no family.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from reportgen.resources import forms_dir

LIKELY, POOR = "likely", "poor"
#: The key of the worksheet in a 2.0 case.
KEY = "prognosis"


@dataclass(frozen=True)
class Indicator:
    id: str
    kind: str  # LIKELY or POOR
    text: str
    poverty: bool = False


@dataclass(frozen=True)
class Worksheet:
    source: str
    intro: str
    indicators: tuple[Indicator, ...]


@lru_cache(maxsize=1)
def worksheet() -> Worksheet:
    """forms/prognosis.yml, read once; its ids are checked (unique, snake_case, a kind each)."""
    raw = yaml.safe_load((forms_dir() / "prognosis.yml").read_text(encoding="utf-8"))
    found = []
    for item in raw["indicators"]:
        ind = Indicator(id=str(item["id"]), kind=str(item["kind"]), text=str(item["text"]),
                        poverty=bool(item.get("poverty", False)))
        if ind.kind not in (LIKELY, POOR) or not ind.id.isidentifier():
            raise ValueError(f"forms/prognosis.yml: indicator {ind.id!r} needs a snake_case id and kind likely or poor")
        found.append(ind)
    if len({i.id for i in found}) != len(found):
        raise ValueError("forms/prognosis.yml: indicator ids must be unique")
    return Worksheet(source=str(raw.get("source", "")), intro=str(raw.get("intro", "")), indicators=tuple(found))


def present(case: dict[str, Any], kind: str) -> list[Indicator]:
    """The indicators of ``kind`` recorded as present in a case (2.0, or a one-child view)."""
    answers = case.get(KEY) or {}
    return [i for i in worksheet().indicators
            if i.kind == kind and isinstance(answers.get(i.id), dict) and answers[i.id].get("present") is True]


def without_worksheet(case: dict[str, Any]) -> dict[str, Any]:
    """The case as a filed document carries it: the advisory worksheet left unanswered."""
    return {**case, KEY: None} if case.get(KEY) is not None else case

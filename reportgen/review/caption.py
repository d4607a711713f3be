"""The caption facts of a report: court, case number, child, hearing date.

For case data they come from the fields; for a report made elsewhere they are
read from the first page (and the page header) by the patterns in
``caption.yml``. A fact that is not found is left out, never guessed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from reportgen.review.extract import Block

#: How far into a report the caption may sit (blocks).
CAPTION_BLOCKS = 60


@lru_cache(maxsize=1)
def _patterns() -> dict[str, tuple[re.Pattern[str], ...]]:
    raw: dict[str, list[str]] = yaml.safe_load(
        (resources.files("reportgen.review") / "caption.yml").read_text(encoding="utf-8")
    )
    return {k: tuple(re.compile(p) for p in v) for k, v in raw.items()}


def from_blocks(blocks: list[Block]) -> dict[str, str]:
    """Caption facts found near the top of an extracted report."""
    head = [b for b in blocks if b.style == "Header"] + [b for b in blocks if b.style != "Header"][:CAPTION_BLOCKS]
    facts: dict[str, str] = {}
    for fact, patterns in _patterns().items():
        for block in head:
            for part in block.text.replace(": | ", ": ").split(" | "):
                for pattern in patterns:
                    m = pattern.search(part)
                    if m:
                        value = re.sub(r"\s+", " ", m.group(1)).strip(" ,;:-|")
                        if value:
                            facts.setdefault(fact, value)
                            break
                if fact in facts:
                    break
            if fact in facts:
                break
    return facts


def from_case(case: dict[str, Any]) -> dict[str, str]:
    """Caption facts from loaded case data."""
    court = case.get("court") or {}
    dates = case.get("dates") or {}
    child = case.get("child") or {}
    worker = case.get("social_worker") or {}
    values = {
        "court": court.get("court_name"),
        "county": court.get("county"),
        "department": court.get("department"),
        "case_number": court.get("case_number"),
        "child": child.get("name"),
        "hearing_date": dates.get("disposition_hearing_date"),
        "report_date": court.get("report_date"),
        "social_worker": worker.get("name"),
    }
    return {k: str(v) for k, v in values.items() if v not in (None, "")}

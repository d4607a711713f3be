"""The words a report shows: enum values in plain language, row labels, dates.

The wording lives in ``words.yml`` beside this module (data, not code), so a
county or a reviewer can change a phrase without touching Python, and both
renderers read it through :mod:`reportgen.render.context` only.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

_LIST_INDEX = re.compile(r"\[\d+\]")


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """The whole word table, read once per process."""
    text = (resources.files("reportgen.render") / "words.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):  # pragma: no cover - a packaging accident
        raise RuntimeError("reportgen/render/words.yml is not a mapping")
    return data


def report(key: str) -> str:
    return str(table()["report"][key])


def phrase(key: str, **values: Any) -> Any:
    """A fixed phrase, formatted with ``values`` when it has placeholders."""
    text = table()["phrases"][key]
    return text.format(**values) if values and isinstance(text, str) else text


def section(key: str) -> dict[str, str]:
    return dict(table()["sections"][key])


def label(path: str) -> str:
    """The row label for a schema field path; concrete indexes are ignored."""
    key = _LIST_INDEX.sub("[]", path)
    labels: dict[str, str] = table()["labels"]
    return labels.get(key, key)


def enum_word(enum: str, value: Any) -> str:
    """A stored enumeration value in words; an unknown value is shown as stored."""
    words: dict[str, str] = table()["enums"][enum]
    return words.get(str(value), str(value))


def fmt_date(day: dt.date) -> str:
    """Dates as a court writes them: "November 24, 2026"."""
    return f"{day:%B} {day.day}, {day.year}"


def plural(count: int, singular: str, many: str | None = None) -> str:
    return singular if count == 1 else (many or singular + "s")


def show(value: Any, enum: str | None = None) -> str | None:
    """A stored value as text, or None when nothing was stored.

    Free text is returned exactly as written: the report never rewrites or
    completes what the social worker supplied.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return report("yes") if value else report("no")
    if isinstance(value, dt.date):
        return fmt_date(value)
    if isinstance(value, str):
        if not value.strip():
            return None
        return enum_word(enum, value) if enum else value
    if enum:
        return enum_word(enum, value)
    return str(value)

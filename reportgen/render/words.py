"""The words a report shows: enum values in plain language, row labels, dates.

The wording lives in ``words.yml`` beside this module (data, not code), so a
county or a reviewer can change a phrase without touching Python, and both
renderers read it through :mod:`reportgen.render.context` only. The section
order and titles, the caption and the signature block come from the active
county profile (:mod:`reportgen.render.profile`).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

_LIST_INDEX = re.compile(r"\[\d+\]")


@lru_cache(maxsize=1)
def _own_table() -> dict[str, Any]:
    """words.yml, read once per process."""
    text = (resources.files("reportgen.render") / "words.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):  # pragma: no cover - a packaging accident
        raise RuntimeError("reportgen/render/words.yml is not a mapping")
    return data


_with_profile: dict[str, dict[str, Any]] = {}
#: The last profile asked for and its table, as one tuple (replaced whole, so
#: threads printing with different profiles never pair one's profile with the
#: other's table): a report asks for the table some 300 times.
_last: tuple[Any, dict[str, Any]] = (None, {})
_active: Any = None


def table() -> dict[str, Any]:
    """The whole word table: words.yml with the active county profile's words
    (section order and titles, caption, signature block: see
    :mod:`reportgen.render.profile`) laid over it; built once per profile."""
    global _last, _active
    if _active is None:
        from reportgen.render.profile import active

        _active = active
    chosen = _active()
    last = _last
    if last[0] is chosen:
        return last[1]
    merged = _with_profile.get(chosen.digest)
    if merged is None:
        own, words = _own_table(), chosen.words()
        merged = {**own, "report": {**own["report"], **words["report"]},
                  "phrases": {**own["phrases"], **words["phrases"]},
                  "section_order": words["section_order"], "sections": words["sections"]}
        if len(_with_profile) > 32:
            _with_profile.clear()
        _with_profile[chosen.digest] = merged
    _last = (chosen, merged)
    return merged


#: Whom the table's words "the child" mean while a part of a report on several
#: children is built: None (a one-child report: "the child"), a child's name, or
#: several names (a part about all of them: "the children").
_about: contextvars.ContextVar[str | tuple[str, ...] | None] = contextvars.ContextVar("about", default=None)
_THE_CHILD = re.compile(r"\b([Tt])he child\b('s)?(?: (was|is|has)\b)?")
_PLURAL_VERB = {"was": "were", "is": "are", "has": "have"}


@contextlib.contextmanager
def about(who: str | list[str] | tuple[str, ...] | None) -> Iterator[None]:
    """Within this block the word table's "the child" means ``who``: a child's
    name (one child's part of a family report), or with several names "the
    children" (a part about the family). Only the table's own words change,
    never a value typed by the worker (those are filled in after)."""
    if isinstance(who, list | tuple):
        who = tuple(who) if len(who) > 1 else (who[0] if who else None)
    token = _about.set(who)
    try:
        yield
    finally:
        _about.reset(token)


def said(text: str, formatted: bool = False) -> str:
    """A word-table text with "the child" turned to whom it means (see :func:`about`);
    ``formatted``: the text is a format string still to be filled, so braces in a name are escaped."""
    who = _about.get()
    if who is None or "child" not in text:
        return text

    def turn(m: re.Match[str]) -> str:
        cap, owner, verb = m.group(1) == "T", m.group(2) or "", m.group(3)
        if isinstance(who, tuple):
            words = ("The" if cap else "the") + " children" + ("'s" if owner else "")
            return words + (f" {_PLURAL_VERB[verb]}" if verb and not owner else f" {verb}" if verb else "")
        name = who.replace("{", "{{").replace("}", "}}") if formatted else who
        return name + owner + (f" {verb}" if verb else "")

    return _THE_CHILD.sub(turn, text)


def report(key: str) -> str:
    return str(table()["report"][key])


def phrase(key: str, **values: Any) -> Any:
    """A fixed phrase, formatted with ``values`` when it has placeholders."""
    text = table()["phrases"][key]
    if isinstance(text, str):
        text = said(text, formatted=bool(values))
    return text.format(**values) if values and isinstance(text, str) else text


def section(key: str) -> dict[str, str]:
    return {k: said(v) for k, v in table()["sections"][key].items()}


def section_order() -> list[str]:
    """The active county profile's order of the report's sections (``section_order``)."""
    return [str(key) for key in table()["section_order"]]


def label(path: str) -> str:
    """The row label for a schema field path; concrete indexes are ignored."""
    key = _LIST_INDEX.sub("[]", path)
    labels: dict[str, str] = table()["labels"]
    return said(labels.get(key, key))


def enum_word(enum: str, value: Any) -> str:
    """A stored enumeration value in words; an unknown value is shown as stored."""
    words: dict[str, str] = table()["enums"][enum]
    return said(words[str(value)]) if str(value) in words else str(value)


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


def enum_of(path: str) -> str | None:
    """The word table of an enumerated field (``parents[0].role`` -> ``parent_role``),
    read from the schema's own fields (2.0 paths and the one-child view's 1.0 paths)."""
    return _enum_keys().get(_LIST_INDEX.sub("[]", path))


@lru_cache(maxsize=1)
def _enum_keys() -> dict[str, str]:
    from reportgen.enums import words_key
    from reportgen.schema import CaseSchema, CaseSchemaV1, enum_fields

    found = {**enum_fields(CaseSchemaV1()), **enum_fields(CaseSchema())}
    return {path: words_key(enum) for path, enum in found.items()}


def clause(enum: str, value: Any, **values: Any) -> str:
    """An enumeration value as the report says it inside a sentence (``clauses``),
    falling back to its words in ``enums``."""
    clauses: dict[str, dict[str, str]] = table()["clauses"]
    text = clauses.get(enum, {}).get(str(value))
    return said(text, formatted=True).format(**values) if text is not None else enum_word(enum, value)


def fact(path: str, answer: bool | None, **values: Any) -> str | None:
    """A yes/no fact as words: its "yes" or "no" wording, or with ``answer`` None
    its "gap" wording (None where the report need not state the fact)."""
    facts: dict[str, dict[str, str]] = table()["facts"]
    key = "gap" if answer is None else "yes" if answer else "no"
    text = facts[_LIST_INDEX.sub("[]", path)].get(key)
    return said(text, formatted=True).format(**values) if text is not None else None


def join(parts: list[str], word: str = "and") -> str:
    """"a", "a and b", "a, b and c"."""
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {word} {parts[-1]}"


def sentence(text: str, starts_with_name: bool = False) -> str:
    """``text`` as a sentence: first letter capitalised, a full stop at the end.

    A sentence that starts with a person's name keeps the name exactly as
    written ("de la Cruz" stays lower case): the report never rewrites a name."""
    text = text.strip()
    if not text:
        return text
    if not starts_with_name:
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def squash(text: str) -> str:
    """A name compared as a person would: case and spacing ignored."""
    return " ".join(str(text).split()).casefold()


def possessive(who: str) -> str:
    return f"{who}'s"

"""The rule registry: how a completeness rule is declared, checked and listed.

A rule is a small generator function under :func:`rule`. The decorator carries
everything a reader of a finding needs (code, slug, severity, basis, citation,
message, the field paths it points at); the function only decides *whether*
the rule fires and *where*. Its docstring uses fixed headings, which
``reportgen rules CODE`` prints::

    What it checks
    Why it matters
    How to fix

The citation is the *References* heading. Registration refuses a duplicate
code, a malformed code or slug, an unknown severity, and a docstring missing a
heading, at import time, so a broken catalogue cannot ship.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from reportgen.case import Case, blank

OBJECT, WARN, INFO = "object", "warn", "info"
SEVERITIES = (OBJECT, WARN, INFO)
SEVERITY_ORDER = {OBJECT: 0, WARN: 1, INFO: 2}
LAW, PRACTICE = "law", "practice"
DOC_HEADINGS = ("What it checks", "Why it matters", "How to fix")

_CODE = re.compile(r"^(CP1|SB2|RS3|RL4|IC5|CH6|PR7|RV8)\d\d$")

#: The hearings a report can be for (``court.hearing_type``; see reportgen.enums.HearingType).
DISPOSITION = ("disposition",)
REVIEWS = ("six_month_review", "permanency_12m", "review_18m", "review_24m")
ALL_HEARINGS = DISPOSITION + REVIEWS
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")


class RegistryError(Exception):
    """A rule declaration is malformed; raised at import."""


@dataclass(frozen=True)
class Hit:
    """One place where a rule fires: the concrete field paths and, optionally,
    a detail naming the person or item, and a severity other than the rule's
    default when the law makes it so (e.g. IC502 after a warrantless removal)."""

    fields: tuple[str, ...]
    detail: str | None = None
    severity: str | None = None


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: str
    citation: str
    message: str
    fields: tuple[str, ...]
    #: the children (by name) of a report on several children the finding is about;
    #: empty when it is about the whole report or its only child
    children: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "citation": self.citation,
            "message": self.message,
            "fields": list(self.fields),
        }
        if self.children:
            out["children"] = list(self.children)
        return out


@dataclass(frozen=True)
class Rule:
    code: str
    slug: str
    severity: str
    basis: str
    citation: str
    message: str
    fields: tuple[str, ...]
    func: Callable[[Case], Iterable[Hit]] = field(repr=False)
    unverified: bool = False
    #: the hearings whose reports the rule judges: a fact only a disposition report
    #: states (the stated period of services, the bypass procedure) is not asked of a review
    hearings: tuple[str, ...] = ALL_HEARINGS

    def applies(self, hearing_type: str | None) -> bool:
        """True when the rule judges a report for this hearing (unstated: disposition)."""
        return (hearing_type or "disposition") in self.hearings

    @property
    def doc(self) -> str:
        return self.func.__doc__ or ""

    def doc_sections(self) -> dict[str, str]:
        """The docstring split by its fixed headings."""
        import inspect

        text = inspect.cleandoc(self.doc)
        sections: dict[str, str] = {}
        current = None
        lines: list[str] = []
        for line in text.splitlines():
            if line.strip() in DOC_HEADINGS:
                if current:
                    sections[current] = textwrap.dedent("\n".join(lines)).strip()
                current, lines = line.strip(), []
            elif current:
                lines.append(line)
        if current:
            sections[current] = textwrap.dedent("\n".join(lines)).strip()
        return sections

    def run(self, case: Case) -> list[Finding]:
        return [self.finding(h, h.fields or self.fields) for h in self.func(case)]

    def finding(self, h: Hit, fields: tuple[str, ...], children: tuple[str, ...] = ()) -> Finding:
        """The finding for one hit, at ``fields``; ``children`` names the children
        of a report on several children it is about (none when it is about all)."""
        detail = "; ".join(x for x in (_for(children), h.detail) if x)
        return Finding(
            code=self.code,
            name=self.slug,
            severity=h.severity or self.severity,
            citation=self.citation,
            message=self.message if not detail else f"{self.message} ({detail})",
            fields=fields,
            children=children,
        )


def _for(children: tuple[str, ...]) -> str | None:
    if not children:
        return None
    named = children[0] if len(children) == 1 else ", ".join(children[:-1]) + " and " + children[-1]
    return f"for {named}"


class Registry:
    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def add(self, r: Rule) -> None:
        if not _CODE.match(r.code):
            raise RegistryError(f"{r.code}: a code is a topic prefix (CP1, SB2, ...) and two digits")
        if r.code in self._rules:
            raise RegistryError(f"{r.code}: code registered twice")
        if not _SLUG.match(r.slug):
            raise RegistryError(f"{r.code}: slug {r.slug!r} must be lower-case words joined by hyphens")
        if any(x.slug == r.slug for x in self._rules.values()):
            raise RegistryError(f"{r.code}: slug {r.slug!r} registered twice")
        if r.severity not in SEVERITIES:
            raise RegistryError(f"{r.code}: severity must be one of {SEVERITIES}")
        if r.basis not in (LAW, PRACTICE):
            raise RegistryError(f"{r.code}: basis must be 'law' or 'practice'")
        if r.basis == PRACTICE and r.severity == OBJECT and "CEB §12.47" not in r.message:
            raise RegistryError(f"{r.code}: an objection resting on practice must name CEB §12.47")
        if r.basis == PRACTICE and r.severity == WARN and not r.message.startswith("Practice:"):
            raise RegistryError(f"{r.code}: a practice warning's message starts with 'Practice:'")
        if r.unverified and (r.severity == OBJECT or "to be confirmed" not in r.message):
            raise RegistryError(f"{r.code}: a rule on an unverified citation is a warning and says so")
        missing = [h for h in DOC_HEADINGS if h not in r.doc_sections()]
        if missing:
            raise RegistryError(f"{r.code}: docstring lacks heading(s) {', '.join(missing)}")
        if not r.fields:
            raise RegistryError(f"{r.code}: a rule must name the fields it points at")
        if not r.hearings or set(r.hearings) - set(ALL_HEARINGS):
            raise RegistryError(f"{r.code}: hearings must be some of {', '.join(ALL_HEARINGS)}")
        self._rules[r.code] = r

    def __iter__(self) -> Iterator[Rule]:
        return iter(sorted(self._rules.values(), key=lambda r: r.code))

    def __len__(self) -> int:
        return len(self._rules)

    def get(self, code: str) -> Rule | None:
        return self._rules.get(code.upper())


def rule(
    *,
    code: str,
    slug: str,
    severity: str,
    basis: str,
    citation: str,
    message: str,
    fields: Iterable[str],
    unverified: bool = False,
    hearings: Iterable[str] = ALL_HEARINGS,
) -> Callable[[Callable[[Case], Iterable[Hit]]], Rule]:
    """Declare a rule. The decorated function yields :class:`Hit` for each place it fires."""

    def wrap(func: Callable[[Case], Iterable[Hit]]) -> Rule:
        return Rule(
            code=code,
            slug=slug,
            severity=severity,
            basis=basis,
            citation=citation,
            message=message,
            fields=tuple(fields),
            func=func,
            unverified=unverified,
            hearings=tuple(hearings),
        )

    return wrap


def hit(*fields: str, detail: str | None = None, severity: str | None = None) -> Hit:
    return Hit(tuple(fields), detail, severity)


def who(kind: str, index: int, item: dict[str, Any]) -> str:
    """A finding's detail naming a listed person ("parent: Ana"); the list
    position when the entry has no name ("sibling: number 2 (unnamed)")."""
    name = item.get("name")
    return f"{kind}: {name}" if not blank(name) else f"{kind}: number {index + 1} (unnamed)"


def blank_fields(item: dict[str, Any], base: str, names: Iterable[str]) -> list[str]:
    """The paths ``base.name`` of those named fields of ``item`` that give no answer."""
    return [f"{base}.{name}" for name in names if blank(item.get(name))]


def searched(parent: dict[str, Any]) -> bool:
    """True when a due-diligence search for a parent is on record: when it was
    made (started or completed) and how (the places and people asked). Without
    both, "whereabouts unknown" is an assertion, not a finding the court can make."""
    search = parent.get("due_diligence") or {}
    when = search.get("started_date") is not None or search.get("completed_date") is not None
    return when and not blank(search.get("methods"))

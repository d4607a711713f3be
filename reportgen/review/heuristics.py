"""Reading a report made elsewhere against CEB §12.47, heuristically.

The child's attorney asks of every disposition report: is there a concurrent
plan with a goal; is it specific (a named family, or concrete steps to find
one); does it say whether the current caregiver is willing and suitable to be
permanent; if not, what is being done to find a home that could be; why is the
plan realistic and how does it meet the child's short- and long-term needs; and
are the siblings addressed? (CEB §12.47; docs/law.md §1.13.)

Each question becomes an *element* that is found (with the passage relied on
and its page) or not found, and each element not found becomes a finding with
the same code, name, severity and citation as the rule catalogue's rule for the
same defect (CP101, CP105, CP106, CP108, CP111, SB201, SB203, SB205), marked
``heuristic`` and carrying the reason. :func:`assess` builds the table with
the per-child reading of :mod:`reportgen.review.reading` (the catalogue's own
rules on what the report was read to say); the cue-phrase reader of this
module (:func:`assess_by_cues`, phrases in ``heuristics.yml``) is kept for
comparison. Both are narrow on purpose, because a review must never claim more
than it read: "the mother was advised of adoption planning" is not a plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from reportgen.review.sections import Document, Paragraph
from reportgen.rules.base import SEVERITY_ORDER, Finding

FOUND, NOT_FOUND, NOT_APPLICABLE = "found", "not found", "not applicable"
#: The reading found passages on the element that it could not place: the attorney reads them before
#: objecting (a warning naming the rule, never an objection resting on the reading's own silence).
TO_VERIFY = "to verify"
PASSAGE_CHARS = 500


@dataclass(frozen=True)
class Cues:
    """The compiled patterns of ``heuristics.yml``."""

    groups: dict[str, tuple[re.Pattern[str], ...]]
    goals: dict[str, tuple[re.Pattern[str], ...]]
    willingness: dict[str, tuple[re.Pattern[str], ...]]

    def any(self, group: str, text: str) -> bool:
        return any(p.search(text) for p in self.groups[group])


def _compile(patterns: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    # Patterns that test for capitals (names) are matched case-sensitively.
    return tuple(re.compile(p) if "[A-Z]" in p else re.compile(p, re.IGNORECASE) for p in patterns)


@lru_cache(maxsize=1)
def cues() -> Cues:
    raw: dict[str, Any] = yaml.safe_load(
        (resources.files("reportgen.review") / "heuristics.yml").read_text(encoding="utf-8")
    )
    special = {"goals", "willingness"}
    return Cues(
        groups={k: _compile(v) for k, v in raw.items() if k not in special},
        goals={k: _compile(v) for k, v in raw["goals"].items()},
        willingness={str(k): _compile(v) for k, v in raw["willingness"].items()},
    )


@dataclass(frozen=True)
class Sentence:
    text: str
    paragraph: Paragraph


@dataclass
class Element:
    """One CEB §12.47 element and what the review found for it."""

    key: str
    label: str
    status: str
    reason: str
    codes: tuple[str, ...]
    passage: str | None = None
    page: int | None = None
    location: str | None = None
    child: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "child": self.child,
            "element": self.key,
            "label": self.label,
            "status": self.status,
            "reason": self.reason,
            "codes": list(self.codes),
            "passage": self.passage,
            "page": self.page,
            "location": self.location,
        }


@dataclass(frozen=True)
class HeuristicFinding(Finding):
    """A finding read from a report's text: the catalogue rule's identity (the
    :class:`~reportgen.rules.base.Finding` fields), plus the reason and the
    passage it rests on (``None`` when the report is silent). Every field has a
    default because the catalogue's :class:`Finding` ends on defaulted fields."""

    reason: str = ""
    passage: str | None = None
    page: int | None = None
    location: str | None = None
    heuristic: bool = True
    child: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            **super().as_dict(),
            "heuristic": True,
            "reason": self.reason,
            "passage": self.passage,
            "page": self.page,
            "location": self.location,
            "child": self.child,
        }


_ABBREV = re.compile(r"(\b(Mr|Mrs|Ms|Mx|Dr|St|No|Jr|Sr|vs|Inst|Welf|Cal|Code|Dept|approx|e\.g|i\.e)|\b[A-Z])\.$")


def sentences(paragraph: Paragraph) -> list[Sentence]:
    """Split a paragraph into sentences, keeping "Ms. Reyes" and "J. D." whole."""
    parts = re.split(r"(?<=[.!?;])\s+(?=[A-Z0-9\"“(])", paragraph.text)
    merged: list[str] = []
    for part in parts:
        if merged and _ABBREV.search(merged[-1]):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return [Sentence(s.strip(), paragraph) for s in merged if s.strip()]


def _quote(items: list[Sentence]) -> tuple[str | None, int | None, str | None]:
    if not items:
        return None, None, None
    text = " ".join(s.text for s in items[:2])
    if len(text) > PASSAGE_CHARS:
        text = text[: PASSAGE_CHARS - 1].rsplit(" ", 1)[0] + "…"
    first = items[0].paragraph
    return text, first.page, first.location


@dataclass
class Reading:
    """The sentences of a document sorted into what the elements need."""

    doc: Document
    all: list[Sentence] = field(default_factory=list)
    plan_context: list[Sentence] = field(default_factory=list)
    goal: list[Sentence] = field(default_factory=list)
    passing: list[Sentence] = field(default_factory=list)
    undecided: list[Sentence] = field(default_factory=list)


def read(doc: Document) -> Reading:
    c = cues()
    reading = Reading(doc)
    for paragraph in doc.paragraphs:
        if paragraph.heading:
            continue
        said = sentences(paragraph)
        reading.all.extend(said)
        cue_in_paragraph = any(
            c.any("plan_cues", s.text) and not c.any("passing", s.text) for s in said
        )
        in_plan = "concurrent_plan" in paragraph.topics or cue_in_paragraph
        for s in said:
            names_goal = any(p.search(s.text) for ps in c.goals.values() for p in ps)
            if not in_plan:
                if names_goal and c.any("passing", s.text):
                    reading.passing.append(s)
                continue
            reading.plan_context.append(s)
            if not names_goal:
                continue
            if c.any("passing", s.text):
                reading.passing.append(s)
            elif c.any("undecided", s.text):
                reading.undecided.append(s)
            else:
                reading.goal.append(s)
    return reading


def _goal_name(text: str) -> str:
    for goal, patterns in cues().goals.items():
        if any(p.search(text) for p in patterns):
            return goal.replace("_", " ")
    return "a goal"


def _willingness(reading: Reading) -> tuple[str | None, list[Sentence]]:
    """The caregiver's answer about permanence: "no", "unsure", "yes" or None."""
    c = cues()
    candidates = [s for s in reading.all if not c.any("passing", s.text)
                  and (c.any("caregiver", s.text) or s.paragraph.topics & {"placement", "concurrent_plan"})]
    for answer in ("no", "unsure", "yes"):
        said = [s for s in candidates if any(p.search(s.text) for p in c.willingness[answer])]
        if said:
            return answer, said
    return None, []


def _matching(items: Iterable[Sentence], group: str) -> list[Sentence]:
    c = cues()
    return [s for s in items if c.any(group, s.text)]


def assess(doc: Document) -> list[Element]:
    """The CEB §12.47 element table for a report's text.

    The per-child reading is the default (:mod:`reportgen.review.reading`: per
    child, assertion status and holder, the catalogue's rules on the values
    read). On the old corpus it matches the cue reader (1.00/1.00 each) and on
    the independently written corpus2 dev split it is 1.00/1.00 against
    0.15/0.18 with no complete control objected to (36 of 48 with cues; figures
    in bench/review.py). ``REPORTGEN_REVIEW_READER=cues`` selects the cue-phrase
    reader of before, kept for comparison."""
    import os

    if os.environ.get("REPORTGEN_REVIEW_READER") == "cues":
        return assess_by_cues(doc)
    from reportgen.review.reading.verdict import elements_for

    return elements_for(doc)


def assess_by_cues(doc: Document) -> list[Element]:
    """The cue-phrase reading of one report as one plan (the older reader)."""
    reading = read(doc)
    elements: list[Element] = []
    removed = bool(_matching(reading.all, "removal"))

    def element(key: str, label: str, codes: tuple[str, ...], found: list[Sentence] | None, reason: str,
                status: str | None = None, evidence: list[Sentence] | None = None) -> Element:
        passage, page, location = _quote(found or evidence or [])
        elements.append(Element(key, label, status or (FOUND if found else NOT_FOUND), reason, codes,
                                passage, page, location))
        return elements[-1]

    if not removed:
        na = "the report does not appear to recommend removal, so CEB §12.47's plan questions do not arise"
        for key, label, codes in PLAN_ELEMENTS:
            element(key, label, codes, None, na, status=NOT_APPLICABLE)
    else:
        _plan_elements(reading, element)
    _sibling_elements(reading, element)
    return elements


PLAN_ELEMENTS = (
    ("plan_goal", "A concurrent plan exists and names a permanency goal", ("CP101",)),
    ("plan_specific", "The plan is specific: it names a family or concrete steps to find one", ("CP105",)),
    ("caregiver", "The current caregiver's willingness and suitability to be permanent", ("CP106",)),
    ("other_home", "Efforts toward another permanent home if the caregiver will not be permanent", ("CP108",)),
    ("realism", "Why the plan is realistic, and the child's short- and long-term needs", ("CP111",)),
)


def _plan_elements(reading: Reading, element: Any) -> None:
    goal = reading.goal
    if goal:
        element("plan_goal", PLAN_ELEMENTS[0][1], ("CP101",), goal,
                f"a plan passage names {_goal_name(goal[0].text)} as the alternative goal")
    else:
        why = "no passage in a plan section or beside a plan phrase names a permanency goal"
        evidence = reading.undecided or reading.passing
        if reading.undecided:
            why += "; the plan is described as not yet decided"
        if reading.passing:
            why += "; adoption or guardianship is mentioned only in passing (an advisement or history), which is not a plan"
        element("plan_goal", PLAN_ELEMENTS[0][1], ("CP101",), None, why, evidence=evidence)

    context = reading.plan_context
    named = [s for s in _matching(context, "named_family") if not cues().any("passing", s.text)]
    steps = _matching(context, "search_steps")
    if named or steps:
        what = "names the prospective family" if named else "describes concrete steps to find a family"
        element("plan_specific", PLAN_ELEMENTS[1][1], ("CP105",), named or steps, f"the plan {what}")
    else:
        element("plan_specific", PLAN_ELEMENTS[1][1], ("CP105",), None,
                "no plan passage names a person or family, or a concrete search (family finding, recruitment, "
                "home study, matching)", evidence=goal)

    answer, said = _willingness(reading)
    suitable = _matching([s for s in reading.all if cues().any("caregiver", s.text)
                          or "placement" in s.paragraph.topics or "concurrent_plan" in s.paragraph.topics],
                         "suitability")
    if answer is None:
        element("caregiver", PLAN_ELEMENTS[2][1], ("CP106",), None,
                "no passage says whether the current caregiver is willing to become the child's permanent family",
                evidence=suitable)
    elif not suitable:
        element("caregiver", PLAN_ELEMENTS[2][1], ("CP106",), None,
                f"the report gives the caregiver's answer ({answer}) but nothing on the caregiver's suitability "
                "as a permanent family", evidence=said)
    else:
        element("caregiver", PLAN_ELEMENTS[2][1], ("CP106",), said + suitable[:1],
                f"the report gives the caregiver's answer about permanence ({answer}) and speaks to suitability")

    if answer in ("no", "unsure"):
        efforts = _matching([s for s in reading.all if not cues().any("passing", s.text)], "efforts")
        if efforts:
            element("other_home", PLAN_ELEMENTS[3][1], ("CP108",), efforts,
                    f"the caregiver's answer is {answer}; the report describes steps toward another permanent home")
        else:
            element("other_home", PLAN_ELEMENTS[3][1], ("CP108",), None,
                    f"the caregiver's answer is {answer}, and no passage describes an effort to find a home that "
                    "could be permanent", evidence=said)
    else:
        element("other_home", PLAN_ELEMENTS[3][1], ("CP108",), None,
                "only needed when the caregiver will not or may not be permanent; the report does not say so",
                status=NOT_APPLICABLE)

    if not goal:
        element("realism", PLAN_ELEMENTS[4][1], ("CP111",), None,
                "there is no alternative goal whose realism could be explained", status=NOT_APPLICABLE)
        return
    pool = reading.plan_context + [s for s in reading.all if "assessment" in s.paragraph.topics]
    parts = {"realism": _matching(pool, "realism"), "short_term": _matching(pool, "short_term"),
             "long_term": _matching(pool, "long_term")}
    missing = [k.replace("_", "-") for k, v in parts.items() if not v]
    if missing:
        element("realism", PLAN_ELEMENTS[4][1], ("CP111",), None,
                f"no plan or assessment passage addresses: {', '.join(missing)}",
                evidence=[s for v in parts.values() for s in v])
    else:
        element("realism", PLAN_ELEMENTS[4][1], ("CP111",), [v[0] for v in parts.values()],
                "the plan or assessment explains why it is realistic and speaks to short- and long-term needs")


def _sibling_elements(reading: Reading, element: Any) -> None:
    c = cues()
    label = "Siblings addressed: placement together, reasons if apart, visits"
    in_section = [s for s in reading.all if "siblings" in s.paragraph.topics]
    mentions = _matching(reading.all, "sibling_terms")
    about = in_section + [s for s in mentions if s not in in_section]
    if not about:
        element("siblings", label, ("SB201",), None, "no passage mentions siblings or says the child has none")
        return
    apart = [s for s in _matching(about, "apart") if not c.any("together", s.text) or c.any("apart", s.text)]
    if not apart:
        element("siblings", label, ("SB201",), about, "the report discusses the child's siblings (or says there are none)")
        return
    paragraphs = {id(s.paragraph) for s in apart}
    reasons = [s for s in about if c.any("apart_reason", s.text)
               and (id(s.paragraph) in paragraphs or c.any("apart", s.text)
                    or re.search(r"\b(together|separate\w*|plac\w+|home|accommodat\w+|room|bed)\b", s.text, re.I))]
    visits = _matching(about, "sibling_visits")
    element("siblings", label, ("SB201",), about, "the report discusses the child's siblings")
    if reasons:
        element("siblings_apart_reason", "Why siblings are placed apart", ("SB203",), reasons,
                "siblings live apart and the report gives a reason")
    else:
        element("siblings_apart_reason", "Why siblings are placed apart", ("SB203",), None,
                "siblings live apart and no sibling passage gives a reason for it", evidence=apart)
    if visits:
        element("siblings_visits", "Visits between siblings placed apart", ("SB205",), visits,
                "the report describes contact between the siblings")
    else:
        element("siblings_visits", "Visits between siblings placed apart", ("SB205",), None,
                "siblings live apart and no sibling passage describes visits or contact", evidence=apart)


def findings_for(elements: list[Element]) -> list[HeuristicFinding]:
    """One finding per element not found, carrying the catalogue rule's identity."""
    from reportgen.rules import registry

    out: list[HeuristicFinding] = []
    for e in elements:
        if e.status not in (NOT_FOUND, TO_VERIFY):
            continue
        for code in e.codes:
            rule = registry().get(code)
            if rule is None:  # pragma: no cover - the catalogue defines every code used here
                continue
            verify = e.status == TO_VERIFY
            out.append(HeuristicFinding(
                code=rule.code, name=rule.slug, severity="warn" if verify and rule.severity == "object" else rule.severity,
                citation=rule.citation,
                message=("To verify: " + rule.message) if verify else rule.message, fields=rule.fields,
                reason=f"Read from the report's text, not from case data: {e.reason}.",
                passage=e.passage, page=e.page, location=e.location, child=e.child,
            ))
    out.sort(key=lambda f: (SEVERITY_ORDER.get(f.severity, len(SEVERITY_ORDER)), f.code))
    return out

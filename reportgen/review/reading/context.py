"""Assertion status of a phrase in a sentence: the ConText algorithm.

ConText (Harkema, Dowling, Thornblade & Chapman, J Biomed Inform 2009), the
assertion step of clinical NLP that medspacy implements, decides whether a
*target* phrase in a sentence is affirmed, negated, hedged, hypothetical or
historical: each *trigger* phrase ("not", "might", "advised of", "in 2019")
opens a scope that runs forward or backward from it until the sentence ends,
a *termination* word ("but", "because", ";") closes it, or ``max_words``
words have passed; a target inside a trigger's scope takes the trigger's
category. medspacy itself needs spaCy (a large install and about a second to
import), so the algorithm is implemented here over plain regular expressions,
with the trigger lists as data in ``context.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

AFFIRMED, NEGATED, HEDGED, HYPOTHETICAL, HISTORICAL = "affirmed", "negated", "hedged", "hypothetical", "historical"
#: When two triggers reach a target, the more doubtful status wins.
PRECEDENCE = (HYPOTHETICAL, NEGATED, HEDGED, HISTORICAL)
_WORD = re.compile(r"[\w'’/-]+|;")


@dataclass(frozen=True)
class Trigger:
    category: str
    direction: str  # "forward" | "backward"
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Rules:
    triggers: tuple[Trigger, ...]
    termination: re.Pattern[str]
    max_words: int
    #: ConText's pseudo-triggers: phrases holding a trigger's words that trigger nothing ("without hesitation")
    pseudo: re.Pattern[str] | None = None


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The trigger lists from ``context.yml`` (read once)."""
    raw: dict[str, Any] = yaml.safe_load(
        (resources.files("reportgen.review.reading") / "context.yml").read_text(encoding="utf-8"))
    triggers = [Trigger(cat, direction, re.compile(rf"(?<![\w'])(?:{p})(?![\w'])", re.IGNORECASE))
                for cat, by_dir in raw["triggers"].items() for direction, pats in by_dir.items() for p in pats]
    terms = "|".join(rf"(?<![\w'])(?:{t})(?![\w'])" if t[0].isalpha() else re.escape(t) for t in raw["terminations"])
    pseudo = "|".join(raw.get("pseudo", []))
    return Rules(tuple(triggers), re.compile(terms, re.IGNORECASE), int(raw["max_words"]),
                 re.compile(rf"(?<![\w'])(?:{pseudo})(?![\w'])", re.IGNORECASE) if pseudo else None)


def _words_between(text: str) -> int:
    return len(_WORD.findall(text))


def _leaves_brackets(between: str, forward: bool) -> bool:
    """Whether the text between a trigger and its target closes a bracket the trigger stood in (forward)
    or opens one the target stands in (backward): a scope does not cross out of an aside."""
    depth = 0
    for ch in between if forward else reversed(between):
        if ch == ("(" if forward else ")"):
            depth += 1
        elif ch == (")" if forward else "("):
            if depth == 0:
                return True
            depth -= 1
    return False


def statuses(sentence: str, start: int, end: int) -> set[str]:
    """Every category whose trigger's scope reaches ``sentence[start:end]``."""
    r = rules()
    found: set[str] = set()
    pseudo = [p.span() for p in r.pseudo.finditer(sentence)] if r.pseudo is not None else []
    matches = [(trig, m) for trig in r.triggers for m in trig.pattern.finditer(sentence)
               if not any(a <= m.start() < b for a, b in pseudo)]
    for trig, m in matches:
        if any(o.start() <= m.start() and m.end() <= o.end() and o.end() - o.start() > m.end() - m.start()
               for _, o in matches):
            continue  # as in ConText, the longest trigger wins: "unsure whether" hedges, its "whether" does not
        if m.start() < end and m.end() > start:
            continue  # the trigger is inside the target ("not willing" as a target is read by its caller)
        if trig.direction == "forward" and m.end() <= start:
            between = sentence[m.end():start]
        elif trig.direction == "backward" and m.start() >= end:
            between = sentence[end:m.start()]
        else:
            continue
        if r.termination.search(between) or _words_between(between) > r.max_words:
            continue
        if _leaves_brackets(between, forward=trig.direction == "forward"):
            continue  # "(not relatives), approved as a resource family": an aside's trigger stays in the aside
        found.add(trig.category)
    return found


def status(sentence: str, start: int, end: int) -> str:
    """The assertion status of ``sentence[start:end]``: affirmed unless a trigger's scope reaches it."""
    found = statuses(sentence, start, end)
    return next((c for c in PRECEDENCE if c in found), AFFIRMED)


def status_of(sentence: str, pattern: re.Pattern[str]) -> str | None:
    """The status of the first match of ``pattern`` in the sentence, or None when it does not occur."""
    m = pattern.search(sentence)
    return None if m is None else status(sentence, m.start(), m.end())

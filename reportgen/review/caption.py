"""The caption facts of a report: court, case number, the children, hearing date.

For case data they come from the fields; for a report made elsewhere they are
read from the first page (and the page header). The children are read from,
in this order:

1. the caption proper, "In re NAME", "In the Matter of NAME" (the name may
   sit on the lines after it, as in a pleading's caption box), naming one
   child or several ("In re A, B and C", "In re the Minors A (13) and B (9)");
2. a table whose header row labels a child column ("Child | Age | Placement"):
   each row below gives one child; the header row itself never names anyone;
3. a labelled line or a two-cell table row ("Child: NAME", "Minor | NAME").

The other facts use the patterns in ``caption.yml``, tried cell by cell. A
fact that is not found is left out, never guessed. ``caption["child"]`` is
what a page shows ("A, B and C"); :func:`child_names` gives the names one by one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from reportgen.review.extract import Block

#: How far into a report the caption may sit (blocks).
CAPTION_BLOCKS = 60
#: How many lines after a bare "In the Matter of" may hold the names.
NAME_LINES = 3
#: The caption key holding several children's names, one per line.
CHILDREN = "children"

_OPENER = re.compile(r"\bIn\s+(?:re\b(?:\s+the\s+matter\s+of\b)?|the\s+matter\s+of\b)\s*[:,]?\s*", re.IGNORECASE)
_PREFIX = re.compile(r"^(?:the\s+)?(?:minors?|children|child|dependents?)\b\s*[:,]?\s*", re.IGNORECASE)
#: Where the names end: "a Minor", "Persons Coming Under ...", "DOB", a birth date.
_STOP = re.compile(
    r"[,.;]?\s*(?:\b(?:an?|the)\s+(?:minors?|child(?:ren)?|persons?)\b|\bminors?\b|\bpersons?\b|\bchildren\b"
    r"|\bcoming\s+under\b|\bDOB\b|\bdate\s+of\s+birth\b|\bborn\b|\bage[sd]?\b\s*:?\s*\d|\bcase\s+no)",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:,|;|&|\n|\band\b)\s*", re.IGNORECASE)
#: "y / and", "et / and": the other language's word before a bilingual caption's "and".
_BILINGUAL_AND = re.compile(r"\b[^\W\d_]{1,3}\s*/\s*(?=and\b)", re.IGNORECASE)
_NICKNAME = re.compile(r"[\"“”][^\"“”]{1,20}[\"“”]")
#: Words that make a capitalised phrase an office, not a person ("Coast Range County Department ...").
_NOT_NAME = {"department", "county", "agency", "services", "court", "superior", "state", "california", "petitioner",
             "respondent", "juvenile", "division", "bureau", "office", "health", "human", "dependency", "report"}
_PARTICLES = {"de", "del", "della", "la", "le", "da", "di", "van", "von", "der", "den", "du", "bin", "ibn", "al"}
#: Words of a caption's labels: a cell made only of these is a label, never a name.
_LABEL_WORDS = {
    "child", "child's", "childs", "children", "children's", "minor", "minors", "minor's", "name", "names", "of", "the",
    "case", "no", "nos", "number", "numbers", "dob", "date", "birth", "age", "ages", "sex", "gender", "hearing",
    "placement", "placed", "current", "court", "department", "dept", "county", "social", "worker", "petition",
    "status", "plan", "type", "in", "re", "matter", "subject", "dependent", "dependents", "ethnicity", "race",
    "school", "grade", "icwa", "home", "caregiver", "relationship", "address", "location", "time", "and", "full",
}
_CHILD_LABEL = re.compile(
    r"^\s*(?:(?:name\s+of\s+(?:the\s+)?)?(?:subject\s+)?(?:child|minor)(?:ren)?(?:['’]s)?(?:\s+names?)?"
    r"|names?\s+of\s+(?:the\s+)?(?:child(?:ren)?|minors?))\s*:?\s*$",
    re.IGNORECASE,
)
_LABELLED_CHILD = re.compile(
    r"^\s*(?:(?:name\s+of\s+(?:the\s+)?)?(?:subject\s+)?(?:child|minor)(?:['’]s)?(?:\s+name)?)\s*:\s*(.+)$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, tuple[re.Pattern[str], ...]]:
    raw: dict[str, list[str]] = yaml.safe_load(
        (resources.files("reportgen.review") / "caption.yml").read_text(encoding="utf-8")
    )
    return {k: tuple(re.compile(p) for p in v) for k, v in raw.items()}


# --- names ----------------------------------------------------------------------------------------


def _is_label(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text.lower())
    return bool(words) and all(w in _LABEL_WORDS for w in words)


def _name(part: str) -> str | None:
    """``part`` when it reads as a person's name: one to five words, each capitalised
    (a particle such as "de" aside), no digits, not a label."""
    part = re.sub(r"\s+", " ", part).strip(" .,:;-|")
    words = part.split(" ")
    if not part or len(words) > 5 or any(ch.isdigit() for ch in part) or _is_label(part):
        return None
    if any(w.lower().strip(".,") in _NOT_NAME for w in words):
        return None
    for i, word in enumerate(words):
        letters = word.lstrip("(\"“'‘")
        if not letters or not letters[0].isalpha():
            return None
        if not letters[0].isupper() and not (i and word.lower() in _PARTICLES):
            return None
    return part


def names_in(text: str) -> list[str]:
    """The names of a caption's child part: "LEO NAVA (age 9) and MIA NAVA (age 4), Persons ..." gives two.

    Ages and birth dates in parentheses, quoted nicknames and "the Minors" are
    dropped, and so is the other language's "y /" before "and"; the list ends at "a Minor", "Persons coming under ..." or the
    first part that is not a name. In "In re Ana, Ben and Carla Ruiz" the
    given names alone share the last child's surname."""
    text = _PREFIX.sub("", text.strip())
    text = _BILINGUAL_AND.sub("", text)
    text = re.sub(r"\([^)]*\)", " ", text)
    text = _NICKNAME.sub(" ", text)
    stop = _STOP.search(text)
    if stop:
        text = text[: stop.start()]
    names: list[str] = []
    for part in _SPLIT.split(text):
        if not part.strip():
            continue
        name = _name(part)
        if name is None:
            break
        names.append(name)
    if len(names) > 1 and len(names[-1].split(" ")) > 1:
        surname = names[-1].split(" ", 1)[1]
        names = [n if " " in n else f"{n} {surname}" for n in names]
    return names


def _lines(blocks: list[Block]) -> Iterator[tuple[Block, str]]:
    for block in blocks:
        for line in block.text.split("\n"):
            if line.strip():
                yield block, line


def _from_opener(head: list[Block]) -> list[str]:
    lines = [line for _, line in _lines(head)]
    for i, line in enumerate(lines):
        for cell in line.split(" | "):
            m = _OPENER.search(cell)
            if not m:
                continue
            rest = cell[m.end():]
            if not rest.strip(" :,"):  # the names sit on the lines after a bare "In the Matter of"
                rest = "\n".join(line.split(" | ")[0] for line in lines[i + 1:i + 1 + NAME_LINES])
            found = names_in(rest)
            if found:
                return found
    return []


def _table_runs(head: list[Block]) -> Iterator[list[list[str]]]:
    """Each run of table rows, as lists of cells (a table's first row is its header)."""
    run: list[list[str]] = []
    for block in head:
        if block.table:
            run.append([c.strip() for c in block.text.split(" | ")])
            continue
        if run:
            yield run
        run = []
    if run:
        yield run


def _from_tables(head: list[Block]) -> list[str]:
    for rows in _table_runs(head):
        header = rows[0]
        if len(header) < 2 or not all(_is_label(c.rstrip(":")) for c in header if c):
            continue
        column = next((i for i, c in enumerate(header) if _CHILD_LABEL.match(c) or c.lower().rstrip(":") == "name"),
                      None)
        if column is None:
            continue
        found = []
        for row in rows[1:]:
            if column < len(row):
                found += names_in(row[column].split("\n")[0])[:1]
        if found:
            return found
    return []


def _from_labels(head: list[Block]) -> list[str]:
    for block, line in _lines(head):
        cells = line.split(" | ")
        for i, cell in enumerate(cells):
            m = _LABELLED_CHILD.match(cell)
            value = m.group(1) if m else None
            if value is None and block.table and _CHILD_LABEL.match(cell) and i + 1 < len(cells):
                value = cells[i + 1]  # "Child | NAME, DOB ..." in a two-column table
            found = names_in(value) if value else []
            if found:
                return found
    return []


def _head(blocks: list[Block]) -> list[Block]:
    return [b for b in blocks if b.style == "Header"] + [b for b in blocks if b.style != "Header"][:CAPTION_BLOCKS]


def children(blocks: list[Block]) -> list[str]:
    """The children a report made elsewhere names in its caption, in its order."""
    head = _head(blocks)
    return _from_opener(head) or _from_tables(head) or _from_labels(head)


def joined(names: list[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def child_names(caption: dict[str, str]) -> list[str]:
    """The children a caption names, one by one."""
    if caption.get(CHILDREN):
        return caption[CHILDREN].split("\n")
    return [caption["child"]] if caption.get("child") else []


def _with_children(facts: dict[str, str], names: list[str]) -> dict[str, str]:
    if names:
        facts["child"] = joined(names)
    if len(names) > 1:
        facts[CHILDREN] = "\n".join(names)
    return facts


# --- the other facts ----------------------------------------------------------------------------


def _cells(block: Block) -> list[str]:
    """A block's cells and lines, label cells joined to the value beside them ("Case No.: | X")."""
    out: list[str] = []
    for line in block.text.split("\n"):
        cells = line.split(" | ")
        i = 0
        while i < len(cells):
            cell = cells[i]
            if cell.rstrip().endswith(":") and i + 1 < len(cells) and not _is_label(cells[i + 1].rstrip(":")):
                cell = f"{cell} {cells[i + 1]}"
                i += 1
            out.append(cell)
            i += 1
    return out


def from_blocks(blocks: list[Block]) -> dict[str, str]:
    """Caption facts found near the top of an extracted report."""
    head = _head(blocks)
    facts: dict[str, str] = {}
    for fact, patterns in _patterns().items():
        for cell in (c for block in head for c in _cells(block)):
            for pattern in patterns:
                m = pattern.search(cell)
                value = re.sub(r"\s+", " ", m.group(1)).strip(" ,;:-|") if m else ""
                if value:
                    facts[fact] = value
                    break
            if fact in facts:
                break
    return _with_children(facts, children(blocks))


def from_case(case: dict[str, Any]) -> dict[str, str]:
    """Caption facts from loaded case data (every child of a report on several)."""
    court = case.get("court") or {}
    dates = case.get("dates") or {}
    worker = case.get("social_worker") or {}
    values = {
        "court": court.get("court_name"),
        "county": court.get("county"),
        "department": court.get("department"),
        "case_number": court.get("case_number"),
        "hearing_date": dates.get("disposition_hearing_date"),
        "report_date": court.get("report_date"),
        "social_worker": worker.get("name"),
    }
    facts = {k: str(v) for k, v in values.items() if v not in (None, "")}
    return _with_children(facts, _case_children(case))


def _case_children(case: dict[str, Any]) -> list[str]:
    from reportgen.family import children, is_family

    kids = children(case) if is_family(case) else [case.get("child")]  # a one-child view has "child"
    return [str(k["name"]).strip() for k in kids if isinstance(k, dict) and str(k.get("name") or "").strip()]

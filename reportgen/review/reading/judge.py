"""One judge for a report made elsewhere: read it into case-model values per
child, then run the rule catalogue's own rules on that partial case.

Reading, in order: the report's *statements* (sentences; a table row read with
its column headers, "Together?: No"; a run-in label with its text, "Identified
adoptive home: None at this time"), each attributed to a child when its section
or its words name one; the *assertion status* of the words that matter
(:mod:`.context`: affirmed, negated, hedged, hypothetical, historical); and the
*holder* of a statement of willingness (the current caregiver, another family,
the child, a parent, the agency), from the entities the sentence names first.

Each value placed keeps the statement it came from. A rule runs only on fields
the reading placed or searched for; its findings carry the passage relied on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from reportgen.review.reading.context import AFFIRMED, HEDGED, HISTORICAL, NEGATED, status
from reportgen.review.sections import Document, Paragraph, topics_of

#: The codes the foreign review can raise.
CODES = ("CP101", "CP103", "CP105", "CP106", "CP108", "CP111", "CP112", "SB201", "SB203", "SB204", "SB205")
#: A day to measure ages on when the report states ages, not dates of birth.
_AS_OF = dt.date(2025, 6, 1)


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@dataclass(eq=False)
class Statement:
    """A sentence (or a labelled table cell) with where it sits and whom it concerns. Two statements are the
    same only when they are one (a report may say the same words twice, in two places)."""

    text: str
    label: str
    section: str
    topics: frozenset[str]
    page: int | None
    index: int
    children: frozenset[str] = frozenset()  # first names; empty = the whole report
    #: a whole table row read as one statement ("Child: Iker; Together?: No; ..."): it says how the
    #: siblings live, while each of its cells is also its own statement for everything else
    row: bool = False
    #: said in an addendum that updates the report: where it places a value, it supersedes the report's
    later: bool = False
    #: a table cell's row: whom the row is about, as "Header: cell" of its key column ("Relative: Maria
    #: Lopez"); the cell's words on permanence are that one's when the cell names nobody itself
    subject: str = ""

    @property
    def full(self) -> str:
        return f"{self.label}: {self.text}" if self.label else self.text

    @property
    def location(self) -> str:
        return f"page {self.page}" if self.page else f"paragraph {self.index + 1}"


@dataclass
class Child:
    name: str  # first name as written
    age: int | None = None
    initials: str = ""  # "AR" for Ana Ruiz: a table may name the child so ("A.R. | 9 | ...")


@dataclass
class Value:
    """A case-model value placed by the reading, with its passage."""

    value: Any
    said: Statement | None = None


@dataclass
class ChildReading:
    child: Child
    values: dict[str, Value] = field(default_factory=dict)
    considered: dict[str, list[Statement]] = field(default_factory=dict)
    #: why the passages considered for a path did not place it ("mentioned only in passing")
    why: dict[str, str] = field(default_factory=dict)
    siblings: list[dict[str, Any]] = field(default_factory=list)
    sibling_said: list[Statement] = field(default_factory=list)
    #: paths the report says outright are empty ("Identified adoptive home: none at this time")
    empty: set[str] = field(default_factory=set)
    #: passages that discuss a value the reading could not place (a rule resting on it is a point to
    #: verify, not an objection: :func:`reportgen.review.reading.verdict.unplaced`)
    unplaced: dict[str, list[Statement]] = field(default_factory=dict)
    #: every statement read for this child (what a rule's finding may point the attorney to)
    said: list[Statement] = field(default_factory=list)
    #: the names and relation words the reading takes for this child's current caregiver
    caregiver: set[str] = field(default_factory=set)

    def put(self, path: str, value: Any, said: Statement | None) -> None:
        self.values[path] = Value(value, said)


# --- children ----------------------------------------------------------------

#: A capitalised word in any Latin script ("JOAQUÍN", "Young-ja", "O'Neil").
_CAP_WORD = r"[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:['’-][^\W\d_]+)*"
#: A caption's opening: "In re ...", "In the Matter of ...", or a petition's "concerning" / "regarding" line
#: ("Juvenile Dependency Petitions of the ... / concerning / AUGUSTIN PEMBERTON, born ..., and ...").
_CAPTION = _rx(r"\bIn (?:re|the Matter of)\b:?\s*(.*)|(?:^\s*|\bPetitions? of\b.*?\b)(?:concerning|regarding)\b:?\s*(.*)")
_NAME = re.compile(r"\b([A-Z][A-Za-z'’-]+)(?: [A-Z][A-Za-z'’.-]+){1,3}")
_STOP_NAMES = {"A", "Minor", "Minors", "Person", "Persons", "Coming", "The", "Superior", "Court", "In", "Re",
               "Juvenile", "County", "Case", "Hearing", "Matter",
               # a report's own title on the caption's next line ("DISPOSITION REPORT")
               "Disposition", "Jurisdiction", "Jurisdictional", "Dispositional", "Detention", "Report", "Addendum",
               "Review", "Social", "Study", "Amended", "Supplemental",
               # the petitioner or a birth date written into the same caption cell ("..., age 5 (DOB 03/02/2020)
               # Ravenrock County Department of Social Services, Family and Children's Division, Petitioner")
               "Dob", "Department", "Division", "Services", "Service", "Petitioner", "Agency", "Children", "Child",
               "Family", "Welfare", "Health", "Human", "Bureau", "Office", "Unit",
               # a parent named in the caption cell ("Mother: Divina Caballes. Father: ...")
               "Mother", "Father", "Parent", "Parents", "Guardian", "Nos", "No"}


#: A caption's next line that names nobody ("a Child Described by ...", "Minors", "Case No. ...").
_NOT_A_NAME = re.compile(r"\s*(?:an?\s|the\s|(?i:minors?|children|child|persons?|case|petition|no\.|dob|born|hearing)\b)")
#: Words of a table's header that are not a child's name.
_HEADER_WORDS = {"Current", "Name", "Age", "Placement", "Home", "Caregiver", "Date", "Dob", "Status", "Plan"}


def children_of(doc: Document) -> list[Child]:
    """The children the caption names ("In re A (age 15), B and C", "In the Matter of A")."""
    head = [p.text for p in doc.paragraphs[:25]]
    names: list[str] = []
    initials: dict[str, str] = {}
    for i, text in enumerate(head):
        m = _CAPTION.search(text)
        if not m:
            continue
        own = re.sub(r"^(?:the\s+)?matter\s+of\b:?\s*", "", m.group(1) or m.group(2) or "", flags=re.I)  # "In re the Matter of"
        # a caption broken over lines: the name on the next line, or a list of names that goes on ("..., and")
        tail = " ".join([own, *head[i + 1:i + 3]]) if len(own) < 4 else own
        # a caption set as a table row: the other cells hold the case number, the hearing, the worker
        cells = [c for c in tail.split(" | ") if c.strip()]
        tail = cells[0] if cells else tail
        # the caption goes on in its own paragraph after a line break, or else on the next line
        same = text[m.end():].split(" | ")[0] if "\n" in text[m.start():] else ""
        if re.search(r"(,|\band|&|\by)\s*$", tail) and (same.strip() or i + 1 < len(head)):
            following = re.sub(r"^\s*/?\s*(?:and|y)\b\s*", "", (same.strip() or head[i + 1]).split(" | ")[0])  # "/ and EMILIO ..."
            if not _NOT_A_NAME.match(following):
                tail = f"{tail} {following}"
        tail = re.sub(r"^\s*(?:the\s+)?(?:minors?|children)\b\s*:?", "", tail, flags=re.I)
        tail = re.split(r"\b(?:a Minor|Minors?|Persons? Coming|a Person|(?i:(?:an? (?:child|youth|minor)|children|minors) (?:described|coming|under))"
                        r"|Welfare and Institutions\b|(?:Mother|Father|Parents?|Petitioner)\s*:)", tail)[0]
        # "In re Elpidio and Ynez Cojtí": a first name alone before "and" shares the next one's surname
        shared = re.match(rf"\s*({_CAP_WORD})\s+(?:and|&|y)\s+{_CAP_WORD}\s+({_CAP_WORD})\b", tail)
        if shared and shared.group(1).title() not in _STOP_NAMES:
            names.append(shared.group(1).title())
            initials[names[-1]] = f"{shared.group(1)[0]}{shared.group(2)[0]}".upper()
        for part in re.split(r"(?i:,| and | y | / |\(|\||\bage\b|\bborn\b)", tail):
            words = [w for w in re.findall(_CAP_WORD, part) if re.split(r"['’]", w.title())[0] not in _STOP_NAMES]
            if len(words) >= 2:
                nickname = re.search(r"[\"“]([^\"”]{2,20})[\"”]", part)  # TERESA "TERE" BAUTISTA is Tere
                first = (nickname.group(1) if nickname else words[0]).title()
                if first not in names:
                    names.append(first)
                    initials[first] = f"{words[0][0]}{words[-1][0]}".upper()
        if names:
            break
    if not names:
        for p in doc.paragraphs[:40]:
            # a label and its value ("Child | Harper Bell, DOB ..."), never a table's header row
            # ("Child | Current caregiver | ..."): the value is a name of two words and the row has two cells
            m = re.match(rf"(?:Child|Minor|Name of child)\s*[|:]\s*({_CAP_WORD})\s+{_CAP_WORD}", p.text)
            if m and p.text.count(" | ") <= 1 and m.group(1).title() not in _STOP_NAMES | _HEADER_WORDS:
                names.append(m.group(1))
                break
    full = "\n".join(p.text for p in doc.paragraphs)
    return [Child(n, _age(n, full, only=len(names) == 1), initials.get(n, "")) for n in names]


_NUMBER_WORDS = {w: k for k, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_AGE_NUMBER = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
_DATE = r"(\d{1,2}/\d{1,2}/\d{4}|[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+ \d{1,2}, \d{4})"


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _born(date: str) -> int | None:
    for fmt in ("%m/%d/%Y", "%B %d, %Y"):
        try:
            born = dt.datetime.strptime(date, fmt).date()
        except ValueError:
            continue
        return _AS_OF.year - born.year - ((_AS_OF.month, _AS_OF.day) < (born.month, born.day))
    return None


def _age(first: str, text: str, only: bool = False) -> int | None:
    """The child's age: stated beside the first name ("Ana (age 9)", "Ana, age nine", "ANA RUIZ (9)") or
    from a date of birth beside it; ``only``: the report's one child, whose date of birth or age may stand
    apart from the name (a caption's next line: "DOB: 1/30/2012 (13 years)")."""
    n = re.escape(first)
    for pattern in (rf"(?i:{n})\b[^.\n]{{0,30}}?\((?i:age )?{_AGE_NUMBER}\)", rf"(?i:{n})\b[^.\n]{{0,30}}?,? (?i:age) {_AGE_NUMBER}\b",
                    rf"\b{n}, (\d{{1,2}}),", rf"(?i:{n})\b[^\n]{{0,40}}?\bAGE:?\s*(\d{{1,2}})\b",
                    rf"(?i:{n})\b[^\n]{{0,60}}?\(age (\d{{1,2}})\)"):
        m = re.search(pattern, text)
        if m:
            return _number(m.group(1))
    m = re.search(rf"(?i:{n})\b[^.\n]{{0,60}}?\b(?:DOB:?|born)\s*{_DATE}", text)
    if m and (age := _born(m.group(1))) is not None:
        return age
    if only:
        head = text[:4000]
        m = re.search(rf"\b(?:DOB|D\.O\.B\.|date of birth|born(?: on)?)\b:?\s*{_DATE}", head, re.I)
        if m and (age := _born(m.group(1))) is not None:
            return age
        m = re.search(rf"\b(?i:age)[: ]\s*{_AGE_NUMBER}\b|\b{_AGE_NUMBER}[- ](?i:years?)[- ](?i:old)\b", head)
        if m:
            return _number(m.group(1) or m.group(2))
    return None


# --- statements ----------------------------------------------------------------

#: A cell that repeats the one above it.
_DITTO = _rx(r"^\s*(\(same\)|same( as above)?|ditto|[\"”〃])\.?\s*$")
#: A labelled value that says nothing ("Reason plan is realistic: —", "Willingness: N/A").
_EMPTY = _rx(r"^\s*([—–-]+|n/?a|none|not applicable|not needed|not required|tbd|unknown|pending|\?)\.?\s*$")
#: A value that points elsewhere for its answer ("See narrative", "See Section IV below", "Refer to the attached
#: assessment", "As discussed above"): it says nothing itself, and the passage it points to is read where it is.
_ELSEWHERE = _rx(r"^\s*\(?(see|refer to|please see|as (discussed|described|set out|stated|noted) (in|under|above|below))\b"
                 r"[^.;]{0,60}?\b(narrative|below|above|section|part|attach\w*|addendum|report|assessment|page|paragraph"
                 r"|discussion|§\s*\d+|[IVX]+\b|\d+)\b[^.;]{0,40}\)?\.?\s*$")
_ABBREV = re.compile(r"(\b(Mr|Mrs|Ms|Mx|Dr|St|No|Nos|Jr|Sr|vs|Inst|Welf|Cal|Code|Dept|approx|e\.g|i\.e|a\.m|p\.m)|\b[A-Z])\.$")
_RUN_IN = re.compile(r"^([A-Z][A-Za-z'’ /&?()-]{2,60}?)\s*:\s+(.+)$", re.S)


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)])|(?<=[.!?][\"”’]\)))\s+(?=[A-Z0-9\"“(])", text)
    merged: list[str] = []
    for part in parts:
        if merged and _ABBREV.search(merged[-1]):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return [s.strip() for s in merged if s.strip()]


#: A clause whose subject is a pronoun, after an adverb of time or a conjunction at most.
_PRONOUN_LED = re.compile(r"(?:(?:and|but|then|later|now|also|meanwhile|in time|over time|eventually|today)\b,?\s*)?"
                          r"(?:s?he|they|his|her|their|him|them)\b", re.I)


def _clauses(sentences: list[str], names: list[str]) -> list[str]:
    """In a report on several children, a sentence that gives each child its own clause ("For Oscar, the plan
    is adoption ...; for Petra, it is guardianship ...") is read clause by clause, so each is its child's."""
    if len(names) < 2:
        return sentences
    out: list[str] = []
    for sentence in sentences:
        parts = [p.strip() for p in sentence.split(";") if p.strip()]
        named = [[n for n in names if re.search(rf"\b{re.escape(n)}\b", p)] for p in parts]
        # a clause led by a pronoun goes on about the child before it ("Now Linnea needs ...; later she
        # needs ... contact with Bram"): the other child it names is not its subject
        continued = any(_PRONOUN_LED.match(p) for p in parts[1:])
        if len(parts) > 1 and not continued and all(len(n) == 1 for n in named) and len({n[0] for n in named}) == len(parts):
            out += parts
        else:
            out.append(sentence)
    return out


def _child_line(text: str, names: list[str]) -> bool:
    """A line that is only one child's name ("Alma Bautista (13)", "2. For Leo:", "JOAQUÍN RUIZ, age 9"):
    a PDF's sub-heading, which has no style to show it."""
    return any(re.match(rf"(?:[\dIVX]{{1,4}}[.)]\s*)?(?:(?i:for)\s+)?(?i:{re.escape(n)})(?:\s+{_CAP_WORD}){{0,3}}"
                        rf"\s*(?:\([^)]{{0,20}}\)|,?\s*(?i:age)\s+\d{{1,2}})?\s*:?"
                        rf"(?:\s+[—–-]\s+[^.;:!?]{{1,50}})?\s*$", text.strip())  # "Leo (9) — Albers home, Larkspur"
               and len(text.split()) <= 12 for n in names)


#: A heading that carries text after its title: "1.\tNkechi.  Legal guardianship with ..." (number, a short
#: title ending in a full stop or colon, two spaces or a tab, then the text).
_HEADING_RUN_IN = re.compile(r"^\s*(?:[\dIVXivx]{1,4}[.)]|[A-Za-z][.)])?\s*([^.:\n]{1,40}?)[.:](?:\s{2,}|\t)(\S.{10,})$", re.S)


#: A subject that is the children together, before the one child a sentence names.
_PLURAL_SUBJECT = _rx(r"\b(they|them|their|both|the (twins|children|siblings|girls|boys|minors|brothers|sisters))\b")


def statements(doc: Document, children: list[Child]) -> list[Statement]:
    """Every statement of the report in reading order, attributed to children where named."""
    names = [c.name for c in children]
    initials = {c.name: c.initials for c in children if c.initials}
    out: list[Statement] = []
    header: list[str] | None = None
    above: list[str] = []
    columns: list[frozenset[str]] = []  # the child each column of the current table speaks for, if one per child
    by_row = False  # the current table's first column labels its rows
    group: frozenset[str] = frozenset()  # the child a table's group row ("ANA RUIZ (9)", one merged cell) names
    section_children: frozenset[str] = frozenset()
    caption = ""  # a field's caption on a line of its own, waiting for the paragraph it names
    question = ""  # "Q: ..." waiting for its "A: ..."
    heading_label = ""  # a field's sub-heading labelling the paragraphs under it
    later = False  # past the start of an addendum
    by_label: dict[str, str] = {}  # the last value given under each label, for "as stated above"
    paragraphs = doc.paragraphs
    for k, p in enumerate(paragraphs):
        boxed = bool(_BOX.search(p.text))
        if boxed and not (p.table and any(_TICK_ONLY.match(c) for c in p.text.split(" | "))):
            p = dataclasses.replace(p, text=" | ".join(_checked_only(cell) for cell in p.text.split(" | ")))
        later = later or bool(_ADDENDUM.match(p.text) and (p.heading or len(p.text.split()) <= 8))
        amended = bool(_AMENDED_HERE.search(p.text))  # "[Amended 12/01/2025:] ..." written into the report
        # a heading, or a short line that is only a child's name (a PDF's sub-heading has no style to show)
        if p.heading or (len(names) > 1 and not p.table and _child_line(p.text, names)):
            header, caption = None, ""
            named = [n for n in names if re.search(rf"\b{n}\b", p.text, re.I)]
            # a sub-heading that names no topic and no child ("Why the plan is realistic", "The child's short-term
            # needs") labels the paragraphs under it, inside the part it sits in (a child's own part stays theirs)
            sub = p.heading and not named and not topics_of(p.text) and len(p.text.split()) <= 9
            heading_label = p.text.strip() if sub else ""
            if not sub:
                section_children = frozenset(named) if len(names) > 1 and len(named) == 1 else frozenset()
            nxt = paragraphs[k + 1] if k + 1 < len(paragraphs) else None
            if p.text.rstrip().endswith(":") and nxt is not None and _BOX.search(nxt.text):
                caption = p.text.strip().rstrip(":").strip()  # a form's question set bold above its check boxes
            run_in = _HEADING_RUN_IN.match(p.text)
            if run_in is None or len(run_in.group(2).split()) < 4:
                continue
            # an outline's numbered heading that carries its own text ("2. Ikenna.  Adoption by the Anyanwus."):
            # the text is a paragraph under the heading, labelled by the heading's words
            p = dataclasses.replace(p, text=f"{run_in.group(1).strip()}: {run_in.group(2).strip()}", heading=False)

        def add(text: str, label: str = "", p: Paragraph = p, section_children: frozenset[str] = section_children,
                row_children: frozenset[str] = frozenset(), row: bool = False, later: bool = later or amended,
                subject: str = "") -> None:
            if not text.strip():
                return  # an empty cell says nothing
            for s in ([text] if row else _clauses(_sentences(text) or [text], names)):
                mine = row_children or section_children
                if mine and len(names) > 1:  # in one child's section, a sentence naming another child is theirs too
                    mine = mine | {n for n in names if re.search(rf"\b{n}\b", f"{label} {s}")}
                if len(names) > 1 and not mine:
                    named = [n for n in names if re.search(rf"\b{n}\b", f"{label} {s}")]
                    at = re.search(rf"\b{named[0]}\b", s) if len(named) == 1 else None
                    # "In the long term they will need ..., Tigist's cardiac care, ...": the children together
                    plural = at is not None and _PLURAL_SUBJECT.search(s[:at.start()])
                    if len(named) == 1 and re.search(r"\b(plan|needs?)\b", f"{label} {s}", re.I) and not plural:
                        mine = frozenset(named)
                out.append(Statement(s, label, p.section, p.topics, p.page, p.index, mine, row, later, subject))

        following = paragraphs[k + 1] if k + 1 < len(paragraphs) else None
        if p.table and (" | " in p.text or p.text.startswith("| ")):
            # an empty cell stays in its column ("Ana |  | Yes", "| Ana | Leo" when the corner cell is blank)
            cells = [_uncapped(_YN.get(c.strip(), c.strip())) for c in re.split(r"(?:^|(?<=\s))\|(?=\s|$)", p.text)]
            while len(cells) > 2 and not cells[-1]:
                cells.pop()
            if len(cells) >= 4 and len(cells) % 2 == 0 and all(re.search(r"[\w.)][:?]$", c) for c in cells[::2]):
                # labels and their values side by side ("Caregiver willing to adopt: | Yes | Concurrent plan: |
                # Adoption"): each pair is a label and its value, never a header
                header = None
                for label, value in zip(cells[::2], cells[1::2], strict=True):
                    add(_as_above(value, label.rstrip(":"), by_label), label.rstrip(":"))
                continue
            if len(cells) == 2 and header is not None and len(header) == 2:
                # a two-column table of persons and their answers ("Relative | Willing to adopt?"): each answer
                # is its row's person's
                add(cells[1], header[1], subject=f"{header[0]}: {cells[0]}", row_children=group)
                continue
            if len(cells) == 2 and header is None and _KEY_HEADER.search(cells[0]) and len(cells[0].split()) <= 4 \
                    and (_ANSWER_HEADER.match(cells[1]) or cells[1].endswith("?")):
                header, group = cells, frozenset()
                continue
            if len(cells) == 2:
                header = None
                # boxes set in a row under a form's question ("☐ Identified | ☒ Not yet identified") answer it
                add(_as_above(cells[1], cells[0], by_label), cells[0] or (caption if boxed else ""))
                if not (boxed and following is not None and _BOX.search(following.text)):
                    caption = ""
                by_label[cells[0].lower()] = cells[1]
            elif header is None and not any(re.search(r"\d", re.sub(r"\([^)]*\)", "", c)) for c in cells):
                # a header names its columns; a child's age beside a column's name ("Ana (9)") is no value
                header, above, group = cells, cells, frozenset()
                columns = _child_columns(header, names)
                by_row = not columns and _row_label_header(header[0])
            elif header is not None and above is header and len(cells) > len(header) and not any(
                    re.search(r"\d", re.sub(r"\([^)]*\)", "", c)) or len(c.split()) > 6 for c in cells):
                # a header over two rows, a group's name above its columns ("Child | Caregiver | Plan" over "Child |
                # Willing? | Approved? | Plan"): the row with a cell for each column names them
                header = above = cells
                columns = _child_columns(header, names)
                by_row = not columns and _row_label_header(header[0])
            elif header is not None:
                # "(same)" or a ditto mark repeats the cell above it
                cells = [above[k] if k < len(above) and _DITTO.match(c) else c for k, c in enumerate(cells)]
                above = cells
                add("; ".join(f"{h}: {c}" for h, c in zip(header, cells, strict=False) if c) + ".",
                    row_children=_row_children(cells, names, initials) or group, row=True)
                for c, label, whose, subject in _cells(header, cells, names, columns, by_row, initials):
                    add("Yes" if _TICK_ONLY.match(c) else c, label, row_children=whose or group, subject=subject)
            else:
                add(p.text)
            continue
        if p.table and header is not None:
            # a row of one merged cell inside a table ("ANA RUIZ (9)") groups the rows under it; the header holds
            named = [n for n in names if re.search(rf"\b{re.escape(n)}\b", p.text, re.I)]
            group = frozenset(named) if len(names) > 1 and len(named) == 1 else frozenset()
            add(p.text)
            continue
        header = None
        qa = _QUESTION_AND_ANSWER.match(p.text)  # both in one paragraph, as a PDF may set them
        if qa:
            add(qa.group(2), qa.group(1).strip())
            question = ""
            continue
        q = _QUESTION.match(p.text)
        if q:
            question = q.group(1).strip()  # the question labels the answer that follows; it asserts nothing itself
            continue
        a = _ANSWER.match(p.text)
        if a and question:
            add(a.group(1), question)
            question = ""
            continue
        # (a ticked box's option labels the narrative under it, never the next box of its list)
        if _caption_line(p.text) and following is not None and not following.heading and not following.table \
                and not _caption_line(following.text) and not (boxed and _BOX.search(following.text)):
            caption = p.text.strip()  # "Why the plan is realistic" above its paragraph: the paragraph's label
            continue
        if following is not None and _BOX.search(following.text) and not following.heading \
                and re.fullmatch(r"[A-Z][^\d,.;!?]{2,80}:", p.text.strip()) and len(p.text.split()) <= 9:
            # a form's question above its check boxes ("Caregivers' willingness to provide permanency:" / "☒ Yes —
            # legal guardianship only" / "☐ No"): the ticked box answers it
            if caption:
                add(caption)  # a ticked box's option above the question ("☒ Adoption") says itself
            caption = p.text.strip().rstrip(":").strip()
            continue
        m = _RUN_IN.match(p.text)
        if m and len(m.group(1).split()) <= 7:
            add(_as_above(m.group(2), m.group(1).strip(), by_label), m.group(1).strip())
            by_label[m.group(1).strip().lower()] = m.group(2)
        else:
            add(p.text, caption or heading_label)
        if not (boxed and following is not None and _BOX.search(following.text)):
            caption = ""  # the boxes under a form's question all answer it
    return out


#: The first column of a table whose rows are labels or questions, answered in the columns beside them
#: ("Question | Answer | Response", "Finding | Facts supporting the finding", "Item | Status"), or left blank.
_ROW_LABEL_HEADER = _rx(r"^\s*((the )?(questions?|items?|issues?|findings?|factors?|topics?|areas?|requirements?|elements?"
                        r"|categor(y|ies)|fields?|descriptions?|criteri(on|a)|considerations?|subjects?|domains?"
                        r"|inquir(y|ies)|prompts?|matters?|points?|statements? required|information( requested)?)"
                        r"( (to be )?(addressed|considered|asked|required))?)?\s*[:?]?\s*$")
#: The header of a table's column that holds whom each row is about.
_KEY_HEADER = _rx(r"\b(name|child|minor|youth|relative|person|individual|caregivers?|family|member|contact|sibling"
                  r"|who|party|household|resource|prospective)\b")


def _row_label_header(first: str) -> bool:
    """Whether a table's header says its first column labels the rows (its other cells answer them)."""
    return bool(_ROW_LABEL_HEADER.match(first))


def _child_columns(header: list[str], names: list[str]) -> list[frozenset[str]]:
    """The child each column of a table speaks for, when the header names a child of the report above each
    answering column ("Item | Ana (9) | Leo (4)"); empty when the columns are not one per child."""
    named = [frozenset(n for n in names if re.search(rf"\b{re.escape(n)}\b", h, re.I)) for h in header]
    if not any(named[1:]) or any(len(n) > 1 for n in named) or named[0]:
        return []
    return named


def _row_children(cells: list[str], names: list[str], initials: dict[str, str] | None = None) -> frozenset[str]:
    """In a report on several children, the child a table row is about: the one its first cell names (in any
    case: "RUIZ, ANA" is Ana; or by initials, "A.R. (9)"), else the one its key cell names."""
    if len(names) < 2:
        return frozenset()
    for cell in cells[:1] + cells[1:2]:
        named = frozenset(n for n in names if re.search(rf"\b{re.escape(n)}\b", cell, re.I))
        m = re.match(r"\s*([A-Z])\.\s?(?:[A-Z]\.\s?)?([A-Z])\.?(?=\s|$|\()", cell)
        if not named and m and initials:
            named = frozenset(n for n, i in initials.items() if i == f"{m.group(1)}{m.group(2)}")
        if len(named) == 1:
            return named
        if named:
            return frozenset()
    return frozenset()


def _key_column(header: list[str]) -> int:
    """The column that says whom a row is about: the first whose header names a person ("Relative", "Name",
    "Child"), else the first."""
    return next((k for k, h in enumerate(header[:3]) if _KEY_HEADER.search(h)), 0)


def _cells(header: list[str], cells: list[str], names: list[str], columns: list[frozenset[str]], by_row: bool,
           initials: dict[str, str] | None = None) -> list[tuple[str, str, frozenset[str], str]]:
    """Each answering cell of a table row with its label, the children it is about and the row's subject. A
    cell is labelled by what it answers: its column's header in a table of one row per person ("Caregiver
    willing?"), the row's own label or question where the first column holds those ("Is the caregiver willing
    to adopt? | Yes", "Finding | Facts supporting"), or in a table of one column per child. Its subject is the
    row's person ("Relative: Maria Lopez"): a "Yes" under "Willing to adopt?" in a relative's row is the
    relative's answer."""
    out: list[tuple[str, str, frozenset[str], str]] = []
    if columns or by_row or cells[0].rstrip().endswith("?"):
        if not cells[0].strip():
            return out
        for k, c in enumerate(cells[1:], start=1):
            whose = columns[k] if columns and k < len(columns) else frozenset()
            head = header[k] if k < len(header) else ""
            if _TICK_ONLY.match(c) and _ANSWER_COLUMN.match(head):
                c, head = head, ""  # "Caregiver willing to adopt | | X" under "Item | Yes | No": the answer is No
            label = cells[0] if columns or not head or _ANSWER_HEADER.match(head) else f"{cells[0]} — {head}"
            out.append((c, label, whose, ""))
        return out
    key = _key_column(header)
    subject = f"{header[key]}: {cells[key]}" if key < len(cells) and cells[key] else ""
    whose = _row_children(cells, names, initials)
    for k, (h, c) in enumerate(zip(header, cells, strict=False)):
        if k == 0 and key == 0:
            continue  # the row's key is read in the joined row
        out.append((c, h, whose, subject if k != key else ""))
    return out


#: A column header that is itself an answer, ticked in the row that gives it ("Item | Yes | No | Unknown").
_ANSWER_COLUMN = _rx(r"^\s*(yes|no|y|n|unknown|undecided|unsure|pending|n/?a|not (yet )?(asked|discussed|assessed))\s*$")
#: A column header that only says its cells answer the row ("Answer", "Response", "Yes/No", "Comments").
_ANSWER_HEADER = _rx(r"^\s*(answers?|responses?|yes ?/ ?no|y ?/ ?n|status|comments?|notes?|details?|explanation|remarks"
                     r"|facts?( supporting( (the|this) finding)?)?|supporting facts|basis|evidence|discussion|narrative"
                     r"|information|summary|result|outcome|findings?)\s*[:?]?\s*$")


#: The heading of an addendum that updates the report ("ADDENDUM REPORT", "Supplemental report", "Correction of ...").
#: An amendment written into the report where it belongs: it updates the report as an addendum does.
_AMENDED_HERE = _rx(r"^\W{0,3}\[\s*amended\b[^\]]{0,40}\]|^\W*amended\s+(on\s+)?\d{1,2}/\d{1,2}/\d{2,4}\s*:")
_ADDENDUM = _rx(r"^\W*([\w.]+\s+){0,2}(addendum|supplement(al)? report|amended report|correction of|update to the)\b")
#: A prospective family said outright not to exist yet ("Identified adoptive home: none identified at this time").
_NO_FAMILY = _rx(r"\b(prospective|identified|proposed)\b[^.:;]{0,30}\b(family|home|parents?|guardians?)\b\s*(:|is|has)\s*"
                 r"(none|not (yet )?(been )?identified|n/a|to be identified|unknown)"
                 r"|\bno (prospective |identified )?(adoptive |permanent )?(family|home|parents?) (has|have) (yet )?been identified\b"
                 # a family promised for later is none now ("... family for the minor will be identified in due course")
                 r"|\b(prospective|adoptive|permanent)\b[^.:;]{0,40}\b(family|home|parents?)\b[^.:;]{0,30}"
                 r"\b(will|shall|is to|are to) be (identified|located|found|recruited|selected)\b")


#: A cell of one letter under a yes/no column ("Together? | N"): the answer written out.
_YN = {"Y": "Yes", "y": "Yes", "N": "No", "n": "No"}
#: Small words a title keeps in lower case.
_SMALL = frozenset("a an and as at by for from in of on or the to with via per vs".split())


def _uncapped(cell: str) -> str:
    """A table cell printed in capitals (a system print: "ADOPTION BY ROSA QUILL", "QUILL, ROSA") in the case
    a report writes names and words in ("Adoption by Rosa Quill"), so that names read as names; a cell of one
    word of up to three letters ("Y", "N/A", "DOB") is left as it is."""
    letters = [c for c in cell if c.isalpha()]
    if len(letters) < 4 or any(c.islower() for c in letters):
        return cell
    words = re.split(r"(\s+)", cell.lower())
    return "".join(w if w.isspace() or (k and w in _SMALL) else w[:1].upper() + w[1:] for k, w in enumerate(words))


#: A table cell that is only a tick or a cross under its column's question ("Willing? | ✓"): a yes.
_TICK_ONLY = re.compile(r"^\s*(?:[☑☒■▣⊠✓✔]|\[\s?[xX✓✔]\s?\]|[xX])\s*$")
#: A check box of a form, ticked or not ("☒ Adoption ☐ Legal guardianship", "[X] Yes [ ] No").
_BOX = re.compile(r"[☐☑☒□■▢▣⊠✓✔]|\[\s?[xX✓✔]?\s?\]")
_TICKED = re.compile(r"[☑☒■▣⊠✓✔]|\[\s?[xX✓✔]\s?\]")


def _checked_only(text: str) -> str:
    """A form's line with only what its ticked boxes say: the words before the first box, then each ticked
    option ("Concurrent plan: ☐ Adoption ☒ Legal guardianship ☐ APPLA" says "Concurrent plan: Legal
    guardianship"); an option whose box is empty is not said at all."""
    boxes = list(_BOX.finditer(text))
    if not boxes:
        return text
    head = text[:boxes[0].start()].rstrip()
    options = [text[b.end():(boxes[i + 1].start() if i + 1 < len(boxes) else len(text))].strip(" ,;/")
               for i, b in enumerate(boxes) if _TICKED.fullmatch(b.group(0))]
    said = "; ".join(o for o in options if o)
    return f"{head} {said}".strip() if said else head


#: A question and its answer in a report set as questions and answers ("Q: Is the home suitable?" / "A: Yes. ...").
_QUESTION = re.compile(r"^\s*(?:Q|Question|P|Pregunta)\s*[.:]\s*(.+?)\s*$", re.S)
_QUESTION_AND_ANSWER = re.compile(r"^\s*(?:Q|Question|P|Pregunta)\s*[.:]\s*([^?]{3,300}\?)\s+(?:A|Answer|R|Respuesta)\s*[.:]\s*(.+?)\s*$",
                                  re.S)
_ANSWER = re.compile(r"^\s*(?:A|Answer|R|Respuesta)\s*[.:]\s*(.+?)\s*$", re.S)


#: A value that refers to the same label's value given before ("As stated above for Leo", "Same as above").
_AS_ABOVE = _rx(r"^\s*(\(?see above\)?|(as|same as) (stated|noted|described|given|set out)? ?(above|for|before)\b)")


def _as_above(text: str, label: str, by_label: dict[str, str]) -> str:
    """The value a label's text refers back to, in place of the reference ("Caregiver's position on permanency:
    As stated above for Leo" is what was stated for Leo under that label); the text itself otherwise."""
    earlier = by_label.get(label.lower())
    return earlier if earlier and _AS_ABOVE.match(text) and len(text.split()) <= 8 else text


def _caption_line(text: str) -> bool:
    """A field's caption on its own line, as a PDF shows a bold label it cannot mark ("Why the plan is
    realistic", "Search for a permanent family"): a few words from a capital, with no sentence's end and no
    verb of its own. Its words name the paragraph below; they assert nothing."""
    text = text.strip()
    return (0 < len(text.split()) <= 9 and text[0].isupper() and not re.search(r"[.;:!?,)\]\"”]$", text)
            and (bool(re.match(r"(why|how|what|whether|when|where|who)\b", text, re.I))  # "Why the plan is realistic"
                 or not re.search(r"\b(is|are|was|were|has|have|had|will|would|said|says|lives|told|can|did|does)\b",
                                  text, re.I)))


# --- vocabulary ------------------------------------------------------------------

_PLAN_CUE = _rx(r"\b(concurrent (case |permanency )?(plan|goal)|concurrent planning|alternative (permanent |permanency )?plan|alternate plan|plan b|back-?up plan"
                r"|permanen(t|cy) plan( goal)?|permanency goal|^(concurrent|alternative|alternate)(?=\s*:))\b")
_PRIMARY = _rx(r"\bprimary plan\b")
_GOALS = (
    ("appla", _rx(r"\b(another planned permanent living arrangement|appla|long[- ]term foster care)\b")),
    ("tribal_customary_adoption", _rx(r"\btribal customary adoption\b")),
    ("fit_willing_relative", _rx(r"\bfit and willing relative\b")),
    ("legal_guardianship", _rx(r"\b(legal )?guardian(ship|s)?\b")),
    ("adoption", _rx(r"\badopt(ion|ive|ed)?\b")),
)
_UNDECIDED = _rx(r"\b(to be (determined|decided|identified)|tbd|not yet (been )?(determined|decided|identified|selected)"
                 r"|before selecting|has not been (selected|determined|decided))\b")
_PASSING = _rx(r"\b(advis\w+|relinquish\w*|option to (participate|take part))\b")
_CONDITION = _rx(r"\b(if|should|in the event( that)?) (family )?(reunification|the (mother|father|parents?)|(s)?he|they)"
                 r"[^,.;]{0,60}?(fails?|not (able to )?(succeed|reunify|achieved|successful)|unable to reunify"
                 r"|cannot (go|return|reunify)[^,.;]{0,20})[,]?")
#: Someone's own words or wishes, not the agency's plan ("Daniel says he wants to stay with his aunt").
_SPEECH = _rx(r"\b(said|says|told|stated|wants?|wish\w*|hopes?|willing|prefers?|asked|agreed|would like)\b")
#: The agency stating its own plan ("the Department will recommend guardianship").
_AGENCY_PLANS = _rx(r"\b(department|dcfs|cfs|hhsa|cws|agency|undersigned|ssa|dfcs)\b( \w+){0,2} (recommend|pursue|seek|propose|plan)")
#: What a person was told or asked about is not the plan ("the mother was told that the plan may become adoption").
_REPORTED = _rx(r"\b(was|were) (told|informed|advised|asked)\b")
_FM = _rx(r"\b(family maintenance|remain(s)? in (the )?(home|care|custody) of|no concurrent plan is required"
          r"|remain(s)? (at home )?with (his|her|their) (mother|father|parents?))\b")
_NAMED = re.compile(r"(?:\b(?:[Bb]y|[Ww]ith)|[:—–])\s+(?:(?i:the|his|her|their)\s+|[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+['’]s\s+)?(?:(?i:current\s+)?(?i:caregivers?|resource\s+parents?),?\s+)?"
                    r"((?i:current (?:resource (?:family|parents?)|caregivers?|foster (?:family|parents?)))"
                    r"|(?:(?i:maternal|paternal)\s+)?(?i:great-)?(?i:grand\w+|aunt|uncle|cousin|godparents?|godmother)"
                    r"|[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?: (?:and|&) [A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)? [A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+|(?i:mr|mrs|ms)\.? (?:(?i:and (?:mr|mrs|ms))\.? )?[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+|the [A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+s\b)")
#: A family named by its surname ("the Tran family", "Adoption (Tran family)").
_FAMILY_NAME = re.compile(r"\b((?:the )?[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)? (?i:family|household|home))\b")
_FAMILY_IS = _rx(r"\b(?:prospective|identified|proposed)\b[^.;]{0,25}?\b(?:adoptive (?:family|parents?|home)|legal guardians?"
                 r"|guardians?|permanent (?:family|home)|family|parents?)\b (?:is|are|will be) ([^.;]{3,120})")
_FAMILY_LABEL = _rx(r"\b(prospective|identified|proposed)\b.{0,20}\b(adoptive|permanent|family|parents?|home|guardians?)\b")
_SEARCH = _rx(r"\b(family[- ]finding|recruit\w*|adoptions? (unit|worker|matching)|concurrent planning unit|heart gallery"
              r"|matched (him|her|them|\w+) with|search(ing|ed)? for (an? )?(adoptive|permanent|prospective|another)"
              r"|referred (\w+ )?(to|for) (the )?(adoption|concurrent planning|permanency))\b")
_WILL_LABEL = _rx(r"\b(willing\w*|position|statement|intent|interest in permanency|commitment|permanency)\b")
_PERM = _rx(r"\b(adopt\w*|guardian\w*|permanen\w*|forever (family|home)|raise (him|her|them) to adulthood"
            r"|until (s?he|they) (is|are) grown|as long as (it takes|(s?he|they) needs?)|(in)?to adulthood"
            r"|long[- ]term (home|placement|caregiver)|until adulthood|beyond|extended foster care|(for )?the long haul"
            r"|for good|for the rest of (his|her|their) childhood|forever"
            r"|until (s?he|they|\w+) (is|are|turns?) (18|21|grown)"
            r"|keep (him|her|them)\b[^.;]{0,20}?\b(long[- ]term|permanently|for good))\b")
_NOT_ASKED = _rx(r"\bnot (yet )?(been )?(assessed|asked|discussed|addressed|explored)\b|\bnot discussed\b")
_SUITABLE = _rx(r"\b(suitab\w*|approved|approval|needs (are|were) (being )?met|rfa|home study|meets?\b.{0,30}\bneeds|able to meet|meet(s|ing)? (\w+ )?(daily )?needs"
                r"|safe|bonded|attached|thriving|well cared for|adjusted well|licensed|certified|permanency assessment)\b")
_EFFORTS = _rx(r"\b(family[- ]finding|recruit\w*|adoptions? (unit|worker|matching)|concurrent planning unit|heart gallery"
               r"|matched|search(ing|ed)? for|looking for|identified (a|another) (prospective|adoptive|permanent)"
               r"|referred (\w+ )?(to|for) (the )?(adoption|concurrent|permanency)|another (permanent|adoptive) home"
               r"|step(ping)? (\w+ )?down to (a|an)\b[^.;]{0,30}\bhome|whether (s?he|they) (could|can|would) take (him|her|them))\b")
_REALISM = _rx(r"\b(realistic|can work|will work|workable|works because|achievable|viable|feasible|likely to succeed"
               r"|well[- ]founded|sound plan|is sound|makes sense|can be (achieved|accomplished|carried out))\b")
_SHORT = _rx(r"\b((coming|next|first)( few| \w+)? (days|weeks|months|year)|at present|currently|short[- ]term|short run|needs now|for now|immediate(ly)? needs?|in the near term|right now"
             r"|(present|current|immediate|day-to-day|daily) needs)\b")
_LONG = _rx(r"\b(long[- ]term(?! (foster care|placement))|long run|into adulthood|through adulthood|as (s?he|they) grows?"
            r"|future needs|after 18|over time|long[- ]range|lifelong|as (s?he|they) (grows?|gets) older|in the future)\b")
#: A label or question about the child's needs ("What does Ana need now, and later?", "Needs").
_NEEDS_LABEL = _rx(r"\bneeds?\b")
#: A sentence saying what the child needs ("She needs therapy now, and a permanent home in the long term").
_NEEDS_VERB = _rx(r"\b(s?he|they|\w+) (also |still |will )?(needs?|requires?|require)\b")
#: Under such a label or in such a sentence, the words of time that name the needs of now and of later.
_NEEDS_NOW = _rx(r"\b(now|today|currently|current|present|presently|immediate\w*|at this time|this (school )?year|short\w*"
                 r"|near[- ]term|coming (weeks|months)|for the time being)\b")
_NEEDS_LATER = _rx(r"\b(later|long\w*|future|adult\w*|as (s?he|they) (grows?|gets older|ages)|over (time|the years)"
                   r"|eventually|lifelong|years to come|after (18|21)|through high school|(in|over) the (long|coming) \w+)\b")
#: A reason for guardianship over adoption: the child's refusal of adoption, or the tie guardianship keeps.
_GUARDIANSHIP_REASON = _rx(r"\b((does not|doesn't|did not|didn't|do not) want to be adopted|(wish|wishes|want|wants) not to be adopted"
                           r"|(refuses|refused|opposes|opposed|rejects|rejected) adoption"
                           r"|guardianship\b[^.;]{0,60}\b(respects|keeps|preserves|maintains|protects|leaves|allows)\b"
                           r"|(rather|instead) than (terminat\w+|adoption)|without terminating)")
#: A value put off to later ("Will be identified once the evaluation is complete", "Pending the assessment").
_DEFERRED = _rx(r"\s*((will|shall|is to|are to|yet to) be (identified|assessed|determined|decided|addressed|developed|explored)"
                r"|pending\b|awaiting\b|unknown (until|at this time))")
#: A reference to the reasons given for another child ("for the same reasons").
_SAME_REASONS = _rx(r"\b(for the same reasons?|the same reasons? appl(y|ies))\b")
#: A label or column asking why the plan will work ("Why the goal can be achieved", "Reason plan is realistic").
_REALISM_LABEL = _rx(r"\b(why|realistic|achiev\w*|can work|workable|viab\w*|feasib\w*|rationale|justification|reasons?)\b")
_AGENCY = _rx(r"\b(department|dcfs|cfs|hhsa|cws|agency|undersigned|social worker|court)\b")
_PARENT = _rx(r"\b(mother|father|parents?)\b")
_SIBLING_WORD = _rx(r"\b(siblings?|half-?(brother|sister)|brothers?|sisters?|only child)\b")
_TOGETHER = _rx(r"\b(together|same (home|house|placement|bedroom)|never been separated|never lived apart|share a (\w+ )?bedroom)\b")
_APART = _rx(r"\b(apart|on (his|her|their) own|separate(d|ly)?|different (home|homes|placement)|another (home|placement|county)|strtp"
             r"|residential|group home|(together|same (home|house|placement)( as [\w’'-]+)?)(\?:?|:) no)\b"
              r"|\bwhile (\w+ ){1,3}(lives|is placed|is with|is in|is at|resides|stays)\b")
_LIVES = _rx(r"\b(lives|live|resides|reside|(is|are|was|were) placed|(is|are) living|remains?|(is|are) staying|moved"
             r"|(has|have) (been )?(lived|living|placed|staying|moved))\b"
             r"( \w+)? (with|in|at)\b|\b(moved|was moved|were moved) (in)?to\b")
_REASON = _rx(r"\b(only (home|placement|family) (available|that could)|only (one|1|a single) (child|additional|more|bed|bedroom|occupant|opening)"
              r"|(one|two)[- ]bedroom|take only (one|1)|(care for|take|manage|room for|space for) (only )?(one|a single) (child|of them)\b|lease|(cannot|can't|could not|couldn't|unable to|not able to) (manage|handle|care for|meet)|not (be )?approved for|too small|not enough (room|space)"
              r"|room for (only )?(one|two|three)\b|(licensed|approved) for (only )?(one|two|a single)\b|because|due to|reason|asked to stay|so (that )?(s?he|they) can|requires?|recommend\w*"
              r"|level of care|treatment|clinical|capacity|no (home|room|bed|space)|could not (take|accommodate)|best interest"
              r"|(which|that) is why|for that reason)\b")
_NO_REASON = _rx(r"\b(no reason|not (been )?(explained|stated|given|documented)|unclear why|unknown why)\b")
_EFFORT_TOGETHER = _rx(r"\b(whether (s?he|they) could (take|accommodate)|(take|place) (both|all|them)|place (them|the \w+) together"
                       r"|(would|will|could) (also )?take|efforts? to (place|reunite|keep)|explored|looked for a home"
                       r"|moving (him|her) would|room for|reunite|wait(ing)? list|once (a|an) bed|step[- ]down"
                       r"|offer(ed|s)? (\w+ )?(a|the) (room|bed|place|placement|home)|trial (visit|weekend|stay|overnight))\b")
_FREQ = _rx(r"\b((most|every|each|alternate) (other )?(mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?)"
            r"|daily|weekly|monthly|twice|every (\w+ )?(day|week|month|other|saturday|sunday|weekend)|times a (week|month)"
            r"|(once|twice|\w+ times) (a|per|each|every) (day|week|month|year)|(on|at) weekends"
            r"|each (week|month)|weekends?|biweekly|every two weeks|most days"
            r"|on (mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays))\b")
_SUPERVISED = _rx(r"\b(supervis(ed|es|ing|ion)|unsupervised|monitor(ed|s|ing)|on their own|without supervision)\b")


# --- the reading ------------------------------------------------------------------

def _for(child: Child, s: Statement) -> bool:
    return not s.children or child.name in s.children


def _affirmed(s: Statement, m: re.Match[str]) -> str:
    """The status of a match in ``s.full`` (label and text); the condition of a plan ("if the parents cannot
    reunify") is no trigger for what it conditions, nor is any condition ending before the match ("If Rocío
    cannot, I want to adopt her")."""
    return _affirmed_text(s.full, m)


_LIVES_WITH = _rx(r"\b(lives?|living|placed|resides?|residing|has lived|have lived|remain(s|ed)?|stay(s|ed|ing)?"
                 r"|(has|have) been(?= (at|with)\b))\b(?! (connected|in touch|close|involved|in contact|friends)\b)"
                 r"[^.;]{0,40}?\b(with|home of|care of|at)\b"
                 r"|\b(moved|was moved|has moved) (in)?to\b"
                 r"|\b(is|are|has been|have been)( placed)? in the( [\w-]+){0,4} (home|care|custody) of\b")


def _homes(text: str, child: str, others: list[str], strict: bool = False) -> list[str]:
    """The words after each "lives with" of a sentence whose subject is this child, or no other child
    ("Alma and Joaquín reside with their aunt ..., while Tere lives with ...": the aunt is Alma's);
    ``strict``: only where the subject names this child or all the children (a siblings section)."""
    out: list[str] = []
    start = 0
    for m in _LIVES_WITH.finditer(text):
        subject = re.split(r"\bwhile\b|;|\bwhereas\b", text[start:m.start()])[-1]
        named = [n for n in [child, *others] if re.search(rf"\b{re.escape(n)}\b(?!['’]s)", subject)]
        everyone = re.search(r"\b(the children|the minors|both|all (two|three|four))\b", subject, re.I)
        if child in named or everyone or (not named and not strict):
            # up to the next clause ("..., and Leo lives with ...")
            out.append(re.split(r"\bwhile\b|;|\bwhereas\b|, (?:and|but) (?=[A-Z])", text[m.end():])[0])
        start = m.end()
    return out


#: Capitalised words before a surname that are not a given name ("Resource Parent Lee", "Foster Mother Ode").
_NOT_GIVEN = {"Aunt", "Uncle", "Grandma", "Grandpa", "Grandmother", "Grandfather", "Cousin", "Parent", "Parents",
              "Mother", "Father", "Resource", "Foster", "Family", "Mr", "Mrs", "Ms", "Dr", "Miss", "The", "Tia", "Tio"}


#: A nickname set in quotation marks inside a name ('Walter ("Walt") Tisdale', 'Wilhelmina "Billie" Garrow').
_NICKNAME = re.compile(r"\s*\(?[\"“]([A-ZÀ-ÖØ-Þ][\w'’-]{1,20})[\"”]\)?(?=\s+[A-ZÀ-ÖØ-Þ])")


def _caregiver_words(tail: str, names: set[str], relations: set[str]) -> None:
    """Surnames and relation words named where a child lives ("with her aunt, Rocío Salcedo"); a nickname
    in quotation marks is a name the report may call the caregiver by, and no part of the full name."""
    names.update(m.group(1) for m in _NICKNAME.finditer(tail[:120]))
    tail = _NICKNAME.sub("", tail)
    for m in re.finditer(r"\b([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:-[a-z]+)?)(?: (?:and|&) [A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)? ([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)?)\b",
                         tail[:120]):
        if not tail[:m.start()].endswith(("in ", "at ", "near ")):  # a place, not a person
            names.add(m.group(2))
            # and the given name, by which a report also calls the caregiver ("Aunt Philippa will adopt her")
            if m.group(0).count(" ") == 1 and m.group(1) not in _NOT_GIVEN:
                names.add(m.group(1))
    for m in re.finditer(r"\b(?:Mr|Mrs|Ms)\.? ([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)", tail[:120]):
        names.add(m.group(1))
    for m in re.finditer(r"\bthe ([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+) family\b", tail[:120]):
        names.add(m.group(1))
    for m in _rx(r"\b(grandmother|grandfather|grandparents|aunt|uncle|cousin|godmother|great-aunt|resource parents?"
                 r"|foster parents?)\b").finditer(tail[:120]):
        relations.add(m.group(1).lower())


#: A label naming where the child lives now, and one naming where the child lived before.
_HOME_LABEL = _rx(r"^\s*(current |present )?(placement|caregivers?|care provider|lives with|living with|resides with"
                  r"|placed with|home|resource (family|parents?)|foster (family|parents?))\b")
_PAST_LABEL = _rx(r"\b(history|previous|prior|former|past|type|date|since|address|phone)\b")
#: Someone named as what the caregiver is ("The Lees, both 44, are an approved resource family").
_IS_CAREGIVER = re.compile(r"\b(?:[Tt]he )?([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)s\b[^.;]{0,30}?\b(?:is|are)\s+(?:an?|the|their|his|her)\s+"
                           r"(?:[\w-]+\s+){0,2}?(?:(?i:resource|foster)\s+(?i:family|parents?|home)|(?i:caregivers?))\b")


def _caregiver_terms(said: list[Statement], child: str = "", others: list[str] | None = None
                     ) -> tuple[set[str], set[str]]:
    """Surnames and relation words of the child's current caregiver, from the statements of where the
    child lives (in a report on several children, only where this one lives)."""
    names: set[str] = set()
    relations: set[str] = set()
    # where the child is said to live first; the placement section's other sentences only when no
    # sentence says so (they also name families the child was matched with, or visited)
    fallback: list[str] = []
    for s in said:
        # a table cell that says where the child lives is one wherever its table sits ("Case plan summary | ...
        # Caregiver: Rosa Quill"); not a cell of another person's row (a sibling's "Placement")
        cell = bool(s.subject and _HOME_LABEL.search(s.label) and not re.search(r"\b(sibling|brother|sister|relative)",
                                                                                    s.subject, re.I)
                    and not re.match(r"\s*(relative|sibling|name|person|contact)", s.subject, re.I))
        placement = "placement" in s.topics or re.search(r"\bplacement\b", s.label, re.I) or cell
        # a question labels its answer's subject ("Where is Ana living?: Since May with her aunt, ...")
        homes = _homes(s.full if s.label.endswith("?") else s.text, child, others or [], strict="siblings" in s.topics)
        if "siblings" in s.topics and not (others and homes):
            continue
        if not (placement or homes):
            continue
        if homes:
            for tail in homes:
                _caregiver_words(tail, names, relations)
        elif _HOME_LABEL.search(s.label) and not _PAST_LABEL.search(s.label) and not s.label.endswith("?") \
                and not (others and any(re.search(rf"\b{re.escape(o)}\b", s.text) for o in others)
                         and not re.search(rf"\b{re.escape(child)}\b|\b(both|all)\b", s.text)):
            # a cell or a run-in label that says where the child lives ("Placement | Ann and Bo Lee, resource family")
            _caregiver_words(s.text, names, relations)
        elif not others or (placement and not any(re.search(rf"\b{re.escape(o)}\b", s.text) for o in others)):
            # with several children, only a placement sentence that names none of the others
            fallback.append(s.text)
    if not (names or relations):
        for text in fallback:
            # "The Lees, both 44, are an approved resource family": the caregiver named by what they are
            for m in _IS_CAREGIVER.finditer(text):
                names.add(m.group(1))
        if not names:  # with several children, only placement sentences that name none of the others are here
            for text in fallback:
                _caregiver_words(text, names, relations)
    # the caregiver named beside the relation anywhere ("Soledad's godmother, Graciela Lomelí, 49, ...")
    for s in said:
        for rel in relations:
            for m in re.finditer(rf"\b{re.escape(rel)}s?,? (?:{_CAP_WORD} )?(?:and {_CAP_WORD} )?({_CAP_WORD})", s.text, re.I):
                if m.group(1)[0].isupper() and m.group(1).lower() not in ("and", "in", "at", "with"):
                    names.add(m.group(1))
    names -= {"Court", "County", "Department", "Springs", "Hollow", "Grande", "Basin", "Alta", "Range", "Valley"}
    return names, relations


#: A reporting verb's object is the listener, never the holder ("told the undersigned she would adopt").
_LISTENER = _rx(r"\b(told|informed|advised|assured|reassured|reminded|asked|with|to)( \w+)? (the |this )?"
                r"(undersigned|(social )?worker|cws|csw|department|agency|dcfs|cfs|hhsa)\b"
                r"|\b(told|informed|assured|reassured|reminded|asked|with|to) us\b")
#: The writer's own "we", and a quotation mark (double, or single at a word's edge: "'We will adopt her.'").
_WE = re.compile(r"\b(?:[Ww]e|[Oo]ur)\b")
_QUOTE_MARK = re.compile(r"[\"“”]|(?:^|(?<=[\s(]))'|'(?=[\s).,;]|$)")


def _quoted_words(text: str) -> bool:
    """Whether a sentence is someone's quoted words: it opens a quotation it does not close, closes one it did not
    open ('Guardianship I can do."' after 'She said, "I would be her guardian.'), or is one whole quotation."""
    text = text.strip()
    marks = re.findall(r"[\"“”]", text)
    if not marks:
        return False
    return len(marks) % 2 == 1 or (text[:1] in "\"“" and text.rstrip(".")[-1:] in "\"”")


def _quoted_we(text: str, at: int) -> bool:
    """Whether a "we" before ``at`` is quoted speech: the sentence holds a quotation mark (a report's own "we"
    is the agency's, and a quotation is the speaker's)."""
    return bool(re.search(r"\b(we|We)\b", text[:at])) and bool(_QUOTE_MARK.search(text))


#: The condition a plan or an answer rests on names no holder ("if the parents cannot reunify she would ...").
_IF_FAILS = _rx(r"\b(if|unless|should|in the event( that)?)\b[^,;]{0,80}?\b(reunif\w*|fails?|go(es)? home|return(s)? home"
                r"|succeed\w*|achieved|successful)\b"
                r"|\b(if|should|in case) (that|this|it|reunification|the plan)( (does|do|did|is|was))? ?(not|n't|never) "
                r"(happen|work|succeed|occur|possible)\w*")
#: A child's name holds a statement only as the subject of a verb of saying or wanting ("Toby said ...").
_CHILD_VERB = _rx(r"\s+(\w+ly\s+)?(said|says|stated|states|told|tells|wants|does|did|has said|expressed|reported"
                  r"|would|wishes|hopes|likes|prefers|asked|is clear|was clear)\b")
#: A statement of someone's own position on permanence, not a description of the home or the child's needs.
_STANCE = _rx(r"\b(willing\w*|unwilling|wants?|wish\w*|agree\w*|commit\w*|intend\w*|intent|plans? to|prepared|ready|consent\w*"
              r"|interest\w*|hopes?|declin\w+|refus\w+|accept\w*|open to|consider\w*|sign\w*|said|says|stated|told"
              r"|expressed|would like|(will|would|can(not)?|can't|could not|couldn't|\w+['’](ll|d)) (\w+ )?(adopt|become|provide|keep|raise|care|take)"
              r"|unable to|not in a position|desir\w+|(does|do|did) not (provide|offer|take)|withdr(ew|awn)"
              r"|eager|asked to|request\w*|seek\w*|answer\w*|unsure|undecided|uncertain|ambivalent|hesita\w+)\b")
_CAREGIVER_WORDS = _rx(r"\b(current )?(caregivers?|care providers?|resource (parents?|family|mother|father)"
                       r"|foster (parents?|mother|father|family))\b")
#: A sentence whose subject is a pronoun (after a date: "On May 2 she told ..."): its holder is the one last named.
_PRONOUN_FIRST = re.compile(r"\s*(?:(?:On|In|By|At|During|Since) [^,]{0,30}?,?\s+)?(?i:she|he|they|both)\b")
#: What may open a sentence before its subject ("On May 2, ", "In 2024 ").
_OPENING = re.compile(r"\s*(?:(?:On|In|By|At|During|Since|After|Before|When asked)\b[^,]{0,30}?,?\s+)?(?:(?i:the)\s+)?")
#: "she needs a permanent adult who will raise her": a permanence the child needs, nobody's answer.
#: A word on permanence that a need governs ("needs a permanent home"), not across a clause that turns ("as long
#: as his treatment needs it, but we cannot make a permanent commitment").
_NEEDS_BEFORE = _rx(r"\b(needs?|need for)\b(?:(?!,\s*(?:but|yet|although|though|while|so)\b)[^.;]){0,40}$")
_HOLDER_LABEL = _rx(r"\b(caregivers?|resource|willing\w*|intent|position|interest|commitment|answer)\b")


#: A verb of reporting: what follows it is the reported words of its subject.
_REPORTING = _rx(r"\b(told|tells|said|says|stated|states|reported|reports|explained|indicated|confirmed|shared|wrote)\b")
#: A holder named inside reported words holds them only as the subject of their own verb of saying,
#: wanting or willingness ("she said the parents will reunify" leaves "the parents" no answer).
_OWN_VERB = _rx(r"[\w.'’-]+(\s+[\w.'’-]+){0,3}?\s+(\w+ly\s+)?(said|says|stated|told|wants?|wish\w*|hopes?|would like"
                r"|agreed|agrees|declined|declines|refused|refuses|prefers?|expressed|intends?|plans? to"
                r"|(is|are|was|were) (not |un)?(willing|able|ready|prepared|open|interested|committed)"
                r"|would (not )?(adopt|become|accept|consider|keep|raise|provide)"
                r"|will (not )?(adopt|become|accept|keep|raise|provide)|cannot|can't|(has|have) (said|asked|agreed))\b")


def _mentions(text: str, cg_names: set[str], cg_rel: set[str], child_names: set[str]) -> list[tuple[int, str]]:
    """Where each possible holder is named in a sentence, in order; after a verb of reporting whose
    subject is named, only the subjects of their own verb of saying or wanting (:data:`_OWN_VERB`)."""
    found = _named(text, cg_names, cg_rel, child_names)
    said = _REPORTING.search(text)
    if said is None or not any(pos < said.start() for pos, _ in found):
        return found
    return [(pos, who) for pos, who in found if pos < said.start() or _OWN_VERB.match(text, pos)]


def _named(text: str, cg_names: set[str], cg_rel: set[str], child_names: set[str]) -> list[tuple[int, str]]:
    """Where each possible holder is named in a text, in order (the same text is read once per reading)."""
    return list(_named_once(text, frozenset(cg_names), frozenset(cg_rel), frozenset(child_names)))


@lru_cache(maxsize=8192)
def _named_once(text: str, cg_names: frozenset[str], cg_rel: frozenset[str], child_names: frozenset[str]
                ) -> tuple[tuple[int, str], ...]:
    found: list[tuple[int, str]] = []
    masked = _LISTENER.sub(lambda m: " " * len(m.group(0)), text)
    masked = _IF_FAILS.sub(lambda m: " " * len(m.group(0)), masked)
    masked = _IF_CLAUSE.sub(lambda m: " " * len(m.group(0)), masked)  # a condition names no holder
    spans = [m.span() for m in _CAREGIVER_WORDS.finditer(masked)]
    for name in cg_names:
        found += [(m.start(), "caregiver") for m in re.finditer(rf"\b{name}s?\b", masked)]
    for rel in cg_rel:
        found += [(m.start(), "caregiver") for m in re.finditer(rf"\b{rel}s?\b", masked, re.I)]
    found += [(m.start(), "caregiver") for m in _CAREGIVER_WORDS.finditer(masked)]
    for name in child_names:
        found += [(m.start(), "child") for m in re.finditer(rf"\b{name}\b", masked) if _CHILD_VERB.match(text, m.end())]
    for rx, who in ((_AGENCY, "agency"), (_PARENT, "parent")):
        found += [(m.start(), who) for m in rx.finditer(masked) if not any(a <= m.start() < b for a, b in spans)]
    # a report written as "we" (the agency's own voice): its "we" outside quotation marks is the agency
    if not _QUOTE_MARK.search(text):
        found += [(m.start(), "agency") for m in _WE.finditer(masked)]
    for m in re.finditer(r"\b(?:Mr|Mrs|Ms)\.? ([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)|\b(?i:the) ([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)s\b|\b[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+ and [A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+ ([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)\b"
                         r"|\b(prospective|adoptive|matched|identified) (adoptive )?(family|parents?|home)\b", masked):
        if (m.group(1) or m.group(2) or m.group(3)) not in cg_names:
            found.append((m.start(), "other"))
    # one named after a preposition is the object of another's words, not their holder ("He wants to stay with
    # his uncle and does not want to be adopted"): only where the sentence opens on a pronoun, whose holder is
    # the one it stands for
    if _PRONOUN_FIRST.match(text):
        found = [(pos, who) for pos, who in found if not _AFTER_PREPOSITION.search(text[max(0, pos - 30):pos])]
    return tuple(sorted(found))


#: The end of a preposition and its determiner, right before a name ("with his ", "to the ", "for Ms. ").
_AFTER_PREPOSITION = _rx(r"\b(with|to|for|from|about|of|at|near|beside|toward|towards)\s+((his|her|their|the|a|an|its)\s+)?"
                         r"((maternal|paternal|great-)\s*)*$")


def _last_person(text: str, cg_names: set[str], cg_rel: set[str], child_names: set[str], previous: str = "") -> str:
    """The person a pronoun of the next sentence stands for. The sentence's subject first, as a reader
    follows who a passage is about: a pronoun opening it keeps the one it stood for ("He said he is angry at
    his mother. He wants ..." is still the child), a person named first is the new subject ("Kenji was
    interviewed ..."). Else the last one named who is not the writer (a report calls its writer "the
    undersigned", never "she"), among the holders of their own words first, else among everyone named
    ("the undersigned asked Mrs. Paz ... She answered: ...")."""
    if _PRONOUN_FIRST.match(text) and previous:
        return previous
    opening = _OPENING.match(text)
    if opening is not None:
        subject = text[opening.end():opening.end() + 40]
        if any(re.match(rf"{re.escape(n)}\b(?!['’]s)", subject) for n in child_names):
            return "child"
        first = [who for pos, who in _named(subject, cg_names, cg_rel, set()) if pos < 4]
        if first and first[0] != "agency":
            return first[0]
    for found in (_mentions(text, cg_names, cg_rel, child_names), _named(text, cg_names, cg_rel, child_names)):
        persons = [who for _, who in found if who != "agency"]
        if persons:
            return persons[-1]
    return ""


def _asked_of(question: str, cg_names: set[str], cg_rel: set[str], child_names: set[str]) -> str:
    """Whom a question asks about, when it names one: a child of the report, the caregiver, a parent."""
    if any(re.search(rf"\b{re.escape(n)}\b(?!['’]s)", question) for n in child_names):
        return "child"
    found = [who for _, who in _named(question, cg_names, cg_rel, child_names) if who != "agency"]
    return found[0] if found else ""


def _holder(s: Statement, cg_names: set[str], cg_rel: set[str], child_names: set[str], previous: str,
            at: int | None = None) -> str:
    """Whose words are at ``s.text[at]`` (the first word on permanence when ``at`` is None): the nearest holder
    named before it ("caregiver", "other", "child", "parent", "agency"); a willingness label's when none is;
    else the previous sentence's when this one opens with a pronoun."""
    text = s.text
    if at is None:
        m = _PERM.search(text)
        at = m.start() if m else len(text)
    found = _mentions(text, cg_names, cg_rel, child_names)
    before = [who for pos, who in found if pos < at]
    if before:
        return before[-1]
    if s.subject and (whose := _row_holder(s.subject, cg_names, cg_rel, child_names)):
        return whose  # a cell that names nobody speaks for its row's person ("Relative: Maria Lopez | ... | Yes")
    if s.label.endswith("?") and (asked := _asked_of(s.label, cg_names, cg_rel, child_names)):
        return asked  # "What does Kai want?: He said ...": the answer is the words of the one asked about
    if s.label and _HOLDER_LABEL.search(s.label) and not re.search(r"\bchild\b", s.label, re.I):
        return "caregiver"
    if (_PRONOUN_FIRST.match(text) or re.search(r"\bI\b", text[:at]) or _quoted_we(text, at)) and previous:
        # a pronoun opening the sentence, or the first person of quoted words: the one last named
        return previous
    return ""  # a sentence that opens on the plan itself ("Guardianship would keep them together") is nobody's answer


#: A person's relation to the child, or a family, named in a table's key cell ("Maternal aunt", "The Lopez family").
_RELATION = _rx(r"\b(grand\w+|aunts?|uncles?|cousins?|godparents?|godmother|godfather|family|families|friends?|nrefm"
                r"|neighbou?rs?|step-?\w+|in-laws?|brothers?|sisters?|siblings?)\b")


def _row_holder(subject: str, cg_names: set[str], cg_rel: set[str], child_names: set[str]) -> str:
    """Who a table row's person is, for the cells of that row that name nobody: the caregiver, a parent,
    another family, or "" when the row is about a child of the report (its cells then speak as labelled:
    "Caregiver willing?" is the caregiver's answer) or about no one the reading can tell."""
    key = subject.split(":", 1)[-1]
    if any(re.search(rf"\b{re.escape(n)}\b", key, re.I) for n in child_names):
        return ""
    found = [who for _, who in _named(subject, cg_names, cg_rel, set())]
    if "caregiver" in found:
        return "caregiver"
    if found and found[0] in ("parent", "other"):
        return found[0]
    if _RELATION.search(key) or re.search(rf"{_CAP_WORD}\s+{_CAP_WORD}", key):
        return "other"
    return ""


def _for_another(text: str, m: re.Match[str], child: str, child_names: set[str]) -> bool:
    """Whether the word on permanence at ``m`` names another child of the report beside it, and not ``child``
    ("adopt Oscar", "Petra's guardian")."""
    if not child or len(child_names) < 2:
        return False
    near = text[max(0, m.start() - 12):m.end() + 20]
    named = {n for n in child_names if re.search(rf"\b{re.escape(n)}\b", near)}
    return bool(named) and child not in named


def _names_caregiver(text: str, cg_names: set[str], cg_rel: set[str]) -> bool:
    return any(re.search(rf"\b{n}s?\b", text) for n in cg_names) or any(
        re.search(rf"\b{r}s?\b", text, re.I) for r in cg_rel) or bool(
        _rx(r"\b(current )?(caregivers?|resource (parents?|family|home))\b").search(text))


#: An answer that opens on yes or no, and a question it can answer so (one that opens on a verb).
_YES_NO = _rx(r"\s*(yes|no|s[ií])\b[.,;:!—–-]")
_YES_NO_QUESTION = _rx(r"\s*(is|are|was|were|has|have|had|does|do|did|will|would|can|could)\b.*\?\s*$")


def _holder_in_label_is_not_caregiver(label: str, cg_names: set[str], cg_rel: set[str], child_names: set[str]) -> bool:
    """Whether the question names someone else than the caregiver as the one answering ("Does Ana want ...")."""
    whose = [who for _, who in _named(label, cg_names, cg_rel, child_names)]
    return bool(whose) and "caregiver" not in whose


#: A cell that answers no, or not yet ("No", "N", "Pending", "Not yet", "Denied").
_NO_CELL = _rx(r"^\s*(no|n|pending|not\b|denied|none|in process|awaiting|tbd)\b")
#: A label that asks whether someone is willing, whatever to ("Caregiver willing?", "Agrees to the plan (Y/N)").
_WILLING_LABEL = _rx(r"\b(willing\w*|agree\w*|consent\w*|commit\w*|intent\w*|interest\w*)\b")
#: A short answer opening a labelled value: no ("Declined — ...", "Not interested") or yes ("Agreed", "Yes").
_SHORT_ANSWER = re.compile(r"\s*(?:(?P<no>(?i:declined|refused|no|not (?:interested|willing|able)|unwilling))"
                           r"|(?P<unsure>(?i:undecided|unsure|uncertain|not sure|not yet decided|considering(?: it)?))"
                           r"|(?i:yes|agreed|accepted|willing)|Y(?=\s*$)|(?P<n>N)(?=\s*$))\s*\*?\s*(?:[.,;:—–(-]|$)")


def _answer_of(kinds: dict[str, set[str]]) -> str | None:
    """The caregiver's answer from the status of each kind of word on permanence in a statement ("adopt",
    "guardian", "perm": any other word of lasting care)."""
    negated = {k for k, v in kinds.items() if NEGATED in v and AFFIRMED not in v}
    hedged = any(HEDGED in v for v in kinds.values())
    if "guardian" in kinds and AFFIRMED in kinds["guardian"] and NEGATED not in kinds["guardian"] \
            and NEGATED in kinds.get("adopt", {NEGATED}):  # guardianship yes, adoption no (or unsaid)
        return "yes_guardianship"
    if "adopt" in kinds and AFFIRMED in kinds["adopt"] and not hedged:
        return "yes_adopt"
    if hedged:
        return "unsure"
    if "perm" in kinds and AFFIRMED in kinds["perm"] and negated and negated <= {"adopt", "guardian"}:
        # "will care for him permanently ... is not interested in adoption or guardianship": lasting care
        # without a legal tie, an answer that carries a plan of placement with a relative or APPLA
        return "yes_care"
    if negated:
        return "no"
    if "perm" in kinds and AFFIRMED in kinds["perm"]:
        return "yes_unspecified"
    return None


def _one_answer_per_paragraph(answers: list[tuple[str, Statement]], kinds_of: dict[int, dict[str, set[str]]]
                              ) -> list[tuple[str, Statement]]:
    """The sentences of one paragraph that answer on permanence read as one answer: "He will become her
    guardian. He does not want to adopt." is guardianship only; "She has committed to keep him until he is 21.
    She does not wish to adopt him or become his guardian." is lasting care. Left as they are when the
    sentences contradict each other on one kind (a yes and a no to adoption)."""
    groups: dict[tuple[int, str], list[tuple[str, Statement]]] = {}
    for answer, s in answers:
        groups.setdefault((s.index, s.label), []).append((answer, s))
    out: list[tuple[str, Statement]] = []
    for group in groups.values():
        kinds = [kinds_of.get(id(s)) for _, s in group]
        if len(group) < 2 or any(k is None for k in kinds):
            out += group
            continue
        merged: dict[str, set[str]] = {}
        for k in kinds:
            for kind, found in (k or {}).items():
                merged.setdefault(kind, set()).update(found)
        one = _answer_of(merged)
        if one is None or any(AFFIRMED in v and NEGATED in v for v in merged.values()):
            out += group
            continue
        said = next((s for a, s in group if a == one), group[0][1])
        out.append((one, said))
    return out


def _willingness(said: list[Statement], cg_names: set[str], cg_rel: set[str], child_names: set[str],
                 context: list[Statement] | None = None, child: str = ""
                 ) -> tuple[str | None, Statement | None, list[Statement]]:
    """The current caregiver's answer on permanence and the statement it rests on.

    Only words on permanence held by the current caregiver count (:func:`_holder`), and only in a
    statement of their own position (:data:`_STANCE`) or under a willingness label. ``context``, when
    given, is every statement of the report in order: a pronoun's holder is read from the sentence
    before it even when that sentence is about another child ("Ms. Quill ... On May 2 she said ...").
    In a report on several children a word on permanence that names another child right beside it
    ("would adopt Oscar and would become Petra's guardian") is that child's answer, not ``child``'s."""
    answers: list[tuple[str, Statement]] = []
    kinds_of: dict[int, dict[str, set[str]]] = {}  # each answering statement's words on permanence
    considered: list[Statement] = []
    previous = ""
    adult = ""  # the last one named in the paragraph who is not a child of the report nor the writer
    speaker = ""  # the one a paragraph that ends in a colon introduces ("Billie Garrow, paternal aunt, 10/8:")
    quoted_by = ""  # the speaker whose words the current paragraph is (a block quote under a speaker's line)
    last_index = -1
    ours = {id(s) for s in said}
    for s in context if context is not None else said:
        if s.index != last_index:
            # the one last named carries on into the next row of a label table ("Caregiver | Ms. Ode",
            # "Home | ... She agreed to ..."), not into another paragraph, except the words a speaker's
            # line introduces: a block quote's "I" is theirs
            if not (s.label and s.index == last_index + 1):
                previous = speaker if speaker and s.index == last_index + 1 else ""
                adult = ""
            quoted_by = speaker if speaker and s.index == last_index + 1 else ""
            last_index = s.index
            speaker = ""
        if s.text.rstrip().endswith(":") and len(s.text) < 160:
            # the designation after the name says who speaks ("Marnie Garrow, mother, 10/1/2025:" is a parent
            # though she shares the caregiver's surname): the last one named
            named = [w for _, w in _named(s.text, cg_names, cg_rel, child_names)]
            speaker = named[-1] if named else ""
        who = _holder(s, cg_names, cg_rel, child_names, previous)
        prior = previous
        if prior == "child" and adult and _PRONOUN_FIRST.match(s.text) and _child_as_object(child).search(s.text):
            # "Tully lives with Greta Wohlfahrt ... She told FCS she 'would adopt Tully'": a child is never
            # the one who adopts or becomes the guardian of the child the sentence names
            prior = adult
        adult = next((w for _, w in reversed(_named(s.text, cg_names, cg_rel, child_names))
                      if w not in ("child", "agency")), adult)
        # the one last named (a sentence that names nobody leaves it as it was)
        previous = _last_person(s.text, cg_names, cg_rel, child_names, previous) \
            or _holder(s, cg_names, cg_rel, child_names, previous, len(s.text)) or who or previous
        if id(s) not in ours:
            continue
        # (the sentence's own words: a run-in heading before it, "THE MINORS:", names no one)
        if child and _only_another_child(s.text, child, child_names) \
                and not re.search(rf"\b{re.escape(child)}\b", s.label, re.I):
            continue  # "they can foster Nula ... but cannot commit to guardianship of a second child" is Nula's
        if s.label and _FIRST_PERSON.search(s.text) and len(s.label.split()) <= 5 and not _PERM.search(s.label):
            # a speaker's line ("Mother: I don't want her adopted.", "Ana (15): I won't be adopted"): the first
            # person is the one the label names, and only the caregiver's words are the caregiver's answer
            in_label = {who for _, who in _named(s.label, cg_names, cg_rel, child_names)}
            if child and re.search(rf"\b{re.escape(child)}\b", s.label):
                in_label.add("child")
            if in_label and "caregiver" not in in_label and in_label <= {"parent", "child", "agency", "other"}:
                continue
        offset = len(s.label) + 2 if s.label else 0
        # an aside in brackets is not the holder's words, unless it translates the words just quoted ("(\"I will ...\")")
        asides = [a.span() for a in re.finditer(r"\((?![\"“'‘])[^()]{0,200}\)", s.full)]
        perm = [m for m in _PERM.finditer(s.full)
                if not any(a <= m.start() < b for a, b in asides)  # "(Diego does not want to be adopted)"
                and m.start() >= offset and not _NEEDS_BEFORE.search(s.full[:m.start()])
                and _speaks(s, m.start() - offset, quoted_by, cg_names, cg_rel, child_names, prior) == "caregiver"
                and not _for_another(s.full, m, child, child_names)]
        labelled = bool(s.label and _HOLDER_LABEL.search(s.label))
        if not perm and s.subject and _row_holder(s.subject, cg_names, cg_rel, child_names) not in ("", "caregiver"):
            continue  # a relative's "Yes" under "Willing to adopt?" in a family-finding table is the relative's
        yes_no = _YES_NO.match(s.text)
        if not perm and labelled and yes_no and _YES_NO_QUESTION.match(s.label) and _PERM.search(s.label) \
                and not _holder_in_label_is_not_caregiver(s.label, cg_names, cg_rel, child_names):
            # "Is the caregiver willing to provide permanency?: No. ...": the answer affirms or denies the question
            considered.append(s)
            answers.append(("no" if yes_no.group(1).lower() == "no" else "yes_unspecified", s))
            continue
        if not perm and labelled and _NOT_ASKED.search(s.text):
            considered.append(s)
            answers.append(("not_asked", s))
            continue
        # "Interest in adoption: Declined": a short answer under a label says yes or no to the label's words
        head = _SHORT_ANSWER.match(s.text) if labelled and not perm else None
        if head is not None and head.group("unsure") and (_PERM.search(s.label) or _WILLING_LABEL.search(s.label)):
            considered.append(s)
            answers.append(("unsure", s))  # "Caregiver's position on permanency: Undecided"
            continue
        label_word = (_PERM.search(s.label) or _WILLING_LABEL.search(s.label)) if head else None
        if label_word is not None and head is not None:
            # "Caregiver willing?: Yes" in a case-plan table: willing to be the child's permanent home
            # the cell's own word says to what ("Yes (guardianship)"), else the label's
            own = re.search(r"\b(adopt|guardian)", s.text[head.end() - 1:], re.I)
            # the label's one form of permanence, if it names only one ("Form of permanency caregiver will accept:
            # adoption"), over its first word on permanence
            forms = {m.group(1).lower() for m in re.finditer(r"\b(adopt|guardian)", s.label, re.I)}
            if own is None and len(forms) == 1:
                own = re.search(r"\b(adopt|guardian)", s.label, re.I)
            word = (own or label_word).group(0).lower()
            kind = "adopt" if word.startswith("adopt") else "guardian" if word.startswith("guardian") else "perm"
            considered.append(s)
            said_kinds = {kind: {NEGATED if head.group("no") or head.group("n") else AFFIRMED}}
            short = _answer_of(said_kinds)
            if short:
                answers.append((short, s))
                kinds_of[id(s)] = said_kinds  # "adoption: No" beside "legal guardianship: Yes" is guardian-only
            continue
        own_words = bool(quoted_by and _FIRST_PERSON.search(s.text))  # a speaker's quoted words on themselves
        if not perm or _PASSING.search(s.full) or not (labelled or own_words or _STANCE.search(s.text)):
            continue
        if _PLAN_CUE.search(s.full) and not re.search(r"\b(willing|agreed|said|told|committed)\b", s.full, re.I):
            continue  # "the concurrent plan is guardianship with ..." is the agency's plan, not the caregiver's answer
        considered.append(s)
        if _NOT_ASKED.search(s.full):
            answers.append(("not_asked", s))
            continue
        kinds: dict[str, set[str]] = {}
        for m in perm:
            word = m.group(0).lower()
            kind = "adopt" if word.startswith("adopt") else "guardian" if word.startswith("guardian") else "perm"
            kinds.setdefault(kind, set()).add(_affirmed(s, m))
        if re.search(r"\b(intent to adopt|forever family)\b", s.full, re.I):
            kinds.setdefault("adopt", set()).add(AFFIRMED)
        answer = _answer_of(kinds)
        if answer:
            answers.append((answer, s))
            kinds_of[id(s)] = kinds
    answers += _answers_to_asking(said, cg_names, cg_rel, child_names, child, considered)
    answers = _one_answer_per_paragraph(answers, kinds_of)
    if any(a == "yes_guardianship" for a, _ in answers):
        # "does not seek to adopt" declines adoption only: beside a yes to guardianship, the answer is that yes
        def adoption_only(s: Statement) -> bool:
            kinds = kinds_of.get(id(s), {})
            return set(kinds) <= {"adopt", "perm"} and NEGATED in kinds.get("adopt", set()) \
                and NEGATED not in kinds.get("perm", set())
        answers = [(a, s) for a, s in answers if not (a == "no" and adoption_only(s))]
    # an answer the report marks as the first of several ("When first asked ... they were unsure", "initially")
    # gives way to the answer given since
    current = [(a, s) for a, s in answers if not _FIRST_ANSWER.search(s.full)]
    if current and len(current) < len(answers):
        answers = current
    order = ("no", "unsure", "yes_care", "yes_guardianship", "yes_adopt", "yes_unspecified", "not_asked")
    for want in order:
        for answer, s in answers:
            if answer == want:
                return answer, s, considered
    return None, None, considered


#: The worker's question to the caregiver on permanence ("I asked Mrs. Pangilinan whether she would become Jomar's
#: legal guardian or adopt him ...").
_ASKED_WHETHER = _rx(r"\b(asked|ask)\b[^;]{0,100}?\b(whether|if)\b")
#: A reply that neither says yes nor no: the question is still open for the one asked.
_OPEN_REPLY = _rx(r"\b(i|we) (do not|don't|did not|didn't) know( yet)?\b|\bnot sure\b|\bundecided\b|\bneed (more )?time\b"
                  r"|\bthink (about|it over)\b|\bask (me|us) again\b|\b(can't|cannot|could not) say\b|\bnot (yet )?ready\b")


def _answers_to_asking(said: list[Statement], cg_names: set[str], cg_rel: set[str], child_names: set[str],
                       child: str, considered: list[Statement]) -> list[tuple[str, Statement]]:
    """A caregiver asked on permanence who answers in the sentences that follow without naming it again ("I asked
    Mrs. Pangilinan whether she would become Jomar's guardian ... [Translation: I don't know yet. Ask me again
    after Christmas.]"): an open reply is "unsure". Only open replies are read so: a yes or a no names what it
    answers and is read where it is said."""
    out: list[tuple[str, Statement]] = []
    for k, s in enumerate(said):
        if not (_ASKED_WHETHER.search(s.full) and _PERM.search(s.full)):
            continue
        asked = [who for _, who in _named(s.full, cg_names, cg_rel, child_names)]
        if "caregiver" not in asked or (child and _only_another_child(s.text, child, child_names)):
            continue
        # the reply may come under a speaker's line, first in the words spoken and then in translation
        for reply in said[k + 1:k + 10]:
            if reply.index > s.index + 3 or reply.section != s.section or _ASKED_WHETHER.search(reply.full):
                break
            if _OPEN_REPLY.search(reply.text) and _FIRST_PERSON.search(reply.text):
                considered.append(reply)
                out.append(("unsure", reply))
                break
    return out


#: An answer told as the first of several, given way to by a later one.
_FIRST_ANSWER = _rx(r"\b(when first asked|first asked|at first|initially|originally|at the outset|previously|earlier"
                    r"|at the detention hearing)\b")


@lru_cache(maxsize=256)
def _child_as_object(child: str) -> re.Pattern[str]:
    """The child named as the one adopted or given a guardian ("adopt Tully", "Tully's guardian")."""
    name = re.escape(child) if child else r"(?!)"
    return _rx(rf"\b(adopt\w*|guardians?( of| for)?|permanent home for|raise)\s+{name}\b|\b{name}['’]s (legal )?guardians?\b")


#: The first person, singular or plural, of someone's own words.
_FIRST_PERSON = _rx(r"\b(I|I['’](m|ll|d|ve)|me|my|we|we['’](re|ll|d|ve)|us|our)\b")


def _speaks(s: Statement, at: int, quoted_by: str, cg_names: set[str], cg_rel: set[str], child_names: set[str],
            previous: str) -> str:
    """Whose words are at ``s.text[at]``: :func:`_holder`, except that in a block quote introduced by a
    speaker's line, the first person ("We love him, but we're foster parents") is the speaker, not the
    writer's own "we"."""
    who = _holder(s, cg_names, cg_rel, child_names, previous, at)
    if quoted_by and who in ("agency", "") and _FIRST_PERSON.search(s.text[:max(at, 0)] or s.text):
        return quoted_by
    return who


def _only_another_child(text: str, child: str, child_names: set[str]) -> bool:
    """Whether a sentence names another child of the report and neither this child nor the children
    together: in a report on several children, it speaks of that child."""
    others = [n for n in child_names if n != child]
    if not others or re.search(rf"\b{re.escape(child)}\b", text):
        return False
    # "both" alone is as often the two caregivers ("both said they are ready to adopt Liv") as the children
    if re.search(r"\b(both (children|minors|siblings|kids|girls|boys|of them)|all (two|three|four|five|of them)"
                 r"|the (children|minors|siblings)|each child|them)\b", text, re.I):
        return False
    return any(re.search(rf"\b{re.escape(n)}\b", text) for n in others)


def _asserts_from(s: Statement) -> int:
    """Where a statement's own assertion starts in ``s.full``: after its label when the label is a question
    ("What has been done to find another home?: Nothing yet." asserts no search)."""
    return len(s.label) + 2 if s.label.endswith("?") else 0


#: A step promised only for after reunification has failed ("will be referred ... if services are terminated").
_AFTER_FAILURE = _rx(r"\b(if|once|when|after|should|in the event( that)?|until)\b[^.;]{0,60}?\b(terminat\w*|fails?|failed"
                     r"|(does|do|did|can)( not|n't) reunify|unable to reunify|cannot reunify|unsuccessful"
                     r"|(is|are) not (successful|achieved)|permanency hearing|366\.26 hearing)\b")


def _only_after_failure(text: str, m: re.Match[str]) -> bool:
    """Whether the step at ``m`` is said to start only after reunification fails: a search promised for then is
    no search now, which is what the plan is asked to show."""
    if re.search(r"\b(to be|yet to be|will be)\s+$", text[max(0, m.start() - 15):m.start()], re.I):
        return True  # "Prospective family: to be recruited": a search still to come is no search yet
    future = re.compile(r"\b(will|would|is to|are to|shall)\b", re.I)
    # the condition before the step, in the same sentence ("If reunification fails, the Department will search
    # for relatives and refer Ana for family finding")
    before = text[:m.start()].split(".")[-1]
    cond = _AFTER_FAILURE.search(before)
    if cond is not None and future.search(before[cond.end():] + text[m.start():m.end()]):
        return True
    # or after it ("will be referred ... if services are terminated")
    return bool(future.search(text[:m.end()].split(".")[-1][-90:]) and _AFTER_FAILURE.search(text[m.end():].split(".")[0]))


def read_child(child: Child, said: list[Statement], everyone: list[Child],
               whole: list[Statement] | None = None) -> ChildReading:
    """The case-model values one child's reading places. ``whole``, when ``said`` is only part of the report
    (an addendum), is the whole report: the caregiver is the one it names where the part names none."""
    r = ChildReading(child)
    with_rows = [s for s in said if _for(child, s)]
    # a table row's cells speak one by one; the joined row is read only for how the siblings live
    mine = [s for s in with_rows if not s.row and not (s.label and (_EMPTY.match(s.text) or _ELSEWHERE.match(s.text)))]
    r.said = with_rows
    child_names = {c.name for c in everyone}
    # recommendation: removal unless family maintenance is what the report recommends
    fm = next((s for s in mine if _FM.search(s.full) and "recommendation" in s.topics
               or re.search(r"no concurrent plan is required|family maintenance services? (be|are) (ordered|provided)", s.full, re.I)),
              None)
    r.put("recommended.disposition_option", "dependency_home" if fm else "remove_placement_fr", fm)

    goal: str | None = None
    goal_said: Statement | None = None
    undecided: list[Statement] = []
    # where a goal may be stated: a sentence naming the plan, one conditioned on reunification failing, or
    # the agency's words in the plan's own section; the child's own statements first, then the plan's words
    def rank(s: Statement) -> tuple[bool, int]:
        return (not s.children, 0 if _PLAN_CUE.search(s.full) else 1 if _CONDITION.search(s.full) else 2)

    others = [c.name for c in everyone if c is not child]
    cg_names, cg_rel = _caregiver_terms(mine, child.name, others)
    if whole is not None and not (cg_names or cg_rel):
        cg_names, cg_rel = _caregiver_terms([s for s in whole if _for(child, s) and not s.row], child.name, others)
    r.caregiver = {*cg_names, *cg_rel}

    def someones_own(s: Statement) -> bool:
        """A sentence in the plan's section that holds a person's own position ("Mr. Penn would accept legal
        guardianship", "has signed a Statement of Intent to Adopt") is their answer, not the agency's plan."""
        m = next((m for _, rx in _GOALS if (m := rx.search(s.text))), None)
        return m is not None and _holder(s, cg_names, cg_rel, child_names, "", m.start()) in (
            "caregiver", "other", "child", "parent")

    # a heading that states the plan ("Plan B — Legal guardianship with the paternal grandfather") is the
    # plan's own statement, read before the words under it (where the family may speak for itself)
    headings = {s.section: s for s in mine if s.section and _PLAN_CUE.search(s.section)
                and any(rx.search(s.section) for _, rx in _GOALS) and not _PRIMARY.search(s.section)}
    stated = [Statement(text=h, label="", section=h, topics=frozenset({"concurrent_plan"}), page=s.page,
                        index=s.index, children=s.children) for h, s in headings.items()]
    specific = stated + sorted((s for s in mine if _PLAN_CUE.search(s.full) or (
        (_CONDITION.search(s.full) or "concurrent_plan" in s.topics)
        and (not _SPEECH.search(s.full) or _AGENCY_PLANS.search(s.full)) and not someones_own(s))), key=rank)
    for s in specific:
        # under a "Primary plan" label only a sentence that opens with the concurrent plan's own cue is the plan
        # ("Primary plan: return to the mother. Concurrent plan: APPLA ...")
        if _PASSING.search(s.full) or (_PRIMARY.search(s.label) and not _PLAN_CUE.match(s.text)) \
                or _REPORTED.search(s.full) or _quoted_words(s.text):
            continue
        if _UNDECIDED.search(s.full):
            undecided.append(s)
            continue
        # the condition of failure is no part of the plan's assertion ("If the mother is not able to reunify, ...")
        text = _IF_FAILS.sub(lambda c: " " * len(c.group(0)), _CONDITION.sub(" ", s.full))
        cue = _PLAN_CUE.search(text)
        # the goal the cue introduces, up to the clause's end ("Concurrent goal: APPLA; What the caregiver said: ...")
        clause = text[cue.start():].split(";")[0] if cue else text
        for scope in dict.fromkeys((clause, text)):
            for g, rx in _GOALS:
                m = rx.search(scope)
                if m and status(scope, m.start(), m.end()) == AFFIRMED:
                    goal, goal_said = g, s
                    break
            if goal:
                break
        if goal:
            break
    r.considered["concurrent_plan.goal"] = [goal_said] if goal_said else undecided
    if goal is None:
        # what the reading looked at and set aside: an undecided plan, or a goal named only in passing
        passing = [s for s in mine if any(rx.search(s.full) for _, rx in _GOALS)
                   and (_PASSING.search(s.full) or _REPORTED.search(s.full))]
        if undecided:
            r.why["concurrent_plan.goal"] = "the report says the plan is still to be decided"
            r.empty.add("concurrent_plan.goal")
        elif passing:
            r.considered["concurrent_plan.goal"] = passing
            r.why["concurrent_plan.goal"] = ("a permanency goal is mentioned only in passing (an advisement, or what "
                                             "someone was told), not as the plan")
    if goal:
        r.put("concurrent_plan.goal", goal, goal_said)

    # the prospective family: named in the goal statement or in a labelled cell
    family: str | None = None
    family_said: Statement | None = None
    if goal_said is not None:
        said_text = goal_said.text if goal_said.label else goal_said.full
        m = _NAMED.search(said_text) or _FAMILY_NAME.search(said_text)
        if m:
            family, family_said = m.group(1), goal_said

    if family is None:
        for s in mine:
            if s.label and _FAMILY_LABEL.search(s.label) and not re.match(r"\s*(none|n/a|tbd|not)\b", s.text, re.I):
                family, family_said = s.text, s
                break
            # "The prospective legal guardian is Harpreet and Jaspreet Sidhu (maternal uncle and his wife)"
            m = _FAMILY_IS.search(s.text)
            if m and not re.match(r"\s*(none|n/a|tbd|not|to be|unknown|yet)\b", m.group(1), re.I) \
                    and status(s.text, m.start(1), m.end(1)) == AFFIRMED:
                family, family_said = m.group(1), s
                break
    if any(re.search(r"identif|prospective|proposed", s.full, re.I) and _NO_FAMILY.search(s.full) for s in mine):
        r.empty.add("concurrent_plan.prospective_family")
    current: bool | None = None
    if family is not None:
        current = bool(re.search(r"\bcurrent (caregivers?|resource|foster)", family_said.full if family_said
                                              else "", re.I)) \
            or any(n in family for n in cg_names) or any(rel in family.lower() for rel in cg_rel)
        if goal == "appla":
            current = None  # APPLA names a living arrangement, which rests on nobody's adopting or guardianship
        r.put("concurrent_plan.prospective_family", {"name": family, "is_current_caregiver": current}, family_said)
    search = next((s for s in mine if (m := _SEARCH.search(s.full, _asserts_from(s))) and not _PASSING.search(s.full)
                   and _affirmed(s, m) == AFFIRMED and not _only_after_failure(s.full, m)), None)
    if search is None:
        # a table of the relatives or families contacted under a search's own heading ("Family finding") is the search
        search = next((s for s in mine if s.subject and (_SEARCH.search(s.section) or re.search(
            r"\brelatives? (search|contacted|notified|notification|assessed)\b", s.section, re.I))), None)
    if search:
        r.put("concurrent_plan.family_search_steps", search.full, search)

    context = [s for s in said if not s.row and not (s.label and (_EMPTY.match(s.text) or _ELSEWHERE.match(s.text)))]
    answer, answer_said, considered = _willingness(mine, cg_names, cg_rel, child_names, context, child.name) if not fm \
        else (None, None, [])
    r.considered["placement.caregiver_permanency_willingness"] = considered
    if answer is None and any(_OPEN_QUESTION.search(s.full) for s in considered):
        r.empty.add("placement.caregiver_permanency_willingness")  # "it is unclear whether she would adopt"
    elif answer is None:  # passages on the caregiver and permanence that gave no answer the reading knows
        r.unplaced["placement.caregiver_permanency_willingness"] = considered
    if answer == "not_asked":
        # never asked is no answer: the rules see silence (CP106), and the report said so outright
        r.empty.add("placement.caregiver_permanency_willingness")
    elif answer == "yes_care":
        # lasting care without adoption or guardianship: the case model has no such answer. It carries a plan of
        # placement with a fit and willing relative (as a yes would); under APPLA it is the long-term home the
        # plan rests on (CP108's other home is found); under adoption or guardianship it declines the plan.
        if goal == "fit_willing_relative":
            r.put("placement.caregiver_permanency_willingness", "yes_guardianship", answer_said)
        else:
            r.put("placement.caregiver_permanency_willingness", "no", answer_said)
            if goal == "appla" and answer_said is not None:
                r.put("concurrent_plan.alternative_home_efforts", answer_said.full, answer_said)
    elif answer and answer != "yes_unspecified":
        r.put("placement.caregiver_permanency_willingness", answer, answer_said)
    elif answer == "yes_unspecified":
        r.put("placement.caregiver_permanency_willingness",
              "yes_guardianship" if goal == "legal_guardianship" else "yes_adopt", answer_said)
    # a child living in a treatment facility or a group home has no caregiver who could become permanent:
    # the place itself answers both halves of the caregiver question (CP108 then asks for the other home)
    facility = None if fm else _facility(mine, child.name, [c.name for c in everyone if c is not child])
    if facility is not None:
        if "placement.caregiver_permanency_willingness" not in r.values:
            r.put("placement.caregiver_permanency_willingness", "no", facility)
        r.put("placement.caregiver_permanency_suitability", facility.full, facility)
    # suitability is a state of the home: an approval granted years ago still holds (historical counts)
    def home_cell(s: Statement) -> bool:
        """A cell of the child's own row (or the caregiver's) under a column on the home's approval ("Home
        approved? | Yes", "RFA status | Approved 4/2/2024"), whatever section its table sits in; not a no."""
        return bool(s.subject and _SUITABLE.search(s.label) and not _NO_CELL.match(s.text)
                    and _row_holder(s.subject, cg_names, cg_rel, child_names) in ("", "caregiver"))

    suitable = None if facility else next((s for s in mine if ("placement" in s.topics or re.search(r"suitab|caregiver", s.label, re.I)
                                         or _names_caregiver(s.full, cg_names, cg_rel) or home_cell(s))
                     and (m := _SUITABLE.search(s.full)) and _affirmed(s, m) in (AFFIRMED, HISTORICAL)
                     and not _NOT_ASKED.search(s.full) and not (_SUITABLE.search(s.label) and _NO_CELL.match(s.text))),
                                          None)
    if suitable:
        r.put("placement.caregiver_permanency_suitability", suitable.full, suitable)

    efforts = next((s for s in mine if (m := _EFFORTS.search(s.full, _asserts_from(s))) and not _PASSING.search(s.full)
                    and _affirmed(s, m) == AFFIRMED and not _only_after_failure(s.full, m)), None)
    if efforts:
        r.put("concurrent_plan.alternative_home_efforts", efforts.full, efforts)
    elif family is not None and family_said is not None and current is False and goal != "appla":
        # a plan naming another family than the current caregiver has found the other home CP108 asks for
        r.put("concurrent_plan.alternative_home_efforts", family_said.full, family_said)
    elif (other := _other_family_willing(mine, cg_names, cg_rel, child_names, child.name)) is not None:
        # so has another family's own yes ("her cousins, the Ortegas, are willing to adopt her")
        r.put("concurrent_plan.alternative_home_efforts", other.full, other)

    plan_paragraphs = {s.index for s in mine if _PLAN_CUE.search(s.full)}  # a numbered paragraph on the plan
    # a section whose heading the layout table does not know ("If Odessa cannot go home") is the plan's own
    # when a paragraph of it states the plan: what follows in it argues the plan
    plan_sections = {s.section for s in mine if s.section and _PLAN_CUE.search(s.full) and not _PASSING.search(s.full)
                     and not s.topics - {"concurrent_plan", "assessment", "recommendation"}}
    # and a section whose table gives the plan a column of its own ("Case plan summary": "Concurrent plan")
    tabled = {s.section for s in mine if s.section and s.subject and _PLAN_CUE.search(s.label)}
    plan_pool = [s for s in mine if "concurrent_plan" in s.topics or "assessment" in s.topics or s.index in plan_paragraphs
                 or (s.section in plan_sections and not s.topics) or s.section in tabled
                 or _PLAN_CUE.search(s.full) or re.search(r"\b(needs?|realistic|plan|goal|rationale|achiev\w*|viab\w*"
                                                          r"|feasib\w*|justification)\b", s.label, re.I)
                 or child.name in s.children]  # a child's own section in a report on several children
    if any(s.label and _ELSEWHERE.match(s.text) and re.search(r"\b(needs?|realis\w*|why|plan|goal)\b", s.label, re.I)
           for s in with_rows):
        # a plan's cell that says "See narrative": the narrative, wherever it sits, is where the plan is argued
        plan_pool += [s for s in mine if s not in plan_pool]
    for path, rx in (("why_realistic", _REALISM), ("short_term_needs", _SHORT), ("long_term_needs", _LONG)):
        # under a label that asks about the child's needs, a word of time says which needs ("Now: ...; Later: ...")
        loose = _NEEDS_NOW if path == "short_term_needs" else _NEEDS_LATER if path == "long_term_needs" else None
        hit = next((s for s in plan_pool if ((m := rx.search(s.full)) and _affirmed(s, m) == AFFIRMED
                                             or path == "why_realistic" and _REALISM_LABEL.search(s.label)
                                             or loose is not None and (_NEEDS_LABEL.search(s.label)
                                                                       or _NEEDS_VERB.search(s.text))
                                             and (m := loose.search(s.full, len(s.label) + 2 if s.label else 0))
                                             and _affirmed(s, m) == AFFIRMED)
                    and not re.match(r"\s*(to be|tbd|n/a|none|not)\b", s.text, re.I) and not _DEFERRED.match(s.text)), None)
        if hit:
            r.put(f"concurrent_plan.{path}", hit.full, hit)
            continue
        said_empty = next((s for s in plan_pool if re.search(r"\b(realis|needs?)\b", s.label, re.I)
                           and (re.match(r"\s*(to be|tbd|n/a|none|not)\b", s.text, re.I) or _DEFERRED.match(s.text))), None)
        if said_empty is not None:  # "Why realistic: to be determined" says it outright
            r.empty.add(f"concurrent_plan.{path}")


    if goal == "legal_guardianship":
        # why guardianship rather than adoption: the child's own refusal of adoption, or what guardianship keeps
        why = next((s for s in plan_pool + mine if _GUARDIANSHIP_REASON.search(s.full)), None)
        if why is not None:
            r.put("concurrent_plan.goal_reason", why.full, why)
    # "Joaquín's plan is also guardianship with his aunt, for the same reasons": the reasons given for
    # another child of the report are this child's too
    same = next((s for s in plan_pool if _SAME_REASONS.search(s.full)), None)
    if same is not None and "concurrent_plan.why_realistic" not in r.values:
        other = next((s for s in said if s.children and child.name not in s.children and not s.row
                      and (m := _REALISM.search(s.full)) and _affirmed(s, m) == AFFIRMED), None)
        if other is not None:
            r.put("concurrent_plan.why_realistic", other.full, other)

    own = {id(s) for s in with_rows}
    _read_siblings(r, [s for s in said if id(s) in own or _shared_sibling_fact(s, child.name)], cg_names, cg_rel,
                   everyone, said)
    return r


#: A report's own words that a question is still open: an answer that is not there, said outright.
_OPEN_QUESTION = _rx(r"\b(unclear|unknown|undecided|uncertain|not (yet )?(known|clear|decided|determined|established))\b")


#: A place of care that is not a family and so can never be a permanent home.
_FACILITY = _rx(r"\b(strtp|short[- ]term residential( therapeutic)?( program| treatment)?|group home|residential treatment"
                r"( (center|facility|program))?|psychiatric (hospital|facility)|children's shelter|shelter care)\b")
#: Present placement: "is at", "is placed in", "resides at", "remains in", "was admitted to ... where he remains".
_NOW_AT = _rx(r"\b(is|are|remains?|resides?|lives?|has been|is currently|currently)( \w+)?( placed)? (at|in)\b"
              r"|\b(is|are) (now )?placed\b")
_CURRENT_PLACE_LABEL = _rx(r"\b(current (placement|caregiver)|placement|caregiver|home|lives)\b")


def _facility(said: list[Statement], child: str, others: list[str]) -> Statement | None:
    """The statement that this child now lives in a facility (an STRTP, a group home, residential
    treatment): a placement cell naming one, or a clause in the present tense whose subject is this child
    (in a report on several children, a clause naming another child is that child's)."""
    for s in said:
        if s.label and _CURRENT_PLACE_LABEL.search(s.label) and not re.search(r"\b(history|previous|prior)\b", s.label,
                                                                                 re.I):
            if _FACILITY.search(s.text) and not (others and not s.children and not re.search(rf"\b{re.escape(child)}\b",
                                                                                             s.text)):
                return s
            continue
        for clause in re.split(r";|\bwhile\b|\bwhereas\b|, and\b|\band (?=[A-Z])", s.text):
            m = _FACILITY.search(clause)
            if not m or not _NOW_AT.search(clause[:m.start()]) or _affirmed_text(clause, m) != AFFIRMED:
                continue
            named = [n for n in [child, *others] if re.search(rf"\b{re.escape(n)}\b", clause[:m.start()])]
            if child in named or (not named and not others and "placement" in s.topics):
                return s
    return None


def _other_family_willing(said: list[Statement], cg_names: set[str], cg_rel: set[str], child_names: set[str],
                          child: str = "") -> Statement | None:
    """A statement of another family's own affirmed yes to adopting or becoming guardian of this child (in a
    report on several children, a yes that names another child is that child's: "guardianship of Leo")."""
    for s in said:
        head = _SHORT_ANSWER.match(s.text) if s.subject and s.label else None
        if head is not None and not (head.group("no") or head.group("n") or head.group("unsure")) \
                and re.search(r"\b(adopt\w*|guardian\w*|permanen\w*|placement)\b", s.label, re.I) \
                and _row_holder(s.subject, cg_names, cg_rel, child_names) == "other":
            return s  # "Relative: Maria Lopez | ... | Willing to adopt?: Yes" in a family-finding table
        if not _STANCE.search(s.text) or _PASSING.search(s.full):
            continue
        for m in _PERM.finditer(s.text):
            if m.group(0).lower().startswith(("adopt", "guardian")) and _affirmed_text(s.text, m) == AFFIRMED \
                    and _holder(s, cg_names, cg_rel, child_names, "", m.start()) == "other" \
                    and not _for_another(s.text, m, child, child_names):
                return s
    return None


def _affirmed_text(text: str, m: re.Match[str]) -> str:
    blank = _IF_FAILS.sub(lambda c: " " * len(c.group(0)), text)
    blank = _IF_CLAUSE.sub(lambda c: " " * len(c.group(0)) if c.end() <= m.start() else c.group(0), blank)
    # a reason opening the sentence is its own clause: "Because the Ritters cannot be a permanent home, the
    # family-finding unit ran a search" does not deny the search
    blank = _BECAUSE_CLAUSE.sub(lambda c: " " * len(c.group(0)) if c.end() <= m.start() else c.group(0), blank)
    return status(blank, m.start(), m.end())


#: A reason or concession opening a sentence, up to its comma ("Because the Ritters cannot be a permanent home,").
_BECAUSE_CLAUSE = _rx(r"^\s*(because|since|as|although|though|while|given that)\b[^,;.:]{1,100},")
#: A condition before its main clause, set off by a comma or ending where the main clause's subject and verb
#: begin ("If the aunt cannot, ...", "if Leo does not want adoption they will become his guardians").
_IF_CLAUSE = _rx(r"\b(if|unless|should|si)\b[^,;.:]{1,80}?(,|(?= (he|she|they|we|I) (will|would|can|could|shall)\b))")


def _shared_sibling_fact(s: Statement, child: str) -> bool:
    """A statement of another child's reading that is also about this one: how the children live, and
    why, said in the siblings section or naming this child ("Marcus is at Oak Grove ... and Kayla lives
    with ..." is Kayla's fact too)."""
    return "siblings" in s.topics or bool(re.search(rf"\b{re.escape(child)}\b", s.full))


#: Living or placement: "apart" and "separately" speak of siblings' homes only beside such a word.
_HOME_WORD = _rx(r"\b(live[sd]?|living|placed|placements?|homes?|households?|resides?|reside|custody|care|foster|strtp"
                 r"|residential|group home|county)\b")
#: A sibling the court's sibling duties do not reach (WIC §358.1(d)(1)(C) concerns dependents).
_NOT_DEPENDENT = _rx(r"\b(not (under|within) (this|the) (court's |juvenile court's )?jurisdiction|not (a )?dependents?"
                     r"|(neither|none)( of them)? (is|are) (a )?dependents?|(are|were) (both |all )?(adults|grown)"
                     r"|is an adult|adult (half-?)?(brother|sister|sibling)|(was|were) adopted|adoption was final(ized)?"
                     r"|in the (sole |legal )?custody of (his|her|their) (mother|father)|lives with (his|her|their) (father|mother)"
                     r" who is not|under a family (law |court )?(custody )?order|family (law |court )?custody order"
                     r"|lives on (his|her|their) own|never (been )?in (either|the|his|her|their) parents?['’]? care"
                     r"|(brother|sister|sibling)s?,? [A-ZÀ-ÖØ-Þ][\w'’-]+(?: [A-ZÀ-ÖØ-Þ][\w'’-]+)?,? (1[89]|[2-9]\d)\b"
                     r"|(brother|sister|sibling)s?,? (age |aged )?(1[89]|[2-9]\d)\b)")
#: Siblings' time together.
_VISIT = _rx(r"\b(visit\w*|see (each other|one another)|contact|calls?|text|spend[^.;]{0,30}together"
             r"|(has|have|had|share[sd]?|eats?) (dinner|lunch|breakfast|meals?)|takes? (him|her|them) out)\b")
#: Why placing them together would not be right answers the efforts question (SB204) by itself.
_TOGETHER_INAPPROPRIATE = _rx(r"\b(together|one home|same home|mov(e|ing) (him|her|them|\w+)|plac(e|ing) (him|her|them|\w+) with)\b[^.;]{0,60}?"
                              r"\b(not (be )?(appropriate|in [\w' ]{0,20}best interests?|advisable)|inappropriate|detrimental"
                              r"|would (harm|disrupt|uproot|destabili[sz]e))")
_NO_SIBLINGS = _rx(r"\b(has no (siblings|brothers|sisters|brothers or sisters)|no siblings|only child|no known siblings"
                   r"|no (other )?(siblings|children) (are|is) known|siblings?: (none|no|n/a)\b)")


def _read_siblings(r: ChildReading, mine: list[Statement], cg_names: set[str], cg_rel: set[str],
                   everyone: list[Child], said_all: list[Statement] | None = None) -> None:
    """The sibling facts: whether there are any, and for one living elsewhere the reason, the efforts to
    place them together (or why that would not be right) and the visits. In a report covering several
    children the children are siblings of each other."""
    child = r.child.name
    said_all = said_all if said_all is not None else mine
    others = [c.name for c in everyone if c.name != child]
    about = [s for s in mine if "siblings" in s.topics or _SIBLING_WORD.search(s.label)]
    if not about:
        who = "|".join([re.escape(child), "the child", *(re.escape(o) for o in others)] +
                       (["the children", "both children", "all (two|three|four) children"] if others else []))
        about = [s for s in mine if (_SIBLING_WORD.search(s.full) or others) and re.search(rf"\b({who})\b", s.full, re.I)
                 and (_SIBLING_WORD.search(s.full) or _TOGETHER.search(s.full) or _APART.search(s.full))]
    # the siblings' names, then what the report says of them anywhere ("while Gael is with resource parents")
    # given names only ("two sisters, Grace (12) and Ruth"): a surname is the parents' too
    names = {n for s in about for m in re.finditer(r"\b(?:half-?)?(?:brothers?|sisters?|siblings?)\b", s.full)
             for n in re.findall(rf"^[^A-ZÀ-ÖØ-Þ.;]{{0,12}}({_CAP_WORD})|\band ({_CAP_WORD})", s.full[m.end():m.end() + 50])
             for n in n if n} - {child, *_STOP_NAMES, "He", "She", "They", "His", "Her", "Their", "Age"}
    # in the siblings section, a sentence that opens on a name and an age introduces a sibling ("Lily, age 11, ...")
    names |= {m.group(1) for s in about if "siblings" in s.topics
              and (m := re.match(rf"({_CAP_WORD})(?: {_CAP_WORD})?,? (?:\(?(?:age|aged) \d|\(\d|\d{{1,2}},)", s.text))
              and m.group(1) not in {child, *_STOP_NAMES, *others}}
    # the siblings named anywhere; another child of the report only where the report tells where children live
    about += [s for s in mine if s not in about and any(re.search(rf"\b{n}\b", s.full) for n in names | (
        set(others) if s.later or s.topics & {"placement", "siblings"} else set()))
        and (_LIVES.search(s.full) or _APART.search(s.full) or _TOGETHER.search(s.full) or _VISIT.search(s.full))]
    about.sort(key=lambda s: (s.index, mine.index(s)))
    r.sibling_said = about
    if not about:
        if others:  # siblings of each other, though the report never says how they live
            r.put("has_siblings", True, None)
        else:  # what the report says of brothers and sisters anywhere, for a point to verify
            who = rf"\b({re.escape(child)}|the child|the minor)\b"
            r.unplaced["has_siblings"] = [s for s in said_all if _SIBLING_WORD.search(s.label) or (
                _SIBLING_WORD.search(s.full) and re.search(who, s.full, re.I))]
        return
    r.put("has_siblings", True, about[0])
    joined = " ".join(s.full for s in about)
    kin = re.compile(rf"\b({'|'.join(re.escape(n) for n in [*names, *others])})\b" if names or others else r"(?!)")

    def of_siblings(s: Statement) -> bool:
        """A statement about a sibling (a siblings section also holds text about parents when a heading is lost)."""
        word = _SIBLING_WORD.search(s.full)
        if word is not None and _affirmed(s, word) == NEGATED:
            return False  # "a cousin, not a sibling of Ana, lives with her parents"
        return bool(word or kin.search(s.full)
                    or ("siblings" in s.topics and (re.search(rf"\b{re.escape(child)}\b", s.full) or s.row
                                                    or _PRONOUN_FIRST.match(s.text)))
                    or re.search(r"\b(the children|the minors|both children|the two)\b", s.full, re.I))

    if not others and _NO_SIBLINGS.search(joined) and not any(_LIVES.search(s.full) and of_siblings(s) for s in about):
        r.put("has_siblings", False, about[0])
        return
    separations = [s for s in about if of_siblings(s) and _lives_apart(s, child, cg_names, cg_rel)]
    if not separations:
        r.siblings.append({"name": "sibling", "placed_together": True})
        return
    apart = separations[0]
    # reasons and efforts are often told next to the separation, in the same paragraph
    # the separation's own sentence first, then its paragraph, then what else is said of the siblings
    rest = [apart] + [s for s in mine if s.index == apart.index and s is not apart] + \
        [s for s in about if s is not apart and s.index != apart.index]
    # then the rest of the section that tells of the separation, where it names a child of the report
    rest += [s for s in mine if s not in rest and s.section and s.section == apart.section and s.later == apart.later
             and (kin.search(s.full) or re.search(rf"\b{re.escape(child)}\b", s.full))]
    sibling, said = _sibling_record(rest, [s for s in about if _VISIT.search(s.full)], joined)
    # several siblings named as living apart: each is a record of its own, read from what names that sibling,
    # the child, or no sibling at all ("Dorian is in treatment, so placing him with his brother and sister is
    # not appropriate" explains Dorian's separation, not his brother's from his sister)
    named = _apart_siblings(separations, child, sorted({*names, *others}), about)
    if len(named) >= 2:
        def speaks_of(s: Statement, n: str) -> bool:
            mentioned = {o for o in {*names, *others} if re.search(rf"\b{re.escape(o)}\b", s.full)}
            return n in mentioned or bool(re.search(rf"\b{re.escape(child)}\b", s.full)) or not mentioned
        records = [_sibling_record([s for s in rest if speaks_of(s, n)],
                                   [s for s in about if _VISIT.search(s.full) and speaks_of(s, n)],
                                   " ".join(s.full for s in about if re.search(rf"\b{re.escape(n)}\b", s.full)),
                                   name=n) for n in named]
        sibling, said = records[0]
        r.siblings.extend(record for record, _ in records)
    else:
        r.siblings.append(sibling)
    r.put("siblings.apart", apart.full, apart)
    for path, found in said.items():
        if found is not None:
            r.put(f"siblings[0].{path}", found.full, found)
    # in a siblings table, each other row of a sibling living apart is that sibling's own record: its visits
    # are its row's ("Ava | 6 | Fresno | No | Weekly phone calls" says nothing of supervision)
    if apart.row and len(named) < 2:
        for row in [s for s in about if s.row and s is not apart and (m := _APART.search(s.full))
                    and _affirmed(s, m) == AFFIRMED]:
            row_freq, row_sup = _FREQ.search(row.full), _SUPERVISED.search(row.full)
            r.siblings.append({**sibling, "visits": {
                "frequency": row.full if row_freq else None,
                "supervised": (not re.search(r"\bunsupervised|without supervision|on their own\b", row.full, re.I))
                if row_sup else None,
                "supervision_reason": row.full if row_sup else None}})


def _lives_apart(s: Statement, child: str, cg_names: set[str], cg_rel: set[str]) -> bool:
    """Whether a statement about the siblings says one of them lives elsewhere than the child: in so many words
    ("placed apart", "Together?: No", "in a group home"), or by naming another home for someone who is not the
    child ("Leo resides with ..., and Ana lives with ...")."""
    m = _APART.search(s.full)
    if m and _affirmed(s, m) == AFFIRMED and _HOME_WORD.search(s.full) \
            and not _TOGETHER.search(s.full[m.end():m.start() + 60]):
        return True
    clauses = [c for c in re.split(r";|\bwhile\b|\bwhereas\b|, but\b", s.text) if _LIVES.search(c)]
    if _TOGETHER.search(s.text) and len(clauses) < 2:
        return False  # "Vasilisa and Arseniy live together ...; Timofey lives with ..." is read clause by clause
    start = 0
    # each clause saying where someone lives: the subject is the words since the clause before
    for lives in _LIVES.finditer(s.text):
        subject = s.text[start:lives.start()]
        start = lives.end()
        # the home named, up to the clause's end ("with an aunt in Merced because the Boatengs ...")
        obj = re.split(r"\b(?:because|since|as|while|whereas|so)\b|[;.]|, (?:and|but)\b", s.text[lives.end():lives.end() + 80])[0]
        if len(obj.split()) < 2:
            continue  # "Lives with" ending a table row read without its cells names no home
        ours = any(n in obj for n in cg_names) or any(rel in obj.lower() for rel in cg_rel) \
            or re.search(rf"\b({re.escape(child)}|the child)\b|\b(her|him)\b(?=\s*(?:[,.;]|$|(?:in|at|and|while|since)\b))",
                         obj[:25])  # "with her" is the child's home, "with her father" is not
        if not ours and not re.search(rf"\b{child}\b(?!['’]s)", subject) \
                and not re.search(r"\b(parent|mother|father)'?s? custody|adult\b", s.text):
            return True
    return False


def _apart_siblings(separations: list[Statement], child: str, siblings: list[str], about: list[Statement]
                    ) -> list[str]:
    """The siblings named where the report says they live apart, less those in the child's own clause ("Ember
    and Rocco live with their grandmother, while Sadie and Benji are placed with ..." puts Sadie and Benji
    apart from Ember, not Rocco). A separation told with a pronoun ("He lives with his grandfather ...") is
    of the sibling the sentence before it named."""
    def named_in(text: str) -> list[str]:
        return [n for n in siblings if re.search(rf"\b{re.escape(n)}\b", text)]

    out: list[str] = []
    for s in separations:
        # clauses: after "while", ";", ", and X", or a comma before a new subject and its verb (", Ana lives ...")
        clauses = re.split(r"\bwhile\b|\bwhereas\b|;|, (?:and|but) (?=[A-Z])|\. "
                           r"|, (?=[A-ZÀ-ÖØ-Þ][\w'’-]+ (?:is|are|was|lives|live|resides|reside|remains|stays)\b)", s.text)
        mine = " ".join(c for c in clauses if re.search(rf"\b{re.escape(child)}\b", c))
        found = [n for n in named_in(s.full) if not re.search(rf"\b{re.escape(n)}\b", mine)]
        if not named_in(s.full) and _PRONOUN_FIRST.match(s.text):
            before = [o for o in about[:about.index(s)] if o.index == s.index] if s in about else []
            found = named_in(before[-1].full) if before else []
        out += [n for n in found if n not in out]
    return out


def _sibling_record(rest: list[Statement], visits: list[Statement], joined: str, name: str = "sibling"
                    ) -> tuple[dict[str, Any], dict[str, Statement | None]]:
    """One sibling living apart, from the statements read for it: the reason, the efforts to place them
    together (or why that would not be right), the visits, and whether the sibling is a dependent."""
    # "could not take a toddler, and for that reason ..." is a reason; "no reason is given" is not
    reason = next((s for s in rest if _REASON.search(s.full) and not _NO_REASON.search(s.full)), None)
    effort = next((s for s in rest if _EFFORT_TOGETHER.search(s.full)), None)
    unfit = next((s for s in rest if _TOGETHER_INAPPROPRIATE.search(s.full)), None)
    freq = next((s for s in visits if _FREQ.search(s.full)), None)
    sup = next((s for s in visits if _SUPERVISED.search(s.full)), None)
    record = {
        "name": name,
        "placed_together": False,
        "under_court_jurisdiction": False if _NOT_DEPENDENT.search(joined) else None,
        "reason_apart": reason.full if reason else None,
        "efforts_to_place_together": effort.full if effort else None,
        "efforts_inappropriate_reason": unfit.full if unfit else None,
        "visits": {"frequency": freq.full if freq else None,
                   "supervised": (not re.search(r"\bunsupervised|without supervision|on their own\b", sup.full, re.I))
                   if sup else None,
                   "supervision_reason": sup.full if sup else None},
    }
    return record, {"reason_apart": reason, "efforts_to_place_together": effort, "efforts_inappropriate_reason": unfit,
                    "visits.frequency": freq, "visits.supervised": sup}


def case_of(r: ChildReading) -> dict[str, Any]:
    """The partial case the reading placed, in the case model's shape."""
    v = {k: x.value for k, x in r.values.items()}
    age = r.child.age
    case: dict[str, Any] = {
        "recommended": {"disposition_option": v.get("recommended.disposition_option")},
        "court": {"report_date": _AS_OF},
        "child": {"name": r.child.name, "dob": dt.date(_AS_OF.year - age, 1, 1) if age is not None else None},
        "concurrent_plan": {k.split(".", 1)[1]: val for k, val in v.items() if k.startswith("concurrent_plan.")},
        "placement": {k.split(".", 1)[1]: val for k, val in v.items() if k.startswith("placement.")},
    }
    if "has_siblings" in v:
        case["has_siblings"] = v["has_siblings"]
        case["siblings"] = r.siblings or None
    return case


def read(doc: Document) -> list[ChildReading]:
    """One reading per child named in the caption (one unnamed child when none is)."""
    kids = children_of(doc) or [Child("the child")]
    said = statements(doc, kids)
    try:
        readings = [read_child(c, said, kids) for c in kids]
        if any(s.later for s in said):
            later = [s for s in said if s.later]
            for r in readings:
                _supersede(r, read_child(r.child, later, kids, said))
    finally:
        _named_once.cache_clear()  # the report's words are kept for its own reading only, never for the next one
    return readings


#: What an addendum may change of the reading, path by path (the recommendation stays the report's).
_SUPERSEDED = ("concurrent_plan.", "placement.")


def _supersede(r: ChildReading, update: ChildReading) -> None:
    """An addendum's reading over the report's ("where this addendum differs, it controls"): each value the
    addendum places replaces the report's, a family it says is not yet identified removes the report's, a new
    answer of the caregiver replaces the old one, and siblings it describes anew replace the report's."""
    for path in update.empty:
        r.values.pop(path, None)
    if "placement.caregiver_permanency_willingness" in update.values:
        # a new answer, or a new caregiver: the report's answer no longer holds
        r.values.pop("placement.caregiver_permanency_willingness", None)
    for path, value in update.values.items():
        if path.startswith(_SUPERSEDED):
            r.values[path] = value
    together = bool(update.sibling_said) and bool(update.siblings) and all(
        sib.get("placed_together") is True for sib in update.siblings)
    if "siblings.apart" in update.values and "siblings.apart" in r.values and len(r.siblings) == len(update.siblings):
        # still apart: what the update says of the separation replaces the report's, part by part, and what it
        # leaves unsaid stands (an amendment to the visits does not take back the reasons and the efforts)
        for old, new in zip(r.siblings, update.siblings, strict=True):
            for key, value in new.items():
                if key == "visits" and isinstance(value, dict):
                    visits = dict(old.get("visits") or {})
                    visits.update({k: v for k, v in value.items() if v is not None})
                    old["visits"] = visits
                elif value is not None:
                    old[key] = value
        r.sibling_said = [*r.sibling_said, *[s for s in update.sibling_said if s not in r.sibling_said]]
        r.values.update({p: v for p, v in update.values.items() if p.startswith("siblings") or p == "has_siblings"})
    elif "siblings.apart" in update.values or together:  # apart anew, or together now ("Both now live ...")
        r.siblings, r.sibling_said = update.siblings, update.sibling_said
        for path in [p for p in r.values if p.startswith("siblings")]:
            del r.values[path]
        r.values.update({p: v for p, v in update.values.items() if p.startswith("siblings") or p == "has_siblings"})

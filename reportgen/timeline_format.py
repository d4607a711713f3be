"""The statutory timeline as a plain-text table for the terminal.

One line per date (label, date, citation), and beneath it, indented, what a
reader must not miss: the flags ("already past", "hearing set later") first,
then what the case records that shows the step done, then the entry's own caveats. A date that cannot be computed says which facts
are missing instead of showing a blank. The caveats many entries share (how
months and court days are counted) are printed once, as numbered notes under
the table, and marked beside each date they apply to.
"""

from __future__ import annotations

from reportgen.timeline import COURT_DAYS_NOTE, MONTHS_NOTE, Entry

_INDENT = "    "
_SHARED_NOTES = (MONTHS_NOTE, COURT_DAYS_NOTE)
#: Keep the citation column in view even when one label is unusually long.
_MAX_LABEL_WIDTH = 60


def _split_note(note: str | None) -> tuple[list[str], str]:
    """(shared notes the entry carries, what remains of its own note)."""
    if not note:
        return [], ""
    shared = [s for s in _SHARED_NOTES if s in note]
    rest = note
    for s in shared:
        rest = rest.replace(s, "")
    rest = "; ".join(part.strip() for part in rest.split("; ") if part.strip())
    return shared, rest


def _date_cell(entry: Entry, marks: str) -> str:
    if entry.date is not None:
        return f"{entry.date.isoformat()}{marks}"
    if entry.missing:
        return "unknown — missing: " + ", ".join(entry.missing)
    return "unknown"


def format_text(entries: list[Entry]) -> str:
    """Render entries as an aligned table; flags and notes on indented lines below each row."""
    if not entries:
        return "No statutory dates.\n"
    footnotes: list[str] = []
    rows: list[tuple[str, str, str]] = []
    own_notes: list[str] = []
    for e in entries:
        shared, rest = _split_note(e.note)
        numbers = []
        for s in shared if e.date is not None else []:
            if s not in footnotes:
                footnotes.append(s)
            numbers.append(footnotes.index(s) + 1)
        marks = "".join(f" [{n}]" for n in numbers)
        rows.append((e.label, _date_cell(e, marks), e.citation))
        own_notes.append(rest)

    headers = ("Event", "Date", "Citation")
    label_w = min(_MAX_LABEL_WIDTH, max(len(headers[0]), *(len(r[0]) for r in rows)))
    # An "unknown — missing: …" cell may overflow; known dates set the column.
    date_w = max(len(headers[1]), 10, *(len(r[1]) for r in rows if not r[1].startswith("unknown")))

    def line(label: str, date: str, citation: str) -> str:
        return f"{label:<{label_w}}  {date:<{date_w}}  {citation}".rstrip()

    out = [line(*headers), line("-" * label_w, "-" * date_w, "-" * len(headers[2]))]
    for entry, row, rest in zip(entries, rows, own_notes, strict=True):
        out.append(line(*row))
        out.extend(f"{_INDENT}! {flag}" for flag in entry.flags)
        if entry.done:
            out.append(f"{_INDENT}done: {entry.done}")
        if rest:
            out.append(f"{_INDENT}note: {rest}")
    if footnotes:
        out.append("")
        out.extend(f"[{n}] {text}" for n, text in enumerate(footnotes, start=1))
    return "\n".join(out) + "\n"

"""``reportgen review FILE [--json] [--memo PATH]``: the child's attorney's review.

Exit codes as ``check``: 0 no objection, 1 objections found, 2 the file is
invalid or cannot be reviewed (printed as ``path: message`` lines on standard
error). No traceback ever reaches the attorney.

``--json`` prints one object: ``source`` (one of
:data:`reportgen.review.SOURCE_KINDS`), ``label``, ``heuristic``, ``caption``,
``elements``, ``findings`` (each with ``code``, ``name``, ``severity``,
``citation``, ``message``, ``fields`` and ``heuristic``; heuristic ones add
``reason``, ``passage``, ``page``, ``location``), ``notes`` and ``edited``:
``null``, or for a reportgen report whose visible text no longer matches its
embedded data (sources ``edited-reportgen-*``, ``other-layout-reportgen-*``)
an object with ``status`` ("edited", "other-layout" or "not-compared"),
``headline``, ``differences`` (up to ten sentences in reading order), ``more``
(how many were not listed), ``layout`` (the one the file names, if any) and
``current_layout`` (the one this reportgen prints), and
``data_findings``: what the rule catalogue finds in the embedded data. The
``findings`` and the exit status are then those of the text.
"""

from __future__ import annotations

import json

import click

from reportgen.cli.errors import EXIT_OBJECTIONS, EXIT_OK, Command, Stop
from reportgen.cli.output import finding_lines
from reportgen.review import ReviewResult, review_path
from reportgen.review.heuristics import HeuristicFinding
from reportgen.schema import InvalidCase

LABELS = {"object": "OBJECTION", "warn": "VERIFY", "info": "NOTE"}


def result_text(result: ReviewResult) -> str:
    """The review as plain text: caption, the §12.47 element table, the findings."""
    kind = "heuristic reading of the text" if result.heuristic else "rule catalogue over the case data"
    lines = [f"{result.label}: {result.source} ({kind})"]
    for key, value in result.caption.items():
        lines.append(f"  {key.replace('_', ' ')}: {value}")
    for note in result.notes:
        lines.append(f"  note: {note}")
    if result.edited is not None:
        lines += ["", f"{result.edited.headline}:"]
        lines += [f"  - {d}" for d in result.edited.check.differences]
        if result.edited.check.more:
            lines.append(f"  - and {result.edited.check.more} more")
        lines += ["", "The data inside the file says:"]
        lines += [f"  {LABELS[f.severity]:<9}  {f.code}  {f.name}: {f.message}" for f in result.edited.data_findings]
        if not result.edited.data_findings:
            lines.append("  no finding (by its data the report is complete); the findings below are read from the text")
    lines += ["", "CEB §12.47 elements"]
    for e in result.elements:
        where = f" [{e.location}]" if e.location else ""
        lines.append(f"  {e.status.upper():<14} {e.label} ({', '.join(e.codes)}){where}")
        if e.passage and e.status == "found":
            lines.append(f"                 “{e.passage}”")
    counts = {s: sum(1 for f in result.findings if f.severity == s) for s in LABELS}
    lines += ["", f"{counts['object']} objection(s), {counts['warn']} point(s) to verify, {counts['info']} note(s)"]
    for f in result.findings:
        tag = " (heuristic)" if isinstance(f, HeuristicFinding) else ""
        lines += ["", *finding_lines(f, LABELS, tag)]
        if isinstance(f, HeuristicFinding):
            lines.append(f"           Why: {f.reason}")
            if f.passage:
                lines.append(f"           Passage ({f.location}): “{f.passage}”")
    return "\n".join(lines)


@click.command("review", cls=Command)
@click.argument("file", metavar="FILE")
@click.option("--json", "as_json", is_flag=True, help="Print the review as JSON.")
@click.option("--memo", "memo_path", default=None, metavar="PATH",
              help="Also write the objection memo (.docx to edit, or .pdf).")
def review_command(file: str, as_json: bool, memo_path: str | None) -> None:
    """Review FILE (a case JSON, a reportgen PDF/DOCX, or a report made elsewhere)
    the way the child's attorney would, against CEB §12.47 and the rule catalogue."""
    from reportgen.review.memo import MemoError, memo_format, write_memo

    try:
        if memo_path:
            memo_format(memo_path)
        result = review_path(file)
        if memo_path:
            write_memo(result, memo_path)
    except InvalidCase:
        raise  # its problems, exit 2 (reportgen.cli.errors)
    except MemoError as err:
        raise Stop.problems([(memo_path or "--memo", str(err))]) from None
    except Exception as err:  # noqa: BLE001 - the contract is a message, never a traceback
        raise Stop.problems([(file, f"could not be reviewed ({type(err).__name__}); the file may be damaged")]) from None
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(result_text(result))
        if memo_path:
            click.echo(f"\nObjection memo written to {memo_path}")
    click.get_current_context().exit(EXIT_OBJECTIONS if result.objections else EXIT_OK)

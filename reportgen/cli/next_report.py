"""``reportgen next-report LAST --hearing H -o NEW.json`` and ``reportgen changes CASE``.

``next-report`` starts a review report from the last filed one
(:mod:`reportgen.hearings.carry`): LAST is what ``check`` reads (a case JSON, or
a reportgen PDF/DOCX with its case data inside, read in the sandbox); the new
case records the SHA-256 of LAST's file. It prints what changed since the last
report (nothing yet, until the worker enters the new facts) and what the check
asks the worker to enter. ``changes`` lists what changed since the last report,
one line an item, for a case that records it.

Exit status: 0 written (or listed), 2 invalid or unreadable input, a hearing that
cannot follow the last one, or an unwritable NEW (nothing is written then).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import click

from reportgen.cli.errors import EXIT_OK, Command, Stop
from reportgen.hearings import REVIEWS


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Stop(f"--report-date: {value!r} is not a date; write it as YYYY-MM-DD") from None


@click.command("next-report", cls=Command)
@click.argument("source", metavar="LAST")
@click.option("--hearing", required=True, type=click.Choice(REVIEWS), help="The review hearing the new report is for.")
@click.option("-o", "--output", required=True, metavar="NEW", help="The new case JSON file to write ('-' prints it).")
@click.option("--report-date", metavar="YYYY-MM-DD", help="The new report's date.")
def next_report_command(source: str, hearing: str, output: str, report_date: str | None) -> None:
    """Start a review report from the last one (LAST: a case JSON or a reportgen PDF/DOCX):
    carry the case forward and clear what the review must state anew.

    Exit 0 when written, 2 when LAST is invalid or unreadable, the hearing cannot
    follow it, or NEW cannot be written (nothing is written then).
    """
    from reportgen.cli.render import write_atomically
    from reportgen.hearings.carry import next_report
    from reportgen.rules import check
    from reportgen.schema import load_case
    from reportgen.sources import read_case, read_source_bytes

    day = _date(report_date)
    target = None if output == "-" else Path(output)
    if target is not None:
        if target.is_dir():
            raise Stop(f"{output}: is a folder; give the name of the new case file")
        if not target.parent.is_dir():
            raise Stop(f"{output}: the folder {target.parent} does not exist")
        if source != "-" and target.exists() and target.resolve() == Path(source).resolve():
            raise Stop(f"{output}: is the last report itself; write the new report to another file")
    if source == "-":
        raise Stop("LAST: give the last report's file (its digest is recorded), not standard input")
    data, _ = read_source_bytes(source)
    last = read_case(source)
    new = next_report(last, hearing, hashlib.sha256(data).hexdigest(), day)
    text = json.dumps(new, ensure_ascii=False, indent=2) + "\n"
    if target is None:
        click.echo(text, nl=False)
    else:
        try:
            write_atomically(target, text.encode("utf-8"))
        except OSError as err:
            raise Stop(f"{output}: cannot be written: {err.strerror or err}") from None
        click.echo(f"wrote {target} ({hearing.replace('_', ' ')}, carried from {Path(source).name})", err=True)
        to_enter = sorted({p for f in check(load_case(new)) if f.code.startswith("RV") for p in f.fields})
        click.echo(f"to enter for this review: {len(to_enter)} fields", err=True)
        for path in to_enter:
            click.echo(f"  {path}", err=True)
    click.get_current_context().exit(EXIT_OK)


@click.command("changes", cls=Command)
@click.argument("source", metavar="CASE")
@click.option("--json", "as_json", is_flag=True, help="One JSON list of the changes.")
def changes_command(source: str, as_json: bool) -> None:
    """List what changed since the last report, one line an item, for CASE (a review case
    JSON or a reportgen PDF/DOCX that records the report before it).

    Exit 0 when listed, 2 when CASE is invalid or records no previous report.
    """
    from reportgen.hearings.changes import changes
    from reportgen.render import words as w
    from reportgen.sources import read_case

    found = changes(read_case(source))
    if found is None:
        raise Stop(f"{source}: previous_report: {w.table()['review']['no_previous']}")
    if as_json:
        click.echo(json.dumps([c.as_dict() for c in found], ensure_ascii=False, indent=2))
    else:
        for change in found:
            click.echo(change.text())
        if not found:
            click.echo(w.table()["review"]["no_changes"])
    click.get_current_context().exit(EXIT_OK)

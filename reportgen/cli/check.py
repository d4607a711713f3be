"""``reportgen check CASE... [--json | --jsonl]``: validate cases and list their findings.

One case prints exactly as it always has: the findings (text or ``--json``) on
standard output, every problem of an invalid case as ``field.path: message`` on
standard error, exit 0/1/2. Several cases, or a folder (its ``.json``, ``.pdf``
and ``.docx`` files, in name order), are checked one after another in this
process (a few milliseconds each, against about a second for a new process):
each case's findings under its file name, or with ``--jsonl`` one JSON line per
case; the exit status is the worst of them (2 over 1 over 0). On a terminal a
progress bar runs on standard error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from reportgen.cli.errors import EXIT_INVALID, Command, Stop
from reportgen.cli.output import findings_json, findings_text, status_of
from reportgen.rules import check as run_rules
from reportgen.rules.base import Finding
from reportgen.schema import InvalidCase
from reportgen.sources import read_case, warn_on_stderr

#: What a folder given to ``check`` contributes: the files ``read_case`` reads.
CASE_SUFFIXES = (".json", ".pdf", ".docx")


@dataclass
class Checked:
    """One case of a batch: its file, exit status, findings or problems, and input notices."""

    file: str
    status: int
    case: dict[str, Any] | None = None
    findings: list[Finding] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "exit": self.status,
            "findings": [f.as_dict() for f in self.findings],
            "problems": [{"path": path, "message": message} for path, message in self.problems],
            "warnings": self.notices,
        }


def expand(sources: tuple[str, ...]) -> list[str]:
    """The case files named: each argument, a folder replaced by its case files in name order."""
    out: list[str] = []
    for source in sources:
        path = Path(source)
        if source != "-" and path.is_dir():
            found = sorted(str(p) for p in path.iterdir() if p.is_file() and p.suffix.lower() in CASE_SUFFIXES)
            if not found:
                raise Stop(f"{source}: is a folder, not a case file, and holds none "
                           f"({', '.join(CASE_SUFFIXES)}) to check")
            out += found
        else:
            out.append(source)
    if out.count("-") > 1:
        raise Stop("-: standard input can be read only once")
    return out


def check_one(source: str) -> Checked:
    """Read, validate and check one case; an invalid one comes back with its problems, exit 2."""
    notices: list[str] = []
    label = "standard input" if source == "-" else source
    try:
        case = read_case(source, notify=notices.append)
    except InvalidCase as err:
        return Checked(label, EXIT_INVALID, problems=err.problems, notices=notices)
    findings = run_rules(case)
    return Checked(label, status_of(findings), case=case, findings=findings, notices=notices)


def _show_progress() -> bool:
    """A progress bar only when standard error is a terminal (never into a log or a pipe)."""
    return sys.stderr.isatty()


def _checked(sources: list[str]) -> Iterator[Checked]:
    if _show_progress():
        with click.progressbar(sources, label="Checking", file=sys.stderr,
                               item_show_func=lambda s: Path(s).name if s else None) as bar:
            for source in bar:
                yield check_one(source)
    else:
        for source in sources:
            yield check_one(source)


def _print_text(result: Checked) -> None:
    click.echo(result.file)
    for notice in result.notices:
        warn_on_stderr(f"{result.file}: {notice}")
    if result.case is not None:
        click.echo(findings_text(result.case, result.findings))
    for path, message in result.problems:
        where = path if path == result.file else f"{result.file}: {path}"
        click.echo(f"{where}: {message}", err=True)
    click.echo("")


@click.command("check", cls=Command)
@click.argument("sources", metavar="CASE...", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the findings of one case as JSON.")
@click.option("--jsonl", "as_jsonl", is_flag=True,
              help="Print one JSON line per case: file, exit, findings, problems, warnings.")
def check(sources: tuple[str, ...], as_json: bool, as_jsonl: bool) -> None:
    """Validate each CASE (JSON file, '-' for standard input, a reportgen PDF/DOCX,
    or a folder of them) and list every finding, objections first.

    Exit 0 when no case has an objection, 1 when some have, 2 when one is
    invalid or unreadable (the worst of the cases).
    """
    ctx = click.get_current_context()
    if as_json and as_jsonl:
        raise click.UsageError("give --json or --jsonl, not both")
    single = len(sources) == 1 and (sources[0] == "-" or not Path(sources[0]).is_dir())
    if single and not as_jsonl:
        case = read_case(sources[0])  # InvalidCase: its problems, exit 2 (reportgen.cli.errors)
        findings = run_rules(case)
        click.echo(findings_json(findings) if as_json else findings_text(case, findings))
        ctx.exit(status_of(findings))
    if as_json:
        raise click.UsageError("--json prints one case; give --jsonl for several")
    worst, counts = 0, [0, 0, 0]
    for result in _checked(expand(sources)):
        if as_jsonl:
            click.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            _print_text(result)
        worst = max(worst, result.status)
        counts[result.status] += 1
    if not as_jsonl:
        click.echo(f"{sum(counts)} case(s): {counts[0]} without objection, {counts[1]} with objections, "
                   f"{counts[2]} invalid or unreadable")
    ctx.exit(worst)

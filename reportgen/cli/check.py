"""``reportgen check CASE... [--json | --jsonl]``: validate cases and list their findings.

One case prints exactly as it always has: the findings (text or ``--json``) on
standard output, every problem of an invalid case as ``field.path: message`` on
standard error, exit 0/1/2. Several cases or a folder (:mod:`reportgen.cli.batch`)
print each case's findings under its file name, or with ``--jsonl`` one JSON
line per case; the exit status is the worst of them (2 over 1 over 0).
"""

from __future__ import annotations

from typing import Any

import click

from reportgen.cli.batch import is_batch, run_batch
from reportgen.cli.errors import EXIT_INVALID, EXIT_OBJECTIONS, EXIT_OK, Command
from reportgen.cli.output import findings_json, findings_text, status_of
from reportgen.rules import check as run_rules
from reportgen.sources import read_case


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
    if not is_batch(sources) and not as_jsonl:
        case = read_case(sources[0])  # InvalidCase: its problems, exit 2 (reportgen.cli.errors)
        findings = run_rules(case)
        click.echo(findings_json(findings) if as_json else findings_text(case, findings))
        ctx.exit(status_of(findings))
    if as_json:
        raise click.UsageError("--json prints one case; give --jsonl for several")

    def judge(case: Any, _file: str) -> tuple[int, str, list[Any]]:
        findings = run_rules(case)
        return status_of(findings), findings_text(case, findings), [f.as_dict() for f in findings]

    words = {EXIT_OK: "without objection", EXIT_OBJECTIONS: "with objections", EXIT_INVALID: "invalid or unreadable"}
    ctx.exit(run_batch(sources, "Checking", as_jsonl, words, "findings", judge))

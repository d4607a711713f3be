"""``reportgen timeline CASE... [--json | --jsonl] [--as-of DATE]``: the statutory dates with their citations.

A report on several children prints each child's dates under the child's
name (``--json``: a list of ``{"child", "dates"}``). One case prints as it always has; several cases or a folder
(:mod:`reportgen.cli.batch`) print each case's dates under its file name, or
with ``--jsonl`` one JSON line per case. Exit 0, or 2 when a case is invalid.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click

from reportgen.cli.batch import is_batch, run_batch
from reportgen.cli.errors import EXIT_INVALID, EXIT_OK, Command
from reportgen.sources import read_case


def parse_day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


@click.command("timeline", cls=Command)
@click.argument("sources", metavar="CASE...", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the dates of one case as JSON.")
@click.option("--jsonl", "as_jsonl", is_flag=True,
              help="Print one JSON line per case: file, exit, dates, problems, warnings.")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
              help="Judge 'already past' against this date instead of the report's date.")
def timeline(sources: tuple[str, ...], as_json: bool, as_jsonl: bool, as_of: str | None) -> None:
    """Print the statutory dates for each CASE (or a folder of cases), with their citations."""
    from reportgen.timeline import per_child
    from reportgen.timeline_format import format_text

    def text(timelines: list[tuple[str | None, list[Any]]]) -> str:
        if len(timelines) == 1:
            return format_text(timelines[0][1])
        return "\n".join(f"{name}\n{'=' * len(name or '')}\n{format_text(entries)}" for name, entries in timelines)

    def as_data(timelines: list[tuple[str | None, list[Any]]]) -> Any:
        if len(timelines) == 1:
            return [e.as_dict() for e in timelines[0][1]]
        return [{"child": name, "dates": [e.as_dict() for e in entries]} for name, entries in timelines]

    day = parse_day(as_of)
    if as_json and as_jsonl:
        raise click.UsageError("give --json or --jsonl, not both")
    if not is_batch(sources) and not as_jsonl:
        timelines = per_child(read_case(sources[0]), as_of=day)  # InvalidCase: exit 2 (reportgen.cli.errors)
        if as_json:
            click.echo(json.dumps(as_data(timelines), ensure_ascii=False, indent=2))
        else:
            click.echo(text(timelines))
        return
    if as_json:
        raise click.UsageError("--json prints one case; give --jsonl for several")

    def judge(case: Any, _file: str) -> tuple[int, str, list[Any]]:
        timelines = per_child(case, as_of=day)
        return EXIT_OK, text(timelines), as_data(timelines)

    words = {EXIT_OK: "with dates", EXIT_INVALID: "invalid or unreadable"}
    click.get_current_context().exit(run_batch(sources, "Computing", as_jsonl, words, "dates", judge))

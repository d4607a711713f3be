"""``reportgen timeline CASE [--json] [--as-of DATE]``: the statutory dates with their citations."""

from __future__ import annotations

import datetime as dt
import json

import click

from reportgen.cli.errors import Command
from reportgen.sources import read_case


def parse_day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


@click.command("timeline", cls=Command)
@click.argument("case_source", metavar="CASE")
@click.option("--json", "as_json", is_flag=True, help="Print the dates as JSON.")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
              help="Judge 'already past' against this date instead of the report's date.")
def timeline(case_source: str, as_json: bool, as_of: str | None) -> None:
    """Print the statutory dates for CASE, with their citations."""
    from reportgen.timeline import compute
    from reportgen.timeline_format import format_text

    day = parse_day(as_of)
    case = read_case(case_source)
    entries = compute(case, as_of=day)
    if as_json:
        click.echo(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=2))
    else:
        click.echo(format_text(entries))

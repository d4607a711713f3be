"""``reportgen render CASE --format docx|pdf -o PATH``.

Exit status (DESIGN.md): 0 written; 1 ``--final`` refused because objections
remain; 2 invalid input, a broken template or an unwritable target. In every
case but 0 nothing is written: the report goes to a temporary file beside the
target, which replaces the target only once it is complete.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import click

from reportgen.cli.errors import Command, Stop
from reportgen.sources import read_case

FORMATS = ("docx", "pdf")


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` so that it is either complete or absent.

    The temporary file sits in the target's folder (so ``os.replace`` is a
    rename on one file system) and is removed on any failure. It is created
    readable by its owner only, as befits a confidential report.
    """
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise


@click.command("render", cls=Command)
@click.argument("case_source", metavar="CASE")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="docx or pdf; taken from the output's extension when left out.")
@click.option("-o", "--output", "output", required=True, metavar="PATH", help="Where to write the report.")
@click.option("--final", is_flag=True, help="Refuse (exit 1) while objection-level findings remain.")
@click.option("--template-dir", "template_dir", default=None, metavar="DIR",
              help="A folder with report.html, report.css, report.docx and assets/ "
                   "(default: $REPORTGEN_TEMPLATE_DIR, else the templates shipped with reportgen).")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
              help="Judge the timeline's 'already past' against this date instead of the report's date.")
def render_command(case_source: str, fmt: str | None, output: str, final: bool, template_dir: str | None,
                   as_of: dt.datetime | None) -> None:
    """Render the disposition report for CASE (JSON file, '-' for standard input,
    or a reportgen PDF/DOCX) as a Word document or a PDF/A-3a.

    A case with objection-level findings renders as a draft, marked on every
    page and listing the objections in an appendix; --final refuses instead.
    """
    # InvalidCase and TemplateError (exit 2) and ObjectionsOutstanding (exit 1)
    # are printed and mapped to their exit status by reportgen.cli.errors.
    target = Path(output)
    fmt = fmt or target.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise Stop(f"{output}: say --format docx or --format pdf (the file name does not tell)")
    if not target.parent.is_dir():
        raise Stop(f"{output}: the folder {target.parent} does not exist")
    if target.is_dir():
        raise Stop(f"{output}: is a folder; give a file name")
    case = read_case(case_source)
    day = as_of.date() if as_of else None
    if fmt == "pdf":
        from reportgen.render.pdf import render_pdf

        data = render_pdf(case, template_dir, final=final, as_of=day)
    else:
        from reportgen.render.docx import render_docx

        data = render_docx(case, template_dir, final=final, as_of=day)
    try:
        write_atomically(target, data)
    except OSError as err:
        raise Stop(f"{output}: cannot be written: {err.strerror or err}") from None
    from reportgen.rules import check

    count = sum(1 for f in check(case) if f.severity == "object")
    note = f" (draft: {count} objection{'s' if count != 1 else ''} outstanding)" if count else ""
    click.echo(f"wrote {target}{note}")

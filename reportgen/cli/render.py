"""``reportgen render CASE... -o PATH --format docx|pdf|both``: the report of each case.

One case to one file (``-o report.pdf``) works as it always has. Several cases,
a folder of them, ``--format both`` or ``-o`` naming a folder render each case
into that folder as ``<name>.pdf`` and/or ``<name>.docx`` (``<name>`` the case
file's name without its suffix) in this one process (:mod:`reportgen.cli.batch`),
so WeasyPrint's import and its fonts are paid once, not once per case; with
``--jsonl`` one JSON line per case says what was written.

Exit status (the project's contract): 0 written; 1 ``--final`` refused because
objections remain; 2 invalid input, a broken template or an unwritable target;
for several cases the worst. Whenever a case's status is not 0 nothing is
written for it: each report goes to a temporary file beside its target, which
replaces the target only once it is complete.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

import click

from reportgen.cli.batch import expand, is_batch, run_batch
from reportgen.cli.errors import EXIT_INVALID, EXIT_OBJECTIONS, EXIT_OK, Command, Stop
from reportgen.sources import read_case

FORMATS = ("docx", "pdf")
CHOICES = (*FORMATS, "both")
#: The name a case read from standard input is written under in an output folder.
STDIN_NAME = "standard-input"


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


def render_bytes(case: dict[str, Any], fmt: str, template_dir: str | None, final: bool,
                 as_of: dt.date | None) -> bytes:
    """The report of ``case`` in ``fmt``; the renderer is imported only when asked for."""
    if fmt == "pdf":
        from reportgen.render.pdf import render_pdf

        return render_pdf(case, template_dir, final=final, as_of=as_of)
    from reportgen.render.docx import render_docx

    return render_docx(case, template_dir, final=final, as_of=as_of)


def write_reports(case: dict[str, Any], targets: dict[str, Path], template_dir: str | None, final: bool,
                  as_of: dt.date | None) -> str:
    """Render every format first, then write each file; the line saying what was written.

    Rendering all before writing any means a template error or a refused final
    report leaves no file behind, even for ``both``.
    """
    rendered = {fmt: render_bytes(case, fmt, template_dir, final, as_of) for fmt in targets}
    for fmt, target in targets.items():
        try:
            write_atomically(target, rendered[fmt])
        except OSError as err:
            raise Stop(f"{target}: cannot be written: {err.strerror or err}") from None
    from reportgen.rules import check

    count = sum(1 for f in check(case) if f.severity == "object")
    note = f" (draft: {count} objection{'s' if count != 1 else ''} outstanding)" if count else ""
    return "\n".join(f"wrote {target}{note}" for target in targets.values())


def single_target(output: str, fmt: str | None) -> tuple[Path, str]:
    """The one file ``-o`` names and its format, checked before the case is read."""
    target = Path(output)
    fmt = fmt or target.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise Stop(f"{output}: say --format docx or --format pdf (the file name does not tell)")
    if not target.parent.is_dir():
        raise Stop(f"{output}: the folder {target.parent} does not exist")
    return target, fmt


def output_folder(output: str) -> Path:
    """The folder ``-o`` names for several reports, made when its parent exists."""
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise Stop(f"{output}: is a file; several reports need a folder to be written into")
    if not folder.exists() and folder.suffix.lower() in (".pdf", ".docx"):
        raise Stop(f"{output}: names a file, but several reports (or --format both) are written into a folder; "
                   "give the folder")
    if not folder.parent.is_dir():
        raise Stop(f"{output}: the folder {folder.parent} does not exist")
    folder.mkdir(exist_ok=True)
    return folder


def folder_targets(sources: tuple[str, ...], folder: Path, formats: tuple[str, ...]) -> dict[str, dict[str, Path]]:
    """Each case file's targets in ``folder``, refused before anything is rendered when two cases
    would be written to one file or a report would replace the file it is read from."""
    plan: dict[str, dict[str, Path]] = {}
    taken: dict[Path, str] = {}
    for source in expand(sources):
        stem = STDIN_NAME if source == "-" else Path(source).stem
        plan[source] = {}
        for fmt in formats:
            target = folder / f"{stem}.{fmt}"
            if target in taken:
                raise Stop(f"{target}: both {taken[target]} and {source} would be written here; "
                           "render them into separate folders")
            if source != "-" and target.resolve() == Path(source).resolve():
                raise Stop(f"{source}: its report would replace the file itself; choose another output folder")
            taken[target] = source
            plan[source][fmt] = target
    return plan


@click.command("render", cls=Command)
@click.argument("sources", metavar="CASE...", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(CHOICES), default=None,
              help="docx, pdf or both; for one file taken from the output's extension when left out.")
@click.option("-o", "--output", "output", required=True, metavar="PATH",
              help="The file to write, or the folder to write each case's report into.")
@click.option("--final", is_flag=True, help="Refuse (exit 1) while objection-level findings remain.")
@click.option("--template-dir", "template_dir", default=None, metavar="DIR",
              help="A folder with report.html, report.css, report.docx and assets/ "
                   "(default: $REPORTGEN_TEMPLATE_DIR, else the templates shipped with reportgen).")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
              help="Judge the timeline's 'already past' against this date instead of the report's date.")
@click.option("--profile", "profile", default=None, metavar="NAME|FILE",
              help="The county profile: section order and titles, letterhead, caption and signature words "
                   "(a shipped name such as generic-ca or findings-first, or a YAML file; "
                   "default: $REPORTGEN_PROFILE, else generic-ca). Each report records it.")
@click.option("--jsonl", "as_jsonl", is_flag=True,
              help="Print one JSON line per case: file, exit, outputs, problems, warnings.")
def render_command(sources: tuple[str, ...], fmt: str | None, output: str, final: bool, template_dir: str | None,
                   as_of: dt.datetime | None, profile: str | None, as_jsonl: bool) -> None:
    """Render the disposition report for CASE (JSON file, '-' for standard input,
    or a reportgen PDF/DOCX) as a Word document or a PDF/A-3a.

    A case with objection-level findings renders as a draft, marked on every
    page and listing the objections in an appendix; --final refuses instead.
    Several cases (or a folder of them) are written into the folder -o names,
    one report per case named after its file.
    """
    # InvalidCase and TemplateError (exit 2) and ObjectionsOutstanding (exit 1)
    # are printed and mapped to their exit status by reportgen.cli.errors.
    from reportgen.render.profile import using

    day = as_of.date() if as_of else None
    ctx = click.get_current_context()
    ctx.with_resource(using(profile))  # one profile for every case, checked before any is read
    into_folder = is_batch(sources) or as_jsonl or fmt == "both" or Path(output).is_dir()
    if not into_folder:
        target, single_fmt = single_target(output, fmt)
        click.echo(write_reports(read_case(sources[0]), {single_fmt: target}, template_dir, final, day))
        ctx.exit(EXIT_OK)
    if fmt is None:
        raise Stop(f"{output}: say --format docx, pdf or both for the reports written into this folder")
    folder = output_folder(output)
    plan = folder_targets(sources, folder, FORMATS if fmt == "both" else (fmt,))

    def judge(case: Any, file: str) -> tuple[int, str, list[Any]]:
        targets = plan["-" if file == "standard input" else file]
        text = write_reports(case, targets, template_dir, final, day)
        return EXIT_OK, text, [str(path) for path in targets.values()]

    words = {EXIT_OK: "written", EXIT_OBJECTIONS: "refused as final", EXIT_INVALID: "invalid or not written"}
    ctx.exit(run_batch(sources, "Rendering", as_jsonl, words, "outputs", judge))

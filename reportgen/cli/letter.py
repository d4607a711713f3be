"""``reportgen letter CASE [--parent N | --all] [--lang en|es|both] [--format pdf|docx|both] -o DIR``.

Writes each parent's plain-language letter (:mod:`reportgen.letter`) into the
folder ``-o`` names, as ``<case name>.parent<N>.<lang>.<pdf|docx>``. CASE is a
case JSON file, ``-`` for standard input, or a reportgen PDF/DOCX (its case data
is read; the letter then carries the digest of that file, otherwise the digest
of the case data).

Exit status, as ``render``: 0 written; 2 invalid input (the case, a parent the
case does not have or who has died, a template), and then nothing is written:
every letter is rendered before any file is written. With ``--all`` (the
default) a parent who has died is skipped with a note.
"""

from __future__ import annotations

from pathlib import Path

import click

from reportgen.cli.errors import EXIT_OK, Command, Stop

LANG_CHOICES = ("en", "es", "both")
FORMAT_CHOICES = ("pdf", "docx", "both")
STDIN_NAME = "standard-input"


def _output_folder(output: str) -> Path:
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise Stop(f"{output}: is a file; letters are written into a folder")
    if not folder.parent.is_dir():
        raise Stop(f"{output}: the folder {folder.parent} does not exist")
    folder.mkdir(exist_ok=True)
    return folder


@click.command("letter", cls=Command)
@click.argument("source", metavar="CASE")
@click.option("--parent", "parent", type=click.IntRange(min=1), default=None, metavar="N",
              help="The parent to write to: 1 for the case's first parent, 2 for the second...")
@click.option("--all", "every", is_flag=True, help="Every parent who has not died (the default).")
@click.option("--lang", "lang", type=click.Choice(LANG_CHOICES), default="both", show_default=True,
              help="English, Spanish or both.")
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="both", show_default=True,
              help="A tagged PDF/A, a Word document or both.")
@click.option("-o", "--output", "output", required=True, metavar="DIR", help="The folder to write the letters into.")
def letter_command(source: str, parent: int | None, every: bool, lang: str, fmt: str, output: str) -> None:
    """Write the plain-language letter for each parent of CASE (JSON file, '-' for
    standard input, or a reportgen PDF/DOCX), in English and/or Spanish, as PDF and/or DOCX.

    Each letter says why the children are in care, the parent's services (what,
    where, how often), visits, each child's dates, the backup plan and the
    advisements given, and carries the SHA-256 of the report it comes from.
    """
    from reportgen.letter import NoLetter, case_source, file_source, letter_for, living_parents
    from reportgen.letter.render import letter_docx, letter_pdf
    from reportgen.schema import load_case_noting
    from reportgen.sources import raw_case_from_bytes, read_source_bytes, warn_on_stderr

    if parent is not None and every:
        raise Stop("--parent and --all: choose one (--all writes to every parent)")
    data, label = read_source_bytes(source)
    case, notices = load_case_noting(raw_case_from_bytes(data, label))
    for notice in notices:
        warn_on_stderr(notice)
    origin = file_source(data) if data.startswith((b"%PDF", b"PK\x03\x04")) else case_source(case)
    if parent is not None:
        indexes = [parent - 1]
    else:
        indexes = living_parents(case)
        for skipped in sorted(set(range(len(case.get("parents") or []))) - set(indexes)):
            click.echo(f"parents[{skipped}]: skipped: the parent has died; no letter is made", err=True)
        if not indexes:
            raise Stop(f"{label}: the case names no living parent to write to; no letter was made")
    folder = _output_folder(output)
    stem = STDIN_NAME if source == "-" else Path(source).stem
    langs = ("en", "es") if lang == "both" else (lang,)
    formats = ("pdf", "docx") if fmt == "both" else (fmt,)
    rendered: dict[Path, bytes] = {}
    try:
        for index in indexes:
            for language in langs:
                letter = letter_for(case, index, language, origin)
                for kind in formats:
                    target = folder / f"{stem}.parent{index + 1}.{language}.{kind}"
                    rendered[target] = letter_pdf(letter) if kind == "pdf" else letter_docx(letter)
    except NoLetter as err:
        raise Stop(f"{label}: {err}") from None
    from reportgen.cli.render import write_atomically

    if source != "-" and Path(source).resolve() in {target.resolve() for target in rendered}:
        raise Stop(f"{source}: a letter would replace the file itself; choose another output folder")
    for target, content in rendered.items():
        try:
            write_atomically(target, content)
        except OSError as err:
            raise Stop(f"{target}: cannot be written: {err.strerror or err}") from None
        click.echo(f"wrote {target}")
    click.get_current_context().exit(EXIT_OK)

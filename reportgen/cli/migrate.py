"""``reportgen migrate CASE -o NEW``: write a case in the current schema (2.0).

Every reader already migrates a 1.0 case on read (:func:`reportgen.schema.load_case`);
this command writes that 2.0 form out, so a county can convert its saved cases
once and edit them as family reports. CASE is what ``check`` reads: a JSON file,
``-`` for standard input, or a reportgen PDF/DOCX with its case data inside
(read in the sandbox, :mod:`reportgen.sources`). A case already in 2.0 is
written back as it loads (cleaned and with ids for its children).

NEW is written whole or not at all (:func:`reportgen.cli.render.write_atomically`);
``-o -`` prints the JSON. The original is never replaced: ``-o`` naming CASE
itself is refused, so a failed or regretted migration cannot lose it.

Exit status (docs/design.md): 0 written, 2 invalid or unreadable CASE or an
unwritable NEW (nothing is written then).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from reportgen.cli.errors import EXIT_OK, Command, Stop
from reportgen.cli.render import write_atomically
from reportgen.schema import dump_case
from reportgen.sources import read_case


def migrated_json(case: dict[str, object]) -> str:
    """The 2.0 JSON text of a loaded case, as people read and diff it (UTF-8, indented)."""
    return json.dumps(dump_case(case), ensure_ascii=False, indent=2) + "\n"


def _target(source: str, output: str) -> Path | None:
    """The file to write (None for standard output), checked before the case is read."""
    if output == "-":
        return None
    target = Path(output)
    if target.is_dir():
        raise Stop(f"{output}: is a folder; give the name of the new case file")
    if not target.parent.is_dir():
        raise Stop(f"{output}: the folder {target.parent} does not exist")
    if source != "-" and target.exists() and target.resolve() == Path(source).resolve():
        raise Stop(f"{output}: is the case being migrated; write the new form to another file and keep the original")
    return target


@click.command("migrate", cls=Command)
@click.argument("source", metavar="CASE")
@click.option("-o", "--output", required=True, metavar="NEW", help="The 2.0 case file to write ('-' prints it).")
def migrate_command(source: str, output: str) -> None:
    """Write CASE (a 1.0 or 2.0 JSON file, '-' for standard input, or a reportgen PDF/DOCX)
    as a schema 2.0 case JSON file.

    Exit 0 when written, 2 when CASE is invalid or unreadable or NEW cannot be
    written (nothing is written then).
    """
    target = _target(source, output)
    case = read_case(source)  # InvalidCase: its problems, exit 2 (reportgen.cli.errors)
    text = migrated_json(case)
    if target is None:
        click.echo(text, nl=False)
    else:
        try:
            write_atomically(target, text.encode("utf-8"))
        except OSError as err:
            raise Stop(f"{output}: cannot be written: {err.strerror or err}") from None
        click.echo(f"wrote {target} (schema 2.0)", err=True)
    click.get_current_context().exit(EXIT_OK)

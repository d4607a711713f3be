"""``reportgen verify`` and ``reportgen intake``: the clerk's two commands.

Exit codes (DESIGN.md): 0 when every PDF passes, 1 when some fail, 2 when one
is unreadable. Nothing a received file contains can make either command print
a traceback: a file that breaks verification is reported as unreadable with
the reason, and the batch goes on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from reportgen.intake import index
from reportgen.intake.result import FAIL, FAILED, UNREADABLE, Check, VerifyResult

EXIT_OK, EXIT_FAILED, EXIT_UNREADABLE = 0, 1, 2


def safe_verify(path: Path) -> VerifyResult:
    """verify_path, with any unexpected error turned into an unreadable result."""
    from reportgen.intake import verify_path

    try:
        return verify_path(path)
    except Exception as err:  # noqa: BLE001 - one odd file must not stop a batch
        return VerifyResult(path.name, "", UNREADABLE,
                            [Check("opens", FAIL, f"verification stopped on an unexpected error ({type(err).__name__}: {err})")])


def exit_code(results: Iterable[VerifyResult]) -> int:
    outcome = [r.result for r in results]
    if UNREADABLE in outcome:
        return EXIT_UNREADABLE
    return EXIT_FAILED if FAILED in outcome else EXIT_OK


def result_text(result: VerifyResult) -> str:
    width = max((len(c.name) for c in result.checks), default=0)
    lines = [f"{result.filename}: {result.result.upper()}"]
    if result.case_number or result.child_initials or result.hearing_date:
        lines.append(f"  case {result.case_number or '?'}, child {result.child_initials or '?'}, hearing {result.hearing_date or '?'}")
    for c in result.checks:
        lines.append(f"  {c.name:<{width}}  {c.status.upper():<4}  {c.reason}")
    for f in result.objections:
        lines.append(f"  outstanding objection {f['code']}: {f['message']}")
    return "\n".join(lines)


@click.command("verify")
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def verify_command(pdfs: tuple[Path, ...], as_json: bool) -> None:
    """Verify received report PDFs: one line per check per file.

    Exit 0 when every PDF passes, 1 when some fail, 2 when one is unreadable.
    """
    results = [safe_verify(p) for p in pdfs]
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2))
    else:
        click.echo("\n\n".join(result_text(r) for r in results))
    sys.exit(exit_code(results))


def _digest_of(path: Path) -> str | None:
    import hashlib

    from reportgen.intake import MAX_PDF_BYTES

    try:
        if path.stat().st_size > MAX_PDF_BYTES:
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@click.command("intake")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--index", "index_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The CSV index to write or update; an HTML page is written beside it.")
def intake_command(folder: Path, index_path: Path) -> None:
    """Verify every PDF in FOLDER and record each in the intake index (CSV and HTML).

    PDFs whose SHA-256 digest is already in the index are skipped. Exit codes
    as for verify, over the files verified in this run.
    """
    pdfs = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
    known = index.known_digests(index_path)
    todo: list[Path] = []
    skipped = 0
    for p in pdfs:
        digest = _digest_of(p)
        if digest is not None and digest in known:
            skipped += 1
        else:
            todo.append(p)
            if digest is not None:
                known.add(digest)  # a second copy in the same folder is skipped too
    results: list[VerifyResult] = []

    def run(paths: Iterable[Path]) -> None:
        for p in paths:
            result = safe_verify(p)
            results.append(result)
            index.append_rows(index_path, [index.row_for(result)])

    if sys.stdout.isatty() and todo:
        with click.progressbar(todo, label="Verifying", item_show_func=lambda p: p.name if p else None) as bar:
            run(bar)
    else:
        run(todo)
    if not index_path.exists():
        index.append_rows(index_path, [])
    page = index.write_html(index_path)
    failed = sum(1 for r in results if r.result == FAILED)
    unreadable = sum(1 for r in results if r.result == UNREADABLE)
    click.echo(f"{len(results)} verified ({len(results) - failed - unreadable} passed, {failed} failed, "
               f"{unreadable} unreadable), {skipped} already in the index")
    for r in results:
        if r.result != "pass":
            click.echo(f"  {r.filename}: {r.result.upper()} ({', '.join(c.name for c in r.failing)})")
    click.echo(f"Index: {index_path}  Page: {page}")
    sys.exit(exit_code(results))

"""``reportgen verify`` and ``reportgen intake``: the clerk's two commands.

Exit codes (docs/design.md): 0 when every PDF passes, 1 when some fail, 2 when one
is unreadable. Nothing a received file contains can make either command print
a traceback: a file that breaks verification is reported as unreadable with
the reason, and the batch goes on.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from reportgen.cli.errors import EXIT_INVALID, EXIT_OBJECTIONS, EXIT_OK, Command, Stop
from reportgen.intake import index
from reportgen.intake.result import FAIL, FAILED, UNREADABLE, Check, VerifyResult

#: The exit table (docs/design.md) read for the clerk: a failed check is 1, an unreadable file 2.
EXIT_FAILED, EXIT_UNREADABLE = EXIT_OBJECTIONS, EXIT_INVALID


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
    """One line per check; a failing check says in the clerk's words what is wrong and what
    to do, with its technical reason on the line below."""
    from reportgen.intake.explain import explain

    width = max((len(c.name) for c in result.checks), default=0)
    lines = [f"{result.filename}: {result.result.upper()}"]
    if result.case_number or result.child_initials or result.hearing_date:
        lines.append(f"  case {result.case_number or '?'}, child {result.child_initials or '?'}, hearing {result.hearing_date or '?'}")
    if result.report_status:
        lines.append(f"  report: {result.report_status}")
    for c in result.checks:
        if c.status == FAIL:
            lines.append(f"  {c.name:<{width}}  {c.status.upper():<4}  {explain(c.name, c.reason)}")
            lines.append(f"  {'':<{width}}        reason: {c.reason}")
        else:
            lines.append(f"  {c.name:<{width}}  {c.status.upper():<4}  {c.reason}")
    for f in result.objections:
        lines.append(f"  outstanding objection {f['code']}: {f['message']}")
    return "\n".join(lines)


@click.command("verify", cls=Command)
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def verify_command(pdfs: tuple[Path, ...], as_json: bool) -> None:
    """Verify received report PDFs: one line per check per file.

    Exit 0 when every PDF passes, 1 when some fail, 2 when one is unreadable.
    """
    results = [result for _, result in verify_all(list(pdfs), default_jobs())]
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2))
    else:
        click.echo("\n\n".join(result_text(r) for r in results))
    click.get_current_context().exit(exit_code(results))


def _digest_of(path: Path) -> str | None:
    import hashlib

    from reportgen.intake import MAX_PDF_BYTES

    try:
        if path.stat().st_size > MAX_PDF_BYTES:
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def default_jobs() -> int:
    """The CPUs this process may run on (a container or taskset may allow fewer than the machine has)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def verify_all(paths: list[Path], jobs: int) -> Iterator[tuple[Path, VerifyResult]]:
    """Each path with its result, in the order given, verified by up to ``jobs`` sandbox workers.

    Each file is read by :func:`reportgen.intake.verify_path` in a worker of the
    shared sandbox (:mod:`reportgen.untrusted`), never in this process; ``jobs``
    threads here each wait on one worker, since verification is CPU-bound
    Python and only processes run it in parallel. Results come back in order
    (the index lists files as the folder does, whatever the number of workers)
    and one at a time, so the caller can append each row and move the progress
    bar as it arrives. A worker killed by a file (out of memory, out of time,
    crashed) costs that file an ``unreadable`` row; a fresh worker takes the
    next file.
    """
    from reportgen.untrusted import shared

    workers = max(1, min(jobs, len(paths)))
    yield from zip(paths, shared().map(safe_verify, paths, workers), strict=True)


def _verify_into_index(todo: list[Path], index_path: Path, jobs: int, results: list[VerifyResult]) -> Path:
    """Verify each file and append its row to the index as it arrives; then write the HTML page."""
    verified = verify_all(todo, jobs)
    if sys.stdout.isatty() and todo:
        # The bar shows the file whose result is awaited: zip asks it for the
        # next file first, then waits for that file's result.
        with click.progressbar(todo, label="Verifying", item_show_func=lambda p: p.name if p else None) as bar:
            for _, (_, result) in zip(bar, verified, strict=True):
                results.append(result)
                index.append_rows(index_path, [index.row_for(result)])
    else:
        for _, result in verified:
            results.append(result)
            index.append_rows(index_path, [index.row_for(result)])
    if not index_path.exists():
        index.append_rows(index_path, [])
    return index.write_html(index_path)


def _index_failed(doing: str, index_path: Path, err: Exception) -> Stop:
    """A disk that is full or read-only is the clerk's to fix: the stop that says so plainly, exit 2.

    The index writers leave no partial row and no temporary file behind (see
    :mod:`reportgen.intake.index`), so the batch can simply be run again."""
    if isinstance(err, OSError) and err.errno is not None:
        why = os.strerror(err.errno)
        why = why[:1].lower() + why[1:]
    else:
        why = "it is not a readable intake index (CSV)"
    lines = [f"could not {doing} the index {index_path}: {why}"]
    if doing == "write":
        lines.append("Files verified before the failure keep their rows; run the same command again when it is fixed.")
    return Stop(*lines, exit_code=EXIT_UNREADABLE)


@click.command("intake", cls=Command)
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--index", "index_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The CSV index to write or update; an HTML page is written beside it.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes verifying at once (default: the number of CPUs; 1 verifies in this process).")
def intake_command(folder: Path, index_path: Path, jobs: int | None) -> None:
    """Verify every PDF in FOLDER and record each in the intake index (CSV and HTML).

    PDFs whose SHA-256 digest is already in the index are skipped. Exit codes
    as for verify, over the files verified in this run. The index rows come
    out in the same order whatever the number of --jobs.
    """
    pdfs = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
    try:
        known = index.known_digests(index_path)
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise _index_failed("read", index_path, err) from None
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
    try:
        page = _verify_into_index(todo, index_path, jobs or default_jobs(), results)
    except OSError as err:
        raise _index_failed("write", index_path, err) from None
    failed = sum(1 for r in results if r.result == FAILED)
    unreadable = sum(1 for r in results if r.result == UNREADABLE)
    click.echo(f"{len(results)} verified ({len(results) - failed - unreadable} passed, {failed} failed, "
               f"{unreadable} unreadable), {skipped} already in the index")
    for r in results:
        status = f" [{r.report_status}]" if r.report_status not in ("", "Final") else ""
        if r.result != "pass":
            click.echo(f"  {r.filename}: {r.result.upper()} ({', '.join(c.name for c in r.failing)}){status}")
        elif status:
            click.echo(f"  {r.filename}: PASS{status}")
    click.echo(f"Index: {index_path}  Page: {page}")
    click.get_current_context().exit(exit_code(results))

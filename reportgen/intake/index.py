"""The clerk's intake index: one row per verified PDF, as CSV and as an HTML page.

The CSV is the record (a spreadsheet opens it; re-running intake reads it to
skip files whose digest is already listed); the HTML page beside it shows the
same rows for reading, every value escaped, with each failing check explained.
Rows are appended to the CSV as each file is verified, so an interrupted batch
of five hundred keeps what it finished.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from reportgen.clock import local_time, now_utc
from reportgen.intake.explain import explain
from reportgen.intake.result import VerifyResult

#: ``report_status`` ("Draft — 2 objections open") keeps a draft from reading as a plain pass;
#: ``problems`` says in the clerk's words what each failing check means and what to do,
#: one line per check in the order of ``reasons`` (the technical reason of each).
COLUMNS = ("file", "digest", "case_number", "child_initials", "hearing_date", "result", "report_status",
           "open_objections", "failing_checks", "problems", "reasons")
HEADINGS = ("File", "SHA-256", "Case number", "Child", "Hearing date", "Result", "Report", "What is wrong")


def row_for(result: VerifyResult) -> dict[str, str]:
    failing = result.failing
    return {
        "file": result.filename,
        "digest": result.sha256,
        "case_number": result.case_number or "",
        "child_initials": result.child_initials or "",
        "hearing_date": result.hearing_date or "",
        "result": result.result,
        "report_status": result.report_status,
        "open_objections": "" if result.open_objections is None else str(result.open_objections),
        "failing_checks": " ".join(c.name for c in failing),
        "problems": "\n".join(f"{c.name}: {explain(c.name, c.reason)}" for c in failing),
        "reasons": "\n".join(f"{c.name}: {c.reason}" for c in failing),
    }


def failing_pairs(row: dict[str, str]) -> list[tuple[str, str, str]]:
    """Each failing check of a row as (name, the clerk's sentence, the technical reason).

    Read from ``reasons`` (one "name: reason" line each), so a row written before
    the sentences existed is explained too."""
    out = []
    for line in row.get("reasons", "").splitlines():
        name, _, reason = line.partition(": ")
        if name.strip():
            out.append((name.strip(), explain(name.strip(), reason.strip()), reason.strip()))
    return out


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows already in the index (none when it does not exist yet)."""
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        return [{k: (row.get(k) or "") for k in COLUMNS} for row in csv.DictReader(fh)]


def known_digests(path: Path) -> set[str]:
    return {row["digest"] for row in read_rows(path) if row["digest"]}


def _csv_safe(value: str) -> str:
    """A file name can start with '=' or '+'; keep a spreadsheet from running it as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def write_rows(fh: IO[str], rows: Iterable[dict[str, str]], header: bool,
               columns: tuple[str, ...] = COLUMNS) -> None:
    """The CSV lines of ``rows`` (and the header first when asked) on an open text file."""
    writer = csv.DictWriter(fh, fieldnames=columns)
    if header:
        writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_safe(row.get(k, "")) for k in columns})


def csv_bytes(rows: Iterable[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> bytes:
    """The whole index as CSV bytes, exactly as :func:`append_rows` writes a new file."""
    buffer = io.StringIO(newline="")
    write_rows(buffer, rows, header=True, columns=columns)
    return buffer.getvalue().encode("utf-8", "replace")


def _header_of(path: Path) -> tuple[str, ...]:
    """The columns an existing index was started with: an index written by an
    earlier version keeps its own columns, so every row lines up under its header."""
    with path.open(newline="", encoding="utf-8") as fh:
        first = next(csv.reader(fh), None)
    return tuple(first) if first else COLUMNS


def append_rows(path: Path, rows: Iterable[dict[str, str]]) -> None:
    """Append rows to the index, all or nothing: when the disk is full half-way,
    the file is cut back to what it was, so no partial row is left, and the
    error is raised for the caller to report."""
    new = not path.is_file() or path.stat().st_size == 0
    text = io.StringIO(newline="")
    write_rows(text, rows, header=new, columns=COLUMNS if new else _header_of(path))
    data = text.getvalue().encode("utf-8", "replace")  # a file name may carry undecodable bytes
    with path.open("ab") as fh:
        before = fh.tell()
        try:
            fh.write(data)
            fh.flush()
        except OSError:
            with contextlib.suppress(OSError):
                fh.truncate(before)
            raise


def html_path(csv_path: Path) -> Path:
    return csv_path.with_suffix(".html")


def render_html(rows: list[dict[str, str]], title: str = "Intake index", received: bool = False) -> str:
    """The index as a standalone, accessible HTML page (a table with a caption and header cells).

    ``received``: the rows are the web's intake log, and each says when it was
    received and by which clerk (``received_at``, ``clerk``), shown after the file.

    Every value read from a received file (its name, case number, initials,
    date, and the reasons, which quote its text) is escaped and set in
    ``<bdi>``, so a direction control in it cannot reorder the page around it.
    """
    e = html.escape

    def bdi(text: str) -> str:
        return f"<bdi>{e(text)}</bdi>"

    counts = {r: sum(1 for row in rows if row["result"] == r) for r in ("pass", "fail", "unreadable")}
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title>",
        "<style>body{font-family:sans-serif;margin:1.5rem}table{border-collapse:collapse;width:100%}"
        "th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}"
        "td.digest{font-family:monospace;font-size:.8rem;word-break:break-all}"
        ".fail,.unreadable{color:#a00000;font-weight:bold}ul{margin:0;padding-left:1.1rem}</style>",
        "</head><body>",
        f"<h1>{e(title)}</h1>",
        f"<p>{len(rows)} file(s): {counts['pass']} passed, {counts['fail']} failed, {counts['unreadable']} unreadable. "
        f"Written {e(local_time(now_utc()))}.</p>",
        "<table>",
        "<caption>One row per PDF received; failing checks are explained in the last column.</caption>",
        "<thead><tr>" + "".join(f'<th scope="col">{e(h)}</th>' for h in _headings(received)) + "</tr></thead>",
        "<tbody>",
    ]
    for row in rows:
        failing = failing_pairs(row)
        explained = "<ul>" + "".join(
            f"<li><strong>{bdi(name)}</strong>: {bdi(says)}<details><summary>Technical reason</summary>{bdi(reason)}"
            "</details></li>" for name, says, reason in failing) + "</ul>" if failing else "None"
        out.append(
            "<tr>"
            f'<th scope="row">{bdi(row["file"])}</th>'
            + (f"<td>{e(row.get('received_at', ''))}</td><td>{e(row.get('clerk', ''))}</td>" if received else "")
            + f'<td class="digest">{e(row["digest"])}</td>'
            f"<td>{bdi(row['case_number'])}</td>"
            f"<td>{bdi(row['child_initials'])}</td>"
            f"<td>{bdi(row['hearing_date'])}</td>"
            f'<td class="{e(row["result"])}">{e(row["result"].upper())}</td>'
            f"<td>{e(row.get('report_status', ''))}</td>"
            f"<td>{explained}</td>"
            "</tr>"
        )
    out += ["</tbody></table>", "</body></html>", ""]
    return "\n".join(out)


def _headings(received: bool) -> tuple[str, ...]:
    return (HEADINGS[0], "Received", "Clerk", *HEADINGS[1:]) if received else HEADINGS


def write_html(csv_path: Path) -> Path:
    """Write the HTML page beside the CSV from the CSV's rows (atomically)."""
    target = html_path(csv_path)
    text = render_html(read_rows(csv_path))
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".intake-", suffix=".html")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target

"""Reading an untrusted PDF or DOCX, with bounded size, time and memory.

An attorney reviews reports made anywhere, so the file is hostile until shown
otherwise: a zip bomb, a PDF whose objects refer to each other in a loop, a
PDF declaring millions of objects, an encrypted or scanned file. Parsing
therefore never happens in the caller's process. :func:`extract_file` starts
``python -m reportgen.review.extract PATH`` in a child process that first
lowers its own address-space and CPU limits (``resource.setrlimit``), and the
parent kills it after a wall-clock timeout. Whatever goes wrong comes back as
:class:`ExtractError` with a sentence the attorney can act on.

The child also asks whether the file is a reportgen report that carries its
case data inside (``reportgen.sources.raw_case_from_bytes``), so that the
embedded-data reader runs under the same limits.

Output (JSON on the child's standard output) is a list of *blocks*: one per
paragraph or table row, in reading order, with the page it sits on (PDF), the
style name and whether it is bold throughout (DOCX), which is what
:mod:`reportgen.review.sections` needs to find headings.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

#: The largest file accepted for review (an upload limit, not a parsing limit).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: DOCX: refuse before reading when the archive would expand past these.
MAX_DOCX_UNCOMPRESSED = 150 * 1024 * 1024
MAX_DOCX_ENTRIES = 2000
#: A legitimate XML part rarely compresses better than this; a bomb does.
MAX_COMPRESSION_RATIO = 250
MAX_PAGES = 1000
#: Text beyond this many characters is not read (a report is far shorter).
MAX_TEXT_CHARS = 3_000_000
#: Limits of the child process.
MEMORY_LIMIT_BYTES = 1536 * 1024 * 1024
CPU_LIMIT_SECONDS = 60
DEFAULT_TIMEOUT = 45.0

ENCRYPTED = "this PDF is encrypted; ask the sender for an unprotected copy"
NO_TEXT = "this PDF has no text layer (it looks scanned); it needs OCR before it can be reviewed"
TOO_LARGE = f"is larger than the {MAX_UPLOAD_BYTES // (1024 * 1024)} MB upload limit; ask for a smaller copy"
NOT_SUPPORTED = (
    "is not a PDF, a Word (.docx) file or a reportgen case JSON file; those are the only kinds reportgen can review"
)
OLD_WORD = "is an old-style Word .doc file; save it as .docx (or PDF) and review that"
PDF_DAMAGED = "this PDF is damaged or incomplete (it may have been cut off while copying); ask for a fresh copy"
DOCX_DAMAGED = "this Word file is damaged or incomplete (it may have been cut off while copying); ask for a fresh copy"
NOT_WORD = "this zip archive is not a Word (.docx) document"
ZIP_BOMB = (
    "this Word file would expand to more than {limit} MB when opened (it looks like a zip bomb); it was not read"
)
TIMEOUT = "reading this file took longer than {seconds:g} seconds, so it was stopped; the file may be damaged or built to exhaust the reader"
OUT_OF_MEMORY = "reading this file needed more memory than allowed, so it was stopped; the file may be damaged or built to exhaust the reader"


class ExtractError(Exception):
    """The file cannot be reviewed; ``str(err)`` is the plain-language reason."""


@dataclass
class Block:
    """One paragraph (or table row) of the document, in reading order."""

    text: str
    page: int | None = None
    style: str = ""
    bold: bool = False
    table: bool = False


@dataclass
class Extracted:
    """What the child process found in the file."""

    format: str  # "pdf" | "docx"
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    embedded: Any = None  # the raw reportgen case data, when the file carries it
    embedded_problem: str | None = None  # why embedded data was not used, when there was a reason
    notes: list[str] = field(default_factory=list)
    #: With embedded data: its visible text compared with it (reportgen.review.edited.TextCheck.as_dict()).
    text_check: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Extracted:
        blocks = [Block(**b) for b in data.get("blocks", [])]
        return cls(
            format=data["format"],
            blocks=blocks,
            pages=data.get("pages"),
            embedded=data.get("embedded"),
            embedded_problem=data.get("embedded_problem"),
            notes=list(data.get("notes", [])),
            text_check=data.get("text_check"),
        )


def sniff(data: bytes) -> str | None:
    """The kind of file by its first bytes: "pdf", "docx" (any zip), "json", "doc", or None."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    stripped = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return "json"
    return None


# --- in the child -------------------------------------------------------------


def _limit_resources() -> None:
    """Lower this process's own limits; children (pdftotext) inherit them."""
    import resource

    for limit, value in ((resource.RLIMIT_AS, MEMORY_LIMIT_BYTES), (resource.RLIMIT_CPU, CPU_LIMIT_SECONDS)):
        soft, hard = resource.getrlimit(limit)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(limit, (value, hard))


def _check_zip(path: Path) -> None:
    """Refuse a zip bomb before anything reads the archive's parts.

    Checks the declared sizes and entry count from the central directory, then
    decompresses each entry in chunks, counting actual bytes, so a lying
    header cannot get past either.
    """
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ExtractError(DOCX_DAMAGED) from None
    limit_mb = MAX_DOCX_UNCOMPRESSED // (1024 * 1024)
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_DOCX_ENTRIES:
            raise ExtractError(f"this Word file holds {len(infos)} parts, more than the {MAX_DOCX_ENTRIES} allowed; it was not read")
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            raise ExtractError(NOT_WORD)
        if any(i.flag_bits & 0x1 for i in infos):
            raise ExtractError("this Word file is password-protected; ask the sender for an unprotected copy")
        declared = sum(i.file_size for i in infos)
        if declared > MAX_DOCX_UNCOMPRESSED:
            raise ExtractError(ZIP_BOMB.format(limit=limit_mb))
        for info in infos:
            if info.file_size > 1024 * 1024 and info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO:
                raise ExtractError(ZIP_BOMB.format(limit=limit_mb))
        total = 0
        try:
            for info in infos:
                seen = 0
                with zf.open(info) as member:
                    while chunk := member.read(1024 * 1024):
                        seen += len(chunk)
                        total += len(chunk)
                        if seen > info.file_size or total > MAX_DOCX_UNCOMPRESSED:
                            raise ExtractError(ZIP_BOMB.format(limit=limit_mb))
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError):
            raise ExtractError(DOCX_DAMAGED) from None
        except RuntimeError:  # encrypted member
            raise ExtractError("this Word file is password-protected; ask the sender for an unprotected copy") from None


def _embedded(data: bytes, label: str, out: Extracted) -> None:
    """Try the case data a reportgen PDF/DOCX carries; note why when there is none."""
    from reportgen.schema import InvalidCase
    from reportgen.sources import raw_case_from_bytes

    try:
        out.embedded = raw_case_from_bytes(data, label)
    except ModuleNotFoundError as err:
        if not (err.name or "").startswith("reportgen"):
            raise
        out.embedded_problem = "this installation cannot read embedded reportgen data"
    except InvalidCase as err:
        out.embedded_problem = "; ".join(m for _, m in err.problems)


def _pdf(path: Path, data: bytes, deadline: float) -> Extracted:
    import time

    import pikepdf

    if b"%%EOF" not in data[-2048:]:
        raise ExtractError(PDF_DAMAGED)
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise ExtractError(ENCRYPTED) from None
    except (pikepdf.PdfError, OSError, ValueError, RuntimeError):
        raise ExtractError(PDF_DAMAGED) from None
    with pdf:
        try:
            pages = len(pdf.pages)
        except (pikepdf.PdfError, RuntimeError, RecursionError):
            raise ExtractError(PDF_DAMAGED) from None
    if pages == 0:
        raise ExtractError(PDF_DAMAGED)
    if pages > MAX_PAGES:
        raise ExtractError(f"this PDF has {pages} pages, more than the {MAX_PAGES} reportgen reviews; ask for the report alone")
    out = Extracted(format="pdf", pages=pages)
    _embedded(data, path.name, out)
    if out.embedded is not None:
        # Only a report whose visible text no longer matches its data is read as text (issue 12).
        from reportgen.review.edited import check_pdf

        text_check = check_pdf(data, deadline)
        out.text_check = text_check.as_dict() if text_check is not None else None
        if text_check is not None and text_check.matches:
            return out
    remaining = max(1.0, deadline - time.monotonic())
    try:
        proc = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", "-l", str(MAX_PAGES), str(path), "-"],
            capture_output=True, timeout=remaining, check=False,
        )
    except subprocess.TimeoutExpired:
        raise ExtractError(TIMEOUT.format(seconds=DEFAULT_TIMEOUT)) from None
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").lower()
        raise ExtractError(ENCRYPTED if "password" in err else PDF_DAMAGED)
    text = proc.stdout[: MAX_TEXT_CHARS * 2].decode("utf-8", "replace")
    page_texts = text.split("\f")
    if len(page_texts) > pages:  # the trailing form feed
        page_texts = page_texts[:pages]
    empty = [i + 1 for i, t in enumerate(page_texts) if len(re.sub(r"\s", "", t)) < 20]
    if len(re.sub(r"\s", "", text)) < 40 * max(1, min(pages, 3)) or len(empty) == len(page_texts):
        raise ExtractError(NO_TEXT)
    if empty:
        out.notes.append(f"page(s) {', '.join(map(str, empty))} have no text layer and were not read")
    for number, page_text in enumerate(page_texts, start=1):
        out.blocks.extend(_pdf_blocks(page_text, number))
    return out


def _pdf_blocks(page_text: str, page: int) -> list[Block]:
    """Group a page's lines into paragraphs: a blank line, or a short line that
    ends without punctuation, closes a paragraph."""
    blocks: list[Block] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(Block(text=" ".join(current), page=page))
            current.clear()

    for raw in page_text.splitlines():
        line = re.sub(r"\s{2,}", " ", raw).strip()
        if not line:
            flush()
            continue
        indented = len(raw) - len(raw.lstrip(" "))
        if current and indented >= 6 and current[-1].endswith((".", ":", ";")):
            flush()  # a first-line indent starts a new paragraph
        current.append(line)
        if len(line) < 70 and not line.endswith((",", "-", "and", "or", "the", "of", "to")):
            flush()
    flush()
    return blocks


def _docx(path: Path, data: bytes) -> Extracted:
    _check_zip(path)
    out = Extracted(format="docx")
    _embedded(data, path.name, out)
    import docx

    try:
        document = docx.Document(str(path))
    except Exception:  # python-docx raises many kinds on a broken package
        raise ExtractError(DOCX_DAMAGED) from None
    if out.embedded is not None:
        # The visible text against the embedded data: an edited report is read as text (issue 12).
        from reportgen.review.edited import check_docx

        text_check = check_docx(document, out.embedded)
        out.text_check = text_check.as_dict() if text_check is not None else None
        if text_check is not None and text_check.matches:
            return out
    out.blocks = docx_blocks(document)
    if out.embedded is None and not out.blocks:
        raise ExtractError("this Word file has no text to review")
    return out


def docx_blocks(document: Any) -> list[Block]:
    """A python-docx document's blocks in reading order: the first section's
    header, then each paragraph and table row of the body."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks: list[Block] = []
    size = 0

    def add(block: Block) -> None:
        nonlocal size
        if size < MAX_TEXT_CHARS and block.text:
            blocks.append(block)
            size += len(block.text)

    for section in document.sections[:1]:
        for p in section.header.paragraphs:
            add(Block(text=p.text.strip(), style="Header"))
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            runs = [r for r in item.runs if r.text.strip()]
            style = item.style.name if item.style is not None else ""
            bold = bool(runs) and all(r.bold or (r.style is not None and r.style.font.bold) for r in runs)
            add(Block(text=item.text.strip(), style=style or "", bold=bold))
        elif isinstance(item, Table):
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
                    if text and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                add(Block(text=" | ".join(cells), table=True))
    return blocks


def _run_child(path: Path) -> Extracted:
    import time

    deadline = time.monotonic() + DEFAULT_TIMEOUT
    data = path.read_bytes()
    if len(data) > MAX_UPLOAD_BYTES:
        raise ExtractError(TOO_LARGE)
    kind = sniff(data)
    if kind == "pdf":
        return _pdf(path, data, deadline)
    if kind == "docx":
        return _docx(path, data)
    raise ExtractError(NOT_SUPPORTED)


def main(argv: list[str] | None = None) -> int:
    """Child-process entry point: extract PATH and print JSON to standard output."""
    args = sys.argv[1:] if argv is None else argv
    _limit_resources()
    try:
        result: dict[str, Any] = {"ok": True, "result": _run_child(Path(args[0])).as_json()}
    except ExtractError as err:
        result = {"ok": False, "message": str(err)}
    except MemoryError:
        result = {"ok": False, "message": OUT_OF_MEMORY}
    except RecursionError:
        result = {"ok": False, "message": "this file is nested too deeply to read; it may be damaged"}
    sys.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
    sys.stdout.flush()
    return 0


# --- in the parent --------------------------------------------------------------


def extract_file(path: Path, timeout: float = DEFAULT_TIMEOUT) -> Extracted:
    """Extract ``path`` in a bounded child process; raises :class:`ExtractError`."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONWARNINGS="ignore")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "reportgen.review.extract", str(path)],
            capture_output=True, timeout=timeout, check=False, env=env, stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise ExtractError(TIMEOUT.format(seconds=timeout)) from None
    if proc.returncode != 0:
        if proc.returncode in (-9, -24, 137) or b"MemoryError" in proc.stderr:  # SIGKILL / SIGXCPU
            raise ExtractError(OUT_OF_MEMORY if b"MemoryError" in proc.stderr else TIMEOUT.format(seconds=timeout))
        raise ExtractError("reportgen could not read this file; it may be damaged")
    try:
        answer = json.loads(proc.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ExtractError("reportgen could not read this file; it may be damaged") from None
    if not answer.get("ok"):
        raise ExtractError(str(answer.get("message")))
    return Extracted.from_json(answer["result"])


if __name__ == "__main__":
    raise SystemExit(main())

"""Reading an untrusted PDF or DOCX, with bounded size, time and memory.

An attorney reviews reports made anywhere, so the file is hostile until shown
otherwise: a zip bomb, a PDF whose objects refer to each other in a loop, a
PDF declaring millions of objects, an encrypted or scanned file. Parsing
therefore never happens in the caller's process. :func:`extract_bytes` hands
the bytes to a worker of the sandbox (:mod:`reportgen.untrusted`, task
``extract``), the same one the clerk's verification uses, with the same limits
on memory, processor and wall-clock time and on the size of the answer; there
:func:`read_document` does the reading. Whatever goes wrong comes back as
:class:`ExtractError` with a sentence the attorney can act on.

The worker also asks whether the file is a reportgen report that carries its
case data inside (``reportgen.sources.raw_case_from_bytes``), so that the
embedded-data reader runs under the same limits.

The answer is a list of *blocks*: one per paragraph or table row, in reading
order, with the page it sits on (PDF), the style name and whether it is bold
throughout (DOCX), which is what :mod:`reportgen.review.sections` needs to find
headings.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from reportgen.untrusted.pool import LIMITS, TIMEOUT, SandboxError

#: The largest file accepted for review (an upload limit, not a parsing limit).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: DOCX: refuse before reading when the archive would expand past these.
MAX_DOCX_UNCOMPRESSED = 150 * 1024 * 1024
MAX_DOCX_ENTRIES = 2000
#: A legitimate XML part rarely compresses better than this; a bomb does.
MAX_COMPRESSION_RATIO = 250
MAX_PAGES = 1000
#: Text beyond this many characters is not read (a report is far shorter; the
#: blocks of this much text fit the sandbox's answer limit).
MAX_TEXT_CHARS = 2_000_000
#: The sandbox's limits, the same for every untrusted document.
MEMORY_LIMIT_BYTES = LIMITS.memory_bytes
CPU_LIMIT_SECONDS = LIMITS.cpu_seconds
DEFAULT_TIMEOUT = LIMITS.wall_seconds

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


EXHAUSTING = "this PDF is built (or damaged) so that reading it would not end: {why}; it was not read"


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


# --- in the sandbox worker ------------------------------------------------------


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
        if 0 < pages <= MAX_PAGES:
            _screen(pdf, deadline)
    if pages == 0:
        raise ExtractError(PDF_DAMAGED)
    if pages > MAX_PAGES:
        raise ExtractError(f"this PDF has {pages} pages, more than the {MAX_PAGES} reportgen reviews; ask for the report alone")
    out = Extracted(format="pdf", pages=pages)
    _embedded(data, path.name, out)
    if out.embedded is not None:
        # Only a report whose visible text no longer matches its data is read as text.
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
    page_texts = _drop_running_lines(page_texts)
    out.blocks = _place_footnotes(
        _join_pages([_pdf_blocks(page_text, number) for number, page_text in enumerate(page_texts, start=1)]))
    return out


#: A footnote at a page's foot: its number, then its text from a capital ("3 On May 4 Mr. Greaves said ...").
_FOOTNOTE = re.compile(r"^(\d{1,2}) (?=[A-Z“\"'])")


def _call(number: str) -> re.Pattern[str]:
    """A footnote's call in the text: its number right after a word or a sentence's end ("Greaves.3",
    "Pellegrini. 1 She has ...")."""
    return re.compile(rf"(?:(?<=[a-z])|(?<=[.,;:)”\"’])\s?){number}(?=\s+[A-Z“\"]|\s*$)")


def _place_footnotes(blocks: list[Block]) -> list[Block]:
    """A PDF's footnotes read right after the paragraph that calls them, as a Word footnote is, and their
    calls taken out of that paragraph's sentence: what a footnote says belongs to the section it is
    called from, not to whatever the page's foot happens to follow. A numbered line with no call on its
    page or the page before is left where it is."""
    out = list(blocks)
    for note in [b for b in blocks if not b.table and _FOOTNOTE.match(b.text)]:
        number = _FOOTNOTE.match(note.text).group(1)  # type: ignore[union-attr]
        callers = [b for b in out if b is not note and not b.table and b.page is not None and note.page is not None
                   and note.page - 1 <= b.page <= note.page and _call(number).search(b.text)
                   and not _FOOTNOTE.match(b.text)]
        if len(callers) != 1:
            continue
        caller = callers[0]
        out.remove(note)
        k = out.index(caller)
        out[k] = Block(text=_call(number).sub("", caller.text, count=1), page=caller.page, style=caller.style,
                       bold=caller.bold)
        out.insert(k + 1, Block(text=note.text[len(number) + 1:], page=note.page, style="Footnote"))
    return out


_CAPTION_LINE = re.compile(r"\bIn (?:re|the Matter of)\b", re.IGNORECASE)


def _drop_running_lines(page_texts: list[str], reach: int = 6) -> list[str]:
    """Each page without its running header and footer: the lines at the top or the bottom of a page
    (within ``reach`` printed lines) that recur there, page numbers aside, on two or more pages. They are
    removed as lines, before paragraphs are built, so a footer printed right under a paragraph's last line
    is not read into its sentence. The first page keeps its header when the page holds no other caption: a
    caption set in the page header ("In re ...") is then read there once, as the report's caption; beside a
    caption of its own the header's short form of it ("In re Ana Ruiz et al. — JV-1") is dropped there too."""
    def key(line: str) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.strip().lower()))

    def cells(line: str) -> int:
        return len(re.findall(r"\S {3,}(?=\S)", line))

    printed = [[i for i, ln in enumerate(text.splitlines()) if ln.strip()] for text in page_texts]
    lines = [text.splitlines() for text in page_texts]
    counts: dict[tuple[str, str], int] = {}
    for page, idx in zip(lines, printed, strict=True):
        # a line of three or more cells is a table's row (its header repeated on each page is kept)
        for end, chosen in (("top", idx[:reach]), ("bottom", idx[-reach:])):
            for k in {key(page[i]) for i in chosen if cells(page[i]) < 2 and len(key(page[i])) >= 4}:
                counts[(end, k)] = counts.get((end, k), 0) + 1
    running = {ek for ek, n in counts.items() if n >= 2}
    if not running:
        return page_texts
    out = []
    for number, (page, idx) in enumerate(zip(lines, printed, strict=True)):
        drop: set[int] = set()
        for end, order in (("top", idx[:reach]), ("bottom", idx[::-1][:reach])):
            if end == "top" and number == 0 and not any(
                    _CAPTION_LINE.search(ln) and ("top", key(ln)) not in running for ln in page):
                continue
            edge: list[int] = []
            for i in order:  # from the page's edge inwards, while the lines are running ones
                if (end, key(page[i])) not in running:
                    break
                edge.append(i)
            # the running lines go group by group (a blank line parts them) from the edge, up to a paragraph of
            # prose said twice (a report in parts repeats its shared facts verbatim, at the foot of a short page
            # and of a full one): that paragraph, and all within it, is kept
            groups: list[list[int]] = []
            for i in edge:
                if groups and abs(i - groups[-1][-1]) == 1:
                    groups[-1].append(i)
                else:
                    groups.append([i])
            for group in groups:
                if len(group) >= 2 and any(_PROSE_LINE.search(page[i]) for i in group):
                    break
                drop.update(group)
        out.append("\n".join(ln for i, ln in enumerate(page) if i not in drop))
    return out


#: A line of prose: one sentence ending and the next beginning on it ("... brothers or sisters. They live").
_PROSE_LINE = re.compile(r"[a-z]{3}\. [A-Z][a-z]")
#: A line that cannot end a paragraph: it ends on a comma or a word that needs one after it ("... told the undersigned on").
_OPEN_END = re.compile(r"(,|\b(?:a|an|the|of|on|in|at|by|to|for|from|with|and|or|but|that|than|as|is|are|was|were|be|been"
                       r"|has|have|had|his|her|their|its|who|which|whose))\s*$", re.IGNORECASE)


def _join_pages(pages: list[list[Block]]) -> list[Block]:
    """The pages' blocks as one text: a running header or footer (the same line, page
    numbers aside, at the top or bottom of two or more pages) is left out, and a
    paragraph cut by the page break (it ends without a sentence's end and the next
    page opens in lower case) is joined again."""
    def key(b: Block) -> str:
        return re.sub(r"\d+", "#", b.text.strip().lower())

    edges: dict[str, int] = {}
    for blocks in pages:
        # a table's header row repeated on each page (a table row follows it) is no running header: the
        # table needs it; a running header set in cells ("JV-1234 | DRAFT") is
        edge = [b for k, b in enumerate(blocks) if (k < 2 or k >= len(blocks) - 2)
                and not (b.table and k + 1 < len(blocks) and blocks[k + 1].table)]
        for b in {key(b): b for b in edge}.values():
            edges[key(b)] = edges.get(key(b), 0) + 1
    running = {k for k, n in edges.items() if n >= 2 and len(k) < 200}
    out: list[Block] = []
    for blocks in pages:
        kept = [b for b in blocks if key(b) not in running]
        if out and kept and not out[-1].table and not kept[0].table \
                and not out[-1].text.rstrip().endswith((".", "!", "?", ":", '"', "”")) \
                and (kept[0].text[:1].islower() or _OPEN_END.search(out[-1].text)):
            out[-1] = Block(text=f"{out[-1].text} {kept[0].text}", page=out[-1].page, style=out[-1].style,
                            bold=out[-1].bold)
            kept = kept[1:]
        out.extend(kept)
    return out


def _screen(pdf: Any, deadline: float) -> None:
    """Walk the pages' content with the clerk's bounded reader before pdftotext does.

    pdftotext has no bound of its own: a 5 KB content stream that inflates twice
    over to 2 GB, or forms that draw each other 40**7 times, keep it busy until
    the sandbox's wall clock stops it (45 s). The bounded reader refuses both in
    a fraction of a second; anything else it cannot read is left to pdftotext."""
    import pikepdf

    from reportgen.intake.checks import bounded_bytes
    from reportgen.intake.pdftext import Exhausting, TextError, pdf_text

    try:
        pdf_text(pdf, stream_reader=bounded_bytes, deadline=deadline)
    except Exhausting as err:
        raise ExtractError(EXHAUSTING.format(why=err)) from None
    except (TextError, pikepdf.PdfError, ValueError, TypeError, KeyError, AttributeError, IndexError):
        pass


def _gutter(lines: list[str]) -> int | None:
    """The column of a two-column page's gutter in ``pdftotext -layout`` text, or None.

    ``-layout`` keeps each line's horizontal position, so a page set in two
    columns prints both columns side by side on one line; read as is, every
    sentence would run across the page. A gutter is a character column in the
    middle of the page that few lines cross while a good share of lines have
    text on each side of it (a one-column page's prose crosses every column;
    a table on it has gaps on its few rows only)."""
    texty = [ln for ln in lines if ln.strip()]
    width = max((len(ln) for ln in texty), default=0)
    if len(texty) < 12 or width < 60:
        return None
    scores: list[tuple[int, int]] = []
    for x in range(int(width * 0.3), int(width * 0.7)):
        crossing = sum(1 for ln in texty if _crosses(ln, x))
        left = sum(1 for ln in texty if ln[:x - 1].strip())
        right = sum(1 for ln in texty if ln[x + 2:].strip())
        if crossing <= 0.15 * len(texty) and min(left, right) - crossing >= 0.3 * len(texty):
            scores.append((crossing, x))
    if not scores:
        return None
    # a wide table's gaps between cells are no gutter: a column of prose is one run of text a line,
    # while table rows hold several cells on one side of the gap
    x0 = scores[len(scores) // 2][1]
    celled = sum(1 for ln in texty if len(_segments(ln[:x0])) >= 2 or len(_segments(ln[x0:])) >= 2)
    if celled > 0.3 * len(texty):
        return None
    fewest = min(c for c, _ in scores)
    xs = [x for c, x in scores if c == fewest]
    return xs[len(xs) // 2]


def _crosses(line: str, x: int) -> bool:
    """Whether text runs through column ``x`` (a character there, or one on each side of a single space)."""
    padded = line.ljust(x + 2)
    return padded[x] != " " or (padded[x - 1] != " " and padded[x + 1] != " ")


def _columns(page_text: str) -> list[tuple[list[str], bool]]:
    """The page's lines in reading order: a two-column band's left column, then its right column;
    lines that cross the gutter (titles, footers) stay whole. Each run says whether it is a column."""
    lines = page_text.splitlines()
    x = _gutter(lines)
    if x is None:
        return [(lines, False)]
    runs: list[tuple[list[str], bool]] = []
    left: list[str] = []
    right: list[str] = []

    def close() -> None:
        if left or right:
            runs.extend([(list(left), True), ([""], False), (list(right), True)])
            left.clear()
            right.clear()

    for ln in lines:
        if _crosses(ln, x):
            close()
            runs.append(([ln], False))
        elif not ln.strip():  # a blank line of the page is a break in both columns
            left.append("")
            right.append("")
        else:  # a line blank in one column only is the other column's line, not a paragraph break
            if ln[:x].strip():
                left.append(ln[:x].rstrip())
            if ln[x:].strip():
                right.append(ln[x:])
    close()
    return runs


def _pdf_blocks(page_text: str, page: int) -> list[Block]:
    """Group a page's lines into paragraphs, column by column on a two-column page:
    a blank line, or a line clearly shorter than its column's lines that ends
    without punctuation, closes a paragraph. On a one-column page, a band of
    lines set as a table (:func:`_table_bands`) becomes one block per row."""
    blocks: list[Block] = []
    for lines, column in _columns(page_text):
        lengths = sorted(len(re.sub(r"\s{2,}", " ", ln).strip()) for ln in lines if ln.strip())
        # "short" against the lines' own width: a column's, or a page set in a narrow or wide font
        short = int(0.8 * lengths[int(0.9 * (len(lengths) - 1))]) if (column or len(lengths) >= 8) and lengths else 70
        if column:
            blocks.extend(_line_blocks(lines, page, short))
            continue
        for drawn, is_drawn in _drawn_bands(lines):
            if is_drawn:
                blocks.extend(Block(text=" | ".join(cells), page=page, table=True) for cells in _drawn_rows(drawn))
            else:
                blocks.extend(_undrawn_blocks(drawn, page, short))
    return blocks


def _undrawn_blocks(lines: list[str], page: int, short: int) -> list[Block]:
    """A one-column run of lines with no table drawn in characters: tables found from the spacing, then prose."""
    blocks: list[Block] = []
    for part, spaced in _spaced_bands(lines):
        if spaced:
            blocks.extend(Block(text=" | ".join(cells), page=page, table=True) for cells in _spaced_rows(part))
            continue
        for band, is_table in _table_bands(part):
            if is_table:
                rows = _form_rows(band) or _table_rows(band)
                blocks.extend(Block(text=" | ".join(cells), page=page, table=True) for cells in rows)
            else:
                blocks.extend(_line_blocks(band, page, short))
    return blocks


#: A table drawn in characters, as a system print sets one: a row between bars ("| RUIZ, ANA | 9 | Y |"), a rule
#: ("+----+----+", "|----|----|", "=========="), a label and its value joined by a dotted leader
#: ("Caregiver willing to adopt ........ Y").
_DRAWN_ROW = re.compile(r"^\s*[|│┃](?:[^|│┃]*[|│┃]){2,}\s*$")
_RULE = re.compile(r"^\s*[+|│┃├┼┤]?[-=─━_+|│┃├┼┤ ]{4,}\s*$")
_LEADER = re.compile(r"^\s*(\S[^.]*?\S)\s?\.{4,}\s?(\S.*?)\s*$")


def _drawn_bands(lines: list[str]) -> list[tuple[list[str], bool]]:
    """The page's lines cut into tables drawn in characters (two rows or more between bars, or two leader
    lines or more, with their rules) and the rest."""
    def run(i: int) -> tuple[int, bool]:
        j = i
        kind = _DRAWN_ROW if _DRAWN_ROW.match(lines[i]) or _RULE.match(lines[i]) and re.search(r"[-=─━]", lines[i]) \
            else _LEADER if _LEADER.match(lines[i]) else None
        while kind is not None and j < len(lines) and (kind.match(lines[j]) or (
                kind is _DRAWN_ROW and _RULE.match(lines[j]) and re.search(r"[-=─━]", lines[j]))):
            j += 1
        return j, kind is not None and sum(1 for ln in lines[i:j] if kind.match(ln)) >= 2

    return _cut_bands(lines, run)


def _cut_bands(lines: list[str], run: Callable[[int], tuple[int, bool]]) -> list[tuple[list[str], bool]]:
    """Lines cut into table bands and the prose between them. ``run(i)`` says where a run starting at line
    ``i`` ends and whether it is a table; a run that is not a table moves the cut on to its end (at least
    one line)."""
    out: list[tuple[list[str], bool]] = []
    i, start = 0, 0
    while i < len(lines):
        j, table = run(i)
        if table:
            if start < i:
                out.append((lines[start:i], False))
            out.append((lines[i:j], True))
            start = i = j
        else:
            i = max(j, i + 1)
    if start < len(lines):
        out.append((lines[start:], False))
    return out


def _drawn_rows(band: list[str]) -> list[list[str]]:
    """A character-drawn table's rows: with rules between its rows, the lines between two rules are one row
    (a cell wrapped over lines joined); without, each line is a row unless its first cell is blank (the
    wrapped rest of the row above). Leader lines are a label and its value each."""
    if all(_LEADER.match(ln) for ln in band):
        return [[m.group(1), m.group(2)] for ln in band if (m := _LEADER.match(ln))]
    ruled = any(_RULE.match(ln) and not _DRAWN_ROW.match(ln) for ln in band[1:-1])
    rows: list[list[str]] = []
    fresh = True
    for ln in band:
        if _RULE.match(ln) and re.search(r"[-=─━]", ln) and not re.search(r"\w", ln):
            fresh = True
            continue
        cells = [c.strip() for c in re.split(r"[|│┃]", ln.strip())[1:-1]]
        if rows and len(cells) == len(rows[-1]) and ((ruled and not fresh) or (not ruled and not cells[0])):
            rows[-1] = [_join_wrapped(a, b) for a, b in zip(rows[-1], cells, strict=True)]
        elif any(cells):
            rows.append(cells)
        fresh = False
    for row in rows:
        while row and not row[-1]:
            row.pop()
    return [row for row in rows if any(row)]


#: A label and its value in a form's line ("CAREGIVER WILLING TO ADOPT:   Y", "Home approved: Yes").
_FORM_LABEL = re.compile(r"^[A-Za-z][\w'’ /&()?,.-]{1,60}:$")


def _form_rows(band: list[str]) -> list[list[str]] | None:
    """A band of a form's lines, each one or more labels with their values side by side ("CAREGIVER WILLING TO
    ADOPT:   Y        HOME APPROVED:   Y"), as one label | value row per pair, in reading order; a line with
    text only under a value carries that value on. None when the band is not such a form (a table's rows are
    read by :func:`_table_rows`): read as a table, the labels of two lines would be joined into one cell."""
    rows: list[list[str]] = []
    pairs = 0
    side_by_side = False
    for line in band:
        segs = _segments(line)
        if not segs:
            continue
        if len(segs) == 1 and rows and not _FORM_LABEL.match(segs[0][1]) and segs[0][0] > 0:
            rows[-1][1] = f"{rows[-1][1]} {segs[0][1]}".strip()  # the wrapped rest of the value above
            continue
        k = 0
        while k < len(segs):
            text = segs[k][1]
            if not _FORM_LABEL.match(text) or k + 1 >= len(segs) or _FORM_LABEL.match(segs[k + 1][1]):
                return None
            rows.append([text, segs[k + 1][1]])
            pairs += 1
            k += 2
        side_by_side = side_by_side or len(segs) >= 4
    # a band of one pair a line is a plain label | value table, which :func:`_table_rows` reads as well
    return rows if pairs >= 2 and side_by_side else None


#: Cells of a printed table set in a fixed-width font may be kept apart by only two spaces.
_NARROW_GAP = re.compile(r"(?<=\S) {2,}(?=\S)")


def _spaced_bands(lines: list[str]) -> list[tuple[list[str], bool]]:
    """Prose lines cut where a table set with narrow gaps sits among them (a system print in a fixed-width
    font: "RUIZ, ANA   9    RELATIVE HOME  QUILL, ROSA  Y"): a run of three or more lines, each with two gaps
    of two spaces or more, whose gaps line up into at least two columns blank on every line of the run."""
    def run(i: int) -> tuple[int, bool]:
        j = i
        while j < len(lines) and len(_NARROW_GAP.findall(lines[j].strip())) >= 2:
            j += 1
        rows = lines[i:j]
        cuts = _filled(rows, _gutters(rows)) if j - i >= 3 else []
        # only where some gutter is narrower than three spaces on a line (wider ones are :func:`_table_bands`'
        # to find), and every line is one whole row: its first cell and all others but one filled, none opening
        # in lower case (a table whose cells wrap over several lines is :func:`_table_rows`')
        narrow = any(len(ln) > c and ln[c] != " " and ln[c - 3:c].strip() for c in cuts for ln in rows)
        whole = all(cells[0] and sum(1 for c in cells if not c) <= 1 and not any(c[:1].islower() for c in cells)
                    for cells in (_cut_at(ln, cuts) for ln in rows))
        return j, len(cuts) >= 2 and narrow and whole

    return _cut_bands(lines, run)


def _gutters(lines: list[str]) -> list[int]:
    """The columns that part a band's cells: runs of at least two characters blank on every line, with text
    on both sides on most lines; each given by where its cell (the text after it) begins."""
    width = max(len(ln) for ln in lines)
    left = min(len(ln) - len(ln.lstrip()) for ln in lines)
    blank = [all(x >= len(ln) or ln[x] == " " for ln in lines) for x in range(width)]
    out: list[int] = []
    x = left
    while x < width:
        if not blank[x]:
            x += 1
            continue
        end = x
        while end < width and blank[end]:
            end += 1
        both = sum(1 for ln in lines if ln[left:x].strip() and ln[end:].strip())
        # one character wide only where a single line (a header with a long name) closes a wider gap of the others
        wide = sum(1 for ln in lines if x >= len(ln) or ln[x - 1:x] == " " or ln[end:end + 1] in (" ", ""))
        if (end - x >= 2 or wide >= len(lines) - 1) and end < width and both * 2 > len(lines):
            out.append(end)
        x = end
    return out


def _filled(lines: list[str], cuts: list[int]) -> list[int]:
    """The cuts left once a column filled on one line only (a header's second word, "Same | home?", over
    a column of short answers) is joined to the column before it."""
    kept = list(cuts)
    k = 0
    while k < len(kept):
        nxt = kept[k + 1] if k + 1 < len(kept) else None
        if sum(1 for ln in lines if ln[kept[k]:nxt].strip()) <= 1:
            del kept[k]
        else:
            k += 1
    return kept


def _cut_at(line: str, cuts: list[int]) -> list[str]:
    """A line's cells, cut where each column begins."""
    bounds = [0, *cuts, max(len(line), cuts[-1] if cuts else 0) + 1]
    return [line[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]


def _spaced_rows(band: list[str]) -> list[list[str]]:
    """A narrow-gapped table's rows, cut at its gutters (:func:`_gutters`); a line whose first cell is blank
    carries the wrapped rest of the row above."""
    cuts = _filled(band, _gutters(band))
    rows: list[list[str]] = []
    for line in band:
        cells = _cut_at(line, cuts)
        if rows and not cells[0] and any(cells):
            rows[-1] = [_join_wrapped(a, b) for a, b in zip(rows[-1], cells, strict=True)]
        elif any(cells):
            rows.append(cells)
    for row in rows:
        while row and not row[-1]:
            row.pop()
    return rows


#: No table on a page has more columns than this.
MAX_TABLE_COLUMNS = 24
#: Cells of a table in ``pdftotext -layout`` text are kept apart by a run of three or more spaces.
#: (The rest of a cell is optional and lazy: a cell of one character, "Y" or "9", ends at its own gap.)
_CELL_GAP = re.compile(r"\S(?:.*?\S)??(?=\s{3,}|\s*$)")


def _segments(line: str) -> list[tuple[int, str]]:
    """The runs of text of a layout line and the column each starts at."""
    segs = [(m.start(), m.group(0)) for m in _CELL_GAP.finditer(line) if m.group(0).strip()]
    if len(segs) > 1 and len(segs[0][1]) == 1 and not segs[0][1].isalnum():
        # a bullet ("•   2023: referral ...") opens its line's text; it is no cell of its own
        segs[:2] = [(segs[0][0], f"{segs[0][1]} {segs[1][1]}")]
    return segs


def _table_bands(lines: list[str]) -> list[tuple[list[str], bool]]:
    """The page's lines cut into prose and table bands. A table band is a run of
    at least two lines with two or more cells whose cells start at the same
    columns (or one line holding a short label and its text), with the lines between them that continue a cell (text only at
    those columns, or a first cell that opens in lower case or a bracket: the
    wrapped rest of a label such as "(07/01/2025)"). Prose set with wide word
    spacing does not make a band: its runs do not line up from line to line."""
    segs = [_segments(ln) for ln in lines]

    def run(i: int) -> tuple[int, bool]:
        starts = [x for x, _ in segs[i]]
        if len(starts) < 2:
            return i + 1, False
        columns = set(starts)
        j, rows = i + 1, 1
        while j < len(lines):
            here = segs[j]
            if not here:
                if j + 1 < len(lines) and len(segs[j + 1]) >= 2 and _aligned(segs[j + 1], columns):
                    j += 1
                    continue
                break
            if len(here) >= 2 and _aligned(here, columns, most=len(here) >= 3):
                rows += 1
                columns |= {x for x, _ in here}
                if len(columns) > MAX_TABLE_COLUMNS:
                    break
            elif not _aligned(here, columns):
                break
            elif here[0][0] == min(columns) and len(here) == 1 and not re.match(r"[a-z(\[]", here[0][1]):
                break  # a line of prose (or a heading) at the left margin ends the table
            j += 1
        # one row alone counts when it is a label and its text ("Siblings    None. ..."); a band of more columns
        # than a page has room for is no table (and would cost time in a hostile file)
        if len(columns) > MAX_TABLE_COLUMNS:
            return j, False
        table = rows >= 2 or (len(segs[i]) == 2 and len(segs[i][0][1].split()) <= 5 and segs[i][1][0] - starts[0] >= 12)
        return (j, True) if table else (i + 1, False)

    return _cut_bands(lines, run)


def _aligned(segments: list[tuple[int, str]], columns: set[int], most: bool = False) -> bool:
    """Whether the runs start at the columns: all of them, or with ``most`` (a row of three cells or
    more, under a header whose cells sit a little off theirs) more than half."""
    hits = sum(any(abs(x - c) <= 1 for c in columns) for x, _ in segments)
    return hits == len(segments) or (most and hits * 2 > len(segments))


def _table_rows(band: list[str]) -> list[list[str]]:
    """A table band's rows, each a list of cells (empty cells kept, so each stays under its header).

    A line starts a new row when its first column holds a new label (not a lower-case or bracketed
    continuation) and it fills every column the band's first line fills; a line that fills fewer
    ("Rourke | neglect | ..." under "Tessa | 34 | Gambling, ...") carries the wrapped rest of the row
    above. A header cell that runs over two columns ("Age Issues") is cut where the second begins."""
    lines = [_segments(ln) for ln in band]
    counts: dict[int, int] = {}
    for here in lines:
        for x, _ in here:
            c = next((c for c in counts if abs(x - c) <= 1), x)
            counts[c] = counts.get(c, 0) + 1
    columns = _merge_close(sorted(counts), lines)
    rows: list[list[str]] = []
    required: set[int] = set()
    for here in lines:
        if not here:
            continue
        here = [piece for x, text in here for piece in _cut(x, text, columns)]
        cells = {min(range(len(columns)), key=lambda c: abs(columns[c] - x)) for x, _ in here}
        first = here[0][0] <= columns[0] + 1
        if not rows:
            required = cells
        if not rows or (first and not re.match(r"[a-z(\[]", here[0][1]) and required <= cells):
            rows.append([""] * len(columns))
        row = rows[-1]
        for x, text in here:
            k = min(range(len(columns)), key=lambda c: abs(columns[c] - x))
            row[k] = _join_wrapped(row[k], text)
    out = []
    for row in rows:
        while row and not row[-1]:
            row.pop()
        if any(row):
            out.append(row)
    return out


#: Short words a cell's next line may open with ("of", "the"): a fragment that is none of them ends a broken word.
_SHORT_WORDS = frozenset(
    "a an as at be by do go he if in is it me my no of on or so to up us we ad am ex id ok "
    "and are but can did due for had has her him his how its may not now nor off old one our out own per "
    "she the too two use via was who why yet you all any day few new see set way age ago end met put ran "
    "run saw say six ten try yes ask got let lot men sat war won".split())


def _join_wrapped(cell: str, more: str) -> str:
    """A cell's text and its next line. A word too long for a narrow column is broken inside it, with no
    hyphen ("Concurren" / "t plan", "permanenc" / "e long term"): the line ends on a word of seven letters or
    more and the next opens on a fragment of one to three small letters that is no word; they join."""
    m = re.match(r"([a-z]{1,3})(?=[\s.,;:)]|$)", more)
    if cell and m and re.search(r"(?:^|[^\w'’-])[A-Za-z][a-z]{6,}$", cell) and m.group(1) not in _SHORT_WORDS:
        return f"{cell}{more}"
    return f"{cell} {more}".strip()


def _merge_close(columns: list[int], lines: list[list[tuple[int, str]]]) -> list[int]:
    """Columns a few characters apart that no line fills both of are one column: a cell's wrapped words set a
    little left of it ("Jose and Ana Ruiz" / "Paternal grandparents" two spaces left of "Relationship")."""
    out = list(columns)
    k = 1
    while k < len(out):
        a, b = out[k - 1], out[k]
        both = any(any(abs(x - a) <= 1 for x, _ in here) and any(abs(x - b) <= 1 for x, _ in here) for here in lines)
        if b - a <= 3 and not both:
            keep = a if sum(abs(x - a) <= 1 for here in lines for x, _ in here) >= \
                sum(abs(x - b) <= 1 for here in lines for x, _ in here) else b
            out[k - 1:k + 1] = [keep]
        else:
            k += 1
    return out


def _cut(x: int, text: str, columns: list[int]) -> list[tuple[int, str]]:
    """A run of text cut where a column begins inside it at a word's start (within 3 characters)."""
    for c in columns:
        if x + 2 < c < x + len(text) + 3:  # a short last word set a little left of its column ("resource No")
            spaces = [m.end() for m in re.finditer(r" ", text)]
            near = [k for k in spaces if abs(x + k - c) <= 4]
            if near:
                k = near[0]
                return [(x, text[:k].strip()), *_cut(c, text[k:], columns)]
    return [(x, text)]


_NUMBERED_HEADING = re.compile(r"^(?:[IVX]{1,5}|\d{1,2}|[A-H])\.\s+[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|and|the|for|to|on))*$")


def _line_blocks(lines: list[str], page: int, short: int) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(Block(text=" ".join(current), page=page))
            current.clear()

    for raw in lines:
        line = re.sub(r"\s{2,}", " ", raw).strip()
        if not line:
            flush()
            continue
        indented = len(raw) - len(raw.lstrip(" "))
        if current and indented >= 6 and current[-1].endswith((".", ":", ";")):
            flush()  # a first-line indent starts a new paragraph
        if current and len(line) < 60 and (line.isupper() or _NUMBERED_HEADING.match(line)) \
                and current[-1].endswith((".", ":", ";")):
            flush()  # a heading in capitals, or numbered ("IX. Case Plan"), right under a paragraph's last line
        elif current and len(line) < 40 and line[:1].isupper() and current[-1].endswith((".", ":", ";", "?", "!")) \
                and not re.search(r"[.,;:!?)\"”]$", line):
            flush()  # a short line with no sentence's end under one that ends a sentence: a sub-heading ("Camila")
        current.append(line)
        if len(line) < short and not line.endswith((",", "-", "and", "or", "the", "of", "to")):
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
        # The visible text against the embedded data: an edited report is read as text.
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
        # a caption set as a table in the page header ("In re ANA RUIZ, DOB ... | Case No. ..."), cell by cell
        for header_table in section.header.tables:
            for row in header_table.rows:
                for cell in row.cells:
                    for line in "\n".join(p.text for p in cell.paragraphs).splitlines():
                        add(Block(text=line.strip(), style="Header"))
    notes = _footnotes(document)
    for item in _body_items(document):
        if isinstance(item, Paragraph):
            runs = [r for r in item.runs if r.text.strip()]
            style = item.style.name if item.style is not None else ""
            bold = bool(runs) and all(r.bold or (r.style is not None and r.style.font.bold) for r in runs)
            add(Block(text=_paragraph_text(item).strip(), style=style or "", bold=bold))
            # a footnote is read right after the paragraph that calls it, in that paragraph's section
            for ref in item._p.xpath(".//w:footnoteReference/@w:id"):
                add(Block(text=notes.pop(str(ref), ""), style="Footnote"))
        elif isinstance(item, Table):
            for row in item.rows:
                add(Block(text=" | ".join(_row_cells(row)), table=True))
    return blocks


def _row_cells(row: Any) -> list[str]:
    """A Word table row's cells, each once (a cell merged across columns is repeated by python-docx: the same
    cell, not two that say the same thing, as "Yes | Yes" under "Willing? | Approved?" do). An empty cell is
    kept as "" so each cell stays under its column's header ("Ana | | Yes" under "Child | Caregiver | Willing?");
    empty cells at the row's end are dropped, as in a PDF's rows."""
    cells: list[str] = []
    seen: list[Any] = []
    for cell in row.cells:
        if any(cell._tc is tc for tc in seen):
            continue
        seen.append(cell._tc)
        cells.append(" ".join(t for p in cell.paragraphs if (t := _paragraph_text(p).strip())))
    while cells and not cells[-1]:
        cells.pop()
    return cells if any(cells) else []


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _body_items(document: Any) -> Iterator[Any]:
    """The body's paragraphs and tables in order, those inside block-level content controls (``w:sdt``,
    as Word sets a form's fields) included."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    def walk(parent: Any) -> Iterator[Any]:
        for child in parent.iterchildren():
            if child.tag == f"{_W}p":
                yield Paragraph(child, document._body)
            elif child.tag == f"{_W}tbl":
                yield Table(child, document._body)
            elif child.tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    yield from walk(content)

    yield from walk(document.element.body)


def _paragraph_text(paragraph: Any) -> str:
    """A paragraph's visible text, in order: its runs, hyperlinks and inline content controls (python-docx's
    text leaves out a content control's words), a legacy form check box as ☒ or ☐, no deleted text: neither a
    tracked deletion nor words struck through (an amended report strikes what the amendment replaces)."""
    out: list[str] = []
    for node in paragraph._p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}checkBox"):
        if node.tag == f"{_W}t":
            if not _struck(node.getparent()):
                out.append(node.text or "")
        elif node.tag == f"{_W}checkBox":
            mark = node.find(f"{_W}checked")
            if mark is None:
                mark = node.find(f"{_W}default")
            ticked = mark is not None and mark.get(f"{_W}val", "1") not in ("0", "false")
            out.append("☒ " if ticked else "☐ ")
        else:
            out.append("\t" if node.tag == f"{_W}tab" else "\n")
    return "".join(out)


def _struck(run: Any) -> bool:
    """Whether a run is struck through (single or double), which a reader takes as deleted."""
    props = run.find(f"{_W}rPr") if run is not None else None
    if props is None:
        return False
    for tag in ("strike", "dstrike"):
        mark = props.find(f"{_W}{tag}")
        if mark is not None and mark.get(f"{_W}val", "true") not in ("0", "false", "off"):
            return True
    return False


def _footnotes(document: Any) -> dict[str, str]:
    """The text of each footnote of a Word document by its id (``word/footnotes.xml``; none when absent)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.parser import parse_xml

    try:
        part = document.part.part_related_by(RT.FOOTNOTES)
        root = parse_xml(part.blob)
    except (KeyError, ValueError, SyntaxError):  # no footnotes part, or one that cannot be parsed
        return {}
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    out: dict[str, str] = {}
    for note in root.iter(f"{w}footnote"):
        if note.get(f"{w}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        paragraphs = [" ".join("".join(t.text or "" for t in p.iter(f"{w}t")).split()) for p in note.iter(f"{w}p")]
        text = " ".join(p for p in paragraphs if p)
        if text and note.get(f"{w}id") is not None:
            out[str(note.get(f"{w}id"))] = text[:5000]
    return out


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


def read_document(data: bytes, name: str) -> Extracted:
    """The sandbox worker's side of :func:`extract_bytes`: read the document here.

    ``pdftotext`` and python-docx want a path, so the bytes go into a private
    folder (:func:`reportgen.untrusted.scratch.private_file`) that is removed
    when the reading ends, or by the parent if the worker is killed."""
    from reportgen.untrusted.pool import worker_limits
    from reportgen.untrusted.scratch import private_file

    kind = sniff(data)
    with private_file(data, f".{kind or 'bin'}", worker_limits().temp_root) as path:
        return _run_child(path)


# --- in the parent --------------------------------------------------------------


def extract_bytes(data: bytes, timeout: float | None = None) -> Extracted:
    """Extract a document in a sandbox worker; raises :class:`ExtractError` with the reason."""
    from reportgen.untrusted import shared

    if len(data) > MAX_UPLOAD_BYTES:
        raise ExtractError(TOO_LARGE)
    try:
        answer = shared().run("extract", data, "upload", timeout=timeout)
    except SandboxError as err:
        raise ExtractError(str(err)) from None
    if "refused" in answer:
        raise ExtractError(str(answer["refused"]))
    return Extracted.from_json(answer["extracted"])


def extract_file(path: Path, timeout: float | None = None) -> Extracted:
    """:func:`extract_bytes` of a file on disk; raises :class:`ExtractError`."""
    try:
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise ExtractError(TOO_LARGE)
        data = path.read_bytes()
    except OSError as err:
        raise ExtractError(f"the file cannot be read: {err.strerror or err}") from None
    return extract_bytes(data, timeout)

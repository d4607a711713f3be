"""Reading a case from wherever a user has it: a JSON file, standard input, or a
reportgen PDF/DOCX that carries its case data inside.

Every way of failing becomes :class:`InvalidCase` with a message a social
worker can act on; nothing here lets a traceback reach the user. JSON is parsed
strictly (:mod:`reportgen.casejson`): a key given twice, ``NaN`` or a
5,000-digit number is refused with its path, never guessed at.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from reportgen import casejson
from reportgen.schema import InvalidCase, load_case_noting

#: A disposition case is a few hundred kilobytes at most; refuse far larger
#: input before parsing it, so a wrong file cannot exhaust memory.
MAX_CASE_BYTES = 5 * 1024 * 1024
#: Rendered reports are larger than their JSON; the embedded data is bounded
#: separately when it is extracted.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


def _read_bounded(stream: BinaryIO, limit: int, label: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InvalidCase([(label, f"is larger than {limit // (1024 * 1024)} MB; this is not a case file reportgen can read")])
    return data


def read_source_bytes(source: str, stdin: BinaryIO | None = None) -> tuple[bytes, str]:
    """Return the raw bytes of ``source`` ("-" for standard input) and a label for messages."""
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return _read_bounded(stream, MAX_DOCUMENT_BYTES, "standard input"), "standard input"
    path = Path(source)
    label = str(path)
    try:
        if path.is_dir():
            raise InvalidCase([(label, "is a folder, not a case file")])
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise InvalidCase([(label, f"is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB; this is not a case file reportgen can read")])
        with path.open("rb") as fh:
            return _read_bounded(fh, MAX_DOCUMENT_BYTES, label), label
    except FileNotFoundError:
        raise InvalidCase([(label, "no such file")]) from None
    except PermissionError:
        raise InvalidCase([(label, "cannot be read: permission denied")]) from None
    except IsADirectoryError:
        raise InvalidCase([(label, "is a folder, not a case file")]) from None
    except OSError as err:
        raise InvalidCase([(label, f"cannot be read: {err.strerror or err}")]) from None


def parse_json_case(data: bytes, label: str) -> Any:
    if len(data) > MAX_CASE_BYTES:
        raise InvalidCase([(label, f"is larger than {MAX_CASE_BYTES // (1024 * 1024)} MB; a case file is far smaller")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InvalidCase(
            [(label, f"is not UTF-8 text (bad byte at position {err.start}); save the file as UTF-8")]
        ) from None
    if not text.strip():
        raise InvalidCase([(label, "is empty")])
    try:
        return casejson.loads(text)
    except json.JSONDecodeError as err:
        raise InvalidCase(
            [(label, f"is not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}")]
        ) from None
    except casejson.CaseJsonError as err:
        raise InvalidCase(err.problems) from None
    except RecursionError:
        raise InvalidCase([(label, "is nested too deeply to be a case file")]) from None


def raw_case_from_bytes(data: bytes, label: str) -> Any:
    """Raw case data from JSON, or from the data embedded in a reportgen PDF or DOCX.

    A PDF or DOCX is opened only in a sandbox worker (:mod:`reportgen.untrusted`):
    it may be anyone's file, built to exhaust the reader."""
    if data.startswith(b"%PDF") or data.startswith(b"PK\x03\x04"):
        from reportgen.untrusted import embedded_case

        return embedded_case(data, label)
    return parse_json_case(data, label)


def embedded_case_here(data: bytes, label: str) -> Any:
    """The sandbox worker's side of :func:`raw_case_from_bytes` for a PDF or DOCX."""
    from reportgen.render.embed import EmbeddedDataError, extract_case_bytes

    try:
        return extract_case_bytes(data)
    except EmbeddedDataError as err:
        raise InvalidCase([(label, str(err))]) from None


def warn_on_stderr(notice: str) -> None:
    """Print a notice as a warning line on standard error (the exit status is unchanged)."""
    print(f"warning: {notice}", file=sys.stderr)


def read_case(
    source: str, stdin: BinaryIO | None = None, notify: Callable[[str], None] = warn_on_stderr
) -> dict[str, Any]:
    """Read and validate a case; raises :class:`InvalidCase` for every failure.

    What was changed on the way in (control characters removed from a field) is
    passed to ``notify``, by default a warning on standard error: the user must
    learn that the stored text differs from what they typed.
    """
    data, label = read_source_bytes(source, stdin)
    case, notices = load_case_noting(raw_case_from_bytes(data, label))
    for notice in notices:
        notify(notice)
    return case

"""What a sandbox worker can be asked to do with a document, one function per task.

Each takes the document's bytes and its name (used only in messages) and
returns plain JSON-able data; the parent-side functions in
:mod:`reportgen.untrusted` turn the answers back into the callers' types. A
task reports a bad document as data (a failing check, a refusal message); an
exception here means the reader itself failed, and the parent reports it as
that document's error.
"""

from __future__ import annotations

from typing import Any


def verify(data: bytes, name: str) -> dict[str, Any]:
    """The clerk's checks of one received PDF (:func:`reportgen.intake.verify_bytes`)."""
    from reportgen.intake import verify_bytes

    return verify_bytes(data, name).as_dict()


def extract(data: bytes, name: str) -> dict[str, Any]:
    """The attorney's reading of a PDF or DOCX: its text blocks, or its embedded case data."""
    from reportgen.review.extract import ExtractError, read_document

    try:
        return {"extracted": read_document(data, name).as_json()}
    except ExtractError as err:
        return {"refused": str(err)}


def case(data: bytes, name: str) -> dict[str, Any]:
    """The raw case data a reportgen PDF or DOCX carries (not yet validated)."""
    from reportgen.schema import InvalidCase
    from reportgen.sources import embedded_case_here

    try:
        return {"case": embedded_case_here(data, name)}
    except InvalidCase as err:
        return {"problems": [list(p) for p in err.problems]}


def case_json(data: bytes, name: str) -> dict[str, Any]:
    """Case JSON someone uploaded: parsed strictly and validated here, so that a
    file built to be expensive to parse or validate costs a worker, not the server."""
    from reportgen.schema import InvalidCase, load_case
    from reportgen.sources import parse_json_case

    try:
        raw = parse_json_case(data, name)
        load_case(raw)
    except InvalidCase as err:
        return {"problems": [list(p) for p in err.problems]}
    return {"case": raw}

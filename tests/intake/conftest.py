"""Rendered reports for the intake tests, made once per session, and the ways
a test tampers with them.

Rendering takes about a second per report, so each example is rendered once
(``as_of`` = its report date, as the render command does, so the timeline is
reproducible) and every test works on copies of the bytes.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import re
import warnings
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from reportgen.schema import load_case
from tests.conftest import BASE_CASE, EXAMPLES, read_json

OTHER_EXAMPLES = ("05-siblings-split.json", "02-no-concurrent-plan.json")


def render(raw_case: dict[str, Any]) -> bytes:
    from reportgen.render.pdf import render_pdf

    case = load_case(raw_case)
    # WeasyPrint 70 leaves its sRGB ICC profile file for the garbage collector
    # to close; that ResourceWarning is the renderer's, not what these tests check.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        data = render_pdf(case, as_of=case["court"]["report_date"])
        gc.collect()
    return data


@pytest.fixture(scope="session")
def base_raw() -> dict[str, Any]:
    return read_json(BASE_CASE)


@pytest.fixture(scope="session")
def base_pdf(base_raw: dict[str, Any]) -> bytes:
    """The complete example, rendered once."""
    return render(base_raw)


@pytest.fixture(scope="session")
def other_pdfs() -> dict[str, bytes]:
    """Two more examples, rendered once (different cases, different digests)."""
    return {name: render(read_json(EXAMPLES / name)) for name in OTHER_EXAMPLES}


def attached_json(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return pdf.attachments["case.json"].get_file().read_bytes()


def reseal(pdf: pikepdf.Pdf) -> bytes:
    """Save ``pdf`` the way reportgen's producer does, with a fresh length and
    digest in its trailer (as a forger who knows the record would, or as a
    second production of the same report)."""
    from reportgen.intake import integrity

    integrity.add_placeholders(pdf.trailer)
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return integrity.seal(out.getvalue())


def replace_attachment(data: bytes, new_json: bytes, sealed: bool = True) -> bytes:
    """The same PDF with its case.json stream's bytes replaced (size and checksum kept consistent),
    saved as one revision, as a forger with pikepdf would do it. ``sealed``: the
    forger also rewrites the recorded length and digest, so only the comparison
    of words and data can catch the change; without it ``unchanged`` fails too."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        stream = pdf.attachments["case.json"].obj.EF.F
        stream.write(new_json)
        params = stream.get("/Params")
        if isinstance(params, pikepdf.Dictionary):
            params.Size = len(new_json)
            params.CheckSum = pikepdf.String(hashlib.md5(new_json).digest())  # noqa: S324 - PDF's own checksum
        if sealed:
            return reseal(pdf)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def append_incremental_update(data: bytes) -> bytes:
    """Append a hand-written incremental update: a new Info object, an xref
    section for it and a trailer whose /Prev points at the original xref."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        size = int(pdf.trailer.Size)
        root_num, root_gen = pdf.Root.objgen
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    body = data if data.endswith(b"\n") else data + b"\n"
    obj_offset = len(body)
    obj = f"{size} 0 obj\n<< /Producer (edited after signing) >>\nendobj\n".encode()
    xref_offset = obj_offset + len(obj)
    xref = (
        f"xref\n0 1\n0000000000 65535 f \n{size} 1\n{obj_offset:010d} 00000 n \n"
        f"trailer\n<< /Size {size + 1} /Root {root_num} {root_gen} R /Info {size} 0 R /Prev {prev} >>\n"
        f"startxref\n{xref_offset}\n%%EOF\n"
    ).encode()
    return body + obj + xref


def resave(data: bytes, marker: str) -> bytes:
    """The same report produced again with a harmless private info key: new bytes,
    new digest, its own record of length and digest."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.docinfo["/ReportgenTestCopy"] = marker
        return reseal(pdf)


def case_json(raw: dict[str, Any]) -> bytes:
    return json.dumps(raw, ensure_ascii=False, indent=2).encode("utf-8")


def write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path

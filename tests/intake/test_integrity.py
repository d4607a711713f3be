"""'Unchanged since produced' is decided from the file's structure and the
length and digest recorded in it, not from how the file ends.

Each forgery below is made the way a forger's tool would make it, and each
must fail the ``unchanged`` check with a reason naming what was found. The
honest report passes. One forgery changes the mother's visits in both the
printed text and the embedded case data, through an incremental update: the
words match the data, and only ``unchanged`` tells the clerk.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
from collections.abc import Callable
from typing import Any

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.intake import integrity, verify_bytes
from reportgen.intake.result import FAIL, PASS
from tests.intake.conftest import append_incremental_update, attached_json, render


def unchanged(data: bytes) -> Any:
    result = verify_bytes(data, "received.pdf")
    return next(c for c in result.checks if c.name == "unchanged"), result


def failing(result: Any) -> set[str]:
    return {c.name for c in result.checks if c.status == FAIL}


# --- writing an incremental update, the way a forger's tool does it --------------


def _last_startxref(data: bytes) -> int:
    return int(re.findall(rb"startxref\s+(\d+)", data)[-1])


def _serialise(obj: pikepdf.Object) -> bytes:
    """One indirect object as it would be written into an update, uncompressed where it was."""
    number, generation = obj.objgen
    if isinstance(obj, pikepdf.Stream):
        raw = obj.read_raw_bytes()
        head = pikepdf.Dictionary(obj.stream_dict)
        head.Length = len(raw)
        body = head.unparse() + b"\nstream\n" + raw + b"\nendstream"
    else:
        body = obj.unparse(resolved=True)
    return f"{number} {generation} obj\n".encode() + body + b"\nendobj\n"


def incremental_update(original: bytes, edit: Callable[[pikepdf.Pdf], None], *, xref: str = "table",
                       tail: bytes = b"%%EOF\n", splice: bool = False) -> bytes:
    """``original`` with an update appended that holds every object of the
    edited document (changed or new), a cross-reference section for them
    (a classic table or an uncompressed xref stream) and a trailer whose /Prev
    points at the original's section. ``splice`` cuts the original's own
    ``startxref``/``%%EOF`` first, so the file keeps a single one; ``tail`` is
    what follows the new ``startxref`` offset (a comment may go before %%EOF)."""
    prev = _last_startxref(original)
    with pikepdf.open(io.BytesIO(original)) as pdf:
        edit(pdf)
        objects = [obj for obj in pdf.objects if obj.objgen[0] > 0 and not _is_xref_or_objstm(obj)]
        size = max(obj.objgen[0] for obj in pdf.objects) + 2
        root = pdf.Root.objgen
        info = pdf.trailer.get("/Info")
        info_ref = f" /Info {info.objgen[0]} {info.objgen[1]} R" if info is not None else ""
        ident = pdf.trailer.ID.unparse().decode()
        chunks = [(obj.objgen[0], _serialise(obj)) for obj in objects]
    body = original
    if splice:
        body = body[: body.rindex(b"startxref")]
    if not body.endswith(b"\n"):
        body += b"\n"
    offsets: list[tuple[int, int]] = []
    pos = len(body)
    parts = [body]
    for number, text in chunks:
        offsets.append((number, pos))
        parts.append(text)
        pos += len(text)
    trailer = f"/Size {size} /Root {root[0]} {root[1]} R{info_ref} /ID {ident} /Prev {prev}"
    if xref == "table":
        rows = "".join(f"{n} 1\n{off:010d} 00000 n \n" for n, off in offsets)
        section = f"xref\n{rows}trailer\n<< {trailer} >>\n".encode()
    else:
        xref_number = size - 1
        offsets.append((xref_number, pos))
        entries = b"".join(bytes([1]) + off.to_bytes(4, "big") + b"\0\0" for _, off in offsets)
        index = " ".join(f"{n} 1" for n, _ in offsets)
        section = (f"{xref_number} 0 obj\n<< /Type /XRef /W [1 4 2] /Index [{index}] {trailer} "
                   f"/Length {len(entries)} >>\nstream\n").encode() + entries + b"\nendstream\nendobj\n"
    parts.append(section)
    parts.append(f"startxref\n{pos}\n".encode() + tail)
    return b"".join(parts)


def _is_xref_or_objstm(obj: pikepdf.Object) -> bool:
    return isinstance(obj, pikepdf.Stream) and obj.stream_dict.get("/Type") in ("/XRef", "/ObjStm")


def set_producer(pdf: pikepdf.Pdf) -> None:
    pdf.docinfo["/Producer"] = "edited after production"


def producer_of(data: bytes) -> str:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return str(pdf.docinfo["/Producer"])


# --- the honest file --------------------------------------------------------------


def test_the_produced_report_records_its_length_and_digest(base_pdf):
    found = integrity.examine(base_pdf)
    assert found.unchanged and found.problems == []
    assert (found.xref_sections, found.trailers, found.startxrefs) == (1, 1, 1)
    assert found.recorded_length == len(base_pdf)
    check, result = unchanged(base_pdf)
    assert check.status == PASS and result.result == "pass"
    assert f"{len(base_pdf):,} bytes" in check.reason
    with pikepdf.open(io.BytesIO(base_pdf)) as pdf:  # the record is ordinary PDF: qpdf reads it
        assert int(pdf.trailer[integrity.LENGTH_KEY]) == len(base_pdf)
        recorded = str(pdf.trailer[integrity.DIGEST_KEY])
    at = base_pdf.index(recorded.encode())
    zeroed = base_pdf[:at] + b"0" * 64 + base_pdf[at + 64:]
    assert hashlib.sha256(zeroed).hexdigest() == recorded


def test_every_example_carries_the_record(other_pdfs):
    for name, data in other_pdfs.items():
        assert integrity.examine(data).unchanged, name


# --- incremental updates ----------------------------------------------------------


UPDATES = {
    "classic table": {},
    "xref stream": {"xref": "stream"},
    "comment line before %%EOF": {"tail": b"% a note\n%%EOF\n"},
    "comment line, xref stream": {"xref": "stream", "tail": b"%comment\n%%EOF"},
    "spliced before the final %%EOF": {"splice": True},
    "spliced, xref stream": {"splice": True, "xref": "stream"},
    "no %%EOF at all": {"tail": b""},
}


@pytest.mark.parametrize("how", list(UPDATES))
def test_an_incremental_update_fails_unchanged(base_pdf, how):
    forged = incremental_update(base_pdf, set_producer, **UPDATES[how])
    assert producer_of(forged) == "edited after production"  # a reader shows the update
    check, result = unchanged(forged)
    assert check.status == FAIL and result.result == "fail"
    assert "changed after it was produced" in check.reason
    assert "2 cross-reference section(s)" in check.reason
    assert "/Prev" in check.reason
    assert "bytes where the producer recorded" in check.reason
    if how.startswith("spliced"):
        assert "startxref" not in check.reason  # one startxref: caught by the sections, /Prev and length


def test_the_hand_written_update_of_the_fixture_fails(base_pdf):
    check, _ = unchanged(append_incremental_update(base_pdf))
    assert check.status == FAIL and "2 cross-reference section(s)" in check.reason


def test_forged_visits_in_text_and_data_fail_only_unchanged(base_raw, base_pdf):
    """The issue's forgery: the mother's visits changed in the printed pages and
    in the embedded case data alike, appended as an incremental update behind a
    comment before %%EOF. The words match the data; only the structure,
    length and digest show the change."""
    forged_case = copy.deepcopy(base_raw)
    mother = next(p for p in forged_case["parents"] if p["role"] == "mother")
    assert mother["visitation"]["frequency"] == "Three times a week"
    mother["visitation"]["frequency"] = "Once a month"
    forged_render = render(forged_case)
    forged_json = attached_json(forged_render)

    def swap_pages_and_data(pdf: pikepdf.Pdf) -> None:
        with pikepdf.open(io.BytesIO(forged_render)) as source:
            count = len(pdf.pages)
            pdf.pages.extend(source.pages)
            for _ in range(count):
                del pdf.pages[0]
        stream = pdf.Root.AF[0].EF.F
        stream.write(forged_json)
        stream.Params.Size = len(forged_json)
        stream.Params.CheckSum = pikepdf.String(hashlib.md5(forged_json).digest())  # noqa: S324 - PDF's own checksum

    forged = incremental_update(base_pdf, swap_pages_and_data, tail=b"%comment\n%%EOF\n")
    assert attached_json(forged) == forged_json
    result = verify_bytes(forged, "forged.pdf")
    assert next(c for c in result.checks if c.name == "text_matches_data").status == PASS
    assert failing(result) == {"unchanged"}
    assert result.result == "fail"


# --- changes without an update ---------------------------------------------------


def _stream_data_range(data: bytes) -> tuple[int, int]:
    """Where the raw (compressed) bytes of the last page's content stream lie."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        number, generation = pdf.pages[-1].obj.Contents.objgen
    head = data.index(f"\n{number} {generation} obj".encode())
    start = data.index(b"stream\n", head) + len(b"stream\n")
    return start, data.index(b"endstream", start)


def test_one_byte_changed_inside_a_stream_fails(base_pdf):
    start, _ = _stream_data_range(base_pdf)
    forged = bytearray(base_pdf)
    forged[start + 5] ^= 0x01
    check, _ = unchanged(bytes(forged))
    assert len(forged) == len(base_pdf)
    assert check.status == FAIL
    assert "SHA-256 over the file's bytes differs" in check.reason
    assert "bytes where the producer recorded" not in check.reason  # the length is the same


def test_trailing_bytes_after_eof_fail(base_pdf):
    for extra in (b"\n", b"\n% a note\n", b"\0\0\0", b"garbage"):
        check, _ = unchanged(base_pdf + extra)
        assert check.status == FAIL
        assert f"{len(base_pdf) + len(extra):,} bytes where the producer recorded {len(base_pdf):,}" in check.reason


def test_a_whole_rewrite_by_qpdf_fails(base_pdf):
    """qpdf keeps the trailer's record, so a re-save carries the old length and digest."""
    with pikepdf.open(io.BytesIO(base_pdf)) as pdf:
        set_producer(pdf)
        out = io.BytesIO()
        pdf.save(out)
    check, _ = unchanged(out.getvalue())
    assert check.status == FAIL
    assert "differs from the one recorded" in check.reason


def test_a_rewrite_without_the_record_fails_as_unrecorded(base_pdf):
    """Removing the record is the easy way to hide an edit, so a file without one
    fails: 'made before reportgen recorded it' cannot be told from 'removed'."""
    with pikepdf.open(io.BytesIO(base_pdf)) as pdf:
        del pdf.trailer[integrity.LENGTH_KEY]
        del pdf.trailer[integrity.DIGEST_KEY]
        set_producer(pdf)
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    check, result = unchanged(out.getvalue())
    assert check.status == FAIL and result.result == "fail"
    assert check.reason.startswith("made before reportgen recorded its length and digest")
    assert "structure checked only" in check.reason


def test_an_unrecorded_file_with_an_update_names_the_update(base_pdf):
    with pikepdf.open(io.BytesIO(base_pdf)) as pdf:
        del pdf.trailer[integrity.LENGTH_KEY]
        del pdf.trailer[integrity.DIGEST_KEY]
        out = io.BytesIO()
        pdf.save(out)
    check, _ = unchanged(append_incremental_update(out.getvalue()))
    assert check.status == FAIL and "2 cross-reference section(s)" in check.reason


def _patch_digest(data: bytes) -> bytes:
    """Recompute the recorded digest over ``data`` (digest zeroed), as a forger
    who knows the scheme would, leaving the recorded length as it is."""
    match = re.search(rb"/ReportgenSHA256 \(([0-9a-f]{64})\)", data[data.rindex(b"/Type /XRef") - 4000:])
    assert match is not None
    at = data.rindex(match.group(1))
    zeroed = data[:at] + b"0" * 64 + data[at + 64:]
    return zeroed[:at] + hashlib.sha256(zeroed).hexdigest().encode() + zeroed[at + 64:]


def test_digest_recomputed_for_forged_bytes_but_length_left_fails(base_pdf):
    forged = bytearray(base_pdf)
    start, _ = _stream_data_range(base_pdf)
    forged[start + 5] ^= 0x01
    forged_bytes = _patch_digest(bytes(forged) + b"\n%%EOF\n")
    check, _ = unchanged(forged_bytes)
    assert check.status == FAIL
    assert "bytes where the producer recorded" in check.reason
    assert "SHA-256" not in check.reason  # the digest itself now agrees: the length gives it away


def test_the_record_is_not_a_signature(base_pdf):
    """The limit, stated in the module and the README: a forger who changes bytes
    in place and recomputes the digest passes this check. What catches them is
    the file's SHA-256 against the one the agency kept (the ``digest`` check and
    the index print it)."""
    forged = bytearray(base_pdf)
    start, _ = _stream_data_range(base_pdf)
    forged[start + 5] ^= 0x01
    resealed = _patch_digest(bytes(forged))
    check, result = unchanged(resealed)
    assert check.status == PASS
    assert result.sha256 != hashlib.sha256(base_pdf).hexdigest()


def test_a_damaged_record_fails(base_pdf):
    at = base_pdf.rindex(b"/ReportgenSHA256 (") + len(b"/ReportgenSHA256 (")
    forged = base_pdf[:at] + b"z" + base_pdf[at + 1:]
    check, _ = unchanged(forged)
    assert check.status == FAIL and "damaged" in check.reason


def test_a_pdf_from_elsewhere_fails_as_unrecorded():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    check, _ = unchanged(out.getvalue())
    assert check.status == FAIL and check.reason.startswith("made before reportgen recorded")


# --- generated forgeries -------------------------------------------------------------

HYPOTHESIS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def forgeries(draw: st.DrawFn, size: int) -> tuple[str, int, bytes]:
    """A change at a generated position: a byte flipped, bytes inserted, bytes
    removed, or bytes appended (an update's tail, a comment, garbage)."""
    kind = draw(st.sampled_from(["flip", "insert", "delete", "append"]))
    position = draw(st.integers(0, size - 1))
    pdfish = st.sampled_from([b"%comment\n", b"%%EOF\n", b"startxref\n0\n%%EOF\n", b"\n", b" ", b"\0",
                              b"1 0 obj\n<< >>\nendobj\n", b"xref\n0 1\n0000000000 65535 f \n"])
    content = draw(st.one_of(st.binary(min_size=1, max_size=64), pdfish))
    return kind, position, content


def apply(data: bytes, forgery: tuple[str, int, bytes]) -> bytes:
    kind, position, content = forgery
    if kind == "flip":
        out = bytearray(data)
        out[position] ^= content[0] or 0x20
        return bytes(out)
    if kind == "insert":
        return data[:position] + content + data[position:]
    if kind == "delete":
        return data[:position] + data[position + len(content):]
    return data + content


@HYPOTHESIS
@given(data=st.data())
def test_generated_forgeries_never_pass(base_pdf, data):
    forgery = data.draw(forgeries(len(base_pdf)))
    forged = apply(base_pdf, forgery)
    if forged == base_pdf:
        return  # deleting past the end can leave the file as it was
    found = integrity.examine(forged)
    assert not found.unchanged, forgery[0]


@HYPOTHESIS
@given(tail=st.sampled_from([b"%%EOF\n", b"% x\n%%EOF\n", b"%%EOF", b"\r\n%%EOF\r\n", b""]),
       xref=st.sampled_from(["table", "stream"]), splice=st.booleans(),
       note=st.text(alphabet=st.characters(codec="latin-1", exclude_characters="()\\"), max_size=40))
def test_generated_updates_never_pass(base_pdf, tail, xref, splice, note):
    def edit(pdf: pikepdf.Pdf) -> None:
        pdf.docinfo["/Producer"] = note or "x"

    found = integrity.examine(incremental_update(base_pdf, edit, xref=xref, tail=tail, splice=splice))
    assert not found.unchanged
    assert found.xref_sections == 2


@pytest.mark.parametrize("filler", [b"startxref ", b"startxref\n", b"xref\n", b"trailer<<", b"/Type/XRef ",
                                    b"/ReportgenLength 1 ", b"9" * 64])
def test_a_keyword_repeated_a_million_times_fails_plainly(base_pdf, filler):
    """Counting stops after a hundred markers (or ten thousand occurrences), so
    a file built to make the count slow fails like any other changed file."""
    hostile = base_pdf[:-6] + filler * (2_000_000 // len(filler)) + base_pdf[-6:]
    found = integrity.examine(hostile)
    assert not found.unchanged and found.problems
    check, _ = unchanged(hostile)
    assert check.status == FAIL and "changed after it was produced" in check.reason


def test_the_count_says_or_more_past_its_cap(base_pdf):
    hostile = base_pdf + b"\nstartxref\n0\n%%EOF\n" * 300
    assert "100 or more startxref markers" in " ".join(integrity.examine(hostile).problems)


def test_structure_words_in_the_case_number_are_not_structure(base_raw):
    """The XMP metadata is the one uncompressed stream, and it carries the case
    number as typed: words a forger's update would use there must not make an
    honest report fail."""
    raw = copy.deepcopy(base_raw)
    raw["court"]["case_number"] = "JV-1 /Type /XRef trailer<< xref startxref 0 /Prev 9"
    data = render(raw)
    assert b"/Type /XRef trailer" in data  # the XMP keeps it readable
    found = integrity.examine(data)
    assert found.unchanged, found.problems
    assert (found.xref_sections, found.trailers, found.startxrefs) == (1, 1, 1)


def test_a_packet_outside_a_metadata_stream_hides_nothing(base_pdf):
    """Only a metadata stream's own packet is skipped: an update wrapped in
    xpacket markers is still counted."""
    forged = incremental_update(base_pdf, set_producer)
    cut = len(base_pdf)
    wrapped = forged[:cut] + b"<?xpacket begin=\"\"?>\n" + forged[cut:-30] + b"<?xpacket end=\"w\"?>\n" + forged[-30:]
    assert integrity.examine(wrapped).xref_sections == 2

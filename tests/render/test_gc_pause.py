"""The PDF renderer pauses Python's cyclic garbage collector while WeasyPrint
works (a speed measure, see reportgen/render/pdf.py); it must always resume it."""

from __future__ import annotations

import gc
import threading

import pytest

from reportgen.case import Case
from reportgen.render import pdf as pdf_module
from reportgen.schema import load_case
from tests.conftest import BASE_CASE, read_json


def test_paused_while_writing_and_resumed_after(monkeypatch):
    seen: list[bool] = []
    original = pdf_module._fix_up
    monkeypatch.setattr(pdf_module, "_fix_up", lambda d, p: (seen.append(gc.isenabled()), original(d, p)))
    case = load_case(read_json(BASE_CASE))
    assert gc.isenabled()
    pdf_module.render_pdf(case, as_of=Case(case).report_date)
    assert seen == [False]
    assert gc.isenabled()


def test_resumed_when_rendering_fails(monkeypatch):
    def broken(document, pdf):
        raise RuntimeError("midway")

    monkeypatch.setattr(pdf_module, "_fix_up", broken)
    case = load_case(read_json(BASE_CASE))
    with pytest.raises(RuntimeError, match="midway"):
        pdf_module.render_pdf(case, as_of=Case(case).report_date)
    assert gc.isenabled()


def test_left_off_if_it_was_off():
    gc.disable()
    try:
        with pdf_module._gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def overlapping(first_ends_first: bool) -> list[tuple[str, bool]]:
    """Two renders that overlap; returns (moment, collector enabled) pairs."""
    entered, release = threading.Event(), threading.Event()
    seen: list[tuple[str, bool]] = []

    def first():
        with pdf_module._gc_paused():
            entered.set()
            release.wait(5)
        seen.append(("first ended", gc.isenabled()))

    thread = threading.Thread(target=first)
    thread.start()
    entered.wait(5)
    with pdf_module._gc_paused():
        seen.append(("second inside", gc.isenabled()))
        if first_ends_first:
            release.set()
            thread.join(5)
            seen.append(("second inside, first ended", gc.isenabled()))
    seen.append(("second ended", gc.isenabled()))
    release.set()
    thread.join(5)
    seen.append(("both ended", gc.isenabled()))
    return seen


def test_a_render_inside_anothers_pause_does_not_extend_it():
    assert overlapping(first_ends_first=False) == [
        ("second inside", False), ("second ended", False), ("first ended", True), ("both ended", True)]


def test_the_pause_ends_with_the_render_that_took_it():
    assert overlapping(first_ends_first=True) == [
        ("second inside", False), ("first ended", True), ("second inside, first ended", True),
        ("second ended", True), ("both ended", True)]

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


def test_overlapping_renders_resume_only_when_the_last_ends():
    first_in, second_done = threading.Event(), threading.Event()
    states: list[bool] = []

    def first():
        with pdf_module._gc_paused():
            first_in.set()
            second_done.wait(5)
            states.append(gc.isenabled())

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with pdf_module._gc_paused():
        pass
    states.append(gc.isenabled())  # the first render is still running
    second_done.set()
    thread.join(5)
    assert states == [False, False]
    assert gc.isenabled()

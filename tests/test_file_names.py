"""A file name is shown as it is on disk, never reordered: bidirectional controls and other
unprintable characters in it are written as escapes by the clerk's and the attorney's commands
(bidi controls are refused in identifiers such as case numbers and file names)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.textnorm import BIDI_CONTROLS, visible_name
from tests.conftest import ROOT

RENDERED = sorted((ROOT / "examples" / "rendered").glob("01-*.pdf"))[0]
SPOOF = "JV-\u202e123-999.pdf"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from([*BIDI_CONTROLS, "a", "1", "-", ".", "\n", "\x1b", "\u00e9", "\u0634"])))
def test_a_visible_name_has_no_control_and_keeps_every_printable_character(name: str):
    shown = visible_name(name)
    assert shown.isprintable() and not set(shown) & BIDI_CONTROLS
    assert [c for c in shown if c not in "\\u0123456789abcdef"] == [
        c for c in name if c.isprintable() and c not in BIDI_CONTROLS and c not in "\\u0123456789abcdef"]


@pytest.mark.parametrize("command", [["verify"], ["review"]])
def test_commands_print_a_spoofing_file_name_as_escapes(tmp_path: Path, command: list[str]):
    target = tmp_path / SPOOF
    shutil.copyfile(RENDERED, target)
    out = subprocess.run([str(Path(sys.executable).with_name("reportgen")), *command, str(target)],
                         capture_output=True, text=True, timeout=180)
    text = out.stdout + out.stderr
    assert out.returncode in (0, 1), text
    assert "\u202e" not in text
    assert "JV-\\u202e123-999.pdf" in text

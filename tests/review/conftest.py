"""Shared helpers for the review tests.

Extraction runs in a child process (about a quarter of a second each), so a
report is reviewed once per test session and the result reused by every test
that asks for it (under xdist, once per worker that needs it).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from reportgen.review import ReviewResult, review_path

CORPUS = Path(__file__).resolve().parent / "corpus"
EXPECTED: dict[str, list[str]] = yaml.safe_load((CORPUS / "expected.yml").read_text(encoding="utf-8"))
CODES = {"CP101", "CP105", "CP106", "CP108", "CP111", "SB201", "SB203", "SB205"}
FORMATS = ("docx", "pdf")


def corpus_file(name: str, fmt: str) -> Path:
    return CORPUS / fmt / f"{name}.{fmt}"


@cache
def reviewed(path: Path) -> ReviewResult:
    """Review a file once per session."""
    return review_path(path)

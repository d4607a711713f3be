"""The project speaks of itself alone: no file points at documents outside the repository or at
the numbers of the tickets that asked for a change. What a reader needs is in the repository
(docs/law.md for the law behind the rules, docs/design.md for the design and the exit codes)."""

from __future__ import annotations

import re

from tests.conftest import ROOT

#: Documents that lived beside the repository, a path out of it, and ticket numbers
#: ("issue 12", "issues 6 and 12", "issue-4", "issue #7").
OUTSIDE = re.compile(r"(?<![\w/])(?:DOMAIN|DESIGN|TOOLCHAIN|STYLE|DEVELOPERS)\.md\b|\.\./shared\b"
                     r"|\b(?i:issues?) ?[-#]?\d")
SCANNED = ("README.md", "pyproject.toml", "reportgen", "docs", "tests", "bench", "scripts", "templates", "forms", ".ci")
TEXT_SUFFIXES = {".py", ".md", ".yml", ".yaml", ".toml", ".html", ".css", ".js", ".sh", ".txt", ".json", ".mako", ""}
#: Fictional reports written in other counties' words are data, not the project speaking.
DATA = ("tests/review/corpus/source/", "tests/review/corpus2/docx/")
SELF = ROOT / "tests" / "test_self_contained.py"


def text_files():
    for name in SCANNED:
        path = ROOT / name
        if path.is_file():
            yield path
            continue
        for file in sorted(path.rglob("*")):
            relative = file.relative_to(ROOT).as_posix()
            if (file.is_file() and file.suffix in TEXT_SUFFIXES and "__pycache__" not in file.parts
                    and not relative.startswith(DATA) and file != SELF):
                yield file


def test_no_reference_to_outside_documents_or_ticket_numbers():
    found = []
    for file in text_files():
        text = file.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{file.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert found == [], "say it in the repository's own words (docs/law.md, docs/design.md):\n" + "\n".join(found)


def test_the_pattern_finds_what_it_is_meant_to():
    for line in ("see DOMAIN.md §2", "(issue 12)", "issues 6 and 12", "the issue-4 goal", "../shared/x"):
        assert OUTSIDE.search(line), line
    for line in ("docs/law.md §2", "docs/design.md", "an issue with the plan", "CRC 5.690(a)(1)(B)(ii)"):
        assert not OUTSIDE.search(line), line

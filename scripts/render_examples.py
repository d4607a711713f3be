"""Render every example case to examples/rendered/<name>.docx and .pdf.

The timeline is judged as of each case's report date (not today), so running
this again on another day gives the same text; tests/render/test_rendered_examples.py
fails when the committed renders no longer match a fresh one.

    .venv/bin/python scripts/render_examples.py
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reportgen.case import Case
from reportgen.cli.render import write_atomically
from reportgen.render.docx import render_docx
from reportgen.render.pdf import render_pdf
from reportgen.sources import read_case

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def render_all(examples: Path = EXAMPLES, out: Path | None = None) -> list[Path]:
    out = out or examples / "rendered"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(examples.glob("*.json")):
        case = read_case(str(source))
        as_of = Case(case).report_date
        for suffix, data in ((".pdf", render_pdf(case, as_of=as_of)), (".docx", render_docx(case, as_of=as_of))):
            target = out / f"{source.stem}{suffix}"
            write_atomically(target, data)
            written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=Path, default=EXAMPLES, help="folder of example case JSON files")
    args = parser.parse_args()
    for path in render_all(args.examples):
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    main()

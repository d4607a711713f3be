"""Make each example's review reports the way a worker would: carried forward from the last filed report.

For every example NN: the six-month review (WIC §366.21(e)) is started with
``reportgen next-report``'s function from the example's rendered PDF
(examples/rendered/NN-*.pdf: the case data inside it, and its SHA-256), and
only the facts of the new period are laid over it
(examples/reviews/new-facts/NN-six-month.yml, see reportgen/hearings/facts.py);
the twelve-month permanency hearing (§366.21(f)) is started the same way from
the six-month report's own rendered PDF (examples/reviews/rendered/) with
NN-twelve-month.yml. Each case is written to examples/reviews/<name>-<stage>.json
and rendered to examples/reviews/rendered/<name>-<stage>.pdf and .docx.

Idempotent: a case file is written only when its text changes, and rendered
only then (or when a render is missing, or with --render). A PDF is not
byte-for-byte reproducible (its creation time and identifiers), and the next
report records its digest, so an unchanged case keeps its PDF. After
examples/rendered changes, run this again: the digests change, and each
report after them is remade. tests/hearings/test_examples.py fails when a
committed file is stale.

    .venv/bin/python scripts/make_reviews.py [--render]
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
REVIEWS = EXAMPLES / "reviews"
FACTS = REVIEWS / "new-facts"
RENDERED = REVIEWS / "rendered"
#: Each stage: its name in file names, the hearing, and the stage its report is started from.
STAGES: tuple[tuple[str, str, str | None], ...] = (
    ("six-month", "six_month_review", None),
    ("twelve-month", "permanency_12m", "six-month"),
)


def names() -> list[str]:
    """The examples' file names without .json (``01-complete-sibling-group``)."""
    return sorted(p.stem for p in EXAMPLES.glob("*.json"))


def source_of(name: str, after: str | None) -> Path:
    """The rendered report a stage starts from: the example's, or the stage before's."""
    return EXAMPLES / "rendered" / f"{name}.pdf" if after is None else RENDERED / f"{name}-{after}.pdf"


def facts_of(name: str, stage: str) -> dict[str, Any]:
    path = FACTS / f"{name[:2]}-{stage}.yml"
    facts = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(facts, dict):
        raise SystemExit(f"{path}: the new facts must be a mapping")
    return facts


def review_case(source: Path, hearing: str, facts: dict[str, Any]) -> dict[str, Any]:
    """The review case started from ``source`` (a reportgen PDF/DOCX) for ``hearing``
    with ``facts`` laid over it; it loads, or InvalidCase names the field."""
    from reportgen.hearings.carry import next_report
    from reportgen.hearings.facts import apply_facts
    from reportgen.schema import load_case
    from reportgen.sources import raw_case_from_bytes

    data = source.read_bytes()
    last = load_case(raw_case_from_bytes(data, source.name))
    report_date = (facts.get("court") or {}).get("report_date")
    new = next_report(last, hearing, hashlib.sha256(data).hexdigest(), report_date)
    new = apply_facts(new, facts)
    load_case(json.loads(json.dumps(new)))
    return new


def case_text(case: dict[str, Any]) -> str:
    return json.dumps(case, ensure_ascii=False, indent=2) + "\n"


def target(name: str, stage: str, suffix: str) -> Path:
    return (REVIEWS if suffix == ".json" else RENDERED) / f"{name}-{stage}{suffix}"


def make(name: str, force_render: bool = False) -> list[Path]:
    """Both stages of one example; the files written."""
    from reportgen.case import Case
    from reportgen.cli.render import write_atomically
    from reportgen.render.docx import render_docx
    from reportgen.render.pdf import render_pdf
    from reportgen.schema import load_case

    written = []
    for stage, hearing, after in STAGES:
        case = review_case(source_of(name, after), hearing, facts_of(name, stage))
        text, path = case_text(case), target(name, stage, ".json")
        changed = not path.exists() or path.read_text(encoding="utf-8") != text
        if changed:
            write_atomically(path, text.encode("utf-8"))
            written.append(path)
        renders = [target(name, stage, s) for s in (".pdf", ".docx")]
        if changed or force_render or not all(p.exists() for p in renders):
            loaded = load_case(json.loads(text))
            as_of = Case(loaded).report_date
            for out, data in zip(renders, (render_pdf(loaded, as_of=as_of), render_docx(loaded, as_of=as_of)),
                                 strict=True):
                write_atomically(out, data)
                written.append(out)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--render", action="store_true", help="render every report again (after a renderer change)")
    parser.add_argument("names", nargs="*", help="only these examples (file names without .json)")
    args = parser.parse_args()
    RENDERED.mkdir(parents=True, exist_ok=True)
    for name in args.names or names():
        for path in make(name, args.render):
            print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""Accuracy and speed of the attorney review over the hand-written corpus.

Reviews every report in ``tests/review/corpus`` as DOCX and as PDF, compares
the codes found with ``expected.yml``, and prints precision and recall per
rule, the reports where they differ, and the review time per report (median
and 95th percentile). Run::

    .venv/bin/python bench/review.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import yaml
from _stats import percentile

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen.review import review_path  # noqa: E402

CORPUS = ROOT / "tests" / "review" / "corpus"
CODES = ("CP101", "CP105", "CP106", "CP108", "CP111", "SB201", "SB203", "SB205")
#: The issue's goal: these must never be missed.
MUST_RECALL = ("CP101", "CP105", "CP106", "SB201")


def main() -> int:
    expected: dict[str, list[str]] = yaml.safe_load((CORPUS / "expected.yml").read_text(encoding="utf-8"))
    tp = dict.fromkeys(CODES, 0)
    fp = dict.fromkeys(CODES, 0)
    fn = dict.fromkeys(CODES, 0)
    times: list[float] = []
    differences: list[str] = []
    false_objections_on_good_plans = 0
    for name, codes in expected.items():
        want = set(codes)
        for fmt in ("docx", "pdf"):
            start = time.perf_counter()
            result = review_path(CORPUS / fmt / f"{name}.{fmt}")
            times.append(time.perf_counter() - start)
            got = {f.code for f in result.findings} & set(CODES)
            for code in CODES:
                tp[code] += code in got and code in want
                fp[code] += code in got and code not in want
                fn[code] += code not in got and code in want
            if got != want:
                differences.append(f"  {name}.{fmt}: expected {sorted(want)}, got {sorted(got)}")
            if not want and got:
                false_objections_on_good_plans += 1
    print(f"{'rule':<7} {'precision':>9} {'recall':>7}   tp fp fn")
    for code in CODES:
        p = tp[code] / (tp[code] + fp[code]) if tp[code] + fp[code] else float("nan")
        r = tp[code] / (tp[code] + fn[code]) if tp[code] + fn[code] else float("nan")
        print(f"{code:<7} {p:>9.2f} {r:>7.2f}   {tp[code]:>2} {fp[code]:>2} {fn[code]:>2}")
    print(f"\nreports reviewed: {len(times)} ({len(expected)} reports x DOCX and PDF)")
    print(f"objections raised against a report with no expected defect: {false_objections_on_good_plans}")
    print(f"review time per report: median {statistics.median(times):.2f} s, p95 {percentile(times, 0.95):.2f} s")
    if differences:
        print("\ndifferences:")
        print("\n".join(differences))
    missed = [c for c in MUST_RECALL if fn[c]]
    return 1 if missed or false_objections_on_good_plans else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: PDFs verified per second on the rendered examples.

Renders every example in examples/ once (examples the renderer refuses are
skipped and named), then verifies them repeatedly and prints the median and
95th-percentile time per PDF, the rate in one process, and the rate with one
worker process per core (what a clerk's batch can use). Goal: 20 per second
on a 2-core machine. A benchmark prints figures; it asserts nothing.

    .venv/bin/python bench/verify.py [--rounds 10]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def render_examples(folder: Path) -> list[Path]:
    from reportgen.render.pdf import render_pdf
    from reportgen.schema import load_case

    out = []
    for example in sorted((ROOT / "examples").glob("*.json")):
        case = load_case(json.loads(example.read_text(encoding="utf-8")))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ResourceWarning)
                data = render_pdf(case, as_of=case["court"]["report_date"])
                gc.collect()
        except Exception as err:  # noqa: BLE001 - report and go on
            print(f"skipped {example.name}: {type(err).__name__}: {err}")
            continue
        path = folder / (example.stem + ".pdf")
        path.write_bytes(data)
        out.append(path)
    return out


def _verify_one(path: str) -> tuple[float, str]:
    from reportgen.intake import verify_path

    start = time.perf_counter()
    result = verify_path(path)
    return time.perf_counter() - start, result.result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="verifications of each PDF (default 10)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = render_examples(Path(tmp))
        if not pdfs:
            sys.exit("no example could be rendered")
        _verify_one(str(pdfs[0]))  # warm imports and caches
        times: list[float] = []
        outcomes: dict[str, int] = {}
        started = time.perf_counter()
        for _ in range(args.rounds):
            for p in pdfs:
                took, outcome = _verify_one(str(p))
                times.append(took)
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
        serial = len(times) / (time.perf_counter() - started)
        workers = os.cpu_count() or 1
        jobs = [str(p) for _ in range(args.rounds) for p in pdfs]
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_verify_one, [str(p) for p in pdfs] * workers))  # warm each worker
            started = time.perf_counter()
            list(pool.map(_verify_one, jobs, chunksize=4))
            parallel = len(jobs) / (time.perf_counter() - started)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    print(f"{len(pdfs)} rendered example(s) x {args.rounds} rounds = {len(times)} verifications; results {outcomes}")
    print(f"per PDF: median {statistics.median(times) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms")
    print(f"one process: {serial:.1f} PDFs/s")
    print(f"{workers} worker processes: {parallel:.1f} PDFs/s (goal: 20/s on 2 cores)")


if __name__ == "__main__":
    main()

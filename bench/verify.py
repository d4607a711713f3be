"""Benchmark: PDFs verified per second on the rendered examples.

Renders every example in examples/ once (examples the renderer refuses are
skipped and named), then verifies them repeatedly and prints the median and
95th-percentile time per PDF, the rate in one process, and the rate with
``--jobs 2`` worker processes (the intake command's pool, pool start-up
included). Goal: 20 per second on a 2-core machine. With ``--many N`` it also
makes N distinct report files (each example re-saved with a private info key,
so every copy has its own digest and still passes every check) and times
``reportgen intake`` over them, as a clerk would run it, with one job and with
two. A benchmark prints figures; it asserts nothing.

    .venv/bin/python bench/verify.py [--rounds 10] [--many 500]
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from _stats import percentile

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
JOBS = 2


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


def distinct_copies(pdfs: list[Path], count: int, folder: Path) -> list[Path]:
    """``count`` files, each a rendered example re-saved whole with its own marker:
    a new digest (so intake's skip does not apply), still one revision, and its
    own record of length and digest (as the renderer writes it), so it passes."""
    import pikepdf

    from reportgen.intake import integrity

    folder.mkdir()
    out = []
    for n in range(count):
        source = pdfs[n % len(pdfs)]
        with pikepdf.open(source) as pdf:
            pdf.docinfo["/ReportgenBenchCopy"] = str(n)
            integrity.add_placeholders(pdf.trailer)
            buf = io.BytesIO()
            pdf.save(buf, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        path = folder / f"{n:04d}-{source.name}"
        path.write_bytes(integrity.seal(buf.getvalue()))
        out.append(path)
    return out


def timed_serial(paths: list[Path]) -> tuple[list[float], dict[str, int], float]:
    from reportgen.intake import verify_path

    times: list[float] = []
    outcomes: dict[str, int] = {}
    started = time.perf_counter()
    for p in paths:
        start = time.perf_counter()
        result = verify_path(p)
        times.append(time.perf_counter() - start)
        outcomes[result.result] = outcomes.get(result.result, 0) + 1
    return times, outcomes, time.perf_counter() - started


def timed_pool(paths: list[Path], jobs: int) -> tuple[dict[str, int], float]:
    from reportgen.intake.command import verify_all

    outcomes: dict[str, int] = {}
    started = time.perf_counter()
    for _, result in verify_all(paths, jobs):
        outcomes[result.result] = outcomes.get(result.result, 0) + 1
    return outcomes, time.perf_counter() - started


def timed_intake(folder: Path, index: Path, jobs: int) -> tuple[float, str]:
    """``reportgen intake`` as a clerk runs it: a new process, interpreter start-up included."""
    command = [sys.executable, "-c", "from reportgen.cli import main; main()",
               "intake", str(folder), "--index", str(index), "--jobs", str(jobs)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)  # noqa: S603
    took = time.perf_counter() - started
    summary = done.stdout.splitlines()[0] if done.stdout else done.stderr.strip()[-200:]
    return took, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="verifications of each PDF (default 10)")
    parser.add_argument("--many", type=int, default=0, metavar="N",
                        help="also time `reportgen intake` over N distinct PDFs (e.g. 500)")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPU(s); load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = render_examples(Path(tmp))
        if not pdfs:
            sys.exit("no example could be rendered")
        timed_serial(pdfs)  # warm imports, the template and the rules
        jobs = [p for _ in range(args.rounds) for p in pdfs]
        times, outcomes, took = timed_serial(jobs)
        serial = len(jobs) / took
        pool_outcomes, took = timed_pool(jobs, JOBS)
        parallel = len(jobs) / took
        times.sort()
        p95 = percentile(times, 0.95)
        print(f"{len(pdfs)} rendered example(s) x {args.rounds} rounds = {len(times)} verifications; "
              f"results {outcomes} (with --jobs {JOBS}: {pool_outcomes})")
        print(f"per PDF: median {statistics.median(times) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms")
        print(f"one process: {serial:.1f} PDFs/s")
        print(f"--jobs {JOBS}: {parallel:.1f} PDFs/s (pool start-up included)")
        if args.many:
            folder = Path(tmp) / "received"
            many = distinct_copies(pdfs, args.many, folder)
            for n in (1, JOBS):
                took, summary = timed_intake(folder, Path(tmp) / f"intake-{n}.csv", n)
                print(f"reportgen intake, {len(many)} distinct PDFs, --jobs {n}: {took:.1f} s wall "
                      f"({len(many) / took:.1f} PDFs/s, process start included): {summary}")
    print(f"goal: {parallel:.1f} PDFs/s (goal ≥ 20/s)")


if __name__ == "__main__":
    main()

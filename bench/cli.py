"""Benchmark: how fast the command line starts, and what a case costs in one process.

Prints, for the source tree given (this checkout by default; ``--tree`` runs
another one, e.g. an old commit checked out with ``git worktree add``):

* cold ``reportgen check`` of one example case and cold ``reportgen --help``,
  each a new ``python -m reportgen.cli`` process, median and p95 of ``--runs``;
* per-case time in one process over ``--cases`` case files (copies of the
  examples in a temporary folder, removed afterwards): ``read_case`` (read,
  strict JSON, validation) plus the rule catalogue, median and p95 per case;
* with ``--batch``, the wall time of one ``reportgen check --jsonl FOLDER``
  process over the same files, per case (start-up included);
* with ``--render N``, ``reportgen render --format pdf`` of N example cases
  (the examples in turn): per case in one ``render --jsonl FOLDER -o OUT``
  process (the time between one case's JSON line and the next, so the first
  case, which pays the start-up and WeasyPrint's warm-up, is shown apart)
  against one new ``reportgen render CASE -o FILE`` process per case (wall
  time, start-up included), median and p95 of each.

Goals: cold check <= 0.35 s, <= 5 ms per case in one process. The
machine is shared, so the load average is printed with the figures. A
benchmark prints figures; it asserts nothing.

    .venv/bin/python bench/cli.py [--runs 10] [--cases 1000] [--batch] [--render 20] [--tree /tmp/old]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _stats import percentile

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "examples" / "01-complete-sibling-group.json"

INNER = """
import json, sys, time
from pathlib import Path
from reportgen.rules import check
from reportgen.sources import read_case
times = []
for path in sorted(Path(sys.argv[1]).glob("*.json")):
    start = time.perf_counter()
    check(read_case(str(path), notify=lambda notice: None))
    times.append(time.perf_counter() - start)
print(json.dumps(times))
"""


def env_for(tree: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}


def cold(tree: Path, args: list[str], runs: int) -> list[float]:
    """Wall time of ``runs`` new processes (after one unmeasured run that warms the disk cache)."""
    command = [sys.executable, "-m", "reportgen.cli", *args]
    times = []
    for i in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(command, env=env_for(tree), cwd=tree, capture_output=True, check=False)  # noqa: S603
        if i:
            times.append(time.perf_counter() - start)
    return times


def render_in_one_process(tree: Path, folder: Path, out: Path) -> tuple[float, list[float]]:
    """The first case's time (start-up included) and each later case's, from when its JSON line arrives."""
    command = [sys.executable, "-m", "reportgen.cli", "render", "--jsonl", "--format", "pdf", "-o", str(out),
               str(folder)]
    start = time.perf_counter()
    stamps = []
    with subprocess.Popen(command, env=env_for(tree), cwd=tree, stdout=subprocess.PIPE,  # noqa: S603
                          stderr=subprocess.DEVNULL, text=True) as proc:
        assert proc.stdout is not None
        for row in proc.stdout:
            if json.loads(row)["exit"] != 0:
                raise SystemExit(f"render failed in the batch: {row}")
            stamps.append(time.perf_counter())
    gaps = [later - earlier for earlier, later in zip(stamps, stamps[1:], strict=False)]
    return stamps[0] - start, gaps


def render_one_process_each(tree: Path, folder: Path, out: Path) -> list[float]:
    times = []
    for case in sorted(folder.glob("*.json")):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "reportgen.cli", "render", str(case), "-o",  # noqa: S603
                        str(out / f"{case.stem}.pdf")], env=env_for(tree), cwd=tree, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return times


def measure_render(tree: Path, count: int) -> None:
    examples = sorted((ROOT / "examples").glob("*.json"))
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-render-"))
    try:
        folder, batch_out, single_out = work / "cases", work / "batch", work / "single"
        for path in (folder, batch_out, single_out):
            path.mkdir()
        for i in range(count):
            shutil.copy(examples[i % len(examples)], folder / f"{i:04d}.json")
        first, gaps = render_in_one_process(tree, folder, batch_out)
        each = render_one_process_each(tree, folder, single_out)
        print(f"{'render --format pdf, one process: first case':<44} {first:8.3f} s (start-up and warm-up)")
        print(line("render --format pdf, one process, per case", gaps))
        print(line("render --format pdf, one process per case", each))
        print(f"{'':<44} one process per case is {statistics.median(each) / statistics.median(gaps):.1f}x "
              "the median")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def line(label: str, times: list[float], unit: str = "s", scale: float = 1.0) -> str:
    return (f"{label:<44} median {statistics.median(times) * scale:8.3f} {unit}   "
            f"p95 {percentile(times, 0.95) * scale:8.3f} {unit}   (n={len(times)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=ROOT, help="the source tree to measure (default: this one)")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--batch", action="store_true", help="also time one 'check --jsonl FOLDER' process")
    parser.add_argument("--render", type=int, default=0, metavar="N",
                        help="also time 'render --format pdf' of N cases, in one process and one process each")
    opts = parser.parse_args()
    tree = opts.tree.resolve()
    commit = subprocess.run(["git", "-C", str(tree), "rev-parse", "--short", "HEAD"],  # noqa: S607
                            capture_output=True, text=True, check=False).stdout.strip()
    print(f"tree {tree} (HEAD {commit or '?'}), load average before: {os.getloadavg()}")
    print(line("cold 'reportgen check CASE'", cold(tree, ["check", str(CASE)], opts.runs)))
    print(line("cold 'reportgen --help'", cold(tree, ["--help"], opts.runs)))
    examples = sorted((ROOT / "examples").glob("*.json"))
    folder = Path(tempfile.mkdtemp(prefix="reportgen-bench-cli-"))
    try:
        for i in range(opts.cases):
            shutil.copy(examples[i % len(examples)], folder / f"{i:05d}.json")
        done = subprocess.run([sys.executable, "-c", INNER, str(folder)], env=env_for(tree),  # noqa: S603
                              capture_output=True, text=True, check=True)
        per_case = json.loads(done.stdout)
        print(line(f"in one process, per case ({len(per_case)} cases)", per_case, "ms", 1000.0))
        if opts.batch:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "reportgen.cli", "check", "--jsonl", str(folder)],  # noqa: S603
                           env=env_for(tree), cwd=tree, capture_output=True, check=False)
            wall = time.perf_counter() - start
            print(f"{'one check --jsonl process over the folder':<44} {wall:.2f} s wall, "
                  f"{wall / opts.cases * 1000:.2f} ms per case (start-up included)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if opts.render:
        measure_render(tree, opts.render)
    print(f"load average after: {os.getloadavg()}")
    print("goals: cold check <= 0.35 s; <= 5 ms per case in one process")


if __name__ == "__main__":
    main()

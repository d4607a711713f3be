"""Many cases in one command (``check`` and ``timeline``): the files named, each read in turn.

A case costs a few milliseconds in this process against about a second for a
new one, so ``reportgen check A.json B.json DIR/`` reads them here: a folder
stands for its ``.json``, ``.pdf`` and ``.docx`` files in name order, ``-``
for standard input (once). An invalid case is a result with its problems
(exit 2), never the end of the batch. On a terminal a progress bar runs on
standard error; output on standard output is never mixed with it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from reportgen.cli.errors import EXIT_INVALID, Stop, exit_code_of, problem_lines
from reportgen.schema import InvalidCase
from reportgen.sources import read_case, warn_on_stderr

#: What a folder given to a batch contributes: the files ``read_case`` reads.
CASE_SUFFIXES = (".json", ".pdf", ".docx")


@dataclass
class Loaded:
    """One case of a batch: its file, the case (None when invalid), its problems and input notices."""

    file: str
    case: dict[str, Any] | None
    problems: list[tuple[str, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def record(self, status: int, **payload: Any) -> str:
        """The case's ``--jsonl`` line: file, exit, the command's payload, problems, warnings."""
        return json.dumps({
            "file": self.file,
            "exit": status,
            **payload,
            "problems": [{"path": path, "message": message} for path, message in self.problems],
            "warnings": self.notices,
        }, ensure_ascii=False)

    def print_problems(self) -> None:
        """Notices and problems on standard error, each naming the file (a field path alone would not say which)."""
        for notice in self.notices:
            warn_on_stderr(f"{self.file}: {notice}")
        for path, message in self.problems:
            where = path if path == self.file else f"{self.file}: {path}"
            click.echo(f"{where}: {message}", err=True)


def is_batch(sources: tuple[str, ...]) -> bool:
    """Several sources, or a folder: anything but the one case the commands always took."""
    return len(sources) != 1 or (sources[0] != "-" and Path(sources[0]).is_dir())


def expand(sources: tuple[str, ...]) -> list[str]:
    """The case files named: each argument, a folder replaced by its case files in name order."""
    out: list[str] = []
    for source in sources:
        path = Path(source)
        if source != "-" and path.is_dir():
            found = sorted(str(p) for p in path.iterdir() if p.is_file() and p.suffix.lower() in CASE_SUFFIXES)
            if not found:
                raise Stop(f"{source}: is a folder, not a case file, and holds none "
                           f"({', '.join(CASE_SUFFIXES)}) to check")
            out += found
        else:
            out.append(source)
    if out.count("-") > 1:
        raise Stop("-: standard input can be read only once")
    return out


def load_one(source: str) -> Loaded:
    """Read and validate one case; an invalid one comes back with its problems."""
    notices: list[str] = []
    label = "standard input" if source == "-" else source
    try:
        return Loaded(label, read_case(source, notify=notices.append), notices=notices)
    except InvalidCase as err:
        return Loaded(label, None, problems=err.problems, notices=notices)


def _show_progress() -> bool:
    """A progress bar only when standard error is a terminal (never into a log or a pipe)."""
    return sys.stderr.isatty()


def load_each(sources: tuple[str, ...], label: str) -> Iterator[Loaded]:
    """Each named case in turn, with a progress bar on a terminal."""
    paths = expand(sources)
    if not _show_progress():
        yield from map(load_one, paths)
        return
    with click.progressbar(paths, label=label, file=sys.stderr,
                           item_show_func=lambda s: Path(s).name if s else None) as bar:
        for source in bar:
            yield load_one(source)


def summary(counts: dict[int, int], words: dict[int, str]) -> str:
    """``N case(s): a <words[0]>, b <words[1]>, …`` for the end of a batch's text output."""
    return f"{sum(counts.values())} case(s): " + ", ".join(f"{counts.get(code, 0)} {w}" for code, w in words.items())


#: What a command does with one valid case: ``judge(case, file)`` gives its exit status, its text
#: for the terminal and the list its ``--jsonl`` line carries. It may raise an exception with an
#: ``exit_code`` (a template error, a refused final report): that case fails, the batch goes on.
Judge = Callable[[Any, str], tuple[int, str, list[Any]]]


def judged(loaded: Loaded, judge: Judge) -> tuple[int, str | None, list[Any]]:
    """One case's result (its text None when it failed); a mapped exception becomes its problems
    (named by the file) and its status."""
    if loaded.case is None:
        return EXIT_INVALID, None, []
    try:
        return judge(loaded.case, loaded.file)
    except Exception as err:
        code = exit_code_of(err)
        if code is None:
            raise
        loaded.problems += [(loaded.file, line) for line in problem_lines(err)]
        return code, None, []


def run_batch(sources: tuple[str, ...], label: str, as_jsonl: bool, words: dict[int, str], key: str,
              judge: Judge) -> int:
    """Read each case, print its result, and return the worst exit status.

    An invalid case is exit 2 with its problems and an empty list under ``key``
    in its ``--jsonl`` line. ``words`` names each status in the closing summary
    line (text output only).
    """
    counts = dict.fromkeys(words, 0)
    for loaded in load_each(sources, label):
        status, text, items = judged(loaded, judge)
        counts[status] += 1
        if as_jsonl:
            click.echo(loaded.record(status, **{key: items}))
            continue
        click.echo(loaded.file)
        loaded.print_problems()
        if text is not None:
            click.echo(text)
        click.echo("")
    if not as_jsonl:
        click.echo(summary(counts, words))
    return max(code for code, n in counts.items() if n)

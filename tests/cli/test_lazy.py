"""The command line loads only what a command needs, and maps exceptions to exit codes in one place."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from reportgen.cli import COMMANDS, main
from reportgen.cli.errors import Command, Stop, exit_code_of, problem_lines
from tests.conftest import BASE_CASE, ROOT

HEAVY = ("flask", "werkzeug", "sqlalchemy", "psycopg", "alembic", "weasyprint", "pikepdf", "pypdf", "docx", "docxtpl")


def imported_modules(*args: str) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """The modules a cold ``python -X importtime -m reportgen.cli ARGS`` imports (read from its report)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "reportgen.cli", *args],  # noqa: S603
                          capture_output=True, text=True, cwd=ROOT, check=False)
    names = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    names.discard("package")  # the report's own header line
    return names, done


def heavy_among(names: set[str]) -> list[str]:
    return sorted(n for n in names if n.split(".")[0] in HEAVY)


def test_check_of_a_json_case_imports_no_web_stack_weasyprint_or_pikepdf():
    names, done = imported_modules("check", str(BASE_CASE.relative_to(ROOT)))
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Case JV-" in done.stdout
    assert "reportgen.rules" in names  # the report really lists what was imported
    assert heavy_among(names) == []
    assert not {n for n in names if n.startswith(("reportgen.web", "reportgen.render", "reportgen.intake"))}


def test_help_imports_no_command_module():
    names, done = imported_modules("--help")
    assert done.returncode == 0
    assert "check" in done.stdout and "serve" in done.stdout
    assert heavy_among(names) == []
    assert not {n for n in names if n.startswith(("reportgen.cli.check", "reportgen.cli.rules", "reportgen.rules"))}


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize("limit", [30, 45, 66, 200])
def test_group_help_lines_are_each_commands_own(name, limit):
    command = main.get_command(click.Context(main), name)
    assert command is not None and command.name == name
    assert click.Command(name, help=COMMANDS[name].help).get_short_help_str(limit) == command.get_short_help_str(limit)


def test_every_command_maps_its_exceptions():
    for name in COMMANDS:
        assert isinstance(main.get_command(click.Context(main), name), Command), name


class Refused(Exception):
    exit_code = 1

    def __init__(self) -> None:
        self.problems = [("court.case_number", "is wrong"), ("child.dob", "is later")]
        super().__init__("refused")


@click.command(cls=Command)
@click.argument("what")
def demo(what: str) -> None:
    if what == "stop":
        raise Stop("first line", "second line", exit_code=2)
    if what == "refused":
        raise Refused
    if what == "usage":
        raise click.UsageError("bad usage")
    raise RuntimeError("not ours")


@pytest.mark.parametrize(("what", "code", "stderr"), [
    ("stop", 2, "first line\nsecond line\n"),
    ("refused", 1, "court.case_number: is wrong\nchild.dob: is later\n"),
])
def test_exit_code_attribute_is_read_and_its_problems_printed(what, code, stderr):
    result = CliRunner().invoke(demo, [what])
    assert (result.exit_code, result.stderr, result.stdout) == (code, stderr, "")


def test_click_and_unmapped_exceptions_are_left_alone():
    usage = CliRunner().invoke(demo, ["usage"])
    assert usage.exit_code == 2 and "Usage:" in usage.stderr and "bad usage" in usage.stderr
    crash = CliRunner().invoke(demo, ["other"])
    assert isinstance(crash.exception, RuntimeError)
    assert exit_code_of(click.exceptions.Exit(0)) is None
    assert exit_code_of(ValueError("x")) is None


def test_the_library_exceptions_carry_design_exit_codes():
    from reportgen.render.context import ObjectionsOutstanding
    from reportgen.render.templates import TemplateError
    from reportgen.schema import InvalidCase

    assert exit_code_of(InvalidCase([("a", "b")])) == 2
    assert exit_code_of(TemplateError("report.html", "is missing")) == 2
    refused = ObjectionsOutstanding({"findings": [{"severity": "object", "code": "CP101", "name": "n", "message": "m"}]})
    assert exit_code_of(refused) == 1
    assert problem_lines(refused)[1:] == ["  CP101  n: m"]
    assert problem_lines(InvalidCase([("child.dob", "is not a date")])) == ["child.dob: is not a date"]


@pytest.mark.parametrize("suffix", ["pdf", "docx"])
def test_a_rendered_report_is_read_in_the_sandbox_not_in_the_command(suffix):
    """A PDF/DOCX input needs pikepdf or python-docx, but in the sandbox worker: the command's
    own process still imports neither (read from its sys.modules after the check)."""
    report = ROOT / "examples" / "rendered" / f"{BASE_CASE.stem}.{suffix}"
    code = ("import sys\nfrom reportgen.cli import main\n"
            f"status = main(['check', {str(report)!r}], standalone_mode=False)\n"
            "print('STATUS', status)\n"
            f"print('HEAVY', sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)  # noqa: S603
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Case JV-2026-004817: 0 objection(s)" in done.stdout
    assert "STATUS 0" in done.stdout
    assert "HEAVY []" in done.stdout

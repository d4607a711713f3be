"""One mapping from exceptions to exit codes, the click way.

An exception class says what exit status it means by an ``exit_code``
attribute (``InvalidCase`` and ``TemplateError`` 2, ``ObjectionsOutstanding``
1, :class:`Stop` whatever it is given). Commands raise; :class:`MappedExceptions`
(the base of every reportgen command and of the group) catches any exception
that carries an ``exit_code``, prints it with :func:`problem_lines` on
standard error and exits with that status. No command prints its own failure
or calls ``sys.exit`` for one, and no traceback reaches the user for them.

The statuses are the command-line contract (docs/design.md): 0 nothing to object to, 1 objections (or a
check that failed), 2 invalid or unreadable input.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import click

EXIT_OK, EXIT_OBJECTIONS, EXIT_INVALID = 0, 1, 2


class Stop(Exception):
    """Stop a command: print ``lines`` on standard error and exit with ``exit_code``."""

    def __init__(self, *lines: str, exit_code: int = EXIT_INVALID) -> None:
        self.lines = list(lines)
        self.exit_code = exit_code
        super().__init__("; ".join(lines))

    @classmethod
    def problems(cls, problems: Iterable[tuple[str, str]], exit_code: int = EXIT_INVALID) -> Stop:
        """A stop listing ``(path, message)`` problems as ``path: message`` lines."""
        return cls(*(f"{path}: {message}" for path, message in problems), exit_code=exit_code)


def exit_code_of(err: BaseException) -> int | None:
    """The exit status an exception stands for, or None when it is not ours to map.

    click's own exceptions (usage errors, ``Exit``, ``Abort``) also have an
    ``exit_code`` and are left to click."""
    if isinstance(err, click.ClickException | click.exceptions.Exit | click.Abort):
        return None
    code = getattr(err, "exit_code", None)
    return code if isinstance(code, int) and not isinstance(code, bool) else None


def problem_lines(err: BaseException) -> list[str]:
    """What to print for a mapped exception: its ``lines``, its ``(path, message)``
    ``problems``, the objections a final render refused on, or its message."""
    lines = getattr(err, "lines", None)
    if isinstance(lines, list):
        return [str(line) for line in lines]
    problems = getattr(err, "problems", None)
    if isinstance(problems, list):
        return [f"{path}: {message}" for path, message in problems]
    objections = getattr(err, "objections", None)
    if isinstance(objections, list):
        return [f"not rendering a final report: {err}; nothing was written",
                *(f"  {f['code']}  {f['name']}: {f['message']}" for f in objections)]
    return [str(err)]


#: The modules only ``pip install 'reportgen[web]'`` brings (top-level import names).
WEB_EXTRA = frozenset({"flask", "flask_wtf", "flask_login", "werkzeug", "wtforms", "itsdangerous", "sqlalchemy",
                       "alembic", "psycopg", "argon2", "platformdirs", "waitress"})


def missing_extra(err: ModuleNotFoundError, command_path: str) -> Stop | None:
    """A plain message instead of a traceback when a command needs the web extra that is not installed."""
    name = (err.name or "").split(".")[0]
    if name not in WEB_EXTRA:
        return None
    return Stop(f"{command_path} needs the wizard's libraries ({name} is not installed); "
                "install them with: pip install 'reportgen[web]'")


class MappedExceptions(click.Command):
    """Turns an exception with an ``exit_code`` into its messages and exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as err:
            mapped = missing_extra(err, ctx.command_path) if isinstance(err, ModuleNotFoundError) else None
            code = exit_code_of(mapped or err)
            if code is None:
                raise
            for line in problem_lines(mapped or err):
                click.echo(line, err=True)
            ctx.exit(code)


class Command(MappedExceptions):
    """A reportgen command: ``@click.command(name, cls=Command)``."""


class Group(Command, click.Group):
    """A reportgen group of subcommands: ``@click.group(name, cls=Group)``."""

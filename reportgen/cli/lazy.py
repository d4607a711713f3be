"""A click group whose commands are imported when they are run (click's documented LazyGroup).

Importing every command up front made each ``reportgen`` invocation pay for
Flask, SQLAlchemy, psycopg, WeasyPrint and pikepdf (about 1 s on a 2-core
machine) even for a plain ``check``. Here ``list_commands`` reads a static
table, ``get_command`` imports one module on demand, and the group's own
``--help`` lists the commands from the table's help lines without importing any.
"""

from __future__ import annotations

import importlib
from typing import Any, NamedTuple

import click

from reportgen.cli.errors import MappedExceptions, missing_extra


class Entry(NamedTuple):
    """Where a command lives, and the first paragraph of its help (for the group's --help)."""

    module: str
    attribute: str
    help: str


class LazyGroup(MappedExceptions, click.Group):
    """A group over a table of :class:`Entry`; a command is imported only when asked for."""

    def __init__(self, *args: Any, commands: dict[str, Entry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.table = commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.table)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = self.table.get(cmd_name)
        if entry is None:
            return None
        try:
            module = importlib.import_module(entry.module)
        except ModuleNotFoundError as err:
            if err.name and entry.module.startswith(err.name):
                return None  # the feature is not built in this checkout
            stop = missing_extra(err, f"{ctx.command_path} {cmd_name}")
            if stop is not None:
                raise stop from None
            raise
        command = getattr(module, entry.attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{entry.module}.{entry.attribute} is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the table: ``reportgen --help`` imports no command."""
        if not self.table:
            return
        limit = formatter.width - 6 - max(len(name) for name in self.table)
        rows = [(name, click.Command(name, help=self.table[name].help).get_short_help_str(limit))
                for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

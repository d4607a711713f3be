"""The ``reportgen`` command line.

Commands are loaded lazily (:class:`reportgen.cli.lazy.LazyGroup`): ``reportgen
check`` imports the rules and the schema, not Flask, SQLAlchemy, WeasyPrint or
pikepdf, so a command starts in a fraction of the time an eager import of every
command took. The table below is the one list of commands; each is imported
only when it is run (or asked for its own ``--help``).

Exit codes are a contract (docs/design.md): 0 nothing to object to, 1 objections (or
failed checks), 2 invalid or unreadable input. An exception that carries an
``exit_code`` is turned into its messages and that status in one place,
:mod:`reportgen.cli.errors`.
"""

from __future__ import annotations

import click

from reportgen.cli.lazy import Entry, LazyGroup

#: name -> (module, attribute, the first paragraph of its help, shown by ``reportgen --help``).
#: tests/cli/test_lazy.py proves each help line is the command's own.
COMMANDS: dict[str, Entry] = {
    "changes": Entry("reportgen.cli.next_report", "changes_command",
                     "List what changed since the last report, one line an item, for CASE (a review case "
                     "JSON or a reportgen PDF/DOCX that records the report before it)."),
    "check": Entry("reportgen.cli.check", "check",
                   "Validate each CASE (JSON file, '-' for standard input, a reportgen PDF/DOCX, "
                   "or a folder of them) and list every finding, objections first."),
    "db": Entry("reportgen.cli.db", "db", "Manage the wizard's database (needs the web extra)."),
    "intake": Entry("reportgen.intake.command", "intake_command",
                    "Verify every PDF in FOLDER and record each in the intake index (CSV and HTML)."),
    "letter": Entry("reportgen.cli.letter", "letter_command",
                    "Write the plain-language letter for each parent of CASE (JSON file, '-' for standard input, "
                    "or a reportgen PDF/DOCX), in English and/or Spanish, as PDF and/or DOCX."),
    "migrate": Entry("reportgen.cli.migrate", "migrate_command",
                     "Write CASE (a 1.0 or 2.0 JSON file, '-' for standard input, or a reportgen PDF/DOCX) "
                     "as a schema 2.0 case JSON file."),
    "next-report": Entry("reportgen.cli.next_report", "next_report_command",
                         "Start a review report from the last one (LAST: a case JSON or a reportgen PDF/DOCX): "
                         "carry the case forward and clear what the review must state anew."),
    "render": Entry("reportgen.cli.render", "render_command",
                    "Render the disposition report for CASE (JSON file, '-' for standard input, "
                    "or a reportgen PDF/DOCX) as a Word document or a PDF/A-3a."),
    "render-worker": Entry("reportgen.cli.render_worker", "render_worker_command",
                           "Render the wizard's downloads queued in PostgreSQL (REPORTGEN_RENDER_QUEUE=procrastinate)."),
    "review": Entry("reportgen.review.command", "review_command",
                    "Review FILE (a case JSON, a reportgen PDF/DOCX, or a report made elsewhere) "
                    "the way the child's attorney would, against CEB §12.47 and the rule catalogue."),
    "rules": Entry("reportgen.cli.rules", "rules",
                   "List the rule catalogue, or show one rule in full with its examples."),
    "serve": Entry("reportgen.web.command", "serve_command", "Run the social worker's wizard."),
    "timeline": Entry("reportgen.cli.timeline", "timeline",
                      "Print the statutory dates for each CASE (or a folder of cases), with their citations."),
    "verify": Entry("reportgen.intake.command", "verify_command",
                    "Verify received report PDFs: one line per check per file."),
}


@click.group(cls=LazyGroup, commands=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reportgen")
def main() -> None:
    """Draft and check California juvenile dependency disposition reports."""
    from reportgen.untrusted.scratch import remove_stale

    remove_stale()  # uploads left by readers that were killed

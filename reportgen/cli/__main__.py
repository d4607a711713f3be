"""``python -m reportgen.cli``: the same command line as the ``reportgen`` script."""

from reportgen.cli import main

main(prog_name="reportgen")

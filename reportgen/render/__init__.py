"""Rendering: one context (:mod:`.context`) and two renderers, DOCX (:mod:`.docx`)
and tagged PDF/A-3a (:mod:`.pdf`), each carrying the case data it was made
from (:mod:`.embed`).

Nothing heavy is imported here: ``reportgen check report.pdf`` only needs
:mod:`.embed`, and WeasyPrint takes most of a second to import.
"""

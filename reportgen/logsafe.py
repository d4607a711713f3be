"""Log records from libraries that may quote case text, with that text withheld.

WeasyPrint logs warnings that quote the document: a glyph no installed font
has (``.notdef glyph rendered for Unicode string …: "<the text>"``), an image
or stylesheet it could not load (with its address, which a county template may
build from case data). Case data is confidential (WIC §827), and such lines end
up in a server's log. The filter keeps each record — the warning is still
worth seeing — but replaces every interpolated argument with ``[withheld]`` and
drops the attached traceback, whose message may quote the text too.
"""

from __future__ import annotations

import logging
import re

#: Loggers whose records may carry document text. A filter on a logger applies
#: only to records made on it, so each is named, not just the parent.
QUOTING_LOGGERS = ("weasyprint", "weasyprint.progress")
WITHHELD = "[withheld]"
_PLACEHOLDER = re.compile(r"%%|%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa]")


class WithholdArguments(logging.Filter):
    """Replace a record's arguments (and traceback) by a fixed word."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = _PLACEHOLDER.sub(lambda m: "%" if m.group() == "%%" else WITHHELD, str(record.msg))
            record.args = None
        elif not isinstance(record.msg, str):
            record.msg = WITHHELD
        record.exc_info = None
        record.exc_text = None
        return True


_FILTER = WithholdArguments()


def withhold_document_text() -> None:
    """Install the filter on :data:`QUOTING_LOGGERS` (idempotent; cheap enough to call per render)."""
    for name in QUOTING_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)

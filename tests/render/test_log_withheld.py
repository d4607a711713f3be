"""WeasyPrint's warnings keep their place in the log but never quote the report's text."""

from __future__ import annotations

import logging

from reportgen.logsafe import WITHHELD, WithholdArguments
from reportgen.render.pdf import render_pdf
from reportgen.schema import load_case
from tests.conftest import BASE_CASE, read_json

#: A code point no installed font draws: WeasyPrint warns and quotes the string it fell in.
NO_GLYPH = "\U0007eec1"


def test_a_missing_glyph_warning_does_not_quote_the_name(caplog):
    raw = read_json(BASE_CASE)
    name = f"Zephyrine{NO_GLYPH}Quillfeather"
    raw["child"]["name"] = name
    with caplog.at_level(logging.DEBUG):
        render_pdf(load_case(raw))
    weasy = [r for r in caplog.records if r.name.startswith("weasyprint")]
    assert any(".notdef" in r.getMessage() for r in weasy), "the warning itself is still logged"
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "")
        assert "Zephyrine" not in text and NO_GLYPH not in text and "Quillfeather" not in text


def test_every_placeholder_kind_is_withheld_and_tracebacks_dropped():
    try:
        raise ValueError("Quillfeather")
    except ValueError:
        import sys

        exc = sys.exc_info()
    record = logging.LogRecord("weasyprint", logging.WARNING, __file__, 1,
                               "a %s b %r c %d d %5.2f e %(x)s %% f", None, exc)
    record.args = ("Quill", "feather", 3, 2.5)
    WithholdArguments().filter(record)
    message = record.getMessage()
    assert "Quill" not in message and "feather" not in message and "3" not in message
    assert message.count(WITHHELD) == 5 and message.endswith("% f") and record.exc_info is None

"""The parents' letter laid out: a tagged PDF/A-3a and a Word document.

Both walk the same plain data (:func:`context`) through the templates in
``templates/letter/``, with the report's own machinery: the one sandboxed Jinja
environment with autoescaping and bidirectional isolation of every value
(:func:`reportgen.render.templates.jinja_env`), the PDF writer of the report
(:func:`reportgen.render.pdf.write_document_pdf`: PDF/A-3a, tags, PDF/UA claim,
assets-only fetcher, integrity record) and docxtpl with autoescaping on.

The letter carries the SHA-256 of the report it comes from in its footer and in
its properties (the subject); its title names the case number, never the
family. Unlike the report, it carries no case data: the case holds what the
other parent told the worker, which this parent's letter must not hand over.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from reportgen.letter.model import Letter
from reportgen.letter.words import Words
from reportgen.render.metadata import DocumentProperties
from reportgen.render.templates import TemplateError, explain, jinja_env, read_text, template_file
from reportgen.resources import templates_dir

HTML_NAME, CSS_NAME, DOCX_NAME = "letter.html", "letter.css", "letter.docx"


def template_folder() -> Path:
    """``templates/letter`` (``reportgen/_templates/letter`` in a wheel)."""
    return (templates_dir() / "letter").resolve()


def properties(letter: Letter) -> DocumentProperties:
    """What the letter says about itself outside its pages: the case number and the report's digest."""
    w = Words(letter.lang)
    case = letter.case_number
    kind = w.say(f"source_kind.{letter.source.kind}")
    title = w.say("properties.title", case=case) if case else w.say("properties.title_no_case")
    subject = w.say("properties.subject", digest=letter.source.sha256, kind=kind)
    return DocumentProperties(title=title, subject=subject, lang=letter.lang)


def context(letter: Letter) -> dict[str, Any]:
    """The letter as the templates read it (plain dicts and strings)."""
    w = Words(letter.lang)
    case = letter.case_number
    return {
        "lang": letter.lang,
        "doc_title": properties(letter).title,
        "title": letter.title,
        "running": w.say("running", case=case) if case else w.say("running_no_case"),
        "page_word": w.say("page"),
        "of_word": w.say("of"),
        "header": [{"label": label, "value": value} for label, value in letter.header],
        "greeting": letter.greeting,
        "sections": [
            {"key": s.key, "heading": s.heading,
             "blocks": [{"kind": b.kind, "text": b.text, "label": b.label} for b in s.blocks]}
            for s in letter.sections
        ],
        "signature": list(letter.signature),
        "footer": letter.footer,
    }


@lru_cache(maxsize=2)
def _environment(folder: Path) -> jinja2.Environment:
    return jinja_env(jinja2.FileSystemLoader(str(folder)))


def letter_html(letter: Letter) -> str:
    """The letter as one HTML document, stylesheet inlined (the template's, never case data)."""
    folder = template_folder()
    path = template_file(folder, HTML_NAME)
    stylesheet = Markup(read_text(folder, CSS_NAME))  # noqa: S704 - template file, not case data
    try:
        return _environment(folder).get_template(HTML_NAME).render(**context(letter), stylesheet=stylesheet)
    except jinja2.TemplateError as err:
        raise explain(err, path) from None


def letter_pdf(letter: Letter) -> bytes:
    """The letter as a tagged PDF/A-3a."""
    from reportgen.logsafe import withhold_document_text
    from reportgen.render.pdf import write_document_pdf

    withhold_document_text()
    return write_document_pdf(letter_html(letter), template_folder(), properties(letter))


def letter_docx(letter: Letter) -> bytes:
    """The letter as a Word document (docxtpl, autoescaping on)."""
    from docxtpl import DocxTemplate

    from reportgen.render.docx import _set_properties

    path = template_file(template_folder(), DOCX_NAME)
    tpl = DocxTemplate(str(path))
    try:
        tpl.render(context(letter), jinja_env=jinja_env(), autoescape=True)
    except jinja2.TemplateError as err:
        raise explain(err, path) from None
    except Exception as err:  # noqa: BLE001 - failing template code; its message may quote the case
        raise TemplateError(path, f"failed while rendering ({type(err).__name__})") from None
    _set_properties(tpl.docx, properties(letter))
    out = io.BytesIO()
    tpl.docx.save(out)
    return out.getvalue()

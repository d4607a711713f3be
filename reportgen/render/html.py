"""The report as HTML: the context through the folder's ``report.html``.

The same HTML is the web preview and the input of the PDF renderer, so what a
social worker previews is what WeasyPrint lays out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from reportgen.render.context import build_context
from reportgen.render.profile import Profile
from reportgen.render.templates import (
    CSS_NAME,
    DOCX_NAME,
    HTML_NAME,
    TemplateError,
    explain,
    jinja_env,
    read_text,
    resolve_template_dir,
    template_file,
)


@lru_cache(maxsize=8)
def _environment(folder: Path) -> jinja2.Environment:
    # FileSystemLoader re-reads a template whose file changed, so caching the
    # environment per folder only saves the parse of an unchanged template.
    return jinja_env(jinja2.FileSystemLoader(str(folder)))


def html_from_context(context: dict[str, Any], folder: Path, *, inline_css: bool = True) -> str:
    """Render ``report.html`` of ``folder`` with ``context`` (and its stylesheet inlined).

    The stylesheet comes from the template folder, never from case data, so it
    is inserted as markup; everything from the case is escaped by Jinja.
    ``inline_css=False`` leaves the ``<style>`` element empty: the PDF renderer
    passes the same stylesheet already parsed, which saves parsing it per render.
    """
    path = template_file(folder, HTML_NAME)
    stylesheet = Markup(read_text(folder, CSS_NAME) if inline_css else "")  # noqa: S704 - template file, not case data
    try:
        template = _environment(folder).get_template(HTML_NAME)
        return template.render(**context, stylesheet=stylesheet)
    except jinja2.TemplateError as err:
        raise explain(err, path, _template_line(err, path)) from None
    except Exception as err:  # noqa: BLE001 - any failure inside a county's template code is the template's
        # Only the kind of error and the line: its message may quote a value of
        # the case (WIC §827), and this text reaches the terminal and the web log.
        raise TemplateError(path, f"failed while rendering ({type(err).__name__})",
                            _template_line(err, path)) from None


def _template_line(err: BaseException, path: Path) -> int | None:
    """The template line a runtime error happened on (Jinja maps its frames to it)."""
    line = None
    tb = err.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(path):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render_html(case: dict[str, Any], template_dir: str | os.PathLike[str] | None = None,
                as_of: dt.date | None = None, *, profile: Profile | str | None = None) -> str:
    """The report of a loaded case as one HTML document (CSS inlined); ``profile``
    is the county profile (see :func:`reportgen.render.context.build_context`)."""
    folder = resolve_template_dir(template_dir)
    return html_from_context(build_context(case, as_of, profile), folder)


# --- which layout printed a report ---------------------------------------------

#: reportgen's own files that decide the words a report prints, beside the
#: template folder's HTML and CSS.
_LAYOUT_SOURCES = ("sections.py", "context.py", "words.yml")
LAYOUT_NOTE = re.compile(r"\(layout ([0-9a-f]{12})\)")


def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("reportgen")
    except PackageNotFoundError:
        return "unknown"


@lru_cache(maxsize=1)
def _own_layout_digest() -> bytes:
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in _LAYOUT_SOURCES:
        try:
            digest.update((here / name).read_bytes())
        except OSError:  # an install without sources (bytecode only): the version stands in
            digest.update(f"{name} of reportgen {_installed_version()}".encode())
    return digest.digest()


@lru_cache(maxsize=16)
def _layout_id(html: Path, css: Path, stamps: tuple[int, int, int, int]) -> str:
    digest = hashlib.sha256(_own_layout_digest())
    for path in (html, css):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def layout_id(folder: Path) -> str:
    """Twelve hex digits naming what decides the words a report prints: the
    template folder's report.html and report.css, and reportgen's section
    builders and word table. The PDF carries it (in the description of its case
    data) so the clerk's check can say, when the words differ, that the file was
    made by another version of the layout rather than leave tampering as the
    only explanation."""
    html, css = template_file(folder, HTML_NAME), template_file(folder, CSS_NAME)
    h, c = html.stat(), css.stat()
    return _layout_id(html.resolve(), css.resolve(), (h.st_mtime_ns, h.st_size, c.st_mtime_ns, c.st_size))


@lru_cache(maxsize=16)
def _docx_layout_id(docx: Path, stamps: tuple[int, int]) -> str:
    digest = hashlib.sha256(_own_layout_digest())
    digest.update(docx.read_bytes())
    return digest.hexdigest()[:12]


def docx_layout_id(folder: Path) -> str:
    """:func:`layout_id` of the Word report: the folder's report.docx in place
    of its HTML and CSS. The DOCX carries it on its case data part, so the
    attorney's review can tell a Word file printed by another version of the
    template from one edited after it was produced."""
    docx = template_file(folder, DOCX_NAME)
    d = docx.stat()
    return _docx_layout_id(docx.resolve(), (d.st_mtime_ns, d.st_size))

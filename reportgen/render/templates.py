"""Finding the report templates, and saying clearly what is wrong with one.

A template folder holds ``report.html``, ``report.css``, ``report.docx`` and an
``assets/`` folder (the only files a PDF may load). The folder is, in order:
the ``--template-dir`` option, the ``REPORTGEN_TEMPLATE_DIR`` environment
variable, or the templates shipped with reportgen. A county may keep its own
folder; a missing or broken file there gives a :class:`TemplateError` naming the
file (and, for a Jinja syntax error, the line), never a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from reportgen.render.bidi import finalize
from reportgen.resources import templates_dir

ENV_VAR = "REPORTGEN_TEMPLATE_DIR"
HTML_NAME, CSS_NAME, DOCX_NAME, ASSETS_NAME = "report.html", "report.css", "report.docx", "assets"


class TemplateError(Exception):
    """A template is missing or broken; ``str()`` is the message for the user."""

    exit_code = 2

    def __init__(self, path: Path | str, problem: str, line: int | None = None):
        self.path = Path(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}, line {line}" if line else str(self.path)
        super().__init__(f"template {where}: {problem}")


def default_template_dir() -> Path:
    """The report templates shipped with reportgen: ``templates/report`` in a
    source checkout, ``reportgen/_templates/report`` in an installed wheel."""
    return templates_dir() / "report"


def resolve_template_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The template folder to use; raises :class:`TemplateError` if it is not a folder."""
    chosen = explicit if explicit not in (None, "") else os.environ.get(ENV_VAR) or None
    folder = Path(chosen).expanduser() if chosen is not None else default_template_dir()
    if not folder.is_dir():
        source = "--template-dir" if explicit not in (None, "") else ENV_VAR if chosen else "the packaged templates"
        raise TemplateError(folder, f"is not a folder (from {source})")
    return folder.resolve()


def template_file(folder: Path, name: str) -> Path:
    """A file of the template folder, which must exist."""
    path = folder / name
    if not path.is_file():
        raise TemplateError(path, "is missing from the template folder")
    return path


def read_text(folder: Path, name: str) -> str:
    path = template_file(folder, name)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise TemplateError(path, f"is not UTF-8 text (bad byte at position {err.start})") from None
    except OSError as err:
        raise TemplateError(path, f"cannot be read: {err.strerror or err}") from None


def jinja_env(loader: jinja2.BaseLoader | None = None) -> jinja2.Environment:
    """The one Jinja environment both renderers use.

    Autoescaping is always on, so case text is data wherever it lands (HTML
    or WordprocessingML); every printed string is a bidirectional isolate
    (:func:`reportgen.render.bidi.finalize`), so a direction control or a
    right-to-left name cannot reorder the words around it, in a county's
    template as much as in ours; the sandbox keeps a county template from
    reaching Python internals; a misspelt variable is an error, not a silent blank.
    """
    return ImmutableSandboxedEnvironment(
        loader=loader,
        autoescape=True,
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def explain(err: jinja2.TemplateError, path: Path, line: int | None = None) -> TemplateError:
    """Turn any Jinja error into a :class:`TemplateError` naming ``path``."""
    if isinstance(err, jinja2.TemplateSyntaxError):
        return TemplateError(path, f"Jinja syntax error: {err.message}", line if line is not None else err.lineno)
    if isinstance(err, jinja2.UndefinedError):
        return TemplateError(path, f"uses something the report does not provide: {err.message}", line)
    if isinstance(err, jinja2.TemplateNotFound):
        return TemplateError(path.parent / str(err.name), "is missing from the template folder")
    return TemplateError(path, f"Jinja error: {err}", line)

"""Where the project's data folders are: ``templates/``, ``forms/`` and ``examples/``.

In a source checkout they sit beside the package; in an installed wheel they
are shipped inside it as ``reportgen/_templates``, ``reportgen/_forms`` and
``reportgen/_examples`` (the example cases only; see ``[tool.setuptools]`` in
pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _locate(top_level: str, packaged: str) -> Path:
    source = _PACKAGE.parent / top_level
    if source.is_dir():
        return source
    return _PACKAGE / packaged


def templates_dir() -> Path:
    return _locate("templates", "_templates")


def forms_dir() -> Path:
    return _locate("forms", "_forms")


def examples_dir() -> Path:
    """The fictional example cases (``serve --demo`` loads them as drafts)."""
    return _locate("examples", "_examples")

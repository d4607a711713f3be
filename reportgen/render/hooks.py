"""Hooks into WeasyPrint, each put in place once per process.

The render hooks (:mod:`reportgen.render.page_styles`, :mod:`reportgen.render.text_layouts`) are
written for WeasyPrint 70; on another version WeasyPrint keeps its own code.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

_lock = threading.Lock()
_done: set[str] = set()


def install_once(name: str, apply: Callable[[], None]) -> None:
    """Run ``apply`` once per process (under a lock: renders run on several threads), and only on
    WeasyPrint 70."""
    if name in _done:
        return
    with _lock:
        if name in _done:
            return
        import weasyprint

        if weasyprint.__version__.split(".")[0] == "70":
            apply()
        _done.add(name)

"""``python -m reportgen.web.renderworker FD``: one warm render worker.

Started by :class:`reportgen.web.renderpool.RenderPool` with one end of a
socket pair as file descriptor ``FD``. It lowers its own priority (a render
must yield the processor to the web workers' saves), imports WeasyPrint and
docxtpl and lays out the stylesheet and fonts once, then renders one report per
request: a JSON header (the format and the settings the web worker renders
with), the case as JSON; it answers with a JSON header and the document's
bytes. Its standard error goes nowhere, so a library that quotes the document
cannot put case data in a log.
"""

from __future__ import annotations

import json
import os
import sys
from multiprocessing.connection import Connection
from typing import Any

#: The settings a render depends on, sent with each job: the pool's workers
#: outlive a change of them in the web worker (and tests change them).
SETTINGS = ("REPORTGEN_PROFILE", "REPORTGEN_TEMPLATE_DIR", "REPORTGEN_TZ")


def encode(value: Any) -> bytes:
    """JSON bytes; lone surrogates (which a case may hold) survive the trip."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def decode(payload: bytes) -> Any:
    return json.loads(payload.decode("utf-8", "surrogatepass"))


def warm_up() -> None:
    """Import the renderers and build the shipped stylesheet's fonts before the first job."""
    from reportgen.render.docx import render_docx  # noqa: F401 - imported to be warm
    from reportgen.render.pdf import _warm_style
    from reportgen.render.templates import resolve_template_dir

    try:
        _warm_style(resolve_template_dir(None))
    except Exception:  # noqa: BLE001 - a broken county template is reported by the first job instead
        pass


def render(fmt: str, case_json: bytes) -> bytes:
    from reportgen.schema import load_case

    case = load_case(decode(case_json))
    if fmt == "pdf":
        from reportgen.render.pdf import render_pdf

        return render_pdf(case)
    from reportgen.render.docx import render_docx

    return render_docx(case)


def perform(header: dict[str, Any], case_json: bytes) -> tuple[dict[str, Any], bytes]:
    """One job: (answer header, document bytes or b"")."""
    from reportgen.render.templates import TemplateError

    for key in SETTINGS:
        value = (header.get("settings") or {}).get(key)
        if value:
            os.environ[key] = value
        else:
            os.environ.pop(key, None)
    try:
        return {"ok": True}, render(str(header.get("fmt")), case_json)
    except TemplateError as err:
        return {"ok": False, "template": [str(err.path), err.problem, err.line]}, b""
    except Exception as err:  # noqa: BLE001 - the kind only: a message may quote the case
        return {"ok": False, "kind": type(err).__name__}, b""


def serve(conn: Connection, max_jobs: int) -> None:
    """Render until retired (``max_jobs``, which bounds memory growth) or the parent leaves."""
    for _ in range(max_jobs):
        try:
            header = decode(conn.recv_bytes(64 * 1024))
            case_json = conn.recv_bytes()
        except (EOFError, OSError):
            return
        answer, data = perform(header, case_json)
        del case_json
        conn.send_bytes(encode(answer))
        conn.send_bytes(data)


#: The render process's priority: below the web processes, so saves get the processor first.
NICE = 10
#: Linux's autogroup setting: where it is on, the scheduler shares the processor between sessions
#: first and applies a process's nice value only within its own session.
AUTOGROUP = "/proc/self/autogroup"


def lower_priority() -> None:
    """Nice 10, and the same for this process's session. The render process runs in a session of
    its own (:func:`reportgen.untrusted.pool.spawn`), and with autogroup scheduling (on by default
    in most Linux kernels) a nice value counts only against processes of the same session: a
    niced render then still took as much processor as all the web processes together. A higher
    autogroup nice is allowed without privilege; where there is no autogroup, the plain nice does."""
    try:
        os.nice(NICE)
    except OSError:
        pass
    try:
        with open(AUTOGROUP, "w", encoding="ascii") as f:
            f.write(str(NICE))
    except OSError:  # not Linux, or autogroup scheduling is off
        pass


def main(argv: list[str]) -> int:
    lower_priority()
    warm_up()
    serve(Connection(int(argv[0])), int(argv[1]) if len(argv) > 1 else 200)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

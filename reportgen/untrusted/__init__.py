"""One sandboxed reader for every document someone else made.

A received PDF, an uploaded report, the case data inside either: each is
hostile until shown otherwise. A 2.4 KB PDF whose content stream inflates
twice over to gigabytes, or a 2.7 KB one whose form XObjects draw each other
in an exponential fan-out, must cost the reader a message, not the server. So
every front door that reads such a document goes through this package:

=====================================  ==========================================
front door                             function
=====================================  ==========================================
clerk's upload, ``verify``, ``intake``  :func:`reportgen.intake.verify_received` (task ``verify``)
attorney's upload, ``review``           :func:`reportgen.review.extract.extract_bytes` (task ``extract``)
``check``/``render``/review of a        :func:`embedded_case` (task ``case``)
reportgen PDF or DOCX
attorney's JSON upload, ``review``      :func:`json_case` (task ``case_json``)
of a case JSON
=====================================  ==========================================

and each document is read in a worker process of :mod:`.pool` under the same
:data:`~.pool.LIMITS`: 1.5 GB of address space, 60 s of processor time, 45 s
of wall-clock time, an answer of at most 8 MB, and an input of at most 50 MB
(each front door also keeps its own, smaller, upload limit and checks it
before reading). The web worker and the command line never parse the bytes
themselves. A document that overruns a limit, or whose reader fails, gets a
plain message as its own result; the rest of a batch is read as usual.
"""

from __future__ import annotations

from typing import Any

from reportgen.untrusted.pool import LIMITS, Limits, Sandbox, SandboxError, in_worker, shared

__all__ = ["LIMITS", "Limits", "Sandbox", "SandboxError", "embedded_case", "in_worker", "json_case", "shared"]


def embedded_case(data: bytes, label: str, box: Sandbox | None = None) -> Any:
    """The raw case data inside a reportgen PDF or DOCX, read in a worker;
    raises :class:`~reportgen.schema.InvalidCase` naming ``label`` for every failure."""
    from reportgen.sources import embedded_case_here

    if in_worker():
        return embedded_case_here(data, label)
    return _case_task("case", data, label, box)


def json_case(data: bytes, label: str, box: Sandbox | None = None) -> Any:
    """Uploaded case JSON, parsed strictly and validated in a worker; the raw data is returned
    (validate it again with ``load_case``, cheaply, now that it is known to finish)."""
    return _case_task("case_json", data, label, box)


def _case_task(task: str, data: bytes, label: str, box: Sandbox | None) -> Any:
    from reportgen.schema import InvalidCase

    try:
        answer = (box or shared()).run(task, data, label)
    except SandboxError as err:
        raise InvalidCase([(label, str(err))]) from None
    if "problems" in answer:
        raise InvalidCase([(str(p), str(m)) for p, m in answer["problems"]])
    return answer["case"]

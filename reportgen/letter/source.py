"""The digest of the report a letter comes from.

A letter carries the SHA-256 of its report, so anyone holding both can tell
which report the parent was told about. Made from a reportgen PDF or DOCX, it is
the digest of that file's bytes (what ``sha256sum`` prints, what the clerk's
index lists). Made from case data, it is the digest of the case's canonical
JSON: the loaded case dumped by the schema, keys sorted, no spaces, UTF-8, so
the same case gives the same digest however its file was indented.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from reportgen.letter.model import Source


def canonical_case_bytes(case: dict[str, Any]) -> bytes:
    """The loaded case as canonical JSON (see the module docstring)."""
    from reportgen.schema import dump_case

    text = json.dumps(dump_case(case), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8", "surrogatepass")


def case_source(case: dict[str, Any]) -> Source:
    return Source("case", hashlib.sha256(canonical_case_bytes(case)).hexdigest())


def file_source(data: bytes) -> Source:
    """The source of a letter made from a reportgen PDF or DOCX."""
    kind = "pdf" if data.startswith(b"%PDF") else "docx" if data.startswith(b"PK\x03\x04") else "case"
    return Source(kind, hashlib.sha256(data).hexdigest())

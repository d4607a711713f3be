"""Case JSON parsed strictly: what the JSON grammar allows but a case cannot mean.

Python's :func:`json.loads` is lenient where a case must not be: a key given
twice silently keeps the last value (so a file can show one answer and mean
another), ``NaN`` and ``Infinity`` are accepted, and a 5,000-digit number
either becomes an integer no field can hold or raises Python's own
int-conversion error. :func:`loads` refuses each of these and names where it
is, as ``field.path: message`` pairs, so every front door (the CLI, an upload,
the data inside a PDF or DOCX) reports them alike.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

#: No field holds a number longer than this (the largest count is 10000); a
#: longer number is refused before Python converts it.
MAX_DIGITS = 15
#: Walking a parsed document deeper than this finds nothing a case can hold.
_MAX_DEPTH = 64


class CaseJsonError(ValueError):
    """The JSON is well formed but is not acceptable case data; ``problems``
    are ``(path, message)`` pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{p}: {m}" for p, m in problems))


class _Refused:
    """Stands in, during parsing, for a value that is then reported with its path."""

    __slots__ = ("why",)

    def __init__(self, why: str):
        self.why = why


class _Duplicated(dict[str, Any]):
    """An object in which some keys appeared more than once."""

    duplicates: list[str]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    repeated: list[str] = []
    for key, value in pairs:
        if key in out and key not in repeated:
            repeated.append(key)
        out[key] = value
    if not repeated:
        return out
    marked = _Duplicated(out)
    marked.duplicates = repeated
    return marked


def _int(text: str) -> int | _Refused:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        return _Refused(f"is a number with {digits} digits; no field holds a number of more than {MAX_DIGITS} digits")
    return int(text)


_MANTISSA_DIGITS = re.compile(r"\d")


def _float(text: str) -> float | _Refused:
    mantissa = re.split("[eE]", text, maxsplit=1)[0]
    digits = len(_MANTISSA_DIGITS.findall(mantissa))
    if digits > MAX_DIGITS + 2:
        return _Refused(f"is a number with {digits} digits; no field holds a number of more than {MAX_DIGITS} digits")
    value = float(text)
    if not math.isfinite(value):
        return _Refused("is a number too large for any field")
    return value


def _constant(name: str) -> _Refused:
    return _Refused(f"is {name}, which is not a number; JSON has no {name}")


def shown_key(key: str) -> str:
    """A key as a message may print it: invisible and control characters
    escaped (a key is untrusted text shown on a terminal), long keys cut."""
    if len(key) > 60:
        key = key[:57] + "..."
    if key.isprintable():
        return key
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in key)


def join(prefix: str, key: str | int) -> str:
    """A child's path: ``a.b`` for a key, ``a[2]`` for a list index."""
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    return f"{prefix}.{shown_key(key)}" if prefix else shown_key(key)


def _problems(value: Any) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    stack: list[tuple[str, Any, int]] = [("", value, 0)]
    while stack:
        path, node, depth = stack.pop()
        if isinstance(node, _Refused):
            found.append((path or "case", node.why))
        elif depth >= _MAX_DEPTH:
            continue
        elif isinstance(node, dict):
            for key in getattr(node, "duplicates", ()):
                found.append((join(path, key), "appears more than once in the same group; keep one"))
            stack.extend((join(path, k), v, depth + 1) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((join(path, i), v, depth + 1) for i, v in enumerate(node))
    return sorted(found)


def loads(text: str) -> Any:
    """Parse case JSON strictly.

    Raises :class:`json.JSONDecodeError` for malformed JSON, :class:`RecursionError`
    for absurd nesting (as :func:`json.loads` does) and :class:`CaseJsonError`
    naming every duplicated key, ``NaN``/``Infinity`` and over-long number.
    """
    value = json.loads(text, object_pairs_hook=_object, parse_int=_int, parse_float=_float,
                       parse_constant=_constant)
    problems = _problems(value)
    if problems:
        raise CaseJsonError(problems)
    return value

"""The new facts of a review period, laid over a carried case.

A review report is the last report carried forward (:mod:`.carry`) plus what
happened since. The new facts are written in the case's own shape, only where
something is new: a group (a mapping) is merged into the carried one, a plain
answer replaces the carried one (``null`` clears it), and a list of people or
things (parents, services, children, steps, relatives) is matched item by item
to the carried list by the first of :data:`MATCH_KEYS` the new item names, so
``{service: Parenting education, status: completed}`` updates that service and
leaves the others as they were. An item that matches nothing is added (a new
service, a new relative). Two markers say what a merge cannot:

``_remove: true``
    drop the matched item (a service no longer part of the plan);
``_replace: true``
    replace a group instead of merging into it (a child who moved has a new
    caregiver: nothing of the old caregiver is kept).

The result must still load (:func:`reportgen.schema.load_case`); a fact that
names nothing in the carried case and cannot be added fails with the place it
was written (``parents[0].services[3]``), not silently.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

#: Keys that name an item of a list, tried in this order (the first the new item has).
MATCH_KEYS = ("id", "service", "name", "action", "role", "title")
REMOVE, REPLACE = "_remove", "_replace"


class FactsError(ValueError):
    """A new fact that cannot be laid over the carried case; the message names its place."""


def apply_facts(case: dict[str, Any], facts: dict[str, Any]) -> dict[str, Any]:
    """``case`` (JSON-ready, as :func:`reportgen.hearings.carry.next_report` returns it)
    with ``facts`` laid over it; neither argument is changed."""
    if not isinstance(facts, dict):
        raise FactsError("the new facts must be a mapping of the case's groups")
    return _merge(copy.deepcopy(case), facts, "")


def _merge(base: dict[str, Any], facts: dict[str, Any], where: str) -> dict[str, Any]:
    if facts.get(REMOVE):
        raise FactsError(f"{where or 'the new facts'}: _remove applies to an item of a list")
    for key, value in facts.items():
        if key in (REMOVE, REPLACE):
            continue
        place = f"{where}.{key}" if where else key
        old = base.get(key)
        if isinstance(value, dict) and not value.get(REPLACE) and isinstance(old, dict):
            base[key] = _merge(old, value, place)
        elif isinstance(value, list) and isinstance(old, list) and all(isinstance(v, dict) for v in value):
            base[key] = _merge_list(old, value, place)
        else:
            base[key] = _clean(value, place)
    return base


def _merge_list(old: list[Any], items: list[dict[str, Any]], where: str) -> list[Any]:
    out = list(old)
    for n, item in enumerate(items):
        place = f"{where}[{n}]"
        key = next((k for k in MATCH_KEYS if item.get(k) is not None), None)
        found = None if key is None else next(
            (i for i, o in enumerate(out) if isinstance(o, dict) and _same(o.get(key), item[key])), None)
        if item.get(REMOVE):
            if found is None:
                raise FactsError(f"{place}: nothing carried to remove matches {key}={item.get(key)!r}"
                                 if key else f"{place}: say which item to remove ({', '.join(MATCH_KEYS)})")
            del out[found]
        elif found is None:
            out.append(_clean(item, place))
        elif item.get(REPLACE):
            out[found] = _clean(item, place)
        else:
            out[found] = _merge(out[found], item, place)
    return out


def _same(a: Any, b: Any) -> bool:
    return isinstance(a, str) and isinstance(b, str) and " ".join(a.casefold().split()) == " ".join(
        b.casefold().split())


def _clean(value: Any, where: str) -> Any:
    """A new value without the markers (a marker on a new item means nothing to merge)."""
    if isinstance(value, dict):
        if value.get(REMOVE):
            raise FactsError(f"{where}: _remove applies to an item of a list")
        return {k: _clean(v, f"{where}.{k}") for k, v in value.items() if k not in (REMOVE, REPLACE)}
    if isinstance(value, list):
        return [_clean(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dt.date):  # YAML reads 2027-05-10 as a date; the case file writes it as text
        return value.isoformat()
    return value

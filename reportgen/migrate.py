"""Reading older case data: schema 1.0 (one child per report) into 2.0 (the family).

A 1.0 case held one child, with that child's placement, concurrent plan and
siblings at the top level. In 2.0 those belong to the child, in ``children``;
what the family shares (the court, the parents, the relatives, ICWA inquiry,
the case plan, the orders) stays where it was. The per-child orders (the
period of services stated for the child and the review dates) move into the
child's own ``recommended``. Nothing is dropped: every 1.0 value has exactly
one place in 2.0 (``tests/schema/test_migrate.py`` checks it for every
example and every rendered file in the repository).

:func:`reportgen.schema.load_case` calls this on read; ``reportgen migrate``
writes the result.
"""

from __future__ import annotations

from typing import Any

from reportgen.schema import CHILD_ORDER_FIELDS, SCHEMA_VERSION

#: 1.0 top-level groups that are one child's own in 2.0.
PER_CHILD = ("placement", "has_siblings", "siblings_note", "siblings", "concurrent_plan")
#: The orders that move with the child; the disposition itself stays the family's.
MOVED_ORDERS = tuple(key for key in CHILD_ORDER_FIELDS if key != "disposition_option")


def _given(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, dict):
        return any(_given(v) for v in value.values())
    if isinstance(value, (list, str)):
        return bool(value)
    return True


def v1_to_v2(raw: dict[str, Any]) -> dict[str, Any]:
    """The 2.0 form of valid 1.0 JSON data (as dumped, dates as ISO strings)."""
    out = {key: value for key, value in raw.items() if key not in ("child", *PER_CHILD)}
    out["schema_version"] = SCHEMA_VERSION
    child: dict[str, Any] = dict(raw.get("child") or {})
    for key in PER_CHILD:
        if key in raw:
            child[key] = raw[key]
    recommended = dict(raw.get("recommended") or {})
    orders = {key: recommended.pop(key) for key in MOVED_ORDERS if key in recommended}
    if _given(orders):
        child["recommended"] = orders
    if "recommended" in raw:
        out["recommended"] = recommended if raw["recommended"] is not None else None
    if _given(child):
        child = {"id": "c1", **child}
        out["children"] = [child]
    return out

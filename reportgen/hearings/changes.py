"""What changed since the last report, item by item.

Computed from ``previous_report.snapshot`` (what the last report said, as
carried: :func:`reportgen.hearings.carry.snapshot_of`) against the case as it
stands now: a service added, completed, stopped or no longer listed, a parent's
status or visits changed, a child moved, the concurrent plan's goal or named
family changed, the family's assessment or answer on permanence changed. The
same list is printed by ``reportgen changes`` and in the review report's own
section, in the words of the report (``review`` in words.yml).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from reportgen.family import child_label
from reportgen.hearings.carry import snapshot_of


@dataclass(frozen=True)
class Change:
    """One item: whom it is about, what changed (a key of ``review.changed`` in words.yml), before and now."""

    subject: str
    what: str
    before: Any
    now: Any
    enum: str | None = None

    def text(self) -> str:
        """The item as one sentence, in the report's words."""
        from reportgen.render import words as w

        table = w.table()["review"]
        before = _shown(self.before, self.enum, table)
        now = _shown(self.now, self.enum, table)
        return str(table["changed"][self.what]).format(subject=self.subject, before=before, now=now)

    def as_dict(self) -> dict[str, Any]:
        return {"subject": self.subject, "what": self.what, "before": self.before, "now": self.now,
                "text": self.text()}


def _shown(value: Any, enum: str | None, table: dict[str, Any]) -> str:
    from reportgen.render import words as w

    if value is None:
        return str(table["not_recorded"])
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return w.fmt_date(dt.date.fromisoformat(value))
        except ValueError:
            pass
    if enum:
        return w.enum_word(enum, value)
    return str(value)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _key(text: Any) -> str:
    return " ".join(str(text or "").casefold().split())


def _match(old: list[dict[str, Any]], new: list[dict[str, Any]], keys: tuple[str, ...]
           ) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Pairs of the same item before and now (by the first key that names both), items gone, items added."""
    pairs, left, added = [], list(old), []
    for item in new:
        found = next((o for o in left for k in keys if item.get(k) and _key(o.get(k)) == _key(item.get(k))), None)
        if found is None:
            added.append(item)
        else:
            left.remove(found)
            pairs.append((found, item))
    return pairs, left, added


def changes(case: dict[str, Any]) -> list[Change] | None:
    """Every change since the last report, or None when the case records no previous report."""
    previous = (case.get("previous_report") or {}).get("snapshot")
    if previous is None:
        return None
    previous = json.loads(json.dumps(previous, default=_iso))  # loaded dates as the snapshot writes them
    now = snapshot_of(case)
    out: list[Change] = []
    out += _parents(previous.get("parents") or [], now.get("parents") or [])
    out += _children(previous.get("children") or [], now.get("children") or [])
    return out


def _parents(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[Change]:
    out: list[Change] = []
    pairs, gone, added = _match(old, new, ("name", "role"))
    for parent in added:
        out.append(Change(_who(parent), "parent_added", None, None))
    for parent in gone:
        out.append(Change(_who(parent), "parent_gone", None, None))
    for before, now in pairs:
        who = _who(now)
        for key, enum in (("status", "parent_status"), ("reunification", "reunification"), ("visits", None),
                          ("supervision", "supervision")):
            if before.get(key) != now.get(key):
                out.append(Change(who, key, before.get(key), now.get(key), enum))
        spairs, sgone, sadded = _match(before.get("services") or [], now.get("services") or [], ("service",))
        for service in sadded:
            out.append(Change(who, "service_added", None, service.get("service")))
        for service in sgone:
            out.append(Change(who, "service_gone", service.get("service"), None))
        for s_before, s_now in spairs:
            if _status_changed(s_before.get("status"), s_now.get("status")):
                kind = "service_status" if s_before.get("status") else "service_status_first"
                out.append(Change(f"{who}, {s_now.get('service')}", kind, s_before.get("status"),
                                  s_now.get("status"), "service_status"))
    return out


def _status_changed(before: str | None, now: str | None) -> bool:
    """A service's status changed: not an answer only now given that says nothing
    happened (a first review records "ongoing" for a service the last report listed)."""
    if now is None or before == now:
        return False
    return before is not None or now in ("completed", "dropped")


def _children(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[Change]:
    out: list[Change] = []
    pairs, gone, added = _match(old, new, ("id", "name"))
    for i, child in enumerate(added):
        out.append(Change(child_label(child, i), "child_added", None, None))
    for i, child in enumerate(gone):
        out.append(Change(child_label(child, i), "child_gone", None, None))
    for i, (before, now) in enumerate(pairs):
        who = child_label(now, i)
        if (_key(before.get("caregiver")), before.get("placement_type")) != (
                _key(now.get("caregiver")), now.get("placement_type")):
            out.append(Change(who, "placement", _home(before), _home(now)))
        elif before.get("date_placed") != now.get("date_placed"):
            out.append(Change(who, "date_placed", before.get("date_placed"), now.get("date_placed")))
        for key, enum in (("goal", "plan_goal"), ("family", None), ("family_assessment", "assessment_status"),
                          ("family_willingness", "willingness")):
            same = _key(before.get(key)) == _key(now.get(key)) if key == "family" else before.get(key) == now.get(key)
            if not same:
                out.append(Change(who, key, before.get(key), now.get(key), enum))
    return out


def _who(parent: dict[str, Any]) -> str:
    from reportgen.render import words as w

    name = parent.get("name")
    role = w.enum_word("parent_role", parent["role"]) if parent.get("role") else None
    return f"{name} ({role.lower()})" if name and role else str(name or role or w.table()["review"]["a_parent"])


def _home(child: dict[str, Any]) -> str | None:
    from reportgen.render import words as w

    caregiver, kind = child.get("caregiver"), child.get("placement_type")
    kind_words = w.enum_word("placement_type", kind).lower() if kind else None
    if caregiver and kind_words:
        return f"{caregiver} ({kind_words})"
    return caregiver or kind_words



"""A read-only view over a loaded case, with the derived facts the law keys on.

Rules, the timeline and the renderers ask the same questions ("is the child
removed?", "how old was the child at removal?"); answering them once here keeps
them consistent.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

REMOVAL_OPTIONS = {"remove_placement_fr", "remove_placement_no_fr"}
FR_OPTIONS = {"remove_placement_fr", "remove_noncustodial_parent_services"}
FM_OPTIONS = {"dependency_home"}
OUT_OF_HOME_PLACEMENTS = {
    "relative", "nrefm", "resource_family", "foster_family_agency", "strtp", "tribal", "other",
}
SERVICE_ENTITLED_ROLES = {"mother", "presumed_father", "guardian"}

# A bare placeholder is not an answer: §358.1 asks for a factual discussion, so
# "N/A" or "TBD" with no reason counts as never answered. "None: the child is an
# only child" is an answer.
_PLACEHOLDER = re.compile(
    r"^\s*(n/?a|none|tbd|tba|unknown|pending|to be determined|not applicable|-+|\?+|x+|\.+)\s*[.!]?\s*$",
    re.IGNORECASE,
)


def blank(value: Any) -> bool:
    """True when a value is no factual discussion: missing, empty, or a bare placeholder.

    This is the *rules'* question (WIC §358.1 asks for a factual discussion),
    for free text. It is not whether the worker answered: a closed enumeration
    value ("unknown", "pending", "none") is always an answer, and free text
    such as "None" is printed as typed. The renderer asks :func:`answered`.
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip() or bool(_PLACEHOLDER.match(value))
    if isinstance(value, (list, dict)):
        return not value or (isinstance(value, dict) and all(blank(v) for v in value.values()))
    return False


def answered(value: Any) -> bool:
    """True when the worker gave any answer at all, which the report then prints as given.

    Only a missing value, ``null``, text of nothing but spaces, or an empty
    list or group is unanswered: "Not stated." is printed for those alone.
    Enumeration values, ``false``, ``0`` and placeholders typed as free text
    ("None", "N/A") are answers; whether such text counts as a factual
    discussion is for the rules to judge (:func:`blank`).
    """
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return bool(value)
    if isinstance(value, dict):
        return any(answered(v) for v in value.values())
    return True


_PATH_PART = re.compile(r"[^.\[\]]+|\[\d+\]")


def value_at(data: Any, path: str) -> Any:
    """The value at a concrete path such as ``siblings[1].reason_apart``; None where absent."""
    node: Any = data
    for part in _PATH_PART.findall(path):
        if part.startswith("["):
            index = int(part[1:-1])
            node = node[index] if isinstance(node, list) and index < len(node) else None
        else:
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return None
    return node


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def age_on(dob: dt.date | None, on: dt.date | None) -> int | None:
    """Whole years of age on a date, or None when either date is unknown."""
    if dob is None or on is None:
        return None
    years = on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))
    return years


class Case:
    """Questions about one child's case, over a one-child view.

    Given a 2.0 report on the family (:func:`reportgen.schema.load_case`), it
    reads the family with its first child (:func:`reportgen.family.family_view`):
    right for what the family shares and for a one-child report. A report on
    several children is asked per child through :func:`reportgen.family.child_views`.
    """

    def __init__(self, data: dict[str, Any]):
        if "children" in data or data.get("schema_version") == "2.0":
            from reportgen.family import family_view

            data = family_view(data)
        self.data = data

    # -- generic access ----------------------------------------------------
    def get(self, path: str, default: Any = None) -> Any:
        """Follow a dotted path ("child.education.school"); None where absent."""
        node: Any = self.data
        for part in path.split("."):
            if not isinstance(node, dict):
                return default
            node = node.get(part)
            if node is None:
                return default
        return node

    def items(self, path: str) -> Iterator[tuple[int, dict[str, Any]]]:
        """(index, element) for each element of a list field; none when unanswered."""
        value = self.get(path) or []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item

    @staticmethod
    def at(item: dict[str, Any] | None, path: str) -> Any:
        node: Any = item
        for part in path.split("."):
            if not isinstance(node, dict):
                return None
            node = node.get(part)
        return node

    # -- dates and ages ----------------------------------------------------
    @property
    def removal_date(self) -> dt.date | None:
        return self.get("dates.removal_date")

    @property
    def jurisdiction_date(self) -> dt.date | None:
        return self.get("dates.jurisdiction_hearing_date")

    @property
    def disposition_date(self) -> dt.date | None:
        return self.get("dates.disposition_hearing_date")

    @property
    def hearing_date(self) -> dt.date | None:
        """The date of the hearing the report is for: a review hearing's own date, else the disposition hearing's."""
        if self.get("court.hearing_type") not in (None, "disposition"):
            return self.get("review.hearing_date")
        return self.disposition_date

    @property
    def report_date(self) -> dt.date | None:
        """The report's date, else the hearing date: the day ages are judged on."""
        return self.get("court.report_date") or self.disposition_date

    @property
    def dob(self) -> dt.date | None:
        return self.get("child.dob")

    def child_age_on(self, day: dt.date | None) -> int | None:
        return age_on(self.dob, day)

    @property
    def age_at_removal(self) -> int | None:
        return age_on(self.dob, self.removal_date)

    @property
    def age_now(self) -> int | None:
        return age_on(self.dob, self.report_date)

    # -- what is recommended ---------------------------------------------
    @property
    def disposition_option(self) -> str | None:
        return self.get("recommended.disposition_option")

    @property
    def removed(self) -> bool:
        """Out-of-home placement is recommended (with or without services).

        Where the recommendation itself is missing (PR706), a child in an
        out-of-home placement is treated as removed, so the checks that protect
        a removed child still run.
        """
        option = self.disposition_option
        if option is not None:
            return option in REMOVAL_OPTIONS
        return self.get("placement.type") in OUT_OF_HOME_PLACEMENTS

    @property
    def fr_recommended(self) -> bool:
        if self.disposition_option in FR_OPTIONS:
            return True
        return any(
            self.at(p, "reunification.recommended") == "services" for _, p in self.items("parents")
        )

    @property
    def fm_recommended(self) -> bool:
        return self.disposition_option in FM_OPTIONS

    # -- ICWA -------------------------------------------------------------
    @property
    def reason_to_know(self) -> bool:
        return self.get("child.indian_status") in {"reason_to_know", "indian_child"}

    @property
    def reason_to_believe(self) -> bool:
        """Reason to believe, stated or evident from an inquiry answer."""
        if self.get("child.indian_status") in {"reason_to_believe", "reason_to_know", "indian_child"}:
            return True
        return any(q.get("answer") == "possible_ancestry" for _, q in self.items("icwa.inquiry"))

    # -- siblings ---------------------------------------------------------
    def siblings_in_care(self) -> list[tuple[int, dict[str, Any]]]:
        return [(i, s) for i, s in self.items("siblings") if s.get("under_court_jurisdiction")]

"""Concrete paths in the raw case: reading, writing, and what a typed value becomes."""

from __future__ import annotations

from typing import Any

import pytest

from reportgen.web.forms import coerce, field_id, get_in, normalize, set_in, tokens


def test_tokens_and_normalize() -> None:
    path = "parents[0].reunification.services[12].provider"
    assert tokens(path) == ["parents", 0, "reunification", "services", 12, "provider"]
    assert normalize(path) == "parents[].reunification.services[].provider"
    assert field_id(path) == "f-parents-0-reunification-services-12-provider"


def test_set_in_creates_groups_and_items() -> None:
    data: dict[str, Any] = {}
    set_in(data, "parents[1].visitation.frequency", "Weekly")
    assert data == {"parents": [{}, {"visitation": {"frequency": "Weekly"}}]}
    assert get_in(data, "parents[1].visitation.frequency") == "Weekly"
    assert get_in(data, "parents[5].name") is None
    assert get_in(data, "child.name") is None


@pytest.mark.parametrize(("path", "typed", "stored"), [
    ("children[0].name", "  ", None),
    ("children[0].name", "Ana", "Ana"),
    ("children[0].wishes", "line one\r\nline two", "line one\nline two"),
    ("children[0].has_siblings", "true", True),
    ("children[0].has_siblings", "false", False),
    ("children[0].has_siblings", "", None),
    ("relatives.identified_count", "6", 6),
    ("relatives.identified_count", "six", "six"),  # kept as typed; the schema reports it
    ("recommended.stated_fr_months", "12", 12),
    ("children[0].dob", " 2020-03-15 ", "2020-03-15"),
    ("children[0].dob", "soon", "soon"),
])
def test_coerce_keeps_what_does_not_convert(path: str, typed: str, stored: Any) -> None:
    assert coerce(path, typed) == stored

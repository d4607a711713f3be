"""1.0 data (one child per report) keeps loading: migrated on read into 2.0, with
every value in exactly one place, from JSON and from the files 1.x rendered."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reportgen.case import Case
from reportgen.family import child_views
from reportgen.migrate import PER_CHILD, v1_to_v2
from reportgen.render.embed import extract_case_bytes
from reportgen.rules import check
from reportgen.schema import CaseSchemaV1, dump_case, load_case
from tests.conftest import ROOT

V1 = ROOT / "tests" / "fixtures" / "v1"
JSON_FILES = sorted(V1.glob("*.json"))
RENDERED = sorted((V1 / "rendered").glob("*.*"))


def leaves(data: Any, prefix: str = "") -> dict[str, Any]:
    """Every answered value by path."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(leaves(value, f"{prefix}.{key}" if prefix else key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out.update(leaves(value, f"{prefix}[{i}]"))
    elif data is not None:
        out[prefix] = data
    return out


def test_the_fixtures_are_the_1_0_files():
    assert len(JSON_FILES) == 9 and len(RENDERED) == 18
    assert all(json.loads(p.read_text(encoding="utf-8"))["schema_version"] == "1.0" for p in JSON_FILES)


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.stem)
def test_every_1_0_value_has_one_place_in_2_0(path: Path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    v1 = CaseSchemaV1().dump(CaseSchemaV1().load(raw))
    v2 = v1_to_v2(v1)
    assert v2["schema_version"] == "2.0" and len(v2["children"]) == 1
    before = leaves({k: v for k, v in v1.items() if k != "schema_version"})
    after = leaves({k: v for k, v in v2.items() if k != "schema_version"})
    after.pop("children[0].id")
    moved = {}
    for old, value in before.items():
        head = old.split(".")[0].split("[")[0]
        if head == "child":
            new = "children[0]" + old[len("child"):]
        elif head in PER_CHILD:
            new = f"children[0].{old}"
        elif old.startswith("recommended.stated_"):
            new = f"children[0].{old}"
        else:
            new = old
        moved[new] = value
    assert moved == after


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.stem)
def test_a_migrated_case_is_judged_as_the_1_0_case_was(path: Path):
    """The one child's view of the migrated case is the 1.0 case: the same
    findings, only their paths now name the 2.0 place."""
    case = load_case(json.loads(path.read_text(encoding="utf-8")))
    (view,) = child_views(case)
    family = {(f.code, f.message) for f in check(case)}
    one = {(f.code, f.message) for f in check(Case(view.data))}
    assert family == one
    for f in check(case):
        for field in f.fields:
            assert not field.startswith(("child.", "placement", "concurrent_plan", "siblings")), field
    again = load_case(json.loads(json.dumps(dump_case(case))))
    assert dump_case(again) == dump_case(case)


@pytest.mark.parametrize("path", RENDERED, ids=lambda p: p.name)
def test_every_file_rendered_with_1_0_still_loads(path: Path):
    raw = extract_case_bytes(path.read_bytes())
    assert raw["schema_version"] == "1.0"
    case = load_case(raw)
    assert case["schema_version"] == "2.0"
    assert case["children"][0]["name"] == raw["child"]["name"]

"""Every rule's named cases, in one parametrised test (the sqlfluff pattern),
and the meta-tests that keep the catalogue honest."""

from __future__ import annotations

import pytest

from reportgen.case import Case
from reportgen.rules import check, registry
from reportgen.rules.examples import all_case_codes, apply_overlay, cases_for
from reportgen.schema import load_case, schema_paths
from tests.conftest import BASE_CASE, read_json

ALL_CASES = [c for code in all_case_codes() for c in cases_for(code)]


@pytest.mark.parametrize("rule_case", ALL_CASES, ids=lambda c: f"{c.code}-{c.name}")
def test_rule_case(rule_case):
    data = apply_overlay(read_json(BASE_CASE), rule_case.overlay)
    case = load_case(data)  # every case file must stay a valid case
    codes = {f.code for f in check(case)}
    if rule_case.triggers:
        assert rule_case.code in codes, rule_case.description
    else:
        assert rule_case.code not in codes, rule_case.description


def test_base_case_is_clean():
    """The base every overlay starts from raises no objection, so a failing
    case fails because of its overlay alone."""
    findings = check(load_case(read_json(BASE_CASE)))
    assert [f.code for f in findings if f.severity == "object"] == []


@pytest.mark.parametrize("rule", list(registry()), ids=lambda r: r.code)
def test_every_rule_has_a_failing_and_a_passing_case(rule):
    cases = cases_for(rule.code)
    assert any(c.triggers for c in cases), f"{rule.code} has no case that triggers it"
    passing = [c for c in cases if not c.triggers]
    assert passing, f"{rule.code} has no case that leaves it silent"
    assert any(c.overlay for c in passing), f"{rule.code}'s passing cases all use the bare base case"


@pytest.mark.parametrize("rule", list(registry()), ids=lambda r: r.code)
def test_rule_fields_exist_in_schema(rule):
    known = schema_paths()
    for path in rule.fields:
        assert path in known, f"{rule.code} names {path}, which the schema does not define"


def test_case_files_name_registered_rules():
    codes = {r.code for r in registry()}
    assert set(all_case_codes()) <= codes


@pytest.mark.parametrize("rule_case", [c for c in ALL_CASES if c.triggers], ids=lambda c: f"{c.code}-{c.name}")
def test_finding_fields_exist_in_schema(rule_case):
    """Concrete paths in findings (``siblings[1].reason_apart``) map to schema paths."""
    import re

    known = schema_paths()
    data = apply_overlay(read_json(BASE_CASE), rule_case.overlay)
    for finding in check(Case(load_case(data))):
        for path in finding.fields:
            generic = re.sub(r"\[\d+\]", "[]", path)
            assert generic in known, f"{finding.code} points at {path}"

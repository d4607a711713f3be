"""Every rule's named cases, in one parametrised test (the sqlfluff pattern),
and the meta-tests that keep the catalogue honest."""

from __future__ import annotations

import pytest

from reportgen.case import Case
from reportgen.rules import check, registry
from reportgen.rules.examples import all_case_codes, apply_overlay, cases_for
from reportgen.schema import CaseSchemaV1, load_case, schema_paths
from tests.conftest import BASE_CASE, EXAMPLES, read_json

ALL_CASES = [c for code in all_case_codes() for c in cases_for(code)]
#: The bases a case file may name (``base``): the 1.0 complete example, or the 2.0 one.
BASES = {None: BASE_CASE, "v2": EXAMPLES / "01-complete-sibling-group.json"}


@pytest.mark.parametrize("rule_case", ALL_CASES, ids=lambda c: f"{c.code}-{c.name}")
def test_rule_case(rule_case):
    data = apply_overlay(read_json(BASES[rule_case.base]), rule_case.overlay)
    case = load_case(data)  # every case file must stay a valid case
    findings = check(case)
    codes = {f.code for f in findings}
    if rule_case.triggers:
        assert rule_case.code in codes, rule_case.description
        if rule_case.severity:
            assert {f.severity for f in findings if f.code == rule_case.code} == {rule_case.severity}
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
    """Rules judge one child's view, which has the one-child (1.0) shape."""
    known = schema_paths(CaseSchemaV1())
    for path in rule.fields:
        assert path in known, f"{rule.code} names {path}, which the schema does not define"


def test_case_files_name_registered_rules():
    codes = {r.code for r in registry()}
    assert set(all_case_codes()) <= codes


@pytest.mark.parametrize("rule_case", [c for c in ALL_CASES if c.triggers], ids=lambda c: f"{c.code}-{c.name}")
def test_finding_fields_exist_in_schema(rule_case):
    """Concrete paths in findings (``children[0].siblings[1].reason_apart``) are 2.0 schema
    paths, and the one-child view's paths are 1.0 schema paths."""
    import re

    data = apply_overlay(read_json(BASES[rule_case.base]), rule_case.overlay)
    for known, findings in ((schema_paths(), check(load_case(data))),
                            (schema_paths(CaseSchemaV1()), check(Case(load_case(data))))):
        for finding in findings:
            for path in finding.fields:
                generic = re.sub(r"\[\d+\]", "[]", path)
                assert generic in known, f"{finding.code} points at {path}"


def test_generated_catalogue_doc_is_current():
    from reportgen.rules.docs import catalogue_markdown
    from tests.conftest import ROOT

    doc = ROOT / "docs" / "rules.md"
    assert doc.read_text(encoding="utf-8") == catalogue_markdown(), (
        "docs/rules.md is stale: run `.venv/bin/python -m reportgen.rules.docs > docs/rules.md`"
    )


def test_catalogue_has_the_contracted_rules():
    """The 51 rules of the first catalogue, and those case model 2.0 added after them (RL408, RL409)."""
    expected = {
        "CP101", "CP102", "CP103", "CP104", "CP105", "CP106", "CP108", "CP110", "CP111", "CP112", "CP113",
        "CP114", "CP115", "SB201", "SB202", "SB203", "SB204", "SB205", "SB207", "RS301", "RS302", "RS304",
        "RS305", "RS306", "RS307", "RS308", "RS309", "RS311", "RS313", "RS315", "RL401", "RL402", "RL403",
        "RL404", "RL405", "RL408", "RL409", "IC501", "IC502", "IC503", "IC504", "IC505", "IC506", "IC507", "CH601", "CH603",
        "CH604", "CH606", "PR701", "PR702", "PR703", "PR706", "PR708",
        # the prognosis worksheet's warning, and the review reports' rules
        "CP116",
        "RV801", "RV802", "RV803", "RV804", "RV805", "RV806", "RV807", "RV808", "RV809", "RV810",
    }
    assert {r.code for r in registry()} == expected


def test_codes_slugs_and_severities_match_the_contract():
    import yaml

    from tests.conftest import ROOT

    contract = yaml.safe_load((ROOT / "tests" / "rules" / "contract.yml").read_text(encoding="utf-8"))
    actual = {r.code: {"slug": r.slug, "severity": r.severity} for r in registry()}
    assert actual == contract

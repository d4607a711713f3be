"""The wizard's steps are data (forms/steps.yml); these tests hold them to the schema."""

from __future__ import annotations

import pytest

from reportgen.schema import schema_paths
from reportgen.web.checking import Evaluation
from reportgen.web.forms import FormSpec, SectionSpec, kind_of, load_spec, normalize
from reportgen.web.pages import bind_step

from .conftest import example_family

#: The family's steps, then the steps asked once per child (shown child by child), then the
#: narrative and the family's orders.
EXPECTED_ORDER = [
    "case", "children", "parents", "services", "visitation", "relatives", "icwa",
    "child", "placement", "siblings", "concurrent_plan", "education_health", "wishes", "child_orders",
    "narrative", "prognosis", "orders",
]
PER_CHILD = {"child", "placement", "siblings", "concurrent_plan", "education_health", "wishes", "child_orders"}


@pytest.fixture(scope="module")
def spec() -> FormSpec:
    return load_spec()


def form_paths(spec: FormSpec) -> set[str]:
    return {path for step in spec.steps for path in step.field_paths()}


def _schema_path(path: str) -> str:
    """A form path as the schema writes it: a list of ids asked as one field (a checkbox per
    child, ``parents[].children``) is the schema's list ``parents[].children[]``."""
    return path + "[]" if kind_of(path).widget == "ids" else path


def test_every_schema_field_is_reachable_from_some_step(spec: FormSpec) -> None:
    """Every 2.0 path is asked on some step, or listed under ``automatic`` (not asked, and why)."""
    reachable = {_schema_path(p) for p in form_paths(spec)} | set(spec.automatic)
    containers = {p.rpartition(".")[0] for p in reachable if "." in p}
    closure = set(reachable)
    for path in containers:
        while path:
            closure.add(path)
            path = path.rpartition(".")[0]
    missing = sorted(p for p in schema_paths() if p not in closure)
    assert missing == []


def test_every_form_field_exists_in_the_schema(spec: FormSpec) -> None:
    unknown = sorted(p for p in form_paths(spec) if _schema_path(p) not in schema_paths())
    assert unknown == []


def test_every_form_field_is_a_leaf_with_an_input(spec: FormSpec) -> None:
    for path in form_paths(spec):
        assert kind_of(path).widget in {"text", "textarea", "date", "bool", "choice", "int", "ids"}, path


def test_steps_follow_the_issue_order(spec: FormSpec) -> None:
    assert spec.ids == EXPECTED_ORDER
    assert {s.id for s in spec.steps if s.per_child} == PER_CHILD
    for step in spec.steps:  # a per-child step asks only the child's own fields, a family step none of them
        assert all(p.startswith("children[].") for p in step.field_paths()) == step.per_child or step.id == "children"


def test_the_new_2_0_fields_are_asked(spec: FormSpec) -> None:
    asked = form_paths(spec)
    for path in ("parents[].status", "parents[].due_diligence.methods", "parents[].other_children[].name",
                 "parents[].children", "relatives.people[].contacts[].outcome",
                 "relatives.people[].placement_ended_reason", "children[].placement.other_children_in_home",
                 "children[].placement.other_children[].name", "children[].siblings[].child_id",
                 "children[].siblings[].half_sibling", "children[].concurrent_plan.prospective_family.willingness",
                 "children[].concurrent_plan.prospective_family.willingness_in_writing",
                 "children[].concurrent_plan.prospective_family.assessment_status",
                 "children[].recommended.stated_fr_months", "children[].dates.removal_date"):
        assert path in asked, path


def test_every_choice_offers_the_words_the_report_prints(spec: FormSpec) -> None:
    """One table of words for closed answers: the wizard's choice is the report's word."""
    from reportgen.render import words

    for path in form_paths(spec):
        try:
            kind = kind_of(path)
        except KeyError:
            continue
        if kind.widget != "choice":
            continue
        enum = words.enum_of(path)
        assert enum is not None, path
        for value in kind.choices:
            label = spec.choice_label(path, value)
            assert label == words.enum_word(enum, value), (path, value)
            assert label != str(value), (path, value)  # never the stored code


def test_repeatable_groups_cover_the_issue_list(spec: FormSpec) -> None:
    repeats = {normalize(p).rpartition("[]")[0] + "[]" for p in form_paths(spec) if "[]" in p}
    for wanted in ("children[]", "parents[]", "children[].siblings[]", "relatives.people[]",
                   "children[].concurrent_plan.steps[]", "icwa.inquiry[]", "icwa.tribes[]"):
        assert any(r.startswith(wanted) for r in repeats), wanted
    assert "parents[].reunification.services[]" in {p.rsplit(".", 1)[0] for p in form_paths(spec)}


def test_help_texts_with_a_citation_name_a_source(spec: FormSpec) -> None:
    cited = [f for step in spec.steps for sec in step.sections for f in sec.fields if f.help]
    assert cited, "the steps carry help text"
    assert any("WIC §" in f.help for f in cited)


def _guidance(spec: FormSpec) -> list[str]:
    """Every help text, intro and warning the worker reads, nested sections included."""
    out: list[str] = []

    def walk(sections: tuple[SectionSpec, ...]) -> None:
        for sec in sections:
            out.append(sec.intro)
            for f in sec.fields:
                out.append(f.help)
                if f.warn_if:
                    out.append(str(f.warn_if.get("message", "")))
            walk(sec.sections)

    for step in spec.steps:
        out.append(step.intro)
        walk(step.sections)
    return [t for t in out if t]


#: Citations docs/law.md marks unverified [U]: help text resting on them must say so.
UNVERIFIED = ("WIC §224.3", "§1912(a)", "WIC §16501(i)", "§16501.1(f)(10)", "WIC §361.5(c)", "Pub. L. 113-183")


def test_guidance_that_states_a_duty_cites_it_and_unverified_cites_say_so(spec: FormSpec) -> None:
    texts = _guidance(spec)
    assert len(texts) > 40
    for text in texts:
        if " must " in f" {text} " or "required" in text.lower():
            assert any(mark in text for mark in ("§", "CRC ", "CEB ")), text
        if any(cite in text for cite in UNVERIFIED):
            assert "to be confirmed" in text, text


def test_sibling_details_only_when_has_siblings(spec: FormSpec) -> None:
    step = spec.step("siblings")
    assert step is not None
    raw = example_family()
    shown = bind_step(spec, step, raw, Evaluation([], []), child=0)
    repeat = shown.anchors["children[0].siblings"]
    assert not repeat.hidden  # type: ignore[union-attr]
    raw["children"][0]["has_siblings"] = None
    kept = bind_step(spec, step, raw, Evaluation([], []), child=0)
    assert not kept.anchors["children[0].siblings"].hidden  # type: ignore[union-attr]  # entries are never hidden
    raw["children"][0]["siblings"] = []
    hidden = bind_step(spec, step, raw, Evaluation([], []), child=0)
    assert hidden.anchors["children[0].siblings"].hidden  # type: ignore[union-attr]


def test_questions_that_do_not_apply_are_hidden_until_they_do(spec: FormSpec) -> None:
    """A field or section asked only when another answer makes it apply: hidden while it does
    not and it holds no answer; an answer, or a finding pointing at it, always shows it."""
    from reportgen.rules import Finding

    parents, services = spec.step("parents"), spec.step("services")
    assert parents is not None and services is not None
    raw = example_family()
    raw["parents"][0].update(incarcerated=False, facility=None, release_date=None)
    raw["parents"][0]["reunification"] = {"recommended": "services", "services": []}
    page = bind_step(spec, parents, raw, Evaluation([], []))
    facility = page.anchors["parents[0].facility"]
    assert facility.hidden and '"name":"parents[0].incarcerated"' in facility.show_if  # type: ignore[union-attr]
    raw["parents"][0]["incarcerated"] = True
    assert not bind_step(spec, parents, raw, Evaluation([], [])).anchors["parents[0].facility"].hidden  # type: ignore[union-attr]
    raw["parents"][0].update(incarcerated=False, facility="County jail")
    assert not bind_step(spec, parents, raw, Evaluation([], [])).anchors["parents[0].facility"].hidden  # type: ignore[union-attr]

    page = bind_step(spec, services, raw, Evaluation([], []))
    def bypass_of(page):  # type: ignore[no-untyped-def]
        def walk(groups):  # type: ignore[no-untyped-def]
            for g in groups:
                yield g
                yield from walk(g.groups)
        return next(g for g in walk(page.groups) if g.legend == "No services (bypass)" and g.path == "parents[0]")

    bypass = bypass_of(page)
    assert bypass.hidden and not page.anchors["parents[0].reunification.services"].hidden  # type: ignore[union-attr]
    finding = Finding(code="RS302", name="x", severity="object", message="m", citation="c",
                      fields=("parents[0].reunification.bypass.facts",))
    shown = bind_step(spec, services, raw, Evaluation([], [finding]))
    facts = shown.anchors["parents[0].reunification.bypass.facts"]
    assert not facts.hidden  # type: ignore[union-attr]
    assert not bypass_of(shown).hidden
    raw["parents"][0]["reunification"]["recommended"] = "bypass"
    page = bind_step(spec, services, raw, Evaluation([], []))
    assert page.anchors["parents[0].reunification.services"].hidden  # type: ignore[union-attr]


def test_appla_warning_only_for_a_child_under_16(spec: FormSpec) -> None:
    from reportgen.web.checking import evaluate

    step = spec.step("concurrent_plan")
    assert step is not None
    raw = example_family()
    raw["children"].append({"id": "c9", "name": "Older", "dob": "2009-01-01", "concurrent_plan": {"goal": "appla"}})
    raw["children"][0]["concurrent_plan"]["goal"] = "appla"
    young = bind_step(spec, step, raw, evaluate(raw, spec), child=0)
    goal = young.anchors["children[0].concurrent_plan.goal"]
    assert "16 or older" in goal.warning and goal.warning_shown  # type: ignore[union-attr]
    older = bind_step(spec, step, raw, evaluate(raw, spec), child=len(raw["children"]) - 1)
    assert older.anchors[f"children[{len(raw['children']) - 1}].concurrent_plan.goal"].warning == ""  # type: ignore[union-attr]


def test_an_entry_with_every_answer_and_nothing_to_fix_is_folded(spec: FormSpec) -> None:
    """Entries of a list (each child, parent, relative ...) with every applicable question
    answered show folded; one with a gap, or with a finding pointing into it, stays open."""
    from reportgen.rules import Finding

    step = spec.step("children")
    assert step is not None
    raw = example_family()
    page = bind_step(spec, step, raw, Evaluation([], []))
    first = page.anchors["children[0]"]
    assert first.done  # type: ignore[union-attr]
    raw["children"][0]["dob"] = None
    assert not bind_step(spec, step, raw, Evaluation([], [])).anchors["children[0]"].done  # type: ignore[union-attr]
    raw = example_family()
    finding = Finding(code="CH601", name="x", severity="warn", message="m", citation="c", fields=("children[0].dob",))
    assert not bind_step(spec, step, raw, Evaluation([], [finding])).anchors["children[0]"].done  # type: ignore[union-attr]

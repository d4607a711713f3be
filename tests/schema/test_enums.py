"""Closed answers are declared once: a StrEnum (or IntEnum) per enumeration in
reportgen.enums, used by the schema's fields, with its words in one table."""

from __future__ import annotations

from enum import Enum

import pytest
from marshmallow import validate

from reportgen import enums
from reportgen.render import words
from reportgen.schema import CaseSchema, CaseSchemaV1, enum_fields, load_case
from tests.conftest import BASE_CASE, read_json


def _one_of_fields(schema):
    """Every field with a OneOf validator, by path, walking nested schemas."""
    from marshmallow import fields

    out = {}

    def walk(schema, prefix):
        for name, field in schema.fields.items():
            path, inner = f"{prefix}{name}", field
            if isinstance(field, fields.List):
                path, inner = path + "[]", field.inner
            validators = inner.validators if hasattr(inner, "validators") else []
            if any(isinstance(v, validate.OneOf) for v in validators):
                out[path] = inner
            if isinstance(inner, fields.Nested):
                walk(inner.schema, path + ".")

    walk(schema, "")
    return out


@pytest.mark.parametrize("schema", [CaseSchema(), CaseSchemaV1()], ids=["2.0", "1.0"])
def test_every_closed_field_takes_a_declared_enumeration(schema):
    closed = _one_of_fields(schema)
    assert closed, "the walk found no closed field"
    declared = enum_fields(schema)
    assert set(closed) == set(declared)
    for path, field in closed.items():
        enum = declared[path]
        assert enum in enums.ALL, path
        one_of = next(v for v in field.validators if isinstance(v, validate.OneOf))
        assert tuple(one_of.choices) == enums.values(enum), path


@pytest.mark.parametrize("enum", enums.ALL, ids=lambda e: e.__name__)
def test_every_member_has_its_words_and_no_other_words_exist(enum: type[Enum]):
    table = words.table()["enums"][enums.words_key(enum)]
    assert set(table) == {str(m.value) for m in enum}
    assert all(isinstance(text, str) and text.strip() for text in table.values())


def test_the_word_table_holds_only_declared_enumerations_and_the_severities():
    assert set(words.table()["enums"]) == {enums.words_key(e) for e in enums.ALL} | {"severity"}


def test_enum_of_finds_the_words_for_2_0_and_view_paths():
    assert words.enum_of("children[1].concurrent_plan.goal") == "plan_goal"
    assert words.enum_of("concurrent_plan.goal") == "plan_goal"
    assert words.enum_of("parents[0].visitation.supervision") == "supervision"
    assert words.enum_of("children[0].name") is None


def test_a_loaded_value_equals_its_member_and_stays_a_plain_string_in_json():
    raw = read_json(BASE_CASE)
    case = load_case(raw)
    goal = case["children"][0]["concurrent_plan"]["goal"]
    assert goal == enums.PlanGoal(goal)
    assert type(goal) is str


def test_a_value_outside_the_enumeration_is_refused_naming_its_choices():
    from reportgen.schema import InvalidCase

    raw = read_json(BASE_CASE)
    raw["placement"]["caregiver_permanency_willingness"] = "maybe"
    with pytest.raises(InvalidCase) as caught:
        load_case(raw)
    assert "yes_adopt" in str(caught.value) and "not_asked" in str(caught.value)

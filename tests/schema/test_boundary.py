"""The model's boundary: strict JSON, strict types, cleaned text, safe identifiers, the court's today."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

import pytest

from reportgen import clock
from reportgen.case import Case
from reportgen.casejson import CaseJsonError, loads
from reportgen.schema import InvalidCase, load_case, load_case_noting
from reportgen.sources import parse_json_case
from reportgen.textnorm import clean_text, is_safe_identifier, refuse_bidi, same_text


def one_child(case: dict) -> dict:
    """The loaded (2.0) case in the one-child shape the 1.0 base case was written in."""
    return Case(case).data


def problems(data) -> dict[str, list[str]]:
    with pytest.raises(InvalidCase) as err:
        load_case(data)
    out: dict[str, list[str]] = {}
    for path, message in err.value.problems:
        out.setdefault(path, []).append(message)
    return out


# --- strict JSON ---------------------------------------------------------------------------


def json_problems(text: str) -> dict[str, str]:
    with pytest.raises(CaseJsonError) as err:
        loads(text)
    return dict(err.value.problems)


def test_a_key_given_twice_is_refused_with_its_path() -> None:
    found = json_problems('{"schema_version": "1.0", "parents": [{"name": "A"}, {"name": "B", "name": "C"}]}')
    assert found == {"parents[1].name": "appears more than once in the same group; keep one"}


def test_a_key_given_twice_at_the_top_is_named() -> None:
    assert "has_siblings" in json_problems('{"has_siblings": true, "has_siblings": false}')


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(constant: str) -> None:
    found = json_problems(f'{{"relatives": {{"identified_count": {constant}}}}}')
    assert list(found) == ["relatives.identified_count"]
    assert constant in found["relatives.identified_count"]


@pytest.mark.parametrize("digits", [16, 4301, 5000])
def test_long_numbers_are_refused_before_python_converts_them(digits: int) -> None:
    found = json_problems(f'{{"relatives": {{"identified_count": {"9" * digits}}}}}')
    assert found == {"relatives.identified_count":
                     f"is a number with {digits} digits; no field holds a number of more than 15 digits"}


def test_huge_floats_are_refused() -> None:
    assert "is a number too large" in json_problems('{"x": 1e999}')["x"]
    assert "digits" in json_problems('{"x": 1.00000000000000000000001}')["x"]


def test_numbers_within_bounds_still_parse() -> None:
    assert loads('{"a": 123456789012345, "b": -3, "c": 1.5}') == {"a": 123456789012345, "b": -3, "c": 1.5}


def test_the_reader_reports_json_problems_as_field_paths() -> None:
    raw = b'{"schema_version": "1.0", "relatives": {"identified_count": ' + b"1" * 5000 + b"}}"
    with pytest.raises(InvalidCase) as err:
        parse_json_case(raw, "case.json")
    assert [p for p, _ in err.value.problems] == ["relatives.identified_count"]


def test_a_hostile_key_is_escaped_in_messages() -> None:
    found = json_problems('{"a\\u001b[31m\\u202e": 1, "a\\u001b[31m\\u202e": 2}')
    (path,) = found
    assert path.isprintable() and "\\x1b" in path and "\\u202e" in path


# --- strict types --------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1, 0, 1.0, "1", "true", "yes", "on", [], {}])
def test_booleans_are_json_true_or_false_only(base_case, value) -> None:
    base_case["has_siblings"] = value
    base_case["dates"]["detained"] = value
    found = problems(base_case)
    assert found["has_siblings"] == ["must be true or false"]
    assert found["dates.detained"] == ["must be true or false"]


@pytest.mark.parametrize("value", [1.0, 6.5, True, "3"])
def test_counts_are_integers_not_floats_bools_or_text(base_case, value) -> None:
    base_case["relatives"]["identified_count"] = value
    assert problems(base_case)["relatives.identified_count"] == ["must be a whole number"]


def test_counts_out_of_range_name_the_field(base_case) -> None:
    base_case["relatives"]["identified_count"] = 10**12
    assert problems(base_case)["relatives.identified_count"] == ["must be a whole number from 0 to 10000"]


@pytest.mark.parametrize("value", [12.0, True, "12"])
def test_stated_months_are_integers(base_case, value) -> None:
    base_case["recommended"]["stated_fr_months"] = value
    assert "recommended.stated_fr_months" in problems(base_case)


# --- text cleaning -------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "stored", "removed"), [
    ("line one\x0bline two", "line one\nline two", 0),  # Word's soft line break
    ("page\x0cbreak", "page\nbreak", 0),
    ("a\r\nb\rc", "a\nb\nc", 0),
    ("a\u2028b\u2029c", "a\nb\nc", 0),
    ("tab\tkept", "tab\tkept", 0),
    ("nul\x00esc\x1bdel\x7fc1\x85", "nulescdelc1", 4),
    ("non\ufffechar\uffff\ufdd0\U0010fffe", "nonchar", 4),
    ("lone \ud800 surrogate \udfff", "lone  surrogate ", 2),
    ("Jose\u0301", "Jos\u00e9", 0),  # NFD in, NFC out
    ("rtl \u202e kept in free text", "rtl \u202e kept in free text", 0),
    ("emoji 👩‍👧 and ZWJ kept", "emoji 👩‍👧 and ZWJ kept", 0),
])
def test_clean_text(typed: str, stored: str, removed: int) -> None:
    assert clean_text(typed) == (stored, removed)


def test_ascii_text_is_cleaned_as_any_text() -> None:
    """clean_text searches ASCII text with a smaller character class (it is faster): every ASCII
    character, alone, inside text and next to a non-ASCII letter, is cleaned the same either way."""
    for code in range(128):
        c = chr(code)
        expected = ("\n" if c in "\r\x0b\x0c" else c if c in "\t\n" or 0x20 <= code < 0x7f else "",
                    0 if c in "\r\x0b\x0c\t\n" or 0x20 <= code < 0x7f else 1)
        assert clean_text(c) == expected, repr(c)
        assert clean_text(f"ab{c}cd") == (f"ab{expected[0]}cd", expected[1]), repr(c)
        assert clean_text(f"é{c}") == (f"é{expected[0]}", expected[1]), repr(c)


def test_every_field_is_cleaned_with_a_notice_naming_it(base_case) -> None:
    base_case["parents"][0]["name"] = "Ana\x00 Ruiz\x1b"
    base_case["siblings"][0]["reason_apart"] = "Soft\x0bbreak"
    case, notices = load_case_noting(base_case)
    case = one_child(case)
    assert case["parents"][0]["name"] == "Ana Ruiz"
    assert case["siblings"][0]["reason_apart"] == "Soft\nbreak"
    assert notices == ["parents[0].name: removed 2 control characters that a report cannot contain"]


def test_cleaning_does_not_change_the_callers_data(base_case) -> None:
    base_case["child"]["name"] = "A\x00"
    load_case(base_case)
    assert base_case["child"]["name"] == "A\x00"


def test_names_are_stored_in_nfc(base_case) -> None:
    base_case["child"]["name"] = unicodedata.normalize("NFD", "Zoë Peña")
    case = one_child(load_case(base_case))
    assert case["child"]["name"] == "Zoë Peña" and unicodedata.is_normalized("NFC", case["child"]["name"])


def test_names_compare_in_nfc() -> None:
    assert same_text(unicodedata.normalize("NFD", "José"), "JOSÉ ")
    assert not same_text("José", "Jose")
    assert same_text(None, None) and not same_text("a", None)


def test_length_bounds_count_the_cleaned_text(base_case) -> None:
    base_case["child"]["name"] = "x" * 200 + "\x00" * 50
    assert one_child(load_case(base_case))["child"]["name"] == "x" * 200


# --- identifiers ---------------------------------------------------------------------------


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c"])
def test_bidi_controls_are_refused_in_the_case_number(base_case, control: str) -> None:
    base_case["court"]["case_number"] = f"JV-{control}123-999"
    (message,) = problems(base_case)["court.case_number"]
    assert f"U+{ord(control):04X}" in message and "123" not in message


def test_bidi_controls_are_refused_in_attachment_titles(base_case) -> None:
    base_case["attachments"] = [{"title": "Case plan\u202efdp.exe"}]
    assert "attachments[0].title" in problems(base_case)


def test_bidi_controls_are_kept_in_free_text(base_case) -> None:
    base_case["child"]["wishes"] = "She said \u202bשלום\u202c to her aunt."
    assert "\u202b" in one_child(load_case(base_case))["child"]["wishes"]


def test_identifier_helpers() -> None:
    assert is_safe_identifier("JV-2026-0412.pdf")
    assert not is_safe_identifier("JV-\u202e123")
    assert not is_safe_identifier("JV\x00123")
    assert refuse_bidi("JV-123") is None
    assert "U+2067" in (refuse_bidi("a\u2067b") or "")


# --- the court's today ---------------------------------------------------------------------


@pytest.fixture
def evening_in_los_angeles(monkeypatch: pytest.MonkeyPatch) -> None:
    """2026-12-04T03:00Z: already 4 December in UTC, still 3 December in Los Angeles."""
    monkeypatch.delenv("REPORTGEN_TZ", raising=False)
    monkeypatch.setattr(clock, "now_utc", lambda: dt.datetime(2026, 12, 4, 3, 0, tzinfo=dt.UTC))


@pytest.mark.usefixtures("evening_in_los_angeles")
def test_today_is_judged_in_los_angeles() -> None:
    assert clock.today() == dt.date(2026, 12, 3)
    tomorrow = {"schema_version": "1.0", "child": {"dob": "2026-12-04"}}
    assert problems(tomorrow)["child.dob"] == ["date of birth 2026-12-04 is in the future (today is 2026-12-03)"]
    born_today = {"schema_version": "1.0", "child": {"dob": "2026-12-03"}}
    assert one_child(load_case(born_today))["child"]["dob"] == dt.date(2026, 12, 3)


@pytest.mark.usefixtures("evening_in_los_angeles")
def test_the_timeline_judges_already_past_on_the_same_day() -> None:
    from reportgen import timeline

    assert timeline.today() == dt.date(2026, 12, 3)


@pytest.mark.usefixtures("evening_in_los_angeles")
def test_the_time_zone_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTGEN_TZ", "UTC")
    assert clock.today() == dt.date(2026, 12, 4)
    monkeypatch.setenv("REPORTGEN_TZ", "Mars/Olympus_Mons")
    with pytest.raises(ValueError, match="REPORTGEN_TZ"):
        clock.today()


def test_a_case_round_trips_through_strict_json(base_case) -> None:
    assert loads(json.dumps(base_case)) == base_case


# --- the data embedded in a report, read back --------------------------------------------------


def _pdf_with_embedded(raw_json: bytes) -> bytes:
    """The complete example's rendered PDF with its embedded case.json replaced."""
    import io

    import pikepdf

    from reportgen.render.embed import _find_attachment
    from tests.conftest import EXAMPLES

    pdf = pikepdf.open(io.BytesIO((EXAMPLES / "rendered" / "01-complete-sibling-group.pdf").read_bytes()))
    _find_attachment(pdf).write(raw_json)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_embedded_data_with_a_lone_surrogate_loads_clean(base_case) -> None:
    from reportgen.render.embed import extract_case_bytes

    base_case["child"]["wishes"] = "x\ud800y\x00z\x0bw"
    raw = extract_case_bytes(_pdf_with_embedded(json.dumps(base_case).encode()))  # \ud800 as a JSON escape
    case, notices = load_case_noting(raw)
    assert one_child(case)["child"]["wishes"] == "xyz\nw"
    assert notices == ["child.wishes: removed 2 control characters that a report cannot contain"]


def test_embedded_data_is_parsed_strictly() -> None:
    from reportgen.render.embed import EmbeddedDataError, extract_case_bytes

    twice = b'{"schema_version": "1.0", "court": {"case_number": "A", "case_number": "B"}}'
    with pytest.raises(EmbeddedDataError, match=r"court\.case_number: appears more than once"):
        extract_case_bytes(_pdf_with_embedded(twice))


# --- the wizard's form values ----------------------------------------------------------------


def test_the_wizard_stores_cleaned_text_and_returns_a_notice_per_field() -> None:
    from reportgen.web.forms import apply_posted, coerce, load_spec

    step = load_spec().step("child")
    assert step is not None
    raw: dict = {"schema_version": "2.0", "children": [{"id": "c1"}]}
    notices = apply_posted(step, raw, {"children[0].language": "Spanish\x00 and\x1b English",
                                       "children[0].gender": "girl\x0b", "not.a.field": "\x00"}, child=0)
    assert raw["children"][0] == {"id": "c1", "language": "Spanish and English", "gender": "girl\n"}
    assert notices == ["children[0].language: removed 2 control characters that a report cannot contain"]
    assert coerce("children[0].name", unicodedata.normalize("NFD", "José")) == "José"


@pytest.mark.parametrize(("typed", "stored"), [("true", True), ("false", False), ("", None), ("1", "1"),
                                               ("yes", "yes")])
def test_the_wizard_turns_its_radio_values_into_json_booleans_only(typed: str, stored) -> None:
    from reportgen.web.forms import coerce

    assert coerce("children[0].has_siblings", typed) == stored

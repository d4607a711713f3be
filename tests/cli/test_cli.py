"""The command-line contract (docs/design.md), one test per row, through click's CliRunner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.rules import registry
from tests.conftest import BASE_CASE, EXAMPLES, read_json

FINDING_KEYS = {"code", "name", "severity", "citation", "message", "fields"}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str, stdin: str | bytes | None = None):
    return runner.invoke(main, list(args), input=stdin, catch_exceptions=False)


def test_check_clean_case_exits_0(runner):
    result = invoke(runner, "check", str(BASE_CASE))
    assert result.exit_code == 0
    assert "0 objection(s)" in result.output


def test_check_objections_exit_1_and_come_first(runner, base_case):
    base_case["concurrent_plan"]["goal"] = None
    base_case["relatives"]["grandparent_visitation"] = None
    base_case["concurrent_plan"]["steps"] = []
    result = invoke(runner, "check", "--json", "-", stdin=json.dumps(base_case))
    assert result.exit_code == 1
    findings = json.loads(result.output)
    assert {"CP101", "RS315"} <= {f["code"] for f in findings}
    severities = [f["severity"] for f in findings]
    assert severities == sorted(severities, key=["object", "warn", "info"].index)
    for f in findings:
        assert set(f) == FINDING_KEYS


def test_check_reads_standard_input(runner):
    result = invoke(runner, "check", "-", stdin=BASE_CASE.read_bytes())
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{\n  \"schema_version\": \"1.0\",\n  \"court\": {,}\n}", "is not valid JSON: Expecting property name enclosed in double quotes at line 3, column 13"),
        (b"\xff\xfe\x00garbage", "is not UTF-8 text"),
        (b"", "is empty"),
        (b"[1, 2]", "case: must be a JSON object"),
        (b'{"schema_version": "0.9"}', "schema_version: this case was written for a version of reportgen this one cannot read"),
        (b"{}", "schema_version: is missing"),
    ],
    ids=["json-syntax", "bad-utf8", "empty", "not-object", "wrong-version", "no-version"],
)
def test_check_bad_input_exits_2_with_message(runner, tmp_path, content, expected):
    path = tmp_path / "case.json"
    path.write_bytes(content)
    result = invoke(runner, "check", str(path))
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_check_missing_file_and_directory(runner, tmp_path):
    missing = invoke(runner, "check", str(tmp_path / "nope.json"))
    assert missing.exit_code == 2
    assert "nope.json: no such file" in missing.stderr
    folder = invoke(runner, "check", str(tmp_path))
    assert folder.exit_code == 2
    assert "is a folder, not a case file" in folder.stderr


def test_check_refuses_a_50_mb_file_without_reading_it(runner, tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024 + 1)
    result = invoke(runner, "check", str(path))
    assert result.exit_code == 2
    assert "is larger than 50 MB" in result.stderr


def test_check_lists_every_validation_problem_as_path_message(runner, base_case):
    base_case["child"]["dob"] = "2015-02-30"
    base_case["parents"][0]["role"] = "aunt"
    base_case["siblings"][0]["visits"] = {"frequency": "weekly", "colour": "blue"}
    base_case["dates"]["disposition_hearing_date"] = "2026-09-01"
    result = invoke(runner, "check", "-", stdin=json.dumps(base_case))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert "child.dob: is not a date; write it as YYYY-MM-DD" in lines
    assert any(line.startswith("parents[0].role: must be one of: mother") for line in lines)
    assert "siblings[0].visits.colour: is not a field reportgen knows; check the spelling" in lines
    assert any(line.startswith("dates.disposition_hearing_date: the disposition hearing (2026-09-01) is before removal")
               for line in lines)
    assert any(line.startswith("dates.removal_date: the disposition hearing (2026-09-01) is before removal")
               for line in lines)


def test_rules_lists_the_whole_catalogue(runner):
    result = invoke(runner, "rules")
    assert result.exit_code == 0
    for r in registry():
        assert r.code in result.output and r.slug in result.output


def test_rules_json_matches_registry(runner):
    result = invoke(runner, "rules", "--json")
    rows = json.loads(result.output)
    assert [r["code"] for r in rows] == [r.code for r in registry()]
    assert all({"code", "name", "severity", "citation", "message", "fields"} <= set(r) for r in rows)


def test_rules_code_shows_doc_and_examples_from_case_files(runner):
    result = invoke(runner, "rules", "cp101")
    assert result.exit_code == 0
    for heading in ("What it checks", "Why it matters", "How to fix", "References",
                    "Example that triggers it", "Example that does not"):
        assert heading in result.output
    assert "WIC §358.1(b)" in result.output
    assert "goal: legal_guardianship" in result.output  # from CP101.yml's passing case


def test_rules_unknown_code_exits_2(runner):
    result = invoke(runner, "rules", "ZZ999")
    assert result.exit_code == 2
    assert "no such rule" in result.stderr


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_examples_are_valid_and_check_runs(runner, example):
    result = invoke(runner, "check", "--json", str(example))
    assert result.exit_code in (0, 1), result.stderr
    rows = json.loads(result.output)
    assert isinstance(rows, list)
    # The CLI reports exactly what the library finds, and exits 1 only on an objection.
    from reportgen.rules import check
    from reportgen.schema import load_case

    expected = [f.as_dict() for f in check(load_case(read_json(example)))]
    assert rows == expected
    assert result.exit_code == (1 if any(r["severity"] == "object" for r in expected) else 0)


def test_base_case_fixture_is_the_complete_example(base_case):
    assert base_case == read_json(BASE_CASE)


# --- the model's boundary: strict JSON, cleaned text, notices ---------------------


def _with(base: dict, **json_tail: str) -> bytes:
    """The base case as JSON text with raw JSON members appended at the top level."""
    text = json.dumps(base)
    extra = "".join(f', "{k}": {v}' for k, v in json_tail.items())
    return (text[:-1] + extra + "}").encode()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"schema_version": "1.0", "court": {"case_number": "A", "case_number": "B"}}',
         "court.case_number: appears more than once in the same group; keep one"),
        (b'{"schema_version": "1.0", "relatives": {"identified_count": ' + b"7" * 5000 + b"}}",
         "relatives.identified_count: is a number with 5000 digits"),
        (b'{"schema_version": "1.0", "relatives": {"identified_count": NaN}}',
         "relatives.identified_count: is NaN, which is not a number"),
        (b'{"schema_version": "1.0", "has_siblings": 1}', "has_siblings: must be true or false"),
        (b'{"schema_version": "1.0", "has_siblings": 1.0}', "has_siblings: must be true or false"),
        (b'{"schema_version": "1.0", "relatives": {"identified_count": 1.0}}',
         "relatives.identified_count: must be a whole number"),
        ('{"schema_version": "1.0", "court": {"case_number": "JV-\u202e123-999"}}'.encode(),
         "court.case_number: contains a bidirectional control character (U+202E)"),
    ],
    ids=["duplicate-key", "5000-digits", "nan", "bool-1", "bool-1.0", "int-1.0", "bidi-case-number"],
)
def test_check_refuses_what_json_allows_but_a_case_cannot_mean(runner, content, expected):
    result = invoke(runner, "check", "-", stdin=content)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_control_characters_are_removed_with_a_warning_and_the_exit_status_kept(runner, base_case):
    base_case["parents"][0]["name"] = base_case["parents"][0]["name"] + "\x00\x1b"
    base_case["child"]["wishes"] = "To live with her aunt\x0band see her brother."
    result = invoke(runner, "check", "-", stdin=json.dumps(base_case))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "warning: parents[0].name: removed 2 control characters that a report cannot contain"]


def test_render_writes_a_docx_from_text_with_control_characters(runner, base_case, tmp_path):
    import docx

    base_case["child"]["wishes"] = "Soft\x0bbreak, NUL\x00, ESC\x1b, \ufffe and a lone \ud800 surrogate"
    out = tmp_path / "report.docx"
    stdin = json.dumps(base_case).encode()  # ensure_ascii: the lone surrogate travels as \ud800
    result = invoke(runner, "render", "-", "--format", "docx", "-o", str(out), stdin=stdin)
    assert result.exit_code == 0, result.stderr
    assert "warning: child.wishes: removed 4 control characters" in result.stderr
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Soft\nbreak, NUL, ESC,  and a lone  surrogate" in text

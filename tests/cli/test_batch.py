"""``reportgen check`` over many cases in one process: text, --jsonl, the worst exit status, the progress bar."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from typing import Any

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.rules import check
from reportgen.schema import load_case
from tests.conftest import BASE_CASE, EXAMPLES, read_json

JSON_EXAMPLES = sorted(EXAMPLES.glob("*.json"))


def invoke(*args: str, stdin: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def expected_status(path) -> int:
    return 1 if any(f.severity == "object" for f in check(load_case(read_json(path)))) else 0


@pytest.fixture
def folder(tmp_path):
    """The example cases, plus one invalid case and one file that is not a case."""
    for p in JSON_EXAMPLES:
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / "zz-broken.json").write_text('{"schema_version": "1.0", "child": {"dob": "2015-02-30"}}')
    (tmp_path / "notes.txt").write_text("not a case")
    return tmp_path


def test_jsonl_one_line_per_case_with_the_librarys_findings_and_the_worst_status(folder):
    result = invoke("check", "--jsonl", str(folder))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["file"] for r in lines] == [str(folder / p.name) for p in JSON_EXAMPLES] + [str(folder / "zz-broken.json")]
    for row, example in zip(lines, JSON_EXAMPLES, strict=False):
        assert row["findings"] == [f.as_dict() for f in check(load_case(read_json(example)))]
        assert row["exit"] == expected_status(example)
        assert row["problems"] == []
    broken = lines[-1]
    assert broken["exit"] == 2 and broken["findings"] == []
    assert {"path": "child.dob", "message": "is not a date; write it as YYYY-MM-DD"} in broken["problems"]
    assert result.exit_code == 2


def test_exit_status_is_the_worst_of_the_cases():
    clean = [str(p) for p in JSON_EXAMPLES if expected_status(p) == 0]
    objecting = [str(p) for p in JSON_EXAMPLES if expected_status(p) == 1]
    assert clean and objecting
    assert invoke("check", "--jsonl", *clean).exit_code == 0
    assert invoke("check", *clean, objecting[0]).exit_code == 1
    assert invoke("check", objecting[0], clean[0], "no-such.json").exit_code == 2


def test_text_output_names_each_file_and_prefixes_its_problems(folder):
    broken = folder / "zz-broken.json"
    result = invoke("check", str(BASE_CASE), str(broken), str(folder / "missing.json"))
    assert result.exit_code == 2
    assert result.stdout.startswith(f"{BASE_CASE}\nCase JV-2026-004817: 0 objection(s)")
    assert result.stdout.rstrip().endswith("3 case(s): 1 without objection, 0 with objections, 2 invalid or unreadable")
    assert f"{broken}: child.dob: is not a date; write it as YYYY-MM-DD" in result.stderr.splitlines()
    assert f"{folder / 'missing.json'}: no such file" in result.stderr.splitlines()


def test_standard_input_in_a_batch_and_only_once(base_case):
    result = invoke("check", "--jsonl", "-", str(BASE_CASE), stdin=json.dumps(base_case))
    assert [json.loads(line)["file"] for line in result.stdout.splitlines()] == ["standard input", str(BASE_CASE)]
    twice = invoke("check", "-", "-", stdin="{}")
    assert twice.exit_code == 2 and "standard input can be read only once" in twice.stderr


def test_json_is_for_one_case_and_excludes_jsonl():
    several = invoke("check", "--json", str(BASE_CASE), str(BASE_CASE))
    assert several.exit_code == 2 and "give --jsonl for several" in several.stderr
    both = invoke("check", "--json", "--jsonl", str(BASE_CASE))
    assert both.exit_code == 2 and "not both" in both.stderr


def test_jsonl_of_one_case_and_warnings_travel_in_the_line(base_case):
    base_case["parents"][0]["name"] += "\x00"
    result = invoke("check", "--jsonl", "-", stdin=json.dumps(base_case))
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["exit"] == result.exit_code == 0
    assert row["warnings"] == ["parents[0].name: removed 1 control character that a report cannot contain"]


def test_progress_bar_only_when_stderr_is_a_terminal(monkeypatch):
    plain = invoke("check", str(BASE_CASE), str(BASE_CASE))
    assert "Checking" not in plain.stderr
    monkeypatch.setattr("reportgen.cli.batch._show_progress", lambda: True)
    bar = invoke("check", "--jsonl", str(BASE_CASE), str(BASE_CASE))
    assert "Checking" in bar.stderr
    assert len(bar.stdout.splitlines()) == 2  # the bar never mixes into the JSON lines


def test_timeline_over_many_cases_matches_each_single_run(folder):
    from reportgen.sources import read_case
    from reportgen.timeline import per_child

    result = invoke("timeline", "--jsonl", "--as-of", "2026-11-01", str(folder))
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == len(JSON_EXAMPLES) + 1
    for row, example in zip(rows, JSON_EXAMPLES, strict=False):
        timelines = per_child(read_case(str(example)), as_of=dt.date(2026, 11, 1))
        expected: list[Any] = ([e.as_dict() for e in timelines[0][1]] if len(timelines) == 1 else  # a report on several
                               [{"child": name, "dates": [e.as_dict() for e in dates]} for name, dates in timelines])
        assert (row["exit"], row["dates"]) == (0, json.loads(json.dumps(expected, default=str)))
        single = invoke("timeline", "--json", "--as-of", "2026-11-01", str(example))
        assert json.loads(single.stdout) == row["dates"]
    assert rows[-1]["exit"] == 2 and rows[-1]["dates"] == []
    assert result.exit_code == 2


def test_timeline_text_batch_names_each_file():
    clean = invoke("timeline", str(BASE_CASE), str(JSON_EXAMPLES[1]))
    assert clean.exit_code == 0
    assert clean.stdout.splitlines()[0] == str(BASE_CASE)
    assert f"\n{JSON_EXAMPLES[1]}\n" in clean.stdout
    assert clean.stdout.rstrip().endswith("2 case(s): 2 with dates, 0 invalid or unreadable")
    single = invoke("timeline", str(BASE_CASE))
    assert single.stdout in clean.stdout  # each case's dates print as a single run prints them

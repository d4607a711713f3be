"""``reportgen migrate CASE -o NEW``: every 1.0 example, and every PDF/DOCX 1.x rendered,
becomes a 2.0 case file that loads, holds the same child, and is judged alike; bad
input and bad targets exit 2 and write nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.rules import check
from reportgen.schema import load_case
from tests.conftest import EXAMPLES, ROOT, read_json

V1 = ROOT / "tests" / "fixtures" / "v1"
V1_JSON = sorted(V1.glob("*.json"))
V1_RENDERED = sorted((V1 / "rendered").glob("01-*.*"))


def invoke(*args: object, stdin: str | bytes | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], input=stdin, catch_exceptions=False)


def judged(case: dict) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(f.code, f.message, f.fields) for f in check(case)]


@pytest.mark.parametrize("path", V1_JSON, ids=lambda p: p.stem)
def test_a_1_0_case_file_is_written_as_2_0(path: Path, tmp_path: Path):
    new = tmp_path / "new.json"
    result = invoke("migrate", path, "-o", new)
    assert result.exit_code == 0, result.output
    assert f"wrote {new}" in result.stderr
    raw = json.loads(new.read_text(encoding="utf-8"))
    assert raw["schema_version"] == "2.0" and "child" not in raw and "placement" not in raw
    old = read_json(path)
    assert [c["name"] for c in raw["children"]] == [old["child"]["name"]]
    placement = {k: v for k, v in raw["children"][0]["placement"].items() if v is not None}
    assert placement == {k: v for k, v in old["placement"].items() if v is not None}
    assert judged(load_case(raw)) == judged(load_case(old))


@pytest.mark.parametrize("path", V1_RENDERED, ids=lambda p: p.suffix)
def test_a_1_x_rendered_report_is_written_as_its_2_0_case(path: Path, tmp_path: Path):
    new = tmp_path / "from-report.json"
    result = invoke("migrate", path, "-o", new)
    assert result.exit_code == 0, result.output
    raw = json.loads(new.read_text(encoding="utf-8"))
    assert raw["schema_version"] == "2.0"
    assert raw["children"][0]["name"] == read_json(V1 / f"{path.stem}.json")["child"]["name"]


def test_a_2_0_case_is_written_back_as_it_loads(tmp_path: Path):
    source = EXAMPLES / "05-siblings-split.json"
    result = invoke("migrate", source, "-o", "-")
    assert result.exit_code == 0
    assert load_case(json.loads(result.stdout)) == load_case(read_json(source))


def test_standard_input_to_standard_output():
    result = invoke("migrate", "-", "-o", "-", stdin=V1_JSON[0].read_bytes())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["children"][0]["id"] == "c1"


def test_an_invalid_case_exits_2_names_the_field_and_writes_nothing(tmp_path: Path):
    bad = read_json(V1_JSON[0])
    bad["child"]["dob"] = "2015-02-30"
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(bad), encoding="utf-8")
    new = tmp_path / "new.json"
    result = invoke("migrate", source, "-o", new)
    assert result.exit_code == 2
    assert "child.dob: is not a date" in result.stderr  # the 1.0 path: the file the user has
    assert not new.exists() and sorted(os.listdir(tmp_path)) == ["bad.json"]


def test_the_original_is_never_replaced(tmp_path: Path):
    source = tmp_path / "case.json"
    source.write_bytes(V1_JSON[0].read_bytes())
    result = invoke("migrate", source, "-o", source)
    assert result.exit_code == 2
    assert "keep the original" in result.stderr
    assert source.read_bytes() == V1_JSON[0].read_bytes()


@pytest.mark.parametrize("target", ["missing-folder/new.json", "."], ids=["no-folder", "a-folder"])
def test_an_unusable_target_exits_2(tmp_path: Path, target: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("migrate", V1_JSON[0], "-o", target)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{target}: ")
    assert os.listdir(tmp_path) == []


def test_a_target_that_cannot_be_written_exits_2_without_a_traceback(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch):
    """A full disk (or any OSError while writing) is a message and status 2, not a traceback."""
    import reportgen.cli.migrate as command

    def full_disk(target: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(command, "write_atomically", full_disk)
    result = invoke("migrate", V1_JSON[0], "-o", tmp_path / "new.json")
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'new.json'}: cannot be written: No space left on device\n"
    assert os.listdir(tmp_path) == []

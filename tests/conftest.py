from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
#: The rules' named cases are overlays on this one-child case as reportgen 1.x wrote it
#: (kept as written, so it also proves 1.0 data keeps loading); examples/ hold 2.0 reports.
BASE_CASE = ROOT / "tests" / "fixtures" / "v1" / "01-complete-sibling-group.json"


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def base_case() -> dict[str, Any]:
    """The complete example as raw JSON data (a fresh copy per test)."""
    return read_json(BASE_CASE)


@pytest.fixture
def county(tmp_path: Path) -> Path:
    """A county's template folder: a copy of the shipped templates, free to edit."""
    from reportgen.render.templates import default_template_dir

    folder = tmp_path / "county"
    shutil.copytree(default_template_dir(), folder)
    return folder


@pytest.fixture(autouse=True, scope="session")
def data_dir_outside_home(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The wizard's data directory (reportgen.datadir) in a temporary folder: no test writes
    into the user's own data directory. Set in the environment, so servers the tests start see it."""
    import os

    previous = os.environ.get("REPORTGEN_DATA_DIR")
    os.environ["REPORTGEN_DATA_DIR"] = str(tmp_path_factory.mktemp("data-dir"))
    yield os.environ["REPORTGEN_DATA_DIR"]
    if previous is None:
        del os.environ["REPORTGEN_DATA_DIR"]
    else:
        os.environ["REPORTGEN_DATA_DIR"] = previous
